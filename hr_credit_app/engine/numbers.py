"""Credits as numbers: a tolerance for float noise, and rounding (no frappe)."""

from __future__ import annotations

import math

PRECISION = 6
EPSILON = 1e-9  # credits closer than this are equal: float noise in a sum never costs a level


def rounded(value: float, precision: int = PRECISION) -> float:
	result = round(float(value), precision)
	return 0.0 if result == 0 else result


def number(value) -> float:
	"""A float from any numeric input; None and NaN count as 0."""
	if value is None:
		return 0.0
	value = float(value)
	return 0.0 if math.isnan(value) else value


def plain(value):
	"""A numpy scalar as the Python value it holds (results are plain Python)."""
	return value.item() if hasattr(value, "item") and not isinstance(value, str) else value
