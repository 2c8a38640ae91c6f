"""Training effectiveness: appraisal scores before and after a course, against everyone else's."""

import numpy as np
import pandas as pd

import frappe
from frappe.utils import cint, flt

from hr_credit_app import packed
from hr_credit_app.credits import first_completions
from hr_credit_app.engine import effectiveness
from hr_credit_app.reporting import get_employees, get_scope, to_frame
from hr_credit_app.reviews import frame_of_employees, settings


def appraisal_history(employees: list[str], company: str | None = None) -> pd.DataFrame:
	"""Every submitted appraisal of ``employees``: employee, appraisal_cycle, start_date, end_date,
	final_score (read packed: tens of thousands of rows)."""
	frame = frame_of_employees(
		"""select employee, appraisal_cycle, start_date, end_date, final_score from `tabAppraisal`
		where docstatus = 1 and employee {employees}""",
		employees,
		company,
		["employee", "appraisal_cycle", "start_date", "end_date", "final_score"],
	)
	frame["start_date"] = pd.to_datetime(frame["start_date"])
	frame["end_date"] = pd.to_datetime(frame["end_date"])
	frame["final_score"] = packed.numbers(frame["final_score"])
	return frame


class EffectData:
	"""Appraisal history and course completions of a company's employees, read once, from which the
	before/after frame of any course is built in pandas (Incentive Optimisation needs every course)."""

	def __init__(self, company: str, courses: list[str] | None, department: str | None = None, scope=None):
		self.employees = get_employees(company, department, scope=scope or get_scope())
		names = self.employees["employee"].tolist()
		self.history = appraisal_history(names, company)
		self.completions = first_completions(set(names), courses)
		self.by_cycle = (
			self.history.pivot_table(
				index="employee", columns="appraisal_cycle", values="final_score", aggfunc="last"
			)
			if not self.history.empty
			else pd.DataFrame()
		)

	def frame(self, courses: list[str]) -> pd.DataFrame:
		"""Before/after final scores for participants (credited for one of ``courses``) and, over the
		same appraisal cycles, for everyone else (the comparison group).

		A participant's "before" is the last appraisal ending on or before their first credit for the
		course(s); "after" is the first appraisal starting on or after it. The comparison group is
		measured on the cycles most participants were measured on.
		"""
		columns = ["employee", "department", "participant", "before", "after"]
		completions = (
			self.completions[self.completions["course"].isin(set(courses))]
			.groupby("employee", as_index=False)["completed_on"]
			.min()
		)
		frame = self.employees[["employee", "department"]].copy()
		frame["participant"] = frame["employee"].isin(set(completions["employee"]))
		if self.history.empty or completions.empty:
			return frame.assign(before=None, after=None)[columns]
		participants = effectiveness.scores_around(completions, self.history)
		participants = participants[
			participants["before_cycle"].notna() | participants["after_cycle"].notna()
		]
		before_cycle = participants["before_cycle"].dropna().mode()
		after_cycle = participants["after_cycle"].dropna().mode()
		controls = frame.loc[~frame["participant"], ["employee"]]
		if len(before_cycle) and len(after_cycle):
			empty = pd.Series(dtype=float)
			controls = controls.assign(
				before=controls["employee"].map(self.by_cycle.get(before_cycle.iloc[0], empty)),
				after=controls["employee"].map(self.by_cycle.get(after_cycle.iloc[0], empty)),
			)
		else:
			controls = controls.assign(before=None, after=None)
		measured = pd.concat(
			[participants[["employee", "before", "after"]], controls[["employee", "before", "after"]]]
		)
		return frame.merge(measured, on="employee", how="left")[columns]

	def frames_by_course(self) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
		"""The before/after frame of every course at once: participants of each course, and everyone
		else as its comparison group on its participants' modal cycles. Its ``course`` and
		``department`` columns are integer codes into the course and department names returned with
		it (``participant``, ``before`` and ``after`` as usual): some 600,000 rows of numbers.

		Vectorised over courses (Incentive Optimisation measures all of them): employees and courses
		are joined as integer codes and scores looked up in the employee x cycle matrix, never by
		merging on strings, so a company of 10,000 employees who each took 30 courses stays fast."""
		columns = ["course", "department", "participant", "before", "after"]
		if self.history.empty or self.completions.empty:
			return pd.DataFrame(columns=columns), np.array([], dtype=object), np.array([], dtype=object)
		everyone = self.employees["employee"].to_numpy(dtype=object)
		department_codes, department_names = pd.factorize(
			self.employees["department"].to_numpy(dtype=object), use_na_sentinel=False
		)
		employee_code = pd.Index(everyone)
		employee = employee_code.get_indexer(self.completions["employee"]).astype("int64")
		course_categories = pd.Categorical(self.completions["course"])
		course_names = course_categories.categories.to_numpy(dtype=object)
		mine = employee >= 0
		employee, course = employee[mine], course_categories.codes.astype("int64")[mine]
		history = self.history.assign(_employee=employee_code.get_indexer(self.history["employee"]))
		history = history[history["_employee"] >= 0]
		# the appraisal before and after each completion (engine.effectiveness.scores_around)
		around = effectiveness.scores_around(
			pd.DataFrame(
				{
					"_employee": employee,
					"_course": course,
					"completed_on": self.completions["completed_on"].to_numpy()[mine],
				}
			),
			history,
			by="_employee",
		)
		cycles = {side: around[f"{side}_cycle"].to_numpy(dtype=object) for side in ("before", "after")}
		measured = pd.notna(cycles["before"]) | pd.notna(cycles["after"])
		# each course's most frequent cycles among its participants (ties: the first cycle by name)
		modes = pd.DataFrame(
			{
				f"{side}_cycle": pd.DataFrame({"_course": course[measured], "cycle": cycles[side][measured]})
				.dropna(subset=["cycle"])
				.groupby(["_course", "cycle"])
				.size()
				.reset_index()
				.sort_values(0, ascending=False, kind="stable")
				.drop_duplicates("_course")
				.set_index("_course")["cycle"]
				for side in ("before", "after")
			}
		)
		# the comparison group of a course: everyone who was never credited for it, with their
		# scores in the course's modal cycles
		scores = self.by_cycle.reindex(everyone)
		cycle_code = {cycle: index for index, cycle in enumerate(scores.columns)}
		matrix = np.column_stack([scores.to_numpy(dtype=float), np.full(len(everyone), np.nan)])
		n_employees, n_courses = len(everyone), len(course_names)
		taken = np.zeros(n_employees * max(n_courses, 1), dtype=bool)
		taken[employee * n_courses + course] = True
		parts = {
			"employee": [employee[measured]],
			"course": [course[measured]],
			"before": [around["before"].to_numpy(dtype=float)[measured]],
			"after": [around["after"].to_numpy(dtype=float)[measured]],
		}
		participants = int(measured.sum())
		for code, (before_cycle, after_cycle) in modes.iterrows():
			outsiders = np.flatnonzero(~taken[np.arange(n_employees) * n_courses + code])
			parts["employee"].append(outsiders)
			parts["course"].append(np.full(len(outsiders), code, dtype="int64"))
			parts["before"].append(matrix[outsiders, cycle_code.get(before_cycle, -1)])
			parts["after"].append(matrix[outsiders, cycle_code.get(after_cycle, -1)])
		# each column joined once and its parts let go; the frame takes the arrays as they are (no
		# copy into blocks): peak memory is about one frame
		rows = {key: np.concatenate(parts.pop(key)) for key in list(parts)}
		rows["department"] = department_codes[rows.pop("employee")].astype("int64")
		rows["participant"] = np.arange(len(rows["course"])) < participants
		frame = pd.DataFrame({column: rows.pop(column) for column in columns}, copy=False)
		return frame, course_names, np.asarray(department_names, dtype=object)


def effect_frame(company: str, courses: list[str], department: str | None = None, scope=None) -> pd.DataFrame:
	return EffectData(company, courses, department, scope).frame(courses)


def course_effect(company: str, course: str, department: str | None = None, scope=None) -> dict:
	frame = effect_frame(company, [course], department, scope)
	min_group = cint(settings().min_group_size) or 5
	company_row = effectiveness.did(frame, min_group=min_group)[0]
	return {
		"frame": frame,
		"company": company_row,
		"departments": effectiveness.did(frame, min_group=min_group, by="department"),
		"employees": effectiveness.employee_effects(frame),
		"cost": effectiveness.cost_outcome(
			company_row, flt(frappe.db.get_value("Credit Course", course, "cost_per_participant"))
		),
	}
