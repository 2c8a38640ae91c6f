# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""The credit ledger.

Every credit an employee holds is a submitted Credit Entry. Entries are immutable: a correction
is a cancellation (which takes the entry out of every balance) or a Manual Adjustment. Sources
(award rules, Training Results, LMS, imports) never build Credit Entry documents themselves: they
call :func:`post_credit_entries`, the one function that writes the ledger (as Leave Ledger Entry
is written by ``create_leave_ledger_entry``), and :func:`cancel_credit_entries` when the source is
withdrawn.
"""

from collections.abc import Iterable

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder import Criterion
from frappe.utils import flt, getdate, now_datetime, today

from hr_credit_app.exceptions import DisabledCategoryError, InvalidCreditEntryError, InvalidCreditsError
from hr_credit_app.permissions import require_roles

MANUAL_ADJUSTMENT = "Manual Adjustment"
SOURCES = ("Manual Adjustment", "Credit Rule", "Training Result", "LMS", "Import")

# Columns written by the bulk path, besides the standard ones.
LEDGER_FIELDS = (
	"employee",
	"employee_name",
	"company",
	"department",
	"designation",
	"posting_date",
	"credits",
	"course",
	"category",
	"source",
	"credit_rule",
	"reference_doctype",
	"reference_name",
	"award_key",
	"reason",
	"remarks",
)


class CreditEntry(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		award_key: DF.Data | None
		category: DF.Link | None
		company: DF.Link | None
		course: DF.Link | None
		credit_rule: DF.Link | None
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
		source: DF.Literal["Manual Adjustment", "Credit Rule", "Training Result", "LMS", "Import"]

	# end: auto-generated types
	def validate(self):
		if self.source != MANUAL_ADJUSTMENT and not self.flags.via_ledger:
			frappe.throw(
				_(
					"Credit Entries from {0} are posted by the app itself. To correct credits by hand, post a {1}."
				).format(frappe.bold(_(self.source)), frappe.bold(_(MANUAL_ADJUSTMENT))),
				exc=InvalidCreditEntryError,
			)
		if self.source == MANUAL_ADJUSTMENT and not self.flags.via_ledger:
			require_roles(("HR Manager",))
		(row,) = prepare_ledger_rows([self.as_dict()])
		self.update(row)

	def on_cancel(self):
		# Free the award key, so that the award can be posted again after a correction.
		if self.award_key:
			self.db_set("award_key", None, update_modified=False)
		if self.reference_doctype == "Credit Enrolment":
			from hr_credit_app.hr_credit_app.doctype.credit_enrolment.credit_enrolment import (
				on_credit_entry_cancel,
			)

			on_credit_entry_cancel(self)


def on_doctype_update():
	"""The ledger's indexes; the wide ones cover their queries (read from the index alone)."""
	from hr_credit_app.setup import ensure_index

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


def prepare_ledger_rows(rows: list[dict]) -> list[dict]:
	"""Validate ledger rows and complete them with the employee's data at posting time.

	Set-based: one query for all employees, one for all courses, one for all categories, whatever
	the number of rows. Raises on the first invalid row with a message that names it.
	"""
	employees = _fetch(
		"Employee",
		{row.get("employee") for row in rows},
		["name", "employee_name", "company", "department", "designation"],
	)
	courses = _fetch("Credit Course", {row.get("course") for row in rows}, ["name", "category"])
	category_names = {row.get("category") for row in rows} | {course.category for course in courses.values()}
	categories = _fetch("Credit Category", category_names, ["name", "disabled"])
	today_date = getdate(today())

	prepared = []
	for idx, row in enumerate(rows, start=1):
		label = _("Credit Entry {0}").format(row.get("award_key") or row.get("name") or idx)
		employee = employees.get(row.get("employee"))
		if not employee:
			_throw(label, _("Employee {0} does not exist.").format(frappe.bold(row.get("employee"))))
		source = row.get("source") or MANUAL_ADJUSTMENT
		if source not in SOURCES:
			_throw(label, _("Unknown source {0}.").format(frappe.bold(source)))
		credits = flt(row.get("credits"))
		if not credits:
			_throw(label, _("Credits cannot be zero."), InvalidCreditsError)
		if credits < 0 and source != MANUAL_ADJUSTMENT:
			_throw(
				label,
				_("Credits can be negative only for a {0}, not for {1}.").format(
					frappe.bold(_(MANUAL_ADJUSTMENT)), frappe.bold(_(source))
				),
				InvalidCreditsError,
			)
		if source == MANUAL_ADJUSTMENT and not (row.get("reason") or "").strip():
			_throw(label, _("A {0} needs a reason.").format(frappe.bold(_(MANUAL_ADJUSTMENT))))
		posting_date = getdate(row.get("posting_date") or today_date)
		if posting_date > today_date:
			_throw(label, _("Posting date {0} is in the future.").format(frappe.bold(posting_date)))

		category = row.get("category")
		if row.get("course"):
			course = courses.get(row["course"])
			if not course:
				_throw(label, _("Credit Course {0} does not exist.").format(frappe.bold(row["course"])))
			category = course.category
		if not category:
			_throw(label, _("Set a course or a credit category."))
		if category not in categories:
			_throw(label, _("Credit Category {0} does not exist.").format(frappe.bold(category)))
		if categories[category].disabled and source == MANUAL_ADJUSTMENT and credits > 0:
			_throw(
				label,
				_("Credit Category {0} is disabled.").format(frappe.bold(category)),
				DisabledCategoryError,
			)

		prepared.append(
			{
				**row,
				"employee_name": employee.employee_name,
				"company": employee.company,
				"department": employee.department,
				"designation": employee.designation,
				"posting_date": posting_date,
				"credits": credits,
				"category": category,
				"source": source,
			}
		)
	return prepared


def post_credit_entries(rows: Iterable[dict]) -> dict:
	"""Post submitted Credit Entries: the one way credits enter the ledger.

	Each row: employee, credits, posting_date, course and/or category, source, reference_doctype,
	reference_name, award_key (recommended: a stable key of the award, unique in the ledger),
	remarks, reason (Manual Adjustment). Rows are validated together (see
	:func:`prepare_ledger_rows`) and written with one multi-row INSERT; a row whose ``award_key``
	is already in the ledger is skipped by the database's unique index, so that an award is posted
	exactly once even when two workers post it at the same moment.

	Returns ``{"posted": {award_key or index: name}, "skipped": [award_key, ...]}``.
	"""
	rows = list(rows)
	if not rows:
		return {"posted": {}, "skipped": []}
	prepared = prepare_ledger_rows(rows)
	now = now_datetime()
	user = frappe.session.user
	names = [frappe.generate_hash(length=10) for _row in prepared]
	fields = ["name", "docstatus", "owner", "modified_by", "creation", "modified", *LEDGER_FIELDS]
	values = [
		(name, 1, user, user, now, now, *(row.get(field) for field in LEDGER_FIELDS))
		for name, row in zip(names, prepared, strict=True)
	]
	frappe.db.bulk_insert("Credit Entry", fields, values, ignore_duplicates=True)

	inserted = set(
		frappe.get_all("Credit Entry", filters={"name": ("in", names)}, pluck="name")
	)  # a skipped row left no name behind
	posted, skipped = {}, []
	for idx, (name, row) in enumerate(zip(names, prepared, strict=True)):
		key = row.get("award_key") or idx
		if name in inserted:
			posted[key] = name
		else:
			skipped.append(key)
	return {"posted": posted, "skipped": skipped}


def cancel_credit_entries(
	reference_doctype: str | None = None,
	reference_name: str | None = None,
	award_keys: Iterable[str] | None = None,
) -> list[str]:
	"""Cancel the submitted entries a source produced (all of a reference document, or by award key)."""
	entry = frappe.qb.DocType("Credit Entry")
	conditions = [entry.docstatus == 1]
	if award_keys is not None:
		award_keys = list(award_keys)
		if not award_keys:
			return []
		conditions.append(entry.award_key.isin(award_keys))
	elif reference_doctype and reference_name:
		conditions += [entry.reference_doctype == reference_doctype, entry.reference_name == reference_name]
	else:
		frappe.throw(_("Say which Credit Entries to cancel."))
	names = frappe.qb.from_(entry).select(entry.name).where(Criterion.all(conditions)).run(pluck=True)
	for name in names:
		doc = frappe.get_doc("Credit Entry", name)
		doc.flags.ignore_permissions = True
		doc.flags.via_ledger = True
		doc.cancel()
	return names


def _fetch(doctype: str, names: set, fields: list[str]) -> dict:
	names = [name for name in names if name]
	if not names:
		return {}
	return {row.name: row for row in frappe.get_all(doctype, filters={"name": ("in", names)}, fields=fields)}


def _throw(label: str, message: str, exc=InvalidCreditEntryError):
	frappe.throw(_("{0}: {1}").format(label, message), exc=exc, title=_("Invalid Credit Entry"))
