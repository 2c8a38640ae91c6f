"""The closed-loop reviews (needs, effectiveness, optimisation, recommendations), the Frappe side of
``engine.needs``, ``engine.effectiveness``, ``engine.optimisation`` and ``engine.recommend``.

Each module reads HRMS's own data (Designation skills, Employee Skill Map, Appraisal) and the app's
(courses, ledger, plans, surveys) set-based, hands plain frames to the engine and returns what the
engine returns. Thresholds come from HR Credit Settings.
"""

import pandas as pd

import frappe

from hr_credit_app import bulk, packed


def settings():
	return frappe.get_cached_doc("HR Credit Settings")


def of_employees(query: str, employees: list[str], company: str | None = None) -> list[tuple]:
	"""The rows of ``query`` for ``employees``, its first column being the employee.

	``query`` says ``{employees}`` where a condition on its employee column goes: an IN list of a
	few employees at a time, or, for most of a company (more than one IN list), the company's
	employees as a semi-join, the rows then kept for ``employees`` here."""
	rows = []
	for condition, values in _employee_conditions(employees, company):
		rows += frappe.db.sql(query.format(employees=condition), values)
	if company and len(employees) > bulk.CHUNK:
		wanted = set(employees)
		rows = [row for row in rows if row[0] in wanted]
	return rows


def frame_of_employees(
	query: str, employees: list[str], company: str | None, columns: list[str]
) -> pd.DataFrame:
	"""``of_employees`` read packed (see ``hr_credit_app.packed``), as a frame: ``columns`` name the
	query's columns, one being ``employee``. Values arrive as text."""
	frames = [
		packed.read(query.format(employees=condition), values, columns)
		for condition, values in _employee_conditions(employees, company)
	]
	frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
	if company and len(employees) > bulk.CHUNK:
		frame = frame[frame["employee"].isin(set(employees))].reset_index(drop=True)
	return frame


def _employee_conditions(employees: list[str], company: str | None) -> list[tuple[str, dict]]:
	"""(condition, values) per query to run: the company's employees as a semi-join when the list
	is longer than one IN list, else IN lists."""
	if company and len(employees) > bulk.CHUNK:
		return [("in (select name from `tabEmployee` where company = %(company)s)", {"company": company})]
	return [("in %(employees)s", {"employees": tuple(chunk)}) for chunk in bulk.chunks(employees)]
