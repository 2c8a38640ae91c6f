"""Payout eligibility, amounts and the re-run plan (no frappe)."""

import datetime as dt

import pytest

from hr_credit_app.engine import payouts


def test_period_amount_scales_the_monthly_allowance_to_the_frequency():
	assert payouts.period_amount(1000, "Monthly") == 1000
	assert payouts.period_amount(1000, None) == 1000
	assert payouts.period_amount(1000, "Bimonthly") == 500
	assert payouts.period_amount(1300, "Weekly") == 300  # 1300 x 12 / 52
	assert payouts.period_amount(1300, "Fortnightly") == 600  # 1300 x 12 / 26


def test_cutoff_is_the_day_before_the_period_or_its_end():
	assert payouts.cutoff_date("2026-03-01", "2026-03-31", "Day Before Period Start") == dt.date(2026, 2, 28)
	assert payouts.cutoff_date("2026-03-01", "2026-03-31", "Period End") == dt.date(2026, 3, 31)


@pytest.mark.parametrize(
	"joining, relieving, structure_from, expected",
	[
		("2020-01-01", None, "2020-01-01", (dt.date(2026, 3, 31), None)),
		("2026-04-01", None, "2026-04-01", (None, "not_joined")),
		("2020-01-01", "2026-02-28", "2020-01-01", (None, "relieved")),
		("2020-01-01", "2026-03-15", "2020-01-01", (dt.date(2026, 3, 15), None)),
		("2020-01-01", None, None, (None, "no_salary_structure")),
		("2020-01-01", None, "2026-04-01", (None, "no_salary_structure")),
	],
)
def test_payroll_date_or_the_reason_it_cannot_be_paid(joining, relieving, structure_from, expected):
	assert payouts.payroll_date("2026-03-01", "2026-03-31", joining, relieving, structure_from) == expected


def test_a_salary_in_another_currency_is_skipped():
	assert payouts.payroll_date("2026-03-01", "2026-03-31", None, None, "2020-01-01", "USD", "INR") == (
		None,
		"currency_mismatch",
	)


def test_an_inactive_employee_is_skipped_as_hrms_refuses_their_additional_salary():
	assert payouts.payroll_date(
		"2026-03-01", "2026-03-31", "2020-01-01", None, "2020-01-01", employee_status="Inactive"
	) == (None, "inactive")
	assert payouts.payroll_date(
		"2026-03-01", "2026-03-31", "2020-01-01", None, "2020-01-01", employee_status="Active"
	) == (dt.date(2026, 3, 31), None)


def test_rerun_plan_keeps_unchanged_replaces_changed_and_never_touches_paid():
	due = [
		{"key": "new", "status": "Posted", "amount": 500, "level": "Junior", "credits": 22},
		{"key": "same", "status": "Posted", "amount": 500, "level": "Junior", "credits": 22},
		{"key": "changed", "status": "Posted", "amount": 1000, "level": "Intermediate", "credits": 41},
		{"key": "paid", "status": "Posted", "amount": 1000, "level": "Intermediate", "credits": 41},
		{"key": "lost", "status": "No Allowance", "amount": 0, "level": None, "credits": 19},
	]
	recorded = {
		"same": {"status": "Posted", "amount": 500.0, "level": "Junior", "credits": 22.0},
		"changed": {"status": "Posted", "amount": 500, "level": "Junior", "credits": 25},
		"paid": {"status": "Paid", "amount": 500, "level": "Junior", "credits": 25},
		"lost": {"status": "Posted", "amount": 500, "level": "Junior", "credits": 21},
	}
	result = payouts.plan(due, recorded)
	assert [p["key"] for p in result["create"]] == ["new"]
	assert [p["key"] for p in result["keep"]] == ["same"]
	assert [p["key"] for p in result["replace"]] == ["changed", "lost"]
	assert [p["key"] for p in result["paid"]] == ["paid"]
