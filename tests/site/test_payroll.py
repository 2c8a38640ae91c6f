"""Credits -> pay, on real HRMS payroll: Payroll Entry -> Salary Slips with the allowance and the
bonus add-on, exactly once, for a small run and for a run of more than 30 employees."""

import pytest

import frappe

from hr_credit_app.payroll import sync_allowances

from .factories import COMPANY, recorded_sql
from .payroll_world import BONUS, PayrollWorld, run_queued_jobs

ALLOWANCE, ADDON = "Credit Skill Allowance", "Credit Bonus Add-on"


def earnings(slip, component):
	return [row.amount for row in slip.earnings if row.salary_component == component]


@pytest.fixture
def world(request):
	worlds = []

	def make(*args, **kwargs):
		worlds.append(PayrollWorld(*args, **kwargs))
		return worlds[-1]

	yield make
	for w in worlds:
		w.purge()


def test_small_run_pays_allowances_and_bonus_addon_on_the_slips(world):
	w = world([45, 25, 10, None])
	e45, e25, e10, no_structure = w.employees
	entry = w.payroll_entry(submit=False)
	# filling the Payroll Entry posted the allowances, before any slip exists
	payouts = {
		p.employee: p
		for p in frappe.get_all("Credit Payout", filters={"employee": ("in", w.employees)}, fields=["*"])
	}
	assert (payouts[e45].level, payouts[e45].amount, payouts[e45].status) == ("Intermediate", 1000, "Posted")
	assert (payouts[e25].level, payouts[e25].amount) == ("Junior", 500)
	assert (payouts[e10].level, payouts[e10].amount, payouts[e10].status) == (None, 0, "No Allowance")
	assert str(payouts[e45].cutoff_date) == "2026-09-30"
	salary = frappe.get_doc("Additional Salary", payouts[e45].additional_salary)
	assert (salary.docstatus, salary.amount, salary.ref_doctype, salary.ref_docname) == (
		1,
		1000,
		"Credit Payout",
		payouts[e45].name,
	)
	assert salary.overwrite_salary_structure_amount == 0 and str(salary.payroll_date) == "2026-10-31"
	assert no_structure not in payouts  # not in the Payroll Entry: HRMS only takes employees with a structure

	entry.reload()
	entry.submit()
	slips = w.slips(entry)
	assert earnings(slips[e45], ALLOWANCE) == [1000]
	assert earnings(slips[e25], ALLOWANCE) == [500]
	assert earnings(slips[e10], ALLOWANCE) == []
	# bonus 20,000 x floor(credits / 10) x 1%, capped at 10%
	assert earnings(slips[e45], BONUS) == [20000] and earnings(slips[e45], ADDON) == [800]
	assert earnings(slips[e25], ADDON) == [400]
	assert earnings(slips[e10], ADDON) == [200]
	assert slips[e45].gross_pay == 50000 + 20000 + 1000 + 800

	entry.reload()
	entry.submit_salary_slips()
	frappe.db.commit()
	paid = frappe.get_doc("Credit Payout", payouts[e45].name)
	assert (paid.status, paid.salary_slip) == ("Paid", slips[e45].name)
	assert (paid.bonus_amount, paid.addon_credits, paid.addon_percent, paid.addon_amount) == (
		20000,
		45,
		4,
		800,
	)
	# 10 credits: no level, so no allowance, but the slip paid a bonus add-on: the payout was paid
	addon_only = frappe.get_doc("Credit Payout", payouts[e10].name)
	assert (addon_only.status, addon_only.amount, addon_only.addon_amount) == ("Paid", 0, 200)


def test_employees_who_cannot_be_paid_are_skipped_with_a_reason(world):
	w = world([45, None])
	e45, no_structure = w.employees
	frappe.db.set_value("Employee", e45, "relieving_date", "2026-09-20")
	result = sync_allowances(COMPANY, w.start, w.end, employees=w.employees)
	frappe.db.commit()
	assert result["skipped"] == 2
	reasons = dict(
		frappe.get_all(
			"Credit Payout",
			filters={"employee": ("in", w.employees)},
			fields=["employee", "skip_reason"],
			as_list=True,
		)
	)
	assert "Relieved" in reasons[e45]
	assert "Salary Structure Assignment" in reasons[no_structure]
	assert frappe.db.count("Additional Salary", {"employee": ("in", w.employees)}) == 0


def test_cancel_and_rerun_the_payroll_entry_three_times_pays_each_amount_once(world):
	w = world([45])
	(employee,) = w.employees
	for _run in range(3):
		entry = w.payroll_entry()
		slip = w.slips(entry)[employee]
		assert earnings(slip, ALLOWANCE) == [1000] and earnings(slip, ADDON) == [800]
		entry.reload()
		entry.submit_salary_slips()
		frappe.db.commit()
		entry.reload()
		entry.cancel()
		frappe.db.commit()
	assert frappe.db.count("Additional Salary", {"employee": employee, "docstatus": 1}) == 1
	assert frappe.db.count("Additional Salary", {"employee": employee}) == 1
	assert frappe.db.count("Credit Payout", {"employee": employee}) == 1
	assert (
		frappe.db.get_value("Credit Payout", {"employee": employee}, "status") == "Posted"
	)  # its slips were cancelled
	entry = w.payroll_entry()
	entry.reload()
	entry.submit_salary_slips()
	frappe.db.commit()
	paid = frappe.db.sql(
		"""select sum(d.amount) from `tabSalary Detail` d join `tabSalary Slip` s on s.name = d.parent
		where s.employee = %s and s.docstatus = 1 and d.salary_component = %s""",
		(employee, ALLOWANCE),
	)[0][0]
	assert paid == 1000


def test_a_credit_cancelled_before_slips_are_submitted_lowers_the_allowance(world):
	w = world([35])
	(employee,) = w.employees
	extra = w.credit(employee, 10, w.tag + "-extra")  # 45 credits: Intermediate
	frappe.db.commit()
	entry = w.payroll_entry()
	slip = w.slips(entry)[employee]
	assert earnings(slip, ALLOWANCE) == [1000]

	frappe.get_doc("Credit Entry", extra).cancel()  # 35 credits: Junior
	slip.reload()
	slip.save()
	frappe.db.commit()
	slip.reload()
	assert earnings(slip, ALLOWANCE) == [500] and earnings(slip, ADDON) == [600]
	payout = frappe.get_doc("Credit Payout", {"employee": employee})
	assert (payout.level, payout.amount) == ("Junior", 500)
	assert frappe.db.count("Additional Salary", {"employee": employee, "docstatus": 2}) == 1

	entry.reload()
	entry.submit_salary_slips()
	frappe.db.commit()
	# once paid, a later change never rewrites the payout
	w.credit(employee, 30, w.tag + "-late")
	frappe.db.commit()
	result = sync_allowances(COMPANY, w.start, w.end, employees=[employee])
	assert result["paid"] == 1 and result["replaced"] == 0
	assert frappe.db.get_value("Credit Payout", payout.name, ["status", "amount"]) == ("Paid", 500)


def test_a_run_of_more_than_30_employees_goes_through_the_queued_slip_creation(world):
	w = world([25] * 31)
	entry = w.payroll_entry()
	assert frappe.db.get_value("Payroll Entry", entry.name, "status") == "Queued"
	assert frappe.db.count("Credit Payout", {"employee": ("in", w.employees), "status": "Posted"}) == 31
	run_queued_jobs()
	slips = w.slips(entry)
	assert len(slips) == 31
	assert {tuple(earnings(slip, ALLOWANCE)) for slip in slips.values()} == {(500,)}
	assert {tuple(earnings(slip, ADDON)) for slip in slips.values()} == {(400,)}
	assert frappe.db.count("Additional Salary", {"employee": ("in", w.employees)}) == 31


def test_an_entrys_slips_read_payouts_and_credits_once_and_never_past_a_change(world):
	"""Each slip of a Payroll Entry checks its payout: the first reads every employee's payout and
	credits at once, the others read nothing more; a credit posted since is still seen."""
	import re

	from hr_credit_app.payroll import slip_checks

	w = world([35, 35, 35])
	e1, e2, e3 = w.employees
	entry = w.payroll_entry()
	slips = w.slips(entry)
	assert all(earnings(slips[e], ALLOWANCE) == [500] for e in w.employees)
	slip_checks.forget()
	slips[e1].save()  # reads the entry's payouts and credits
	with recorded_sql() as queries:
		slips[e3].save()
	assert queries and not [q for q in queries if re.search(r"tabCredit (Payout|Balance|Entry)", q)]
	w.credit(e2, 10, w.tag + "-more")  # 45 credits now: Intermediate
	slips[e2].reload()
	slips[e2].save()
	frappe.db.commit()
	slips[e2].reload()
	assert earnings(slips[e2], ALLOWANCE) == [1000]
	assert frappe.db.get_value("Credit Payout", {"employee": e2}, "level") == "Intermediate"
