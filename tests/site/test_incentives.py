"""Promotion gates and honours on a real site."""

import pytest

import frappe

from hr_credit_app.exceptions import CreditGateError
from hr_credit_app.honours import award_honours

from .factories import COMPANY, new_course, new_employee, post
from .payroll_world import PayrollWorld
from .test_permissions import make_hr_user


@pytest.fixture
def policy():
	name = frappe.db.get_value("Credit Incentive Policy", {"company": COMPANY}, "name")
	doc = frappe.get_doc("Credit Incentive Policy", name)
	doc.enabled = 1
	doc.save()
	return doc


def management_course():
	return new_course(skills=[{"skill": "Management"}], category="Elective", base_credits=12)


def promotion(employee, designation="Manager", **kwargs):
	return frappe.get_doc(
		{
			"doctype": "Employee Promotion",
			"employee": employee,
			"promotion_date": frappe.utils.today(),
			"promotion_details": [
				{
					"property": "Designation",
					"current": frappe.db.get_value("Employee", employee, "designation"),
					"new": designation,
					"fieldname": "designation",
				}
			],
			**kwargs,
		}
	)


def test_example_policy_ships_the_seed_numbers(policy):
	assert [(l.level_name, l.min_credits, l.monthly_allowance) for l in policy.levels] == [
		("Junior", 20, 500),
		("Intermediate", 40, 1000),
		("Senior", 60, 1500),
	]
	assert (policy.credits_per_step, policy.percent_per_step, policy.top_percent) == (10, 1, 10)
	(gate,) = policy.promotion_gates
	assert (gate.designation, gate.min_total_credits, gate.mode) == ("Manager", 50, "Block")
	(requirement,) = policy.gate_requirements
	assert (requirement.skill, requirement.min_credits) == ("Management", 20)


def test_a_promotion_below_the_gate_is_blocked_with_what_is_missing(policy):
	employee = new_employee()
	post(employee, 30, "2026-01-10", category="Compulsory")
	post(employee, 12, "2026-02-10", course=management_course().name)
	with pytest.raises(CreditGateError) as error:
		promotion(employee).insert()
	message = str(error.value)
	assert "needs" in message and "50" in message and "42" in message
	assert "Management 12 of 20" in frappe.utils.strip_html(message)


def test_a_promotion_meeting_the_gate_passes(policy):
	employee = new_employee()
	post(employee, 30, "2026-01-10", category="Compulsory")
	post(
		employee, 24, "2026-02-10", course=new_course(skills=[{"skill": "Management"}], base_credits=24).name
	)
	doc = promotion(employee).insert()
	assert doc.credit_gate_status == "Passed"


def test_a_warn_gate_lets_the_promotion_through_with_the_message(policy):
	policy.promotion_gates[0].mode = "Warn"
	policy.save()
	employee = new_employee()
	doc = promotion(employee).insert()
	assert "needs" in doc.credit_gate_status and "50" in doc.credit_gate_status


def test_only_an_hr_manager_may_override_a_gate_and_must_say_why(policy):
	employee = new_employee()
	frappe.set_user(make_hr_user("HR User"))
	with pytest.raises(frappe.PermissionError):
		promotion(employee, credit_gate_override=1, credit_gate_override_reason="Urgent need").insert()
	frappe.set_user("Administrator")
	frappe.set_user(make_hr_user("HR Manager"))
	with pytest.raises(CreditGateError, match="reason"):
		promotion(employee, credit_gate_override=1).insert()
	doc = promotion(employee, credit_gate_override=1, credit_gate_override_reason="Urgent need").insert()
	assert doc.credit_gate_status.startswith("Overridden by")


def test_a_designation_without_a_gate_is_not_checked(policy):
	if not frappe.db.exists("Designation", "Analyst"):
		frappe.get_doc({"doctype": "Designation", "designation_name": "Analyst"}).insert()
	doc = promotion(new_employee(), designation="Analyst").insert()
	assert doc.credit_gate_status == "Passed"


@pytest.fixture
def honours_world():
	world = PayrollWorld([None] * 4)
	yield world
	world.purge()


def test_a_year_is_honoured_only_once_it_is_over():
	from frappe.utils import getdate, today

	with pytest.raises(frappe.ValidationError, match="once the year is over"):
		award_honours(COMPANY, getdate(today()).year)


def test_honours_run_twice_gives_one_set_of_awards(honours_world):
	w = honours_world
	top, tied, third, _zero = w.employees
	w.assign(top)
	for employee, credits in ((top, 40), (tied, 40), (third, 30)):
		w.credit(employee, credits, f"{w.tag}-{employee}", posting_date="2025-06-01")
	policy = frappe.get_doc("Credit Incentive Policy", w.policy)
	policy.append(
		"honour_rewards", {"reward_type": "Money", "amount": 5000, "salary_component": "Credit Honour Award"}
	)
	policy.save()
	frappe.db.commit()
	population = frappe.db.count("Employee", {"company": COMPANY, "status": "Active"})
	places = -(-population * 10 // 100)  # ceil(10% of the population)
	assert places < 3, "the test needs a small population: other employees exist on this site"

	preview = award_honours(COMPANY, 2025, payroll_date="2026-10-15", preview=1)
	assert frappe.db.count("Credit Honour Award", {"year": 2025, "company": COMPANY}) == 0  # nothing written
	assert sorted(h["employee"] for h in preview["honourees"]) == sorted([top, tied])
	assert preview["money_total"] == 10000
	first = award_honours(COMPANY, 2025, payroll_date="2026-10-15")
	frappe.db.commit()
	again = award_honours(COMPANY, 2025, payroll_date="2026-10-15")
	frappe.db.commit()
	assert first == {"existing": False, "awarded": 2}  # one place, two tied at the top: include ties
	assert again == {"existing": True, "awarded": 2}
	awards = frappe.get_all(
		"Credit Honour Award",
		filters={"year": 2025, "company": COMPANY},
		fields=["employee", "rank", "credits", "title", "name"],
	)
	assert sorted((a.employee, a.rank, a.credits) for a in awards) == sorted([(top, 1, 40), (tied, 1, 40)])
	money = frappe.get_all(
		"Additional Salary",
		filters={"employee": ("in", [top, tied]), "salary_component": "Credit Honour Award", "docstatus": 1},
		fields=["employee", "amount", "deduct_full_tax_on_selected_payroll_date", "ref_doctype"],
	)
	# the employee with a salary structure is paid through payroll, with all the tax on that date
	assert [
		(m.employee, m.amount, m.deduct_full_tax_on_selected_payroll_date, m.ref_doctype) for m in money
	] == [(top, 5000, 1, "Credit Honour Award")]
	unpaid = frappe.get_all(
		"Credit Honour Reward",
		filters={"parent": ("in", [a.name for a in awards if a.employee == tied]), "reward_type": "Money"},
		pluck="description",
	)
	assert "not paid" in unpaid[0]
