# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""A training plan: courses for an audience in a period, due by a date.

It is the denominator of participation and completion (``hr_credit_app.plans``). Due dates move
only through Extend Due Date, and make-up sessions are added with Add Make-up Session; both keep
who made the change, when and why.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime


class TrainingPlan(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from hr_credit_app.hr_credit_app.doctype.training_plan_change.training_plan_change import (
			TrainingPlanChange,
		)
		from hr_credit_app.hr_credit_app.doctype.training_plan_course.training_plan_course import (
			TrainingPlanCourse,
		)
		from hr_credit_app.hr_credit_app.doctype.training_plan_employee.training_plan_employee import (
			TrainingPlanEmployee,
		)

		audience: DF.Literal["Company", "Department", "Designation", "Employees"]
		changes: DF.Table[TrainingPlanChange]
		company: DF.Link
		courses: DF.Table[TrainingPlanCourse]
		department: DF.Link | None
		description: DF.SmallText | None
		designation: DF.Link | None
		due_date: DF.Date
		employees: DF.Table[TrainingPlanEmployee]
		from_date: DF.Date
		original_due_date: DF.Date | None
		plan_name: DF.Data
		status: DF.Literal["Active", "Closed"]
		to_date: DF.Date

	# end: auto-generated types
	def validate(self):
		if getdate(self.to_date) < getdate(self.from_date):
			frappe.throw(_("The plan's period ends before it starts."))
		if getdate(self.due_date) < getdate(self.from_date):
			frappe.throw(_("The due date cannot be before the plan's period starts."))
		if not self.original_due_date:
			self.original_due_date = self.due_date
		seen = set()
		from hr_credit_app.intake.check import course_companies

		limited = course_companies(row.course for row in self.courses)
		for row in self.courses:
			if row.course in seen:
				frappe.throw(
					_("Row {0}: course {1} is listed twice.").format(row.idx, frappe.bold(row.course))
				)
			if self.company not in limited.get(row.course, {self.company}):
				frappe.throw(
					_("Row {0}: course {1} is not offered to company {2}.").format(
						row.idx, frappe.bold(row.course), frappe.bold(self.company)
					)
				)
			seen.add(row.course)
		for field in ("department", "designation"):
			if self.audience.lower() != field:
				self.set(field, None)
		if self.audience != "Employees":
			self.set("employees", [])
		elif not self.employees:
			frappe.throw(_("List the employees this plan is for."))
		if self.audience == "Department" and frappe.db.get_value(
			"Department", self.department, "company"
		) not in (
			self.company,
			None,
		):
			frappe.throw(_("Department {0} belongs to another company.").format(frappe.bold(self.department)))

	@frappe.whitelist(methods=["POST"])
	def extend_due_date(self, new_due_date: str, reason: str) -> str:
		"""Move the due date later; the change is kept with who and why."""
		self.check_permission("write")
		if not (reason or "").strip():
			frappe.throw(_("Say why the due date is extended."))
		if getdate(new_due_date) <= getdate(self.due_date):
			frappe.throw(
				_("The new due date must be after the current one, {0}.").format(frappe.bold(self.due_date))
			)
		self.log_change(
			"Due Date Extension", reason, previous_due_date=self.due_date, new_due_date=new_due_date
		)
		self.db_set("due_date", getdate(new_due_date))
		return str(self.due_date)

	@frappe.whitelist(methods=["POST"])
	def add_makeup_session(self, session_date: str, reason: str, course: str | None = None) -> None:
		"""Record a make-up session (for one course of the plan, or all of them)."""
		self.check_permission("write")
		if not (reason or "").strip():
			frappe.throw(_("Say why the make-up session is added."))
		if course and course not in {row.course for row in self.courses}:
			frappe.throw(_("Course {0} is not part of this plan.").format(frappe.bold(course)))
		self.log_change("Make-up Session", reason, session_date=session_date, course=course)

	def log_change(self, change_type: str, reason: str, **values) -> None:
		row = self.append(
			"changes",
			{
				"change_type": change_type,
				"reason": reason,
				"changed_by": frappe.session.user,
				"changed_on": now_datetime(),
				**values,
			},
		)
		row.db_insert()
		self.notify_update()
