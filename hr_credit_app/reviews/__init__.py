"""The closed-loop reviews (needs, effectiveness, optimisation, recommendations), the Frappe side of
``engine.needs``, ``engine.effectiveness``, ``engine.optimisation`` and ``engine.recommend``.

Each module reads HRMS's own data (Designation skills, Employee Skill Map, Appraisal) and the app's
(courses, ledger, plans, surveys) set-based, hands plain frames to the engine and returns what the
engine returns. Thresholds come from HR Credit Settings.
"""

import frappe

from hr_credit_app import bulk


def settings():
	return frappe.get_cached_doc("HR Credit Settings")


def of_employees(query: str, employees: list[str], company: str | None = None) -> list[tuple]:
	"""The rows of ``query`` for ``employees``, its first column being the employee.

	``query`` says ``{employees}`` where a condition on its employee column goes: an IN list of a
	few employees at a time, or, for most of a company (more than one IN list), the company's
	employees as a semi-join, the rows then kept for ``employees`` here."""
	if company and len(employees) > bulk.CHUNK:
		wanted = set(employees)
		rows = frappe.db.sql(
			query.format(employees="in (select name from `tabEmployee` where company = %(company)s)"),
			{"company": company},
		)
		return [row for row in rows if row[0] in wanted]
	return in_chunks(
		employees,
		lambda chunk: list(
			frappe.db.sql(query.format(employees="in %(employees)s"), {"employees": tuple(chunk)})
		),
	)


def in_chunks(values: list, fetch) -> list:
	"""``fetch`` over slices of ``values`` (IN lists of bounded size), the rows joined."""
	rows = []
	for chunk in bulk.chunks(values):
		rows += fetch(chunk)
	return rows
