"""Data for the reports, number cards and pages: set-based reads, scoped to what the user may see.

Every query aggregates in the database first; only per-employee (not per-entry) rows reach Python.
Scope (``hr_credit_app.permissions``): HR sees the companies it may see (a Company User Permission
restricts it); a Credit Department Manager sees the departments of their Department User
Permissions; anyone else sees the employees linked to their user.
"""

import pandas as pd

import frappe
from frappe import _
from frappe.utils import getdate, today
from frappe.utils.nestedset import get_descendants_of

from hr_credit_app import credits, packed
from hr_credit_app.balances import get_category_targets, get_window_bounds, normalize_window
from hr_credit_app.engine import incentives
from hr_credit_app.permissions import (
	check_company_access,
	get_own_employees,
	get_permitted_companies,
	get_permitted_departments,
	is_hr,
)
from hr_credit_app.policy import with_category_columns

# the scope of system work (payroll, honours): every company, every employee
ALL = frappe._dict(all=True, companies=None, employees=[], departments=[], system=True)
EMPLOYEE_COLUMNS = [
	"employee",
	"employee_name",
	"department",
	"designation",
	"date_of_joining",
	"relieving_date",
]


def get_scope(user: str | None = None) -> frappe._dict:
	"""What a user may see: ``all`` employees of the ``companies`` (None: any company), or only
	``employees`` and the employees of ``departments``."""
	user = user or frappe.session.user
	if is_hr(user):
		return frappe._dict(
			all=True, companies=get_permitted_companies(user), employees=[], departments=[], user=user
		)
	return frappe._dict(
		all=False,
		companies=None,
		employees=get_own_employees(user),
		departments=get_permitted_departments(user),
		user=user,
	)


def check_scope_company(company: str, scope: frappe._dict) -> None:
	"""A report or card for a company the user may not see is refused (HR restricted to companies)."""
	if scope.get("system"):
		return
	if scope.all:
		if scope.companies is not None and company not in scope.companies:
			check_company_access(company, scope.user)
	elif not company:
		check_company_access(company, scope.user)


def report_company(filters) -> str:
	"""The company a report is run for, which the user must be allowed to see."""
	company = filters.get("company")
	if not company:
		frappe.throw(_("Select a company."))
	check_company_access(company)
	return company


def department_and_children(department: str | None) -> list[str] | None:
	if not department:
		return None
	return [department, *get_descendants_of("Department", department, ignore_permissions=True)]


def get_employees(
	company: str,
	department: str | None = None,
	designation: str | None = None,
	employee: str | None = None,
	active_on=None,
	active_from=None,
	scope: frappe._dict | None = None,
) -> pd.DataFrame:
	"""Employees of a company (employed on ``active_on``, or at any time since ``active_from``)."""
	scope = scope or get_scope()
	check_scope_company(company, scope)
	active_on = getdate(active_on or today())
	conditions = [
		"company = %(company)s",
		"date_of_joining <= %(active_on)s",
		"status != 'Inactive'",
		"(relieving_date is null or relieving_date >= %(active_from)s)",
	]
	values = {"company": company, "active_on": active_on, "active_from": getdate(active_from or active_on)}
	if departments := department_and_children(department):
		conditions.append("department in %(departments)s")
		values["departments"] = tuple(departments)
	if designation:
		conditions.append("designation = %(designation)s")
		values["designation"] = designation
	if employee:
		conditions.append("name = %(employee)s")
		values["employee"] = employee
	if not scope.all:
		allowed = []
		if scope.employees:
			allowed.append("name in %(allowed_employees)s")
			values["allowed_employees"] = tuple(scope.employees)
		if scope.departments:
			allowed.append("department in %(allowed_departments)s")
			values["allowed_departments"] = tuple(scope.departments)
		if not allowed:
			return pd.DataFrame(columns=EMPLOYEE_COLUMNS)
		conditions.append("(" + " or ".join(allowed) + ")")
	# a company's staff (10,000 rows) travels packed: see hr_credit_app.packed
	staff = packed.read(
		f"""select name as employee, employee_name, department, designation, date_of_joining,
			relieving_date
		from `tabEmployee` where {" and ".join(conditions)}""",
		values,
		EMPLOYEE_COLUMNS,
	)
	staff["date_of_joining"] = pd.to_datetime(staff["date_of_joining"])
	staff["relieving_date"] = pd.to_datetime(staff["relieving_date"])
	return staff.sort_values("employee", ignore_index=True)


def employed_on(staff: pd.DataFrame, day, since=None) -> pd.DataFrame:
	"""The rows of ``staff`` (from get_employees) employed on ``day`` (or at any time from ``since``
	to ``day``), by the rule get_employees reads them with."""
	if staff.empty:
		return staff
	joined = _dates(staff["date_of_joining"]) <= pd.Timestamp(getdate(day))
	relieved = _dates(staff["relieving_date"])
	stayed = relieved.isna() | (relieved >= pd.Timestamp(getdate(since or day)))
	return staff[joined & stayed].reset_index(drop=True)


def _dates(column: pd.Series) -> pd.Series:
	return column if pd.api.types.is_datetime64_any_dtype(column) else pd.to_datetime(column)


def employed_between(company: str, start, end) -> list[str]:
	"""Employees of a company employed at any time between two dates (whoever is asking)."""
	return get_employees(company, active_on=end, active_from=start, scope=ALL)["employee"].tolist()


def credit_totals(
	company: str, employees: pd.DataFrame, window: str | None, as_of
) -> tuple[pd.DataFrame, list[str]]:
	"""Credits per employee and category in a window, for the given employees (0 when none).

	Read from the balances kept beside the ledger (``hr_credit_app.credits``): credits follow the
	employee, whichever company posted them. Returns the frame (employee, total, cat:<Category>...) and the categories, targeted ones first.
	"""
	window = normalize_window(window)
	from_date, to_date = get_window_bounds(window, getdate(as_of or today()), company)
	rows = credits.window_totals(from_date, to_date, employees["employee"].tolist(), company)
	frame = with_category_columns(employees[["employee"]].copy(), rows)
	targets = get_category_targets()
	found = {c[len(incentives.CATEGORY_PREFIX) :] for c in frame.columns if c != "employee"}
	categories = list(targets) + sorted(found - set(targets))
	for category in targets:  # a targeted category nobody has credits in yet: a column of 0
		column = incentives.CATEGORY_PREFIX + category
		if column not in frame:
			frame[column] = 0.0
	columns = [incentives.CATEGORY_PREFIX + c for c in categories]
	frame["total"] = frame[columns].sum(axis=1) if columns else 0.0
	return frame, categories


def to_frame(rows, columns: list[str]) -> pd.DataFrame:
	"""A DataFrame of query rows. frappe._dict rows are turned into tuples first: they answer any
	attribute (``__array_struct__`` too), which confuses numpy."""
	return pd.DataFrame(
		[tuple(row.get(c) for c in columns) if isinstance(row, dict) else tuple(row) for row in rows],
		columns=columns,
	)


def window_filter() -> dict:
	return {
		"fieldname": "window",
		"label": _("Credits Counted"),
		"fieldtype": "Select",
		"options": "\nCumulative\nCalendar Year\nFiscal Year\nRolling 12 Months",
	}


def plain(value):
	"""A value a report may return: no numpy scalars, no NaN."""
	if value is None:
		return None
	if hasattr(value, "item"):
		value = value.item()
	if isinstance(value, float) and value != value:
		return None
	return value


@frappe.whitelist()
@frappe.read_only()
def report_defaults(company: str) -> dict:
	"""Sensible first choices for the review reports of a company: its latest scenario and the course
	most of its employees were credited for (the user must be allowed to see the company)."""
	check_company_access(company)
	return {
		"scenario": frappe.db.get_value(
			"Credit Policy Scenario", {"company": company}, "name", order_by="modified desc"
		),
		"course": credits.most_completed_course(company),
	}
