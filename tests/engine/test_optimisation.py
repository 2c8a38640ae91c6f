"""Rule-based incentive suggestions: each rule firing and not firing (no frappe)."""

import datetime as dt

import pytest

from hr_credit_app.engine.optimisation import DEFAULT_THRESHOLDS, UnknownThresholdError, suggest

TODAY = dt.date(2026, 6, 1)


def course(code, participation=80.0, weight=1.0, base=2.0, compulsory=False, category="Elective"):
	return {
		"course": code,
		"category": category,
		"weight": weight,
		"base_credits": base,
		"participation": participation,
		"completion": None,
		"is_compulsory": compulsory,
	}


def run(
	courses=(), plans=None, effects=None, satisfaction=None, department_effects=None, thresholds=None, **kw
):
	return suggest(
		list(courses), plans, effects, satisfaction, department_effects, thresholds or {}, TODAY, **kw
	)


def kinds(suggestions):
	return [(item["kind"], item["target"]) for item in suggestions]


def test_defaults_are_the_seed_values():
	assert DEFAULT_THRESHOLDS == {
		"low_participation": 50.0,
		"weight_step": 1.5,
		"strong_effect": 0.3,
		"low_completion": 70.0,
		"near_due_days": 14.0,
		"extension_days": 14.0,
		"low_satisfaction": 3.0,
		"min_responses": 10.0,
		"weak_department_effect": 0.0,
	}


def test_raise_weight_on_low_participation_2_credits_become_3():
	(item,) = run([course("IIOT-01", participation=35.0), course("PY-01", participation=50.0)])
	# 35 < 50 fires; 50 is not below 50. Weight 1.0 x 1.5 = 1.5; 2 base credits x 1.5 = 3 credits
	assert item == {
		"kind": "raise_weight",
		"target_doctype": "Credit Course",
		"target": "IIOT-01",
		"department": None,
		"evidence": {"participation": 35.0, "weight": 1.0, "base_credits": 2.0, "effective_credits": 2.0},
		"threshold": {"low_participation": 50.0, "weight_step": 1.5},
		"proposal": {"weight": 1.5, "effective_credits": 3.0},
	}


def test_raise_weight_does_not_fire_without_participation_or_above_threshold():
	assert run([course("A", participation=None), course("B", participation=90.0)]) == []
	# a lower threshold silences it; a custom step: 1.2 x 1.25 = 1.5 -> 2 x 1.5 = 3.0
	assert run([course("A", participation=35.0)], thresholds={"low_participation": 30}) == []
	(item,) = run([course("A", participation=35.0, weight=1.2)], thresholds={"weight_step": 1.25})
	assert item["proposal"] == {"weight": 1.5, "effective_credits": 3.0}
	assert item["evidence"]["effective_credits"] == 2.4  # 2 x 1.2


def test_make_compulsory_on_strong_reliable_effect():
	courses = [course("LEAN-01"), course("SAFE-01", compulsory=True), course("PY-01"), course("IIOT-01")]
	effects = [
		{"course": "LEAN-01", "did": 0.35, "reliable": True, "n_participants": 120},  # fires
		{"course": "SAFE-01", "did": 0.9, "reliable": True, "n_participants": 300},  # already compulsory
		{"course": "PY-01", "did": 0.5, "reliable": False, "n_participants": 3},  # too few to trust
		{"course": "IIOT-01", "did": 0.29, "reliable": True, "n_participants": 80},  # 0.29 < 0.3
		{"course": "UNKNOWN", "did": 0.8, "reliable": True, "n_participants": 80},  # not in the catalogue
	]
	(item,) = run(courses, effects=effects)
	assert item == {
		"kind": "make_compulsory",
		"target_doctype": "Credit Course",
		"target": "LEAN-01",
		"department": None,
		"evidence": {"did": 0.35, "reliable": True, "n_participants": 120, "category": "Elective"},
		"threshold": {"strong_effect": 0.3},
		"proposal": {"is_compulsory": True},
	}
	# exactly at the threshold fires; the compulsory category goes into the proposal when known
	effects = [{"course": "IIOT-01", "did": 0.3, "reliable": True, "n_participants": 80}]
	(item,) = run(courses, effects=effects, compulsory_category="Compulsory")
	assert item["proposal"] == {"is_compulsory": True, "category": "Compulsory"}


def test_extend_due_date_when_completion_is_low_near_the_due_date():
	plans = [
		# the seed: Lean Production at 70% ... here 65% < 70, due in 10 days -> extend by two weeks
		{
			"plan": "TP-LEAN",
			"course": "LEAN-01",
			"completion": 65.0,
			"due_date": "2026-06-11",
			"targeted": 200,
		},
		{"plan": "TP-TODAY", "course": "PY-01", "completion": 10.0, "due_date": "2026-06-01", "targeted": 5},
		{"plan": "TP-EDGE", "course": "PY-01", "completion": 69.9, "due_date": "2026-06-15", "targeted": 5},
		{"plan": "TP-OK", "course": "PY-01", "completion": 70.0, "due_date": "2026-06-05", "targeted": 5},
		{"plan": "TP-FAR", "course": "PY-01", "completion": 20.0, "due_date": "2026-06-16", "targeted": 5},
		{"plan": "TP-LATE", "course": "PY-01", "completion": 20.0, "due_date": "2026-05-31", "targeted": 5},
		{"plan": "TP-NONE", "course": "PY-01", "completion": None, "due_date": "2026-06-05", "targeted": 5},
	]
	suggestions = run(plans=plans)
	# TP-OK: 70 is not below 70; TP-FAR: 15 days > 14; TP-LATE: overdue (-1 day); TP-NONE: no data
	assert kinds(suggestions) == [
		("extend_due_date", "TP-EDGE"),
		("extend_due_date", "TP-LEAN"),
		("extend_due_date", "TP-TODAY"),
	]
	lean = suggestions[1]
	assert lean["target_doctype"] == "Training Plan"
	assert lean["evidence"] == {
		"course": "LEAN-01",
		"completion": 65.0,
		"targeted": 200,
		"due_date": "2026-06-11",
		"days_to_due": 10,
	}
	assert lean["threshold"] == {"low_completion": 70.0, "near_due_days": 14.0, "extension_days": 14.0}
	assert lean["proposal"] == {"due_date": "2026-06-25"}  # 11 June + 14 days
	assert suggestions[0]["proposal"] == {"due_date": "2026-06-29"}  # 15 June + 14 days
	# a 7-day extension and a 20-day horizon: TP-FAR now fires too, and every proposal moves by 7 days
	wider = run(plans=plans, thresholds={"near_due_days": 20, "extension_days": 7})
	assert ("extend_due_date", "TP-FAR") in kinds(wider)
	assert {item["target"]: item["proposal"]["due_date"] for item in wider}["TP-FAR"] == "2026-06-23"


def test_switch_reward_kind_to_the_best_rated_kind():
	satisfaction = [
		# the seed: "credits for training opportunities" rated low -> "customised training"
		{"reward_kind": "Training Opportunity", "mean": 1.5, "responses": 40},
		{"reward_kind": "Customised Training", "mean": 3.0, "responses": 30},
		{"reward_kind": "Cash Bonus", "mean": 4.8, "responses": 9},  # too few responses to count
		{"reward_kind": "Flexible Hours", "mean": 2.9, "responses": 12},
	]
	suggestions = run(satisfaction=satisfaction)
	# Training Opportunity 1.5 < 3 and Flexible Hours 2.9 < 3 fire; Customised Training 3.0 does not
	assert kinds(suggestions) == [
		("switch_reward_kind", "Flexible Hours"),
		("switch_reward_kind", "Training Opportunity"),
	]
	item = suggestions[1]
	assert item["target_doctype"] == "Reward Kind"
	assert item["evidence"] == {
		"mean": 1.5,
		"responses": 40,
		"best_alternative": "Customised Training",
		"best_alternative_mean": 3.0,
	}
	assert item["threshold"] == {"low_satisfaction": 3.0, "min_responses": 10.0}
	assert item["proposal"] == {"reward_kind": "Customised Training"}


def test_switch_reward_kind_without_a_better_kind_or_enough_responses():
	# the only well-answered kind is the weak one: the suggestion stands, with nothing to switch to
	(item,) = run(
		satisfaction=[
			{"reward_kind": "Training Opportunity", "mean": 1.5, "responses": 40},
			{"reward_kind": "Cash Bonus", "mean": 4.8, "responses": 3},
		]
	)
	assert item["proposal"] == {} and item["evidence"]["best_alternative"] is None
	# below min_responses nothing fires, however low the rating
	assert run(satisfaction=[{"reward_kind": "Training Opportunity", "mean": 1.0, "responses": 9}]) == []
	assert run(
		satisfaction=[{"reward_kind": "X", "mean": 1.0, "responses": 9}], thresholds={"min_responses": 5}
	)


def test_review_course_design_for_weak_department_effect():
	department_effects = [
		{"course": "TEAM-01", "department": "Sales", "did": -0.1, "reliable": True, "n_participants": 12},
		{"course": "TEAM-01", "department": "Plant", "did": 0.0, "reliable": True, "n_participants": 8},
		{"course": "TEAM-01", "department": "Finance", "did": 0.05, "reliable": True},  # > 0
		{"course": "TEAM-01", "department": "HR", "did": -0.5, "reliable": False},  # too few
		{"course": "TEAM-01", "department": "IT", "did": None, "reliable": False},
	]
	suggestions = run(department_effects=department_effects)
	assert [(item["target"], item["department"]) for item in suggestions] == [
		("TEAM-01", "Plant"),
		("TEAM-01", "Sales"),
	]
	sales = suggestions[1]
	assert sales["kind"] == "review_course_design" and sales["target_doctype"] == "Credit Course"
	assert sales["evidence"] == {"did": -0.1, "reliable": True, "n_participants": 12}
	assert sales["threshold"] == {"weak_department_effect": 0.0}
	assert sales["proposal"] == {}
	# a stricter bar (did must exceed 0.1) also flags Finance
	stricter = run(department_effects=department_effects, thresholds={"weak_department_effect": 0.1})
	assert "Finance" in [item["department"] for item in stricter]


def test_all_rules_together_sorted_by_kind_and_nothing_from_missing_inputs():
	courses = [course("IIOT-01", participation=30.0), course("LEAN-01")]
	suggestions = run(
		courses,
		plans=[
			{"plan": "TP-1", "course": "LEAN-01", "completion": 50, "due_date": "2026-06-08", "targeted": 9}
		],
		effects=[{"course": "LEAN-01", "did": 0.4, "reliable": True, "n_participants": 50}],
		satisfaction=[{"reward_kind": "Training Opportunity", "mean": 2.0, "responses": 10}],
		department_effects=[{"course": "LEAN-01", "department": "Plant", "did": -0.2, "reliable": True}],
	)
	assert [item["kind"] for item in suggestions] == [
		"raise_weight",
		"make_compulsory",
		"extend_due_date",
		"switch_reward_kind",
		"review_course_design",
	]
	assert run([course("LEAN-01")], None, None, None, None) == []
	assert run() == []


def test_unknown_threshold_is_an_error():
	with pytest.raises(UnknownThresholdError):
		run([course("A")], thresholds={"low_particpation": 40})
