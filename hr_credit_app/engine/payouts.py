"""Payroll payouts of credit allowances: eligibility, period arithmetic and the re-run plan (no frappe).

One payout per employee and payroll period. Re-running a period compares what is due now with what
was recorded: an unchanged payout is kept (re-running is a no-op), a changed one that no submitted
salary slip has paid yet is replaced, and a paid one is never touched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from hr_credit_app.engine.dates import to_date

# Share of a monthly allowance paid per payroll period of each HRMS payroll frequency.
FREQUENCY_FACTORS = {
	"Monthly": 1.0,
	"Bimonthly": 0.5,
	"Fortnightly": 12 / 26,
	"Weekly": 12 / 52,
	"Daily": 12 / 365,
}

INACTIVE = "inactive"
NOT_JOINED = "not_joined"
RELIEVED = "relieved"
NO_SALARY_STRUCTURE = "no_salary_structure"
CURRENCY_MISMATCH = "currency_mismatch"

POSTED = "Posted"
PAID = "Paid"
SKIPPED = "Skipped"
NO_ALLOWANCE = "No Allowance"

COMPARED_FIELDS = ("status", "amount", "level", "credits", "salary_component", "skip_reason")


def period_amount(monthly_allowance: float, payroll_frequency: str | None, precision: int = 2) -> float:
	"""The allowance of one payroll period: a monthly amount scaled to the payroll frequency."""
	factor = FREQUENCY_FACTORS.get(payroll_frequency or "Monthly", 1.0)
	return round(float(monthly_allowance or 0) * factor, precision)


def cutoff_date(start_date, end_date, rule: str) -> dt.date:
	"""Last posting date whose credits count: the day before the period starts, or its last day."""
	if rule == "Period End":
		return to_date(end_date)
	return to_date(start_date) - dt.timedelta(days=1)


def payroll_date(
	start_date,
	end_date,
	date_of_joining=None,
	relieving_date=None,
	structure_from_date=None,
	structure_currency: str | None = None,
	policy_currency: str | None = None,
	employee_status: str | None = None,
) -> tuple[dt.date | None, str | None]:
	"""The date an allowance is paid on in a period, or why it cannot be paid.

	The date is the period end, or the relieving date if earlier; HRMS needs it inside the
	employment and on or after the start of the salary structure assignment, and refuses any
	Additional Salary for an Inactive employee.
	"""
	if employee_status == "Inactive":
		return None, INACTIVE
	start, end = to_date(start_date), to_date(end_date)
	joining, relieving = to_date(date_of_joining), to_date(relieving_date)
	if joining and joining > end:
		return None, NOT_JOINED
	if relieving and relieving < start:
		return None, RELIEVED
	date = min(end, relieving) if relieving else end
	structure_from = to_date(structure_from_date)
	if not structure_from or structure_from > date:
		return None, NO_SALARY_STRUCTURE
	if structure_currency and policy_currency and structure_currency != policy_currency:
		return None, CURRENCY_MISMATCH
	return date, None


def plan(due: Iterable[Mapping], recorded: Mapping[str, Mapping]) -> dict[str, list]:
	"""Decide, per payout key, what a (re-)run does.

	``due``: the payouts owed now (key, status, amount, level, credits, salary_component,
	skip_reason, ...). ``recorded``: what is stored, by key (with ``status`` and ``paid``).
	Returns ``create`` (new keys), ``replace`` (changed and not paid), ``keep`` (unchanged) and
	``paid`` (changed but already paid: left as it is; the difference shows in a later period).
	"""
	result = {"create": [], "replace": [], "keep": [], "paid": []}
	for payout in due:
		stored = recorded.get(payout["key"])
		if stored is None:
			result["create"].append(payout)
		elif stored.get("paid") or stored.get("status") == PAID:
			result["paid"].append(payout)
		elif all(_same(payout.get(field), stored.get(field)) for field in COMPARED_FIELDS):
			result["keep"].append(payout)
		else:
			result["replace"].append(payout)
	return result


def _same(a, b) -> bool:
	if isinstance(a, int | float) or isinstance(b, int | float):
		return abs(float(a or 0) - float(b or 0)) < 1e-6
	return (a or None) == (b or None)


def payout_key(employee: str, start_date, end_date) -> str:
	"""The unique key of an employee's payout for a payroll period."""
	return f"{employee}|{to_date(start_date)}|{to_date(end_date)}"
