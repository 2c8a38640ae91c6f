"""Number cards and dashboard charts of the HR Credits workspace.

Scoped like the reports, so nothing here is cached across users (``frappe.utils.dashboard.cache_source``
keys its cache by chart name only: a department manager would see the whole company). Every one
only reads (``@frappe.read_only``): a site that names a read replica answers them there.
"""

import frappe
from frappe import _
from frappe.utils import add_months, get_first_day, getdate, today

from hr_credit_app import credits as credits_layer
from hr_credit_app.engine import incentives, progress
from hr_credit_app.permissions import check_company_access, is_hr, require_desk_user
from hr_credit_app.plans import plan_rows
from hr_credit_app.policy import get_policy
from hr_credit_app.reporting import credit_totals, get_employees, get_scope


def _company(filters) -> str | None:
	"""The card's company, after checking the user may see it (desk users only)."""
	require_desk_user()
	filters = frappe.parse_json(filters) if isinstance(filters, str) else (filters or {})
	company = filters.get("company") or frappe.defaults.get_user_default("Company")
	if company:
		check_company_access(company)
	return company


def _plan_totals(filters) -> dict:
	company = _company(filters)
	if not company:
		return {}
	rows = plan_rows(company, scope=get_scope(), by_due=False).rows
	return progress.totals(rows) if rows else {}


@frappe.whitelist()
@frappe.read_only()
def plan_participation(filters=None) -> dict:
	"""Targeted employee-course pairs of active plans with evidence, in percent."""
	return {"value": _plan_totals(filters).get("participation") or 0, "fieldtype": "Percent", "precision": 1}


@frappe.whitelist()
@frappe.read_only()
def plan_completion(filters=None) -> dict:
	"""Targeted employee-course pairs of active plans that are credited, in percent."""
	return {"value": _plan_totals(filters).get("completion") or 0, "fieldtype": "Percent", "precision": 1}


def level_counts(company: str) -> dict[str, int]:
	policy = get_policy(company)
	employees = get_employees(company, scope=get_scope())
	frame, _categories = credit_totals(company, employees, policy.window if policy else None, today())
	levels = incentives.assign_levels(frame, policy.levels if policy else [])
	counts = {_("No Level"): 0}
	for level in incentives.order_levels(policy.levels if policy else []):
		counts[_(level.name)] = 0
	for name in levels["level"]:
		key = _(name) if name else _("No Level")
		counts[key] = counts.get(key, 0) + 1
	return counts


@frappe.whitelist()
@frappe.read_only()
def evidence_with_errors(filters=None) -> dict:
	"""Rejected evidence rows of the company waiting for correction (HR only; none for others)."""
	company = _company(filters)
	if not company or not is_hr():
		return {"value": 0, "fieldtype": "Int"}
	return {
		"value": frappe.db.count("Credit Evidence", {"company": company, "status": "Error"}),
		"fieldtype": "Int",
		"route": ["List", "Credit Evidence"],
		"route_options": {"company": company, "status": "Error"},
	}


@frappe.whitelist()
@frappe.read_only()
def employees_at_a_level(filters=None) -> dict:
	company = _company(filters)
	counts = level_counts(company) if company else {}
	return {"value": sum(v for k, v in counts.items() if k != _("No Level")), "fieldtype": "Int"}


@frappe.whitelist()
@frappe.read_only()
def employees_per_level(filters=None, **chart_args) -> dict:
	company = _company(filters)
	counts = level_counts(company) if company else {}
	return {"labels": list(counts), "datasets": [{"name": _("Employees"), "values": list(counts.values())}]}


@frappe.whitelist()
@frappe.read_only()
def credits_by_category(filters=None, **chart_args) -> dict:
	"""Credits posted per month over the last twelve months, one dataset per category."""
	company = _company(filters)
	start = get_first_day(add_months(today(), -11))
	scope = get_scope()
	employees = None  # HR: the whole company; anyone else: the employees they may see
	if not scope.all:
		employees = get_employees(company, active_on=today(), active_from=start, scope=scope)[
			"employee"
		].tolist()
	rows = [
		(f"{year:04d}-{month:02d}", category, credits)
		for year, month, category, credits in credits_layer.monthly_totals(company, getdate(start), employees)
	]
	months = [getdate(add_months(start, i)).strftime("%Y-%m") for i in range(12)]
	# every enabled category, also one without credits yet: a chart always has a dataset to draw
	categories = sorted(
		{category for _month, category, _credits in rows}
		| set(frappe.get_all("Credit Category", filters={"disabled": 0}, pluck="name"))
	)
	table = {(month, category): float(credits) for month, category, credits in rows}
	return {
		"labels": months,
		"datasets": [
			{"name": _(category), "values": [table.get((month, category), 0.0) for month in months]}
			for category in categories
		]
		or [{"name": _("Credits"), "values": [0.0] * len(months)}],
	}


@frappe.whitelist()
@frappe.read_only()
def completion_by_department(filters=None, **chart_args) -> dict:
	"""Completion of the active training plans, per department."""
	company = _company(filters)
	plans = plan_rows(company, scope=get_scope(), by_due=False) if company else None
	if plans is None or plans.pairs.empty:
		return {"labels": [], "datasets": [{"name": _("Completion %"), "values": []}]}
	done = plans.credited.assign(_done=1)[["employee", "course", "_done"]].drop_duplicates()
	pairs = plans.pairs.merge(done, on=["employee", "course"], how="left")
	grouped = pairs.groupby(pairs["department"].fillna(_("No Department")))["_done"].agg(["size", "sum"])
	# "Finance - CDC" is "Finance" on the axis: the company's abbreviation only cuts the label short
	short = dict(
		frappe.get_all(
			"Department",
			filters={"name": ("in", list(grouped.index))},
			fields=["name", "department_name"],
			as_list=True,
		)
	)
	return {
		"labels": [short.get(name) or name for name in grouped.index],
		"datasets": [
			{
				"name": _("Completion %"),
				"values": [
					round(100.0 * float(s) / int(n), 1)
					for n, s in zip(grouped["size"], grouped["sum"], strict=True)
				],
			}
		],
	}
