"""/my-credits: an employee's own credits, level, gap to the next level, open plan courses, history."""

import frappe
from frappe import _

from hr_credit_app.employee_page import get_my_credits

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/my-credits"
		raise frappe.Redirect
	context.no_cache = 1
	context.show_sidebar = True
	context.title = _("My Credits")
	try:
		context.data = get_my_credits(frappe.form_dict.get("employee"))
	except frappe.DoesNotExistError:
		context.data = None
	return context
