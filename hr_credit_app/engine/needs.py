"""Training needs: who needs which skill, from which source, and how widespread each need is (no frappe).

Three sources, each a function returning the same columns ``employee``, ``skill``, ``source`` and
``detail``:

- :func:`skill_gaps` (``source="skill_gap"``): a skill the employee's designation requires (HRMS
  Designation Skill) that their Employee Skill Map does not rate, or rates below a threshold;
  ``detail`` is the rating (0..1) or None when unrated;
- :func:`appraisal_needs` (``source="appraisal"``): the skills behind a weak Appraisal KRA;
  ``detail`` is the KRA score (the lowest one when several KRAs give the same skill);
- :func:`stated_needs` (``source="survey"``): what employees asked for in a survey; ``detail`` is None.

:func:`combine_needs` merges them into one row per employee and skill; :func:`rank_needs` turns the
needs into the company-wide (or per-department) ranking of the seed ("digital skills: 45% of
employees"); :func:`map_courses` maps each ranked need to the courses that build its skill and lists
the needs no course covers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

SKILL_GAP = "skill_gap"
APPRAISAL = "appraisal"
SURVEY = "survey"

NEED_COLUMNS = ("employee", "skill", "source", "detail")
SOURCES_SEPARATOR = ", "
SHARE_PRECISION = 2


def _empty_needs() -> pd.DataFrame:
	return pd.DataFrame({column: pd.Series(dtype=object) for column in NEED_COLUMNS})


def _needs_frame(frame: pd.DataFrame, source: str, detail: pd.Series | None = None) -> pd.DataFrame:
	"""The standard need columns, ``detail`` as an object column holding floats or None (never NaN)."""
	if frame.empty:
		return _empty_needs()
	result = pd.DataFrame(
		{
			"employee": frame["employee"].to_numpy(dtype=object),
			"skill": frame["skill"].to_numpy(dtype=object),
			"source": source,
		}
	)
	if detail is None:
		result["detail"] = None
	else:
		values = pd.Series(pd.to_numeric(detail, errors="coerce").astype(float).to_numpy())
		result["detail"] = values.astype(object).where(values.notna(), None)
	return result.sort_values(["employee", "skill"], kind="stable").reset_index(drop=True)


def _keys(frame: pd.DataFrame, columns: Iterable[str], extra: Iterable[str] = ()) -> pd.DataFrame:
	"""``columns`` and ``extra`` of ``frame`` (fresh index), without rows that miss a ``columns`` value."""
	columns = list(columns)
	subset = frame[columns + [column for column in extra if column not in columns]].reset_index(drop=True)
	keys = subset[columns]
	present = keys.notna().all(axis=1) & keys.ne("").all(axis=1)  # no text conversion: 30,000 rows
	return subset[present]


def skill_gaps(
	employees: pd.DataFrame, required: pd.DataFrame, ratings: pd.DataFrame, threshold: float = 0.6
) -> pd.DataFrame:
	"""Skills an employee's designation requires that they lack.

	``employees`` has ``employee`` and ``designation`` (other columns are ignored), ``required`` has
	``designation`` and ``skill``, ``ratings`` has ``employee``, ``skill`` and ``proficiency`` (0..1, the
	Employee Skill Map rating). A required skill is a need when it is unrated (absent, or rated NaN) or
	rated below ``threshold``; a rating equal to the threshold is enough. When a skill is rated twice
	for the same employee the higher rating counts.
	"""
	people = _keys(employees, ("employee", "designation")).drop_duplicates("employee")
	wanted = _keys(required, ("designation", "skill")).drop_duplicates()
	# one designation per employee and distinct (designation, skill) pairs: distinct (employee, skill)
	demand = people.merge(wanted, on="designation")[["employee", "skill"]]
	if demand.empty:
		return _empty_needs()
	rated = _keys(ratings, ("employee", "skill"), ("proficiency",))
	rated = rated.assign(proficiency=pd.to_numeric(rated["proficiency"], errors="coerce"))
	best = rated.groupby(["employee", "skill"], as_index=False)["proficiency"].max()
	demand = demand.merge(best, on=["employee", "skill"], how="left")
	gaps = demand[demand["proficiency"].isna() | (demand["proficiency"] < threshold)]
	return _needs_frame(gaps, SKILL_GAP, gaps["proficiency"])


def appraisal_needs(
	scores: pd.DataFrame,
	kra_skills: pd.DataFrame,
	kra_threshold: float,
	final_scores: pd.DataFrame | None = None,
	final_threshold: float | None = None,
) -> pd.DataFrame:
	"""Skills behind weak appraisal results.

	``scores`` has ``employee``, ``kra`` and ``score`` (HRMS scores KRAs 0..5; any scale works as long
	as the thresholds use it), ``kra_skills`` has ``kra`` and ``skill``. A KRA scored below
	``kra_threshold`` gives a need for every skill mapped to it. Rows with no score are ignored; when
	a KRA is scored twice for the same employee (several appraisals passed in) the mean counts.

	Weak overall result: when both ``final_scores`` (``employee``, ``final_score``) and
	``final_threshold`` are given, an employee whose final score is below ``final_threshold`` also gets
	needs for the skills of their weakest KRA (lowest score; all of them when several share the lowest
	score), even when that KRA is not below ``kra_threshold``: a weak appraisal always points at
	something to train. Without either argument this rule is off.

	``detail`` is the KRA score; when several KRAs give the same skill, the lowest of their scores.
	"""
	rated = _keys(scores, ("employee", "kra"), ("score",))
	rated = rated.assign(score=pd.to_numeric(rated["score"], errors="coerce"))
	rated = rated.dropna(subset=["score"]).groupby(["employee", "kra"], as_index=False)["score"].mean()
	weak = rated[rated["score"] < kra_threshold]
	if final_scores is not None and final_threshold is not None and not rated.empty:
		finals = _keys(final_scores, ("employee",), ("final_score",))
		finals = finals.assign(final_score=pd.to_numeric(finals["final_score"], errors="coerce"))
		low = finals.loc[finals["final_score"] < final_threshold, "employee"].unique()
		candidates = rated[rated["employee"].isin(low)]
		lowest = candidates.groupby("employee")["score"].transform("min")
		weak = pd.concat([weak, candidates[candidates["score"] == lowest]]).drop_duplicates()
	mapping = _keys(kra_skills, ("kra", "skill")).drop_duplicates()
	needs = weak.merge(mapping, on="kra")
	if needs.empty:
		return _empty_needs()
	needs = needs.groupby(["employee", "skill"], as_index=False)["score"].min()
	return _needs_frame(needs, APPRAISAL, needs["score"])


def stated_needs(answers: pd.DataFrame) -> pd.DataFrame:
	"""Needs employees stated in a survey: ``answers`` has ``employee`` and ``skill``, one row per need."""
	needs = _keys(answers, ("employee", "skill")).drop_duplicates()
	return _needs_frame(needs, SURVEY)


def combine_needs(*frames: pd.DataFrame) -> pd.DataFrame:
	"""One row per employee and skill, with ``sources``: the sources that found it, sorted, joined by ", "."""
	parts = [
		frame[["employee", "skill", "source"]] for frame in frames if frame is not None and not frame.empty
	]
	if not parts:
		return pd.DataFrame({column: pd.Series(dtype=object) for column in ("employee", "skill", "sources")})
	needs = _keys(pd.concat(parts, ignore_index=True), ("employee", "skill", "source")).drop_duplicates()
	# each source is one bit; the sum of the bits of a (employee, skill) names its set of sources
	names = sorted(needs["source"].astype(str).unique())
	bits = needs["source"].astype(str).map({name: 1 << index for index, name in enumerate(names)})
	masks = bits.groupby([needs["employee"], needs["skill"]]).sum()
	labels = {
		int(mask): SOURCES_SEPARATOR.join(name for index, name in enumerate(names) if int(mask) >> index & 1)
		for mask in masks.unique()
	}
	result = masks.map(labels).rename("sources").reset_index()
	return result.sort_values(["employee", "skill"], kind="stable").reset_index(drop=True)


def _plain(value):
	if value is None or (isinstance(value, float) and np.isnan(value)):
		return None
	if isinstance(value, np.generic):
		value = value.item()
		if isinstance(value, float) and np.isnan(value):
			return None
	return value


def rank_needs(needs: pd.DataFrame, employees: pd.DataFrame, by: str | None = None) -> list[dict]:
	"""How widespread each need is: per skill (and per ``by`` group), employees with it and their share.

	``needs`` has ``employee`` and ``skill`` (the output of any function above, or of
	:func:`combine_needs`); ``employees`` has ``employee`` and, when ``by`` is given, the ``by`` column
	(e.g. ``department`` or ``company``). The headcount of a group is every employee of the group in
	``employees``, with or without needs; needs of employees missing from ``employees`` are not counted.
	Employees with no value in the ``by`` column form a group of their own (None).

	Each row: ``skill``, ``employees`` (distinct employees with the need), ``headcount``, ``share``
	(percent of the headcount, 2 decimals), ``label`` (``"Digital Skills: 45%"``), ``rank`` (1 for the
	most widespread need of the group) and, when ``by`` is given, the group under the ``by`` key. Rows
	are sorted by share (highest first), then skill, then group.
	"""
	columns = ["employee"] if by is None else ["employee", by]
	people = employees[columns].dropna(subset=["employee"]).drop_duplicates("employee")
	if by is None:
		codes, groups = np.zeros(len(people), dtype=np.int64), [None]
	else:
		codes, uniques = pd.factorize(people[by], use_na_sentinel=False)
		groups = [_plain(value) for value in uniques]
	people = pd.DataFrame({"employee": people["employee"].to_numpy(), "_group": codes})
	headcount = people.groupby("_group").size().rename("headcount")
	found = _keys(needs, ("employee", "skill")).drop_duplicates()
	found = found.merge(people, on="employee")
	if found.empty:
		return []
	counts = found.groupby(["_group", "skill"]).size().rename("employees").reset_index()
	counts = counts.join(headcount, on="_group")
	counts["share"] = counts["employees"] / counts["headcount"] * 100.0
	counts["_skill_key"] = counts["skill"].astype(str)
	# groups sort by their text, the group of employees with no value last
	order = sorted(range(len(groups)), key=lambda code: (groups[code] is None, str(groups[code])))
	counts["_group_order"] = counts["_group"].map({code: position for position, code in enumerate(order)})
	counts = counts.sort_values(["_group_order", "share", "_skill_key"], ascending=[True, False, True])
	counts["rank"] = counts.groupby("_group_order", sort=False).cumcount() + 1
	counts = counts.sort_values(["share", "_skill_key", "_group_order"], ascending=[False, True, True])

	rows = []
	for skill, group, count, heads, share, rank in zip(
		counts["skill"],
		counts["_group"],
		counts["employees"],
		counts["headcount"],
		counts["share"],
		counts["rank"],
		strict=True,
	):
		share = round(float(share), SHARE_PRECISION)
		row = {
			"skill": _plain(skill),
			"employees": int(count),
			"headcount": int(heads),
			"share": share,
			"label": f"{skill}: {share:g}%",
			"rank": int(rank),
		}
		if by is not None:
			row[by] = groups[group]
		rows.append(row)
	return rows


def map_courses(ranking: list[dict], course_skills: pd.DataFrame) -> tuple[list[dict], list[dict]]:
	"""Courses for each ranked need, and the needs no course covers (the catalogue's gaps).

	``course_skills`` has ``course`` and ``skill``, optionally ``course_title``. Returns ``(rows,
	gaps)``: ``rows`` are copies of the ranking rows, in the same order, with ``courses`` (the codes of
	the courses that build the skill, sorted) and, when titles are given, ``course_titles`` in the same
	order; ``gaps`` are those of the rows whose ``courses`` is empty.
	"""
	with_titles = "course_title" in course_skills.columns
	links = _keys(course_skills, ("course", "skill"), ("course_title",) if with_titles else ())
	links = links.drop_duplicates(["course", "skill"]).sort_values("course", key=lambda s: s.astype(str))
	by_skill: Mapping = {}
	titles: Mapping = {}
	if not links.empty:
		by_skill = links.groupby("skill", sort=False)["course"].agg(list).to_dict()
		if with_titles:
			titles = links.groupby("skill", sort=False)["course_title"].agg(list).to_dict()

	rows, gaps = [], []
	for entry in ranking:
		row = dict(entry)
		row["courses"] = [_plain(course) for course in by_skill.get(entry["skill"], [])]
		if with_titles:
			row["course_titles"] = [_plain(title) for title in titles.get(entry["skill"], [])]
		rows.append(row)
		if not row["courses"]:
			gaps.append(row)
	return rows, gaps
