# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""Before HR changes a level scheme: employees per level and the monthly allowance cost under the
enabled policy and under a proposed scenario, side by side, from today's ledger."""

from typing import TypedDict

import frappe
from frappe import _
from frappe.utils import today

from hr_credit_app.balances import normalize_window
from hr_credit_app.engine import incentives
from hr_credit_app.policy import get_policy, no_policy_message
from hr_credit_app.reporting import credit_totals, get_employees, report_company


class Filters(TypedDict, total=False):
	company: str
	scenario: str  # Credit Policy Scenario


def execute(filters: Filters | None = None) -> tuple:
	filters = frappe._dict(filters or {})
	report_company(filters)
	policy = get_policy(filters.company)
	if not policy:
		return [], [], no_policy_message(filters.company), None, None
	if not filters.scenario:
		return (
			[],
			[],
			_(
				"Choose a scenario to compare with the policy in force, or make one with New Scenario: a scenario is a proposed set of levels and allowances."
			),
			None,
			None,
		)
	current, proposed = get_costs(filters, policy)
	data = get_data(current, proposed, policy.currency)
	return get_columns(), data, None, get_chart_data(data), get_summary(current, proposed, policy.currency)


def get_costs(filters: Filters, policy: frappe._dict) -> tuple[dict, dict]:
	"""The employees per level and the monthly cost under the policy and under the scenario, each
	counting credits over its own window."""
	scenario = frappe.get_doc("Credit Policy Scenario", filters.scenario)
	employees = get_employees(filters.company)
	current_frame, _c = credit_totals(filters.company, employees, policy.window, today())
	proposed_window = normalize_window(scenario.credit_window)
	proposed_frame = current_frame
	if proposed_window != policy.window:
		proposed_frame, _c = credit_totals(filters.company, employees, proposed_window, today())
	current = incentives.policy_cost(current_frame, policy.levels)
	proposed = incentives.policy_cost(proposed_frame, scenario.engine_levels())
	return current, proposed


def get_columns() -> list[dict]:
	return [
		{"fieldname": "level", "label": _("Level"), "fieldtype": "Data", "width": 150},
		{"fieldname": "current_employees", "label": _("Employees Now"), "fieldtype": "Int", "width": 120},
		{
			"fieldname": "proposed_employees",
			"label": _("Employees Proposed"),
			"fieldtype": "Int",
			"width": 140,
		},
		{
			"fieldname": "current_cost",
			"label": _("Monthly Cost Now"),
			"fieldtype": "Currency",
			"options": "currency",
			"width": 150,
		},
		{
			"fieldname": "proposed_cost",
			"label": _("Monthly Cost Proposed"),
			"fieldtype": "Currency",
			"options": "currency",
			"width": 170,
		},
		{
			"fieldname": "difference",
			"label": _("Difference"),
			"fieldtype": "Currency",
			"options": "currency",
			"width": 130,
		},
	]


def get_data(current: dict, proposed: dict, currency: str) -> list[dict]:
	"""A row per level of either scheme (the policy's first), then those at no level."""
	data = []
	names = [row["level"] for row in current["levels"]]
	names += [row["level"] for row in proposed["levels"] if row["level"] not in names]
	by_level = lambda cost: {row["level"]: row for row in cost["levels"]}  # noqa: E731
	cur, pro = by_level(current), by_level(proposed)
	for name in sorted(names, key=lambda n: (n is None, names.index(n))):
		c, p = cur.get(name, {}), pro.get(name, {})
		data.append(
			{
				"level": _(name) if name else _("No Level"),
				"current_employees": c.get("employees", 0),
				"proposed_employees": p.get("employees", 0),
				"current_cost": c.get("monthly_cost", 0),
				"proposed_cost": p.get("monthly_cost", 0),
				"difference": p.get("monthly_cost", 0) - c.get("monthly_cost", 0),
				"currency": currency,
			}
		)
	return data


def get_chart_data(data: list[dict]) -> dict:
	return {
		"data": {
			"labels": [row["level"] for row in data],
			"datasets": [
				{"name": _("Now"), "values": [row["current_employees"] for row in data]},
				{"name": _("Proposed"), "values": [row["proposed_employees"] for row in data]},
			],
		},
		"type": "bar",
		"title": _("Employees per Level"),
	}


def get_summary(current: dict, proposed: dict, currency: str) -> list[dict]:
	delta = proposed["monthly_cost"] - current["monthly_cost"]
	return [
		{
			"value": current["monthly_cost"],
			"label": _("Monthly Cost Now"),
			"datatype": "Currency",
			"currency": currency,
			"indicator": "Blue",
		},
		{
			"value": proposed["monthly_cost"],
			"label": _("Monthly Cost Proposed"),
			"datatype": "Currency",
			"currency": currency,
			"indicator": "Blue",
		},
		{
			"value": delta,
			"label": _("Difference per Month"),
			"datatype": "Currency",
			"currency": currency,
			"indicator": "Red" if delta > 0 else "Green",
		},
		{
			"value": delta * 12,
			"label": _("Difference per Year"),
			"datatype": "Currency",
			"currency": currency,
			"indicator": "Red" if delta > 0 else "Green",
		},
	]
