# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""One fact a source system reported: stored whatever it says, good or bad, and never lost.

Rows from the REST API, Training Results and LMS are written in bulk by ``hr_credit_app.intake``.
A row typed in the desk or loaded through Data Import goes through the same checks here, one by one.
Only what was received can be corrected, only while the row is rejected, and only by an HR Manager
who is not the employee it credits; everything the app derives (status, employee, course, enrolment,
deduplication key) is written by the app alone.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cstr, flt, getdate

from hr_credit_app import intake
from hr_credit_app.intake.check import own_employees
from hr_credit_app.intake.messages import LABEL_ERRORS, error_message, parse_params
from hr_credit_app.permissions import require_roles

CORRECTABLE_FIELDS = (
	"external_id",
	"employee_ref",
	"course_ref",
	"kind",
	"value",
	"evidence_date",
	"cycle",
)
DERIVED_FIELDS = (
	"status",
	"error_code",
	"error_params",
	"error_message",
	"source_system",
	"received",
	"employee",
	"employee_name",
	"company",
	"course",
	"enrolment",
	"reference_doctype",
	"reference_name",
	"batch_id",
	"dedup_key",
)
CORRECTORS = ("HR Manager",)


class CreditEvidence(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		batch_id: DF.Data | None
		company: DF.Link | None
		course: DF.Link | None
		course_ref: DF.Data | None
		cycle: DF.Data | None
		dedup_key: DF.Data | None
		employee: DF.Link | None
		employee_name: DF.Data | None
		employee_ref: DF.Data | None
		enrolment: DF.Link | None
		error_code: DF.Literal[
			"",
			"Not an Object",
			"Nested Value",
			"Text Too Long",
			"Invalid Text",
			"Source Not Allowed",
			"Missing External ID",
			"Missing Employee",
			"Unknown Employee",
			"Own Record",
			"Missing Course",
			"Unknown Course",
			"Disabled Course",
			"Unknown Kind",
			"Missing Value",
			"Not a Number",
			"Value Out of Range",
			"Missing Date",
			"Bad Date",
			"Future Date",
			"Not Employed on Date",
			"Cycle Not Allowed",
			"Duplicate in Batch",
			"Already Received",
		]
		error_message: DF.SmallText | None
		error_params: DF.SmallText | None
		evidence_date: DF.Date | None
		external_id: DF.Data | None
		kind: DF.Literal["", "Completion", "Exam", "Attendance", "Practice Assessment", "Hours"]
		received: DF.Code | None
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		source_system: DF.Data | None
		status: DF.Literal["Accepted", "Credited", "Not Yet Eligible", "Error", "Withdrawn"]
		value: DF.Float

	# end: auto-generated types
	def onload(self):
		if self.error_code:
			self.set_onload("error_text", self.error_text())

	def error_text(self) -> str:
		"""The error in the reader's language, with the received values escaped."""
		return error_message(
			LABEL_ERRORS.get(self.error_code, self.error_code), parse_params(self.error_params)
		)

	def before_insert(self):
		if self.flags.via_intake:
			return
		# typed in the desk or imported: the source is the desk, and nothing derived is taken from the user
		require_roles(CORRECTORS)
		named = (self.source_system or "").strip()
		for field in DERIVED_FIELDS:
			self.set(field, None)
		# an HR Manager may file facts under a sender's name (a feed re-sent as a CSV: its facts stay
		# duplicates of the feed's), never under one of the app's own sources
		from hr_credit_app.api import RESERVED_SOURCES

		if named in RESERVED_SOURCES:
			frappe.throw(
				_(
					"{0} is the app's own source; leave Source System empty or name the sending system."
				).format(frappe.bold(named)),
				frappe.PermissionError,
			)
		self.source_system = named[:140] or ("Data Import" if frappe.flags.in_import else "Desk")
		self.apply_check()
		if frappe.flags.in_import and self.status == intake.ERROR:
			# Data Import keeps a failed row in its log with this reason (and exports the failed rows
			# for correction), and its summary counts it as failed, not as imported
			frappe.throw(self.error_text(), title=_("Evidence Rejected"))
		if self.status == intake.ACCEPTED:
			existing = frappe.db.get_value("Credit Evidence", {"dedup_key": self.dedup_key}, "name")
			if existing:
				frappe.throw(
					_("Evidence {0} from {1} was already received as {2}.").format(
						frappe.bold(frappe.utils.escape_html(self.external_id)),
						frappe.bold(self.source_system),
						existing,
					),
					frappe.DuplicateEntryError,
				)

	def validate(self):
		if self.is_new() or self.flags.via_intake:
			return
		before = self.get_doc_before_save()
		if not before:
			return
		derived = [f for f in DERIVED_FIELDS if self.changed(before, f)]
		if derived:
			frappe.throw(
				_("{0} is set by the app and cannot be changed.").format(
					", ".join(_(self.meta.get_label(f)) for f in derived)
				),
				frappe.PermissionError,
			)
		corrected = [f for f in CORRECTABLE_FIELDS if self.changed(before, f)]
		if corrected:
			if before.status != intake.ERROR:
				frappe.throw(
					_("Only rejected evidence can be corrected; this row is {0}.").format(_(before.status))
				)
			self.check_corrector()

	def changed(self, before, field: str) -> bool:
		"""Whether a field differs from the stored row (a date sent as text is the same date)."""
		fieldtype = self.meta.get_field(field).fieldtype

		def normal(value):
			if fieldtype == "Date":
				return getdate(value) if value else None
			if fieldtype == "Float":
				return flt(value)
			return cstr(value)

		return normal(self.get(field)) != normal(before.get(field))

	def check_corrector(self) -> None:
		"""An HR Manager corrects and retries rejected rows, never rows that would credit themselves."""
		require_roles(CORRECTORS)
		mine = own_employees()
		if mine and (self.employee in mine or self.employee_ref in mine or self.resolve_employee() in mine):
			frappe.throw(
				_("Nobody can correct or retry evidence that credits themselves; ask another HR Manager."),
				frappe.PermissionError,
			)

	def resolve_employee(self) -> str | None:
		(item,) = intake.check([self.as_received()], self.source_system, forbid_self=False)
		return item.employee

	def after_insert(self):
		if not self.flags.via_intake and self.status == intake.ACCEPTED:
			intake.credit_evidence([self.name], source="Import" if frappe.flags.in_import else "Credit Rule")

	def on_trash(self):
		if self.status in (intake.CREDITED, intake.ACCEPTED, intake.NOT_YET_ELIGIBLE):
			frappe.throw(_("Withdraw evidence instead of deleting it: a received fact is never lost."))

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
		for field in ("reference_doctype", "reference_name", "batch_id", "received", "source_system"):
			values.pop(field)
		self.update(values)
		self.employee_name, self.company = (
			frappe.db.get_value("Employee", self.employee, ["employee_name", "company"])
			if self.employee
			else (None, None)
		)

	@frappe.whitelist(methods=["POST"])
	def retry(self) -> str:
		"""Check a corrected row again and, when it is good now, credit it."""
		self.check_permission("write")
		self.check_corrector()
		if self.status != intake.ERROR:
			frappe.throw(_("Only rejected evidence can be retried; this row is {0}.").format(_(self.status)))
		self.apply_check()
		if self.status == intake.ACCEPTED:
			existing = frappe.db.get_value(
				"Credit Evidence", {"dedup_key": self.dedup_key, "name": ("!=", self.name)}, "name"
			)
			if existing:
				self.status, self.dedup_key, self.enrolment = intake.ERROR, None, None
				self.error_code = "Already Received"
				self.error_params = frappe.as_json([existing])
				self.error_message = error_message("already_received", (existing,))
		self.flags.via_intake = True
		self.flags.ignore_links = True  # the enrolment it points at is created when it is credited
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
	frappe.db.add_index("Credit Evidence", ["company", "status"])
	frappe.db.add_index(
		"Credit Evidence", ["source_system", "external_id"]
	)  # a source's facts, kept when withdrawn
