"""A claim decided: the claimant hears it as it happens."""

from frappe import _
from frappe.translate import print_language

from hr_credit_app import safe
from hr_credit_app.nudges.channel import credits_text, enabled, notify, recipients


def claim_decided(claim) -> None:
	"""Tell the claimant that their claim was approved, sent back or rejected."""
	if not enabled():
		return
	person = recipients([claim.employee]).get(claim.employee)
	if not person:
		return
	with print_language(person.language):
		title = safe.text(claim.title)
		note = safe.text(claim.decision_note or "", 300)
		if claim.status == "Approved":
			subject = _("Your claim {0} was approved: +{1} credits.").format(
				title, credits_text(claim.credits)
			)
		elif claim.status == "Sent Back":
			subject = _("Your claim {0} was sent back with a question: {1}").format(title, note)
		elif claim.status == "Rejected":
			subject = _("Your claim {0} was rejected: {1}").format(title, note)
		else:
			return
		notify(person.user, subject, "Credit Claim", claim.name)
