"""Training needs from skill maps, appraisals and surveys; ranking and course mapping (no frappe)."""

import math
import time

import numpy as np
import pandas as pd

from hr_credit_app.engine.needs import (
	appraisal_needs,
	combine_needs,
	map_courses,
	rank_needs,
	skill_gaps,
	stated_needs,
)

EMPLOYEES = pd.DataFrame(
	{
		"employee": ["E1", "E2", "E3", "E4", "E5"],
		"department": ["Sales", "Sales", "Plant", "Plant", None],
		"designation": ["Sales Rep", "Sales Rep", "Operator", "Operator", None],
		"company": ["C1", "C1", "C1", "C2", "C2"],
	}
)
REQUIRED = pd.DataFrame(
	{
		"designation": ["Sales Rep", "Sales Rep", "Operator", "Operator"],
		"skill": ["Customer Communication", "Digital Skills", "Lean", "Digital Skills"],
	}
)
RATINGS = pd.DataFrame(
	{
		"employee": ["E1", "E1", "E2", "E2", "E3", "E3", "E3"],
		"skill": [
			"Customer Communication",
			"Digital Skills",
			"Customer Communication",
			"Digital Skills",
			"Lean",
			"Lean",
			"Digital Skills",
		],
		# E3 rates Lean twice: 0.4 and 0.8, the higher one (0.8) counts
		"proficiency": [0.4, 0.6, 0.9, np.nan, 0.4, 0.8, 0.59],
	}
)


def pairs(frame):
	return sorted(zip(frame["employee"], frame["skill"], strict=True))


def test_skill_gaps_unrated_or_below_threshold():
	gaps = skill_gaps(EMPLOYEES, REQUIRED, RATINGS)
	assert list(gaps.columns) == ["employee", "skill", "source", "detail"]
	assert set(gaps["source"]) == {"skill_gap"}
	details = {(row.employee, row.skill): row.detail for row in gaps.itertuples()}
	assert details == {
		("E1", "Customer Communication"): 0.4,  # 0.4 < 0.6
		# E1 Digital Skills 0.6 = threshold: no need
		("E2", "Digital Skills"): None,  # rated NaN = unrated
		# E3 Lean: best of 0.4 / 0.8 is 0.8: no need
		("E3", "Digital Skills"): 0.59,  # 0.59 < 0.6
		("E4", "Lean"): None,  # no ratings at all
		("E4", "Digital Skills"): None,
		# E5 has no designation: nothing required
	}
	assert all(value is None or isinstance(value, float) for value in gaps["detail"])


def test_skill_gaps_threshold_is_a_parameter():
	# at 0.95 E2's Customer Communication (0.9) and E3's Lean (0.8) become needs too
	gaps = skill_gaps(EMPLOYEES, REQUIRED, RATINGS, threshold=0.95)
	assert ("E2", "Customer Communication") in pairs(gaps)
	assert ("E3", "Lean") in pairs(gaps)
	assert ("E1", "Digital Skills") in pairs(gaps)
	# at 0.3 only unrated skills remain
	low = skill_gaps(EMPLOYEES, REQUIRED, RATINGS, threshold=0.3)
	assert pairs(low) == [("E2", "Digital Skills"), ("E4", "Digital Skills"), ("E4", "Lean")]


def test_skill_gaps_empty_inputs():
	no_ratings = pd.DataFrame(columns=["employee", "skill", "proficiency"])
	gaps = skill_gaps(EMPLOYEES, REQUIRED, no_ratings)
	# 2 sales reps x 2 skills + 2 operators x 2 skills, all unrated
	assert len(gaps) == 8 and gaps["detail"].isna().all()
	nothing = skill_gaps(EMPLOYEES, REQUIRED.iloc[:0], RATINGS)
	assert nothing.empty and list(nothing.columns) == ["employee", "skill", "source", "detail"]


SCORES = pd.DataFrame(
	{
		"employee": ["E1", "E1", "E2", "E2", "E3", "E3", "E4"],
		"kra": [
			"Customer Satisfaction",
			"New Product Sales",
			"Customer Satisfaction",
			"New Product Sales",
			"Output",
			"Quality",
			"Output",
		],
		"score": [2.0, 3.5, 4.0, 3.0, 3.2, 3.2, np.nan],
	}
)
KRA_SKILLS = pd.DataFrame(
	{
		"kra": ["Customer Satisfaction", "New Product Sales", "New Product Sales", "Output", "Quality"],
		"skill": ["Customer Communication", "Product Knowledge", "Customer Communication", "Lean", "Lean"],
	}
)


def test_appraisal_needs_kra_below_threshold():
	needs = appraisal_needs(SCORES, KRA_SKILLS, kra_threshold=3.0)
	details = {(row.employee, row.skill): row.detail for row in needs.itertuples()}
	# E1 Customer Satisfaction 2.0 < 3 -> Customer Communication; New Product Sales 3.5 is fine.
	# E2 New Product Sales 3.0 is not below 3.0; E3 3.2 / 3.2 fine; E4 has no score.
	assert details == {("E1", "Customer Communication"): 2.0}
	assert set(needs["source"]) == {"appraisal"}


def test_appraisal_needs_lowest_score_is_the_detail():
	# at 3.6 E1 has Customer Satisfaction 2.0 and New Product Sales 3.5 below it; both give
	# Customer Communication (detail = min(2.0, 3.5) = 2.0), the second also Product Knowledge (3.5)
	needs = appraisal_needs(SCORES, KRA_SKILLS, kra_threshold=3.6)
	details = {(row.employee, row.skill): row.detail for row in needs.itertuples()}
	assert details[("E1", "Customer Communication")] == 2.0
	assert details[("E1", "Product Knowledge")] == 3.5
	assert details[("E2", "Product Knowledge")] == 3.0
	assert details[("E3", "Lean")] == 3.2  # Output and Quality both 3.2 -> Lean once
	assert details[("E2", "Customer Communication")] == 3.0  # New Product Sales 3.0 < 3.6
	# E1 CC, E1 PK, E2 CC, E2 PK, E3 Lean; E2's Customer Satisfaction 4.0 gives nothing
	assert len(needs) == len(details) == 5


def test_appraisal_needs_weak_final_score_points_at_weakest_kra():
	finals = pd.DataFrame({"employee": ["E2", "E3", "E1"], "final_score": [2.5, 2.9, 4.5]})
	needs = appraisal_needs(SCORES, KRA_SKILLS, kra_threshold=2.5, final_scores=finals, final_threshold=3.0)
	# E1: 2.0 < 2.5 -> Customer Communication (final 4.5 is fine, no extra)
	# E2: final 2.5 < 3.0; weakest KRA New Product Sales 3.0 (not < 2.5) -> Product Knowledge + CC
	# E3: final 2.9 < 3.0; Output and Quality tie at 3.2 -> both -> Lean
	assert pairs(needs) == [
		("E1", "Customer Communication"),
		("E2", "Customer Communication"),
		("E2", "Product Knowledge"),
		("E3", "Lean"),
	]
	# without a final threshold the rule is off
	assert pairs(appraisal_needs(SCORES, KRA_SKILLS, 2.5, final_scores=finals)) == [
		("E1", "Customer Communication")
	]


def test_appraisal_needs_mean_of_repeated_kra_and_empty():
	repeated = pd.DataFrame({"employee": ["E1", "E1"], "kra": ["Output", "Output"], "score": [2.0, 3.0]})
	# mean 2.5 < 2.6 -> a need; 2.5 < 2.5 is not
	assert pairs(appraisal_needs(repeated, KRA_SKILLS, 2.6)) == [("E1", "Lean")]
	assert appraisal_needs(repeated, KRA_SKILLS, 2.5).empty
	assert appraisal_needs(SCORES.iloc[:0], KRA_SKILLS, 3.0).empty


def test_frames_with_a_repeated_index_are_fine():
	# frames glued together with pd.concat keep their old index: 0, 1, 0, 1
	scores = pd.concat([SCORES.iloc[:2], SCORES.iloc[2:4]])
	finals = pd.concat([pd.DataFrame({"employee": ["E2"], "final_score": [1.0]})] * 2)
	needs = appraisal_needs(scores, KRA_SKILLS, 3.0, final_scores=finals, final_threshold=3.0)
	# E1 CS 2.0 -> CC; E2 final 1.0 -> weakest KRA New Product Sales 3.0 -> PK, CC
	assert pairs(needs) == [
		("E1", "Customer Communication"),
		("E2", "Customer Communication"),
		("E2", "Product Knowledge"),
	]
	ratings = pd.concat([RATINGS.iloc[:2], RATINGS.iloc[:2]])  # E1 only, index 0, 1, 0, 1
	assert pairs(skill_gaps(EMPLOYEES.iloc[:1], REQUIRED, ratings)) == [("E1", "Customer Communication")]


def test_frames_with_no_rows_or_no_values_give_no_needs_and_no_error():
	# a frame built from empty lists has float columns (pandas' default for no values): joined with
	# text columns it gives nothing, without an error
	nothing = {"kra": [], "skill": []}
	assert appraisal_needs(SCORES, pd.DataFrame(nothing), 3.0).empty
	assert appraisal_needs(pd.DataFrame({"employee": [], "kra": [], "score": []}), KRA_SKILLS, 3.0).empty
	assert skill_gaps(EMPLOYEES, pd.DataFrame({"designation": [], "skill": []}), RATINGS).empty
	assert (
		rank_needs(stated_needs(pd.DataFrame({"employee": ["E1"], "skill": ["Lean"]})), EMPLOYEES.iloc[:0])
		== []
	)
	# key columns with nothing in them: employees without a designation, KRAs mapped to no skill
	assert skill_gaps(EMPLOYEES.assign(designation=np.nan), REQUIRED, RATINGS).empty
	assert appraisal_needs(SCORES, KRA_SKILLS.assign(skill=None), 3.0).empty
	nobody = pd.DataFrame({"employee": [np.nan, np.nan], "department": ["Sales", "Plant"]})
	assert rank_needs(stated_needs(pd.DataFrame({"employee": ["E1"], "skill": ["Lean"]})), nobody) == []


def test_stated_needs_dedupes_and_skips_blanks():
	answers = pd.DataFrame(
		{"employee": ["E1", "E1", "E2", None, "E3"], "skill": ["Python", "Python", "Lean", "Lean", ""]}
	)
	needs = stated_needs(answers)
	assert pairs(needs) == [("E1", "Python"), ("E2", "Lean")]
	assert set(needs["source"]) == {"survey"} and needs["detail"].isna().all()


def test_combine_needs_one_row_per_employee_and_skill_with_sorted_sources():
	gaps = skill_gaps(EMPLOYEES, REQUIRED, RATINGS)
	appraisal = appraisal_needs(SCORES, KRA_SKILLS, 3.0)
	survey = stated_needs(
		pd.DataFrame({"employee": ["E1", "E4"], "skill": ["Customer Communication", "Python"]})
	)
	combined = combine_needs(survey, gaps, appraisal)
	sources = {(row.employee, row.skill): row.sources for row in combined.itertuples()}
	assert sources[("E1", "Customer Communication")] == "appraisal, skill_gap, survey"
	assert sources[("E4", "Python")] == "survey"
	assert sources[("E4", "Lean")] == "skill_gap"
	assert len(combined) == len(sources) == 6  # 5 gaps (E1 CC, E2 DS, E3 DS, E4 DS, E4 Lean) + E4 Python
	assert list(combined.columns) == ["employee", "skill", "sources"]


def test_combine_needs_of_nothing():
	combined = combine_needs(stated_needs(pd.DataFrame(columns=["employee", "skill"])))
	assert combined.empty and list(combined.columns) == ["employee", "skill", "sources"]
	assert combine_needs().empty


def test_rank_needs_seed_example_450_of_1000():
	# 1000 employees, 450 need digital skills (the seed's 45%), 100 need lean; 600 have no need at all
	employees = pd.DataFrame({"employee": [f"E{i:04d}" for i in range(1000)]})
	needs = pd.DataFrame(
		{
			"employee": [f"E{i:04d}" for i in range(450)] + [f"E{i:04d}" for i in range(300, 400)] * 2,
			"skill": ["Digital Skills"] * 450 + ["Lean"] * 200,  # Lean twice each: counted once
		}
	)
	ranking = rank_needs(needs, employees)
	assert ranking == [
		{
			"skill": "Digital Skills",
			"employees": 450,
			"headcount": 1000,
			"share": 45.0,
			"label": "Digital Skills: 45%",
			"rank": 1,
		},
		{
			"skill": "Lean",
			"employees": 100,
			"headcount": 1000,
			"share": 10.0,
			"label": "Lean: 10%",
			"rank": 2,
		},
	]


def test_rank_needs_by_department_uses_group_headcount():
	combined = combine_needs(skill_gaps(EMPLOYEES, REQUIRED, RATINGS))
	# needs: E1 CC; E2 DS; E3 DS; E4 Lean, DS; plus X9, who is not in EMPLOYEES (ignored)
	combined = pd.concat([combined, pd.DataFrame({"employee": ["X9"], "skill": ["Lean"]})])
	ranking = rank_needs(combined, EMPLOYEES, by="department")
	rows = {(row["department"], row["skill"]): row for row in ranking}
	# Plant: E3, E4 -> headcount 2; DS 2/2 = 100%, Lean 1/2 = 50%
	assert rows[("Plant", "Digital Skills")]["share"] == 100.0
	assert rows[("Plant", "Lean")]["employees"] == 1 and rows[("Plant", "Lean")]["share"] == 50.0
	# Sales: E1, E2 -> CC 1/2 = 50%, DS 1/2 = 50%
	assert rows[("Sales", "Customer Communication")]["headcount"] == 2
	# E5 (no department, no needs) makes a group with no rows
	assert {row["department"] for row in ranking} == {"Plant", "Sales"}
	# order: share desc, then skill, then department
	assert [(row["department"], row["skill"]) for row in ranking] == [
		("Plant", "Digital Skills"),
		("Sales", "Customer Communication"),
		("Sales", "Digital Skills"),
		("Plant", "Lean"),
	]
	assert rows[("Sales", "Digital Skills")]["rank"] == 2 and rows[("Plant", "Lean")]["rank"] == 2
	# by company: C1 = E1, E2, E3 (3); C2 = E4, E5 (2) -> DS in C1 2/3 = 66.67%, in C2 1/2 = 50%
	by_company = {
		(row["company"], row["skill"]): row["share"] for row in rank_needs(combined, EMPLOYEES, "company")
	}
	assert by_company[("C1", "Digital Skills")] == 66.67
	assert by_company[("C2", "Digital Skills")] == 50.0


def test_rank_needs_missing_group_value_is_its_own_group():
	needs = pd.DataFrame({"employee": ["E5", "E1"], "skill": ["Python", "Python"]})
	ranking = rank_needs(needs, EMPLOYEES, by="department")
	# E5's group (no department) has 1 employee: 1/1 = 100%; Sales 1/2 = 50%
	assert [(row["department"], row["employees"], row["headcount"], row["share"]) for row in ranking] == [
		(None, 1, 1, 100.0),
		("Sales", 1, 2, 50.0),
	]


def test_rank_needs_empty():
	assert rank_needs(pd.DataFrame(columns=["employee", "skill"]), EMPLOYEES) == []
	needs = pd.DataFrame({"employee": ["E1"], "skill": ["Python"]})
	assert rank_needs(needs, EMPLOYEES.iloc[:0]) == []


def test_map_courses_and_catalogue_gaps():
	ranking = [
		{"skill": "Digital Skills", "employees": 450, "headcount": 1000, "share": 45.0},
		{"skill": "Lean", "employees": 100, "headcount": 1000, "share": 10.0},
		{"skill": "Negotiation", "employees": 50, "headcount": 1000, "share": 5.0},
	]
	course_skills = pd.DataFrame(
		{
			"course": ["PY-01", "IIOT-01", "LEAN-01", "PY-01"],
			"skill": ["Digital Skills", "Digital Skills", "Lean", "Digital Skills"],
			"course_title": ["Python Basics", "Industrial Internet", "Lean Production", "Python Basics"],
		}
	)
	rows, gaps = map_courses(ranking, course_skills)
	assert [row["courses"] for row in rows] == [["IIOT-01", "PY-01"], ["LEAN-01"], []]
	assert rows[0]["course_titles"] == ["Industrial Internet", "Python Basics"]
	assert gaps == [rows[2]] and gaps[0]["skill"] == "Negotiation"
	assert "courses" not in ranking[0]  # the input is not modified
	# without titles: no course_titles key; with no courses every need is a gap
	rows, gaps = map_courses(ranking, course_skills[["course", "skill"]].iloc[:0])
	assert "course_titles" not in rows[0] and len(gaps) == 3


def test_rank_needs_10000_employees():
	n = 10_000
	ids = np.array([f"EMP-{i:05d}" for i in range(n)], dtype=object)
	index = np.arange(n)
	employees = pd.DataFrame(
		{
			"employee": ids,
			"department": np.array([f"D{i % 8}" for i in range(n)], dtype=object),
			"company": "C",
		}
	)
	digital = index % 20 < 9  # 9 of every 20 -> 4500 = 45%
	lean = index % 4 == 0  # 2500 = 25%
	needs = combine_needs(
		stated_needs(pd.DataFrame({"employee": ids[digital], "skill": "Digital Skills"})),
		skill_gaps(
			employees.assign(designation="Operator"),
			pd.DataFrame({"designation": ["Operator"], "skill": ["Lean"]}),
			pd.DataFrame({"employee": ids[~lean], "skill": "Lean", "proficiency": 0.9}),
		),
		# the same digital needs again from a second source: still 4500 employees
		appraisal_needs(
			pd.DataFrame({"employee": ids[digital], "kra": "Digitalisation", "score": 1.0}),
			pd.DataFrame({"kra": ["Digitalisation"], "skill": ["Digital Skills"]}),
			kra_threshold=3.0,
		),
	)
	started = time.perf_counter()
	ranking = rank_needs(needs, employees)
	by_department = rank_needs(needs, employees, by="department")
	elapsed = time.perf_counter() - started
	assert [(row["skill"], row["employees"], row["share"]) for row in ranking] == [
		("Digital Skills", 4500, 45.0),
		("Lean", 2500, 25.0),
	]
	assert ranking[0]["label"] == "Digital Skills: 45%"
	# department d holds indices i = d mod 8: 1250 each; its digital and lean counts, counted directly
	expected = {}
	for d in range(8):
		members = index % 8 == d
		expected[(f"D{d}", "Digital Skills")] = int((digital & members).sum())
		expected[(f"D{d}", "Lean")] = int((lean & members).sum())
	expected = {key: count for key, count in expected.items() if count}  # lean only in D0 and D4
	got = {(row["department"], row["skill"]): row["employees"] for row in by_department}
	assert got == expected
	for row in by_department:
		assert row["headcount"] == 1250
		assert math.isclose(row["share"], round(row["employees"] / 1250 * 100, 2))
	assert sum(got.values()) == 4500 + 2500
	assert elapsed < 5.0
