"""/my-credits: an employee's own credits, level, gap to the next level, open plan courses, history.

``?employee=`` lets HR and a department manager open someone else's page; whatever it holds, it is
never echoed as markup (Frappe's own message page does not escape its message), and a value the user
may not see is answered on this page with a plain, escaped notice.
"""

import frappe
from frappe import _

from hr_credit_app import safe
from hr_credit_app.claims import get_claim_options, my_claims
from hr_credit_app.employee_page import get_my_credits
from hr_credit_app.redemption import my_redemptions, offers_for, redeemable
from hr_credit_app.transcript import transcript_url

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/my-credits"
		raise frappe.Redirect
	context.no_cache = 1
	context.show_sidebar = True
	context.title = _("My Credits")
	context.data = None
	context.notice = None
	requested = frappe.form_dict.get("employee")
	if requested is not None and (not isinstance(requested, str) or len(requested) > 140):
		context.notice = _("There is no employee {0}.").format(safe.bold(requested, 40))
		return context
	try:
		context.data = get_my_credits(requested or None)
		context.transcript_pdf = transcript_url(context.data["employee"]["name"], frappe.local.lang)
		if context.data.get("own"):
			context.claims = my_claims(context.data["employee"]["name"])
			context.claim_options = get_claim_options()
			employee = context.data["employee"]["name"]
			context.offers = offers_for(employee)
			context.redeemable = redeemable(employee)
			context.redemptions = my_redemptions(employee)
	except frappe.PermissionError:
		frappe.clear_last_message()
		context.notice = _("You are not permitted to see the credits of employee {0}.").format(
			safe.bold(requested)
		)
	except frappe.DoesNotExistError:
		frappe.clear_last_message()
		context.notice = (
			_("There is no employee {0}.").format(safe.bold(requested))
			if requested
			else _("No employee record is linked to your user.")
		)
	return context
