"""The credit ledger's one read layer, and the balances kept beside it.

Every sum of credits in the app (an employee's balance for payroll and the promotion gate, a
company's for the reports and cards, a year's for honours, the first completion of a course for the
reviews and plans) is read here; no other module sums Credit Entry. Reads come from two tables that
the ledger keeps in the same transaction as every posting and cancellation, the way ERPNext keeps
Bin beside the Stock Ledger:

- **Credit Balance**: credits per employee x company x category x (year, month), with a whole-year
  row (month 0) beside the twelve month rows. A window is read as buckets plus a few ledger days at
  its edges (``engine.periods.plan``): a balance as of today is one year row per category and year,
  whatever the ledger's size.
- **Credit Completion**: the first, second, previous and last day each employee was credited
  (credits > 0) for each course.

Credits follow the employee: an employee's balance counts every entry posted for them, whichever
company posted it (an employee moved to another company keeps what they learned). Payroll, the
promotion gate, honours and the reports all read it so, and agree by construction.

:func:`verify` compares both tables with the ledger and, with ``repair``, rebuilds what differs
(``bench --site <site> execute hr_credit_app.credits.verify``; a button in HR Credit Settings).
"""

from hr_credit_app.credits.reads import (
	completed_courses,
	course_totals,
	credited_between,
	credited_employees,
	credited_since,
	employee_totals,
	employees_totals,
	first_completions,
	last_posting_dates,
	ledger_rows,
	monthly_totals,
	most_completed_course,
	recent_entries,
	skill_totals,
	source_totals,
	window_totals,
	yearly_totals,
)
from hr_credit_app.credits.upkeep import move_balances, on_cancel, on_post
from hr_credit_app.credits.verify import (
	differences,
	rebuild,
	repair_employees,
	verify,
	verify_and_tell,
	verify_balances,
)

__all__ = [
	"completed_courses",
	"course_totals",
	"credited_between",
	"credited_employees",
	"credited_since",
	"differences",
	"employee_totals",
	"employees_totals",
	"first_completions",
	"last_posting_dates",
	"ledger_rows",
	"monthly_totals",
	"most_completed_course",
	"move_balances",
	"on_cancel",
	"on_post",
	"rebuild",
	"recent_entries",
	"repair_employees",
	"skill_totals",
	"source_totals",
	"verify",
	"verify_and_tell",
	"verify_balances",
	"window_totals",
	"yearly_totals",
]
