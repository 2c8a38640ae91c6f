"""Catalogue arithmetic: category target shares and course credits (no frappe)."""

from __future__ import annotations

import math
from collections.abc import Mapping

SHARE_TOTAL = 100.0
SHARE_EPSILON = 1e-6


def effective_credits(base_credits: float, weight: float) -> float:
	"""Credits a course awards: base credits x weight (2 x 1.5 = 3)."""
	return round(float(base_credits) * float(weight), 6)


def target_share_total(shares: Mapping[str, float]) -> float:
	"""Sum of the target shares (percent) of the active categories."""
	return round(math.fsum(float(share or 0) for share in shares.values()), 6)


def shares_add_up(shares: Mapping[str, float]) -> bool:
	"""True when there are no active categories, or when their target shares add up to 100%."""
	if not shares:
		return True
	return abs(target_share_total(shares) - SHARE_TOTAL) <= SHARE_EPSILON
