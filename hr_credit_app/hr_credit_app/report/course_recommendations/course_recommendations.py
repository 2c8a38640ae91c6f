# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""Ranked courses per employee, each with its reasons: it fills a skill gap, colleagues in the same
role took it and improved, it carries a strategic weight, it is needed for the next level or a
promotion gate."""

from typing import TypedDict

import frappe
from frappe import _

from hr_credit_app.reporting import report_company
from hr_credit_app.reviews.recommendations import reason_text, recommendations

COMPANY_WIDE_LIMIT = 2000  # employees; above it the report asks for a department or an employee


class Filters(TypedDict, total=False):
	company: str
	department: str
	employee: str
	limit: int  # courses per employee, 3 when empty


def execute(filters: Filters | None = None) -> tuple:
	filters = frappe._dict(filters or {})
	report_company(filters)
	validate_filters(filters)
	return get_columns(), get_data(filters), None, None, None


def validate_filters(filters: Filters) -> None:
	"""A company-wide run of a large company asks for a department or an employee instead."""
	if not (filters.department or filters.employee):
		headcount = frappe.db.count("Employee", {"company": filters.company, "status": "Active"})
		if headcount > COMPANY_WIDE_LIMIT:
			frappe.throw(
				_(
					"{0} has {1} employees: select a department or an employee (each employee also sees their own recommendations on their credits page)."
				).format(frappe.bold(filters.company), headcount),
				title=_("Too Many Employees"),
			)


def get_columns() -> list[dict]:
	return [
		{"fieldname": "employee", "label": _("Employee"), "fieldtype": "Data", "width": 130},
		{"fieldname": "employee_name", "label": _("Employee Name"), "fieldtype": "Data", "width": 150},
		{"fieldname": "rank", "label": _("Rank"), "fieldtype": "Int", "width": 60},
		{
			"fieldname": "course",
			"label": _("Credit Course"),
			"fieldtype": "Data",
			"link_to": "Credit Course",
			"width": 120,
		},
		{"fieldname": "course_title", "label": _("Course Title"), "fieldtype": "Data", "width": 180},
		{
			"fieldname": "effective_credits",
			"label": _("Credits"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 80,
		},
		{"fieldname": "score", "label": _("Score"), "fieldtype": "Float", "precision": 2, "width": 80},
		{"fieldname": "reasons", "label": _("Why"), "fieldtype": "Data", "width": 400},
	]


def get_data(filters: Filters) -> list[dict]:
	result = recommendations(
		filters.company,
		employees=[filters.employee] if filters.employee else None,
		department=filters.department,
		limit=int(filters.limit or 3),
	)
	info = result["employees"].set_index("employee")
	data = []
	for employee, rows in result["recommendations"].items():
		for rank, row in enumerate(rows, start=1):
			data.append(
				{
					"employee": employee,
					"employee_name": info.at[employee, "employee_name"],
					"rank": rank,
					"course": row["course"],
					"course_title": row["title"],
					"effective_credits": row["effective_credits"],
					"score": row["score"],
					"reasons": "; ".join(reason_text(r) for r in row["reasons"]),
				}
			)
	return data
