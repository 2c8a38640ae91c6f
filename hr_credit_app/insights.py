"""Data of the closed-loop reviews (needs, effectiveness, optimisation, recommendations, what-if).

Each function reads HRMS's own data (Designation skills, Employee Skill Map, Appraisal) and the
app's (courses, ledger, plans, surveys) set-based, hands plain frames to the engine and returns
what the engine returns. Thresholds come from HR Credit Settings.
"""

import numpy as np
import pandas as pd

import frappe
from frappe import _, _lt
from frappe.utils import cint, flt, getdate, today

from hr_credit_app.engine import effectiveness, needs, optimisation, recommend
from hr_credit_app.reporting import ALL, CHUNK, get_employees, get_scope, to_frame

TO_DAYS_OF_EPOCH = 719528  # MariaDB's TO_DAYS('1970-01-01')
FIELD_SEPARATOR, ROW_SEPARATOR = chr(31), chr(30)  # ASCII unit and record separators


def settings():
	return frappe.get_cached_doc("HR Credit Settings")


def _in_chunks(values: list, fetch) -> list:
	rows = []
	for start in range(0, len(values), CHUNK):
		rows += fetch(values[start : start + CHUNK])
	return rows


# ---- needs ----------------------------------------------------------------------------------------


def needs_frames(
	company: str, department: str | None = None, scope=None, employee: str | None = None
) -> dict:
	"""Employees and every source of training needs, as frames for engine.needs."""
	scope = scope or get_scope()
	employees = get_employees(company, department, employee=employee, scope=scope)
	names = employees["employee"].tolist()
	designations = sorted(set(employees["designation"].dropna()))
	required = to_frame(
		frappe.get_all(
			"Designation Skill",
			filters={"parenttype": "Designation", "parent": ("in", designations or [""])},
			fields=["parent as designation", "skill"],
		),
		columns=["designation", "skill"],
	)
	ratings = to_frame(
		_in_chunks(
			names,
			lambda chunk: frappe.get_all(
				"Employee Skill",
				filters={"parenttype": "Employee Skill Map", "parent": ("in", chunk)},
				fields=["parent as employee", "skill", "proficiency"],
			),
		),
		columns=["employee", "skill", "proficiency"],
	)
	scores, finals = latest_appraisals(names)
	kra_skills = to_frame(
		[{"kra": r.kra, "skill": r.skill} for r in settings().kra_skills], columns=["kra", "skill"]
	)
	answers = to_frame(
		_in_chunks(
			names,
			lambda chunk: frappe.db.sql(
				"""select r.employee, n.skill from `tabCredit Survey Need` n
				join `tabCredit Survey Response` r on r.name = n.parent and n.parenttype = 'Credit Survey Response'
				where r.employee in %s""",
				(tuple(chunk),),
				as_dict=True,
			),
		),
		columns=["employee", "skill"],
	)
	return {
		"employees": employees,
		"required": required,
		"ratings": ratings,
		"scores": scores,
		"finals": finals,
		"kra_skills": kra_skills,
		"answers": answers,
	}


def latest_appraisals(employees: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
	"""KRA scores (goal completion, %) and final scores of each employee's latest submitted appraisal."""
	appraisals = to_frame(
		_in_chunks(
			employees,
			lambda chunk: frappe.db.sql(
				"""select name, employee, final_score, end_date from `tabAppraisal`
				where docstatus = 1 and employee in %s""",
				(tuple(chunk),),
				as_dict=True,
			),
		),
		columns=["name", "employee", "final_score", "end_date"],
	)
	if appraisals.empty:
		return pd.DataFrame(columns=["employee", "kra", "score"]), pd.DataFrame(
			columns=["employee", "final_score"]
		)
	appraisals["end_date"] = pd.to_datetime(appraisals["end_date"])
	latest = appraisals.sort_values(["employee", "end_date"]).groupby("employee").tail(1)
	kras = to_frame(
		_in_chunks(
			latest["name"].tolist(),
			lambda chunk: frappe.get_all(
				"Appraisal KRA",
				filters={"parenttype": "Appraisal", "parent": ("in", chunk)},
				fields=["parent", "kra", "goal_completion as score"],
			),
		),
		columns=["parent", "kra", "score"],
	)
	scores = kras.merge(latest[["name", "employee"]], left_on="parent", right_on="name")[
		["employee", "kra", "score"]
	]
	return scores, latest[["employee", "final_score"]]


def training_needs(
	company: str, department: str | None = None, scope=None, employee: str | None = None
) -> dict:
	frames = needs_frames(company, department, scope, employee)
	s = settings()
	combined = needs.combine_needs(
		needs.skill_gaps(
			frames["employees"], frames["required"], frames["ratings"], flt(s.skill_proficiency_threshold)
		),
		needs.appraisal_needs(
			frames["scores"],
			frames["kra_skills"],
			flt(s.kra_score_threshold),
			frames["finals"],
			flt(s.final_score_threshold) or None,
		),
		needs.stated_needs(frames["answers"]),
	)
	return {
		"employees": frames["employees"],
		"needs": combined,
		"course_skills": course_skills(),
		# what the needs could be found in: an empty analysis says which sources are empty
		"sources": {
			"designation_skills": len(frames["required"]),
			"skill_ratings": len(frames["ratings"]),
			"appraisals": len(frames["finals"]),
			"kra_skills": len(frames["kra_skills"]),
			"survey_answers": len(frames["answers"]),
		},
	}


def course_skills() -> pd.DataFrame:
	return to_frame(
		frappe.db.sql(
			"""select c.name as course, c.course_title, s.skill from `tabCredit Course Skill` s
			join `tabCredit Course` c on c.name = s.parent and s.parenttype = 'Credit Course'
			where c.disabled = 0""",
			as_dict=True,
		),
		columns=["course", "course_title", "skill"],
	)


# ---- effectiveness ------------------------------------------------------------------------------


def appraisal_history(employees: list[str]) -> pd.DataFrame:
	rows = _in_chunks(
		employees,
		lambda chunk: frappe.db.sql(
			"""select employee, appraisal_cycle, start_date, end_date, final_score from `tabAppraisal`
			where docstatus = 1 and employee in %s""",
			(tuple(chunk),),
			as_dict=True,
		),
	)
	frame = to_frame(rows, columns=["employee", "appraisal_cycle", "start_date", "end_date", "final_score"])
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
		self.history = appraisal_history(names) if names else appraisal_history([])
		self.completions = course_completions(set(names), courses)
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
		joined = self.history.merge(completions, on="employee")
		before = (
			joined[joined["end_date"] <= joined["completed_on"]]
			.sort_values("end_date")
			.groupby("employee")
			.tail(1)[["employee", "appraisal_cycle", "final_score"]]
			.rename(columns={"appraisal_cycle": "before_cycle", "final_score": "before"})
		)
		after = (
			joined[joined["start_date"] >= joined["completed_on"]]
			.sort_values("start_date")
			.groupby("employee")
			.head(1)[["employee", "appraisal_cycle", "final_score"]]
			.rename(columns={"appraisal_cycle": "after_cycle", "final_score": "after"})
		)
		participants = before.merge(after, on="employee", how="outer")
		before_cycle = participants["before_cycle"].mode()
		after_cycle = participants["after_cycle"].mode()
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
		# the last appraisal that ended by the completion, and the first that started after it:
		# both keep the rows of ``completions`` in order, so they line up row for row
		left = completions[["_employee", "_course", "completed_on"]]
		before = pd.merge_asof(
			left,
			history.dropna(subset=["end_date"]).sort_values("end_date")[
				["_employee", "end_date", "appraisal_cycle", "final_score"]
			],
			left_on="completed_on",
			right_on="end_date",
			by="_employee",
			direction="backward",
		)
		after = pd.merge_asof(
			left,
			history.dropna(subset=["start_date"]).sort_values("start_date")[
				["_employee", "start_date", "appraisal_cycle", "final_score"]
			],
			left_on="completed_on",
			right_on="start_date",
			by="_employee",
			direction="forward",
		)
		participants = pd.DataFrame(
			{
				"_employee": left["_employee"].to_numpy(),
				"_course": left["_course"].to_numpy(),
				"before_cycle": before["appraisal_cycle"].to_numpy(dtype=object),
				"before": before["final_score"].to_numpy(dtype=float),
				"after_cycle": after["appraisal_cycle"].to_numpy(dtype=object),
				"after": after["final_score"].to_numpy(dtype=float),
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


# ---- optimisation -------------------------------------------------------------------------------


def optimisation_inputs(company: str) -> dict:
	"""Courses, plans, effects, satisfaction and department effects for engine.optimisation.suggest."""
	from hr_credit_app.engine import progress
	from hr_credit_app.plans import plan_rows

	scope = ALL
	plans = plan_rows(company, scope=scope)
	per_course = {row["course"]: row for row in progress.totals(plans.rows, "course")} if plans.rows else {}
	per_plan = {row["plan"]: row for row in progress.totals(plans.rows, "plan")} if plans.rows else {}
	compulsory = compulsory_category()
	courses = []
	for course in frappe.get_all(
		"Credit Course", filters={"disabled": 0}, fields=["name", "category", "weight", "base_credits"]
	):
		stats = per_course.get(course.name, {})
		courses.append(
			{
				"course": course.name,
				"category": course.category,
				"weight": flt(course.weight),
				"base_credits": flt(course.base_credits),
				"participation": stats.get("participation"),
				"completion": stats.get("completion"),
				"is_compulsory": course.category == compulsory,
			}
		)
	plan_list = [
		{
			"plan": plan.name,
			"course": None,
			"completion": (per_plan.get(plan.name) or {}).get("completion"),
			"due_date": plan.due_date,
			"targeted": (per_plan.get(plan.name) or {}).get("targeted"),
		}
		for plan in plans.plans
		if plan.name in per_plan
	]
	min_group = cint(settings().min_group_size) or 5
	frame = EffectData(company, None, scope=scope).frames_by_course()  # every course credited
	effects, department_effects = [], []
	if not frame.empty:
		effects = [
			{
				"course": row["course"],
				"did": row["did"],
				"reliable": row["reliable"],
				"n_participants": row["n_participants"],
			}
			for row in effectiveness.did(frame, min_group=min_group, by="course")
			if row["n_participants"]
		]
		frame["course_department"] = frame["course"] + "\x1f" + frame["department"].fillna("")
		for row in effectiveness.did(frame, min_group=min_group, by="course_department"):
			course, _sep, department = row["course_department"].partition("\x1f")
			department_effects.append(
				{
					"course": course,
					"department": department or None,
					"did": row["did"],
					"reliable": row["reliable"],
				}
			)
	satisfaction = [
		{"reward_kind": kind, "mean": flt(mean), "responses": cint(count)}
		for kind, mean, count in frappe.db.sql(
			"""select r.reward_kind, avg(r.rating), count(*) from `tabCredit Reward Rating` r
			join `tabCredit Survey Response` s on s.name = r.parent and r.parenttype = 'Credit Survey Response'
			where s.company = %s group by r.reward_kind""",
			company,
		)
	]
	return {
		"courses": courses,
		"plans": plan_list,
		"effects": effects,
		"satisfaction": satisfaction,
		"department_effects": department_effects,
	}


def optimisation_thresholds() -> dict:
	s = settings()
	return {key: flt(s.get(key)) for key in optimisation.DEFAULT_THRESHOLDS if s.get(key) is not None}


def compulsory_category() -> str:
	"""The category that makes a course compulsory: the enabled category with the largest target."""
	return frappe.db.get_value(
		"Credit Category", {"disabled": 0}, "name", order_by="target_share desc, creation asc"
	)


def suggestions(company: str) -> list[dict]:
	inputs = optimisation_inputs(company)
	return optimisation.suggest(
		inputs["courses"],
		inputs["plans"],
		inputs["effects"],
		inputs["satisfaction"],
		inputs["department_effects"],
		optimisation_thresholds(),
		getdate(today()),
		compulsory_category=compulsory_category(),
	)


# ---- recommendations ----------------------------------------------------------------------------

REASONS = {
	"skill_gap": _lt("Fills a skill gap"),
	"peers": _lt("Colleagues in the same role took it and improved"),
	"strategic": _lt("Strategic weight"),
	"next_level": _lt("Needed for the next level"),
	"gate": _lt("Needed for a promotion gate"),
}


# reasons whose detail names skills (translated as skills) or categories
SKILL_REASONS = ("skill_gap", "gate")


def reason_text(reason: dict) -> str:
	"""A recommendation's reason in the reader's language ("Fills a skill gap (Digital Skills)")."""
	detail = reason.get("detail")
	context = "Skill" if reason["code"] in SKILL_REASONS else None
	if isinstance(detail, str) and ", " in detail:
		detail = detail.split(", ")
	if isinstance(detail, list | tuple):
		detail = ", ".join(_(str(d), context=context) for d in detail)
	elif isinstance(detail, str):
		detail = _(detail, context=context)
	label = str(REASONS.get(reason["code"], reason["code"]))
	return _("{0} ({1})").format(label, detail) if detail not in (None, "") else label




def recommendations(
	company: str,
	employees: list[str] | None = None,
	department: str | None = None,
	limit: int = 5,
	scope=None,
) -> dict:
	"""Ranked courses per employee, with the reasons."""
	from hr_credit_app.engine import incentives, progress
	from hr_credit_app.policy import get_policy
	from hr_credit_app.reporting import credit_totals

	scope = scope or get_scope()
	only = employees[0] if employees is not None and len(employees) == 1 else None
	found = training_needs(company, department, scope, employee=only)
	staff = found["employees"]
	if employees is not None:
		staff = staff[staff["employee"].isin(set(employees))]
	names = staff["employee"].tolist()
	need_map = (
		found["needs"].groupby("employee")["skill"].apply(list).to_dict() if not found["needs"].empty else {}
	)
	from hr_credit_app.intake.check import course_companies

	catalogue = frappe.get_all(
		"Credit Course",
		filters={"disabled": 0},
		fields=["name as course", "course_title as title", "category", "weight", "effective_credits"],
	)
	limited = course_companies(c["course"] for c in catalogue)
	catalogue = [c for c in catalogue if company in limited.get(c["course"], {company})]
	skills = (
		found["course_skills"].groupby("course")["skill"].apply(list).to_dict()
		if not found["course_skills"].empty
		else {}
	)
	courses = to_frame(
		[{**c, "skills": skills.get(c["course"], []), "active": True} for c in catalogue],
		columns=["course", "title", "category", "weight", "effective_credits", "skills", "active"],
	)
	# colleagues in the same roles, whoever may see them: only counts are used
	colleagues = get_employees(company, scope=ALL)
	colleagues = colleagues[colleagues["designation"].isin(set(staff["designation"].dropna()))]
	completions = course_completions(set(names) | set(colleagues["employee"]))
	taken = completions[completions["employee"].isin(set(names))][["employee", "course"]]
	taken_by = taken.groupby("employee")["course"].apply(set).to_dict() if not taken.empty else {}
	policy = get_policy(company)
	frame, _categories = credit_totals(company, staff, policy.window if policy else None, today())
	levelled = progress.level_progress(frame, policy.levels if policy else []).set_index("employee")
	level_needs = {}
	if policy:
		for row in frame.to_dict("records"):
			by_category = {
				k[len(incentives.CATEGORY_PREFIX) :]: v
				for k, v in row.items()
				if k.startswith(incentives.CATEGORY_PREFIX)
			}
			upcoming = incentives.next_level(row["total"], by_category, policy.levels)
			if upcoming:
				level_needs[row["employee"]] = upcoming["category_needs"] or (
					{c: upcoming["credits_needed"] for c in by_category}
					if upcoming["credits_needed"] > 0
					else {}
				)
	gates = list(policy.gates.values()) if policy else []
	peers = peers_improved(colleagues, completions[completions["employee"].isin(set(colleagues["employee"]))])
	min_peers = cint(frappe.db.get_single_value("HR Credit Settings", "min_group_size")) or 1
	result = {}
	prepared = recommend.prepare_courses(courses)
	for row in staff.itertuples(index=False):
		gate_skills, gate_categories = incentives.gate_needs_for(row.designation, gates)
		result[row.employee] = recommend.recommend(
			row.employee,
			need_map.get(row.employee, []),
			prepared,
			taken_by.get(row.employee, set()),
			peers_improved=peers.get(row.designation or "", {}),
			next_level_categories=level_needs.get(row.employee),
			gate_skills=gate_skills,
			gate_categories=gate_categories,
			limit=limit,
			min_peers=min_peers,
		)
	return {"recommendations": result, "employees": staff, "levels": levelled}


def course_completions(employees, courses: list[str] | None = None) -> pd.DataFrame:
	"""When each employee was first credited for each course, for the employees asked about.

	One GROUP BY read from the covering course index. Its rows (one per employee and course, some
	300,000 for 10,000 employees) travel packed as one row per employee: the driver's cost is per
	row, and the day numbers are parsed far faster than dates."""
	columns = ["employee", "course", "completed_on"]
	if courses is not None and not courses:
		return pd.DataFrame(columns=columns)
	employees = set(employees)
	if not employees:
		return pd.DataFrame(columns=columns)
	condition = "course in %(courses)s" if courses is not None else "course is not null"
	if len(employees) <= CHUNK:  # a few employees (one page, one department): read only theirs
		condition += " and employee in %(employees)s"
	frappe.db.sql("set session group_concat_max_len = 67108864")
	packed = frappe.db.sql(
		f"""select employee, group_concat(course, char(31), first_day separator %(rows)s) from (
			select employee, course, to_days(min(posting_date)) as first_day from `tabCredit Entry`
			where docstatus = 1 and credits > 0 and {condition} group by course, employee
		) firsts group by employee""",
		{"courses": tuple(courses or ()), "rows": ROW_SEPARATOR, "employees": tuple(sorted(employees))},
	)
	employee_column, course_column, day_column = [], [], []
	for employee, pairs in packed:
		if employee not in employees:
			continue
		for pair in pairs.split(ROW_SEPARATOR):
			course, _sep, day = pair.rpartition(FIELD_SEPARATOR)
			employee_column.append(employee)
			course_column.append(course)
			day_column.append(day)
	frame = pd.DataFrame({"employee": employee_column, "course": course_column, "completed_on": day_column})
	frame["completed_on"] = pd.to_datetime(frame["completed_on"].astype("int64") - TO_DAYS_OF_EPOCH, unit="D")
	return frame[columns]


def peers_improved(staff: pd.DataFrame, completions: pd.DataFrame) -> dict[str, dict[str, int]]:
	"""Per designation: how many colleagues took each course and then improved their appraisal score."""
	if completions.empty:
		return {}
	history = appraisal_history(staff["employee"].tolist())
	if history.empty:
		return {}
	joined = completions.merge(history, on="employee")
	before = (
		joined[joined["end_date"] <= joined["completed_on"]]
		.sort_values("end_date")
		.groupby(["employee", "course"])
		.tail(1)
	)
	after = (
		joined[joined["start_date"] >= joined["completed_on"]]
		.sort_values("start_date")
		.groupby(["employee", "course"])
		.head(1)
	)
	change = before[["employee", "course", "final_score"]].merge(
		after[["employee", "course", "final_score"]],
		on=["employee", "course"],
		suffixes=("_before", "_after"),
	)
	change["improved"] = change["final_score_after"] > change["final_score_before"]
	change = change.merge(staff[["employee", "designation"]], on="employee")
	result: dict[str, dict[str, int]] = {}
	for designation, group in change.groupby(change["designation"].fillna("")):
		result[designation] = recommend.peers_improved(group[["course", "employee", "improved"]])
	return result
