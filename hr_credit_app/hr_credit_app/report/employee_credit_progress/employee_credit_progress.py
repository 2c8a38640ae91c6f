# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""Per employee: credits by category vs the targets, current level, the next one and the gap to
it, and the plan courses past their due date."""

import functools
from datetime import date
from typing import Literal, TypedDict

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate, today

from hr_credit_app.balances import get_category_targets
from hr_credit_app.engine import incentives, progress
from hr_credit_app.plans import overdue_counts
from hr_credit_app.policy import get_policy
from hr_credit_app.reporting import credit_totals, get_employees, get_scope, plain, report_company


class Filters(TypedDict, total=False):
	company: str
	department: str
	designation: str
	employee: str
	window: Literal["", "Cumulative", "Calendar Year", "Fiscal Year", "Rolling 12 Months"]
	as_of: str | date  # today when empty
	overdue_only: int  # Check: only the employees with overdue plan courses


def execute(filters: Filters | None = None) -> tuple:
	filters = frappe._dict(filters or {})
	report_company(filters)
	filters.as_of = getdate(filters.as_of or today())
	data, categories, targets, levels = get_data(filters, get_scope())
	return get_columns(categories, targets), data, None, get_chart_data(data, levels), get_summary(data)


def get_columns(categories: list[str], targets: dict[str, float]) -> list[dict]:
	cols = [
		# Data, not Link: Frappe would drop rows by the viewer's own Employee User Permission, while
		# this report applies the app's scope itself (a department manager sees the department)
		{"fieldname": "employee", "label": _("Employee"), "fieldtype": "Data", "width": 130},
		{"fieldname": "employee_name", "label": _("Employee Name"), "fieldtype": "Data", "width": 150},
		{
			"fieldname": "department",
			"label": _("Department"),
			"fieldtype": "Data",
			"link_to": "Department",
			"width": 140,
		},
		{
			"fieldname": "designation",
			"label": _("Designation"),
			"fieldtype": "Data",
			"link_to": "Designation",
			"width": 120,
		},
		{"fieldname": "total", "label": _("Credits"), "fieldtype": "Float", "precision": 1, "width": 90},
	]
	for category in categories:
		target = targets.get(category)
		cols.append(
			{
				"fieldname": frappe.scrub(category),
				"label": _(category),
				"fieldtype": "Float",
				"precision": 1,
				"width": 90,
			}
		)
		cols.append(
			{
				"fieldname": frappe.scrub(category) + "_share",
				"label": _("{0} % (target {1}%)").format(
					_(category), plain(target) if target is not None else "-"
				),
				"fieldtype": "Percent",
				"precision": 1,
				"width": 120,
			}
		)
	cols += [
		{"fieldname": "structure", "label": _("Off Target"), "fieldtype": "Data", "width": 130},
		{"fieldname": "level", "label": _("Level"), "fieldtype": "Data", "width": 110},
		{"fieldname": "next_level", "label": _("Next Level"), "fieldtype": "Data", "width": 110},
		{
			"fieldname": "gap",
			"label": _("Credits to Next Level"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 110,
		},
		{"fieldname": "overdue", "label": _("Overdue Plan Courses"), "fieldtype": "Int", "width": 100},
	]
	return cols


def get_data(
	filters: Filters, scope: frappe._dict
) -> tuple[list[dict], list[str], dict[str, float], list[incentives.Level]]:
	"""A row per employee in scope, most credits first; with what the other parts show them by: the
	categories found (targeted ones first, the columns), their targets, and the policy's levels."""
	employees = get_employees(
		filters.company,
		filters.department,
		filters.designation,
		filters.employee,
		active_on=filters.as_of,
		scope=scope,
	)
	frame, categories = credit_totals(filters.company, employees, filters.window, filters.as_of)
	policy = get_policy(filters.company)
	levels = policy.levels if policy else []
	ranked = progress.level_progress(frame, levels)
	overdue = overdue_counts(filters.company, scope=scope, staff=employees)
	targets = get_category_targets()
	tolerance = flt(frappe.db.get_single_value("HR Credit Settings", "structure_tolerance"))
	data = []
	info = employees.set_index("employee")[["employee_name", "department", "designation"]].to_dict("index")
	translate = functools.cache(_)  # a handful of level and category names, 10,000 rows
	fields = [
		(category, incentives.CATEGORY_PREFIX + category, frappe.scrub(category)) for category in categories
	]
	on_target, no_credits = _("On target"), _("No credits")
	for row, levelled in zip(frame.to_dict("records"), ranked.to_dict("records"), strict=True):
		employee = row["employee"]
		total = row["total"]
		record = {
			"employee": employee,
			**info[employee],
			"total": round(total, 2),
			"level": translate(levelled["level"]) if plain(levelled["level"]) else None,
			"next_level": translate(levelled["next_level"]) if plain(levelled["next_level"]) else None,
			"gap": plain(levelled["gap"]),
			"overdue": int(overdue.get(employee, 0)),
		}
		off_target = []
		for category, column, fieldname in fields:
			credits = row[column]
			share = 100.0 * credits / total if total > 0 else 0.0
			record[fieldname] = round(credits, 2)
			record[fieldname + "_share"] = round(share, 1)
			target = targets.get(category)
			if target is not None and abs(share - target) > tolerance:
				off_target.append(category)
		record["structure"] = (
			on_target
			if total > 0 and not off_target
			else ", ".join(translate(c) for c in off_target) or no_credits
		)
		data.append(record)
	if cint(filters.overdue_only):
		data = [row for row in data if row["overdue"]]
	data.sort(key=lambda r: (-r["total"], r["employee"]))
	return data, categories, targets, levels


def get_chart_data(data: list[dict], levels: list[incentives.Level]) -> dict:
	names = [_("No Level")] + [_(level.name) for level in incentives.order_levels(levels)]
	counts = {name: 0 for name in names}
	for row in data:  # the rows' levels are translated already
		counts[row["level"] or names[0]] += 1
	return {
		"data": {
			"labels": names,
			"datasets": [{"name": _("Employees"), "values": [counts[n] for n in names]}],
		},
		"type": "bar",
		"title": _("Employees per Level"),
	}


def get_summary(data: list[dict]) -> list[dict]:
	employees = len(data)
	total = sum(row["total"] for row in data)
	levelled = sum(1 for row in data if row["level"])
	return [
		{"value": employees, "label": _("Employees"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": f"{total / employees if employees else 0:.1f}",  # one decimal, not the system's three
			"label": _("Credits per Employee"),
			"datatype": "Data",
			"indicator": "Blue",
		},
		{"value": levelled, "label": _("At a Level"), "datatype": "Int", "indicator": "Green"},
		{
			"value": sum(row["overdue"] for row in data),
			"label": _("Overdue Plan Courses"),
			"datatype": "Int",
			"indicator": "Red" if any(row["overdue"] for row in data) else "Green",
		},
	]
