"""What the app pays through: its salary components and an example incentive policy per company."""

import frappe
from frappe.desk.page.setup_wizard.install_fixtures import (
	_,  # NOTE: this is not the real translation function; it marks strings for extraction
)

from hr_credit_app.setup.language import localized, localized_dict

SALARY_COMPONENTS = (
	{
		"salary_component": "Credit Skill Allowance",
		"salary_component_abbr": "CSA",
		"description": _("Monthly skill allowance of the employee's credit level (HR Credit App)."),
	},
	{
		"salary_component": "Credit Bonus Add-on",
		"salary_component_abbr": "CBA",
		"description": _("Share of the performance bonus added for credits (HR Credit App)."),
	},
	{
		"salary_component": "Credit Honour Award",
		"salary_component_abbr": "CHA",
		"description": _("One-off award of an annual honour for learning (HR Credit App)."),
	},
)

MANAGEMENT_SKILL = "Management"

CREATED_MARK = "Created by HR Credit App"


def make_salary_components():
	"""The earnings the app pays through; each company's expense account is set where it has one."""
	for component in SALARY_COMPONENTS:
		component = localized_dict(component)
		name = component["salary_component"]
		if frappe.db.exists("Salary Component", name):
			continue
		doc = frappe.get_doc(
			{
				"doctype": "Salary Component",
				"type": "Earning",
				"depends_on_payment_days": 0,
				"is_tax_applicable": 1,
				"remove_if_zero_valued": 1,
				**component,
			}
		)
		for company in frappe.get_all("Company", pluck="name"):
			account = salary_expense_account(company)
			if account:
				doc.append("accounts", {"company": company, "account": account})
		doc.insert(ignore_permissions=True, ignore_if_duplicate=True)


def salary_expense_account(company: str) -> str | None:
	"""The company's salary expense account (what HRMS's own components book to), if any."""
	for filters in (
		{"account_name": "Salary", "company": company, "is_group": 0},
		{
			"account_type": "",
			"root_type": "Expense",
			"account_name": ("like", "%Salary%"),
			"company": company,
			"is_group": 0,
		},
	):
		account = frappe.db.get_value("Account", filters, "name")
		if account:
			return account
	return None


def delete_salary_components():
	names = {component["salary_component"] for component in SALARY_COMPONENTS}
	names |= {localized(name) for name in names}
	for name in names:
		if (
			frappe.db.exists("Salary Component", name)
			and not frappe.db.exists("Salary Detail", {"salary_component": name})
			and not frappe.db.exists("Additional Salary", {"salary_component": name})
		):
			frappe.delete_doc("Salary Component", name, ignore_permissions=True, force=True)


def make_example_policies():
	"""The seed's numbers as a ready example policy per company, disabled until HR enables it."""
	for company in frappe.get_all("Company", pluck="name"):
		make_example_policy(company)


def make_example_policy(company: str, enabled: int = 0, name: str | None = None) -> str | None:
	name = name or localized(_("Credit Incentives {0}")).format(
		frappe.get_cached_value("Company", company, "abbr")
	)
	skill = localized(MANAGEMENT_SKILL, "Skill")
	if frappe.db.exists("Credit Incentive Policy", name):
		return name
	manager = next((d for d in ("Department Manager", "Manager") if frappe.db.exists("Designation", d)), None)
	if manager and not frappe.db.exists("Skill", skill):
		frappe.get_doc({"doctype": "Skill", "skill_name": skill, "description": CREATED_MARK}).insert(
			ignore_permissions=True
		)
	policy = frappe.get_doc(
		{
			"doctype": "Credit Incentive Policy",
			"policy_name": name,
			"company": company,
			"enabled": enabled,
			"credit_window": "Cumulative",
			"payroll_cutoff": "Day Before Period Start",
			"allowance_component": localized("Credit Skill Allowance"),
			"levels": [
				{"level_name": localized(_("Junior")), "min_credits": 20, "monthly_allowance": 500},
				{"level_name": localized(_("Intermediate")), "min_credits": 40, "monthly_allowance": 1000},
				{"level_name": localized(_("Senior")), "min_credits": 60, "monthly_allowance": 1500},
			],
			"enable_bonus_addon": 0,
			"addon_component": localized("Credit Bonus Add-on"),
			"credits_per_step": 10,
			"percent_per_step": 1,
			"max_addon_percent": 10,
			"gate_window": "Cumulative",
			"promotion_gates": [
				{"gate_on": "Designation", "designation": manager, "min_total_credits": 50, "mode": "Block"}
			]
			if manager
			else [],
			"gate_requirements": [
				{
					"gate_target": manager,
					"requirement_type": "Skill",
					"skill": skill,
					"min_credits": 20,
				}
			]
			if manager
			else [],
			"honour_title": localized(_("Annual Excellent Learner")),
			"top_percent": 10,
			"tie_rule": "Include Ties",
			"honour_rewards": [
				{"reward_type": "Honorary Title", "description": localized(_("Annual Excellent Learner"))},
				{
					"reward_type": "Overseas Training",
					"description": localized(_("A place in the overseas training programme")),
				},
				{
					"reward_type": "Key Project",
					"description": localized(_("Priority for key project assignments")),
				},
			],
		}
	)
	policy.insert(ignore_permissions=True)
	return policy.name


def delete_created_skill():
	for skill in frappe.get_all("Skill", filters={"description": CREATED_MARK}, pluck="name"):
		if not frappe.db.exists("Designation Skill", {"skill": skill}) and not frappe.db.exists(
			"Employee Skill", {"skill": skill}
		):
			frappe.delete_doc("Skill", skill, ignore_permissions=True, force=True)
