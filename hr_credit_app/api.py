"""Whitelisted endpoints of hr_credit_app."""

import json

import frappe
from frappe import _
from frappe.utils import cint

from hr_credit_app.balances import get_employee_summary
from hr_credit_app.exceptions import InvalidEvidenceBatchError
from hr_credit_app.permissions import check_employee_access, require_roles

INTEGRATION_ROLES = ("Credit Integration", "HR Manager", "System Manager")


@frappe.whitelist()
def get_credit_summary(employee: str, as_of: str | None = None, window: str | None = None) -> dict:
	"""An employee's credits in a window: total, by category, by skill and the structure check.

	``window`` is one of ``cumulative``, ``calendar_year``, ``fiscal_year``, ``rolling_12_months``
	(default: HR Credit Settings); ``as_of`` defaults to today. HR sees every employee; anyone else
	only the employees linked to their user (and a department manager their departments).
	"""
	check_employee_access(employee)
	return get_employee_summary(employee, as_of=as_of, window=window)


@frappe.whitelist()
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
	"""
	require_roles(INTEGRATION_ROLES)
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

	return intake(rows, source_system=(source_system or frappe.session.user)[:140])
