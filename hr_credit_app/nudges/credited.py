"""Credited, and a level reached: hourly, everyone credited since the last run."""

import frappe
from frappe import _
from frappe.translate import print_language
from frappe.utils import add_days, fmt_money, get_datetime, now_datetime

from hr_credit_app import credits, safe
from hr_credit_app.engine import incentives
from hr_credit_app.nudges.channel import credits_text, enabled, enqueue_batches, notify, recipients


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
	return enqueue_batches(
		"hr_credit_app.nudges.credited.credit_nudges_for",
		sorted(employees),
		since=str(since),
		until=str(until),
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
		dict(
			frappe.get_all(
				"Credit Course",
				filters={"name": ("in", list(courses))},
				fields=["name", "course_title"],
				as_list=True,
			)
		)
		if courses
		else {}
	)
	policies: dict = {}
	sent = 0
	for employee, rows in credited.items():
		person = people[employee]
		if person.company not in policies:
			policies[person.company] = get_policy(person.company)
		policy = policies[person.company]
		with print_language(person.language):
			status = level_status(employee)
			gained = sum(value for _course, _category, value in rows)
			what = ", ".join(
				safe.text(titles.get(course) or course) if course else safe.text(_(category))
				for course, category, _value in rows[:3]
			) + (", …" if len(rows) > 3 else "")
			subject = _("+{0} credits for {1}.").format(credits_text(gained), what)
			upcoming = status.get("next_level")
			if upcoming and status.get("gap_message"):
				level = (
					next((l for l in policy.levels if l.name == upcoming["level"]), None) if policy else None
				)
				if level and level.monthly_allowance:
					subject += " " + _("{0} ({1} a month).").format(
						safe.text(status["gap_message"], 300),
						fmt_money(level.monthly_allowance, currency=policy.currency),
					)
				else:
					subject += " " + _("{0}.").format(safe.text(status["gap_message"], 300))
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
