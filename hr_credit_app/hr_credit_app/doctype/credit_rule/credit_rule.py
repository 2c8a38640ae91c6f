# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""An award rule: which enrolments earn credits, and how many (see ``engine.rules``)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, now_datetime

from hr_credit_app import intake
from hr_credit_app.engine import conditions
from hr_credit_app.engine.rules import Rule
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
		from hr_credit_app.hr_credit_app.doctype.credit_company.credit_company import CreditCompany
		from hr_credit_app.hr_credit_app.doctype.credit_rule_version.credit_rule_version import (
			CreditRuleVersion,
		)

		attendance_required: DF.Check
		award: DF.Literal["Course Credits", "Fixed Credits"]
		category: DF.Link | None
		companies: DF.TableMultiSelect[CreditCompany]
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
		versions: DF.Table[CreditRuleVersion]

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
			self.fixed_credits = 0  # what the column holds anyway: no "changed from 0 to null" on every save
		if self.valid_from and self.valid_to and getdate(self.valid_to) < getdate(self.valid_from):
			self.throw(_("Valid To cannot be before Valid From."))
		rule = Rule.from_mapping({**self.as_dict(), "companies": [row.company for row in self.companies]})
		if not rule.has_criteria():
			self.throw(
				_("Set at least one criterion; a rule without criteria would credit any evidence at all.")
			)
		self.validate_condition()
		self.record_version(rule)

	def validate_condition(self):
		if not (self.condition or "").strip():
			return
		try:
			conditions.compile_condition(self.condition).evaluate(SAMPLE_ENROLMENT)
		except conditions.ConditionError as e:
			self.throw(condition_error_message(e))

	def record_version(self, rule: Rule) -> None:
		"""Keep a snapshot of each version of the criteria: credits are judged by the version that
		awarded them, whatever the rule says later."""
		version = rule.criteria_version()
		if not any(row.version == version for row in self.get("versions")):
			self.append(
				"versions",
				{
					"version": version,
					"recorded_on": now_datetime(),
					"criteria": frappe.as_json(rule.criteria()),
				},
			)

	def throw(self, message):
		frappe.throw(message, exc=InvalidCreditRuleError, title=_("Invalid Credit Rule"))

	def on_update(self):
		intake.clear_rules_cache()

	def on_trash(self):
		intake.clear_rules_cache()


def condition_error_message(error: conditions.ConditionError) -> str:
	"""Why HR's condition was refused, in HR's language."""
	code, params = error.code, error.params
	messages = {
		"too_long": lambda length, limit: _(
			"The extra condition has {0} characters; at most {1} are allowed."
		).format(length, limit),
		"syntax": lambda detail: _("The extra condition is not a valid expression: {0}").format(
			frappe.bold(frappe.utils.escape_html(str(detail)))
		),
		"not_allowed": lambda what: _(
			"The extra condition uses {0}, which is not allowed. Use comparisons, and / or / not, + - * /, in (...), abs, min, max and round."
		).format(frappe.bold(frappe.utils.escape_html(str(what)))),
		"unknown_field": lambda name: _(
			"The extra condition reads {0}, which is not a field of an enrolment. Fields: {1}."
		).format(frappe.bold(frappe.utils.escape_html(str(name))), ", ".join(conditions.FIELDS)),
		"unknown_function": lambda name: _(
			"The extra condition calls {0}; only abs, min, max and round are allowed."
		).format(frappe.bold(frappe.utils.escape_html(str(name)))),
		"too_complex": lambda count, limit: _(
			"The extra condition is too complex ({0} parts; at most {1})."
		).format(count, limit),
		"constant_too_large": lambda limit: _(
			"A value in the extra condition is too large (at most {0})."
		).format(limit),
		"type_error": lambda what: _(
			"The extra condition computes with a value that is not a number ({0})."
		).format(frappe.bold(frappe.utils.escape_html(str(what)))),
		"division_by_zero": lambda: _("The extra condition divides by zero."),
	}
	try:
		return messages[code](*params)
	except (KeyError, TypeError):
		return _("The extra condition cannot be evaluated.")


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
