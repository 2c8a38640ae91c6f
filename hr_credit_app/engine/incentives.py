"""Incentives earned with credits: levels and allowances, bonus add-on, and the cost of a level
policy (no frappe). Promotion gates live in ``engine.gates``, the honours ranking in
``engine.honours``; their names are re-exported here.

Every number is a parameter. The seed's policy, as data (used only in examples and tests):

- levels: 20 credits -> Junior, 500 a month; 40 -> Intermediate, 1,000; 60 -> Senior, 1,500
  (a level may also require minimum credits per category, e.g. ``{"Practice": 10}``);
- bonus add-on: every full 10 credits adds 1% of the performance bonus, capped at a configurable
  percentage;
- promotion gate: Department Manager needs 50 cumulative credits, of which >= 20 from management
  courses (block or warn);
- honours: Annual Excellent Learner = top 10% by credits in the year.

Credits are compared with a tolerance of ``EPSILON`` so that float noise in a sum (39.9999999999)
never costs anyone a level, a step or a place. Results are plain Python values (no numpy scalars,
no NaN) and never contain text meant for people: the caller builds translated messages.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hr_credit_app.engine.numbers import EPSILON
from hr_credit_app.engine.numbers import number as _number
from hr_credit_app.engine.numbers import plain as _plain
from hr_credit_app.engine.numbers import rounded as _round

CATEGORY_PREFIX = "cat:"


@dataclass(frozen=True)
class Level:
	"""A credit level, e.g. ``Level("Intermediate", 40, 1000, "Credit Allowance")``.

	``category_minimums`` are extra conditions: ``{"Practice": 10}`` means the level also needs at
	least 10 credits in the Practice category. A minimum of 0 or less is no condition.
	"""

	name: str
	min_credits: float
	monthly_allowance: float = 0.0
	salary_component: str | None = None
	category_minimums: Mapping[str, float] = field(default_factory=dict)


def order_levels(levels: Sequence[Level]) -> list[Level]:
	"""Levels in ascending order of ``min_credits`` (then name); duplicate names are refused."""
	ordered = sorted(levels, key=lambda level: (float(level.min_credits), level.name))
	names = [level.name for level in ordered]
	if len(set(names)) != len(names):
		raise ValueError("level names must be unique")
	return ordered


def _qualifies(level: Level, total: float, by_category: Mapping[str, float]) -> bool:
	if _number(total) < float(level.min_credits) - EPSILON:
		return False
	return all(
		_number(by_category.get(category)) >= float(minimum) - EPSILON
		for category, minimum in level.category_minimums.items()
		if float(minimum) > 0
	)


def _assigned_index(total: float, by_category: Mapping[str, float], ordered: list[Level]) -> int:
	"""Position in ``ordered`` of the highest level reached, -1 when none."""
	reached = -1
	for index, level in enumerate(ordered):
		if _qualifies(level, total, by_category):
			reached = index
	return reached


def assign_level(total: float, by_category: Mapping[str, float], levels: Sequence[Level]) -> Level | None:
	"""The highest level (by ``min_credits``) whose credit minimum and every category minimum are met.

	``levels`` may come in any order. With the seed's levels 45 credits give Intermediate; 65 credits
	with only 5 in Practice give Intermediate too if Senior needs 10 Practice credits. None when no
	level is reached.
	"""
	ordered = order_levels(levels)
	index = _assigned_index(total, by_category or {}, ordered)
	return ordered[index] if index >= 0 else None


def next_level(total: float, by_category: Mapping[str, float], levels: Sequence[Level]) -> dict | None:
	"""The level just above the current one (the lowest level when none is reached) and what it takes.

	Returns ``{"level", "min_credits", "credits_needed", "category_needs"}`` where ``credits_needed``
	is ``max(0, min_credits - total)`` and ``category_needs`` maps each category whose minimum is not
	met to the missing credits. E.g. 30 credits -> Intermediate (40) needs 10. None at the top level
	(or when there are no levels).
	"""
	ordered = order_levels(levels)
	by_category = by_category or {}
	index = _assigned_index(total, by_category, ordered) + 1
	if index >= len(ordered):
		return None
	level = ordered[index]
	category_needs = {}
	for category, minimum in level.category_minimums.items():
		missing = float(minimum) - _number(by_category.get(category))
		if missing > EPSILON:
			category_needs[category] = _round(missing)
	return {
		"level": level.name,
		"min_credits": _round(level.min_credits),
		"credits_needed": _round(max(0.0, float(level.min_credits) - _number(total))),
		"category_needs": category_needs,
	}


def _level_indices(frame: pd.DataFrame, ordered: list[Level]) -> np.ndarray:
	"""Vectorised :func:`_assigned_index`: one position per row of ``frame`` (-1 when none)."""
	count = len(frame)
	totals = pd.to_numeric(frame["total"], errors="coerce").fillna(0.0).to_numpy(dtype=float)
	columns: dict[str, np.ndarray] = {}

	def category_values(category: str) -> np.ndarray:
		if category not in columns:
			column = CATEGORY_PREFIX + category
			if column in frame.columns:
				values = pd.to_numeric(frame[column], errors="coerce").fillna(0.0).to_numpy(dtype=float)
			else:
				values = np.zeros(count, dtype=float)
			columns[category] = values
		return columns[category]

	indices = np.full(count, -1, dtype=np.int64)
	for index, level in enumerate(ordered):
		mask = totals >= float(level.min_credits) - EPSILON
		for category, minimum in level.category_minimums.items():
			if float(minimum) > 0:
				mask &= category_values(category) >= float(minimum) - EPSILON
		indices[mask] = index
	return indices


def assign_levels(frame: pd.DataFrame, levels: Sequence[Level]) -> pd.DataFrame:
	""":func:`assign_level` for many employees at once (vectorised: one pass per level, not per row).

	``frame`` has columns ``employee``, ``total`` and one column per category named
	``cat:<Category>``; a category without a column, and any missing value, counts as 0. Returns a new
	DataFrame, in the same row order, with columns ``employee``, ``total``, ``level`` (None when no
	level), ``monthly_allowance`` (0 when no level) and ``salary_component`` (None when no level).
	"""
	ordered = order_levels(levels)
	indices = _level_indices(frame, ordered) + 1
	names = np.array([None, *(level.name for level in ordered)], dtype=object)
	allowances = np.array([0.0, *(float(level.monthly_allowance or 0) for level in ordered)], dtype=float)
	components = np.array([None, *(level.salary_component or None for level in ordered)], dtype=object)
	return pd.DataFrame(
		{
			"employee": frame["employee"].to_numpy(dtype=object),
			"total": pd.to_numeric(frame["total"], errors="coerce").fillna(0.0).to_numpy(dtype=float),
			"level": names[indices],
			"monthly_allowance": allowances[indices],
			"salary_component": components[indices],
		}
	)


def bonus_addon_percent(
	credits: float, credits_per_step: float, percent_per_step: float, max_percent: float | None
) -> float:
	"""Percentage of the performance bonus added for ``credits``.

	``floor(credits / credits_per_step) x percent_per_step``, capped at ``max_percent`` (no cap when
	it is None or 0); negative credits add nothing. With 10 credits a step, 1% a step and a 5% cap:
	37 credits -> 3%, 80 credits -> 5%.
	"""
	if credits_per_step is None or float(credits_per_step) <= 0:
		raise ValueError("credits_per_step must be positive")
	if float(percent_per_step) < 0:
		raise ValueError("percent_per_step must not be negative")
	if max_percent is not None and float(max_percent) < 0:
		raise ValueError("max_percent must not be negative")
	credits = _number(credits)
	if credits <= 0:
		return 0.0
	steps = math.floor(credits / float(credits_per_step) + EPSILON)
	percent = steps * float(percent_per_step)
	if max_percent:
		percent = min(percent, float(max_percent))
	return _round(percent)


def bonus_addon(
	bonus_amount: float,
	credits: float,
	credits_per_step: float,
	percent_per_step: float,
	max_percent: float | None,
	precision: int = 2,
) -> float:
	"""Amount added to ``bonus_amount``: ``round(bonus x percent / 100, precision)``.

	E.g. a bonus of 20,000 with 37 credits at 10 credits / 1% a step, capped at 5% -> 3% -> 600.
	"""
	percent = bonus_addon_percent(credits, credits_per_step, percent_per_step, max_percent)
	return _round(_number(bonus_amount) * percent / 100.0, precision)


def _policy_rows(ordered: list[Level], indices: np.ndarray) -> list[dict]:
	counts = np.bincount(indices + 1, minlength=len(ordered) + 1)
	rows = [
		{
			"level": level.name,
			"employees": int(counts[position + 1]),
			"monthly_cost": _round(float(level.monthly_allowance or 0) * int(counts[position + 1])),
		}
		for position, level in enumerate(ordered)
	]
	rows.append({"level": None, "employees": int(counts[0]), "monthly_cost": 0.0})
	return rows


def policy_cost(frame: pd.DataFrame, levels: Sequence[Level]) -> dict:
	"""Monthly allowance cost of a level policy over ``frame`` (columns as in :func:`assign_levels`).

	Returns ``{"levels": [{"level", "employees", "monthly_cost"}, ...], "employees", "monthly_cost"}``
	with one row per level in ascending order (levels nobody reaches included) and a last row for
	employees at no level (``level`` None, cost 0).
	"""
	ordered = order_levels(levels)
	return _policy_summary(frame, ordered, _level_indices(frame, ordered))


def compare_policies(frame: pd.DataFrame, current: Sequence[Level], proposed: Sequence[Level]) -> dict:
	"""What-if: the current level policy next to a proposed one, over the same employees.

	Returns ``current`` and ``proposed`` (each a :func:`policy_cost`), ``rows`` side by side per level
	name (the union of both policies' names, ordered by the lower of their ``min_credits``, then name;
	the no-level row last) with ``current_employees``, ``proposed_employees``, ``current_cost``,
	``proposed_cost`` and ``delta_cost``; ``delta_monthly_cost`` (proposed - current);
	``moved_up`` / ``moved_down``: the employees (in frame order) whose allowance rises / falls.
	"""
	current_levels, proposed_levels = order_levels(current), order_levels(proposed)
	current_indices = _level_indices(frame, current_levels)
	proposed_indices = _level_indices(frame, proposed_levels)
	current_cost = _policy_summary(frame, current_levels, current_indices)
	proposed_cost = _policy_summary(frame, proposed_levels, proposed_indices)

	thresholds: dict[str, float] = {}
	for level in (*current_levels, *proposed_levels):
		thresholds[level.name] = min(thresholds.get(level.name, math.inf), float(level.min_credits))
	names = [*sorted(thresholds, key=lambda name: (thresholds[name], name)), None]
	current_by_name = {row["level"]: row for row in current_cost["levels"]}
	proposed_by_name = {row["level"]: row for row in proposed_cost["levels"]}
	rows = []
	for name in names:
		before = current_by_name.get(name, {"employees": 0, "monthly_cost": 0.0})
		after = proposed_by_name.get(name, {"employees": 0, "monthly_cost": 0.0})
		rows.append(
			{
				"level": name,
				"current_employees": before["employees"],
				"proposed_employees": after["employees"],
				"current_cost": before["monthly_cost"],
				"proposed_cost": after["monthly_cost"],
				"delta_cost": _round(after["monthly_cost"] - before["monthly_cost"]),
			}
		)

	before = _allowances(current_levels, current_indices)
	after = _allowances(proposed_levels, proposed_indices)
	employees = frame["employee"].to_numpy(dtype=object)
	return {
		"current": current_cost,
		"proposed": proposed_cost,
		"rows": rows,
		"delta_monthly_cost": _round(proposed_cost["monthly_cost"] - current_cost["monthly_cost"]),
		"moved_up": [_plain(employee) for employee in employees[after > before + EPSILON]],
		"moved_down": [_plain(employee) for employee in employees[after < before - EPSILON]],
	}


def _policy_summary(frame: pd.DataFrame, ordered: list[Level], indices: np.ndarray) -> dict:
	rows = _policy_rows(ordered, indices)
	return {
		"levels": rows,
		"employees": len(frame),
		"monthly_cost": _round(math.fsum(row["monthly_cost"] for row in rows)),
	}


def _allowances(ordered: list[Level], indices: np.ndarray) -> np.ndarray:
	amounts = np.array([0.0, *(float(level.monthly_allowance or 0) for level in ordered)], dtype=float)
	return amounts[indices + 1]
