"""Incentive optimisation: rule-based suggestions, each with the evidence and thresholds behind it (no frappe).

The seed's feedback loop as five rules; every number is a threshold the caller may override
(:data:`DEFAULT_THRESHOLDS` holds the seed's values):

- ``raise_weight``: a course's participation (percent of the targeted employees) is below
  ``low_participation`` -> multiply its weight by ``weight_step`` (1 -> 1.5, so 2 base credits
  give 3 instead of 2);
- ``make_compulsory``: a reliable difference-in-differences effect of at least ``strong_effect`` on
  a course that is not compulsory -> make it compulsory;
- ``extend_due_date``: a training plan whose completion is below ``low_completion`` and whose due
  date is today or within ``near_due_days`` days -> move the due date ``extension_days`` later
  (plans already overdue are not extended: they belong on the overdue list);
- ``switch_reward_kind``: a reward kind rated below ``low_satisfaction`` (1..5) by at least
  ``min_responses`` respondents -> switch to the best-rated kind among those with enough responses,
  when one is rated higher (otherwise the suggestion stands with an empty proposal: look for a new
  kind);
- ``review_course_design``: a reliable effect in one department of at most
  ``weak_department_effect`` -> review the course's design for that department (case studies,
  practice); nothing to change automatically, so the proposal is empty.

Every suggestion is a dict: ``kind``, ``target_doctype``, ``target``, ``department`` (None unless the
suggestion is about one department), ``evidence`` (the numbers that fired it), ``threshold`` (the
parameters the rule used, by name) and ``proposal`` (field -> proposed value). Suggestions are sorted
by kind (in the order above), then target, then department.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping

from hr_credit_app.engine.catalogue import effective_credits
from hr_credit_app.engine.dates import to_date

RAISE_WEIGHT = "raise_weight"
MAKE_COMPULSORY = "make_compulsory"
EXTEND_DUE_DATE = "extend_due_date"
SWITCH_REWARD_KIND = "switch_reward_kind"
REVIEW_COURSE_DESIGN = "review_course_design"
KINDS = (RAISE_WEIGHT, MAKE_COMPULSORY, EXTEND_DUE_DATE, SWITCH_REWARD_KIND, REVIEW_COURSE_DESIGN)

COURSE_DOCTYPE = "Credit Course"
PLAN_DOCTYPE = "Training Plan"
REWARD_KIND_DOCTYPE = "Reward Kind"

DEFAULT_THRESHOLDS: dict[str, float] = {
	"low_participation": 50.0,  # percent; below it the course's weight is raised
	"weight_step": 1.5,  # multiplier for the weight (1 -> 1.5: 2 base credits -> 3)
	"strong_effect": 0.3,  # did at or above it, reliable, makes a course a candidate for compulsory
	"low_completion": 70.0,  # percent; below it, near the due date, the plan is extended
	"near_due_days": 14.0,  # days to the due date (0 = due today) that count as near
	"extension_days": 14.0,  # days the due date moves
	"low_satisfaction": 3.0,  # mean rating (1..5) below which a reward kind should change
	"min_responses": 10.0,  # responses a rating needs to count
	"weak_department_effect": 0.0,  # did at or below it, reliable, in a department -> review the design
}


class UnknownThresholdError(ValueError):
	pass


def thresholds_with_defaults(thresholds: Mapping[str, float] | None) -> dict[str, float]:
	"""The defaults overridden by ``thresholds``; an unknown name (a typo) is an error, not ignored."""
	unknown = sorted(set(thresholds or {}) - set(DEFAULT_THRESHOLDS))
	if unknown:
		raise UnknownThresholdError(", ".join(unknown))
	merged = {name: float(value) for name, value in DEFAULT_THRESHOLDS.items()}
	merged.update({name: float(value) for name, value in (thresholds or {}).items() if value is not None})
	return merged


def _number(value) -> float | None:
	if value is None or value == "":
		return None
	number = float(value)
	return None if math.isnan(number) else number


def _suggestion(
	kind: str,
	target_doctype: str,
	target,
	evidence: dict,
	threshold: dict,
	proposal: dict,
	department=None,
) -> dict:
	return {
		"kind": kind,
		"target_doctype": target_doctype,
		"target": target,
		"department": department,
		"evidence": evidence,
		"threshold": threshold,
		"proposal": proposal,
	}


def _raise_weight(courses: Iterable[Mapping], limits: Mapping[str, float]) -> list[dict]:
	suggestions = []
	for course in courses:
		participation = _number(course.get("participation"))
		if participation is None or participation >= limits["low_participation"]:
			continue
		weight = _number(course.get("weight"))
		weight = 1.0 if weight is None else weight
		base = _number(course.get("base_credits"))
		new_weight = round(weight * limits["weight_step"], 2)
		suggestions.append(
			_suggestion(
				RAISE_WEIGHT,
				COURSE_DOCTYPE,
				course["course"],
				evidence={
					"participation": participation,
					"weight": weight,
					"base_credits": base,
					"effective_credits": None if base is None else effective_credits(base, weight),
				},
				threshold={
					"low_participation": limits["low_participation"],
					"weight_step": limits["weight_step"],
				},
				proposal={
					"weight": new_weight,
					"effective_credits": None if base is None else effective_credits(base, new_weight),
				},
			)
		)
	return suggestions


def _make_compulsory(
	courses: Mapping[str, Mapping],
	effects: Iterable[Mapping],
	limits: Mapping[str, float],
	compulsory_category: str | None,
) -> list[dict]:
	suggestions = []
	for effect in effects:
		course = courses.get(effect.get("course"))
		value = _number(effect.get("did"))
		if course is None or course.get("is_compulsory") or not effect.get("reliable"):
			continue
		if value is None or value < limits["strong_effect"]:
			continue
		proposal: dict = {"is_compulsory": True}
		if compulsory_category:
			proposal["category"] = compulsory_category
		suggestions.append(
			_suggestion(
				MAKE_COMPULSORY,
				COURSE_DOCTYPE,
				effect["course"],
				evidence={
					"did": value,
					"reliable": True,
					"n_participants": effect.get("n_participants"),
					"category": course.get("category"),
				},
				threshold={"strong_effect": limits["strong_effect"]},
				proposal=proposal,
			)
		)
	return suggestions


def _extend_due_date(plans: Iterable[Mapping], limits: Mapping[str, float], today: dt.date) -> list[dict]:
	suggestions = []
	for plan in plans:
		completion = _number(plan.get("completion"))
		due = to_date(plan.get("due_date"))
		if completion is None or due is None or completion >= limits["low_completion"]:
			continue
		days_to_due = (due - today).days
		if not 0 <= days_to_due <= limits["near_due_days"]:
			continue
		new_due = due + dt.timedelta(days=int(limits["extension_days"]))
		suggestions.append(
			_suggestion(
				EXTEND_DUE_DATE,
				PLAN_DOCTYPE,
				plan["plan"],
				evidence={
					"course": plan.get("course"),
					"completion": completion,
					"targeted": plan.get("targeted"),
					"due_date": due.isoformat(),
					"days_to_due": days_to_due,
				},
				threshold={
					"low_completion": limits["low_completion"],
					"near_due_days": limits["near_due_days"],
					"extension_days": limits["extension_days"],
				},
				proposal={"due_date": new_due.isoformat()},
			)
		)
	return suggestions


def _switch_reward_kind(satisfaction: Iterable[Mapping], limits: Mapping[str, float]) -> list[dict]:
	rated = []
	for row in satisfaction:
		mean = _number(row.get("mean"))
		responses = int(row.get("responses") or 0)
		if mean is not None and responses >= limits["min_responses"]:
			rated.append((row["reward_kind"], mean, responses))
	if not rated:
		return []
	best_mean = max(mean for _, mean, _ in rated)
	# ties for the best mean go to the first kind by name
	best_kind = min(kind for kind, mean, _ in rated if mean == best_mean)
	suggestions = []
	for kind, mean, responses in rated:
		if mean >= limits["low_satisfaction"]:
			continue
		better = best_kind != kind and best_mean > mean
		suggestions.append(
			_suggestion(
				SWITCH_REWARD_KIND,
				REWARD_KIND_DOCTYPE,
				kind,
				evidence={
					"mean": mean,
					"responses": responses,
					"best_alternative": best_kind if better else None,
					"best_alternative_mean": best_mean if better else None,
				},
				threshold={
					"low_satisfaction": limits["low_satisfaction"],
					"min_responses": limits["min_responses"],
				},
				proposal={"reward_kind": best_kind} if better else {},
			)
		)
	return suggestions


def _review_course_design(department_effects: Iterable[Mapping], limits: Mapping[str, float]) -> list[dict]:
	suggestions = []
	for effect in department_effects:
		value = _number(effect.get("did"))
		if not effect.get("reliable") or value is None or value > limits["weak_department_effect"]:
			continue
		suggestions.append(
			_suggestion(
				REVIEW_COURSE_DESIGN,
				COURSE_DOCTYPE,
				effect["course"],
				department=effect.get("department"),
				evidence={"did": value, "reliable": True, "n_participants": effect.get("n_participants")},
				threshold={"weak_department_effect": limits["weak_department_effect"]},
				proposal={},
			)
		)
	return suggestions


def suggest(
	courses: list[dict],
	plans: list[dict] | None,
	effects: list[dict] | None,
	satisfaction: list[dict] | None,
	department_effects: list[dict] | None,
	thresholds: Mapping[str, float] | None,
	today: dt.date,
	*,
	compulsory_category: str | None = None,
) -> list[dict]:
	"""Suggestions to adjust the incentives, from what the reviews measured (see the module docstring).

	``courses``: ``course``, ``category``, ``weight``, ``base_credits``, ``participation`` (0..100 or
	None), ``completion`` (0..100 or None), ``is_compulsory``; ``plans``: ``plan``, ``course``,
	``completion`` (0..100), ``due_date``, ``targeted``; ``effects``: ``course``, ``did``, ``reliable``,
	``n_participants`` (:func:`hr_credit_app.engine.effectiveness.did` per course); ``satisfaction``:
	``reward_kind``, ``mean`` (1..5), ``responses``; ``department_effects``: ``course``,
	``department``, ``did``, ``reliable``. Any of the optional inputs may be None (its rules are
	skipped). ``thresholds`` override :data:`DEFAULT_THRESHOLDS` by name. ``make_compulsory`` applies
	only to courses listed in ``courses``; its proposal also sets ``category`` when
	``compulsory_category`` (the company's compulsory category) is given.
	"""
	limits = thresholds_with_defaults(thresholds)
	today = to_date(today)
	courses = list(courses or [])
	by_course = {course["course"]: course for course in courses}
	suggestions = (
		_raise_weight(courses, limits)
		+ _make_compulsory(by_course, effects or [], limits, compulsory_category)
		+ _extend_due_date(plans or [], limits, today)
		+ _switch_reward_kind(satisfaction or [], limits)
		+ _review_course_design(department_effects or [], limits)
	)
	order = {kind: index for index, kind in enumerate(KINDS)}
	return sorted(
		suggestions,
		key=lambda item: (order[item["kind"]], str(item["target"]), str(item["department"] or "")),
	)
