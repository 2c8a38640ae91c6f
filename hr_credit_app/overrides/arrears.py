"""HRMS 16's Payroll Correction and Arrear (doc_events; the doctypes do not exist on HRMS 15).

Both pay, as new Additional Salaries, the difference on rows of submitted slips. A credit allowance
or honour award reaches a slip as an Additional Salary of its own, which both already leave out; the
bonus add-on is a row the app adds to the slip, and would be paid again as an "arrear" wherever HR
marked its component as one. Credits are paid by their payouts only: rows of the app's components
are taken out of a correction or an arrear, and the user is told which.
"""

import frappe
from frappe import _

ARREAR_TABLES = ("earning_arrears", "deduction_arrears", "accrual_arrears")


def credit_components() -> set[str]:
	"""Every salary component a credit incentive policy pays through (set-based: four queries)."""
	policy = frappe.qb.DocType("Credit Incentive Policy")
	level = frappe.qb.DocType("Credit Level")
	reward = frappe.qb.DocType("Credit Honour Reward")
	components = set()
	for column in (policy.allowance_component, policy.addon_component):
		components.update(value for (value,) in frappe.qb.from_(policy).select(column).distinct().run())
	components.update(
		value
		for (value,) in frappe.qb.from_(level)
		.select(level.salary_component)
		.where(level.parenttype == "Credit Incentive Policy")
		.distinct()
		.run()
	)
	components.update(
		value
		for (value,) in frappe.qb.from_(reward)
		.select(reward.salary_component)
		.where(reward.parenttype == "Credit Incentive Policy")
		.distinct()
		.run()
	)
	return {component for component in components if component}


def drop_credit_rows(doc, method=None):
	components = credit_components()
	dropped = []
	for table in ARREAR_TABLES:
		rows = doc.get(table) or []
		kept = [row for row in rows if row.salary_component not in components]
		if len(kept) != len(rows):
			dropped += [row.salary_component for row in rows if row.salary_component in components]
			doc.set(table, kept)
	if dropped:
		frappe.msgprint(
			_("Credit incentives are paid by their payouts, never as arrears; left out: {0}.").format(
				", ".join(sorted(set(dropped)))
			),
			indicator="orange",
			alert=True,
		)
