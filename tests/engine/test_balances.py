"""Balances and the structure check, on hand-made ledger rows (no frappe)."""

import datetime as dt

import pytest

from hr_credit_app.engine import balances
from hr_credit_app.engine.balances import summarize, window_bounds

TARGETS = {"Compulsory": 40.0, "Elective": 30.0, "Practice": 30.0}

# An employee's ledger over two years; the fiscal year runs April..March.
ROWS = [
	{"posting_date": "2025-02-10", "credits": 2, "category": "Compulsory", "course": "SAFE-01"},
	{"posting_date": "2025-11-30", "credits": 3, "category": "Elective", "course": "IIOT-01"},
	{"posting_date": "2026-01-15", "credits": 2, "category": "Compulsory", "course": "PY-01"},
	{"posting_date": "2026-04-01", "credits": 3, "category": "Practice", "course": "LEAN-01"},
	{"posting_date": "2026-06-30", "credits": -1, "category": "Practice", "course": None},
	{"posting_date": "2026-12-31", "credits": 5, "category": "Elective", "course": "IIOT-01"},
]
SKILLS = {
	"IIOT-01": ["Digital Skills", "Industrial Internet"],
	"PY-01": ["Digital Skills"],
	"LEAN-01": ["Lean"],
}


def test_cumulative_counts_everything_up_to_as_of_inclusive():
	summary = summarize(ROWS, as_of="2026-06-30", category_targets=TARGETS)
	assert summary["total"] == 9.0  # 2 + 3 + 2 + 3 - 1; the December row is in the future
	assert summary["entries"] == 5
	assert summary["by_category"] == {"Compulsory": 4.0, "Elective": 3.0, "Practice": 2.0}
	assert summary["from_date"] is None and summary["to_date"] == "2026-06-30"


def test_calendar_year_starts_on_first_of_january():
	summary = summarize(ROWS, as_of="2026-12-31", window="calendar_year", category_targets=TARGETS)
	assert summary["from_date"] == "2026-01-01"
	assert summary["total"] == 9.0  # 2 + 3 - 1 + 5
	assert summary["by_category"] == {"Compulsory": 2.0, "Elective": 5.0, "Practice": 2.0}


def test_fiscal_year_uses_the_start_given_by_the_caller():
	summary = summarize(
		ROWS,
		as_of="2026-12-31",
		window="fiscal_year",
		fiscal_year_start="2026-04-01",
		category_targets=TARGETS,
	)
	assert summary["total"] == 7.0  # 3 - 1 + 5; January 2026 belongs to the previous fiscal year
	assert summary["by_category"]["Compulsory"] == 0.0


def test_fiscal_year_without_a_start_is_refused():
	with pytest.raises(balances.MissingFiscalYearError):
		summarize(ROWS, as_of="2026-12-31", window="fiscal_year")
	with pytest.raises(balances.MissingFiscalYearError):
		window_bounds("fiscal_year", "2026-03-31", fiscal_year_start="2026-04-01")


def test_rolling_twelve_months_ends_on_as_of_and_excludes_the_day_a_year_before():
	assert window_bounds("rolling_12_months", "2026-11-30") == (dt.date(2025, 12, 1), dt.date(2026, 11, 30))
	summary = summarize(ROWS, as_of="2026-11-30", window="rolling_12_months")
	assert summary["total"] == 4.0  # 2 (Jan) + 3 (Apr) - 1 (Jun); 30 Nov 2025 is outside
	# leap-day arithmetic: the window ending 28 Feb 2025 starts on 29 Feb 2024
	assert window_bounds("rolling_12_months", "2025-02-28")[0] == dt.date(2024, 2, 29)


def test_unknown_window_is_refused():
	with pytest.raises(balances.UnknownWindowError):
		summarize(ROWS, as_of="2026-01-01", window="lifetime")


def test_by_skill_counts_a_course_once_per_skill_it_builds():
	summary = summarize(ROWS, as_of="2026-12-31", course_skills=SKILLS)
	assert summary["by_skill"] == {"Digital Skills": 10.0, "Industrial Internet": 8.0, "Lean": 3.0}


def test_structure_check_compares_shares_with_targets():
	# Cumulative to 2026-12-31: Compulsory 4, Elective 8, Practice 2 of 14.
	structure = summarize(ROWS, as_of="2026-12-31", category_targets=TARGETS)["structure"]
	by_category = {row["category"]: row for row in structure["categories"]}
	assert [row["category"] for row in structure["categories"]] == ["Compulsory", "Elective", "Practice"]
	assert by_category["Compulsory"]["share"] == pytest.approx(400 / 14, abs=1e-6)
	assert by_category["Compulsory"]["status"] == "below_target"
	assert by_category["Compulsory"]["credits_to_target"] == pytest.approx(0.4 * 14 - 4)
	assert by_category["Elective"]["status"] == "above_target"
	assert by_category["Practice"]["status"] == "below_target"
	assert structure["balanced"] is False


def test_structure_within_tolerance_is_balanced():
	rows = [
		{"posting_date": "2026-01-01", "credits": 8, "category": "Compulsory"},
		{"posting_date": "2026-01-01", "credits": 7, "category": "Elective"},
		{"posting_date": "2026-01-01", "credits": 5, "category": "Practice"},
	]
	structure = summarize(rows, as_of="2026-12-31", category_targets=TARGETS, tolerance=5)["structure"]
	# 40% / 35% / 25%: Elective is 5 points over, Practice 5 under: both within 5 points.
	assert structure["balanced"] is True
	strict = summarize(rows, as_of="2026-12-31", category_targets=TARGETS, tolerance=4)["structure"]
	assert strict["balanced"] is False


def test_no_credits_means_every_targeted_category_is_below_target():
	structure = summarize([], as_of="2026-12-31", category_targets=TARGETS)["structure"]
	assert {row["status"] for row in structure["categories"]} == {"below_target"}
	assert structure["balanced"] is False


def test_cancelling_a_row_is_modelled_by_leaving_it_out():
	"""The caller passes submitted rows only; removing one lowers the balance by its credits."""
	full = summarize(ROWS, as_of="2026-12-31")["total"]
	without_last = summarize(ROWS[:-1], as_of="2026-12-31")["total"]
	assert full - without_last == 5.0
