"""What the desk needs at start: the companies the user may see credits of, and the one to open on."""

import frappe
from frappe import _

from hr_credit_app.permissions import visible_companies

COMPANY_DEFAULT = "hr_credit_company"  # the company the user last chose on the HR Credits workspace


def boot_session(bootinfo):
	if frappe.session.user == "Guest":
		return
	companies = visible_companies()
	chosen = [
		company
		for company in (
			frappe.defaults.get_user_default(COMPANY_DEFAULT),
			frappe.defaults.get_user_default("Company"),
		)
		if company in companies
	]
	bootinfo.hr_credit_app = {
		"companies": companies,
		"default_company": chosen[0] if chosen else (companies[0] if companies else None),
	}


@frappe.whitelist(methods=["POST"])
def set_credit_company(company: str) -> str:
	"""The company the HR Credits workspace and the app's reports open on, for this user."""
	if company not in visible_companies():
		frappe.throw(_("You are not permitted to see the credits of this company."), frappe.PermissionError)
	frappe.defaults.set_user_default(COMPANY_DEFAULT, company)
	return company
