"""Maintained balances: every window read from buckets and ledger edges equals the ledger's sum."""

import datetime as dt
import random

import pytest

from hr_credit_app.engine import periods


def buckets_of(entries):
	table = {}
	for day, credits in entries:
		for key in periods.bucket_keys(day):
			table[key] = table.get(key, 0) + credits
	return table


def read(plan, table, entries):
	if plan.empty:
		return 0
	total = 0
	if plan.years:
		total += sum(v for (y, m), v in table.items() if m == 0 and plan.years[0] <= y <= plan.years[1])
	for year, first, last in plan.months:
		total += sum(v for (y, m), v in table.items() if y == year and first <= m <= last)
	for lo, hi in plan.add:
		total += sum(c for d, c in entries if lo <= d <= hi)
	for lo, hi in plan.subtract:
		total -= sum(c for d, c in entries if lo <= d <= hi)
	return total


TODAY = dt.date(2026, 11, 17)


def random_day(rng, start=dt.date(2022, 1, 1), end=TODAY):
	return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


@pytest.mark.parametrize("seed", range(40))
def test_any_window_read_from_buckets_equals_the_ledger(seed):
	rng = random.Random(seed)
	entries = [(random_day(rng), rng.randint(-3, 9)) for _ in range(300)]
	table = buckets_of(entries)
	for _ in range(150):
		end = random_day(rng, dt.date(2021, 6, 1), TODAY + dt.timedelta(days=40))
		start = None if rng.random() < 0.3 else random_day(rng, dt.date(2021, 1, 1), end)
		if start is not None and rng.random() < 0.3:
			start = start.replace(day=1)
		if rng.random() < 0.2:
			end = periods.month_end(end)
		expected = sum(c for d, c in entries if (start is None or d >= start) and d <= end)
		plan = periods.plan(start, end, TODAY, first_year=2000)
		assert read(plan, table, entries) == expected, (start, end, plan)


def test_a_window_reaching_today_reads_year_buckets_and_no_ledger():
	plan = periods.plan(None, TODAY, TODAY, first_year=2020)
	assert plan.years == (2020, 2026) and not plan.months and not plan.add and not plan.subtract
	plan = periods.plan(dt.date(2026, 1, 1), TODAY, TODAY)
	assert plan.years == (2026, 2026) and not plan.add and not plan.subtract


def test_a_past_end_reads_its_month_less_the_days_after_it():
	plan = periods.plan(None, dt.date(2026, 6, 15), TODAY, first_year=2024)
	assert plan.years == (2024, 2025)
	assert plan.months == [(2026, 1, 6)]
	assert plan.subtract == [(dt.date(2026, 6, 16), dt.date(2026, 6, 30))]


def test_a_start_inside_a_month_reads_the_ledger_to_that_month_end():
	plan = periods.plan(dt.date(2025, 11, 18), TODAY, TODAY)
	assert plan.add == [(dt.date(2025, 11, 18), dt.date(2025, 11, 30))]
	assert plan.months == [(2025, 12, 12)] and plan.years == (2026, 2026)


def test_an_inverted_window_is_empty():
	assert periods.plan(dt.date(2026, 5, 2), dt.date(2026, 5, 1), TODAY).empty
