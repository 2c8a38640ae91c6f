"""Incentives earned with credits: levels and allowances, bonus add-on, promotion gates, honours,
and the cost of a level policy (no frappe).

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

PRECISION = 6
EPSILON = 1e-9
CATEGORY_PREFIX = "cat:"

KIND_CATEGORY = "category"
KIND_SKILL = "skill"
REQUIREMENT_KINDS = (KIND_CATEGORY, KIND_SKILL)
MODE_BLOCK = "Block"
MODE_WARN = "Warn"
GATE_MODES = (MODE_BLOCK, MODE_WARN)

INCLUDE_TIES = "include_ties"
EXCLUDE_TIES = "exclude_ties"
EARLIEST = "earliest"
TIE_RULES = (INCLUDE_TIES, EXCLUDE_TIES, EARLIEST)
REASON_TOP = "top"
REASON_BELOW_FLOOR = "below_floor"
REASON_OUTSIDE_TOP = "outside_top"
REASON_TIE_EXCLUDED = "tie_excluded"


def _round(value: float, precision: int = PRECISION) -> float:
	rounded = round(float(value), precision)
	return 0.0 if rounded == 0 else rounded


def _number(value) -> float:
	"""A float from any numeric input; None and NaN count as 0."""
	if value is None:
		return 0.0
	value = float(value)
	return 0.0 if math.isnan(value) else value


# ---------------------------------------------------------------------------------------------------
# Levels and allowances


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


# ---------------------------------------------------------------------------------------------------
# Bonus add-on


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


# ---------------------------------------------------------------------------------------------------
# Promotion gates


@dataclass(frozen=True)
class Requirement:
	"""Minimum credits in one category (``kind="category"``) or for one skill (``kind="skill"``)."""

	kind: str
	name: str
	min_credits: float

	def __post_init__(self):
		if self.kind not in REQUIREMENT_KINDS:
			raise ValueError(f"unknown requirement kind: {self.kind}")


@dataclass(frozen=True)
class Gate:
	"""Credits a designation (or grade) requires; ``mode`` says whether a shortfall blocks or warns.

	The seed's gate: ``Gate("Department Manager", 50, (Requirement("category", "Management", 20),))``.
	"""

	target: str
	min_total: float = 0.0
	requirements: tuple[Requirement, ...] = ()
	mode: str = MODE_BLOCK
	from_designations: tuple[str, ...] = ()  # who is on the way to it (recommendations)

	def __post_init__(self):
		if self.mode not in GATE_MODES:
			raise ValueError(f"unknown gate mode: {self.mode}")


def check_gate(
	gate: Gate, total: float, by_category: Mapping[str, float], by_skill: Mapping[str, float]
) -> dict:
	"""Whether an employee's credits pass a gate, and by how much they fall short.

	Returns ``passed``, ``blocked`` (not passed and the gate blocks), ``target``, ``mode``, ``total``,
	``min_total``, ``missing_total`` and ``shortfalls``: one ``{"kind", "name", "has", "needs",
	"missing"}`` per unmet requirement, in the gate's order. That is the data of a message like
	"needs 50 credits, has 42; Management 12 of 20"; the caller writes the (translated) text.
	"""
	total = _number(total)
	sources = {KIND_CATEGORY: by_category or {}, KIND_SKILL: by_skill or {}}
	shortfalls = []
	for requirement in gate.requirements:
		has = _number(sources[requirement.kind].get(requirement.name))
		needs = float(requirement.min_credits)
		if has < needs - EPSILON:
			shortfalls.append(
				{
					"kind": requirement.kind,
					"name": requirement.name,
					"has": _round(has),
					"needs": _round(needs),
					"missing": _round(needs - has),
				}
			)
	missing_total = float(gate.min_total) - total
	missing_total = missing_total if missing_total > EPSILON else 0.0
	passed = missing_total == 0 and not shortfalls
	return {
		"target": gate.target,
		"passed": passed,
		"blocked": not passed and gate.mode == MODE_BLOCK,
		"mode": gate.mode,
		"total": _round(total),
		"min_total": _round(gate.min_total),
		"missing_total": _round(missing_total),
		"shortfalls": shortfalls,
	}


# ---------------------------------------------------------------------------------------------------
# Honours


def award_places(top_percent: float, population: int) -> int:
	"""``ceil(top_percent% x population)``, computed so that 10% of 30 is 3 places, not 4."""
	if top_percent <= 0 or population <= 0:
		return 0
	return min(population, max(1, math.ceil(round(top_percent / 100.0 * population, 9))))


def rank_learners(
	credits: Mapping[str, float] | pd.Series,
	top_percent: float,
	min_credits: float = 0.0,
	tie_rule: str = INCLUDE_TIES,
	tie_breaker: Mapping[str, object] | None = None,
) -> list[dict]:
	"""Rank a population by credits and award the top ``top_percent`` (e.g. Annual Excellent Learner).

	``credits`` maps each employee of the population (e.g. every active employee, with 0 for those
	without credits) to their credits. Ranking is competition ranking by credits descending
	(1, 2, 2, 4); ties are broken only by ``tie_rule="earliest"``, which ranks equal credits by
	``tie_breaker`` (e.g. the date each employee reached their total; smaller wins, missing last).

	Eligible: credits >= ``min_credits`` (the floor) and credits > 0. Places:
	``ceil(top_percent / 100 x size of the whole population)``; the population, not only the
	eligible employees, so that "top 10%" means a tenth of the workforce and a floor can leave places
	empty rather than shrink them; at least 1 when ``top_percent`` > 0 and someone is eligible.

	A tie straddling the last place is settled by ``tie_rule``:

	- ``include_ties``: everyone tied with the last place is awarded (the count may exceed places);
	- ``exclude_ties``: the tied group is left out (the count may be below places);
	- ``earliest``: the tie breaker orders the group; a tie that remains (equal breakers) is included.

	Returns every employee, sorted by rank then employee, as ``{"employee", "credits", "rank",
	"awarded", "reason"}`` with reason ``top``, ``below_floor``, ``outside_top`` or ``tie_excluded``.
	"""
	if tie_rule not in TIE_RULES:
		raise ValueError(f"unknown tie rule: {tie_rule}")
	if tie_rule == EARLIEST and tie_breaker is None:
		raise ValueError("the earliest tie rule needs a tie_breaker")
	if top_percent is None or not 0 <= float(top_percent) <= 100:
		raise ValueError("top_percent must be between 0 and 100")

	items = credits.items() if isinstance(credits, (Mapping, pd.Series)) else credits
	people = [(_plain(employee), _round(_number(value))) for employee, value in items]

	def breaker(employee) -> tuple:
		value = (tie_breaker or {}).get(employee) if tie_rule == EARLIEST else None
		missing = value is None or (isinstance(value, float) and math.isnan(value))
		return (1, 0) if missing else (0, value)

	def rank_key(person: tuple) -> tuple:
		return (-person[1], breaker(person[0]))

	people.sort(key=lambda person: (*rank_key(person), str(person[0])))
	rows = []
	previous_key = None
	rank = 0
	for position, (employee, value) in enumerate(people, start=1):
		key = rank_key((employee, value))
		if key != previous_key:
			rank, previous_key = position, key
		eligible = value > 0 and value >= float(min_credits) - EPSILON
		rows.append(
			{
				"employee": employee,
				"credits": value,
				"rank": rank,
				"awarded": False,
				"reason": REASON_OUTSIDE_TOP if eligible else REASON_BELOW_FLOOR,
			}
		)

	eligible_rows = [row for row in rows if row["reason"] != REASON_BELOW_FLOOR]
	places = award_places(float(top_percent), len(rows)) if eligible_rows else 0
	if places:
		last_rank = eligible_rows[min(places, len(eligible_rows)) - 1]["rank"]
		reaching = [row for row in eligible_rows if row["rank"] <= last_rank]
		straddles = len(reaching) > places
		for row in reaching:
			if straddles and tie_rule == EXCLUDE_TIES and row["rank"] == last_rank:
				row["reason"] = REASON_TIE_EXCLUDED
			else:
				row["awarded"], row["reason"] = True, REASON_TOP
	return rows


# ---------------------------------------------------------------------------------------------------
# Policy what-if


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


def _plain(value):
	return value.item() if isinstance(value, np.generic) else value


def gate_needs_for(designation: str | None, gates) -> tuple[set[str], set[str]]:
	"""The skills and categories of the gates an employee of ``designation`` is on the way to.

	A gate's courses are worth recommending only to people who can pass through it: those whose
	designation is on a path to it (``Gate.from_designations``), and not already there."""
	skills, categories = set(), set()
	for gate in gates:
		if not designation or designation == gate.target or designation not in gate.from_designations:
			continue
		for requirement in gate.requirements:
			(skills if requirement.kind == KIND_SKILL else categories).add(requirement.name)
	return skills, categories
