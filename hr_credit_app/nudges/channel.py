"""The channel of every nudge: who may hear one (settings, companies, users), in which language,
and how (a Notification Log, and Frappe's e-mail queue), in batch jobs."""

import frappe
from frappe.utils import cint, flt, strip_html

from hr_credit_app.bulk import chunks

USER_SETTING = "hr_credit_nudges"  # the custom field on Notification Settings


def nudge_settings():
	return frappe.get_cached_doc("HR Credit Settings")


def enabled() -> bool:
	return bool(cint(nudge_settings().get("send_nudges")))


def batch_size() -> int:
	return max(1, cint(nudge_settings().get("nudge_batch_size")) or 500)


def muted_companies() -> set[str]:
	return {row.company for row in nudge_settings().get("muted_companies") or []}


def muted_users(users) -> set[str]:
	"""Users who turned nudges (or every notification) off in their Notification Settings."""
	users = [user for user in set(users) if user]
	if not users:
		return set()
	muted = set()
	for batch in chunks(sorted(users), 1000):
		muted.update(
			frappe.get_all(
				"Notification Settings",
				filters={"name": ("in", batch), USER_SETTING: 0},
				pluck="name",
			)
		)
		muted.update(
			frappe.get_all(
				"Notification Settings", filters={"name": ("in", batch), "enabled": 0}, pluck="name"
			)
		)
	return muted


def recipients(employees) -> dict[str, frappe._dict]:
	"""employee -> {user, language, company} for the employees who may be nudged."""
	employees = [employee for employee in set(employees) if employee]
	if not employees:
		return {}
	rows = []
	for batch in chunks(sorted(employees), 1000):
		rows += frappe.get_all(
			"Employee",
			filters={"name": ("in", batch), "status": "Active", "user_id": ("is", "set")},
			fields=["name", "user_id", "company"],
		)
	return _with_users({row.name: row for row in rows})


def _with_users(by_key: dict) -> dict:
	"""Keep the entries whose user is enabled, not muted, in a company not muted; add the language."""
	users = {row.user_id for row in by_key.values()}
	if not users:
		return {}
	languages = {}
	for batch in chunks(sorted(users), 1000):
		languages.update(
			{
				row.name: row.language
				for row in frappe.get_all(
					"User", filters={"name": ("in", batch), "enabled": 1}, fields=["name", "language"]
				)
			}
		)
	muted = muted_users(users)
	companies = muted_companies()
	default_language = frappe.db.get_default("lang") or "en"
	return {
		key: frappe._dict(
			user=row.user_id, company=row.get("company"), language=languages[row.user_id] or default_language
		)
		for key, row in by_key.items()
		if row.user_id in languages and row.user_id not in muted and row.get("company") not in companies
	}


def notify(user: str, subject: str, document_type: str | None = None, document_name: str | None = None):
	"""One Notification Log (the bell), and the same through Frappe's e-mail queue unless the user
	turned e-mail notifications off in their Notification Settings. (Frappe itself e-mails no
	Notification Log of type Alert, so the queue is filled here, with frappe.sendmail.)"""
	from frappe.desk.doctype.notification_settings.notification_settings import (
		is_email_notifications_enabled,
	)

	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": user,
			"from_user": "Administrator",
			"type": "Alert",
			"subject": subject,
			"email_content": subject,
			"document_type": document_type,
			"document_name": document_name,
		}
	).insert(ignore_permissions=True)
	if not _can_send_email() or not is_email_notifications_enabled(user):
		return
	email = frappe.db.get_value("User", user, "email")
	if not email:
		return
	frappe.sendmail(
		recipients=[email],
		subject=strip_html(subject)[:140],
		message=subject,
		reference_doctype=document_type,
		reference_name=document_name,
		delayed=True,
	)


def _can_send_email() -> bool:
	"""Whether the site has an outgoing e-mail account (once per request or job): without one the
	bell is the only channel, and no error is logged for every nudge."""
	if frappe.flags.hr_credit_outgoing_email is None:
		from frappe.email.doctype.email_account.email_account import EmailAccount

		frappe.flags.hr_credit_outgoing_email = bool(EmailAccount.find_default_outgoing())
	return frappe.flags.hr_credit_outgoing_email


def enqueue_batches(method: str, items: list, **kwargs) -> int:
	"""Hand the items to background jobs of at most batch_size() each; returns how many jobs."""
	jobs = 0
	for batch in chunks(items, batch_size()):
		frappe.enqueue(
			method,
			queue="long",
			timeout=1500,
			enqueue_after_commit=True,
			now=bool(frappe.flags.in_test),
			items=list(batch),
			**kwargs,
		)
		jobs += 1
	return jobs


def credits_text(value) -> str:
	return f"{flt(value, 2):g}"
