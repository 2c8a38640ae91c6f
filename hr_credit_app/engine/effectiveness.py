"""Did the training work? Difference-in-differences against colleagues who did not take it (no frappe).

The input is one row per employee: ``employee``, ``participant`` (True for those who took the course),
``before`` and ``after`` (a performance measure before and after the course: an appraisal score,
sales, output per hour ...), and optionally ``department`` / ``company`` to evaluate per team.

For a group of employees::

    did = (mean_after_p - mean_before_p) - (mean_after_c - mean_before_c)

where ``p`` are the participants and ``c`` the controls (employees of the same group who did not take
the course). The controls' change is what would have happened anyway (a good year, a new product); the
difference is what the course added. A group is ``reliable`` when both sides have at least
``min_group`` employees; small groups still get their numbers, with a warning.

Rows with no ``before`` or no ``after`` cannot be compared: they are left out and counted in
``dropped``. A missing ``participant`` counts as a control.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

PRECISION = 6

TOO_FEW = "too_few"
NO_CONTROL = "no_control"
NO_PARTICIPANTS = "no_participants"


def _round(value) -> float | None:
	if value is None:
		return None
	value = float(value)
	if np.isnan(value):
		return None
	rounded = round(value, PRECISION)
	return 0.0 if rounded == 0 else rounded


def _plain(value):
	if isinstance(value, np.generic):
		value = value.item()
	if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
		return None
	return value


def _prepared(frame: pd.DataFrame, by: str | None = None, keep: tuple[str, ...] = ()) -> pd.DataFrame:
	"""Numeric ``before`` / ``after``, boolean ``participant``, ``change``, ``valid``, the ``by``
	column and the ``keep`` columns the frame has."""
	frame = frame.reset_index(drop=True)
	data = pd.DataFrame(
		{
			"participant": frame["participant"].astype(object).where(frame["participant"].notna(), False),
			"before": pd.to_numeric(frame["before"], errors="coerce").astype(float),
			"after": pd.to_numeric(frame["after"], errors="coerce").astype(float),
		},
		index=frame.index,
	)
	data["participant"] = data["participant"].astype(bool)
	data["change"] = data["after"] - data["before"]
	data["valid"] = data["change"].notna()
	if by is not None:
		data[by] = frame[by].to_numpy()
	for column in keep:
		if column in frame.columns and column != by:
			data[column] = frame[column].to_numpy(dtype=object)
	return data


def did(frame: pd.DataFrame, min_group: int = 5, by: str | None = None) -> list[dict]:
	"""Difference-in-differences company-wide (``by`` None) or per value of the ``by`` column.

	Each row: the group under the ``by`` key (only when ``by`` is given), ``n_participants``,
	``n_controls``, ``dropped`` (rows without before or after), ``participant_before``,
	``participant_after``, ``participant_change``, ``control_before``, ``control_after``,
	``control_change`` (means; None for a side with nobody), ``did`` (None unless both sides have
	someone), ``reliable`` (``min(n_participants, n_controls) >= min_group``) and ``warning``: None when
	reliable, ``"no_participants"`` or ``"no_control"`` when a side is empty, else ``"too_few"``.
	Rows with no value in the ``by`` column form a group of their own (None). Groups are sorted by
	their value, None last. Company-wide, an empty frame still gives one row (with nobody in it).
	"""
	data = _prepared(frame, by)
	if by is None:
		codes, groups = np.zeros(len(data), dtype=np.int64), [None]
	else:
		if data.empty:
			return []
		codes, uniques = pd.factorize(data[by], use_na_sentinel=False)
		groups = [_plain(value) for value in uniques]
	data["_group"] = codes
	dropped = data.loc[~data["valid"]].groupby("_group").size()
	valid = data.loc[data["valid"]]
	stats = valid.groupby(["_group", "participant"])[["before", "after", "change"]].agg(["size", "mean"])
	# one dict lookup per group and side (a .loc per group is slow over hundreds of groups)
	sides = dict(
		zip(
			stats.index,
			zip(
				stats[("change", "size")].tolist(),
				stats[("before", "mean")].tolist(),
				stats[("after", "mean")].tolist(),
				stats[("change", "mean")].tolist(),
				strict=True,
			),
			strict=True,
		)
	)

	def side(code: int, participant: bool) -> tuple[int, float | None, float | None, float | None]:
		found = sides.get((code, participant))
		if found is None:
			return 0, None, None, None
		size, before, after, change = found
		return int(size), _round(before), _round(after), float(change)

	rows = []
	for code in sorted(range(len(groups)), key=lambda code: (groups[code] is None, str(groups[code]))):
		n_p, before_p, after_p, change_p = side(code, True)
		n_c, before_c, after_c, change_c = side(code, False)
		effect = change_p - change_c if n_p and n_c else None
		reliable = min(n_p, n_c) >= min_group
		if not n_p:
			warning = NO_PARTICIPANTS
		elif not n_c:
			warning = NO_CONTROL
		elif not reliable:
			warning = TOO_FEW
		else:
			warning = None
		row = {} if by is None else {by: groups[code]}
		row.update(
			{
				"n_participants": n_p,
				"n_controls": n_c,
				"dropped": int(dropped.get(code, 0)),
				"participant_before": before_p,
				"participant_after": after_p,
				"participant_change": _round(change_p),
				"control_before": before_c,
				"control_after": after_c,
				"control_change": _round(change_c),
				"did": _round(effect),
				"reliable": bool(reliable),
				"warning": warning,
			}
		)
		rows.append(row)
	return rows


def employee_effects(frame: pd.DataFrame) -> list[dict]:
	"""The effect of the course on each participant: their change minus the controls' mean change.

	Each row: ``employee``, ``department`` (when the frame has one), ``before``, ``after``, ``change``
	(after - before), ``control_change``, ``control_scope`` and ``effect`` (change - control_change).
	When the frame has a ``department`` column and the participant's department has controls, those are
	the comparison (``control_scope="department"``); otherwise all controls are
	(``control_scope="company"``). With no controls at all, ``control_change``, ``control_scope`` and
	``effect`` are None. Participants without before or after are left out. Sorted by employee.
	"""
	data = _prepared(frame, keep=("employee", "department"))
	data = data.loc[data["valid"]]
	participants = data.loc[data["participant"]].copy()
	if participants.empty:
		return []
	controls = data.loc[~data["participant"]]
	overall = controls["change"].mean() if not controls.empty else np.nan
	participants["control_change"] = overall
	participants["control_scope"] = "company" if not controls.empty else None
	with_department = "department" in data.columns
	if with_department and not controls.empty:
		by_department = controls.dropna(subset=["department"]).groupby("department")["change"].mean()
		local = participants["department"].map(by_department)
		has_local = local.notna()
		participants.loc[has_local, "control_change"] = local[has_local]
		participants.loc[has_local, "control_scope"] = "department"
	participants["effect"] = participants["change"] - participants["control_change"]
	participants = participants.sort_values("employee", key=lambda s: s.astype(str), kind="stable")

	rows = []
	for record in participants.to_dict("records"):
		row = {"employee": _plain(record["employee"])}
		if with_department:
			row["department"] = _plain(record["department"])
		row.update(
			{
				"before": _round(record["before"]),
				"after": _round(record["after"]),
				"change": _round(record["change"]),
				"control_change": _round(record["control_change"]),
				"control_scope": record["control_scope"],
				"effect": _round(record["effect"]),
			}
		)
		rows.append(row)
	return rows


def cost_outcome(did_row: Mapping, cost_per_participant: float) -> dict:
	"""Cost against outcome for one :func:`did` row.

	``total_cost`` = cost per participant x participants; ``total_gain`` = did x participants (the
	performance points the course added over the group; None when did is None); ``cost_per_point`` =
	total cost / total gain, None unless the gain is positive (a course that added nothing has no
	price per point). ``reliable`` and ``warning`` are carried over from the did row.
	"""
	participants = int(did_row.get("n_participants") or 0)
	cost = float(cost_per_participant or 0)
	effect = did_row.get("did")
	total_cost = cost * participants
	total_gain = None if effect is None else float(effect) * participants
	return {
		"n_participants": participants,
		"cost_per_participant": _round(cost),
		"total_cost": _round(total_cost),
		"total_gain": _round(total_gain),
		"cost_per_point": _round(total_cost / total_gain)
		if total_gain is not None and total_gain > 0
		else None,
		"reliable": bool(did_row.get("reliable")),
		"warning": did_row.get("warning"),
	}


DAY_SPAN = 1 << 25  # more day numbers than any date has (they start at 0001-01-01)


def _day_numbers(dates) -> np.ndarray:
	"""Days since 0001-01-01 (0 and up) of a column of dates; -1 where there is none."""
	values = pd.to_datetime(pd.Series(dates)).to_numpy(dtype="datetime64[D]")
	numbers = values.astype("int64") + 719162  # days from 0001-01-01 to 1970-01-01
	return np.where(np.isnat(values), -1, numbers)


def scores_around(completions: pd.DataFrame, history: pd.DataFrame, by: str = "employee") -> pd.DataFrame:
	"""The appraisal before and the appraisal after each completion: the one rule of the reviews.

	"Before" is the last appraisal that ended on or before the completion date, "after" the first
	that started on or after it. ``completions`` has ``by`` and ``completed_on`` (and any other
	columns, kept); ``history`` has ``by``, ``appraisal_cycle``, ``start_date``, ``end_date`` and
	``final_score``. Returns ``completions`` in its own order with ``before_cycle`` and
	``after_cycle`` (None where there is no such appraisal) and the scores ``before`` and ``after``
	(floats, NaN where there is none). Vectorised (two sorted searches), whatever the number of rows.
	"""
	result = completions.reset_index(drop=True).copy()
	if result.empty or history.empty:
		none, nan = pd.Series([None] * len(result), dtype=object), np.full(len(result), np.nan)
		return result.assign(before_cycle=none, before=nan, after_cycle=none, after=nan)
	# each (employee, day) as one integer: employee code x DAY_SPAN + day, so that one sorted
	# search finds every completion's appraisal (tens of thousands of completions, no frames merged)
	codes, _names = pd.factorize(pd.concat([result[by], history[by]], ignore_index=True))
	who, theirs = codes[: len(result)].astype("int64"), codes[len(result) :].astype("int64")
	completed = _day_numbers(result["completed_on"])
	probe = who * DAY_SPAN + completed
	cycles = history["appraisal_cycle"].to_numpy(dtype=object)
	scores = history["final_score"].to_numpy(dtype=float)
	for side, column in (("before", "end_date"), ("after", "start_date")):
		days = _day_numbers(history[column])
		rows = np.flatnonzero(days >= 0)  # an appraisal without that date is never chosen
		keys = theirs[rows] * DAY_SPAN + days[rows]
		order = np.argsort(keys, kind="stable")
		keys, rows = keys[order], rows[order]
		if side == "before":  # the last that ended on or before the day
			position = np.searchsorted(keys, probe, side="right") - 1
		else:  # the first that started on or after it
			position = np.searchsorted(keys, probe, side="left")
		found = (position >= 0) & (position < len(keys)) & (completed >= 0)
		position = np.clip(position, 0, max(len(keys) - 1, 0))
		if len(keys):
			found &= keys[position] // DAY_SPAN == who  # the same employee's appraisal
			chosen = rows[position]
			cycle = np.where(found, cycles[chosen], None)
			score = np.where(found, scores[chosen], np.nan)
		else:
			cycle, score = np.full(len(result), None, dtype=object), np.full(len(result), np.nan)
		result[f"{side}_cycle"] = pd.Series(cycle, dtype=object).where(pd.notna(cycle), None)
		result[side] = score.astype(float)
	return result
