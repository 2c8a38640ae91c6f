"""Training effectiveness: appraisal scores before and after a course, against everyone else's."""

import numpy as np
import pandas as pd

import frappe
from frappe.utils import cint, flt

from hr_credit_app.credits import first_completions
from hr_credit_app.engine import effectiveness
from hr_credit_app.reporting import get_employees, get_scope, to_frame
from hr_credit_app.reviews import of_employees, settings


def appraisal_history(employees: list[str], company: str | None = None) -> pd.DataFrame:
	frame = pd.DataFrame(
		of_employees(
			"""select employee, appraisal_cycle, start_date, end_date, final_score from `tabAppraisal`
			where docstatus = 1 and employee {employees}""",
			employees,
			company,
		),
		columns=["employee", "appraisal_cycle", "start_date", "end_date", "final_score"],
	)
	frame["start_date"] = pd.to_datetime(frame["start_date"])
	frame["end_date"] = pd.to_datetime(frame["end_date"])
	frame["final_score"] = frame["final_score"].astype(float)
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

	def frames_by_course(self) -> pd.DataFrame:
		"""The before/after frame of every course at once (one ``course`` column): participants of
		each course, and everyone else as its comparison group on its participants' modal cycles.

		Vectorised over courses (Incentive Optimisation measures all of them): employees and courses
		are joined as integer codes and scores looked up in the employee x cycle matrix, never by
		merging on strings, so a company of 10,000 employees who each took 30 courses stays fast."""
		columns = ["course", "employee", "department", "participant", "before", "after"]
		if self.history.empty or self.completions.empty:
			return pd.DataFrame(columns=columns)
		everyone = self.employees["employee"].to_numpy(dtype=object)
		departments = self.employees["department"].to_numpy(dtype=object)
		employee_code = pd.Index(everyone)
		completions = self.completions.sort_values("completed_on", kind="stable").reset_index(drop=True)
		completions = completions.assign(
			_employee=employee_code.get_indexer(completions["employee"]),
			_course=pd.Categorical(completions["course"]).codes.astype("int64"),
		)
		completions = completions[completions["_employee"] >= 0]
		course_names = pd.Categorical(self.completions["course"]).categories.to_numpy(dtype=object)
		history = self.history.assign(_employee=employee_code.get_indexer(self.history["employee"]))
		history = history[history["_employee"] >= 0]
		# the appraisal before and after each completion (engine.effectiveness.scores_around)
		left = completions[["_employee", "_course", "completed_on"]]
		around = effectiveness.scores_around(left, history, by="_employee")
		participants = pd.DataFrame(
			{
				"_employee": around["_employee"].to_numpy(),
				"_course": around["_course"].to_numpy(),
				"before_cycle": around["before_cycle"].to_numpy(dtype=object),
				"before": around["before"].to_numpy(dtype=float),
				"after_cycle": around["after_cycle"].to_numpy(dtype=object),
				"after": around["after"].to_numpy(dtype=float),
			}
		)
		participants = participants[
			participants["before_cycle"].notna() | participants["after_cycle"].notna()
		]
		# each course's most frequent cycles among its participants (ties: the first cycle by name)
		modes = pd.DataFrame(
			{
				column: participants.dropna(subset=[column])
				.groupby(["_course", column])
				.size()
				.reset_index()
				.sort_values(0, ascending=False, kind="stable")
				.drop_duplicates("_course")
				.set_index("_course")[column]
				for column in ("before_cycle", "after_cycle")
			}
		)
		# the comparison group of a course: everyone who was never credited for it, with their
		# scores in the course's modal cycles
		scores = self.by_cycle.reindex(everyone)
		cycle_code = {cycle: index for index, cycle in enumerate(scores.columns)}
		matrix = np.column_stack([scores.to_numpy(dtype=float), np.full(len(everyone), np.nan)])
		n_employees, n_courses = len(everyone), len(course_names)
		taken = np.zeros(n_employees * max(n_courses, 1), dtype=bool)
		taken[completions["_employee"].to_numpy() * n_courses + completions["_course"].to_numpy()] = True
		control_parts = []
		for course, (before_cycle, after_cycle) in modes.iterrows():
			outsiders = np.flatnonzero(~taken[np.arange(n_employees) * n_courses + course])
			control_parts.append(
				pd.DataFrame(
					{
						"_employee": outsiders,
						"_course": course,
						"before": matrix[outsiders, cycle_code.get(before_cycle, -1)],
						"after": matrix[outsiders, cycle_code.get(after_cycle, -1)],
					}
				)
			)
		controls = (
			pd.concat(control_parts, ignore_index=True)
			if control_parts
			else pd.DataFrame(columns=["_employee", "_course", "before", "after"])
		)
		frame = pd.concat(
			[
				participants[["_employee", "_course", "before", "after"]].assign(participant=True),
				controls.assign(participant=False),
			],
			ignore_index=True,
		)
		employee_index = frame["_employee"].to_numpy(dtype="int64")
		return pd.DataFrame(
			{
				"course": course_names[frame["_course"].to_numpy(dtype="int64")],
				"employee": everyone[employee_index],
				"department": departments[employee_index],
				"participant": frame["participant"].to_numpy(dtype=bool),
				"before": frame["before"].to_numpy(dtype=float),
				"after": frame["after"].to_numpy(dtype=float),
			}
		)[columns]


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
