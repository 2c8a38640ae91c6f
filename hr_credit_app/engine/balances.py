"""Credit balances and the credit-structure check, computed from ledger rows.

A ledger row is a mapping with at least ``posting_date``, ``credits`` and ``category``; ``course``
is used for balances by skill. Only submitted rows are passed in: cancelled entries never count.

Windows (all of them "as of" a date, which defaults to today in the caller):

- ``cumulative``: everything posted up to and including ``as_of``;
- ``calendar_year``: 1 January of ``as_of``'s year up to ``as_of``;
- ``fiscal_year``: the fiscal year that contains ``as_of`` (its start is given by the caller, who
  knows the company's fiscal year) up to ``as_of``;
- ``rolling_12_months``: the twelve months ending on ``as_of`` (``as_of`` - 12 months + 1 day
  up to ``as_of``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping

from hr_credit_app.engine.dates import DateLike, add_months, to_date

CUMULATIVE = "cumulative"
CALENDAR_YEAR = "calendar_year"
FISCAL_YEAR = "fiscal_year"
ROLLING_12_MONTHS = "rolling_12_months"
WINDOWS = (CUMULATIVE, CALENDAR_YEAR, FISCAL_YEAR, ROLLING_12_MONTHS)

ON_TARGET = "on_target"
BELOW_TARGET = "below_target"
ABOVE_TARGET = "above_target"

PRECISION = 6


class UnknownWindowError(ValueError):
	pass


class MissingFiscalYearError(ValueError):
	pass


def window_bounds(
	window: str, as_of: DateLike, fiscal_year_start: DateLike | None = None
) -> tuple[dt.date | None, dt.date]:
	"""Return ``(from_date, to_date)`` of a window, both inclusive; ``from_date`` is None for cumulative."""
	as_of = to_date(as_of)
	if window == CUMULATIVE:
		return None, as_of
	if window == CALENDAR_YEAR:
		return dt.date(as_of.year, 1, 1), as_of
	if window == FISCAL_YEAR:
		start = to_date(fiscal_year_start)
		if start is None:
			raise MissingFiscalYearError("fiscal_year window needs the fiscal year's start date")
		if start > as_of:
			raise MissingFiscalYearError("the fiscal year starts after the as-of date")
		return start, as_of
	if window == ROLLING_12_MONTHS:
		return add_months(as_of, -12) + dt.timedelta(days=1), as_of
	raise UnknownWindowError(window)


def in_window(posting_date: DateLike, bounds: tuple[dt.date | None, dt.date]) -> bool:
	start, end = bounds
	posting_date = to_date(posting_date)
	return (start is None or posting_date >= start) and posting_date <= end


def _round(value: float) -> float:
	rounded = round(value, PRECISION)
	return 0.0 if rounded == 0 else rounded


def summarize(
	rows: Iterable[Mapping],
	*,
	as_of: DateLike,
	window: str = CUMULATIVE,
	fiscal_year_start: DateLike | None = None,
	category_targets: Mapping[str, float] | None = None,
	course_skills: Mapping[str, Iterable[str]] | None = None,
	tolerance: float = 5.0,
) -> dict:
	"""Balances of one employee (or any set of rows) in a window.

	Returns ``total``, ``entries`` (rows counted), ``by_category`` (every targeted category appears,
	with 0 when it has no credits), ``by_skill`` (a course's credits count in full for each skill the
	course builds) and ``structure`` (see :func:`structure_check`).
	"""
	bounds = window_bounds(window, as_of, fiscal_year_start)
	category_targets = dict(category_targets or {})
	course_skills = course_skills or {}

	by_category: dict[str, list[float]] = {category: [] for category in category_targets}
	by_skill: dict[str, list[float]] = {}
	counted: list[float] = []
	for row in rows:
		if not in_window(row["posting_date"], bounds):
			continue
		credits = float(row["credits"])
		counted.append(credits)
		by_category.setdefault(row.get("category") or "", []).append(credits)
		for skill in course_skills.get(row.get("course") or "", ()):
			by_skill.setdefault(skill, []).append(credits)

	total = _round(math.fsum(counted))
	category_totals = {category: _round(math.fsum(values)) for category, values in by_category.items()}
	return {
		"window": window,
		"from_date": bounds[0].isoformat() if bounds[0] else None,
		"to_date": bounds[1].isoformat(),
		"total": total,
		"entries": len(counted),
		"by_category": category_totals,
		"by_skill": {skill: _round(math.fsum(values)) for skill, values in sorted(by_skill.items())},
		"structure": structure_check(category_totals, category_targets, tolerance=tolerance),
	}


def structure_check(
	by_category: Mapping[str, float], category_targets: Mapping[str, float], tolerance: float = 5.0
) -> dict:
	"""Compare each category's share of the credits with its target share (both in percent).

	A category is ``on_target`` when its share is within ``tolerance`` percentage points of the
	target, otherwise ``below_target`` or ``above_target``. ``credits_to_target`` is how many more
	credits the category needs for its share of the *current* total to reach the target, i.e.
	``target% x total - credits`` (never negative). With no credits at all every category with a
	positive target is below target and the mix is not balanced.
	"""
	total = math.fsum(max(value, 0.0) for value in by_category.values())
	categories = []
	for category in sorted(
		set(category_targets) | set(by_category), key=lambda c: (c not in category_targets, c)
	):
		credits = float(by_category.get(category, 0.0))
		target = float(category_targets.get(category, 0.0))
		share = (max(credits, 0.0) / total * 100.0) if total > 0 else 0.0
		deviation = share - target
		if total > 0 and abs(deviation) <= tolerance:
			status = ON_TARGET
		elif deviation < 0 or (total <= 0 and target > 0):
			status = BELOW_TARGET
		elif total <= 0:
			status = ON_TARGET
		else:
			status = ABOVE_TARGET
		categories.append(
			{
				"category": category,
				"credits": _round(credits),
				"share": _round(share),
				"target_share": _round(target),
				"deviation": _round(deviation),
				"credits_to_target": _round(max(target / 100.0 * total - credits, 0.0)),
				"status": status,
			}
		)
	return {
		"tolerance": tolerance,
		"balanced": bool(categories) and all(row["status"] == ON_TARGET for row in categories),
		"categories": categories,
	}
