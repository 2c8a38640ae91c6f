# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""A claim for learning done elsewhere (an external course, a certificate, a conference, mentoring
given, a talk held), with proof, decided by the employee's approver and HR. Approving it posts one
Credit Entry (source Claim); cancelling it reverses that entry.

The rules hold whatever the workflow says and whoever calls (desk, REST, /my-credits): the claimant
files and changes what they claim; the approver decides the first step and HR the last, each for the
claims routed to them, nobody their own; the credits granted are the deciders' and stay within the
yearly cap; one certificate (number or file) is claimed once.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, today

from hr_credit_app import claims, ledger, nudges, safe
from hr_credit_app.engine import claims as rules
from hr_credit_app.permissions import is_hr

# what the claimant states; only they (or HR) change it, and only while the claim is theirs
CLAIM_FIELDS = (
	"employee",
	"title",
	"kind",
	"claim_date",
	"hours",
	"category",
	"certificate_number",
	"proof",
	"note",
)


class CreditClaim(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from hr_credit_app.hr_credit_app.doctype.credit_claim_skill.credit_claim_skill import CreditClaimSkill

		amended_from: DF.Link | None
		approved_by: DF.Link | None
		approver: DF.Link | None
		category: DF.Link
		certificate_key: DF.Data | None
		certificate_number: DF.Data | None
		claim_date: DF.Date
		company: DF.Link | None
		credit_entry: DF.Link | None
		credits: DF.Float
		decision_note: DF.SmallText | None
		department: DF.Link | None
		employee: DF.Link
		employee_name: DF.Data | None
		hours: DF.Float
		hr_approved_by: DF.Link | None
		kind: DF.Literal[
			"External Course", "Certificate", "Conference", "Mentoring Given", "Talk Held", "Other"
		]
		note: DF.SmallText | None
		proof: DF.Attach | None
		proof_hash: DF.Data | None
		skills: DF.TableMultiSelect[CreditClaimSkill]
		status: DF.Literal[
			"Draft", "Pending Approval", "Pending HR", "Sent Back", "Approved", "Rejected", "Cancelled"
		]
		suggested_credits: DF.Float
		title: DF.Data
		workflow_state: DF.Link | None

	# end: auto-generated types
	def before_validate(self):
		if not self.employee:  # a claim is the claimant's own unless HR names someone
			from hr_credit_app.permissions import get_own_employees

			own = get_own_employees()
			self.employee = own[0] if own else None
		if self.employee:
			self.employee_name, self.company, self.department = frappe.db.get_value(
				"Employee", self.employee, ["employee_name", "company", "department"]
			) or (None, None, None)
		self.title = (self.title or "").strip()
		self.credits = flt(self.credits)
		self.certificate_number = (self.certificate_number or "").strip() or None

	def validate(self):
		before = self.get_doc_before_save()
		old_status = before.status if before else rules.DRAFT
		self.status = rules.status_of(claims.workflow_statuses(), self.workflow_state, self.docstatus)
		self.check_who(before, old_status)
		self.check_claim()
		if self.status in rules.CLAIMANT_STATUSES:
			self.approver = claims.approver_of(self.employee)
		if old_status in rules.CLAIMANT_STATUSES and self.status == rules.PENDING_HR and self.approver:
			frappe.throw(
				_("This claim goes to {0} first.").format(safe.bold(self.approver)), frappe.PermissionError
			)
		self.suggested_credits = claims.suggested_credits(self.kind, self.hours)
		# what the deciders did is the app's to record, never a sender's
		if self.docstatus == 0:
			self.hr_approved_by = self.credit_entry = None
			if self.status in (*rules.CLAIMANT_STATUSES, rules.PENDING_APPROVAL):
				self.approved_by = None
			elif before and old_status == rules.PENDING_HR:
				self.approved_by = before.approved_by
		if old_status == rules.PENDING_APPROVAL and self.status == rules.PENDING_HR:
			self.approved_by = frappe.session.user
			if not flt(self.credits):
				self.credits = self.suggested_credits
		if self.status in (rules.SENT_BACK, rules.REJECTED) and old_status != self.status:
			if not (self.decision_note or "").strip():
				frappe.throw(
					_("Say why: a claim is sent back with a question and rejected with a reason."),
					title=_("Question or Reason Needed"),
				)
		self.set_keys()

	def check_who(self, before, old_status: str) -> None:
		"""Whoever saves, whatever the workflow says: who may move the claim, and who may change what."""
		user = frappe.session.user
		claimant = claims.user_of(self.employee)
		hr = is_hr(user)
		if self.is_new() and not rules.may_decide(rules.CLAIMANT, user, claimant, None, hr):
			frappe.throw(_("You can claim credits only for yourself."), frappe.PermissionError)
		if before and self.employee != before.employee and not hr:
			frappe.throw(_("A claim stays with the employee who filed it."), frappe.PermissionError)
		if old_status != self.status:
			who = rules.decider(old_status, self.status)
			if who is None and not claims.workflow_statuses() and self.status == rules.APPROVED:
				who = rules.HR  # without a workflow, HR approves by submitting
			# approving is submitting: Frappe checks the submit right (HR Manager) on top of this
			if not rules.may_decide(who, user, claimant, self.approver, hr):
				if user == claimant and who in (rules.APPROVER, rules.HR):
					message = _("Nobody decides their own claim.")
				else:
					message = _("You may not move claim {0} from {1} to {2}.").format(
						self.name, _(old_status), _(self.status)
					)
				frappe.throw(message, frappe.PermissionError)
		if before:
			changed = [field for field in CLAIM_FIELDS if not _same(self.get(field), before.get(field))]
			if sorted(row.skill for row in self.skills) != sorted(row.skill for row in before.skills):
				changed.append("skills")
			if (
				changed
				and not (hr and user != claimant)
				and not (user == claimant and old_status in rules.CLAIMANT_STATUSES)
			):
				frappe.throw(
					_("Only the claimant changes what a claim states, and only before it is decided."),
					frappe.PermissionError,
				)
			if flt(self.credits) != flt(before.credits):
				deciding = (old_status == rules.PENDING_APPROVAL and user == self.approver) or (
					hr and old_status in (rules.PENDING_APPROVAL, rules.PENDING_HR)
				)
				if not deciding or user == claimant:
					frappe.throw(
						_("The credits granted are for the claim's deciders."), frappe.PermissionError
					)
		elif flt(self.credits) and not (hr and user != claimant):
			self.credits = 0  # a new claim asks; it grants nothing

	def check_claim(self) -> None:
		if self.kind not in rules.KINDS:
			frappe.throw(_("Unknown kind of claim {0}.").format(safe.bold(self.kind)))
		if not self.title:
			frappe.throw(_("Say what was learned."))
		if self.claim_date and getdate(self.claim_date) > getdate(today()):
			frappe.throw(_("The date {0} is in the future.").format(frappe.bold(self.claim_date)))
		if not 0 <= flt(self.hours) <= claims.MAX_HOURS:
			frappe.throw(_("Hours must be between 0 and {0}.").format(claims.MAX_HOURS))
		if len(self.note or "") > claims.MAX_NOTE or len(self.decision_note or "") > claims.MAX_NOTE:
			frappe.throw(_("A note can be at most {0} characters long.").format(claims.MAX_NOTE))
		if flt(self.credits) < 0:
			frappe.throw(_("Credits granted cannot be negative."))
		if frappe.db.get_value("Credit Category", self.category, "disabled"):
			frappe.throw(_("Credit Category {0} is disabled.").format(frappe.bold(self.category)))
		skills = [row.skill for row in self.skills]
		if len(skills) != len(set(skills)):
			frappe.throw(_("A skill is listed twice."))

	def set_keys(self) -> None:
		"""A live claim holds its certificate number and proof file: the unique keys refuse them in any
		other live claim (also when two are filed at the same moment); a rejected or cancelled claim
		frees them."""
		live = self.status in rules.LIVE_STATUSES
		self.certificate_key = rules.certificate_key(self.certificate_number) if live else None
		self.proof_hash = claims.proof_hash(self.proof) if live else None
		for field, label, value in (
			("certificate_key", _("Certificate number {0}"), self.certificate_number),
			("proof_hash", _("This proof file"), None),
		):
			key = self.get(field)
			if not key:
				continue
			other = frappe.db.get_value("Credit Claim", {field: key, "name": ("!=", self.name)}, "name")
			if other:
				frappe.throw(
					_("{0} is already claimed in {1}.").format(label.format(safe.bold(value)), other),
					frappe.DuplicateEntryError,
					title=_("Claimed Before"),
				)

	def db_insert(self, *args, **kwargs):
		try:
			return super().db_insert(*args, **kwargs)
		except frappe.UniqueValidationError:
			self.throw_claimed_before()

	def db_update(self, *args, **kwargs):
		try:
			return super().db_update(*args, **kwargs)
		except frappe.UniqueValidationError:
			self.throw_claimed_before()

	def throw_claimed_before(self):
		frappe.throw(
			_("This certificate or proof is already claimed in another claim."),
			frappe.DuplicateEntryError,
			title=_("Claimed Before"),
		)

	def before_submit(self):
		# who approved the first step is what was stored then, whatever the submitting request says
		self.approved_by = frappe.db.get_value(self.doctype, self.name, "approved_by") if self.name else None
		if not flt(self.credits):
			self.credits = self.suggested_credits
		if flt(self.credits) <= 0:
			frappe.throw(_("Set the credits to grant before approving."), title=_("No Credits"))
		if self.approver and not self.approved_by and claims.workflow_statuses():
			frappe.throw(_("The employee's approver has not approved this claim yet."))
		_rates, cap = claims.claim_policy()
		already = claims.claimed_this_year(self.employee, self.category, today())
		if not rules.within_cap(self.credits, cap, already):
			frappe.throw(
				_(
					"{0} already has {1} claimed credits in {2} this year; the cap is {3}, so at most {4} more can be granted."
				).format(
					safe.bold(self.employee_name or self.employee),
					_number(already),
					frappe.bold(_(self.category)),
					_number(cap),
					_number(rules.cap_left(cap, already)),
				),
				title=_("Yearly Cap Reached"),
			)
		self.hr_approved_by = frappe.session.user

	def on_update(self):
		if self.has_value_changed("status") and self.status in (rules.SENT_BACK, rules.REJECTED):
			nudges.claim_decided(self)

	def on_submit(self):
		key = f"claim:{self.name}"
		result = ledger.post(
			[
				{
					"employee": self.employee,
					"credits": flt(self.credits),
					"posting_date": today(),
					"category": self.category,
					"source": ledger.CLAIM,
					"reference_doctype": self.doctype,
					"reference_name": self.name,
					"award_key": key,
					"approved_by": self.approved_by or frappe.session.user,
					"remarks": self.title[:140],
				}
			]
		)
		self.db_set("credit_entry", result["posted"].get(key))
		nudges.claim_decided(self)

	def on_cancel(self):
		ledger.cancel(self.doctype, self.name)
		self.db_set({"status": rules.CANCELLED, "certificate_key": None, "proof_hash": None})


def _number(value) -> str:
	"""Credits in a message: 2, 2.5, 0.25 (no trailing zeros)."""
	return f"{flt(value, 2):g}"


def _same(value, stored) -> bool:
	"""A field as sent equals the field as stored (4 and 4.0 hours, a date and its text)."""
	if isinstance(stored, int | float) or isinstance(value, int | float):
		return flt(value) == flt(stored)
	return str(value or "") == str(stored or "")
