# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""Per employee: credits by category vs the targets, current level, the next one and the gap to
it, and the plan courses past their due date."""

import functools
from datetime import date
from typing import Literal, TypedDict

import numpy as np
import pandas as pd

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
	data = _rows(frame, ranked, employees, overdue, categories, targets, tolerance)
	if cint(filters.overdue_only):
		data = [row for row in data if row["overdue"]]
	return data, categories, targets, levels


def _rows(
	frame: pd.DataFrame,
	ranked: pd.DataFrame,
	employees: pd.DataFrame,
	overdue: dict[str, int],
	categories: list[str],
	targets: dict[str, float],
	tolerance: float,
) -> list[dict]:
	"""The report's rows, most credits first, built column by column (10,000 employees): the shares
	and the off-target categories in numpy, a row's structure text looked up per combination."""
	shown = np.round(frame["total"].to_numpy(dtype="float64"), 2)
	order = np.lexsort((frame["employee"].to_numpy(), -shown))
	frame, ranked = frame.iloc[order], ranked.iloc[order]
	names = frame["employee"].tolist()
	info = employees.set_index("employee").reindex(names)
	total = frame["total"].to_numpy(dtype="float64")
	columns = {
		"employee": names,
		"employee_name": _values(info["employee_name"]),
		"department": _values(info["department"]),
		"designation": _values(info["designation"]),
		"total": np.round(total, 2).tolist(),
	}
	translate = functools.cache(_)  # a handful of level and category names
	for field in ("level", "next_level"):
		columns[field] = [translate(v) if isinstance(v, str) and v else None for v in ranked[field]]
	columns["gap"] = [None if v != v else v for v in ranked["gap"].astype("float64").tolist()]
	columns["overdue"] = [int(overdue.get(e, 0)) for e in names]
	off_target = np.zeros(len(names), dtype="int64")  # bit i: categories[i] is off its target
	for bit, category in enumerate(categories):
		credits = frame[incentives.CATEGORY_PREFIX + category].to_numpy(dtype="float64")
		with np.errstate(divide="ignore", invalid="ignore"):
			share = np.where(total > 0, 100.0 * credits / np.where(total > 0, total, 1.0), 0.0)
		columns[frappe.scrub(category)] = np.round(credits, 2).tolist()
		columns[frappe.scrub(category) + "_share"] = np.round(share, 1).tolist()
		target = targets.get(category)
		if target is not None:
			off_target |= (np.abs(share - target) > tolerance).astype("int64") << bit
	on_target, no_credits = _("On target"), _("No credits")

	@functools.cache
	def structure(bits: int, credited: bool) -> str:
		off = [translate(c) for bit, c in enumerate(categories) if bits >> bit & 1]
		return on_target if credited and not off else ", ".join(off) or no_credits

	columns["structure"] = [
		structure(bits, credited)
		for bits, credited in zip(off_target.tolist(), (total > 0).tolist(), strict=True)
	]
	keys = list(columns)
	return [dict(zip(keys, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def _values(column: pd.Series) -> list:
	"""A column's values, with None for what is missing (not NaN)."""
	return [None if v != v else v for v in column.tolist()]


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
