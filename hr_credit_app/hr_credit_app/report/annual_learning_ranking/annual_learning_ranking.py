# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""The top learners of a year, with ties, as the company's policy honours them (top %, floor, tie
rule); the list the annual honours run awards."""

from typing import TypedDict

import frappe
from frappe import _, _lt
from frappe.utils import cint, getdate, today

from hr_credit_app.engine import honours as honours_engine
from hr_credit_app.honours import annual_ranking
from hr_credit_app.policy import get_policy, no_policy_message
from hr_credit_app.reporting import get_employees, get_scope, report_company

REASONS = {
	honours_engine.REASON_TOP: _lt("Honoured"),
	honours_engine.REASON_BELOW_FLOOR: _lt("Below the minimum credits"),
	honours_engine.REASON_OUTSIDE_TOP: _lt("Outside the top"),
	honours_engine.REASON_TIE_EXCLUDED: _lt("Tied across the boundary"),
}


class Filters(TypedDict, total=False):
	company: str
	year: int  # the current year when empty
	top_only: int  # Check: only the honoured


def execute(filters: Filters | None = None) -> tuple:
	filters = frappe._dict(filters or {})
	report_company(filters)
	filters.year = cint(filters.year) or getdate(today()).year
	if not get_policy(filters.company):
		return [], [], no_policy_message(filters.company), None, None
	ranking = get_ranking(filters, get_scope())
	awarded = get_awarded(filters)
	return get_columns(), get_data(filters, ranking, awarded), None, None, get_summary(ranking, awarded)


def get_ranking(filters: Filters, scope: frappe._dict) -> list[dict]:
	"""The places of the year, decided on the whole company's ranking, of the employees in scope."""
	ranking = annual_ranking(filters.company, filters.year)
	if not scope.all:  # a department manager sees the places of their own people only
		visible = set(
			get_employees(filters.company, active_from=f"{filters.year}-01-01", scope=scope)["employee"]
		)
		ranking = [r for r in ranking if r["employee"] in visible]
	return ranking


def get_awarded(filters: Filters) -> set[str]:
	"""The employees with a Credit Honour Award of the year (recorded by the honours run)."""
	return {
		r.employee
		for r in frappe.get_all(
			"Credit Honour Award",
			filters={"company": filters.company, "year": filters.year},
			fields=["employee"],
		)
	}


def get_columns() -> list[dict]:
	return [
		{"fieldname": "rank", "label": _("Rank"), "fieldtype": "Int", "width": 70},
		{"fieldname": "employee", "label": _("Employee"), "fieldtype": "Data", "width": 130},
		{"fieldname": "employee_name", "label": _("Employee Name"), "fieldtype": "Data", "width": 170},
		{
			"fieldname": "credits",
			"label": _("Credits in the Year"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 140,
		},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 200},
		{"fieldname": "awarded", "label": _("Award Recorded"), "fieldtype": "Check", "width": 120},
	]


def get_data(filters: Filters, ranking: list[dict], awarded: set[str]) -> list[dict]:
	names = dict(
		frappe.get_all(
			"Employee",
			filters={"name": ("in", [r["employee"] for r in ranking] or [""])},
			fields=["name", "employee_name"],
			as_list=True,
		)
	)
	rows = ranking if not cint(filters.top_only) else [r for r in ranking if r["awarded"]]
	return [
		{
			"rank": r["rank"],
			"employee": r["employee"],
			"employee_name": names.get(r["employee"]),
			"credits": r["credits"],
			"status": str(REASONS.get(r["reason"], r["reason"])),
			"awarded": 1 if r["employee"] in awarded else 0,
		}
		for r in rows
	]


def get_summary(ranking: list[dict], awarded: set[str]) -> list[dict]:
	honoured = sum(1 for r in ranking if r["awarded"])
	return [
		{"value": len(ranking), "label": _("Employees"), "datatype": "Int", "indicator": "Blue"},
		{"value": honoured, "label": _("Honoured"), "datatype": "Int", "indicator": "Green"},
		{
			"value": len(awarded),
			"label": _("Awards Recorded"),
			"datatype": "Int",
			"indicator": "Green" if awarded else "Orange",
		},
	]
