# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""Kept by ``hr_credit_app.credits`` beside the ledger; never written by hand."""

from frappe.model.document import Document


class CreditBalance(Document):
	pass


def on_doctype_update():
	"""A unique key per bucket (what the upserts meet on) and covering indexes for the reads."""
	from hr_credit_app.setup.desk import ensure_index

	ensure_index(
		"Credit Balance", "balance_key", ["employee", "company", "category", "year", "month"], unique=True
	)
	# an employee's (or a list of employees') buckets, read from the index alone
	ensure_index(
		"Credit Balance", "employee_period_index", ["employee", "month", "year", "category", "credits"]
	)
	# a company's buckets (charts)
	ensure_index(
		"Credit Balance", "company_period_index", ["company", "year", "month", "category", "credits"]
	)
