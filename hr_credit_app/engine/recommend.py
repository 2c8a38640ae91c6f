"""Course recommendations for one employee, each with the reasons behind it (no frappe).

A course the employee has not taken, in an active course, scores points for each reason that applies
(the points are :data:`DEFAULT_WEIGHTS`, which the caller may override by name):

- ``skill_gap``: ``skill_gap`` points for each of the employee's needed skills the course builds;
- ``peers``: up to ``peers`` points for colleagues who improved after taking it:
  ``peers x min(improved / peers_saturation, 1)`` (5 improved colleagues or more give the full points);
- ``strategic``: ``strategic`` points when the course's weight is above ``strategic_weight`` (the
  company marks strategic or hard courses with a higher weight);
- ``next_level``: ``next_level`` points when the course's category is one the employee is short of
  for their next credit level;
- ``gate``: ``gate`` points when the course builds a skill, or belongs to a category, that a
  promotion gate of the employee's target designation requires.

A course no reason applies to is not recommended. A reason's ``detail`` is data, not prose (the
caller words it in the user's language): the matching skills for ``skill_gap``, the number of
improved colleagues for ``peers``, the course's weight for ``strategic``, the category for
``next_level``, the matching gate skills and categories for ``gate``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import pandas as pd

PRECISION = 3

DEFAULT_WEIGHTS: dict[str, float] = {
	"skill_gap": 3.0,  # points per needed skill the course builds
	"peers": 2.0,  # points when at least peers_saturation colleagues improved after the course
	"peers_saturation": 5.0,  # improved colleagues that earn the full peers points
	"strategic": 1.0,  # points for a course weighted above strategic_weight
	"strategic_weight": 1.0,  # the normal weight; above it a course is strategic
	"next_level": 2.0,  # points for a course in a category the employee is short of for the next level
	"gate": 2.0,  # points for a course that builds a promotion gate's skill or category
}


class UnknownWeightError(ValueError):
	pass


def weights_with_defaults(weights: Mapping[str, float] | None) -> dict[str, float]:
	"""The defaults overridden by ``weights``; an unknown name (a typo) is an error, not ignored."""
	unknown = sorted(set(weights or {}) - set(DEFAULT_WEIGHTS))
	if unknown:
		raise UnknownWeightError(", ".join(unknown))
	merged = dict(DEFAULT_WEIGHTS)
	merged.update({name: float(value) for name, value in (weights or {}).items() if value is not None})
	return merged


def _number(value) -> float | None:
	if value is None or value == "":
		return None
	try:
		number = float(value)
	except (TypeError, ValueError):
		return None
	return None if math.isnan(number) else number


def _skills(value) -> list[str]:
	if isinstance(value, str):
		return [value] if value else []
	if isinstance(value, Iterable):
		return [skill for skill in value if isinstance(skill, str) and skill]
	return []


def _flag(value) -> bool:
	"""A Check value: None / NaN / 0 / False are off."""
	if value is None or (isinstance(value, float) and math.isnan(value)):
		return False
	return bool(value)


def _text(value) -> str | None:
	if value is None or (isinstance(value, float) and math.isnan(value)):
		return None
	return str(value)


COURSE_COLUMNS = ("course", "title", "category", "skills", "weight", "effective_credits", "active")


def prepare_courses(courses: pd.DataFrame) -> list[tuple]:
	"""The course catalogue as plain tuples, once, for many calls of :func:`recommend`."""
	if courses is None or courses.empty:
		return []
	values = [
		courses[column].tolist()
		if column in courses.columns
		else [True if column == "active" else None] * len(courses)
		for column in COURSE_COLUMNS
	]
	return list(zip(*values, strict=True))


def recommend(
	employee: str,
	needs: list[str],
	courses: pd.DataFrame | list[tuple],
	taken: set[str],
	peers_improved: Mapping[str, int] | None = None,
	next_level_categories: Mapping[str, float] | None = None,
	gate_skills: Iterable[str] = (),
	gate_categories: Iterable[str] = (),
	weights: Mapping[str, float] | None = None,
	limit: int = 5,
	min_peers: int = 1,
) -> list[dict]:
	"""The ``limit`` best courses for ``employee`` (see the module docstring for the scoring).

	``needs`` are the employee's needed skills; ``courses`` has ``course``, ``title``, ``category``,
	``skills`` (a list of skill names), ``weight``, ``effective_credits`` and ``active`` (a missing
	``active`` column means every course is active), or is :func:`prepare_courses` of such a frame
	(faster when recommending for many employees); ``taken`` are the courses the employee has
	already taken (never recommended again); ``peers_improved`` maps a course to the number of
	comparable colleagues who improved after it (:func:`peers_improved`); ``next_level_categories``
	maps a category to the credits the employee is short of in it for the next level (0 or less: not
	short). Fewer than ``min_peers`` improved colleagues count as none: a count of one or two would
	tell an employee how a named colleague's appraisal went.

	Returns ``[{employee, course, title, score, effective_credits, reasons: [{code, detail, points}]}]``
	sorted by score (highest first), then effective credits (highest first), then course code.
	"""
	points = weights_with_defaults(weights)
	rows = courses if isinstance(courses, list) else prepare_courses(courses)
	if not rows or limit <= 0:
		return []
	needed = set(needs or ())
	taken = set(taken or ())
	peers = peers_improved or {}
	short = {category for category, credits in (next_level_categories or {}).items() if (credits or 0) > 0}
	gate_skill_set = set(gate_skills or ())
	gate_category_set = set(gate_categories or ())
	saturation = points["peers_saturation"]

	ranked = []
	for course, title, category, skills, weight, credits, active in rows:
		if course in taken or not _flag(active):
			continue
		skills = set(skills) if isinstance(skills, list | tuple | set) else set(_skills(skills))
		category = _text(category)
		weight = _number(weight)
		reasons = []
		matched = sorted(skills & needed)
		if matched:
			reasons.append(("skill_gap", ", ".join(matched), points["skill_gap"] * len(matched)))
		improved = int(peers.get(course) or 0)
		if improved > 0 and improved >= min_peers:
			share = min(improved / saturation, 1.0) if saturation > 0 else 1.0
			reasons.append(("peers", str(improved), points["peers"] * share))
		if weight is not None and weight > points["strategic_weight"]:
			reasons.append(("strategic", f"{weight:g}", points["strategic"]))
		if category is not None and category in short:
			reasons.append(("next_level", category, points["next_level"]))
		gates = sorted(skills & gate_skill_set)
		if category is not None and category in gate_category_set:
			gates.append(category)
		if gates:
			reasons.append(("gate", ", ".join(gates), points["gate"]))
		score = round(math.fsum(value for _, _, value in reasons), PRECISION)
		if score <= 0:
			continue
		credits = _number(credits)
		ranked.append(
			{
				"employee": employee,
				"course": _text(course),
				"title": _text(title),
				"score": score,
				"effective_credits": credits,
				"reasons": [
					{"code": code, "detail": detail, "points": round(value, PRECISION)}
					for code, detail, value in reasons
				],
			}
		)
	ranked.sort(
		key=lambda row: (
			-row["score"],
			-(row["effective_credits"] if row["effective_credits"] is not None else -math.inf),
			row["course"] or "",
		)
	)
	return ranked[:limit]


def peers_improved(frame: pd.DataFrame) -> dict[str, int]:
	"""Colleagues who improved after each course: ``frame`` has ``course``, ``employee``, ``improved``.

	Each colleague counts once per course however many rows they have; a missing ``improved`` counts
	as not improved. Every course in the frame appears, with 0 when nobody improved.
	"""
	if frame.empty:
		return {}
	data = frame.reset_index(drop=True).dropna(subset=["course", "employee"])
	improved = data["improved"].astype(object).where(data["improved"].notna(), False).astype(bool)
	counts = data[improved].drop_duplicates(["course", "employee"]).groupby("course").size()
	courses = sorted(data["course"].unique(), key=str)
	return {str(course): int(counts.get(course, 0)) for course in courses}
