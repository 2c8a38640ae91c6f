"""Recommended courses per employee, with the reasons, and the colleagues who improved after a course."""

import pandas as pd

import frappe
from frappe import _, _lt
from frappe.utils import cint, today

from hr_credit_app.credits import first_completions
from hr_credit_app.engine import effectiveness, recommend
from hr_credit_app.reporting import ALL, get_employees, get_scope, to_frame
from hr_credit_app.reviews.effectiveness import appraisal_history
from hr_credit_app.reviews.needs import training_needs

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
	from hr_credit_app.engine import gates, incentives, progress
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
	taken = first_completions(set(names))[["employee", "course"]]
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
	policy_gates = list(policy.gates.values()) if policy else []
	peers = colleagues_improved(company, sorted(set(staff["designation"].dropna())))
	min_peers = cint(frappe.db.get_single_value("HR Credit Settings", "min_group_size")) or 1
	result = {}
	prepared = recommend.prepare_courses(courses)
	for row in staff.itertuples(index=False):
		gate_skills, gate_categories = gates.gate_needs_for(row.designation, policy_gates)
		result[row.employee] = recommend.recommend(
			row.employee,
			need_map.get(row.employee, []),
			prepared,
			taken_by.get(row.employee, set()),
			peers_improved=peers.get(row.designation, {}),
			next_level_categories=level_needs.get(row.employee),
			gate_skills=gate_skills,
			gate_categories=gate_categories,
			limit=limit,
			min_peers=min_peers,
		)
	return {"recommendations": result, "employees": staff, "levels": levelled}


PEERS_KEY = "hr_credit_app:peers"
PEERS_TTL = 3600  # seconds


def colleagues_improved(
	company: str, designations: list[str], refresh: bool = False
) -> dict[str, dict[str, int]]:
	"""``peers_improved`` of the company's employees in each of ``designations``, whoever may see
	them (only counts are used).

	It weighs the appraisals and completions of every colleague in the role (thousands in a large
	company), while an employee's page needs it at once: kept for an hour per company and
	designation, and read again at once when the settings or any appraisal changed. (A colleague's
	new completion counts only once an appraisal follows it, and that appraisal changes the key.)
	``refresh``: compare again whatever is kept (the hourly job)."""
	if not designations:
		return {}
	version = ":".join(
		str(value)
		for value in (
			frappe.db.get_value("HR Credit Settings", "HR Credit Settings", "modified"),
			frappe.db.sql("select max(modified) from `tabAppraisal`")[0][0],
		)
	)
	keys = {designation: f"{PEERS_KEY}:{company}:{designation}:{version}" for designation in designations}
	result, missing = {}, []
	for designation, key in keys.items():
		# kept with an expiry: not in frappe.local
		cached = None if refresh else frappe.cache.get_value(key, expires=True)
		if cached is None:
			missing.append(designation)
		else:
			result[designation] = cached
	if missing:
		colleagues = get_employees(company, scope=ALL)
		colleagues = colleagues[colleagues["designation"].isin(set(missing))]
		computed = peers_improved(colleagues, first_completions(set(colleagues["employee"])), company)
		for designation in missing:
			result[designation] = computed.get(designation, {})
			frappe.cache.set_value(keys[designation], result[designation], expires_in_sec=PEERS_TTL)
	return result


def peers_improved(
	staff: pd.DataFrame, completions: pd.DataFrame, company: str | None = None
) -> dict[str, dict[str, int]]:
	"""Per designation: how many colleagues (``staff``, of ``company``) took each course and then
	improved their appraisal score."""
	if completions.empty:
		return {}
	history = appraisal_history(staff["employee"].tolist(), company)
	if history.empty:
		return {}
	change = effectiveness.scores_around(completions[["employee", "course", "completed_on"]], history)
	change = change.dropna(subset=["before", "after"]).rename(
		columns={"before": "final_score_before", "after": "final_score_after"}
	)
	change["improved"] = change["final_score_after"] > change["final_score_before"]
	change = change.merge(staff[["employee", "designation"]], on="employee")
	result: dict[str, dict[str, int]] = {}
	for designation, group in change.groupby(change["designation"].fillna("")):
		result[designation] = recommend.peers_improved(group[["course", "employee", "improved"]])
	return result
