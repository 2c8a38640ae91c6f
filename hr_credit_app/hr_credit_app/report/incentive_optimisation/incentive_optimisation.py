# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""Rule-based suggestions to change the incentives, each with the evidence and the threshold that
fired it (thresholds: HR Credit Settings > Reviews). A prepared report: it measures every course's
effect on the whole company, so a background worker computes it and the desk shows the result. Accept one with Apply in the report: it makes
the change (course weight, compulsory category, plan due date, reward kind) or, where nothing can
be changed automatically, assigns a review to HR."""

import json
from typing import TypedDict

import frappe
from frappe import _, _lt

from hr_credit_app.engine import optimisation
from hr_credit_app.reporting import report_company
from hr_credit_app.reviews.optimisation import evidence_text, proposal_text, suggestions, threshold_text

KIND_LABELS = {
	optimisation.RAISE_WEIGHT: _lt("Raise the course's weight"),
	optimisation.MAKE_COMPULSORY: _lt("Make the course compulsory"),
	optimisation.EXTEND_DUE_DATE: _lt("Extend the plan's due date"),
	optimisation.SWITCH_REWARD_KIND: _lt("Switch the reward kind"),
	optimisation.REVIEW_COURSE_DESIGN: _lt("Review the course design"),
}


class Filters(TypedDict, total=False):
	company: str


def execute(filters: Filters | None = None) -> tuple:
	filters = frappe._dict(filters or {})
	report_company(filters)
	found = suggestions(filters.company)
	return get_columns(), get_data(filters, found), None, None, get_summary(found)


def get_columns() -> list[dict]:
	return [
		{"fieldname": "suggestion", "label": _("Suggestion"), "fieldtype": "Data", "width": 200},
		{
			"fieldname": "target",
			"label": _("Applies To"),
			"fieldtype": "Dynamic Link",
			"options": "target_doctype",
			"width": 140,
		},
		{
			"fieldname": "department",
			"label": _("Department"),
			"fieldtype": "Data",
			"link_to": "Department",
			"width": 140,
		},
		{"fieldname": "evidence", "label": _("Evidence"), "fieldtype": "Data", "width": 260},
		{"fieldname": "threshold", "label": _("Threshold"), "fieldtype": "Data", "width": 200},
		{"fieldname": "proposal", "label": _("Proposed Change"), "fieldtype": "Data", "width": 180},
		{"fieldname": "target_doctype", "label": _("Type"), "fieldtype": "Data", "hidden": 1},
		{"fieldname": "kind", "label": _("Kind"), "fieldtype": "Data", "hidden": 1},
		{"fieldname": "payload", "label": _("Payload"), "fieldtype": "Data", "hidden": 1},
	]


def get_data(filters: Filters, found: list[dict]) -> list[dict]:
	"""A row per suggestion; ``payload`` is what Apply sends back (with the company)."""
	return [
		{
			"suggestion": str(KIND_LABELS[s["kind"]]),
			"kind": s["kind"],
			"target_doctype": s["target_doctype"],
			"target": s["target"],
			"department": s.get("department"),
			"evidence": evidence_text(s),
			"threshold": threshold_text(s),
			"proposal": proposal_text(s),
			"payload": json.dumps({**s, "company": filters.company}, default=str),
		}
		for s in found
	]


def get_summary(found: list[dict]) -> list[dict]:
	"""The number of suggestions of each kind."""
	counts = {}
	for s in found:
		counts[s["kind"]] = counts.get(s["kind"], 0) + 1
	return [
		{"value": n, "label": str(KIND_LABELS[kind]), "datatype": "Int", "indicator": "Orange"}
		for kind, n in counts.items()
	] or [{"value": 0, "label": _("Suggestions"), "datatype": "Int", "indicator": "Green"}]
