# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""One employee x course x cycle: the progress the evidence adds up to, and the credit it earned."""

import frappe
from frappe import _
from frappe.model.document import Document

from hr_credit_app import intake
from hr_credit_app.permissions import get_own_employees, require_roles


class CreditEnrolment(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attended: DF.Check
		best_exam_score: DF.Float
		category: DF.Link | None
		company: DF.Link | None
		completion_pct: DF.Percent
		course: DF.Link
		credit_entry: DF.Link | None
		credit_rule: DF.Link | None
		credited_on: DF.Date | None
		credits: DF.Float
		cycle: DF.Data | None
		department: DF.Link | None
		employee: DF.Link
		employee_name: DF.Data | None
		enrolment_key: DF.Data | None
		first_evidence_date: DF.Date | None
		hours: DF.Float
		last_evidence_date: DF.Date | None
		mentor_score: DF.Float
		status: DF.Literal["In Progress", "Credited", "Withdrawn", "Cancelled"]

	# end: auto-generated types
	@frappe.whitelist(methods=["POST"])
	def reevaluate(self) -> str:
		"""Evaluate this enrolment against the current rules (also after HR cancelled its credit)."""
		require_roles(("HR Manager", "System Manager"))
		if self.status == "Credited":
			frappe.throw(_("This enrolment is credited already."))
		if self.status == "Cancelled":
			self.db_set("status", "In Progress")
		if self.employee in get_own_employees():
			frappe.throw(
				_("Nobody can re-evaluate their own enrolment; ask another HR Manager."),
				frappe.PermissionError,
			)
		intake.evaluate_enrolments([self.name])
		intake.mark_evidence([self.name])
		self.reload()
		return self.status


def on_doctype_update():
	frappe.db.add_index("Credit Enrolment", ["employee", "course"])
	frappe.db.add_index("Credit Enrolment", ["status", "name"])
	frappe.db.add_index("Credit Enrolment", ["course", "employee", "last_evidence_date"])
