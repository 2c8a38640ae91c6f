# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""An employee's request to exchange credits for an offer. Requesting reserves the credits and a
seat (under locks: never below zero, also for two requests at once); HR approves (submit) or
rejects; the employee may withdraw a request not decided yet; cancelling an approved one gives the
credits and the seat back. The ledger is never touched: levels, allowances and gates stay as they
are."""

import frappe
from frappe import _
from frappe.model.document import Document

from hr_credit_app import redemption
from hr_credit_app.permissions import get_own_employees, is_hr

CLAIMANT_MAY = ("Withdrawn",)
HR_MAY = ("Rejected", "Withdrawn")


class CreditRedemption(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		approved_by: DF.Link | None
		company: DF.Link | None
		credits: DF.Float
		decision_note: DF.SmallText | None
		department: DF.Link | None
		employee: DF.Link
		employee_name: DF.Data | None
		note: DF.SmallText | None
		offer: DF.Link
		offer_name: DF.Data | None
		status: DF.Literal["Requested", "Approved", "Rejected", "Withdrawn", "Cancelled"]

	# end: auto-generated types
	def before_validate(self):
		if not self.employee:
			own = get_own_employees()
			self.employee = own[0] if own else None
		if self.employee:
			self.employee_name, self.company, self.department = frappe.db.get_value(
				"Employee", self.employee, ["employee_name", "company", "department"]
			) or (None, None, None)

	def validate(self):
		user = frappe.session.user
		hr = is_hr(user)
		mine = self.employee in get_own_employees(user)
		before = self.get_doc_before_save()
		if len(self.note or "") > 2000 or len(self.decision_note or "") > 2000:
			frappe.throw(_("A note can be at most {0} characters long.").format(2000))
		if self.is_new() or not before:
			if not (mine or hr):
				frappe.throw(_("You can redeem only your own credits."), frappe.PermissionError)
			self.status = "Requested"
			self.offer_name, self.credits = frappe.db.get_value(
				"Credit Offer", self.offer, ["offer_name", "price"]
			) or (
				None,
				0,
			)
			redemption.check_and_reserve(self)
			return
		for field in ("employee", "offer", "credits"):
			if str(self.get(field) or "") != str(before.get(field) or ""):
				frappe.throw(
					_("A redemption request keeps its employee, offer and price."), frappe.PermissionError
				)
		if self.docstatus == 0 and self.status != before.status:
			allowed = (HR_MAY if hr and not mine else ()) + (CLAIMANT_MAY if mine else ())
			if before.status != "Requested" or self.status not in allowed:
				frappe.throw(
					_("You may not change request {0} from {1} to {2}.").format(
						self.name, _(before.status), _(self.status)
					),
					frappe.PermissionError,
				)
			if self.status == "Rejected" and not (self.decision_note or "").strip():
				frappe.throw(_("Say why the request is rejected."), title=_("Reason Needed"))

	def before_submit(self):
		if self.employee in get_own_employees():
			frappe.throw(_("Nobody approves their own redemption."), frappe.PermissionError)
		if self.status != "Requested":
			frappe.throw(_("Only a requested redemption can be approved."))
		self.status = "Approved"
		self.approved_by = frappe.session.user

	def on_cancel(self):
		self.db_set("status", "Cancelled")
