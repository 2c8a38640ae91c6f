# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""An award rule: which enrolments earn credits, and how many (see ``engine.rules``)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, flt, getdate

from hr_credit_app import intake
from hr_credit_app.exceptions import InvalidCreditRuleError
from hr_credit_app.permissions import require_roles

SCOPE_FIELDS = {"Course": "course", "Category": "category", "Delivery Mode": "delivery_mode"}
RANGES = {
	"min_completion": (0, 100),
	"min_exam_score": (0, 100),
	"min_mentor_score": (0, 10),
}
SAMPLE_ENROLMENT = {
	"enrolment": "ENR-SAMPLE",
	"employee": "HR-EMP-00001",
	"course": "SAMPLE",
	"category": "Compulsory",
	"delivery_mode": "Online",
	"effective_credits": 2.0,
	"completion_pct": 100.0,
	"best_exam_score": 80.0,
	"attended": 1,
	"mentor_score": 8.0,
	"hours": 2.0,
	"award_date": None,
}


class CreditRule(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attendance_required: DF.Check
		award: DF.Literal["Course Credits", "Fixed Credits"]
		category: DF.Link | None
		condition: DF.Code | None
		course: DF.Link | None
		delivery_mode: DF.Literal["", "Online", "Offline", "Practice"]
		description: DF.SmallText | None
		enabled: DF.Check
		fixed_credits: DF.Float
		min_completion: DF.Percent
		min_exam_score: DF.Float
		min_hours: DF.Float
		min_mentor_score: DF.Float
		priority: DF.Int
		rule_name: DF.Data
		scope: DF.Literal["All Courses", "Course", "Category", "Delivery Mode"]
		valid_from: DF.Date | None
		valid_to: DF.Date | None

	# end: auto-generated types
	def validate(self):
		for scope, field in SCOPE_FIELDS.items():
			if self.scope != scope:
				self.set(field, None)
			elif not self.get(field):
				self.throw(_("Set the {0} this rule applies to.").format(_(self.meta.get_label(field))))
		for field, (low, high) in RANGES.items():
			value = self.get(field)
			if value not in (None, "") and not low <= flt(value) <= high:
				self.throw(
					_("{0} must be between {1} and {2}.").format(_(self.meta.get_label(field)), low, high)
				)
		if self.min_hours not in (None, "") and flt(self.min_hours) < 0:
			self.throw(_("Minimum Hours cannot be negative."))
		if self.award == "Fixed Credits":
			if flt(self.fixed_credits) <= 0:
				self.throw(_("Fixed Credits must be greater than 0."))
		else:
			self.fixed_credits = None
		if self.valid_from and self.valid_to and getdate(self.valid_to) < getdate(self.valid_from):
			self.throw(_("Valid To cannot be before Valid From."))
		if not intake.rules_engine.Rule.from_mapping(self.as_dict()).has_criteria():
			self.throw(
				_("Set at least one criterion; a rule without criteria would credit any evidence at all.")
			)
		self.validate_condition()

	def validate_condition(self):
		if not (self.condition or "").strip():
			return
		try:
			frappe.safe_eval(self.condition, None, {"doc": frappe._dict(SAMPLE_ENROLMENT)})
		except Exception as e:
			self.throw(_("The extra condition cannot be evaluated: {0}").format(frappe.bold(str(e))))

	def throw(self, message):
		frappe.throw(message, exc=InvalidCreditRuleError, title=_("Invalid Credit Rule"))

	def on_update(self):
		intake.clear_rules_cache()

	def on_trash(self):
		intake.clear_rules_cache()


@frappe.whitelist(methods=["POST"])
def reevaluate_enrolments() -> dict:
	"""Evaluate every enrolment that is not credited yet against the current rules.

	Posted credits are never rewritten. Up to 5,000 open enrolments run at once, more in a worker.
	"""
	require_roles(("HR Manager", "System Manager"))
	open_enrolments = frappe.db.count("Credit Enrolment", {"status": "In Progress"})
	if open_enrolments <= 5000:
		return {"queued": False, "open": open_enrolments, "credited": intake.reevaluate_open_enrolments()}
	frappe.enqueue(
		"hr_credit_app.intake.reevaluate_open_enrolments",
		queue="long",
		timeout=3600,
		job_id="hr_credit_app:reevaluate",
		deduplicate=True,
		enqueue_after_commit=True,
	)
	return {"queued": True, "open": open_enrolments, "credited": 0}
