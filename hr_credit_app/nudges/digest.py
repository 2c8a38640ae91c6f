"""The weekly digest of approvers and department managers."""

import frappe
from frappe import _
from frappe.translate import print_language
from frappe.utils import add_days, today

from hr_credit_app import credits
from hr_credit_app.nudges.channel import enabled, enqueue_batches, muted_users, notify

PARTICIPATION_DAYS = 30


def send_weekly_digest() -> int:
	"""Weekly: each approver with claims waiting and each department manager gets a digest."""
	if not enabled():
		return 0
	recipients_: set[str] = set(
		frappe.get_all(
			"Credit Claim", filters={"status": "Pending Approval"}, pluck="approver", distinct=True
		)
	)
	recipients_.update(
		frappe.get_all(
			"Has Role",
			filters={"role": "Credit Department Manager", "parenttype": "User"},
			pluck="parent",
			distinct=True,
		)
	)
	return enqueue_batches(
		"hr_credit_app.nudges.digest.digests_for", sorted(user for user in recipients_ if user)
	)


def digest(user: str) -> dict:
	"""What a user's digest says: claims waiting for them; for a department manager, their people's
	participation in the last 30 days, overdue plan courses and claims waiting for anyone."""
	from hr_credit_app.permissions import get_permitted_departments
	from hr_credit_app.plans import overdue_counts

	waiting = frappe.db.count("Credit Claim", {"approver": user, "status": "Pending Approval"})
	result = {"waiting_for_you": waiting, "people": 0, "learning": 0, "overdue": 0, "waiting": 0}
	departments = get_permitted_departments(user)
	if departments:
		staff = frappe.get_all(
			"Employee",
			filters={"department": ("in", departments), "status": "Active"},
			fields=["name", "company"],
		)
		names = [row.name for row in staff]
		result["people"] = len(names)
		if names:
			recent = credits.last_posting_dates(names, add_days(today(), -PARTICIPATION_DAYS), today())
			result["learning"] = len(recent)
			for company in {row.company for row in staff}:
				mine = [row.name for row in staff if row.company == company]
				result["overdue"] += sum(overdue_counts(company, mine).values())
			result["waiting"] = frappe.db.count(
				"Credit Claim",
				{"department": ("in", departments), "status": ("in", ["Pending Approval", "Pending HR"])},
			)
	return result


def digests_for(items: list[str]) -> int:
	users = {
		row.name: row
		for row in frappe.get_all(
			"User", filters={"name": ("in", items), "enabled": 1}, fields=["name", "language"]
		)
	}
	muted = muted_users(users)
	default_language = frappe.db.get_default("lang") or "en"
	sent = 0
	for user, row in users.items():
		if user in muted:
			continue
		facts = digest(user)
		if not (facts["waiting_for_you"] or facts["people"]):
			continue
		with print_language(row.language or default_language):
			parts = []
			if facts["people"]:
				share = round(100 * facts["learning"] / facts["people"])
				parts.append(
					_("{0} of {1} of your people learned in the last {2} days ({3}%).").format(
						facts["learning"], facts["people"], PARTICIPATION_DAYS, share
					)
				)
				parts.append(_("{0} plan courses are overdue.").format(facts["overdue"]))
				parts.append(
					_("{0} claims of your people are waiting for a decision.").format(facts["waiting"])
				)
			if facts["waiting_for_you"]:
				parts.append(_("{0} claims are waiting for your approval.").format(facts["waiting_for_you"]))
			notify(user, _("Your week in learning:") + " " + " ".join(parts))
			sent += 1
	return sent
