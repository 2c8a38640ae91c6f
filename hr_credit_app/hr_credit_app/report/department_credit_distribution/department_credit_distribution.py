# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""Per department: credits per head and their distribution (quartiles), and the participation and
completion of the active training plans (overall, per plan or per course)."""

from datetime import date
from typing import Literal, TypedDict

import pandas as pd

import frappe
from frappe import _
from frappe.utils import getdate, today

from hr_credit_app.engine import progress
from hr_credit_app.plans import get_plans, plan_period, plan_rows
from hr_credit_app.reporting import credit_totals, employed_on, get_employees, get_scope, report_company


class Filters(TypedDict, total=False):
	company: str
	department: str
	plan: str  # Training Plan
	breakdown: Literal["Department", "Department and Plan", "Department and Course"]
	window: Literal["", "Cumulative", "Calendar Year", "Fiscal Year", "Rolling 12 Months"]
	as_of: str | date  # today when empty


def execute(filters: Filters | None = None) -> tuple:
	filters = frappe._dict(filters or {})
	report_company(filters)
	filters.as_of = getdate(filters.as_of or today())
	filters.breakdown = filters.breakdown or "Department"
	scope = get_scope()
	plans = get_plans(filters.company, filters.plan)
	# one read of the staff: employed on the day asked about, or at any time in the plans' periods
	first_day, last_day = plan_period(plans) or (filters.as_of, filters.as_of)
	staff = get_employees(
		filters.company,
		filters.department,
		active_on=max(last_day, filters.as_of),
		active_from=min(first_day, filters.as_of),
		scope=scope,
	)
	frame, distribution = get_distribution(filters, employed_on(staff, filters.as_of))
	plans = plan_rows(
		filters.company,
		filters.plan,
		filters.department,
		scope=scope,
		by_due=False,
		by=("department",),
		staff=staff,
		plans=plans,
	)
	plan_stats = plan_breakdown(plans.rows, filters.breakdown) if plans.rows else {}
	return (
		get_columns(filters),
		get_data(distribution, plan_stats),
		None,
		get_chart_data(distribution, plan_stats),
		get_summary(frame, plans.rows),
	)


def get_distribution(filters: Filters, employees: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, dict]]:
	"""Credits per employee (with their department), and their distribution per department."""
	frame, _categories = credit_totals(filters.company, employees, filters.window, filters.as_of)
	frame = frame.merge(employees[["employee", "department"]], on="employee")
	return frame, {row["department"]: row for row in progress.department_distribution(frame)}


def plan_breakdown(rows: list[dict], breakdown: str) -> dict[str, list[dict]]:
	"""Plan progress per department (and plan or course), from the rows per plan, course and
	department."""
	key = {"Department": None, "Department and Plan": "plan", "Department and Course": "course"}[breakdown]
	per_department: dict = {}
	for row in rows:
		per_department.setdefault(row["department"], []).append(row)
	return {
		department: [progress.totals(group)] if key is None else progress.totals(group, key)
		for department, group in per_department.items()
	}


def get_columns(filters: Filters) -> list[dict]:
	breakdown = filters.breakdown
	cols = [
		{
			"fieldname": "department",
			"label": _("Department"),
			"fieldtype": "Data",
			"link_to": "Department",
			"width": 170,
		}
	]
	if breakdown == "Department and Plan":
		cols.append(
			{
				"fieldname": "plan",
				"label": _("Training Plan"),
				"fieldtype": "Data",
				"link_to": "Training Plan",
				"width": 130,
			}
		)
	if breakdown == "Department and Course":
		cols.append(
			{
				"fieldname": "course",
				"label": _("Credit Course"),
				"fieldtype": "Data",
				"link_to": "Credit Course",
				"width": 130,
			}
		)
	cols += [
		{"fieldname": "headcount", "label": _("Headcount"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "credits_per_head",
			"label": _("Credits per Head"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 110,
		},
		{"fieldname": "min", "label": _("Min"), "fieldtype": "Float", "precision": 1, "width": 70},
		{"fieldname": "q1", "label": _("Lower Quartile"), "fieldtype": "Float", "precision": 1, "width": 100},
		{"fieldname": "median", "label": _("Median"), "fieldtype": "Float", "precision": 1, "width": 80},
		{"fieldname": "q3", "label": _("Upper Quartile"), "fieldtype": "Float", "precision": 1, "width": 100},
		{"fieldname": "max", "label": _("Max"), "fieldtype": "Float", "precision": 1, "width": 70},
		{"fieldname": "with_credits", "label": _("With Credits"), "fieldtype": "Int", "width": 90},
		{"fieldname": "targeted", "label": _("Plan Targets"), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "participation",
			"label": _("Participation"),
			"fieldtype": "Percent",
			"precision": 1,
			"width": 110,
		},
		{
			"fieldname": "completion",
			"label": _("Completion"),
			"fieldtype": "Percent",
			"precision": 1,
			"width": 100,
		},
		{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Int", "width": 80},
	]
	return cols


def get_data(distribution: dict[str, dict], plan_stats: dict[str, list[dict]]) -> list[dict]:
	"""A row per department, or per department and plan or course."""
	data = []
	for department, row in sorted(distribution.items(), key=lambda kv: kv[0] or ""):
		groups = plan_stats.get(department) or [{}]
		for group in groups:
			data.append(
				{
					"department": department,
					"plan": group.get("plan"),
					"course": group.get("course"),
					**{
						k: row[k]
						for k in (
							"headcount",
							"credits_per_head",
							"min",
							"q1",
							"median",
							"q3",
							"max",
							"with_credits",
						)
					},
					"targeted": group.get("targeted"),
					"participation": group.get("participation"),
					"completion": group.get("completion"),
					"overdue": group.get("overdue"),
				}
			)
	return data


def get_chart_data(distribution: dict[str, dict], plan_stats: dict[str, list[dict]]) -> dict:
	labels = [d or _("No Department") for d in sorted(distribution, key=lambda d: d or "")]
	keys = sorted(distribution, key=lambda d: d or "")
	datasets = [
		{"name": _("Credits per Head"), "values": [distribution[d]["credits_per_head"] for d in keys]}
	]
	if plan_stats:
		completion = []
		for d in keys:
			groups = plan_stats.get(d) or []
			targeted = sum(g.get("targeted") or 0 for g in groups)
			completed = sum(g.get("completed") or 0 for g in groups)
			completion.append(round(100 * completed / targeted, 1) if targeted else 0)
		datasets.append({"name": _("Plan Completion %"), "values": completion})
	return {
		"data": {"labels": labels, "datasets": datasets},
		"type": "bar",
		"title": _("Credits and Completion by Department"),
	}


def get_summary(frame: pd.DataFrame, rows: list[dict]) -> list[dict]:
	overall = progress.totals(rows) if rows else {}
	headcount = len(frame)
	return [
		{"value": headcount, "label": _("Employees"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": "{:.1f}".format(float(frame["total"].mean()) if headcount else 0),
			"label": _("Credits per Head"),
			"datatype": "Data",
			"indicator": "Blue",
		},
		{
			"value": overall.get("participation") or 0,
			"label": _("Plan Participation"),
			"datatype": "Percent",
			"indicator": "Green",
		},
		{
			"value": overall.get("completion") or 0,
			"label": _("Plan Completion"),
			"datatype": "Percent",
			"indicator": "Green",
		},
	]
