"""Plan, department and level progress on hand-made frames (no frappe)."""

import datetime as dt

import pandas as pd

from hr_credit_app.engine import progress
from hr_credit_app.engine.incentives import Level

TODAY = dt.date(2026, 6, 30)
LEVELS = [Level("Junior", 20, 500), Level("Intermediate", 40, 1000), Level("Senior", 60, 1500)]


def test_plan_progress_counts_participation_completion_overdue_and_the_extension_effect():
	# a plan for 4 employees x 1 course, due 31 May, extended from 15 May
	targeted = pd.DataFrame({"plan": "P", "course": "PY", "employee": ["a", "b", "c", "d"]})
	enrolled = pd.DataFrame({"employee": ["a", "b", "c"], "course": "PY"})
	credited = pd.DataFrame(
		{"employee": ["a", "b"], "course": "PY", "credited_on": ["2026-05-10", "2026-05-20"]}
	)
	plans = pd.DataFrame({"plan": ["P"], "due_date": ["2026-05-31"], "original_due_date": ["2026-05-15"]})
	(row,) = progress.plan_progress(targeted, enrolled, credited, plans, TODAY)
	assert (row["targeted"], row["enrolled"], row["completed"], row["overdue"]) == (4, 3, 2, 2)
	assert (row["participation"], row["completion"]) == (75.0, 50.0)
	# by 15 May only a had finished (25%); by the new due date b too (50%)
	assert (row["completion_by_original_due"], row["completion_by_due"]) == (25.0, 50.0)


def test_credit_without_evidence_still_counts_as_enrolled_and_nothing_is_overdue_before_the_due_date():
	targeted = pd.DataFrame({"plan": "P", "course": "PY", "employee": ["a", "b"]})
	credited = pd.DataFrame({"employee": ["a"], "course": "PY", "credited_on": ["2026-06-01"]})
	plans = pd.DataFrame({"plan": ["P"], "due_date": ["2026-07-31"], "original_due_date": [None]})
	(row,) = progress.plan_progress(
		targeted, pd.DataFrame(columns=["employee", "course"]), credited, plans, TODAY
	)
	assert (row["enrolled"], row["completed"], row["overdue"]) == (1, 1, 0)


def test_totals_add_rows_up_by_plan():
	rows = [
		{"plan": "P", "targeted": 4, "enrolled": 3, "completed": 2, "overdue": 2},
		{"plan": "P", "targeted": 6, "enrolled": 6, "completed": 3, "overdue": 0},
		{"plan": "Q", "targeted": 5, "enrolled": 0, "completed": 0, "overdue": 5},
	]
	assert progress.totals(rows, "plan") == [
		{
			"plan": "P",
			"targeted": 10,
			"enrolled": 9,
			"completed": 5,
			"overdue": 2,
			"participation": 90.0,
			"completion": 50.0,
		},
		{
			"plan": "Q",
			"targeted": 5,
			"enrolled": 0,
			"completed": 0,
			"overdue": 5,
			"participation": 0.0,
			"completion": 0.0,
		},
	]
	assert progress.totals(rows)["completion"] == round(100 * 5 / 15, 2)


def test_completion_trend_is_cumulative_per_week():
	credited = pd.DataFrame({"credited_on": ["2026-06-02", "2026-06-03", "2026-06-16"]})
	trend = progress.completion_trend(credited, targeted=4, start="2026-06-01", end="2026-06-21")
	assert [(t["date"], t["completed"], t["completion"]) for t in trend] == [
		("2026-06-07", 2, 50.0),
		("2026-06-14", 2, 50.0),
		("2026-06-21", 3, 75.0),
	]


def test_department_distribution_quartiles():
	frame = pd.DataFrame(
		{
			"employee": list("abcdefg"),
			"department": ["Sales"] * 4 + ["IT"] * 3,
			"total": [0, 10, 20, 30, 5, 5, 50],
		}
	)
	rows = {r["department"]: r for r in progress.department_distribution(frame)}
	sales = rows["Sales"]
	assert (sales["headcount"], sales["credits_per_head"], sales["with_credits"]) == (4, 15.0, 3)
	assert (sales["q1"], sales["median"], sales["q3"]) == (7.5, 15.0, 22.5)  # linear interpolation
	assert (rows["IT"]["median"], rows["IT"]["max"]) == (5.0, 50.0)


def test_level_progress_gives_the_next_level_and_the_gap():
	frame = pd.DataFrame(
		{
			"employee": ["a", "b", "c", "d"],
			"total": [30.0, 10.0, 65.0, 45.0],
			"cat:Practice": [0.0, 0.0, 5.0, 2.0],
		}
	)
	levels = [*LEVELS[:2], Level("Senior", 60, 1500, category_minimums={"Practice": 10})]
	result = progress.level_progress(frame, levels).set_index("employee")
	assert result.loc["a", "level"] == "Junior" and result.loc["a", "next_level"] == "Intermediate"
	assert result.loc["a", "gap"] == 10  # "10 credits short of Intermediate"
	assert (
		result.loc["b", "level"] is None
		and result.loc["b", "next_level"] == "Junior"
		and result.loc["b", "gap"] == 10
	)
	# 65 credits but only 5 practice credits: still Intermediate, 5 practice credits short of Senior
	assert result.loc["c", "level"] == "Intermediate" and result.loc["c", "gap"] == 5
	# 45 credits: 15 short of Senior's 60 (and 8 practice credits short): the larger shortfall
	assert result.loc["d", "gap"] == 15


def test_level_progress_of_nobody_is_an_empty_table():
	"""A report filter that matches no employee (an employee outside the chosen department) shows an
	empty report, not an error."""
	frame = pd.DataFrame({"employee": [], "total": []})
	result = progress.level_progress(frame, LEVELS)
	assert len(result) == 0
	assert {"level", "next_level", "gap"} <= set(result.columns)


def test_plan_progress_by_department_splits_the_same_counts():
	targeted = pd.DataFrame(
		{
			"plan": "P",
			"course": "PY",
			"employee": ["a", "b", "c", "d"],
			"department": ["Sales", "Sales", "IT", None],
		}
	)
	credited = pd.DataFrame(
		{"employee": ["a", "c"], "course": "PY", "credited_on": ["2026-05-10", "2026-05-11"]}
	)
	plans = pd.DataFrame({"plan": ["P"], "due_date": ["2026-05-31"], "original_due_date": [None]})
	rows = progress.plan_progress(
		targeted, pd.DataFrame(columns=["employee", "course"]), credited, plans, TODAY, by=["department"]
	)
	by_department = {
		row["department"]: (row["targeted"], row["completed"], row["completion"]) for row in rows
	}
	assert by_department == {"Sales": (2, 1, 50.0), "IT": (1, 1, 100.0), None: (1, 0, 0.0)}
