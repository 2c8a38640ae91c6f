"""Step 1 of intake: resolve employees and courses, validate every row (set-based)."""

import frappe
from frappe.utils import getdate, today

from hr_credit_app.engine import evidence as engine


def employee_lookup(refs: set[str]) -> tuple[dict, dict, dict]:
	"""Every identifier an employee may be known by (ID, company email, user) -> Employee, the
	employment dates and the company of each. One query."""
	refs = [ref for ref in refs if ref]
	if not refs:
		return {}, {}, {}
	employee = frappe.qb.DocType("Employee")
	rows = (
		frappe.qb.from_(employee)
		.select(
			employee.name,
			employee.company,
			employee.company_email,
			employee.user_id,
			employee.date_of_joining,
			employee.relieving_date,
		)
		.where(employee.name.isin(refs) | employee.company_email.isin(refs) | employee.user_id.isin(refs))
		.run(as_dict=True)
	)
	lookup, dates, companies = {}, {}, {}
	for row in rows:
		for key in (row.name, row.company_email, row.user_id):
			if key:
				lookup[key] = row.name
				lookup[key.lower()] = row.name
		dates[row.name] = (row.date_of_joining, row.relieving_date)
		companies[row.name] = row.company
	return lookup, dates, companies


def course_lookup(refs: set[str]) -> tuple[dict, set, dict]:
	"""Course code -> Credit Course, the disabled ones, and the companies a course is limited to."""
	refs = [ref for ref in refs if ref]
	if not refs:
		return {}, set(), {}
	lookup, disabled = {}, set()
	for row in frappe.get_all("Credit Course", filters={"name": ("in", refs)}, fields=["name", "disabled"]):
		lookup[row.name] = lookup[row.name.upper()] = row.name
		if row.disabled:
			disabled.add(row.name)
	return lookup, disabled, course_companies(set(lookup.values()))


def course_companies(courses) -> dict[str, set[str]]:
	"""The companies each course is limited to (a course absent here is for every company)."""
	courses = [course for course in courses if course]
	limited: dict[str, set[str]] = {}
	if courses:
		for row in frappe.get_all(
			"Credit Company",
			filters={"parenttype": "Credit Course", "parent": ("in", courses)},
			fields=["parent", "company"],
		):
			limited.setdefault(row.parent, set()).add(row.company)
	return limited


def own_employees(user: str | None = None) -> set[str]:
	"""The employees a user is: nobody sends or corrects evidence that credits themselves."""
	user = user or frappe.session.user
	if user in ("Administrator", "Guest"):
		return set()
	return set(frappe.get_all("Employee", filters={"user_id": user}, pluck="name"))


def _ref(row, field) -> str:
	"""A reference worth looking up: text the database can compare (the row's check refuses the rest)."""
	value = row.get(field) if isinstance(row, dict) else None
	if not isinstance(value, str) or engine.text_problem(value) is not None:
		return ""
	return value.strip()


def check(
	rows: list,
	source_system: str,
	*,
	allowed_sources=None,
	forbid_self: bool = True,
) -> list[engine.Checked]:
	"""Resolve and validate rows; one query for employees, one for courses."""
	employees, employee_dates, employee_companies = employee_lookup({_ref(row, "employee") for row in rows})
	courses, disabled, limited = course_lookup({_ref(row, "course") for row in rows})
	settings = frappe.get_cached_doc("HR Credit Settings")
	return engine.check_rows(
		rows,
		resolve_employee=employees,
		resolve_course=courses,
		today=getdate(today()),
		default_source=source_system,
		cycle_mode=frappe.scrub(settings.cycle_mode or "Calendar Year"),
		employee_dates=employee_dates,
		disabled_courses=disabled,
		allowed_sources=allowed_sources,
		forbidden_employees=own_employees() if forbid_self else (),
		course_companies=limited,
		employee_companies=employee_companies,
	)
