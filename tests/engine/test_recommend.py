"""Course recommendations and their reasons (no frappe)."""

import numpy as np
import pandas as pd
import pytest

from hr_credit_app.engine.recommend import DEFAULT_WEIGHTS, UnknownWeightError, peers_improved, recommend

COURSES = pd.DataFrame(
	[
		# course, title, category, skills, weight, effective_credits, active
		("PY-01", "Python Basics", "Elective", ["Python", "Digital Skills"], 1.0, 2.0, True),
		("IIOT-01", "Industrial Internet", "Elective", ["Digital Skills"], 1.5, 3.0, True),
		("LEAN-01", "Lean Production", "Practice", ["Lean"], 1.0, 2.0, True),
		("TEAM-01", "Team Building", "Management", ["Team Management"], 1.0, 2.0, True),
		("OLD-01", "Old Python", "Elective", ["Python"], 1.0, 2.0, False),
		("SAFE-01", "Safety", "Compulsory", None, 1.0, 1.0, True),
	],
	columns=["course", "title", "category", "skills", "weight", "effective_credits", "active"],
)


def scores(rows):
	return [(row["course"], row["score"]) for row in rows]


def test_skill_gap_peers_and_strategic_scores():
	rows = recommend(
		"E1",
		["Python", "Digital Skills"],
		COURSES,
		taken=set(),
		peers_improved={"IIOT-01": 7, "PY-01": 2},
	)
	# PY-01:   2 needed skills x 3 = 6; peers 2 x min(2/5, 1) = 0.8          -> 6.8
	# IIOT-01: 1 needed skill x 3 = 3; peers 2 x min(7/5, 1) = 2; weight 1.5 > 1 -> 1 -> 6.0
	# OLD-01 is inactive; LEAN-01, TEAM-01 and SAFE-01 have no reason (score 0) and are left out
	assert scores(rows) == [("PY-01", 6.8), ("IIOT-01", 6.0)]
	assert rows[0] == {
		"employee": "E1",
		"course": "PY-01",
		"title": "Python Basics",
		"score": 6.8,
		"effective_credits": 2.0,
		"reasons": [
			{"code": "skill_gap", "detail": "Digital Skills, Python", "points": 6.0},
			{"code": "peers", "detail": "2", "points": 0.8},
		],
	}
	assert [reason["code"] for reason in rows[1]["reasons"]] == ["skill_gap", "peers", "strategic"]
	assert rows[1]["reasons"][2]["detail"] == "1.5"


def test_too_few_improved_colleagues_are_never_shown():
	rows = recommend(
		"E1",
		["Python", "Digital Skills"],
		COURSES,
		taken=set(),
		peers_improved={"IIOT-01": 7, "PY-01": 2},
		min_peers=5,
	)
	# PY-01's two colleagues would reveal their appraisals: no points, no reason; IIOT-01's seven count
	assert scores(rows) == [("IIOT-01", 6.0), ("PY-01", 6.0)]
	assert [reason["code"] for reason in rows[1]["reasons"]] == ["skill_gap"]


def test_taken_courses_are_never_recommended():
	rows = recommend("E1", ["Python", "Digital Skills"], COURSES, taken={"PY-01"})
	# only IIOT-01: 3 (skill) + 1 (strategic) = 4; OLD-01 would match Python but is inactive
	assert scores(rows) == [("IIOT-01", 4.0)]


def test_next_level_and_gate_reasons():
	rows = recommend(
		"E2",
		[],
		COURSES,
		taken=set(),
		next_level_categories={"Practice": 4.0, "Elective": 0.0},  # short 4 in Practice, Elective done
		gate_skills=["Team Management"],
		gate_categories=["Management", "Compulsory"],
	)
	# LEAN-01: next_level 2; TEAM-01: gate 2 (skill and category, counted once); SAFE-01: gate 2;
	# IIOT-01: strategic 1. Ties at 2.0 by effective credits (2, 2, 1) then code: LEAN-01 < TEAM-01
	assert scores(rows) == [("LEAN-01", 2.0), ("TEAM-01", 2.0), ("SAFE-01", 2.0), ("IIOT-01", 1.0)]
	assert rows[0]["reasons"] == [{"code": "next_level", "detail": "Practice", "points": 2.0}]
	assert rows[1]["reasons"] == [{"code": "gate", "detail": "Team Management, Management", "points": 2.0}]


def test_ties_break_on_effective_credits_then_code_and_limit():
	courses = pd.DataFrame(
		{
			"course": ["B", "A", "C", "D"],
			"title": ["b", "a", "c", "d"],
			"category": "Elective",
			"skills": [["X"], ["X"], ["X"], ["X"]],
			"weight": 1.0,
			"effective_credits": [2.0, 2.0, 3.0, np.nan],
			"active": True,
		}
	)
	rows = recommend("E1", ["X"], courses, taken=set())
	# all score 3: C (3 credits) first, then A and B (2 credits, by code), then D (no credits)
	assert [row["course"] for row in rows] == ["C", "A", "B", "D"]
	assert rows[-1]["effective_credits"] is None
	assert [row["course"] for row in recommend("E1", ["X"], courses, taken=set(), limit=2)] == ["C", "A"]
	assert recommend("E1", ["X"], courses, taken=set(), limit=0) == []


def test_weights_are_parameters():
	rows = recommend(
		"E1",
		["Digital Skills"],
		COURSES,
		taken=set(),
		peers_improved={"PY-01": 2},
		weights={"skill_gap": 1.0, "peers": 10.0, "peers_saturation": 2.0, "strategic": 0.0},
	)
	# PY-01: 1 + 10 x min(2/2, 1) = 11; IIOT-01: 1 + 0 (strategic weighs nothing now) = 1
	assert scores(rows) == [("PY-01", 11.0), ("IIOT-01", 1.0)]
	assert DEFAULT_WEIGHTS["skill_gap"] == 3.0 and DEFAULT_WEIGHTS["peers_saturation"] == 5.0
	with pytest.raises(UnknownWeightError):
		recommend("E1", [], COURSES, taken=set(), weights={"skillgap": 1.0})


def test_nothing_to_recommend():
	assert recommend("E1", ["Python"], COURSES.iloc[:0], taken=set()) == []
	assert recommend("E1", ["Cooking"], COURSES, taken=set(), weights={"strategic": 0.0}) == []
	# no active column: every course counts as active, OLD-01 included
	rows = recommend("E1", ["Python"], COURSES.drop(columns=["active"]), taken=set())
	# OLD-01 and PY-01 3 points each (2 credits each: by code), IIOT-01 1 (strategic)
	assert scores(rows) == [("OLD-01", 3.0), ("PY-01", 3.0), ("IIOT-01", 1.0)]


def test_peers_improved_counts_distinct_improved_colleagues():
	frame = pd.DataFrame(
		{
			"course": ["PY-01", "PY-01", "PY-01", "PY-01", "LEAN-01", "IIOT-01"],
			"employee": ["E1", "E1", "E2", "E3", "E4", None],
			"improved": [True, True, True, None, False, True],
		}
	)
	# PY-01: E1 (twice, counts once) and E2; E3 unknown = not improved. LEAN-01: nobody.
	# IIOT-01's row has no employee and is ignored.
	assert peers_improved(frame) == {"LEAN-01": 0, "PY-01": 2}
	assert peers_improved(frame.iloc[:0]) == {}
	counts = peers_improved(frame)
	rows = recommend("E9", [], COURSES, taken=set(), peers_improved=counts)
	# PY-01 peers 2 x 2/5 = 0.8; IIOT-01 strategic 1
	assert scores(rows) == [("IIOT-01", 1.0), ("PY-01", 0.8)]
