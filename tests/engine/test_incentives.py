"""Levels, bonus add-on, promotion gates, honours and the policy what-if, on hand-made data (no frappe)."""

import datetime as dt
import time

import numpy as np
import pandas as pd
import pytest

from hr_credit_app.engine import honours, incentives
from hr_credit_app.engine.gates import Gate, Requirement, check_gate
from hr_credit_app.engine.honours import rank_learners
from hr_credit_app.engine.incentives import (
	Level,
	assign_level,
	assign_levels,
	bonus_addon,
	bonus_addon_percent,
	compare_policies,
	next_level,
	policy_cost,
)

# The seed's levels, deliberately out of order.
SENIOR = Level("Senior", 60, 1500, "Credit Allowance")
JUNIOR = Level("Junior", 20, 500, "Credit Allowance")
INTERMEDIATE = Level("Intermediate", 40, 1000, "Credit Allowance")
LEVELS = [SENIOR, JUNIOR, INTERMEDIATE]
# The same, except that Senior also needs 10 Practice credits.
SENIOR_PRACTICE = Level("Senior", 60, 1500, "Credit Allowance", {"Practice": 10})
LEVELS_PRACTICE = [JUNIOR, INTERMEDIATE, SENIOR_PRACTICE]


def _walk(value):
	"""Every leaf of a nested result."""
	if isinstance(value, dict):
		for item in value.values():
			yield from _walk(item)
	elif isinstance(value, list):
		for item in value:
			yield from _walk(item)
	else:
		yield value


def assert_plain(result):
	for leaf in _walk(result):
		assert leaf is None or type(leaf) in (bool, int, float, str), (leaf, type(leaf))
		assert not (isinstance(leaf, float) and leaf != leaf), "NaN in result"


# --- levels -------------------------------------------------------------------------------------------


def test_seed_levels_are_assigned_by_threshold_whatever_their_order():
	assert assign_level(45, {}, LEVELS) is INTERMEDIATE
	assert assign_level(45, {}, LEVELS).monthly_allowance == 1000
	assert assign_level(19.99, {}, LEVELS) is None
	assert assign_level(20, {}, LEVELS) is JUNIOR
	assert assign_level(60, {}, LEVELS) is SENIOR
	assert assign_level(250, {}, LEVELS) is SENIOR
	assert assign_level(45, {}, list(reversed(LEVELS))) is INTERMEDIATE


def test_float_noise_does_not_cost_a_level():
	assert (0.3 - 0.1) * 300 < 60  # 59.99999999999999
	assert assign_level((0.3 - 0.1) * 300, {}, [Level("Sixty", 60)]).name == "Sixty"
	assert assign_level(59.99999999999, {}, [Level("Sixty", 60)]).name == "Sixty"
	assert assign_level(59.999, {}, [Level("Sixty", 60)]) is None


def test_a_category_minimum_blocks_a_level():
	assert assign_level(65, {"Practice": 5}, LEVELS_PRACTICE) is INTERMEDIATE
	assert assign_level(65, {}, LEVELS_PRACTICE) is INTERMEDIATE
	assert assign_level(65, {"Practice": 10}, LEVELS_PRACTICE) is SENIOR_PRACTICE


def test_next_level_from_the_seed():
	assert next_level(45, {}, LEVELS) == {
		"level": "Senior",
		"min_credits": 60.0,
		"credits_needed": 15.0,
		"category_needs": {},
	}
	assert next_level(30, {}, LEVELS)["level"] == "Intermediate"
	assert next_level(30, {}, LEVELS)["credits_needed"] == 10.0
	# no level yet: the lowest one
	assert next_level(12, {}, LEVELS)["level"] == "Junior"
	assert next_level(12, {}, LEVELS)["credits_needed"] == 8.0
	assert next_level(60, {}, LEVELS) is None
	assert next_level(10, {}, []) is None


def test_next_level_reports_missing_category_credits():
	result = next_level(65, {"Practice": 4}, LEVELS_PRACTICE)
	assert result == {
		"level": "Senior",
		"min_credits": 60.0,
		"credits_needed": 0.0,
		"category_needs": {"Practice": 6.0},
	}
	result = next_level(50, {"Practice": 2.5}, LEVELS_PRACTICE)
	assert result["credits_needed"] == 10.0 and result["category_needs"] == {"Practice": 7.5}
	# a minimum already met is not a need
	assert next_level(45, {"Practice": 15}, LEVELS_PRACTICE)["category_needs"] == {}


def test_duplicate_level_names_are_refused():
	with pytest.raises(ValueError):
		assign_level(10, {}, [Level("A", 10), Level("A", 20)])


def test_assign_levels_on_a_small_frame():
	frame = pd.DataFrame(
		{
			"employee": ["E1", "E2", "E3", "E4", "E5"],
			"total": [10, 45, 65, 65, np.nan],
			"cat:Practice": [0, 20, 4, 12, 30],
		}
	)
	result = assign_levels(frame, LEVELS_PRACTICE)
	assert list(result.columns) == ["employee", "total", "level", "monthly_allowance", "salary_component"]
	assert result["employee"].tolist() == ["E1", "E2", "E3", "E4", "E5"]
	assert result["level"].tolist() == [None, "Intermediate", "Intermediate", "Senior", None]
	assert result["monthly_allowance"].tolist() == [0.0, 1000.0, 1000.0, 1500.0, 0.0]
	assert result["salary_component"].tolist() == [None, *["Credit Allowance"] * 3, None]
	assert result["total"].tolist() == [10.0, 45.0, 65.0, 65.0, 0.0]


def test_assign_levels_treats_a_missing_category_column_as_zero():
	frame = pd.DataFrame({"employee": ["E1", "E2"], "total": [65, 45]})
	assert assign_levels(frame, LEVELS_PRACTICE)["level"].tolist() == ["Intermediate", "Intermediate"]
	assert assign_levels(frame, LEVELS)["level"].tolist() == ["Senior", "Intermediate"]


def test_assign_levels_on_ten_thousand_employees_matches_assign_level(monkeypatch):
	rng = np.random.default_rng(7)
	count = 10_000
	frame = pd.DataFrame(
		{
			"employee": [f"E{i:05d}" for i in range(count)],
			"total": rng.integers(0, 90, count).astype(float),
			"cat:Practice": rng.integers(0, 20, count).astype(float),
		}
	)
	expected = [
		(level.name, level.monthly_allowance) if level else (None, 0.0)
		for level in (
			assign_level(total, {"Practice": practice}, LEVELS_PRACTICE)
			for total, practice in zip(frame["total"], frame["cat:Practice"], strict=True)
		)
	]
	# the vectorised path must not fall back to one call per employee
	monkeypatch.setattr(incentives, "assign_level", None)
	monkeypatch.setattr(incentives, "_assigned_index", None)
	started = time.perf_counter()
	result = assign_levels(frame, LEVELS_PRACTICE)
	elapsed = time.perf_counter() - started
	assert list(zip(result["level"], result["monthly_allowance"], strict=True)) == expected
	assert {name for name, _ in expected} == {None, "Junior", "Intermediate", "Senior"}
	assert elapsed < 1.0


# --- bonus add-on -------------------------------------------------------------------------------------


def test_bonus_addon_seed_example_with_cap():
	assert bonus_addon_percent(37, 10, 1, 5) == 3.0
	assert bonus_addon(20_000, 37, 10, 1, 5) == 600.0
	assert bonus_addon_percent(80, 10, 1, 5) == 5.0
	assert bonus_addon(20_000, 80, 10, 1, 5) == 1000.0


def test_bonus_addon_without_cap():
	assert bonus_addon_percent(80, 10, 1, None) == 8.0
	assert bonus_addon(20_000, 80, 10, 1, None) == 1600.0
	assert bonus_addon(20_000, 80, 10, 1, 0) == 1600.0


def test_bonus_addon_counts_full_steps_only():
	assert bonus_addon_percent(9.99, 10, 1, None) == 0.0
	assert bonus_addon_percent(10, 10, 1, None) == 1.0
	assert bonus_addon_percent(0.7, 0.1, 1, None) == 7.0  # 0.7 / 0.1 is 6.999999999999999
	assert bonus_addon_percent(25, 5, 0.5, None) == 2.5
	assert bonus_addon_percent(-30, 10, 1, 5) == 0.0
	assert bonus_addon(20_000, -30, 10, 1, 5) == 0.0


def test_bonus_addon_rounds_to_the_precision():
	assert bonus_addon(12_345.67, 37, 10, 1, None) == 370.37  # 370.3701
	assert bonus_addon(12_345.67, 37, 10, 1, None, precision=0) == 370.0


def test_bonus_addon_refuses_a_non_positive_step():
	with pytest.raises(ValueError):
		bonus_addon_percent(37, 0, 1, 5)
	with pytest.raises(ValueError):
		bonus_addon(20_000, 37, -10, 1, 5)


# --- promotion gates ----------------------------------------------------------------------------------

MANAGER_GATE = Gate("Department Manager", 50, (Requirement("category", "Management", 20),))


def test_gate_seed_example_needs_50_has_42_management_12_of_20():
	result = check_gate(MANAGER_GATE, 42, {"Management": 12, "Practice": 30}, {})
	assert result == {
		"target": "Department Manager",
		"passed": False,
		"blocked": True,
		"mode": "Block",
		"total": 42.0,
		"min_total": 50.0,
		"missing_total": 8.0,
		"shortfalls": [
			{"kind": "category", "name": "Management", "has": 12.0, "needs": 20.0, "missing": 8.0}
		],
	}


def test_gate_passes_when_total_and_every_requirement_are_met():
	result = check_gate(MANAGER_GATE, 50, {"Management": 20}, {})
	assert result["passed"] and not result["blocked"]
	assert result["missing_total"] == 0.0 and result["shortfalls"] == []


def test_gate_total_met_but_category_missing_still_fails():
	result = check_gate(MANAGER_GATE, 70, {}, {})
	assert not result["passed"] and result["missing_total"] == 0.0
	assert result["shortfalls"] == [
		{"kind": "category", "name": "Management", "has": 0.0, "needs": 20.0, "missing": 20.0}
	]


def test_gate_skill_requirement_and_warn_mode():
	gate = Gate(
		"Lead Engineer",
		requirements=(Requirement("skill", "Digital Skills", 8), Requirement("category", "Practice", 5)),
		mode="Warn",
	)
	result = check_gate(gate, 30, {"Practice": 6, "Digital Skills": 20}, {"Digital Skills": 5})
	assert not result["passed"] and not result["blocked"] and result["mode"] == "Warn"
	assert result["shortfalls"] == [
		{"kind": "skill", "name": "Digital Skills", "has": 5.0, "needs": 8.0, "missing": 3.0}
	]
	assert check_gate(gate, 30, {"Practice": 6}, {"Digital Skills": 8})["passed"]


def test_gate_refuses_unknown_kind_and_mode():
	with pytest.raises(ValueError):
		Requirement("course", "PY-01", 2)
	with pytest.raises(ValueError):
		Gate("Department Manager", 50, mode="Maybe")


# --- honours ------------------------------------------------------------------------------------------

# Ten employees; top 20% -> 2 places; B and C tie on the second place.
POPULATION = {
	"A": 50,
	"B": 40,
	"C": 40,
	"D": 30,
	"E": 20,
	"F": 10,
	"G": 5,
	"H": 0,
	"I": 0,
	"J": 0,
}


def _by_employee(rows):
	return {row["employee"]: row for row in rows}


def awarded(rows):
	return sorted(row["employee"] for row in rows if row["awarded"])


def test_ranking_is_competition_ranking_by_credits():
	rows = rank_learners(POPULATION, 20)
	assert [row["employee"] for row in rows] == list("ABCDEFGHIJ")
	assert [row["rank"] for row in rows] == [1, 2, 2, 4, 5, 6, 7, 8, 8, 8]
	assert rows[0] == {"employee": "A", "credits": 50.0, "rank": 1, "awarded": True, "reason": "top"}
	assert_plain(rows)


def test_tie_straddling_the_boundary_is_included():
	rows = _by_employee(rank_learners(POPULATION, 20, tie_rule="include_ties"))
	assert awarded(rows.values()) == ["A", "B", "C"]  # 3 awards for 2 places
	assert rows["D"]["reason"] == "outside_top"


def test_tie_straddling_the_boundary_is_excluded():
	rows = _by_employee(rank_learners(POPULATION, 20, tie_rule="exclude_ties"))
	assert awarded(rows.values()) == ["A"]  # 1 award for 2 places
	assert rows["B"]["reason"] == rows["C"]["reason"] == "tie_excluded"
	assert rows["D"]["reason"] == "outside_top"


def test_tie_broken_by_earliest():
	reached = {"B": dt.date(2026, 9, 1), "C": dt.date(2026, 3, 15)}
	rows = rank_learners(POPULATION, 20, tie_rule="earliest", tie_breaker=reached)
	by_employee = _by_employee(rows)
	assert awarded(rows) == ["A", "C"]
	assert (by_employee["C"]["rank"], by_employee["B"]["rank"]) == (2, 3)
	assert by_employee["B"]["reason"] == "outside_top"
	assert [row["employee"] for row in rows[:3]] == ["A", "C", "B"]


def test_earliest_needs_a_tie_breaker_and_unknown_rules_are_refused():
	with pytest.raises(ValueError):
		rank_learners(POPULATION, 20, tie_rule="earliest")
	with pytest.raises(ValueError):
		rank_learners(POPULATION, 20, tie_rule="alphabetical")


def test_floor_and_zero_credits_are_not_eligible_but_count_in_the_population():
	# 10 employees: top 30% = 3 places, but only A, B and C reach the floor of 35
	rows = _by_employee(rank_learners(POPULATION, 30, min_credits=35))
	assert awarded(rows.values()) == ["A", "B", "C"]
	assert rows["D"]["reason"] == "below_floor" and not rows["D"]["awarded"]
	# a floor of 45 leaves a place empty rather than shrinking the population
	rows = _by_employee(rank_learners(POPULATION, 20, min_credits=45))
	assert awarded(rows.values()) == ["A"]
	assert rows["B"]["reason"] == "below_floor"
	# zero credits are never eligible, even with no floor and 100%
	rows = _by_employee(rank_learners(POPULATION, 100))
	assert awarded(rows.values()) == list("ABCDEFG")
	assert rows["H"]["reason"] == "below_floor"


def test_places_are_a_share_of_the_whole_population():
	# 100 employees, 7% -> exactly 7 places (7 / 100 * 100 is 7.000000000000001 in floats)
	credits = pd.Series({f"E{i:03d}": float(200 - i) for i in range(100)})
	assert awarded(rank_learners(credits, 7)) == [f"E{i:03d}" for i in range(7)]
	assert awarded(rank_learners(credits, 10)) == [f"E{i:03d}" for i in range(10)]
	# 5 employees, 10% -> ceil(0.5) = 1 place
	assert awarded(rank_learners({"A": 3, "B": 2, "C": 1, "D": 1, "E": 1}, 10)) == ["A"]
	# nobody when the share is 0
	assert awarded(rank_learners(POPULATION, 0)) == []


# --- policy what-if -----------------------------------------------------------------------------------

STAFF = pd.DataFrame(
	{
		"employee": ["E1", "E2", "E3", "E4", "E5", "E6"],
		"total": [10, 25, 45, 65, 68, 75],
	}
)


def test_policy_cost_per_level_and_in_total():
	result = policy_cost(STAFF, LEVELS)
	assert result == {
		"levels": [
			{"level": "Junior", "employees": 1, "monthly_cost": 500.0},
			{"level": "Intermediate", "employees": 1, "monthly_cost": 1000.0},
			{"level": "Senior", "employees": 3, "monthly_cost": 4500.0},
			{"level": None, "employees": 1, "monthly_cost": 0.0},
		],
		"employees": 6,
		"monthly_cost": 6000.0,
	}
	assert_plain(result)


def test_raising_a_threshold_moves_people_down_and_cost_falls_by_the_exact_amount():
	proposed = [JUNIOR, INTERMEDIATE, Level("Senior", 70, 1500, "Credit Allowance")]
	result = compare_policies(STAFF, LEVELS, proposed)
	assert result["current"]["monthly_cost"] == 6000.0
	assert result["proposed"]["monthly_cost"] == 5000.0  # E4 and E5 drop from 1,500 to 1,000
	assert result["delta_monthly_cost"] == -1000.0
	assert result["moved_down"] == ["E4", "E5"]
	assert result["moved_up"] == []
	assert result["rows"] == [
		{
			"level": "Junior",
			"current_employees": 1,
			"proposed_employees": 1,
			"current_cost": 500.0,
			"proposed_cost": 500.0,
			"delta_cost": 0.0,
		},
		{
			"level": "Intermediate",
			"current_employees": 1,
			"proposed_employees": 3,
			"current_cost": 1000.0,
			"proposed_cost": 3000.0,
			"delta_cost": 2000.0,
		},
		{
			"level": "Senior",
			"current_employees": 3,
			"proposed_employees": 1,
			"current_cost": 4500.0,
			"proposed_cost": 1500.0,
			"delta_cost": -3000.0,
		},
		{
			"level": None,
			"current_employees": 1,
			"proposed_employees": 1,
			"current_cost": 0.0,
			"proposed_cost": 0.0,
			"delta_cost": 0.0,
		},
	]
	assert_plain(result)


def test_compare_policies_with_a_new_level_and_a_higher_allowance():
	proposed = [
		Level("Starter", 5, 200),
		Level("Junior", 20, 600),
		INTERMEDIATE,
		SENIOR,
	]
	result = compare_policies(STAFF, LEVELS, proposed)
	assert [row["level"] for row in result["rows"]] == ["Starter", "Junior", "Intermediate", "Senior", None]
	starter = result["rows"][0]
	assert (starter["current_employees"], starter["proposed_employees"]) == (0, 1)
	assert result["moved_up"] == ["E1", "E2"]  # 0 -> 200 and 500 -> 600
	assert result["moved_down"] == []
	assert result["delta_monthly_cost"] == 300.0
	assert_plain(result)


def test_compare_policies_orders_a_shared_name_by_its_lower_threshold():
	current = [INTERMEDIATE, SENIOR, Level("Expert", 80, 2000)]
	proposed = [INTERMEDIATE, Level("Expert", 50, 2000), SENIOR]
	result = compare_policies(STAFF, current, proposed)
	assert [row["level"] for row in result["rows"]] == ["Intermediate", "Expert", "Senior", None]
	expert = result["rows"][1]
	assert (expert["current_employees"], expert["proposed_employees"]) == (0, 0)  # nobody in 50..60
	assert result["rows"][2]["proposed_employees"] == 3
	assert result["moved_up"] == [] and result["moved_down"] == []


def test_gate_courses_are_for_those_on_the_way_to_the_gate():
	from hr_credit_app.engine.gates import KIND_CATEGORY, KIND_SKILL, Gate, Requirement, gate_needs_for

	manager = Gate(
		"Department Manager",
		50,
		(Requirement(KIND_SKILL, "Management", 20), Requirement(KIND_CATEGORY, "Practice", 10)),
		from_designations=("Team Lead",),
	)
	assert gate_needs_for("Team Lead", [manager]) == ({"Management"}, {"Practice"})
	assert gate_needs_for("Accountant", [manager]) == (set(), set())  # no path to it
	assert gate_needs_for("Department Manager", [manager]) == (set(), set())  # there already
	assert gate_needs_for(None, [manager]) == (set(), set())
