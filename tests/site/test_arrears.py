"""HRMS 16's Payroll Correction and Arrear over a period whose slip paid a credit allowance and the
bonus add-on: neither is ever paid again as an arrear (issue 12). HRMS 15 has neither doctype."""

import pytest

import frappe

from hr_credit_app.overrides.arrears import drop_credit_rows

from .payroll_world import BASIC, BONUS, PayrollWorld
from .test_payroll import ADDON, ALLOWANCE, earnings

pytestmark = pytest.mark.skipif(
	not frappe.db.table_exists("Payroll Correction"), reason="HRMS 15 has no Payroll Correction or Arrear"
)


@pytest.fixture
def paid_slip():
	world = PayrollWorld([45])
	components = [BASIC, BONUS, ALLOWANCE, ADDON]
	marked = dict(
		frappe.get_all(
			"Salary Component",
			filters={"name": ("in", components)},
			fields=["name", "arrear_component"],
			as_list=True,
		)
	)
	try:
		entry = world.payroll_entry(submit=False)
		entry.reload()
		entry.submit()
		entry.reload()
		entry.submit_salary_slips()
		frappe.db.commit()
		slip = world.slips(entry)[world.employees[0]]
		assert slip.docstatus == 1
		assert earnings(slip, ALLOWANCE) == [1000] and earnings(slip, ADDON) == [800]
		# the worst case: HR marked every earning of the slip, the app's too, as an arrear component
		for component in components:
			frappe.db.set_value("Salary Component", component, "arrear_component", 1)
		yield slip
	finally:
		frappe.db.rollback()
		for component, value in marked.items():
			frappe.db.set_value("Salary Component", component, "arrear_component", value)
		frappe.db.commit()
		world.purge()


def test_a_payroll_correction_never_pays_a_credit_allowance_or_the_add_on_again(paid_slip):
	correction = frappe.get_doc(
		{
			"doctype": "Payroll Correction",
			"employee": paid_slip.employee,
			"company": paid_slip.company,
			"salary_slip_reference": paid_slip.name,
			"days_to_reverse": 2,
		}
	)
	correction.populate_breakup_table()  # HRMS's own rows: what it would pay for two reversed days
	rows = {row.salary_component for row in correction.earning_arrears}
	assert ALLOWANCE not in rows  # an Additional Salary row: HRMS leaves it out by itself
	assert {BASIC, ADDON} <= rows  # the add-on is a row the app added: HRMS would pay it again
	drop_credit_rows(correction)
	rows = {row.salary_component for row in correction.earning_arrears}
	assert BASIC in rows and ALLOWANCE not in rows and ADDON not in rows


def test_the_arrear_hooks_are_registered_for_both_doctypes():
	events = frappe.get_hooks("doc_events")
	for doctype in ("Payroll Correction", "Arrear"):
		assert "hr_credit_app.overrides.arrears.drop_credit_rows" in events[doctype]["validate"]
