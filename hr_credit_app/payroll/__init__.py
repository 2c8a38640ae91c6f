"""Credit allowances and the bonus add-on, through HRMS's own payroll.

Allowances (``allowances``): for a company and payroll period, every employee's level (from the
policy and the ledger) becomes a Credit Payout record and, when a level pays, an Additional Salary
that points at it (``ref_doctype`` / ``ref_docname``, written by ``additional_salary``). Salary
Slips pick Additional Salaries up themselves. The payouts of a period are synced:

- when a Payroll Entry is filled with employees (its draft save: ``overrides.payroll_entry``);
- for each Salary Slip before HRMS computes it (``overrides.salary_slip``; a safety net that also
  covers slips made by hand and slips created by the background job of a large Payroll Entry);
- monthly by the scheduler (``tasks``), and by HR from the policy form (``api.post_allowances``).

Re-running is a no-op; a payout whose credits changed is replaced (its Additional Salary cancelled
and a new one made) as long as no submitted slip paid it; a paid payout is never rewritten.

Bonus add-on: when a slip pays the policy's bonus component, the add-on (bonus x percent from the
credits) is added to the same slip as an earning of its own (``overrides.salary_slip``).
"""

from hr_credit_app.payroll.additional_salary import make_additional_salaries
from hr_credit_app.payroll.allowances import (
	payout_is_current,
	payout_key,
	salary_structures,
	skip_reason_text,
	sync_allowances,
)

__all__ = [
	"make_additional_salaries",
	"payout_is_current",
	"payout_key",
	"salary_structures",
	"skip_reason_text",
	"sync_allowances",
]
