"""The honours ranking: the top learners of a year by credits, with ties and a floor (no frappe)."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from hr_credit_app.engine.numbers import EPSILON
from hr_credit_app.engine.numbers import number as _number
from hr_credit_app.engine.numbers import plain as _plain
from hr_credit_app.engine.numbers import rounded as _round

INCLUDE_TIES = "include_ties"

EXCLUDE_TIES = "exclude_ties"

EARLIEST = "earliest"

TIE_RULES = (INCLUDE_TIES, EXCLUDE_TIES, EARLIEST)

REASON_TOP = "top"

REASON_BELOW_FLOOR = "below_floor"

REASON_OUTSIDE_TOP = "outside_top"

REASON_TIE_EXCLUDED = "tie_excluded"


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
