"""Award rules on hand-made enrolments (no frappe)."""

import datetime as dt

from hr_credit_app.engine.rules import AWARD_FIXED, SCOPE_COURSE, SCOPE_DELIVERY_MODE, Rule, match

# The seed's two rules, as data.
ONLINE = Rule(
	name="Online: complete + exam 80",
	scope="Delivery Mode",
	delivery_mode="Online",
	min_completion=100,
	min_exam_score=80,
)
PRACTICE = Rule(
	name="Practice: mentor 8",
	scope=SCOPE_DELIVERY_MODE,
	delivery_mode="Practice",
	min_mentor_score=8,
	award=AWARD_FIXED,
	fixed_credits=3,
)


def enrolment(name, mode="Online", credits=2.0, **values):
	row = {
		"enrolment": name,
		"course": values.pop("course", "PY-01" if mode == "Online" else "LEAN-01"),
		"category": values.pop("category", "Compulsory"),
		"delivery_mode": mode,
		"effective_credits": credits,
		"award_date": values.pop("award_date", dt.date(2026, 6, 1)),
	}
	row.update(values)
	return row


def awards(enrolments, rules=(ONLINE, PRACTICE), **kwargs):
	result = match(enrolments, list(rules), **kwargs)
	return {row.enrolment: (row.rule, row.credits) for row in result.itertuples()}


def test_seed_online_rule_needs_full_completion_and_exam_80():
	result = awards(
		[
			enrolment("done", completion_pct=100, best_exam_score=80),
			enrolment("weighted", credits=3.0, completion_pct=100, best_exam_score=95),
			enrolment("low-exam", completion_pct=100, best_exam_score=79.5),
			enrolment("unfinished", completion_pct=99, best_exam_score=100),
			enrolment("no-exam", completion_pct=100),
		]
	)
	assert result == {"done": (ONLINE.name, 2.0), "weighted": (ONLINE.name, 3.0)}


def test_seed_practice_rule_awards_three_credits_for_mentor_score_8():
	result = awards(
		[
			enrolment("good", "Practice", credits=2, mentor_score=8),
			enrolment("weak", "Practice", mentor_score=7.9),
		]
	)
	assert result == {"good": (PRACTICE.name, 3.0)}


def test_higher_priority_rule_wins_and_each_enrolment_is_awarded_once():
	bonus = Rule(
		name="Strategic course",
		scope=SCOPE_COURSE,
		course="IIOT-01",
		min_completion=100,
		award=AWARD_FIXED,
		fixed_credits=5,
		priority=10,
	)
	result = awards(
		[enrolment("e", course="IIOT-01", completion_pct=100, best_exam_score=90)], rules=[ONLINE, bonus]
	)
	assert result == {"e": ("Strategic course", 5.0)}


def test_attendance_and_hours_criteria():
	rule = Rule(
		name="Workshop", scope="Delivery Mode", delivery_mode="Offline", attendance_required=True, min_hours=4
	)
	result = awards(
		[
			enrolment("ok", "Offline", attended=1, hours=4),
			enrolment("absent", "Offline", attended=0, hours=8),
			enrolment("short", "Offline", attended=1, hours=3.5),
		],
		rules=[rule],
	)
	assert result == {"ok": ("Workshop", 2.0)}


def test_validity_window_uses_the_award_date():
	rule = Rule(
		name="2026 only", min_completion=100, valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 12, 31)
	)
	result = awards(
		[
			enrolment("in", completion_pct=100, award_date=dt.date(2026, 3, 1)),
			enrolment("before", completion_pct=100, award_date=dt.date(2025, 12, 31)),
		],
		rules=[rule],
	)
	assert list(result) == ["in"]


def test_condition_is_evaluated_only_for_rows_meeting_the_criteria():
	seen = []

	def evaluate(rule, row):
		seen.append(row["enrolment"])
		return row["hours"] is not None and row["hours"] >= 2

	rule = Rule(name="Conditional", min_completion=100, condition="doc.hours >= 2")
	result = awards(
		[
			enrolment("pass", completion_pct=100, hours=2),
			enrolment("fail-condition", completion_pct=100, hours=None),
			enrolment("fail-criteria", completion_pct=50, hours=10),
		],
		rules=[rule],
		evaluate_condition=evaluate,
	)
	assert result == {"pass": ("Conditional", 2.0)}
	assert sorted(seen) == ["fail-condition", "pass"]


def test_a_rule_with_a_condition_never_matches_without_an_evaluator():
	rule = Rule(name="Conditional", min_completion=100, condition="True")
	assert awards([enrolment("e", completion_pct=100)], rules=[rule]) == {}


def test_from_mapping_reads_desk_values():
	rule = Rule.from_mapping(
		{
			"name": "R",
			"scope": "Course",
			"course": "PY-01",
			"min_exam_score": "80",
			"min_completion": "",
			"award": "Fixed Credits",
			"fixed_credits": 3,
			"priority": "2",
			"valid_from": "2026-01-01",
		}
	)
	assert (rule.min_exam_score, rule.min_completion, rule.fixed_credits, rule.priority) == (
		80.0,
		None,
		3.0,
		2,
	)
	assert rule.valid_from == dt.date(2026, 1, 1)


def test_matching_ten_thousand_enrolments_is_vectorised():
	rows = [enrolment(str(i), completion_pct=100, best_exam_score=50 + i % 50) for i in range(10_000)]
	result = match(rows, [ONLINE, PRACTICE])
	assert len(result) == sum(1 for i in range(10_000) if 50 + i % 50 >= 80)


def test_a_rule_version_is_its_criteria_and_a_snapshot_restores_it():
	rule = Rule.from_mapping(
		{
			"name": "online",
			"scope": "Delivery Mode",
			"delivery_mode": "Online",
			"min_completion": 100,
			"min_exam_score": 80,
			"priority": 3,
			"valid_from": "2026-01-01",
		}
	)
	# priority and validity are not criteria: changing them keeps the version
	moved = Rule.from_mapping({**rule.__dict__, "priority": 9, "valid_from": None})
	assert moved.criteria_version() == rule.criteria_version()
	stricter = Rule.from_mapping({**rule.__dict__, "min_exam_score": 90})
	assert stricter.criteria_version() != rule.criteria_version()
	snapshot = Rule.from_criteria("online", rule.criteria(), version=rule.criteria_version())
	assert snapshot.criteria() == rule.criteria() and snapshot.valid_from is None
	awards = match([enrolment("E1", completion_pct=100, best_exam_score=85)], [snapshot])
	assert list(awards["version"]) == [rule.criteria_version()]


def test_a_rule_for_some_companies_awards_only_their_enrolments():
	china_only = Rule.from_mapping({**ONLINE.__dict__, "companies": ["Corp CN"]})
	rows = [
		enrolment("CN", company="Corp CN", completion_pct=100, best_exam_score=90),
		enrolment("IN", company="Corp IN", completion_pct=100, best_exam_score=90),
	]
	assert set(awards(rows, [china_only])) == {"CN"}
	assert set(awards(rows, [ONLINE])) == {"CN", "IN"}  # no companies: every company
	# a rule without companies keeps the version it had before companies existed
	assert "companies" not in ONLINE.criteria()
	assert Rule.from_criteria("x", china_only.criteria()).companies == ("Corp CN",)
