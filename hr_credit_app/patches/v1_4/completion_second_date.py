"""Credit Completion keeps each pair's second credit day too: write the completions again from the
ledger (the balances are untouched)."""

import frappe

from hr_credit_app import compat
from hr_credit_app.credits.verify import write_completions


def execute():
	with compat.latest_locking_reads():
		frappe.db.sql("delete from `tabCredit Completion`")
		write_completions()
