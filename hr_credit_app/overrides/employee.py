"""The Employee form's Connections: the employee's credits, enrolments, claims, payouts and honours."""

from frappe import _

from hr_credit_app.credits import move_balances


def get_dashboard_data(data):
	"""``override_doctype_dashboards`` for Employee (after HRMS's own)."""
	data.setdefault("transactions", []).append(
		{
			"label": _("Credits"),
			"items": [
				"Credit Entry",
				"Credit Enrolment",
				"Credit Claim",
				"Credit Redemption",
				"Credit Payout",
				"Credit Honour Award",
			],
		}
	)
	return data


def on_update(doc, method=None):
	"""An employee moved to another company (an Employee Transfer, or the form): their credit
	balances follow them, so the new company's reports and payroll count what they learned."""
	if doc.get_doc_before_save() and doc.has_value_changed("company"):
		move_balances(doc.name, doc.company)
