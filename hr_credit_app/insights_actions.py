"""Accepting an Incentive Optimisation suggestion: the change it proposes, made and recorded."""

import json

import frappe
from frappe import _
from frappe.utils import flt

from hr_credit_app.engine import optimisation
from hr_credit_app.permissions import require_roles


@frappe.whitelist(methods=["POST"])
def apply_suggestion(suggestion: str | dict) -> str:
	"""Make the change a suggestion proposes; returns what was done."""
	require_roles(("HR Manager", "System Manager"))
	s = frappe._dict(json.loads(suggestion) if isinstance(suggestion, str) else suggestion)
	proposal = frappe._dict(s.proposal or {})
	reason = _("Incentive Optimisation: {0}").format(
		", ".join(f"{key} {value}" for key, value in (s.evidence or {}).items())
	)
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
