"""Salary Slip (doc_events): the credit allowance kept current, the bonus add-on added, payouts
marked paid, and a slip that would pay a replaced allowance refused."""

import frappe
from frappe import _
from frappe.utils import flt

from hr_credit_app import compat
from hr_credit_app.engine import incentives
from hr_credit_app.engine import payouts as engine
from hr_credit_app.payroll import payout_is_current, payout_key, slip_checks, sync_allowances
from hr_credit_app.policy import employee_credits, get_policy


def before_salary_slip_validate(doc, method=None):
	"""Before HRMS computes a draft slip: make this employee's payout current, and drop the row of
	an Additional Salary that a replaced payout cancelled."""
	# draft saves and the submit (which validates once more); never a cancelled slip
	if doc.docstatus == 2 or not (doc.employee and doc.start_date and doc.end_date):
		return
	policy = get_policy(doc.company)
	doc.flags.hr_credit_policy = (policy,)  # the validate hook of this same save reads it
	if not policy:
		return
	if not payout_is_current(doc, policy):
		sync_allowances(
			doc.company,
			doc.start_date,
			doc.end_date,
			employees=[doc.employee],
			payroll_frequency=doc.payroll_frequency,
			payroll_entry=doc.payroll_entry,
		)
	linked = [row.additional_salary for row in doc.get("earnings") if row.additional_salary]
	if linked:
		checks = slip_checks.for_slip(doc, policy)
		if checks is not None:
			cancelled = {name for name in linked if name in checks.cancelled}
		else:
			cancelled = set(
				frappe.db.sql_list(
					"""select name from `tabAdditional Salary`
					where name in %s and docstatus = 2 and ref_doctype = 'Credit Payout'""",
					(tuple(linked),),
				)
			)
		if cancelled:
			doc.set("earnings", [row for row in doc.earnings if row.additional_salary not in cancelled])


def on_salary_slip_validate(doc, method=None):
	"""After HRMS computed the slip: add (or correct) the bonus add-on and recompute the slip."""
	kept = doc.flags.pop("hr_credit_policy", None)  # what before_validate read in this save
	policy = kept[0] if kept else get_policy(doc.company)
	if not policy or doc.docstatus == 2 or not policy.doc.enable_bonus_addon:
		return
	settings = policy.doc
	bonus = sum(
		flt(row.amount) for row in doc.get("earnings") if row.salary_component == settings.bonus_component
	)
	credits = 0.0
	percent = 0.0
	amount = 0.0
	if bonus > 0:
		checks = slip_checks.for_slip(doc, policy)
		if checks is not None:
			credits = slip_checks.employee_credits(checks, doc.employee)[0]
		else:
			cutoff = engine.cutoff_date(doc.start_date, doc.end_date, policy.cutoff)
			credits = employee_credits(doc.employee, doc.company, cutoff, policy.window)[0]
		percent = incentives.bonus_addon_percent(
			credits,
			flt(settings.credits_per_step),
			flt(settings.percent_per_step),
			flt(settings.max_addon_percent) or None,
		)
		amount = incentives.bonus_addon(
			bonus,
			credits,
			flt(settings.credits_per_step),
			flt(settings.percent_per_step),
			flt(settings.max_addon_percent) or None,
		)
	rows = [
		row
		for row in doc.get("earnings")
		if row.salary_component == settings.addon_component and not row.additional_salary
	]
	current = sum(flt(row.amount) for row in rows)
	if abs(current - amount) > 0.005 or len(rows) > 1:
		from hrms.payroll.doctype.salary_slip.salary_slip import get_salary_component_data

		doc.set("earnings", [row for row in doc.earnings if row not in rows])
		if amount > 0:
			doc.update_component_row(get_salary_component_data(settings.addon_component), amount, "earnings")
		doc.calculate_net_pay()
		doc.compute_year_to_date()
		doc.compute_month_to_date()
		doc.compute_component_wise_year_to_date()
	doc.flags.hr_credit_addon = {
		"bonus_amount": bonus,
		"addon_credits": credits,
		"addon_percent": percent,
		"addon_amount": amount,
	}


def on_salary_slip_submit(doc, method=None):
	"""The slip paid its payouts: mark them Paid and keep what the add-on was computed from.

	First, as it is now (a locking read): if a sync replaced a credit Additional Salary of this slip
	while it was being submitted, the slip would pay a cancelled one; it is refused instead, and
	submitting it again picks up the new one."""
	slip_checks.forget([doc.employee])
	linked = [row.additional_salary for row in doc.get("earnings") if row.additional_salary]
	if linked:
		with compat.latest_locking_reads():
			cancelled = frappe.db.sql_list(
				"""select name from `tabAdditional Salary` where name in %s and docstatus = 2
				and ref_doctype in ('Credit Payout', 'Credit Honour Award') for update""",
				(tuple(linked),),
			)
		if cancelled:
			frappe.throw(
				_(
					"The credit allowance of this slip changed while it was being submitted ({0} was replaced). Submit the slip again."
				).format(", ".join(cancelled)),
				title=_("Credit Allowance Changed"),
			)
	key = payout_key(doc.employee, doc.start_date, doc.end_date)
	paid = [row.additional_salary for row in doc.get("earnings") if row.additional_salary]
	values = {"salary_slip": doc.name}
	addon = doc.flags.hr_credit_addon  # set by the validate that ran during this submit
	if addon:
		values.update(addon)
	name = frappe.db.get_value(
		"Credit Payout", {"payout_key": key}, ["name", "additional_salary"], as_dict=True
	)
	if not name:
		return
	# paid: its allowance, or a bonus add-on on this slip (a payout without an allowance may pay one)
	if (name.additional_salary and name.additional_salary in paid) or flt(
		(addon or {}).get("addon_amount")
	) > 0:
		values["status"] = engine.PAID
	frappe.db.set_value("Credit Payout", name.name, values)


def on_salary_slip_cancel(doc, method=None):
	slip_checks.forget([doc.employee])
	for name in frappe.get_all("Credit Payout", filters={"salary_slip": doc.name}, pluck="name"):
		frappe.db.set_value(
			"Credit Payout",
			name,
			{
				"status": engine.POSTED
				if frappe.db.get_value("Credit Payout", name, "amount")
				else engine.NO_ALLOWANCE,
				"salary_slip": None,
				"bonus_amount": 0,
				"addon_credits": 0,
				"addon_percent": 0,
				"addon_amount": 0,
			},
		)


def on_salary_slip_trash(doc, method=None):
	slip_checks.forget([doc.employee])
	frappe.db.set_value("Credit Payout", {"salary_slip": doc.name}, "salary_slip", None)
