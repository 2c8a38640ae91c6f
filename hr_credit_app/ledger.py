"""The credit ledger's one door: prepare, post and cancel Credit Entries.

Every credit an employee holds is a submitted Credit Entry. Entries are immutable: a correction is a
cancellation (which takes the entry out of every balance) or a Manual Adjustment. Sources (award
rules, Training Results, LMS, imports) never build Credit Entry documents themselves: they call
:func:`post`, as ERPNext's ``general_ledger.make_gl_entries`` is the one way into GL Entry, and
:func:`cancel` when the source is withdrawn. The Credit Entry controller calls :func:`prepare` for
an entry typed in the desk, so both ways validate alike.
"""

import uuid
from collections.abc import Iterable

import frappe
from frappe import _
from frappe.query_builder import Criterion
from frappe.utils import flt, getdate, today

from hr_credit_app import bulk, credits
from hr_credit_app.exceptions import DisabledCategoryError, InvalidCreditEntryError, InvalidCreditsError

MANUAL_ADJUSTMENT = "Manual Adjustment"
CLAIM = "Claim"
SOURCES = ("Manual Adjustment", "Credit Rule", "Training Result", "LMS", "Import", "Claim")

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
	"credit_rule_version",
	"reference_doctype",
	"reference_name",
	"award_key",
	"approved_by",
	"reason",
	"remarks",
)


def prepare(rows: list[dict]) -> list[dict]:
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


def post(rows: Iterable[dict]) -> dict:
	"""Post submitted Credit Entries: the one way credits enter the ledger.

	Each row: employee, credits, posting_date, course and/or category, source, reference_doctype,
	reference_name, award_key (a stable key of the award, unique in the ledger; a random one when
	absent), credit_rule and credit_rule_version (what awarded it), remarks, reason (Manual
	Adjustment). Rows are validated together (see :func:`prepare`) and written with multi-row
	INSERTs; a row whose ``award_key`` is already in the ledger is not written, so that an award is
	posted exactly once even when two workers post it at the same moment.

	Returns ``{"posted": {award_key: name}, "skipped": [award_key, ...]}``.
	"""
	rows = [dict(row) for row in rows]
	if not rows:
		return {"posted": {}, "skipped": []}
	for row in rows:
		row["award_key"] = row.get("award_key") or "auto:" + uuid.uuid4().hex
	prepared = prepare(rows)
	# the same order in every worker: two posting overlapping awards take their locks alike
	order = sorted(range(len(prepared)), key=lambda i: prepared[i]["award_key"])
	ordered = [prepared[i] for i in order]
	written = bulk.insert(
		"Credit Entry", ordered, fields=LEDGER_FIELDS, identity="award_key", docstatus=1, name_length=10
	)
	posted, skipped = {}, []
	for row, name in zip(ordered, written["names"], strict=True):
		if name:
			posted[row["award_key"]] = name
		else:
			skipped.append(row["award_key"])
	# the balances beside the ledger, in this transaction (only what was written counts)
	credits.on_post([row for row, name in zip(ordered, written["names"], strict=True) if name])
	return {"posted": posted, "skipped": skipped}


def cancel(
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
	for name in sorted(names):
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
