"""Maintained balances: which stored buckets and which ledger edges add up to a window.

The ledger keeps, beside every Credit Entry, a balance per employee x company x category in two
granularities: a *year* bucket (``month`` 0) and a *month* bucket (``month`` 1-12), the way
ERPNext keeps Bin beside the Stock Ledger. A window ``[from_date, to_date]`` (``from_date`` None:
from the beginning) is read as

    sum(year buckets) + sum(month buckets) + sum(ledger over the "add" day ranges)
                                          - sum(ledger over the "subtract" day ranges)

with as few ledger days as possible: the end of a window that reaches today is answered by its
year bucket (nothing is ever posted after today, so the part of the year after the window is
empty), a past end by its month bucket less the days after it, and a start inside a month by the
ledger from that day to the month's end. :func:`plan` decides; nothing here touches a database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hr_credit_app.engine.dates import DateLike, to_date

DateRange = tuple[dt.date, dt.date]  # both inclusive


@dataclass
class Plan:
	years: tuple[int, int] | None = None  # year buckets, first and last year inclusive
	months: list[tuple[int, int, int]] = field(default_factory=list)  # (year, first month, last month)
	add: list[DateRange] = field(default_factory=list)  # ledger day ranges to add
	subtract: list[DateRange] = field(default_factory=list)  # ledger day ranges to subtract
	empty: bool = False


def month_end(day: dt.date) -> dt.date:
	first_of_next = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
	return first_of_next - dt.timedelta(days=1)


def plan(from_date: DateLike | None, to_date_: DateLike, today: DateLike, first_year: int = 1900) -> Plan:
	"""How to read ``[from_date, to_date_]`` from buckets and ledger edges (see the module).

	``today``: no entry is posted after it, so the days of a bucket after ``today`` are known to be
	empty. ``first_year``: where a cumulative window starts (any year before the first entry)."""
	end = to_date(to_date_)
	today = to_date(today)
	start = to_date(from_date) if from_date else dt.date(first_year, 1, 1)
	result = Plan()
	if start > end:
		result.empty = True
		return result

	# 1. the end: the bucket that holds `end`, less the days of it after `end` (none when it reaches today)
	if end >= today or (end.month == 12 and end.day == 31):
		last_full_year = end.year  # the year bucket; any day of it after `end` is after today or none
		end_month = None
		if end < dt.date(end.year, 12, 31) and end < today:
			result.subtract.append((end + dt.timedelta(days=1), dt.date(end.year, 12, 31)))
	else:
		last_full_year = end.year - 1  # the months of end's year, the last one less its days after `end`
		end_month = end.month
		if end < month_end(end):
			result.subtract.append((end + dt.timedelta(days=1), month_end(end)))

	# 2. the start: a day inside a month is read from the ledger to that month's end
	cursor = start
	if cursor.day != 1:
		head_end = month_end(cursor)
		if end_month is not None and cursor.year == end.year and cursor.month == end.month:
			# start and end in one month: the ledger days alone
			result.subtract = []
			result.add.append((cursor, end))
			return result
		result.add.append((cursor, head_end))
		cursor = head_end + dt.timedelta(days=1)

	# 3. whole months up to the end of the cursor's year (or up to the end month in the end year)
	if cursor.month != 1 and cursor.year <= end.year:
		last = end_month if (end_month is not None and cursor.year == end.year) else 12
		if cursor.month <= last:
			result.months.append((cursor.year, cursor.month, last))
		cursor = dt.date(cursor.year + 1, 1, 1)

	# 4. whole years, then the months of the end year when its year bucket is not used
	if cursor.year <= last_full_year:
		result.years = (cursor.year, last_full_year)
		cursor = dt.date(last_full_year + 1, 1, 1)
	if end_month is not None and cursor.year == end.year and cursor.month == 1:
		result.months.append((end.year, 1, end_month))
	return result


def bucket_keys(posting_date: DateLike) -> tuple[tuple[int, int], tuple[int, int]]:
	"""The (year, month) keys of the two buckets an entry posted on a day counts in."""
	day = to_date(posting_date)
	return (day.year, 0), (day.year, day.month)
