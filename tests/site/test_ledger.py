"""The credit ledger: posting, immutability, cancellation and balances in every window."""

import pytest

import frappe
from frappe.utils import add_days, getdate, today

from erpnext.accounts.utils import get_fiscal_year

from hr_credit_app.api import get_credit_summary
from hr_credit_app.exceptions import InvalidCreditEntryError, InvalidCreditsError
from hr_credit_app.ledger import cancel as cancel_credit_entries
from hr_credit_app.ledger import post as post_credit_entries

from .factories import COMPANY, new_course, new_employee, post


def manual_entry(employee, credits, reason="Correction agreed with HR", **kwargs):
	return frappe.get_doc(
		{
			"doctype": "Credit Entry",
			"employee": employee,
			"credits": credits,
			"category": kwargs.pop("category", "Compulsory"),
			"source": "Manual Adjustment",
			"reason": reason,
			"posting_date": kwargs.pop("posting_date", today()),
			**kwargs,
		}
	)


def test_posting_snapshots_company_department_and_designation():
	employee = new_employee(designation="Researcher")
	name = post(employee, 2, today(), course=new_course().name)
	entry = frappe.get_doc("Credit Entry", name)
	department = frappe.db.get_value("Employee", employee, "department")
	assert (entry.company, entry.department, entry.designation) == (COMPANY, department, "Researcher")
	assert entry.docstatus == 1 and entry.category == "Compulsory"

	frappe.db.set_value("Employee", employee, "designation", "Manager")
	assert frappe.db.get_value("Credit Entry", name, "designation") == "Researcher"


def test_a_submitted_entry_cannot_be_edited():
	entry = manual_entry(new_employee(), 2)
	entry.submit()
	entry.reload()
	entry.credits = 20
	with pytest.raises(frappe.UpdateAfterSubmitError):
		entry.save()
	assert frappe.db.get_value("Credit Entry", entry.name, "credits") == 2


def test_negative_credits_only_for_a_manual_adjustment_with_reason():
	employee = new_employee()
	with pytest.raises(InvalidCreditsError):
		post(employee, -2, today(), category="Compulsory", source="Credit Rule")
	with pytest.raises(InvalidCreditEntryError, match="reason"):
		manual_entry(employee, -2, reason="").insert()
	entry = manual_entry(employee, -2)
	entry.submit()
	assert entry.docstatus == 1


def test_zero_credits_and_future_dates_are_refused():
	employee = new_employee()
	with pytest.raises(InvalidCreditsError):
		manual_entry(employee, 0).insert()
	with pytest.raises(InvalidCreditEntryError, match="future"):
		manual_entry(employee, 1, posting_date=add_days(today(), 1)).insert()


def test_automatic_sources_cannot_be_typed_in_by_hand():
	entry = manual_entry(new_employee(), 2)
	entry.source = "Credit Rule"
	with pytest.raises(InvalidCreditEntryError):
		entry.insert()


def test_an_award_key_is_posted_once_and_freed_by_cancellation():
	employee = new_employee()
	row = {
		"employee": employee,
		"credits": 2,
		"category": "Practice",
		"source": "Import",
		"award_key": "test:once",
	}
	first = post_credit_entries([row])
	again = post_credit_entries([row])
	assert list(first["posted"]) == ["test:once"] and again == {"posted": {}, "skipped": ["test:once"]}
	assert frappe.db.count("Credit Entry", {"employee": employee, "docstatus": 1}) == 1

	cancel_credit_entries(award_keys=["test:once"])
	assert frappe.db.count("Credit Entry", {"employee": employee, "docstatus": 1}) == 0
	assert list(post_credit_entries([row])["posted"]) == ["test:once"]


def test_balances_in_every_window_and_cancel_restores_them():
	employee = new_employee()
	as_of = "2026-06-30"
	old, last_day, first_day = "2025-03-01", "2025-12-31", "2026-01-01"
	compulsory = new_course(category="Compulsory", base_credits=2)
	elective = new_course(category="Elective", base_credits=2, weight=1.5)
	practice = new_course(category="Practice", base_credits=4)
	kept = {post(employee, 2, old, course=compulsory.name), post(employee, 3, last_day, course=elective.name)}
	this_year = post(employee, 4, first_day, course=practice.name)

	def totals(window, as_of=as_of):
		summary = get_credit_summary(employee, as_of=as_of, window=window)
		return summary["total"], summary["by_category"]

	assert totals("cumulative") == (9, {"Compulsory": 2, "Elective": 3, "Practice": 4})
	assert totals("calendar_year") == (4, {"Compulsory": 0, "Elective": 0, "Practice": 4})
	# 2025-07-01 .. 2026-06-30: the March 2025 entry is out
	assert totals("rolling_12_months") == (7, {"Compulsory": 0, "Elective": 3, "Practice": 4})
	# as of the last day of 2025: this year's entry is not counted yet
	assert totals("cumulative", as_of=last_day)[0] == 5

	fiscal_year_start = get_fiscal_year(as_of, company=COMPANY, as_dict=True).year_start_date
	fiscal = get_credit_summary(employee, as_of=as_of, window="fiscal_year")
	posted = {old: 2, last_day: 3, first_day: 4}
	assert fiscal["from_date"] == str(fiscal_year_start)
	assert fiscal["total"] == sum(c for day, c in posted.items() if getdate(day) >= fiscal_year_start)

	frappe.get_doc("Credit Entry", this_year).cancel()
	assert totals("cumulative") == (5, {"Compulsory": 2, "Elective": 3, "Practice": 0})
	assert totals("calendar_year")[0] == 0
	assert kept == set(frappe.get_all("Credit Entry", {"employee": employee, "docstatus": 1}, pluck="name"))


def test_summary_reports_the_structure_against_category_targets():
	employee = new_employee()
	post(employee, 4, today(), category="Compulsory")
	post(employee, 3, today(), category="Elective")
	post(employee, 3, today(), category="Practice")
	structure = get_credit_summary(employee)["structure"]
	assert structure["balanced"] is True
	assert [(r["category"], r["share"], r["target_share"]) for r in structure["categories"]] == [
		("Compulsory", 40, 40),
		("Elective", 30, 30),
		("Practice", 30, 30),
	]

	post(employee, 10, today(), category="Elective")
	structure = get_credit_summary(employee)["structure"]
	by_category = {r["category"]: r for r in structure["categories"]}
	assert structure["balanced"] is False
	assert by_category["Elective"]["status"] == "above_target" and by_category["Elective"]["share"] == 65
	assert by_category["Compulsory"]["credits_to_target"] == 4  # 40% of 20 = 8, has 4


def test_summary_by_skill_follows_the_skills_a_course_builds():
	for skill in ("Test Digital Skills", "Test Lean"):
		if not frappe.db.exists("Skill", skill):
			frappe.get_doc({"doctype": "Skill", "skill_name": skill}).insert()
	course = new_course(skills=[{"skill": "Test Digital Skills"}, {"skill": "Test Lean"}], base_credits=3)
	employee = new_employee()
	post(employee, 3, today(), course=course.name)
	assert get_credit_summary(employee)["by_skill"] == {"Test Digital Skills": 3, "Test Lean": 3}


def test_unknown_window_is_refused_with_a_clear_error():
	from hr_credit_app.exceptions import CreditWindowError

	with pytest.raises(CreditWindowError, match="lifetime"):
		get_credit_summary(new_employee(), window="lifetime")
