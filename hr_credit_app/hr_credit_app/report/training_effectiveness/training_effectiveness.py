# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""Did a course work? Appraisal final scores before vs after completion for participants, compared
with everyone else over the same appraisal cycles (difference-in-differences), per employee,
department and company, with the number of people behind each figure, and cost vs outcome."""

from typing import Literal, TypedDict

import frappe
from frappe import _, _lt

from hr_credit_app.engine import effectiveness
from hr_credit_app.reporting import report_company
from hr_credit_app.reviews.effectiveness import course_effect

WARNINGS = {
	effectiveness.TOO_FEW: _lt("Too few people to trust"),
	effectiveness.NO_CONTROL: _lt("No comparison group"),
	effectiveness.NO_PARTICIPANTS: _lt("No participants measured"),
}


class Filters(TypedDict, total=False):
	company: str
	course: str  # Credit Course: the report asks for one
	department: str
	view: Literal["Department", "Employee"]  # Department when empty


def execute(filters: Filters | None = None) -> tuple:
	filters = frappe._dict(filters or {})
	report_company(filters)
	filters.view = filters.view or "Department"
	if not filters.course:
		return (
			[],
			[],
			_(
				"Choose a course: the report compares the appraisal scores of those who took it with everyone else's."
			),
			None,
			None,
		)
	result = course_effect(filters.company, filters.course, filters.department)
	return (
		get_columns(filters),
		get_data(filters, result),
		get_message(result["company"]),
		get_chart_data(result["company"]),
		get_summary(filters, result),
	)


def get_columns(filters: Filters) -> list[dict]:
	if filters.view == "Employee":
		return [
			{"fieldname": "employee", "label": _("Employee"), "fieldtype": "Data", "width": 130},
			{
				"fieldname": "department",
				"label": _("Department"),
				"fieldtype": "Data",
				"link_to": "Department",
				"width": 160,
			},
			{
				"fieldname": "before",
				"label": _("Score Before"),
				"fieldtype": "Float",
				"precision": 2,
				"width": 110,
			},
			{
				"fieldname": "after",
				"label": _("Score After"),
				"fieldtype": "Float",
				"precision": 2,
				"width": 110,
			},
			{"fieldname": "change", "label": _("Change"), "fieldtype": "Float", "precision": 2, "width": 100},
			{
				"fieldname": "control_change",
				"label": _("Comparison Change"),
				"fieldtype": "Float",
				"precision": 2,
				"width": 140,
			},
			{"fieldname": "effect", "label": _("Effect"), "fieldtype": "Float", "precision": 2, "width": 100},
		]
	return [
		{"fieldname": "group", "label": _("Company / Department"), "fieldtype": "Data", "width": 180},
		{"fieldname": "n_participants", "label": _("Participants"), "fieldtype": "Int", "width": 100},
		{"fieldname": "n_controls", "label": _("Comparison Group"), "fieldtype": "Int", "width": 120},
		{
			"fieldname": "participant_before",
			"label": _("Participants Before"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 130,
		},
		{
			"fieldname": "participant_after",
			"label": _("Participants After"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 130,
		},
		{
			"fieldname": "participant_change",
			"label": _("Participants' Change"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 140,
		},
		{
			"fieldname": "control_change",
			"label": _("Comparison Change"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 140,
		},
		{
			"fieldname": "did",
			"label": _("Effect (Difference in Differences)"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 200,
		},
		{"fieldname": "warning", "label": _("Warning"), "fieldtype": "Data", "width": 180},
	]


def get_data(filters: Filters, result: dict) -> list[dict]:
	"""A row per participant, or the company's row and a row per department."""
	if filters.view == "Employee":
		return [
			{
				"employee": row["employee"],
				"department": row.get("department"),
				"before": row["before"],
				"after": row["after"],
				"change": row["change"],
				"control_change": row["control_change"],
				"effect": row["effect"],
			}
			for row in result["employees"]
		]
	rows = [{**result["company"], "department": _("Company")}] + result["departments"]
	return [
		{
			"group": row.get("department") or _("No Department"),
			"n_participants": row["n_participants"],
			"n_controls": row["n_controls"],
			"participant_before": row["participant_before"],
			"participant_after": row["participant_after"],
			"participant_change": row["participant_change"],
			"control_change": row["control_change"],
			"did": row["did"],
			"warning": str(WARNINGS[row["warning"]]) if row["warning"] else None,
		}
		for row in rows
	]


def get_message(company: dict) -> str | None:
	"""Why the company's effect is not measured, or the warning on it."""
	message = str(WARNINGS[company["warning"]]) if company["warning"] else None
	if company["did"] is None:  # not measured
		message = _(
			"The effect cannot be measured yet: it compares appraisal final scores before and after the course, and {0} of the people who took it have a submitted Appraisal on both sides (the comparison group: {1})."
		).format(company["n_participants"] or 0, company["n_controls"] or 0)
	return message


def get_chart_data(company: dict) -> dict:
	return {
		"data": {
			"labels": [_("Before"), _("After")],
			"datasets": [
				{
					"name": _("Participants"),
					"values": [company["participant_before"] or 0, company["participant_after"] or 0],
				},
				{
					"name": _("Comparison Group"),
					"values": [company["control_before"] or 0, company["control_after"] or 0],
				},
			],
		},
		"type": "line",
		"title": _("Appraisal Final Score"),
	}


def get_summary(filters: Filters, result: dict) -> list[dict]:
	company = result["company"]
	cost = result["cost"]
	currency = frappe.db.get_value("Credit Course", filters.course, "currency")
	measured = company["did"] is not None
	return [
		{
			"value": company["did"] if measured else _("Not measured"),
			"label": _("Effect on the Final Score"),
			"datatype": "Float" if measured else "Data",
			"indicator": ("Green" if company["did"] > 0 else "Red") if measured else "Grey",
		},
		{
			"value": company["n_participants"],
			"label": _("Participants Measured"),
			"datatype": "Int",
			"indicator": "Blue",
		},
		{
			"value": cost["total_cost"],
			"label": _("Cost"),
			"datatype": "Currency",
			"currency": currency,
			"indicator": "Blue",
		},
		{
			"value": cost["cost_per_point"] or 0,
			"label": _("Cost per Point Gained"),
			"datatype": "Currency",
			"currency": currency,
			"indicator": "Blue",
		},
	]
