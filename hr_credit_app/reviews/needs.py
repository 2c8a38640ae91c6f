"""Training needs: skill gaps against the designation, weak appraisal KRAs, survey answers."""

import pandas as pd

import frappe
from frappe.utils import flt

from hr_credit_app import packed
from hr_credit_app.bulk import chunks
from hr_credit_app.engine import needs
from hr_credit_app.reporting import get_employees, get_scope, to_frame
from hr_credit_app.reviews import frame_of_employees, of_employees, settings


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
	ratings = frame_of_employees(
		"""select skill, proficiency, parent as employee from `tabEmployee Skill`
		where parenttype = 'Employee Skill Map' and parent {employees}""",
		names,
		company,
		["skill", "proficiency", "employee"],
	)
	ratings = ratings.assign(proficiency=packed.numbers(ratings["proficiency"]))[
		["employee", "skill", "proficiency"]
	]
	scores, finals = latest_appraisals(names, company)
	kra_skills = to_frame(
		[{"kra": r.kra, "skill": r.skill} for r in settings().kra_skills], columns=["kra", "skill"]
	)
	answers = pd.DataFrame(
		of_employees(
			"""select r.employee, n.skill from `tabCredit Survey Need` n
			join `tabCredit Survey Response` r on r.name = n.parent and n.parenttype = 'Credit Survey Response'
			where r.employee {employees}""",
			names,
			company,
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


def latest_appraisals(employees: list[str], company: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
	"""KRA scores (goal completion, %) and final scores of each employee's latest submitted appraisal
	(the latest end date; of two ending the same day, the later name)."""
	appraisals = frame_of_employees(
		"""select name, employee, end_date, final_score from `tabAppraisal`
		where docstatus = 1 and employee {employees}""",
		employees,
		company,
		["name", "employee", "end_date", "final_score"],
	)
	latest = (
		appraisals.assign(end_date=pd.to_datetime(appraisals["end_date"]))
		.sort_values(["employee", "end_date", "name"], na_position="first")
		.drop_duplicates("employee", keep="last")
		.reset_index(drop=True)
	)
	kras = pd.concat(
		[
			packed.read(
				"""select kra, goal_completion as score, parent from `tabAppraisal KRA`
				where parenttype = 'Appraisal' and parent in %(names)s""",
				{"names": tuple(names)},
				["kra", "score", "parent"],
			)
			for names in chunks(latest["name"].tolist())
		]
		or [pd.DataFrame(columns=["kra", "score", "parent"])],
		ignore_index=True,
	)
	scores = pd.DataFrame(
		{
			"employee": kras["parent"].map(latest.set_index("name")["employee"]),
			"kra": kras["kra"],
			"score": packed.numbers(kras["score"]),
		}
	)
	return scores, pd.DataFrame(
		{"employee": latest["employee"], "final_score": packed.numbers(latest["final_score"])}
	)


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
