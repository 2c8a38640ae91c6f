# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""A Credit Entry: one posting of the credit ledger (written through ``hr_credit_app.ledger``)."""

import frappe
from frappe import _
from frappe.model.document import Document

from hr_credit_app import credits, ledger
from hr_credit_app.exceptions import InvalidCreditEntryError
from hr_credit_app.permissions import get_own_employees, require_roles


class CreditEntry(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		approved_by: DF.Link | None
		award_key: DF.Data | None
		category: DF.Link | None
		company: DF.Link | None
		course: DF.Link | None
		credit_rule: DF.Link | None
		credit_rule_version: DF.Data | None
		credits: DF.Float
		department: DF.Link | None
		designation: DF.Link | None
		employee: DF.Link
		employee_name: DF.Data | None
		posting_date: DF.Date
		reason: DF.SmallText | None
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		remarks: DF.SmallText | None
		source: DF.Literal["Manual Adjustment", "Credit Rule", "Training Result", "LMS", "Import", "Claim"]

	# end: auto-generated types
	def validate(self):
		if self.source != ledger.MANUAL_ADJUSTMENT and not self.flags.via_ledger:
			frappe.throw(
				_(
					"Credit Entries from {0} are posted by the app itself. To correct credits by hand, post a {1}."
				).format(frappe.bold(_(self.source)), frappe.bold(_(ledger.MANUAL_ADJUSTMENT))),
				exc=InvalidCreditEntryError,
			)
		if self.source == ledger.MANUAL_ADJUSTMENT and not self.flags.via_ledger:
			require_roles(("HR Manager",))
			if self.employee in get_own_employees():
				frappe.throw(
					_("Nobody can adjust their own credits; ask another HR Manager."),
					frappe.PermissionError,
				)
		(row,) = ledger.prepare([self.as_dict()])
		self.update(row)

	def on_submit(self):
		# typed in the desk (a Manual Adjustment): the ledger's bulk path keeps its own balances
		credits.on_post([self.as_dict()])

	def before_cancel(self):
		if not self.flags.via_ledger and self.employee in get_own_employees():
			frappe.throw(
				_("Nobody can cancel an entry of their own credits; ask another HR Manager."),
				frappe.PermissionError,
			)

	def on_cancel(self):
		credits.on_cancel([self.as_dict()])
		# Free the award key, so that the award can be posted again after a correction. Who else
		# reacts (the enrolment it credited) hooks this event in hooks.py.
		if self.award_key:
			self.db_set("award_key", None, update_modified=False)

	def on_trash(self):
		if self.docstatus != 0:
			frappe.throw(
				_("A posted Credit Entry is part of the ledger and is never deleted; cancel it instead."),
				InvalidCreditEntryError,
			)


def on_doctype_update():
	"""The ledger's indexes; the wide ones cover their queries (read from the index alone)."""
	from hr_credit_app.setup.desk import ensure_index

	ensure_index("Credit Entry", "employee_posting_date_index", ["employee", "posting_date"])
	# company + posting date, covering the per-month figures (charts, number cards)
	ensure_index(
		"Credit Entry",
		"company_posting_date_index",
		["company", "posting_date", "docstatus", "category", "credits"],
	)
	# company-wide balances: GROUP BY employee, category read in index order
	ensure_index(
		"Credit Entry",
		"company_balance_index",
		["company", "docstatus", "employee", "category", "posting_date", "credits"],
	)
	# who was credited for a course, and when (training plans)
	ensure_index(
		"Credit Entry", "course_credit_index", ["course", "docstatus", "employee", "posting_date", "credits"]
	)
	ensure_index(
		"Credit Entry", "reference_doctype_reference_name_index", ["reference_doctype", "reference_name"]
	)
