"""What the per-slip checks read, once for all the slips of a Payroll Entry in a request or job.

HRMS creates (and submits) the slips of a Payroll Entry one after the other in one job, and each
slip's hooks (``overrides.salary_slip``) ask the same three things about its employee: the payout
recorded for the period, the employee's credits in the policy's window, and which credit Additional
Salaries were cancelled. At the first slip of an entry they are read for all its employees, in
three set-based queries, instead of three queries per slip.

What was read is never trusted past a change this process makes: an employee whose credits or
payout this process writes afterwards (a ledger post or cancellation, a payout sync, a slip's
submission or cancellation) is read again slip by slip, and a rollback drops everything. A change
made by another process while the job runs is seen when the slips are submitted, which checks each
slip again (in its own job).
"""

import frappe
from frappe.utils import getdate

from hr_credit_app import credits as credits_layer
from hr_credit_app.balances import get_window_bounds
from hr_credit_app.bulk import CHUNK, chunks
from hr_credit_app.engine import payouts as engine

LOCAL = "hr_credit_app_slip_checks"


def _store() -> dict:
	store = getattr(frappe.local, LOCAL, None)
	if store is None:
		store = {"key": None, "checks": None, "stale": set()}
		setattr(frappe.local, LOCAL, store)
	return store


def forget(employees=None) -> None:
	"""Drop what was read (for ``employees`` only: they are read slip by slip from now on)."""
	store = _store()
	if employees is None:
		store.update(key=None, checks=None, stale=set())
	else:
		store["stale"].update(employees)


credits_layer.upkeep.ON_CHANGE.append(forget)  # a post or cancellation: read those employees again


def for_slip(doc, policy) -> frappe._dict | None:
	"""The checks of the slip's Payroll Entry and period, read at its first slip; None for a slip
	outside an entry, or for an employee to read slip by slip."""
	if not doc.payroll_entry or not doc.employee:
		return None
	cutoff = engine.cutoff_date(doc.start_date, doc.end_date, policy.cutoff)
	key = (
		doc.payroll_entry,
		doc.company,
		getdate(doc.start_date),
		getdate(doc.end_date),
		policy.doc.name,
		str(policy.doc.modified),
		policy.window,
		cutoff,
	)
	store = _store()
	if store["key"] != key:
		store.update(key=key, checks=_read(doc, policy, cutoff), stale=set())
		# what this transaction wrote and then undid must not be believed
		frappe.db.after_rollback.add(forget)
	checks = store["checks"]
	if doc.employee not in checks.employees or doc.employee in store["stale"]:
		return None
	return checks


def _read(doc, policy, cutoff) -> frappe._dict:
	employees = sorted(
		set(
			frappe.get_all(
				"Payroll Employee Detail",
				filters={"parent": doc.payroll_entry, "parenttype": "Payroll Entry"},
				pluck="employee",
			)
		)
	)
	start, end = getdate(doc.start_date), getdate(doc.end_date)
	keys = {engine.payout_key(employee, start, end): employee for employee in employees}
	payouts, cancelled = {}, set()
	for chunk in chunks(list(keys), CHUNK):
		for row in frappe.db.sql(
			"""select payout_key, status, credits, level, amount from `tabCredit Payout`
			where payout_key in %s""",
			(tuple(chunk),),
			as_dict=True,
		):
			payouts[keys[row.payout_key]] = row
	for chunk in chunks(employees, CHUNK):
		cancelled.update(
			frappe.db.sql_list(
				"""select name from `tabAdditional Salary`
				where employee in %s and docstatus = 2 and ref_doctype = 'Credit Payout'""",
				(tuple(chunk),),
			)
		)
	from_date, to_date = get_window_bounds(policy.window, cutoff, doc.company)
	return frappe._dict(
		employees=set(employees),
		payouts=payouts,
		cancelled=cancelled,
		credits=credits_layer.employees_totals(employees, from_date, to_date),
	)


def employee_credits(checks: frappe._dict, employee: str) -> tuple[float, dict[str, float]]:
	return checks.credits.get(employee, (0.0, {}))
