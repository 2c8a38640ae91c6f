"""The Employee form's Connections: the employee's credits, enrolments, payouts and honours."""

from frappe import _


def get_dashboard_data(data):
	"""``override_doctype_dashboards`` for Employee (after HRMS's own)."""
	data.setdefault("transactions", []).append(
		{
			"label": _("Credits"),
			"items": ["Credit Entry", "Credit Enrolment", "Credit Payout", "Credit Honour Award"],
		}
	)
	return data
