# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""An employee's survey answers: the training they say they need, and how much each kind of reward
motivates them (1..5). Feeds Training Needs Analysis and Incentive Optimisation."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate, today

from hr_credit_app.permissions import get_own_employees, is_hr


class CreditSurveyResponse(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from hr_credit_app.hr_credit_app.doctype.credit_reward_rating.credit_reward_rating import (
			CreditRewardRating,
		)
		from hr_credit_app.hr_credit_app.doctype.credit_survey_need.credit_survey_need import CreditSurveyNeed

		comments: DF.SmallText | None
		company: DF.Link | None
		department: DF.Link | None
		employee: DF.Link
		employee_name: DF.Data | None
		needs: DF.Table[CreditSurveyNeed]
		response_date: DF.Date | None
		response_key: DF.Data | None
		reward_ratings: DF.Table[CreditRewardRating]
		survey_cycle: DF.Data

	# end: auto-generated types
	def before_validate(self):
		if not self.employee and not is_hr():
			own = get_own_employees()
			self.employee = own[0] if own else None
		if not (self.survey_cycle or "").strip():
			self.survey_cycle = current_survey()
		if self.employee:
			self.employee_name, self.company, self.department = frappe.db.get_value(
				"Employee", self.employee, ["employee_name", "company", "department"]
			) or (None, None, None)

	def validate(self):
		if not is_hr() and self.employee not in get_own_employees():
			frappe.throw(_("You can answer the survey only for yourself."), frappe.PermissionError)
		self.response_key = f"{self.employee}|{(self.survey_cycle or '').strip()}"
		existing = frappe.db.get_value(
			"Credit Survey Response", {"response_key": self.response_key, "name": ("!=", self.name)}, "name"
		)
		if existing:
			frappe.throw(
				_("{0} already answered survey {1}: {2}.").format(
					frappe.bold(self.employee_name or self.employee), frappe.bold(self.survey_cycle), existing
				),
				frappe.DuplicateEntryError,
			)
		seen = set()
		for row in self.reward_ratings:
			if not 1 <= cint(row.rating) <= 5:
				frappe.throw(
					_("Row {0}: rate {1} from 1 to 5, not {2}.").format(
						row.idx, _(row.reward_kind), row.rating
					)
				)
			if row.reward_kind in seen:
				frappe.throw(_("Row {0}: {1} is rated twice.").format(row.idx, _(row.reward_kind)))
			seen.add(row.reward_kind)
		skills = [row.skill for row in self.needs]
		if len(skills) != len(set(skills)):
			frappe.throw(_("A skill is listed twice."))


def current_survey() -> str:
	"""The survey employees answer now (HR Credit Settings), by default the current year."""
	return (frappe.db.get_single_value("HR Credit Settings", "current_survey") or "").strip() or str(
		getdate(today()).year
	)


@frappe.whitelist()
def get_current_survey() -> str:
	if frappe.session.user == "Guest":
		frappe.throw(_("Log in to answer the survey."), frappe.PermissionError)
	return current_survey()
