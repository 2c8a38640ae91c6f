# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from hr_credit_app.engine.catalogue import shares_add_up, target_share_total
from hr_credit_app.exceptions import TargetShareError
from hr_credit_app.permissions import require_roles


class CreditCategory(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		category_name: DF.Data
		description: DF.SmallText | None
		disabled: DF.Check
		target_share: DF.Percent

	# end: auto-generated types
	def validate(self):
		if not 0 <= flt(self.target_share) <= 100:
			frappe.throw(
				_("Target share must be between 0% and 100%, not {0}%.").format(
					frappe.bold(self.target_share)
				),
				exc=TargetShareError,
			)
		if not self.flags.ignore_share_total:
			shares = get_active_target_shares()
			shares.pop(self.name, None)
			if not self.disabled:
				shares[self.name or self.category_name] = flt(self.target_share)
			validate_share_total(shares)

	def on_trash(self):
		if not self.disabled and flt(self.target_share):
			frappe.throw(
				_(
					"Credit Category {0} still carries a target share of {1}%. Move its share to other categories with Set Target Shares before you delete it."
				).format(frappe.bold(self.name), self.target_share),
				exc=TargetShareError,
			)


def get_active_target_shares() -> dict[str, float]:
	"""Target share (percent) of every enabled category, by name."""
	return {
		row.name: flt(row.target_share)
		for row in frappe.get_all("Credit Category", filters={"disabled": 0}, fields=["name", "target_share"])
	}


def validate_share_total(shares: dict[str, float]) -> None:
	if shares_add_up(shares):
		return
	frappe.throw(
		_(
			"The target shares of the enabled credit categories must add up to 100%; with this change they add up to {0}%. To move shares between categories, use Set Target Shares in the Credit Category list, which saves all of them at once."
		).format(frappe.bold(target_share_total(shares))),
		exc=TargetShareError,
		title=_("Target Shares Do Not Add Up"),
	)


@frappe.whitelist(methods=["POST"])
def set_target_shares(shares: dict | str) -> dict[str, float]:
	"""Set the target share (and enabled state) of several categories in one transaction.

	``shares`` maps a category name to its new target share in percent; a category not listed keeps
	its share. A share given as ``None`` disables the category. The result must add up to 100%.
	"""
	require_roles(("HR Manager", "System Manager"))
	shares = frappe.parse_json(shares) if isinstance(shares, str) else shares
	if not isinstance(shares, dict) or not shares:
		frappe.throw(_("Give at least one category with its target share."), exc=TargetShareError)

	categories = {
		row.name: row
		for row in frappe.get_all("Credit Category", fields=["name", "target_share", "disabled"])
	}
	unknown = [name for name in shares if name not in categories]
	if unknown:
		frappe.throw(
			_("Unknown Credit Category: {0}").format(", ".join(frappe.bold(name) for name in unknown)),
			exc=TargetShareError,
		)

	result = {name: flt(row.target_share) for name, row in categories.items() if not row.disabled}
	for name, share in shares.items():
		if share is None:
			result.pop(name, None)
		else:
			result[name] = flt(share)
	validate_share_total(result)

	for name, share in shares.items():
		doc = frappe.get_doc("Credit Category", name)
		doc.disabled = 1 if share is None else 0
		if share is not None:
			doc.target_share = flt(share)
		doc.flags.ignore_share_total = True
		doc.save()
	return get_active_target_shares()
