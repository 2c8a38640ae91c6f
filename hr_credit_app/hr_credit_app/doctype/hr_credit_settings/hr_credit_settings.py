# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class HRCreditSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from hr_credit_app.hr_credit_app.doctype.credit_grade_mapping.credit_grade_mapping import (
			CreditGradeMapping,
		)
		from hr_credit_app.hr_credit_app.doctype.credit_integration_source.credit_integration_source import (
			CreditIntegrationSource,
		)
		from hr_credit_app.hr_credit_app.doctype.credit_claim_rate.credit_claim_rate import CreditClaimRate
		from hr_credit_app.hr_credit_app.doctype.credit_kra_skill.credit_kra_skill import CreditKRASkill
		from hr_credit_app.hr_credit_app.doctype.credit_nudge_company.credit_nudge_company import (
			CreditNudgeCompany,
		)

		additional_salary_via_controller: DF.Check
		claim_rates: DF.Table[CreditClaimRate]
		claim_yearly_cap: DF.Float
		current_survey: DF.Data | None
		cycle_mode: DF.Literal["Calendar Year", "Once"]
		default_window: DF.Literal["Cumulative", "Calendar Year", "Fiscal Year", "Rolling 12 Months"]
		extension_days: DF.Int
		final_score_threshold: DF.Float
		grade_mappings: DF.Table[CreditGradeMapping]
		inline_processing_limit: DF.Int
		integration_sources: DF.Table[CreditIntegrationSource]
		kra_score_threshold: DF.Percent
		kra_skills: DF.Table[CreditKRASkill]
		low_completion: DF.Percent
		low_participation: DF.Percent
		low_satisfaction: DF.Float
		max_batch_rows: DF.Int
		min_group_size: DF.Int
		min_responses: DF.Int
		muted_companies: DF.TableMultiSelect[CreditNudgeCompany]
		near_due_days: DF.Int
		nudge_batch_size: DF.Int
		nudge_due_days: DF.Int
		nudged_until: DF.Datetime | None
		send_nudges: DF.Check
		skill_proficiency_threshold: DF.Float
		strong_effect: DF.Float
		structure_tolerance: DF.Float
		weak_department_effect: DF.Float
		weight_step: DF.Float

	# end: auto-generated types
	def validate(self):
		self.validate_integration_sources()

	def validate_integration_sources(self):
		from hr_credit_app.api import RESERVED_SOURCES

		seen = set()
		for row in self.get("integration_sources"):
			row.source_system = (row.source_system or "").strip()
			if row.source_system in RESERVED_SOURCES:
				frappe.throw(
					_("Row {0}: {1} is the app's own source and cannot be given to a sender.").format(
						row.idx, frappe.bold(row.source_system)
					)
				)
			owner = next((user for user, source in seen if source == row.source_system), None)
			if owner and owner != row.user:
				frappe.throw(
					_(
						"Row {0}: source system {1} already belongs to {2}; two senders cannot share one."
					).format(
						row.idx, frappe.bold(frappe.utils.escape_html(row.source_system)), frappe.bold(owner)
					)
				)
			seen.add((row.user, row.source_system))
