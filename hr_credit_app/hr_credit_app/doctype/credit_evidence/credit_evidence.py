# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""One fact a source system reported: stored whatever it says, good or bad, and never lost.

Rows from the REST API and from Training Results are written in bulk by ``hr_credit_app.intake``.
A row typed in the desk or loaded through Data Import goes through the same checks here, one by one.
"""

import frappe
from frappe import _
from frappe.model.document import Document

from hr_credit_app import intake
from hr_credit_app.permissions import require_roles

CORRECTABLE_FIELDS = (
	"source_system",
	"external_id",
	"employee_ref",
	"course_ref",
	"kind",
	"value",
	"evidence_date",
	"cycle",
)


class CreditEvidence(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		batch_id: DF.Data | None
		course: DF.Link | None
		course_ref: DF.Data | None
		cycle: DF.Data | None
		dedup_key: DF.Data | None
		employee: DF.Link | None
		employee_name: DF.Data | None
		employee_ref: DF.Data | None
		enrolment: DF.Link | None
		error_message: DF.SmallText | None
		evidence_date: DF.Date | None
		external_id: DF.Data | None
		kind: DF.Literal["", "Completion", "Exam", "Attendance", "Practice Assessment", "Hours"]
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		source_system: DF.Data | None
		status: DF.Literal["Accepted", "Credited", "Not Yet Eligible", "Error", "Withdrawn"]
		value: DF.Float

	# end: auto-generated types
	def before_insert(self):
		if self.flags.via_intake:
			return
		if not self.source_system:
			self.source_system = "Data Import" if frappe.flags.in_import else "Desk"
		self.apply_check()
		if self.status == intake.ACCEPTED:
			existing = frappe.db.get_value("Credit Evidence", {"dedup_key": self.dedup_key}, "name")
			if existing:
				frappe.throw(
					_("Evidence {0} from {1} was already received as {2}.").format(
						frappe.bold(self.external_id), frappe.bold(self.source_system), existing
					),
					frappe.DuplicateEntryError,
				)

	def validate(self):
		if self.is_new() or self.flags.via_intake:
			return
		before = self.get_doc_before_save()
		if before and before.status != intake.ERROR:
			changed = [f for f in CORRECTABLE_FIELDS if self.get(f) != before.get(f)]
			if changed:
				frappe.throw(
					_("Only rejected evidence can be corrected; this row is {0}.").format(_(before.status))
				)

	def after_insert(self):
		if not self.flags.via_intake and self.status == intake.ACCEPTED:
			intake.credit_evidence([self.name], source="Import" if frappe.flags.in_import else "Credit Rule")

	def on_trash(self):
		if self.status == intake.CREDITED:
			frappe.throw(_("Withdraw credited evidence instead of deleting it."))

	def as_received(self) -> dict:
		return {
			"source_system": self.source_system,
			"external_id": self.external_id,
			"employee": self.employee_ref,
			"course": self.course_ref,
			"kind": self.kind,
			"value": self.value,
			"date": self.evidence_date,
			"cycle": self.cycle,
		}

	def apply_check(self) -> None:
		(item,) = intake.check([self.as_received()], self.source_system)
		values = intake.evidence_values(item)
		for field in ("reference_doctype", "reference_name", "batch_id"):
			values.pop(field)
		self.update(values)
		self.employee_name = (
			frappe.db.get_value("Employee", self.employee, "employee_name") if self.employee else None
		)

	@frappe.whitelist(methods=["POST"])
	def retry(self) -> str:
		"""Check a corrected row again and, when it is good now, credit it."""
		self.check_permission("write")
		if self.status != intake.ERROR:
			frappe.throw(_("Only rejected evidence can be retried; this row is {0}.").format(_(self.status)))
		self.apply_check()
		if self.status == intake.ACCEPTED:
			existing = frappe.db.get_value(
				"Credit Evidence", {"dedup_key": self.dedup_key, "name": ("!=", self.name)}, "name"
			)
			if existing:
				self.status, self.dedup_key, self.enrolment = intake.ERROR, None, None
				self.error_message = _("Already received as {0}.").format(existing)
		self.flags.via_intake = True
		self.save()
		if self.status == intake.ACCEPTED:
			intake.credit_evidence([self.name])
		self.reload()
		return self.status

	@frappe.whitelist(methods=["POST"])
	def withdraw(self) -> dict:
		"""Take this evidence back; the credit it produced is cancelled if nothing else earns it."""
		require_roles(("HR Manager", "System Manager"))
		result = intake.withdraw_evidence([self.name])
		self.reload()
		return result


def on_doctype_update():
	frappe.db.add_index("Credit Evidence", ["enrolment"])
	frappe.db.add_index("Credit Evidence", ["reference_doctype", "reference_name"])
	frappe.db.add_index("Credit Evidence", ["batch_id"])
	frappe.db.add_index(
		"Credit Evidence", ["source_system", "external_id"]
	)  # a source's facts, kept when withdrawn
