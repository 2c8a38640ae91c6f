# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""Kept by ``hr_credit_app.credits`` beside the ledger; never written by hand."""

from frappe.model.document import Document


class CreditCompletion(Document):
	pass


def on_doctype_update():
	"""A unique key per bucket (what the upserts meet on) and covering indexes for the reads."""
	from hr_credit_app.setup.desk import ensure_index

	ensure_index("Credit Completion", "completion_key", ["employee", "course"], unique=True)
	# who was credited for a course since a date, and on which day first (training plans)
	ensure_index(
		"Credit Completion",
		"course_completion_index",
		["course", "last_date", "employee", "first_date", "second_date", "previous_date"],
	)
