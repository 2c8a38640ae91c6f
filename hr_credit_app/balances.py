"""Credit balances of employees, read from the ledger (the Frappe side of ``engine.balances``)."""

import frappe
from frappe import _
from frappe.utils import flt, getdate, today

from hr_credit_app import credits
from hr_credit_app.engine import balances as engine
from hr_credit_app.exceptions import CreditWindowError

WINDOW_LABELS = {
	engine.CUMULATIVE: "Cumulative",
	engine.CALENDAR_YEAR: "Calendar Year",
	engine.FISCAL_YEAR: "Fiscal Year",
	engine.ROLLING_12_MONTHS: "Rolling 12 Months",
}


def normalize_window(window: str | None) -> str:
	"""Accept ``calendar_year`` or its label ``Calendar Year``; default to the settings' window."""
	if not window:
		window = frappe.db.get_single_value("HR Credit Settings", "default_window") or engine.CUMULATIVE
	key = frappe.scrub(window)
	if key not in engine.WINDOWS:
		frappe.throw(
			_("Unknown credit window {0}. Use one of: {1}.").format(
				frappe.bold(window), ", ".join(engine.WINDOWS)
			),
			exc=CreditWindowError,
		)
	return key


def get_category_targets() -> dict[str, float]:
	return {
		row.name: flt(row.target_share)
		for row in frappe.get_all(
			"Credit Category",
			filters={"disabled": 0},
			fields=["name", "target_share"],
			order_by="target_share desc, name",
		)
	}


def get_fiscal_year_start(company: str, as_of) -> str:
	from erpnext.accounts.utils import FiscalYearError, get_fiscal_year

	try:
		return get_fiscal_year(as_of, company=company, as_dict=True).year_start_date
	except FiscalYearError:
		frappe.throw(
			_(
				"No Fiscal Year of company {0} contains {1}; the fiscal-year window cannot be computed."
			).format(frappe.bold(company), frappe.bold(as_of)),
			exc=CreditWindowError,
		)


def get_window_bounds(window: str, as_of, company: str | None = None):
	fiscal_year_start = get_fiscal_year_start(company, as_of) if window == engine.FISCAL_YEAR else None
	return engine.window_bounds(window, as_of, fiscal_year_start)


def get_course_skills(courses) -> dict[str, list[str]]:
	courses = [course for course in set(courses) if course]
	if not courses:
		return {}
	skills: dict[str, list[str]] = {}
	for row in frappe.get_all(
		"Credit Course Skill",
		filters={"parent": ("in", courses), "parenttype": "Credit Course"},
		fields=["parent", "skill"],
		order_by="idx",
	):
		skills.setdefault(row.parent, []).append(row.skill)
	return skills


def get_employee_summary(employee: str, as_of=None, window: str | None = None) -> dict:
	"""Balances of one employee in a window, with the structure check (no permission check here)."""
	window = normalize_window(window)
	as_of = getdate(as_of or today())
	info = frappe.db.get_value("Employee", employee, ["name", "employee_name", "company"], as_dict=True)
	if not info:
		frappe.throw(
			_("Employee {0} does not exist.").format(frappe.bold(employee)), frappe.DoesNotExistError
		)
	from_date, to_date = get_window_bounds(window, as_of, info.company)
	rows = credits.ledger_rows(employee, from_date, to_date)
	summary = engine.summarize(
		rows,
		as_of=as_of,
		window=window,
		fiscal_year_start=from_date if window == engine.FISCAL_YEAR else None,
		category_targets=get_category_targets(),
		course_skills=get_course_skills(row.course for row in rows),
		tolerance=flt(frappe.db.get_single_value("HR Credit Settings", "structure_tolerance")),
	)
	summary.update(
		employee=info.name,
		employee_name=info.employee_name,
		company=info.company,
		as_of=as_of.isoformat(),
		window_label=_(WINDOW_LABELS[window]),
	)
	return summary
