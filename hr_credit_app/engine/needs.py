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


def _codes(*columns: Iterable, sort: bool = True) -> tuple[list[np.ndarray], np.ndarray]:
	"""One integer code per value of several columns, over one vocabulary, and the vocabulary.

	Equal values get the same code whichever column they are in, so frames join and group on the
	codes (integers) instead of on their text. With ``sort`` the vocabulary is sorted: codes order
	as the values do."""
	arrays = [np.asarray(column, dtype=object) for column in columns]
	codes, vocabulary = pd.factorize(np.concatenate(arrays), sort=sort)
	return np.split(codes, np.cumsum([len(array) for array in arrays])[:-1]), np.asarray(
		vocabulary, dtype=object
	)


def _coded_needs(
	employees: np.ndarray,
	employee_names: np.ndarray,
	skills: np.ndarray,
	skill_names: np.ndarray,
	source: str,
	detail: np.ndarray | None = None,
) -> pd.DataFrame:
	"""The standard need columns from codes of sorted vocabularies, in employee and skill order;
	``detail`` as an object column holding floats or None (never NaN)."""
	if not len(employees):
		return _empty_needs()
	order = np.lexsort((skills, employees))
	result = pd.DataFrame(
		{
			"employee": employee_names[employees[order]],
			"skill": skill_names[skills[order]],
			"source": source,
		}
	)
	if detail is None:
		result["detail"] = None
	else:
		values = detail.astype(float)[order]
		cells = values.astype(object)
		cells[np.isnan(values)] = None
		result["detail"] = cells
	return result


def _keys(frame: pd.DataFrame, columns: Iterable[str], extra: Iterable[str] = ()) -> pd.DataFrame:
	"""``columns`` and ``extra`` of ``frame`` (fresh index), without rows that miss a ``columns`` value
	(None, NaN or empty text)."""
	columns = list(columns)
	subset = frame[columns + [column for column in extra if column not in columns]].reset_index(drop=True)
	present = np.ones(len(subset), dtype=bool)
	for column in columns:
		values = subset[column].to_numpy()
		present &= ~pd.isna(values)
		if values.dtype == object:
			there = np.flatnonzero(present)
			present[there] = values[there] != ""
	return subset[present]


def _numbers(values: pd.Series) -> np.ndarray:
	"""Floats (NaN where a value is missing or not a number)."""
	return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)


def _first(codes: np.ndarray) -> np.ndarray:
	"""Positions of the first row of each code, in row order."""
	return np.sort(np.unique(codes, return_index=True)[1])


def skill_gaps(
	employees: pd.DataFrame, required: pd.DataFrame, ratings: pd.DataFrame, threshold: float = 0.6
) -> pd.DataFrame:
	"""Skills an employee's designation requires that they lack.

	``employees`` has ``employee`` and ``designation`` (other columns are ignored), ``required`` has
	``designation`` and ``skill``, ``ratings`` has ``employee``, ``skill`` and ``proficiency`` (0..1, the
	Employee Skill Map rating). A required skill is a need when it is unrated (absent, or rated NaN) or
	rated below ``threshold``; a rating equal to the threshold is enough. When a skill is rated twice
	for the same employee the higher rating counts. An employee listed twice keeps their first
	designation.
	"""
	people = _keys(employees, ("employee", "designation"))
	wanted = _keys(required, ("designation", "skill"))
	if people.empty or wanted.empty:
		return _empty_needs()
	rated = _keys(ratings, ("employee", "skill"), ("proficiency",))
	(person, rater), names = _codes(people["employee"], rated["employee"])
	(role, wanted_role), _roles = _codes(people["designation"], wanted["designation"], sort=False)
	(skill, rated_skill), skills = _codes(wanted["skill"], rated["skill"])
	first = _first(person)
	width = len(skills)
	# one designation per employee and distinct (designation, skill) pairs: distinct (employee, skill)
	pairs = np.unique(wanted_role * width + skill)
	demand = pd.DataFrame({"role": role[first], "employee": person[first]}).merge(
		pd.DataFrame({"role": pairs // width, "skill": pairs % width}), on="role"
	)
	if demand.empty:
		return _empty_needs()
	need_employee, need_skill = demand["employee"].to_numpy(), demand["skill"].to_numpy()
	best = pd.Series(_numbers(rated["proficiency"])).groupby(rater * width + rated_skill).max()
	proficiency = best.reindex(need_employee * width + need_skill).to_numpy(dtype=float)
	gap = np.isnan(proficiency) | (proficiency < threshold)
	return _coded_needs(need_employee[gap], names, need_skill[gap], skills, SKILL_GAP, proficiency[gap])


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
	score = _numbers(rated["score"])
	scored = ~np.isnan(score)
	rated, score = rated[scored], score[scored]
	mapping = _keys(kra_skills, ("kra", "skill"))
	if rated.empty or mapping.empty:
		return _empty_needs()
	weighed = final_scores is not None and final_threshold is not None
	finals = _keys(final_scores, ("employee",), ("final_score",)) if weighed else None
	(employee, *final_employee), names = _codes(rated["employee"], *([finals["employee"]] if weighed else []))
	(kra, mapped_kra), kras = _codes(rated["kra"], mapping["kra"], sort=False)
	width = len(kras)
	# the mean score of each employee's KRA
	means = pd.Series(score).groupby(employee * width + kra).mean()
	keys, values = means.index.to_numpy(), means.to_numpy(dtype=float)
	employee, kra = keys // width, keys % width
	weak = values < kra_threshold
	if weighed:
		low = final_employee[0][_numbers(finals["final_score"]) < final_threshold]
		lowest = pd.Series(values).groupby(employee).transform("min").to_numpy()
		weak |= np.isin(employee, low) & (values == lowest)
	(skill,), skills = _codes(mapping["skill"])
	links = np.unique(mapped_kra * len(skills) + skill)
	needs = pd.DataFrame({"kra": kra[weak], "employee": employee[weak], "score": values[weak]}).merge(
		pd.DataFrame({"kra": links // len(skills), "skill": links % len(skills)}), on="kra"
	)
	if needs.empty:
		return _empty_needs()
	lowest = (
		needs["score"].groupby(needs["employee"].to_numpy() * len(skills) + needs["skill"].to_numpy()).min()
	)
	keys = lowest.index.to_numpy()
	return _coded_needs(
		keys // len(skills), names, keys % len(skills), skills, APPRAISAL, lowest.to_numpy(dtype=float)
	)


def stated_needs(answers: pd.DataFrame) -> pd.DataFrame:
	"""Needs employees stated in a survey: ``answers`` has ``employee`` and ``skill``, one row per need."""
	stated = _keys(answers, ("employee", "skill"))
	if stated.empty:
		return _empty_needs()
	(employee,), names = _codes(stated["employee"])
	(skill,), skills = _codes(stated["skill"])
	keys = np.unique(employee * len(skills) + skill)
	return _coded_needs(keys // len(skills), names, keys % len(skills), skills, SURVEY)


def combine_needs(*frames: pd.DataFrame) -> pd.DataFrame:
	"""One row per employee and skill, with ``sources``: the sources that found it, sorted, joined by ", "."""
	parts = [
		frame[["employee", "skill", "source"]] for frame in frames if frame is not None and not frame.empty
	]
	needs = _keys(pd.concat(parts, ignore_index=True), ("employee", "skill", "source")) if parts else None
	if needs is None or needs.empty:
		return pd.DataFrame({column: pd.Series(dtype=object) for column in ("employee", "skill", "sources")})
	(employee,), names = _codes(needs["employee"])
	(skill,), skills = _codes(needs["skill"])
	(source,), sources = _codes(needs["source"].astype(str))
	# each source is one bit; the sum of the distinct bits of a (employee, skill) names its set of sources
	found = np.unique((employee * len(skills) + skill) * len(sources) + source)
	masks = pd.Series(np.left_shift(1, found % len(sources))).groupby(found // len(sources)).sum()
	labels = {
		int(mask): SOURCES_SEPARATOR.join(
			name for index, name in enumerate(sources) if int(mask) >> index & 1
		)
		for mask in masks.unique()
	}
	keys = masks.index.to_numpy()
	return pd.DataFrame(
		{
			"employee": names[keys // len(skills)],
			"skill": skills[keys % len(skills)],
			"sources": masks.map(labels).to_numpy(dtype=object),
		}
	)


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
	listed = employees["employee"].to_numpy(dtype=object)
	listed_rows = np.flatnonzero(~pd.isna(listed))
	found = _keys(needs, ("employee", "skill"))
	if not len(listed_rows) or found.empty:
		return []
	(person, need_employee), _names = _codes(listed[listed_rows], found["employee"], sort=False)
	first = _first(person)  # an employee listed twice counts once, in the group of their first row
	if by is None:
		group, groups = np.zeros(len(first), dtype=np.int64), [None]
	else:
		group, uniques = pd.factorize(
			employees[by].to_numpy(dtype=object)[listed_rows[first]], use_na_sentinel=False
		)
		groups = [_plain(value) for value in uniques]
	headcount = np.bincount(group, minlength=len(groups))
	group_of = np.full(len(_names), -1, dtype=np.int64)
	group_of[person[first]] = group
	(skill,), skills = _codes(found["skill"], sort=False)
	# distinct (employee, skill) of listed employees, then employees per (group, skill)
	pairs = np.unique(need_employee * len(skills) + skill)
	pair_group = group_of[pairs // len(skills)]
	listed_pairs = pair_group >= 0
	if not listed_pairs.any():
		return []
	cells, counts = np.unique(
		pair_group[listed_pairs] * len(skills) + pairs[listed_pairs] % len(skills), return_counts=True
	)
	cell_group, cell_skill = cells // len(skills), cells % len(skills)
	heads = headcount[cell_group]
	share = counts / heads * 100.0
	# skills sort by their text, groups by their text with the group of employees with no value last
	skill_text = np.array([str(value) for value in skills], dtype=object)
	skill_order = np.empty(len(skills), dtype=np.int64)
	skill_order[np.argsort(skill_text, kind="stable")] = np.arange(len(skills))
	group_position = np.empty(len(groups), dtype=np.int64)
	group_position[sorted(range(len(groups)), key=lambda code: (groups[code] is None, str(groups[code])))] = (
		np.arange(len(groups))
	)
	by_skill, by_group = skill_order[cell_skill], group_position[cell_group]
	# rank 1 for the most widespread need of each group
	within = np.lexsort((by_skill, -share, by_group))
	rank = np.empty(len(cells), dtype=np.int64)
	ordered_groups = by_group[within]
	rank[within] = np.arange(len(cells)) - np.searchsorted(ordered_groups, ordered_groups) + 1

	rows = []
	for cell in np.lexsort((by_group, by_skill, -share)):
		value = skills[cell_skill[cell]]
		rounded = round(float(share[cell]), SHARE_PRECISION)
		row = {
			"skill": _plain(value),
			"employees": int(counts[cell]),
			"headcount": int(heads[cell]),
			"share": rounded,
			"label": f"{value}: {rounded:g}%",
			"rank": int(rank[cell]),
		}
		if by is not None:
			row[by] = groups[cell_group[cell]]
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
