"""Scheduled jobs (hooks.scheduler_events): each in a transaction of its own per company or chunk."""

import frappe
from frappe import _
from frappe.utils import get_first_day, get_last_day, today

from hr_credit_app import intake, retry
from hr_credit_app.payroll import sync_allowances


def credit_stranded_evidence():
	"""Hourly: credit accepted evidence that no worker credited (its batch's job failed or never ran)."""
	intake.credit_stranded_evidence()


def monthly_sync():
	"""Scheduler (monthly): post this month's allowances for every company with an enabled policy."""
	start, end = get_first_day(today()), get_last_day(today())
	for company in frappe.get_all("Credit Incentive Policy", filters={"enabled": 1}, pluck="company"):
		try:
			retry.run(
				lambda company=company: sync_allowances(company, start, end, payroll_frequency="Monthly")
			)
			frappe.db.commit()
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=_("Credit allowances for {0} could not be posted").format(company))


def send_credit_nudges():
	"""Hourly: tell everyone credited since the last run (in batches, see nudges)."""
	from hr_credit_app import nudges

	nudges.send_credit_nudges()


def send_plan_nudges():
	"""Daily: plan courses due soon, and those just overdue."""
	from hr_credit_app import nudges

	nudges.send_plan_nudges()


def send_weekly_digest():
	"""Weekly: the digest of approvers and department managers."""
	from hr_credit_app import nudges

	nudges.send_weekly_digest()


def keep_recommendations():
	"""Hourly: compare each role's colleagues again (who improved after which course) and keep every
	employee's recommended courses, so that no employee's first /my-credits view of the hour waits
	for them."""
	from hr_credit_app.employee_page import keep_recommendations as keep
	from hr_credit_app.reviews.recommendations import colleagues_improved

	for company, designations in _active_designations().items():
		try:
			colleagues_improved(company, designations, refresh=True)
			keep(company)
		except Exception:
			frappe.log_error(title=_("Recommended courses for {0} could not be kept").format(company))


def _active_designations() -> dict[str, list[str]]:
	"""The designations of each company's active employees (every company with any)."""
	found: dict[str, list[str]] = {}
	for company, designation in frappe.db.sql(
		"""select distinct company, designation from `tabEmployee`
		where status = 'Active' and company is not null order by company, designation"""
	):
		designations = found.setdefault(company, [])
		if designation:
			designations.append(designation)
	return found
