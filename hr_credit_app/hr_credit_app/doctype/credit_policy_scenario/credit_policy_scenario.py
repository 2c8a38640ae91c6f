# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""A proposed level scheme, compared with the enabled policy on today's ledger (Policy What-If)."""

from frappe.model.document import Document

from hr_credit_app.hr_credit_app.doctype.credit_incentive_policy.credit_incentive_policy import (
	set_child_currency,
	validate_level_rows,
)


class CreditPolicyScenario(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from hr_credit_app.hr_credit_app.doctype.credit_level.credit_level import CreditLevel
		from hr_credit_app.hr_credit_app.doctype.credit_level_requirement.credit_level_requirement import (
			CreditLevelRequirement,
		)

		company: DF.Link
		credit_window: DF.Literal["Cumulative", "Calendar Year", "Fiscal Year", "Rolling 12 Months"]
		currency: DF.Link | None
		level_requirements: DF.Table[CreditLevelRequirement]
		levels: DF.Table[CreditLevel]
		notes: DF.SmallText | None
		scenario_name: DF.Data

	# end: auto-generated types
	def validate(self):
		set_child_currency(self, ("levels",))
		validate_level_rows(self.levels, self.level_requirements)

	def engine_levels(self):
		from hr_credit_app.policy import levels_from_rows

		return levels_from_rows(self.levels, self.level_requirements, default_component=None)
