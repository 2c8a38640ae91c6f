"""Incentive optimisation: the suggestions, their texts, and applying one."""

import json

import pandas as pd

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate, today

from hr_credit_app.engine import effectiveness, optimisation
from hr_credit_app.permissions import require_roles
from hr_credit_app.reporting import ALL
from hr_credit_app.reviews import settings
from hr_credit_app.reviews.effectiveness import EffectData


def optimisation_inputs(company: str) -> dict:
	"""Courses, plans, effects, satisfaction and department effects for engine.optimisation.suggest."""
	from hr_credit_app.engine import progress
	from hr_credit_app.plans import plan_rows

	scope = ALL
	plans = plan_rows(company, scope=scope, by_due=False)
	per_course = {row["course"]: row for row in progress.totals(plans.rows, "course")} if plans.rows else {}
	per_plan = {row["plan"]: row for row in progress.totals(plans.rows, "plan")} if plans.rows else {}
	compulsory = compulsory_category()
	courses = []
	from hr_credit_app.intake.check import course_companies

	catalogue = frappe.get_all(
		"Credit Course", filters={"disabled": 0}, fields=["name", "category", "weight", "base_credits"]
	)
	limited = course_companies(course.name for course in catalogue)
	for course in catalogue:
		if company not in limited.get(course.name, {company}):
			continue  # a course of other companies: nothing to suggest about it here
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
	# every course credited; courses and departments as integer codes into their names
	frame, course_names, department_names = EffectData(company, None, scope=scope).frames_by_course()
	effects, department_effects = [], []
	if not frame.empty:
		effects = [
			{
				"course": course_names[row["course"]],
				"did": row["did"],
				"reliable": row["reliable"],
				"n_participants": row["n_participants"],
			}
			for row in effectiveness.did(frame, min_group=min_group, by="course")
			if row["n_participants"]
		]
		effects.sort(key=lambda row: row["course"])
		# per course and department: one integer key
		width = max(len(department_names), 1)
		frame["course_department"] = frame["course"] * width + frame["department"]
		for row in effectiveness.did(frame, min_group=min_group, by="course_department"):
			department = department_names[row["course_department"] % width]
			department_effects.append(
				{
					"course": course_names[row["course_department"] // width],
					"department": department if isinstance(department, str) and department else None,
					"did": row["did"],
					"reliable": row["reliable"],
				}
			)
		department_effects.sort(key=lambda row: (row["course"], row["department"] or ""))
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


@frappe.whitelist(methods=["POST"])
def apply_suggestion(suggestion: str | dict) -> str:
	"""Make the change a suggestion proposes; returns what was done."""
	require_roles(("HR Manager", "System Manager"))
	s = frappe._dict(json.loads(suggestion) if isinstance(suggestion, str) else suggestion)
	proposal = frappe._dict(s.proposal or {})
	reason = _("Incentive Optimisation: {0}").format(evidence_text(s) if s.get("kind") in TEXTED else "")
	if s.kind == optimisation.RAISE_WEIGHT:
		course = frappe.get_doc("Credit Course", s.target)
		course.weight = flt(proposal.weight)
		course.add_comment("Comment", reason)
		course.save()
		return _("{0}: weight {1}, {2} credits.").format(course.name, course.weight, course.effective_credits)
	if s.kind == optimisation.MAKE_COMPULSORY:
		course = frappe.get_doc("Credit Course", s.target)
		course.category = proposal.category
		course.add_comment("Comment", reason)
		course.save()
		return _("{0} is now in category {1}.").format(course.name, _(course.category))
	if s.kind == optimisation.EXTEND_DUE_DATE:
		plan = frappe.get_doc("Training Plan", s.target)
		new_due = plan.extend_due_date(proposal.due_date, reason)
		return _("{0}: due date moved to {1}.").format(plan.name, new_due)
	if s.kind == optimisation.SWITCH_REWARD_KIND and proposal.get("reward_kind"):
		policy_name = frappe.db.get_value("Credit Incentive Policy", {"company": s.company, "enabled": 1})
		if not policy_name:
			frappe.throw(_("Company {0} has no enabled Credit Incentive Policy.").format(s.company))
		policy = frappe.get_doc("Credit Incentive Policy", policy_name)
		changed = 0
		for row in policy.honour_rewards:
			if row.reward_type == s.target and proposal.reward_kind in [
				o for o in row.meta.get_field("reward_type").options.split("\n")
			]:
				row.reward_type = proposal.reward_kind
				changed += 1
		if not changed:
			return assign_review(s, reason)
		policy.add_comment("Comment", reason)
		policy.save()
		return _("{0}: {1} reward(s) switched from {2} to {3}.").format(
			policy.name, changed, _(s.target), _(proposal.reward_kind)
		)
	return assign_review(s, reason)


def assign_review(s, reason: str) -> str:
	"""Nothing to change automatically: a ToDo for HR with the evidence."""
	todo = frappe.get_doc(
		{
			"doctype": "ToDo",
			"description": _("Review {0} {1}{2}. {3}").format(
				_(s.target_doctype),
				s.target,
				(" (" + s.department + ")") if s.get("department") else "",
				reason,
			),
			"reference_type": s.target_doctype if frappe.db.exists("DocType", s.target_doctype) else None,
			"reference_name": s.target if frappe.db.exists("DocType", s.target_doctype) else None,
			"allocated_to": frappe.session.user,
			"priority": "Medium",
		}
	).insert(ignore_permissions=True)
	return _("Review assigned: {0}.").format(todo.name)


# ---- what a suggestion says, in the reader's language ------------------------------------------

TEXTED = (
	optimisation.RAISE_WEIGHT,
	optimisation.MAKE_COMPULSORY,
	optimisation.EXTEND_DUE_DATE,
	optimisation.SWITCH_REWARD_KIND,
	optimisation.REVIEW_COURSE_DESIGN,
)


def _n(value, precision: int = 1) -> str:
	"""A number as people read it: 34.0 -> 34, 0.45 -> 0.45."""
	if value is None:
		return "-"
	return f"{round(float(value), precision):g}" if isinstance(value, int | float) else str(value)


def evidence_text(s: dict) -> str:
	"""What fired the suggestion, as a sentence in the reader's language."""
	e, kind = frappe._dict(s["evidence"]), s["kind"]
	if kind == optimisation.RAISE_WEIGHT:
		return _("{0}% of the targeted employees took part; weight {1}, {2} credits.").format(
			_n(e.participation), _n(e.weight, 2), _n(e.effective_credits)
		)
	if kind == optimisation.MAKE_COMPULSORY:
		return _(
			"Appraisal scores of the {0} participants rose {1} points more than those of the others."
		).format(e.n_participants or 0, _n(e.did, 2))
	if kind == optimisation.EXTEND_DUE_DATE:
		return _("{0}% of {1} employees completed {2}; due on {3}.").format(
			_n(e.completion), e.targeted or 0, e.course, frappe.format(e.due_date, {"fieldtype": "Date"})
		)
	if kind == optimisation.SWITCH_REWARD_KIND:
		text = _("{0} employees rated it {1} of 5 on average.").format(e.responses or 0, _n(e.mean))
		if e.best_alternative:
			text += " " + _("{0} is rated {1}.").format(_(e.best_alternative), _n(e.best_alternative_mean))
		return text
	if kind == optimisation.REVIEW_COURSE_DESIGN:
		return _(
			"In this department, appraisal scores of the {0} participants changed {1} points against the others'."
		).format(e.n_participants or 0, _n(e.did, 2))
	return ""


def threshold_text(s: dict) -> str:
	t, kind = frappe._dict(s["threshold"]), s["kind"]
	if kind == optimisation.RAISE_WEIGHT:
		return _("Participation below {0}%: weight x {1}.").format(
			_n(t.low_participation), _n(t.weight_step, 2)
		)
	if kind == optimisation.MAKE_COMPULSORY:
		return _("An effect of {0} points or more.").format(_n(t.strong_effect, 2))
	if kind == optimisation.EXTEND_DUE_DATE:
		return _("Below {0}% completed within {1} days of the due date: {2} more days.").format(
			_n(t.low_completion), t.near_due_days, t.extension_days
		)
	if kind == optimisation.SWITCH_REWARD_KIND:
		return _("Rated below {0} by at least {1} employees.").format(_n(t.low_satisfaction), t.min_responses)
	if kind == optimisation.REVIEW_COURSE_DESIGN:
		return _("An effect below {0} points in a department.").format(_n(t.weak_department_effect, 2))
	return ""


def proposal_text(s: dict) -> str:
	p, kind = frappe._dict(s["proposal"]), s["kind"]
	if kind == optimisation.RAISE_WEIGHT and p.weight is not None:
		return _("Weight {0}: {1} credits.").format(_n(p.weight, 2), _n(p.effective_credits))
	if kind == optimisation.MAKE_COMPULSORY and p.category:
		return _("Move it to {0}.").format(_(p.category))
	if kind == optimisation.EXTEND_DUE_DATE and p.due_date:
		return _("New due date {0}.").format(frappe.format(p.due_date, {"fieldtype": "Date"}))
	if kind == optimisation.SWITCH_REWARD_KIND and p.reward_kind:
		return _("Offer {0} instead.").format(_(p.reward_kind))
	return _("Review by HR")
