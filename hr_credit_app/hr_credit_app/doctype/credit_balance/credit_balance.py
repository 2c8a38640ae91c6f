# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""Kept by ``hr_credit_app.credits`` beside the ledger; never written by hand."""

from frappe.model.document import Document


class CreditBalance(Document):
	pass


def on_doctype_update():
	"""A unique key per bucket (what the upserts meet on) and covering indexes for the reads."""
	from hr_credit_app.setup.desk import ensure_index

	# one row per employee, category and period; its company is the employee's company now
	ensure_index("Credit Balance", "balance_key", ["employee", "category", "year", "month"], unique=True)
	# the indexes that answer the reads alone, each range already in (employee, category) order so
	# that GROUP BY employee, category needs no temporary table: an employee's (or a list of
	# employees') year rows, a company's year rows, a company's month rows of one year
	ensure_index(
		"Credit Balance", "employee_period_index", ["employee", "month", "category", "year", "credits"]
	)
	ensure_index(
		"Credit Balance",
		"company_period_index",
		["company", "month", "employee", "category", "year", "credits"],
	)
	ensure_index(
		"Credit Balance",
		"company_month_index",
		["company", "year", "employee", "category", "month", "credits"],
	)
