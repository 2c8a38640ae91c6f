"""Award rules: which enrolments earn credits, and how many (no frappe).

A rule has a scope (one course, a category, a delivery mode, or every course), criteria (each one
optional: minimum completion %, minimum exam score, minimum mentor score, attendance, minimum
hours), an award (the course's effective credits, or a fixed number), a validity window, a
priority, and an optional extra condition. The seed's two rules as data:

- online courses: ``min_completion=100, min_exam_score=80, award=course_credits``;
- offline practice: ``scope=delivery_mode, delivery_mode="Practice", min_mentor_score=8,
  award=fixed, fixed_credits=3``.

Matching is vectorised: each rule is a boolean mask over a DataFrame of enrolments, and each
enrolment takes the first matching rule in priority order (higher priority first, then name).
The extra condition, a Python expression, is evaluated only for the rows that pass the criteria,
through a callable the caller provides (the Frappe side passes ``frappe.safe_eval``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, replace

import numpy as np
import pandas as pd

from hr_credit_app.engine.dates import to_date

SCOPE_ALL = "All Courses"
SCOPE_COURSE = "Course"
SCOPE_CATEGORY = "Category"
SCOPE_DELIVERY_MODE = "Delivery Mode"
SCOPES = (SCOPE_ALL, SCOPE_COURSE, SCOPE_CATEGORY, SCOPE_DELIVERY_MODE)
AWARD_COURSE_CREDITS = "Course Credits"
AWARD_FIXED = "Fixed Credits"

ENROLMENT_COLUMNS = (
	"enrolment",
	"company",
	"course",
	"category",
	"delivery_mode",
	"effective_credits",
	"completion_pct",
	"best_exam_score",
	"attended",
	"mentor_score",
	"hours",
	"award_date",
)


@dataclass(frozen=True)
class Rule:
	name: str
	scope: str = SCOPE_ALL
	course: str | None = None
	category: str | None = None
	delivery_mode: str | None = None
	min_completion: float | None = None
	min_exam_score: float | None = None
	min_mentor_score: float | None = None
	attendance_required: bool = False
	min_hours: float | None = None
	award: str = AWARD_COURSE_CREDITS
	fixed_credits: float | None = None
	condition: str | None = None
	priority: int = 0
	valid_from: dt.date | None = None
	valid_to: dt.date | None = None
	version: str | None = None
	companies: tuple[str, ...] = ()  # empty: every company

	@classmethod
	def from_mapping(cls, data: Mapping) -> Rule:
		def number(key):
			# a threshold of 0 (what an empty Float field holds in the database) is no criterion
			value = data.get(key)
			return None if value in (None, "") or float(value) == 0 else float(value)

		return cls(
			name=data["name"],
			scope=data.get("scope") or SCOPE_ALL,
			course=data.get("course") or None,
			category=data.get("category") or None,
			delivery_mode=data.get("delivery_mode") or None,
			min_completion=number("min_completion"),
			min_exam_score=number("min_exam_score"),
			min_mentor_score=number("min_mentor_score"),
			attendance_required=bool(data.get("attendance_required")),
			min_hours=number("min_hours"),
			award=data.get("award") or AWARD_COURSE_CREDITS,
			fixed_credits=number("fixed_credits"),
			condition=(data.get("condition") or "").strip() or None,
			priority=int(data.get("priority") or 0),
			valid_from=to_date(data.get("valid_from")),
			valid_to=to_date(data.get("valid_to")),
			version=data.get("version") or None,
			companies=tuple(sorted(data.get("companies") or ())),
		)

	def criteria(self) -> dict:
		"""What decides whether an enrolment earns this rule's award, and how much: everything but
		the name, priority, validity and version. A snapshot of it is kept for every version a rule
		had, so that credits are judged by the rule that awarded them."""
		data = asdict(self)
		for key in ("name", "priority", "valid_from", "valid_to", "version"):
			data.pop(key)
		if not data["companies"]:
			data.pop("companies")  # the versions of rules made before companies existed stay the same
		else:
			data["companies"] = list(data["companies"])
		return data

	def criteria_version(self) -> str:
		"""A digest of :meth:`criteria`: the same criteria give the same version."""
		text = json.dumps(self.criteria(), sort_keys=True, default=str)
		return hashlib.sha1(text.encode()).hexdigest()[:16]

	@classmethod
	def from_criteria(cls, name: str, criteria: Mapping, version: str | None = None) -> Rule:
		"""The rule as one of its versions was (no validity window: it was met when it awarded)."""
		return replace(cls.from_mapping({"name": name, **criteria}), version=version)

	def has_criteria(self) -> bool:
		return any(
			value is not None
			for value in (self.min_completion, self.min_exam_score, self.min_mentor_score, self.min_hours)
		) or bool(self.attendance_required or self.condition)


def order_rules(rules: Iterable[Rule]) -> list[Rule]:
	return sorted(rules, key=lambda rule: (-rule.priority, rule.name))


def enrolment_frame(rows: Iterable[Mapping]) -> pd.DataFrame:
	# plain dicts: mapping types that answer any attribute (frappe._dict) confuse numpy
	frame = pd.DataFrame(
		[{key: row.get(key) for key in ENROLMENT_COLUMNS} for row in rows], columns=list(ENROLMENT_COLUMNS)
	)
	for column in (
		"effective_credits",
		"completion_pct",
		"best_exam_score",
		"attended",
		"mentor_score",
		"hours",
	):
		frame[column] = pd.to_numeric(frame[column], errors="coerce")
	frame["award_date"] = pd.to_datetime(frame["award_date"], errors="coerce")
	return frame


def rule_mask(rule: Rule, frame: pd.DataFrame) -> pd.Series:
	"""Rows of ``frame`` that are in the rule's scope and meet all its criteria (not the condition)."""
	mask = pd.Series(True, index=frame.index)
	if rule.companies:
		mask &= frame["company"].isin(rule.companies)
	if rule.scope == SCOPE_COURSE:
		mask &= frame["course"] == rule.course
	elif rule.scope == SCOPE_CATEGORY:
		mask &= frame["category"] == rule.category
	elif rule.scope == SCOPE_DELIVERY_MODE:
		mask &= frame["delivery_mode"] == rule.delivery_mode
	if rule.min_completion is not None:
		mask &= frame["completion_pct"].fillna(-np.inf) >= rule.min_completion
	if rule.min_exam_score is not None:
		mask &= frame["best_exam_score"].fillna(-np.inf) >= rule.min_exam_score
	if rule.min_mentor_score is not None:
		mask &= frame["mentor_score"].fillna(-np.inf) >= rule.min_mentor_score
	if rule.attendance_required:
		mask &= frame["attended"].fillna(0) >= 1
	if rule.min_hours is not None:
		mask &= frame["hours"].fillna(0) >= rule.min_hours
	if rule.valid_from is not None:
		mask &= frame["award_date"] >= pd.Timestamp(rule.valid_from)
	if rule.valid_to is not None:
		mask &= frame["award_date"] <= pd.Timestamp(rule.valid_to)
	return mask


def match(
	enrolments: Iterable[Mapping] | pd.DataFrame,
	rules: Iterable[Rule],
	evaluate_condition: Callable[[Rule, dict], bool] | None = None,
) -> pd.DataFrame:
	"""Awards earned by enrolments: one row per awarded enrolment.

	Returns a DataFrame with columns ``enrolment``, ``rule``, ``version`` (the rule's criteria
	version), ``credits`` (the rule's fixed credits or the course's effective credits) and
	``award_date``. Enrolments that no rule awards are absent.
	A rule with a condition but no ``evaluate_condition`` never matches (safe default).
	"""
	frame = enrolments if isinstance(enrolments, pd.DataFrame) else enrolment_frame(enrolments)
	frame = frame.reset_index(drop=True)
	awarded_rule = pd.Series([None] * len(frame), index=frame.index, dtype=object)
	awarded_version = pd.Series([None] * len(frame), index=frame.index, dtype=object)
	credits = pd.Series(np.nan, index=frame.index, dtype=float)
	for rule in order_rules(rules):
		candidates = rule_mask(rule, frame) & awarded_rule.isna()
		if not candidates.any():
			continue
		if rule.condition:
			if evaluate_condition is None:
				continue
			passed = [
				bool(evaluate_condition(rule, _row_context(frame.loc[index])))
				for index in candidates[candidates].index
			]
			candidates = candidates.copy()
			candidates[candidates[candidates].index] = passed
		if rule.award == AWARD_FIXED:
			amount = pd.Series(float(rule.fixed_credits or 0), index=frame.index)
		else:
			amount = frame["effective_credits"].astype(float)
		candidates &= amount > 0
		awarded_rule[candidates] = rule.name
		awarded_version[candidates] = rule.version or rule.criteria_version()
		credits[candidates] = amount[candidates]
	result = frame.loc[awarded_rule.notna(), ["enrolment", "award_date"]].copy()
	result["rule"] = awarded_rule[awarded_rule.notna()]
	result["version"] = awarded_version[awarded_rule.notna()]
	result["credits"] = credits[awarded_rule.notna()].round(6)
	return result[["enrolment", "rule", "version", "credits", "award_date"]].reset_index(drop=True)


def _row_context(row: pd.Series) -> dict:
	"""Plain Python values of one enrolment, for a rule's condition (no NaN, no numpy scalars)."""
	context = {}
	for key, value in row.items():
		if isinstance(value, float) and np.isnan(value):
			value = None
		elif isinstance(value, np.generic):
			value = value.item()
		elif isinstance(value, pd.Timestamp):
			value = value.date()
		elif value is pd.NaT:
			value = None
		context[key] = value
	return context
