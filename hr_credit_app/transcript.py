"""An employee's credit transcript: credits by year and category, level, courses, claims and honours.

Printed through the Print Format "Credit Transcript" on Employee (Jinja, shipped with the app), so
Frappe's print view does the rest: PDF, the print language (zh / en), and printing it for a list of
employees at once from the Employee list (Actions -> Print). The print format calls
:func:`get_transcript` (a Jinja method, hooks.jinja), which checks that the reader may see the
employee's credits. No money is shown: a transcript is about learning.
"""

import frappe
from frappe.utils import flt, getdate, today

from hr_credit_app import credits
from hr_credit_app.permissions import check_employee_access

PRINT_FORMAT = "Credit Transcript"
MAX_ROWS = 500  # a transcript lists at most this many courses and claims


def get_transcript(employee: str) -> dict:
	check_employee_access(employee)
	from hr_credit_app.employee_page import level_status

	status = level_status(employee)
	info = frappe.db.get_value(
		"Employee",
		employee,
		["name", "employee_name", "company", "department", "designation", "date_of_joining"],
		as_dict=True,
	)
	rows = credits.yearly_totals(employee)
	categories = sorted({category for _year, category, _credits in rows})
	years = sorted({year for year, _category, _credits in rows})
	table = {(year, category): value for year, category, value in rows}
	by_year = [
		{
			"year": year,
			"cells": [flt(table.get((year, category)), 2) for category in categories],
			"total": flt(sum(table.get((year, category), 0) for category in categories), 2),
		}
		for year in years
	]
	totals = [flt(sum(table.get((year, category), 0) for year in years), 2) for category in categories]

	course_rows = credits.course_totals(employee)[:MAX_ROWS]
	titles = dict(
		frappe.get_all(
			"Credit Course",
			filters={"name": ("in", [row.course for row in course_rows] or [""])},
			fields=["name", "course_title"],
			as_list=True,
		)
	)
	courses = [
		{
			"course": row.course,
			"title": titles.get(row.course) or row.course,
			"credits": flt(row.credits, 2),
			"date": getdate(row.last_date),
		}
		for row in course_rows
	]
	claims = frappe.get_all(
		"Credit Claim",
		filters={"employee": employee, "docstatus": 1},
		fields=["title", "kind", "claim_date", "credits"],
		order_by="claim_date asc",
		limit=MAX_ROWS,
		ignore_permissions=True,  # the reader's sight of the employee was checked above
	)
	honours = frappe.get_all(
		"Credit Honour Award",
		filters={"employee": employee},
		fields=["year", "title", "rank", "credits"],
		order_by="year asc",
		ignore_permissions=True,
	)
	return {
		"employee": info,
		"level": status.get("level"),
		"summary": status.get("summary"),
		"categories": categories,
		"by_year": by_year,
		"totals": totals,
		"grand_total": flt(sum(totals), 2),
		"courses": courses,
		"claims": claims,
		"honours": honours,
		"printed_on": getdate(today()),
	}


def transcript_url(employee: str, lang: str | None = None) -> str:
	"""The PDF of an employee's transcript (see :func:`download`)."""
	from urllib.parse import urlencode

	query = {"employee": employee}
	if lang:
		query["language"] = lang
	return "/api/method/hr_credit_app.transcript.download?" + urlencode(query)


@frappe.whitelist()
def download(employee: str | None = None, language: str | None = None):
	"""The transcript as a PDF, for whoever may see the employee's credits (themselves, their
	department manager, HR). Employees often hold no print right on Employee (HRMS's Employee Self
	Service user type, a portal user): the app's own check replaces Frappe's print permission here,
	and only for this print format."""
	from frappe.translate import print_language

	from hr_credit_app.permissions import get_own_employees

	employee = employee or next(iter(get_own_employees()), None)
	if not employee:
		frappe.throw(frappe._("No employee record is linked to your user."), frappe.DoesNotExistError)
	check_employee_access(employee)
	if language and language not in frappe.get_all("Language", filters={"enabled": 1}, pluck="name"):
		language = None
	previous = frappe.flags.ignore_print_permissions
	frappe.flags.ignore_print_permissions = True
	try:
		with print_language(language or frappe.local.lang):
			pdf = frappe.get_print("Employee", employee, PRINT_FORMAT, as_pdf=True, no_letterhead=1)
	finally:
		frappe.flags.ignore_print_permissions = previous
	frappe.local.response.filename = f"credit-transcript-{employee}.pdf".replace("/", "-")
	frappe.local.response.filecontent = pdf
	frappe.local.response.type = "pdf"
