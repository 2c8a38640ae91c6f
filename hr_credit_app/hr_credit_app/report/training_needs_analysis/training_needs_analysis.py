# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""Training needs from three sources: skills a designation requires that the Employee Skill Map
rates low or not at all, skills behind weak appraisal KRAs, and needs employees stated in surveys.
Per employee, or ranked per department or company-wide with the share of employees affected, each
need mapped to the courses that build the skill; needs no course builds are gaps in the catalogue."""

from typing import Literal, TypedDict

import frappe
from frappe import _, _lt

from hr_credit_app.engine import needs
from hr_credit_app.reporting import report_company
from hr_credit_app.reviews.needs import training_needs

SOURCE_LABELS = {
	needs.SKILL_GAP: _lt("Skill map below the designation's need"),
	needs.APPRAISAL: _lt("Weak appraisal KRA"),
	needs.SURVEY: _lt("Survey"),
}


class Filters(TypedDict, total=False):
	company: str
	department: str
	view: Literal["Company", "Department", "Employee"]  # Company when empty
	gaps_only: int  # Check: only the needs no course builds


def execute(filters: Filters | None = None) -> tuple:
	filters = frappe._dict(filters or {})
	report_company(filters)
	filters.view = filters.view or "Company"
	found = training_needs(filters.company, filters.department)
	if filters.view == "Employee":  # a row per employee and need, without a chart or a summary
		return get_columns(filters), get_employee_data(found), None, None, None
	ranking, rows, gaps = rank_needs(filters, found)
	data = get_data(gaps if filters.gaps_only else rows)
	return (
		get_columns(filters),
		data,
		why_empty(found) if not data else None,
		get_chart_data(data),
		get_summary(found, ranking, gaps),
	)


def rank_needs(filters: Filters, found: dict) -> tuple[list[dict], list[dict], list[dict]]:
	"""The needs ranked by the share of employees affected (per department in the Department
	view), those rows with the courses that build each skill, and the gaps (rows with none)."""
	ranking = needs.rank_needs(
		found["needs"], found["employees"], by="department" if filters.view == "Department" else None
	)
	rows, gaps = needs.map_courses(ranking, found["course_skills"])
	return ranking, rows, gaps


def get_columns(filters: Filters) -> list[dict]:
	if filters.view == "Employee":
		return [
			{"fieldname": "employee", "label": _("Employee"), "fieldtype": "Data", "width": 130},
			{"fieldname": "employee_name", "label": _("Employee Name"), "fieldtype": "Data", "width": 150},
			{
				"fieldname": "department",
				"label": _("Department"),
				"fieldtype": "Data",
				"link_to": "Department",
				"width": 150,
			},
			{
				"fieldname": "designation",
				"label": _("Designation"),
				"fieldtype": "Data",
				"link_to": "Designation",
				"width": 120,
			},
			{
				"fieldname": "skill",
				"label": _("Skill"),
				"fieldtype": "Data",
				"link_to": "Skill",
				"width": 150,
			},
			{"fieldname": "sources", "label": _("Found In"), "fieldtype": "Data", "width": 220},
			{"fieldname": "courses", "label": _("Courses That Build It"), "fieldtype": "Data", "width": 220},
		]
	columns = [
		{"fieldname": "skill", "label": _("Skill"), "fieldtype": "Data", "link_to": "Skill", "width": 180},
		{"fieldname": "employees", "label": _("Employees"), "fieldtype": "Int", "width": 100},
		{"fieldname": "headcount", "label": _("Headcount"), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "share",
			"label": _("Share of Employees"),
			"fieldtype": "Percent",
			"precision": 1,
			"width": 130,
		},
		{"fieldname": "courses", "label": _("Courses That Build It"), "fieldtype": "Data", "width": 260},
	]
	if filters.view == "Department":
		columns.insert(
			0,
			{
				"fieldname": "department",
				"label": _("Department"),
				"fieldtype": "Data",
				"link_to": "Department",
				"width": 170,
			},
		)
	return columns


def get_data(rows: list[dict]) -> list[dict]:
	"""A row per need (skill, per department in the Department view), with the courses that build it."""
	return [
		{
			"department": row.get("department"),
			"skill": row["skill"],
			"employees": row["employees"],
			"headcount": row["headcount"],
			"share": row["share"],
			"courses": ", ".join(row["courses"]) or _("None: a gap in the catalogue"),
			"gap": 0 if row["courses"] else 1,
		}
		for row in rows
	]


def get_employee_data(found: dict) -> list[dict]:
	"""The Employee view: a row per employee and need, with where it was found."""
	employees, combined, course_skills = found["employees"], found["needs"], found["course_skills"]
	courses = (
		course_skills.groupby("skill")["course"].apply(lambda c: ", ".join(sorted(c))).to_dict()
		if not course_skills.empty
		else {}
	)
	info = employees.set_index("employee")
	return [
		{
			"employee": row.employee,
			"employee_name": info.at[row.employee, "employee_name"] if row.employee in info.index else None,
			"department": info.at[row.employee, "department"] if row.employee in info.index else None,
			"designation": info.at[row.employee, "designation"] if row.employee in info.index else None,
			"skill": row.skill,
			"sources": ", ".join(str(SOURCE_LABELS.get(s, s)) for s in row.sources.split(", ")),
			"courses": courses.get(row.skill) or _("None: a gap in the catalogue"),
		}
		for row in combined.sort_values(["employee", "skill"]).itertuples(index=False)
	]


def get_chart_data(data: list[dict]) -> dict:
	return {
		"data": {
			"labels": [row["skill"] for row in data[:10]],
			"datasets": [
				{"name": _("Employees Affected (%)"), "values": [row["share"] for row in data[:10]]}
			],
		},
		"type": "bar",
		"title": _("Top Training Needs"),
	}


def get_summary(found: dict, ranking: list[dict], gaps: list[dict]) -> list[dict]:
	employees, combined = found["employees"], found["needs"]
	return [
		{"value": len(employees), "label": _("Employees"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": combined["employee"].nunique() if not combined.empty else 0,
			"label": _("With a Need"),
			"datatype": "Int",
			"indicator": "Orange",
		},
		{
			"value": len({row["skill"] for row in ranking}),
			"label": _("Skills Needed"),
			"datatype": "Int",
			"indicator": "Blue",
		},
		{
			"value": len({row["skill"] for row in gaps}),
			"label": _("Gaps in the Catalogue"),
			"datatype": "Int",
			"indicator": "Red" if gaps else "Green",
		},
	]


def why_empty(found: dict) -> str:
	"""Nothing to show: say why, and where the missing data is entered."""
	sources = found["sources"]
	if found["employees"].empty:
		return _("No employees of this company (or department) are visible to you.")
	lines = [_("No training needs were found. Needs come from:")]
	checks = (
		(
			sources["designation_skills"] and sources["skill_ratings"],
			_("Employee Skill Maps rating the skills their Designation requires (Designation > Skills)"),
		),
		(
			sources["appraisals"] and sources["kra_skills"],
			_("submitted Appraisals with weak KRAs that HR Credit Settings maps to skills (KRA Skills)"),
		),
		(sources["survey_answers"], _("answers to the training survey (/credit-survey)")),
	)
	for present, text in checks:
		lines.append(("&#10003; " if present else "&#10007; ") + text)
	return "<br>".join(lines)
