# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""Per plan and course: targeted / enrolled / completed / overdue, the completion trend, and the
effect of an extension (completion by the original due date vs by the new one)."""

from typing import Literal, TypedDict

import pandas as pd

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils import getdate, today

from hr_credit_app.engine import progress
from hr_credit_app.plans import plan_rows
from hr_credit_app.reporting import get_scope, report_company


class Filters(TypedDict, total=False):
	company: str
	plan: str  # Training Plan
	course: str  # Credit Course
	department: str
	status: Literal["Active", "Closed"]  # Active when empty


def execute(filters: Filters | None = None) -> tuple:
	filters = frappe._dict(filters or {})
	report_company(filters)
	filters.status = filters.status or "Active"
	found = plan_rows(
		filters.company, filters.plan, filters.department, status=filters.status, scope=get_scope()
	)
	data = get_data(filters, found)
	return get_columns(), data, None, get_chart_data(data, found), get_summary(data)


def get_columns() -> list[dict]:
	return [
		{
			"fieldname": "plan",
			"label": _("Training Plan"),
			"fieldtype": "Data",
			"link_to": "Training Plan",
			"width": 110,
		},
		{"fieldname": "plan_name", "label": _("Plan"), "fieldtype": "Data", "width": 160},
		{
			"fieldname": "course",
			"label": _("Credit Course"),
			"fieldtype": "Data",
			"link_to": "Credit Course",
			"width": 120,
		},
		{"fieldname": "targeted", "label": _("Targeted"), "fieldtype": "Int", "width": 80},
		{"fieldname": "enrolled", "label": _("Enrolled"), "fieldtype": "Int", "width": 80},
		{"fieldname": "completed", "label": _("Completed"), "fieldtype": "Int", "width": 90},
		{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Int", "width": 80},
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
		{
			"fieldname": "original_due_date",
			"label": _("Original Due Date"),
			"fieldtype": "Date",
			"width": 110,
		},
		{"fieldname": "due_date", "label": _("Due Date"), "fieldtype": "Date", "width": 100},
		{
			"fieldname": "completion_by_original_due",
			"label": _("Completion by Original Due Date"),
			"fieldtype": "Percent",
			"precision": 1,
			"width": 140,
		},
		{
			"fieldname": "completion_by_due",
			"label": _("Completion by Due Date"),
			"fieldtype": "Percent",
			"precision": 1,
			"width": 130,
		},
		{"fieldname": "extensions", "label": _("Extensions"), "fieldtype": "Int", "width": 90},
		{"fieldname": "makeup_sessions", "label": _("Make-up Sessions"), "fieldtype": "Int", "width": 110},
	]


def get_data(filters: Filters, found: frappe._dict) -> list[dict]:
	"""A row per plan and course (of the course filtered on), with the plan's dates and changes."""
	rows = found.rows
	if filters.course:
		rows = [row for row in rows if row["course"] == filters.course]
	info = {p.name: p for p in found.plans}
	extensions = extension_counts([p.name for p in found.plans])
	data = []
	for row in rows:
		plan = info[row["plan"]]
		data.append(
			{
				**row,
				"plan_name": plan.plan_name,
				"original_due_date": plan.original_due_date,
				"due_date": plan.due_date,
				"extensions": extensions.get((plan.name, "Due Date Extension"), 0),
				"makeup_sessions": extensions.get((plan.name, "Make-up Session"), 0),
			}
		)
	return data


def extension_counts(plans: list[str]) -> dict[tuple[str, str], int]:
	if not plans:
		return {}
	change = frappe.qb.DocType("Training Plan Change")
	counts = (
		frappe.qb.from_(change)
		.select(change.parent, change.change_type, Count(change.name))
		.where(change.parent.isin(plans) & (change.parenttype == "Training Plan"))
		.groupby(change.parent, change.change_type)
		.run()
	)
	return {(parent, change_type): count for parent, change_type, count in counts}


def get_chart_data(rows: list[dict], found: frappe._dict) -> dict | None:
	"""Completion over time of the rows' plan courses: weekly, or monthly over more than 120 days."""
	if not rows:
		return None
	credited, plans = found.credited, found.plans
	targeted = sum(row["targeted"] for row in rows)
	# the rows' targeted pairs (every plan's, or those of the course filtered on), each counted with
	# the first day its employee was credited for its course
	pairs = found.pairs[found.pairs["course"].isin({row["course"] for row in rows})]
	pairs = pairs.drop_duplicates(["plan", "course", "employee"])
	keys = progress.PairKeys(pairs)
	first_days = (
		pd.Series(pd.to_datetime(credited["credited_on"]).to_numpy(), index=keys.of(credited))
		.loc[lambda days: days.index >= 0]
		.groupby(level=0)
		.min()
	)
	completions = pd.DataFrame({"credited_on": first_days.reindex(keys.of(pairs)).dropna().to_numpy()})
	start = min(getdate(p.from_date) for p in plans)
	end = max(
		max(getdate(p.due_date) for p in plans), min(getdate(today()), max(getdate(p.to_date) for p in plans))
	)
	trend = progress.completion_trend(
		completions, targeted, start, end, freq="W" if (end - start).days <= 120 else "M"
	)
	return {
		"data": {
			"labels": [point["date"] for point in trend],
			"datasets": [
				{"name": _("Completion %"), "values": [point["completion"] or 0 for point in trend]}
			],
		},
		"type": "line",
		"axisOptions": {"xIsSeries": 1},
		"title": _("Completion over Time"),
	}


def get_summary(rows: list[dict]) -> list[dict]:
	overall = progress.totals(rows) if rows else {}
	return [
		{
			"value": len({row["plan"] for row in rows}),
			"label": _("Plans"),
			"datatype": "Int",
			"indicator": "Blue",
		},
		{
			"value": overall.get("targeted") or 0,
			"label": _("Targeted"),
			"datatype": "Int",
			"indicator": "Blue",
		},
		{
			"value": overall.get("participation") or 0,
			"label": _("Participation"),
			"datatype": "Percent",
			"indicator": "Green",
		},
		{
			"value": overall.get("completion") or 0,
			"label": _("Completion"),
			"datatype": "Percent",
			"indicator": "Green",
		},
		{
			"value": overall.get("overdue") or 0,
			"label": _("Overdue"),
			"datatype": "Int",
			"indicator": "Red" if overall.get("overdue") else "Green",
		},
	]
