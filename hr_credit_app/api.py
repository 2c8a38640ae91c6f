"""Whitelisted endpoints of hr_credit_app."""

import json

import frappe
from frappe import _
from frappe.utils import cint, getdate

from hr_credit_app import retry
from hr_credit_app.balances import get_employee_summary
from hr_credit_app.exceptions import InvalidEvidenceBatchError
from hr_credit_app.payroll import sync_allowances
from hr_credit_app.permissions import (
	INTEGRATION_ROLE,
	check_company_access,
	check_employee_access,
	require_roles,
)
from hr_credit_app.policy import get_policy

INTEGRATION_ROLES = (INTEGRATION_ROLE, "HR Manager", "System Manager")
# the sources the app itself writes evidence as: no sender may claim them
RESERVED_SOURCES = ("HRMS Training", "LMS", "Desk", "Data Import", "Claim")


def sender_sources(user: str | None = None) -> list[str]:
	"""The source systems a sender may write evidence as: those HR listed for it in HR Credit
	Settings, else its own user id."""
	user = user or frappe.session.user
	listed = frappe.get_all(
		"Credit Integration Source",
		filters={"parent": "HR Credit Settings", "parenttype": "HR Credit Settings", "user": user},
		pluck="source_system",
		order_by="idx",
	)
	return [source for source in listed if source not in RESERVED_SOURCES] or [user[:140]]


@frappe.whitelist()
@frappe.read_only()
def get_credit_summary(employee: str, as_of: str | None = None, window: str | None = None) -> dict:
	"""An employee's credits in a window: total, by category, by skill and the structure check.

	``window`` is one of ``cumulative``, ``calendar_year``, ``fiscal_year``, ``rolling_12_months``
	(default: HR Credit Settings); ``as_of`` defaults to today. HR sees every employee; anyone else
	only the employees linked to their user (and a department manager their departments).
	"""
	check_employee_access(employee)
	return get_employee_summary(employee, as_of=as_of, window=window)


@frappe.whitelist()
@frappe.read_only()
def get_credit_status(employee: str) -> dict:
	"""An employee's credits (policy window), level, next level and the gap to it."""
	from hr_credit_app.employee_page import level_status

	check_employee_access(employee)
	return level_status(employee)


@frappe.whitelist(methods=["POST"])
def submit_evidence(
	data: list | dict | str | None = None,
	rows: list | dict | str | None = None,
	source_system: str | None = None,
) -> dict:
	"""Take a batch of evidence rows from a learning platform or check-in system.

	Body: a JSON array of rows (or ``{"rows": [...], "source_system": "..."}``), sent as
	``application/json`` or ``text/plain``. Each row:
	``external_id`` (the sender's own id of the fact), ``employee`` (Employee ID, company email or
	user id), ``course`` (course code), ``kind`` (completion, exam, attendance,
	practice_assessment, hours), ``value``, ``date`` (YYYY-MM-DD), optional ``cycle`` and
	``source_system``. The answer has one result per row (accepted, duplicate or error with a
	message) and totals. Good rows are credited at once; bad rows are stored for correction.

	A sender writes only as its own source systems (HR Credit Settings > Integration Sources; by
	default its user id): a ``source_system`` it may not use is refused, for the request (HTTP 403)
	or for the row. A request that meets another at the same moment in the database is run again,
	never answered with a server error.
	"""
	require_roles(INTEGRATION_ROLES)
	allowed = sender_sources()
	if source_system is not None and not isinstance(source_system, str):
		frappe.throw(_("source_system must be text."), exc=InvalidEvidenceBatchError)
	if source_system and source_system not in allowed:
		frappe.throw(
			_("This sender may send evidence only as {0}.").format(
				", ".join(frappe.bold(frappe.utils.escape_html(source)) for source in allowed)
			),
			frappe.PermissionError,
		)
	rows = data if data is not None else rows
	if rows is None and frappe.request and not frappe.request.is_json:
		# a body sent as text/plain is parsed here, so that broken JSON gets an HTTP 400 with a reason
		rows = frappe.request.get_data(as_text=True) or None
	if isinstance(rows, str):
		try:
			rows = json.loads(rows)
		except ValueError:
			rows = None
	if not isinstance(rows, list) or not rows:
		frappe.throw(
			_("Send a JSON array of evidence rows, or an object with a rows array."),
			exc=InvalidEvidenceBatchError,
			title=_("Malformed Evidence Batch"),
		)
	limit = cint(frappe.db.get_single_value("HR Credit Settings", "max_batch_rows")) or 10_000
	if len(rows) > limit:
		frappe.throw(
			_("A batch can hold at most {0} rows; this one has {1}. Split it.").format(limit, len(rows)),
			exc=InvalidEvidenceBatchError,
			title=_("Evidence Batch Too Large"),
		)
	from hr_credit_app.intake import intake

	return retry.run(lambda: intake(rows, source_system=source_system or allowed[0], allowed_sources=allowed))


@frappe.whitelist(methods=["POST"])
def post_allowances(company: str, start_date: str, end_date: str, payroll_frequency: str = "Monthly") -> dict:
	"""Post (or bring up to date) one company's allowances for one payroll period."""
	require_roles(("HR Manager", "System Manager"))
	check_company_access(company)
	if getdate(end_date) < getdate(start_date):
		frappe.throw(_("The period ends before it starts."))
	if not get_policy(company):
		frappe.throw(_("Company {0} has no enabled Credit Incentive Policy.").format(frappe.bold(company)))
	return retry.run(
		lambda: sync_allowances(company, start_date, end_date, payroll_frequency=payroll_frequency)
	)
