"""Progress arithmetic for plans, departments and employees (no frappe; pandas).

Training plans are the denominator of participation and completion:

- targeted: the employees the plan is for, times its courses;
- enrolled (participation): targeted pairs with any evidence for the course in the plan's period;
- completed (completion): targeted pairs credited for the course in the plan's period;
- overdue: targeted, not completed, and the due date has passed.

An extension moves the due date; its effect is the completion reached by the original due date
compared with the completion reached by the new one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from hr_credit_app.engine import incentives
from hr_credit_app.engine.dates import to_date


def _pct(part: float, whole: float) -> float | None:
	return round(100.0 * float(part) / float(whole), 2) if whole else None


def plan_progress(
	targeted: pd.DataFrame,
	enrolled: pd.DataFrame,
	credited: pd.DataFrame,
	plans: pd.DataFrame,
	today: dt.date,
	by: Sequence[str] = (),
) -> list[dict]:
	"""Per plan and course (and the ``by`` columns of ``targeted``, e.g. department): targeted,
	enrolled, completed, overdue and the rates.

	``targeted``: plan, course, employee (one row per targeted pair).
	``enrolled``: employee, course (pairs with evidence in the plan period; extra columns ignored).
	``credited``: employee, course, credited_on.
	``plans``: plan, due_date, original_due_date (the first due date; equal when never extended).
	"""
	if targeted.empty:
		return []
	keys = ["plan", "course", *by]
	frame = targeted[[*keys, "employee"]].drop_duplicates(["plan", "course", "employee"])
	due_of = plans.drop_duplicates("plan").set_index("plan")
	due_dates = pd.to_datetime(due_of["due_date"])  # a few plans: their days converted once
	due = frame["plan"].map(due_dates)
	original = frame["plan"].map(pd.to_datetime(due_of["original_due_date"]).fillna(due_dates)).fillna(due)
	# each (employee, course) pair as one integer on the codes of the targeted pairs: tens of
	# thousands of rows looked up without joining strings
	pair = PairKeys(frame)
	targeted_keys = pair.of(frame)
	credits = credited[["employee", "course", "credited_on"]]
	first_credit = (
		pd.Series(pd.to_datetime(credits["credited_on"]).to_numpy(), index=pair.of(credits))
		.loc[lambda s: s.index >= 0]
		.groupby(level=0)
		.min()
	)
	credited_on = first_credit.reindex(targeted_keys).to_numpy()
	completed = ~pd.isna(credited_on)
	enrolled_keys = pair.of(enrolled)
	frame = frame.assign(
		_enrolled=np.isin(targeted_keys, enrolled_keys[enrolled_keys >= 0]) | completed,
		_completed=completed,
		_overdue=~completed & (due < pd.Timestamp(today)).to_numpy(),
		_by_original=completed & (credited_on <= original.to_numpy()),
		_by_due=completed & (credited_on <= due.to_numpy()),
	)
	for column in by:
		frame[column] = frame[column].fillna("")
	grouped = frame.groupby(keys, sort=True).agg(
		targeted=("employee", "size"),
		enrolled=("_enrolled", "sum"),
		completed=("_completed", "sum"),
		overdue=("_overdue", "sum"),
		completed_by_original_due=("_by_original", "sum"),
		completed_by_due=("_by_due", "sum"),
	)
	rows = []
	for key, g in grouped.iterrows():
		targeted_count = int(g["targeted"])
		group = dict(zip(keys, key if isinstance(key, tuple) else (key,), strict=True))
		for column in by:
			group[column] = group[column] or None
		rows.append(
			{
				**group,
				"targeted": targeted_count,
				"enrolled": int(g["enrolled"]),
				"completed": int(g["completed"]),
				"overdue": int(g["overdue"]),
				"participation": _pct(g["enrolled"], targeted_count),
				"completion": _pct(g["completed"], targeted_count),
				"completion_by_original_due": _pct(g["completed_by_original_due"], targeted_count),
				"completion_by_due": _pct(g["completed_by_due"], targeted_count),
			}
		)
	return rows


class PairKeys:
	"""(employee, course) pairs as integers on the codes of one frame's employees and courses; a pair
	whose employee or course that frame lacks is -1."""

	def __init__(self, frame: pd.DataFrame):
		self.employees = pd.Index(frame["employee"].unique())
		self.courses = pd.Index(frame["course"].unique())

	def of(self, rows: pd.DataFrame) -> np.ndarray:
		if rows.empty:
			return np.zeros(0, dtype="int64")
		employee = self.employees.get_indexer(rows["employee"]).astype("int64")
		course = self.courses.get_indexer(rows["course"]).astype("int64")
		return np.where((employee < 0) | (course < 0), -1, employee * len(self.courses) + course)


def totals(rows: list[dict], key: str | None = None) -> list[dict] | dict:
	"""Add up plan/course rows (all of them, or per ``key`` such as plan or department)."""

	def fold(group: list[dict]) -> dict:
		targeted = sum(r["targeted"] for r in group)
		enrolled = sum(r["enrolled"] for r in group)
		completed = sum(r["completed"] for r in group)
		return {
			"targeted": targeted,
			"enrolled": enrolled,
			"completed": completed,
			"overdue": sum(r["overdue"] for r in group),
			"participation": _pct(enrolled, targeted),
			"completion": _pct(completed, targeted),
		}

	if key is None:
		return fold(rows)
	groups: dict = {}
	for row in rows:
		groups.setdefault(row[key], []).append(row)
	return [{key: value, **fold(group)} for value, group in sorted(groups.items(), key=lambda kv: str(kv[0]))]


def completion_trend(credited: pd.DataFrame, targeted: int, start, end, freq: str = "W") -> list[dict]:
	"""Cumulative completion (% of the targeted pairs) at the end of each week (or month) in a range."""
	start, end = pd.Timestamp(to_date(start)), pd.Timestamp(to_date(end))
	periods = pd.date_range(start, end, freq="W-SUN" if freq == "W" else "ME")
	if len(periods) == 0 or periods[-1] < end:
		periods = periods.append(pd.DatetimeIndex([end]))
	dates = (
		pd.to_datetime(credited["credited_on"])
		if not credited.empty
		else pd.Series([], dtype="datetime64[ns]")
	)
	dates = np.sort(dates.to_numpy())
	counts = np.searchsorted(dates, periods.to_numpy(), side="right")
	return [
		{"date": period.date().isoformat(), "completed": int(count), "completion": _pct(int(count), targeted)}
		for period, count in zip(periods, counts, strict=True)
	]


def department_distribution(frame: pd.DataFrame) -> list[dict]:
	"""Per department: headcount, credits per head and the quartiles of employees' credits.

	``frame``: employee, department, total (one row per employee, 0 for employees without credits).
	"""
	if frame.empty:
		return []
	data = frame.assign(department=frame["department"].fillna(""), total=frame["total"].astype(float))
	grouped = data.groupby("department", sort=True)["total"]
	stats = grouped.agg(["size", "sum", "mean", "min", "max"])
	quantiles = grouped.quantile([0.25, 0.5, 0.75]).unstack()
	rows = []
	for department, s in stats.iterrows():
		q = quantiles.loc[department]
		rows.append(
			{
				"department": department or None,
				"headcount": int(s["size"]),
				"credits": round(float(s["sum"]), 2),
				"credits_per_head": round(float(s["mean"]), 2),
				"min": round(float(s["min"]), 2),
				"q1": round(float(q[0.25]), 2),
				"median": round(float(q[0.5]), 2),
				"q3": round(float(q[0.75]), 2),
				"max": round(float(s["max"]), 2),
				"with_credits": int((data.loc[data["department"] == department, "total"] > 0).sum()),
			}
		)
	return rows


def level_progress(frame: pd.DataFrame, levels: Sequence[incentives.Level]) -> pd.DataFrame:
	"""Current level, next level and the credits missing to it, per employee (vectorised).

	``frame`` as ``incentives.assign_levels`` takes it (employee, total, cat:<Category>...).
	Adds: level, next_level, next_level_credits (its threshold), gap (credits still needed; category
	minimums of the next level count too, as the larger of the two shortfalls).
	"""
	result = incentives.assign_levels(frame, levels)
	ordered = incentives.order_levels(levels)
	result["next_level"] = None
	result["next_level_credits"] = np.nan
	result["gap"] = np.nan
	if not ordered:
		return result
	totals = frame["total"].astype(float).to_numpy()
	names = [level.name for level in ordered]
	current_index = np.array(
		[names.index(name) if name in names else -1 for name in result["level"]], dtype=np.int64
	)  # typed: an empty frame (a filter nobody matches) must index as integers too
	next_index = current_index + 1
	has_next = next_index < len(ordered)
	thresholds = np.array([level.min_credits for level in ordered] + [np.nan])
	next_thresholds = thresholds[np.where(has_next, next_index, len(ordered))]
	gap = np.maximum(next_thresholds - totals, 0.0)
	for position, level in enumerate(ordered):
		mask = next_index == position
		for category, minimum in level.category_minimums.items():
			column = incentives.CATEGORY_PREFIX + category
			have = (
				frame[column].fillna(0.0).astype(float).to_numpy()
				if column in frame
				else np.zeros(len(frame))
			)
			gap = np.where(mask, np.maximum(gap, minimum - have), gap)
	result["next_level"] = [names[i] if ok else None for i, ok in zip(next_index, has_next, strict=True)]
	result["next_level_credits"] = np.where(has_next, next_thresholds, np.nan)
	result["gap"] = np.where(has_next, np.round(np.maximum(gap, 0.0), 6), np.nan)
	return result
