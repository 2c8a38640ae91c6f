"""Plan courses due soon (N days before, a setting) and just overdue (the day after): daily."""

import frappe
from frappe import _
from frappe.translate import print_language
from frappe.utils import add_days, cint, getdate, today

from hr_credit_app import safe
from hr_credit_app.nudges.channel import (
	enabled,
	enqueue_batches,
	muted_companies,
	notify,
	nudge_settings,
	recipients,
)


def send_plan_nudges() -> int:
	"""Daily: plan courses due in N days, and those that became overdue yesterday."""
	if not enabled():
		return 0
	from hr_credit_app.plans import get_plans, open_pairs

	days = cint(nudge_settings().get("nudge_due_days"))
	soon, overdue = getdate(add_days(today(), days)), getdate(add_days(today(), -1))
	jobs = 0
	for company in frappe.get_all(
		"Training Plan", filters={"status": "Active"}, pluck="company", distinct=True
	):
		if company in muted_companies():
			continue
		plans = get_plans(company)
		for kind, day in (("due", soon), ("overdue", overdue)):
			chosen = [plan for plan in plans if getdate(plan.due_date) == day]
			if not chosen or (kind == "due" and days <= 0):
				continue
			pairs = open_pairs(company, chosen)
			rows = [
				[row["employee"], row["course"], str(row["due_date"])] for row in pairs.to_dict("records")
			]
			jobs += enqueue_batches("hr_credit_app.nudges.plans.plan_nudges_for", rows, kind=kind)
	return jobs


def plan_nudges_for(items: list[list[str]], kind: str) -> int:
	by_employee: dict[str, list[tuple[str, str]]] = {}
	for employee, course, due_date in items:
		by_employee.setdefault(employee, []).append((course, due_date))
	people = recipients(list(by_employee))
	courses = {course for rows in by_employee.values() for course, _due in rows}
	titles = dict(
		frappe.get_all(
			"Credit Course",
			filters={"name": ("in", list(courses) or [""])},
			fields=["name", "course_title"],
			as_list=True,
		)
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
