"""Date helpers shared by the engine (no frappe)."""

from __future__ import annotations

import datetime as dt

DateLike = dt.date | dt.datetime | str


def to_date(value: DateLike | None) -> dt.date | None:
	"""Return a `datetime.date` for a date, a datetime or an ISO string (``YYYY-MM-DD[ ...]``)."""
	if value is None or value == "":
		return None
	if isinstance(value, dt.datetime):
		return value.date()
	if isinstance(value, dt.date):
		return value
	return dt.date.fromisoformat(str(value)[:10])


def add_months(date: dt.date, months: int) -> dt.date:
	"""Calendar month arithmetic that clamps the day (31 Jan + 1 month = 28/29 Feb)."""
	month_index = date.month - 1 + months
	year = date.year + month_index // 12
	month = month_index % 12 + 1
	day = min(date.day, _days_in_month(year, month))
	return dt.date(year, month, day)


def _days_in_month(year: int, month: int) -> int:
	if month == 12:
		return 31
	return (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day
