# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""A company's incentive policy: levels and allowances, bonus add-on, promotion gates, honours."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from hr_credit_app.policy import clear_policy_cache


class CreditIncentivePolicy(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from hr_credit_app.hr_credit_app.doctype.credit_gate_path.credit_gate_path import CreditGatePath
		from hr_credit_app.hr_credit_app.doctype.credit_gate_requirement.credit_gate_requirement import (
			CreditGateRequirement,
		)
		from hr_credit_app.hr_credit_app.doctype.credit_honour_reward.credit_honour_reward import (
			CreditHonourReward,
		)
		from hr_credit_app.hr_credit_app.doctype.credit_level.credit_level import CreditLevel
		from hr_credit_app.hr_credit_app.doctype.credit_level_requirement.credit_level_requirement import (
			CreditLevelRequirement,
		)
		from hr_credit_app.hr_credit_app.doctype.credit_promotion_gate.credit_promotion_gate import (
			CreditPromotionGate,
		)

		addon_component: DF.Link | None
		allowance_component: DF.Link
		bonus_component: DF.Link | None
		company: DF.Link
		credit_window: DF.Literal["Cumulative", "Calendar Year", "Fiscal Year", "Rolling 12 Months"]
		credits_per_step: DF.Float
		currency: DF.Link | None
		enable_bonus_addon: DF.Check
		enabled: DF.Check
		gate_paths: DF.Table[CreditGatePath]
		gate_requirements: DF.Table[CreditGateRequirement]
		gate_window: DF.Literal["Cumulative", "Calendar Year", "Fiscal Year", "Rolling 12 Months"]
		honour_min_credits: DF.Float
		honour_rewards: DF.Table[CreditHonourReward]
		honour_title: DF.Data | None
		level_requirements: DF.Table[CreditLevelRequirement]
		levels: DF.Table[CreditLevel]
		max_addon_percent: DF.Percent
		payroll_cutoff: DF.Literal["Day Before Period Start", "Period End"]
		percent_per_step: DF.Percent
		policy_name: DF.Data
		promotion_gates: DF.Table[CreditPromotionGate]
		tie_rule: DF.Literal["Include Ties", "Exclude Ties", "Earliest"]
		top_percent: DF.Percent

	# end: auto-generated types
	def validate(self):
		set_child_currency(self, ("levels", "honour_rewards"))
		self.validate_single_enabled_policy()
		self.validate_levels()
		self.validate_components()
		self.validate_bonus_addon()
		self.validate_gates()
		self.validate_honours()

	def on_update(self):
		clear_policy_cache()

	def on_trash(self):
		clear_policy_cache()

	def validate_single_enabled_policy(self):
		if not self.enabled:
			return
		other = frappe.db.get_value(
			"Credit Incentive Policy",
			{"company": self.company, "enabled": 1, "name": ("!=", self.name)},
			"name",
		)
		if other:
			frappe.throw(
				_(
					"Company {0} already has an enabled Credit Incentive Policy: {1}. Disable it first."
				).format(frappe.bold(self.company), frappe.bold(other))
			)

	def validate_levels(self):
		validate_level_rows(self.levels, self.level_requirements)

	def validate_components(self):
		components = {
			self.allowance_component,
			self.addon_component,
			*(r.salary_component for r in self.levels),
		}
		components |= {r.salary_component for r in self.honour_rewards if r.reward_type == "Money"}
		for component in filter(None, components):
			kind, tax = frappe.db.get_value(
				"Salary Component", component, ["type", "variable_based_on_taxable_salary"]
			) or (None, 0)
			if kind != "Earning":
				frappe.throw(_("Salary Component {0} must be an Earning.").format(frappe.bold(component)))
			if tax:
				frappe.throw(
					_("Salary Component {0} is a tax component; credit awards cannot use it.").format(
						frappe.bold(component)
					)
				)

	def validate_bonus_addon(self):
		if not self.enable_bonus_addon:
			return
		if flt(self.credits_per_step) <= 0:
			frappe.throw(_("Every N Full Credits must be greater than 0."))
		if flt(self.percent_per_step) <= 0:
			frappe.throw(_("The add-on per step must be greater than 0%."))
		if self.bonus_component == self.addon_component:
			frappe.throw(_("The add-on needs a salary component of its own, not the bonus component."))

	def validate_gates(self):
		targets = set()
		for row in self.promotion_gates:
			target = row.designation if row.gate_on == "Designation" else row.grade
			if not target:
				frappe.throw(_("Row {0} of Gates: set the {1}.").format(row.idx, _(row.gate_on)))
			if target in targets:
				frappe.throw(
					_("Row {0} of Gates: {1} has a gate already.").format(row.idx, frappe.bold(target))
				)
			targets.add(target)
		for label, table in (
			(_("Gate Requirements"), self.gate_requirements),
			(_("Paths to the Gates"), self.gate_paths),
		):
			for row in table:
				if row.gate_target not in targets:
					frappe.throw(
						_("Row {0} of {1}: no gate for {2}.").format(
							row.idx, label, frappe.bold(row.gate_target)
						)
					)

	def validate_honours(self):
		if not 0 <= flt(self.top_percent) <= 100:
			frappe.throw(_("Top (% of Employees) must be between 0 and 100."))
		for row in self.honour_rewards:
			if row.reward_type == "Money" and (flt(row.amount) <= 0 or not row.salary_component):
				frappe.throw(
					_("Row {0} of Rewards: a money reward needs an amount and a salary component.").format(
						row.idx
					)
				)


def set_child_currency(doc, tables) -> None:
	"""Amounts in child rows are in the document's currency (the company's), never the system's."""
	currency = doc.get("currency") or frappe.get_cached_value("Company", doc.company, "default_currency")
	for table in tables:
		for row in doc.get(table):
			row.currency = currency


def validate_level_rows(levels, requirements) -> None:
	"""Level names unique, thresholds above 0, category minimums only for existing levels."""
	names = set()
	for row in levels:
		if row.level_name in names:
			frappe.throw(
				_("Row {0}: level {1} is listed twice.").format(row.idx, frappe.bold(row.level_name))
			)
		names.add(row.level_name)
		if flt(row.min_credits) <= 0:
			frappe.throw(_("Row {0}: a level needs more than 0 credits.").format(row.idx))
	for row in requirements:
		if row.level_name not in names:
			frappe.throw(
				_("Row {0} of Minimum Credits per Category: there is no level {1}.").format(
					row.idx, frappe.bold(row.level_name)
				)
			)
