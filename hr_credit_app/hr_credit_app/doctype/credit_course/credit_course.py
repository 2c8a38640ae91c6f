# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate

from hr_credit_app.engine.catalogue import effective_credits
from hr_credit_app.exceptions import DisabledCategoryError, DuplicateCourseCodeError, InvalidCreditsError


class CreditCourse(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from hr_credit_app.hr_credit_app.doctype.credit_company.credit_company import CreditCompany
		from hr_credit_app.hr_credit_app.doctype.credit_course_skill.credit_course_skill import (
			CreditCourseSkill,
		)

		active_from: DF.Date | None
		active_to: DF.Date | None
		base_credits: DF.Float
		category: DF.Link
		companies: DF.TableMultiSelect[CreditCompany]
		cost_per_participant: DF.Currency
		course_code: DF.Data
		course_title: DF.Data
		currency: DF.Link | None
		delivery_mode: DF.Literal["Online", "Offline", "Practice"]
		description: DF.TextEditor | None
		disabled: DF.Check
		effective_credits: DF.Float
		lms_course: DF.Data | None
		skills: DF.Table[CreditCourseSkill]
		training_program: DF.Link | None
		weight: DF.Float

	# end: auto-generated types
	def autoname(self):
		self.course_code = (self.course_code or "").strip()
		self.name = self.course_code

	def validate(self):
		self.course_code = (self.course_code or "").strip()
		self.validate_code()
		self.validate_credits()
		validate_category_enabled(self.category)
		self.validate_active_window()
		self.validate_training_program()
		self.validate_skills()
		self.effective_credits = effective_credits(self.base_credits, self.weight)
		if not self.currency:
			self.currency = course_currency(self)

	def validate_code(self):
		if not self.course_code:
			frappe.throw(_("Course Code is mandatory."), exc=frappe.MandatoryError)
		duplicate = frappe.db.get_value(
			"Credit Course", {"course_code": self.course_code, "name": ("!=", self.name or "")}, "name"
		)
		if duplicate or (self.is_new() and frappe.db.exists("Credit Course", self.course_code)):
			frappe.throw(
				_("Course code {0} is already used by Credit Course {1}.").format(
					frappe.bold(self.course_code), frappe.bold(duplicate or self.course_code)
				),
				exc=DuplicateCourseCodeError,
				title=_("Duplicate Course Code"),
			)

	def validate_credits(self):
		if flt(self.base_credits) <= 0:
			frappe.throw(
				_("Base credits must be greater than 0, not {0}.").format(
					frappe.bold(self.base_credits or 0)
				),
				exc=InvalidCreditsError,
			)
		if flt(self.weight) <= 0:
			frappe.throw(
				_("Weight must be greater than 0, not {0}.").format(frappe.bold(self.weight or 0)),
				exc=InvalidCreditsError,
			)

	def validate_active_window(self):
		if self.active_from and self.active_to and getdate(self.active_to) < getdate(self.active_from):
			frappe.throw(
				_("Active To ({0}) cannot be before Active From ({1}).").format(
					frappe.bold(self.active_to), frappe.bold(self.active_from)
				)
			)

	def validate_training_program(self):
		if not self.training_program:
			return
		other = frappe.db.get_value(
			"Credit Course",
			{"training_program": self.training_program, "name": ("!=", self.name or ""), "disabled": 0},
			"name",
		)
		if other:
			frappe.throw(
				_(
					"Training Program {0} already credits Credit Course {1}; a program can credit one course."
				).format(frappe.bold(self.training_program), frappe.bold(other))
			)

	def validate_skills(self):
		seen = set()
		for row in self.skills:
			if row.skill in seen:
				frappe.throw(_("Row {0}: skill {1} is listed twice.").format(row.idx, frappe.bold(row.skill)))
			seen.add(row.skill)


def validate_category_enabled(category: str | None) -> None:
	"""Refuse an unknown or disabled credit category with a clear message."""
	if not category:
		frappe.throw(_("Credit Category is mandatory."), exc=frappe.MandatoryError)
	disabled = frappe.db.get_value("Credit Category", category, "disabled")
	if disabled is None:
		frappe.throw(
			_("Credit Category {0} does not exist.").format(frappe.bold(category)),
			exc=frappe.LinkValidationError,
		)
	if disabled:
		frappe.throw(
			_("Credit Category {0} is disabled.").format(frappe.bold(category)), exc=DisabledCategoryError
		)


def course_currency(course) -> str | None:
	"""A course without a currency is priced in the currency of the company it is for (its only
	company, or the one its author works in), and only then in the system's default."""
	from hr_credit_app.boot import COMPANY_DEFAULT

	companies = [row.company for row in course.get("companies") or []]
	company = (
		companies[0]
		if len(companies) == 1
		else frappe.defaults.get_user_default(COMPANY_DEFAULT) or frappe.defaults.get_user_default("Company")
	)
	return (
		company and frappe.get_cached_value("Company", company, "default_currency")
	) or frappe.defaults.get_global_default("currency")
