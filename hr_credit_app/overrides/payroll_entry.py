"""Payroll Entry (doc_events): filling it with employees posts their credit allowances."""

from hr_credit_app.payroll import sync_allowances


def on_payroll_entry_validate(doc, method=None):
	"""A draft Payroll Entry with employees (after Get Employees): sync its employees' payouts."""
	if doc.docstatus != 0 or not doc.get("employees") or not (doc.start_date and doc.end_date):
		return
	sync_allowances(
		doc.company,
		doc.start_date,
		doc.end_date,
		employees=[row.employee for row in doc.employees],
		payroll_frequency=doc.payroll_frequency,
		payroll_entry=None if doc.is_new() else doc.name,
	)
