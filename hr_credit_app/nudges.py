"""Nudges: telling people, at the right moment, what their learning earned and what is due.

Sent through Frappe's own channels: a Notification Log per person (the desk's bell), which Frappe
e-mails through its e-mail queue as the person's Notification Settings say. Each is written in the
person's language. Nobody gets them when HR turns them off (HR Credit Settings > Send Nudges), in a
company HR lists under *No Nudges in These Companies*, or for a user who turned off *Credit Nudges*
in their Notification Settings.

- **Credited** (hourly): "+3 credits for Industrial Internet application. 2 credits short of
  Intermediate (1,000.00 a month)."; and **a level reached**: "You reached Intermediate: 1,000.00 a
  month."
- **Plan course due** (daily): due in N days (HR Credit Settings), and overdue the day after the due
  date.
- **Claim decided**: approved (with the credits), sent back (with the question), rejected (with the
  reason), as it happens.
- **Weekly digest** to each approver with claims waiting and each department manager: participation
  in the last 30 days, overdue plan courses, claims waiting.

The scheduled jobs find who to tell with a few set-based queries and hand them to background jobs of
at most *Employees per Nudge Job* people each: 10,000 employees are never 10,000 e-mails inside one
request or one job.
"""

import frappe
from frappe import _
from frappe.translate import print_language
from frappe.utils import add_days, cint, flt, fmt_money, get_datetime, getdate, now_datetime, strip_html, today

from hr_credit_app import credits, safe
from hr_credit_app.bulk import chunks
from hr_credit_app.engine import incentives

USER_SETTING = "hr_credit_nudges"  # the custom field on Notification Settings
PARTICIPATION_DAYS = 30


def _settings():
	return frappe.get_cached_doc("HR Credit Settings")


def enabled() -> bool:
	return bool(cint(_settings().get("send_nudges")))


def batch_size() -> int:
	return max(1, cint(_settings().get("nudge_batch_size")) or 500)


def muted_companies() -> set[str]:
	return {row.company for row in _settings().get("muted_companies") or []}


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
			frappe.get_all("Notification Settings", filters={"name": ("in", batch), "enabled": 0}, pluck="name")
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


def _enqueue(method: str, items: list, **kwargs) -> int:
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


def _number(value) -> str:
	return f"{flt(value, 2):g}"


# ---- credited, and a level reached ------------------------------------------------------------------


def send_credit_nudges() -> int:
	"""Hourly: everyone credited since the last run hears it. Returns the number of jobs queued."""
	if not enabled():
		return 0
	settings = frappe.get_single("HR Credit Settings")
	until = now_datetime()
	since = get_datetime(settings.nudged_until) if settings.nudged_until else add_days(until, -1)
	employees = credits.credited_employees(since, until)
	# the mark moves first: a nudge is sent at most once, even if a job fails
	frappe.db.set_single_value("HR Credit Settings", "nudged_until", until)
	return _enqueue(
		"hr_credit_app.nudges.credit_nudges_for", sorted(employees), since=str(since), until=str(until)
	)


def credit_nudges_for(items: list[str], since: str, until: str) -> int:
	"""The credited (and level reached) nudges of some employees; returns how many were sent."""
	from hr_credit_app.employee_page import level_status
	from hr_credit_app.policy import get_policy

	people = recipients(items)
	credited: dict[str, list[tuple]] = {}
	for employee, course, category, value in credits.credited_between(list(people), since, until):
		credited.setdefault(employee, []).append((course, category, value))
	courses = {course for rows in credited.values() for course, _c, _v in rows if course}
	titles = (
		dict(frappe.get_all("Credit Course", filters={"name": ("in", list(courses))}, fields=["name", "course_title"], as_list=True))
		if courses
		else {}
	)
	sent = 0
	for employee, rows in credited.items():
		person = people[employee]
		with print_language(person.language):
			status = level_status(employee)
			gained = sum(value for _course, _category, value in rows)
			what = ", ".join(
				safe.text(titles.get(course) or course) if course else safe.text(_(category))
				for course, category, _value in rows[:3]
			) + (", …" if len(rows) > 3 else "")
			subject = _("+{0} credits for {1}.").format(_number(gained), what)
			policy = get_policy(person.company)
			upcoming = status.get("next_level")
			if upcoming and status.get("gap_message"):
				level = next((l for l in policy.levels if l.name == upcoming["level"]), None) if policy else None
				if level and level.monthly_allowance:
					subject += " " + _("{0} ({1} a month).").format(
						status["gap_message"], fmt_money(level.monthly_allowance, currency=policy.currency)
					)
				else:
					subject += " " + _("{0}.").format(status["gap_message"])
			notify(person.user, subject, "Employee", employee)
			sent += 1
			# a level reached: the level now differs from the one before these credits
			if policy and status.get("level"):
				summary = status["summary"]
				before_by_category = dict(summary["by_category"])
				for _course, category, value in rows:
					before_by_category[category] = before_by_category.get(category, 0) - value
				before = incentives.assign_level(summary["total"] - gained, before_by_category, policy.levels)
				if not before or before.name != status["level"]:
					notify(
						person.user,
						_("You reached {0}: {1} a month.").format(
							safe.text(_(status["level"])),
							fmt_money(status.get("allowance") or 0, currency=policy.currency),
						),
						"Employee",
						employee,
					)
					sent += 1
	return sent


# ---- plan courses due soon or overdue -----------------------------------------------------------------


def send_plan_nudges() -> int:
	"""Daily: plan courses due in N days, and those that became overdue yesterday."""
	if not enabled():
		return 0
	from hr_credit_app.plans import get_plans, open_pairs

	days = cint(_settings().get("nudge_due_days"))
	soon, overdue = getdate(add_days(today(), days)), getdate(add_days(today(), -1))
	jobs = 0
	for company in frappe.get_all("Training Plan", filters={"status": "Active"}, pluck="company", distinct=True):
		if company in muted_companies():
			continue
		plans = get_plans(company)
		for kind, day in (("due", soon), ("overdue", overdue)):
			chosen = [plan for plan in plans if getdate(plan.due_date) == day]
			if not chosen or (kind == "due" and days <= 0):
				continue
			pairs = open_pairs(company, chosen)
			rows = [
				[row["employee"], row["course"], str(row["due_date"])]
				for row in pairs.to_dict("records")
			]
			jobs += _enqueue("hr_credit_app.nudges.plan_nudges_for", rows, kind=kind)
	return jobs


def plan_nudges_for(items: list[list[str]], kind: str) -> int:
	by_employee: dict[str, list[tuple[str, str]]] = {}
	for employee, course, due_date in items:
		by_employee.setdefault(employee, []).append((course, due_date))
	people = recipients(list(by_employee))
	courses = {course for rows in by_employee.values() for course, _due in rows}
	titles = dict(
		frappe.get_all("Credit Course", filters={"name": ("in", list(courses) or [""])}, fields=["name", "course_title"], as_list=True)
	)
	sent = 0
	for employee, rows in by_employee.items():
		person = people.get(employee)
		if not person:
			continue
		with print_language(person.language):
			names = ", ".join(safe.text(titles.get(course) or course) for course, _due in rows[:5])
			due = frappe.format(getdate(rows[0][1]), {"fieldtype": "Date"})
			if kind == "due":
				subject = _("Due on {0}: {1}. Complete it to keep your plan on track.").format(due, names)
			else:
				subject = _("Overdue since {0}: {1}.").format(due, names)
			notify(person.user, subject, "Employee", employee)
			sent += 1
	return sent


# ---- a claim decided ----------------------------------------------------------------------------------


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
			subject = _("Your claim {0} was approved: +{1} credits.").format(title, _number(claim.credits))
		elif claim.status == "Sent Back":
			subject = _("Your claim {0} was sent back with a question: {1}").format(title, note)
		elif claim.status == "Rejected":
			subject = _("Your claim {0} was rejected: {1}").format(title, note)
		else:
			return
		notify(person.user, subject, "Credit Claim", claim.name)


# ---- the weekly digest ---------------------------------------------------------------------------------


def send_weekly_digest() -> int:
	"""Weekly: each approver with claims waiting and each department manager gets a digest."""
	if not enabled():
		return 0
	recipients_: set[str] = set(
		frappe.get_all("Credit Claim", filters={"status": "Pending Approval"}, pluck="approver", distinct=True)
	)
	recipients_.update(
		frappe.get_all(
			"Has Role",
			filters={"role": "Credit Department Manager", "parenttype": "User"},
			pluck="parent",
			distinct=True,
		)
	)
	return _enqueue("hr_credit_app.nudges.digests_for", sorted(user for user in recipients_ if user))


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
				"Credit Claim", {"department": ("in", departments), "status": ("in", ["Pending Approval", "Pending HR"])}
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
				parts.append(_("{0} claims of your people are waiting for a decision.").format(facts["waiting"]))
			if facts["waiting_for_you"]:
				parts.append(_("{0} claims are waiting for your approval.").format(facts["waiting_for_you"]))
			notify(user, _("Your week in learning:") + " " + " ".join(parts))
			sent += 1
	return sent
