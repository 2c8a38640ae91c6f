"""What the desk needs at start: the companies the user may see credits of, and the one to open on."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count

from hr_credit_app.permissions import visible_companies

COMPANY_DEFAULT = "hr_credit_company"  # the company the user last chose on the HR Credits workspace


def boot_session(bootinfo):
	if frappe.session.user == "Guest":
		return
	companies = visible_companies()
	user = frappe.session.user
	chosen = [
		company
		for company in (
			frappe.defaults.get_user_default(COMPANY_DEFAULT),
			# the user's own default company (Session Defaults store it as "company"), then the site's
			frappe.db.get_value(
				"DefaultValue", {"parent": user, "defkey": ("in", ("company", "Company"))}, "defvalue"
			),
			frappe.defaults.get_user_default("company"),
		)
		if company in companies
	]
	bootinfo.hr_credit_app = {
		"companies": companies,
		"default_company": chosen[0] if chosen else largest(companies),
	}


def largest(companies: list[str]) -> str | None:
	"""Without a chosen or default company: the one with the most active employees (a site's own
	company, rather than a test or a small subsidiary that sorts first)."""
	if len(companies) < 2:
		return companies[0] if companies else None
	employee = frappe.qb.DocType("Employee")
	counts = dict(
		frappe.qb.from_(employee)
		.select(employee.company, Count(employee.name))
		.where(employee.company.isin(companies) & (employee.status == "Active"))
		.groupby(employee.company)
		.run()
	)
	return max(companies, key=lambda company: (counts.get(company, 0), company))


@frappe.whitelist(methods=["POST"])
def set_credit_company(company: str) -> str:
	"""The company the HR Credits workspace and the app's reports open on, for this user."""
	if company not in visible_companies():
		frappe.throw(_("You are not permitted to see the credits of this company."), frappe.PermissionError)
	frappe.defaults.set_user_default(COMPANY_DEFAULT, company)
	return company
