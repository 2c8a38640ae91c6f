"""Install and uninstall: shipped records, custom fields and settings defaults.

Records shipped here (the three default credit categories) are created once, on install; HR may
edit them afterwards and migrate never overwrites their changes. Uninstall removes what install
added outside the app's own doctypes (custom fields on HRMS / ERPNext doctypes); Frappe drops the
app's doctypes and their records itself.
"""

import os

import click

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields
from frappe.desk.page.setup_wizard.install_fixtures import (
	_,  # NOTE: this is not the real translation function; it marks strings for extraction
)

DEFAULT_CATEGORIES = (
	{
		"category_name": _("Compulsory"),
		"target_share": 40,
		"description": _(
			"Core abilities the company requires of everyone: culture, safety rules, strategic and digital skills."
		),
	},
	{
		"category_name": _("Elective"),
		"target_share": 30,
		"description": _("Chosen by the employee to close a skill gap or follow a career interest."),
	},
	{
		"category_name": _("Practice"),
		"target_share": 30,
		"description": _(
			"Project practice, on-the-job drills and case workshops that turn training into results."
		),
	},
)


INTEGRATION_ROLE = "Credit Integration"
DEPARTMENT_MANAGER_ROLE = "Credit Department Manager"

# The seed's award rules, as data. HR edits or disables them; install never recreates them.
DEFAULT_RULES = (
	{
		"rule_name": _("Online course: completed and exam 80 or more"),
		"scope": "Delivery Mode",
		"delivery_mode": "Online",
		"min_completion": 100,
		"min_exam_score": 80,
		"award": "Course Credits",
		"description": _("Online completion 100% and exam score of at least 80: the course's credits."),
	},
	{
		"rule_name": _("Practice: mentor score 8 or more"),
		"scope": "Delivery Mode",
		"delivery_mode": "Practice",
		"min_mentor_score": 8,
		"award": "Fixed Credits",
		"fixed_credits": 3,
		"description": _("Offline practice assessed by a mentor with a score of at least 8: 3 credits."),
	},
	{
		"rule_name": _("Offline course: attended"),
		"scope": "Delivery Mode",
		"delivery_mode": "Offline",
		"attendance_required": 1,
		"award": "Course Credits",
		"description": _(
			"Present at an offline course (an HRMS Training Event or a check-in): the course's credits."
		),
	},
)

DEFAULT_GRADES = (("A", 95), ("B", 85), ("C", 75), ("D", 65), ("E", 50), ("F", 0), ("Pass", 80), ("Fail", 0))


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


def get_custom_fields() -> dict[str, list[dict]]:
	"""Custom fields this app adds to doctypes of other apps."""
	return {
		"Employee Promotion": [
			{
				"fieldname": "credit_gate_section",
				"fieldtype": "Section Break",
				"label": _("Credit Gate"),
				"insert_after": "promotion_details",
				"collapsible": 1,
			},
			{
				"fieldname": "credit_gate_status",
				"fieldtype": "Small Text",
				"label": _("Credit Gate Check"),
				"read_only": 1,
				"no_copy": 1,
				"insert_after": "credit_gate_section",
			},
			{
				"fieldname": "credit_gate_override",
				"fieldtype": "Check",
				"label": _("Override Credit Gate"),
				"description": _("HR Manager only: promote although the credit gate is not met."),
				"no_copy": 1,
				"insert_after": "credit_gate_status",
			},
			{
				"fieldname": "credit_gate_override_reason",
				"fieldtype": "Small Text",
				"label": _("Reason for the Override"),
				"depends_on": "credit_gate_override",
				"mandatory_depends_on": "credit_gate_override",
				"no_copy": 1,
				"insert_after": "credit_gate_override",
			},
		],
	}


def after_install():
	create_custom_fields(get_custom_fields(), ignore_validate=True)
	make_integration_role()
	make_department_manager_role()
	make_company_block()
	let_employees_pick_skills()
	make_default_categories()
	make_default_rules()
	set_settings_defaults()
	set_default_grades()
	make_salary_components()
	make_example_policies()
	clear_number_card_currency()


def after_migrate():
	create_custom_fields(get_custom_fields(), ignore_validate=True)
	make_department_manager_role()
	make_company_block()
	let_employees_pick_skills()
	set_settings_defaults()
	make_salary_components()
	add_indexes()
	clear_number_card_currency()


def ensure_index(doctype: str, name: str, columns: list[str]) -> None:
	"""Create an index, or rebuild it when an earlier version of the app made it with other columns."""
	table = f"tab{doctype}"
	existing = [row[4] for row in frappe.db.sql(f"show index from `{table}` where Key_name = %s", name)]
	if existing == columns:
		return
	frappe.db.commit()  # DDL commits implicitly; make that explicit
	drop = f"drop index `{name}`, " if existing else ""
	frappe.db.sql_ddl(
		"alter table `{}` {}add index `{}` ({})".format(
			table, drop, name, ", ".join(f"`{c}`" for c in columns)
		)
	)


def clear_number_card_currency():
	"""Our number cards count credits, percentages and people, not money. When Frappe imports a
	standard card it fills its Currency link from the importing user's default currency, and the
	desk then shows every value as money; clear it."""
	for name in frappe.get_all("Number Card", filters={"module": "HR Credit App"}, pluck="name"):
		frappe.db.set_value("Number Card", name, "currency", None, update_modified=False)


def add_indexes():
	"""Indexes declared in on_doctype_update, also for sites whose doctypes did not change in this
	update (Frappe runs on_doctype_update only when a DocType is synced). add_index skips existing ones."""
	for doctype in ("Credit Entry", "Credit Evidence", "Credit Enrolment", "Credit Payout"):
		controller = frappe.get_module(
			f"hr_credit_app.hr_credit_app.doctype.{frappe.scrub(doctype)}.{frappe.scrub(doctype)}"
		)
		if hasattr(controller, "on_doctype_update"):
			controller.on_doctype_update()


def before_uninstall():
	delete_custom_fields(get_custom_fields())
	delete_integration_role()
	delete_department_manager_role()
	delete_company_block()
	forget_skill_picking()
	delete_created_skill()
	delete_salary_components()
	click.secho("HR Credit App: custom fields and the app's roles removed.", fg="green")


def before_tests():
	from hrms.tests.test_utils import before_tests as hrms_before_tests

	hrms_before_tests()


def site_language() -> str:
	return frappe.db.get_default("lang") or "en"


def localized(text: str, context: str | None = None) -> str:
	"""``text`` in the site's language: the records the app makes at install (categories, rules,
	salary components shown on payslips, level names) are named as the site's people read them; HR
	may rename them, and they stay translatable where the app shows them."""
	lang = site_language()
	if not text or lang == "en":
		return text
	from frappe.translate import get_full_dict, get_translation_dict_from_file

	path = frappe.get_app_path("hr_credit_app", "translations", f"{lang.split('-')[0]}.csv")
	ours = get_translation_dict_from_file(path, lang, "hr_credit_app") if os.path.exists(path) else {}
	return (
		(context and ours.get(f"{text}:{context}")) or ours.get(text) or get_full_dict(lang).get(text) or text
	)


def localized_dict(
	record: dict, fields=("category_name", "rule_name", "description", "salary_component")
) -> dict:
	return {
		key: localized(value) if key in fields and isinstance(value, str) else value
		for key, value in record.items()
	}


def make_default_categories():
	if frappe.db.count("Credit Category"):
		return
	for category in DEFAULT_CATEGORIES:
		doc = frappe.get_doc({"doctype": "Credit Category", **localized_dict(category)})
		doc.flags.ignore_share_total = True  # the three shares add up to 100 only once all exist
		doc.insert(ignore_permissions=True, ignore_if_duplicate=True)


def make_integration_role():
	"""A role for the API users of learning platforms: it may call submit_evidence and nothing else."""
	if not frappe.db.exists("Role", INTEGRATION_ROLE):
		frappe.get_doc(
			{"doctype": "Role", "role_name": INTEGRATION_ROLE, "desk_access": 0, "is_custom": 0}
		).insert(ignore_permissions=True)


def make_department_manager_role():
	"""The role that lets a department manager read their people's credits, levels and plans; the
	departments come from their Department User Permissions (which restrict, never grant)."""
	if not frappe.db.exists("Role", DEPARTMENT_MANAGER_ROLE):
		frappe.get_doc(
			{"doctype": "Role", "role_name": DEPARTMENT_MANAGER_ROLE, "desk_access": 1, "is_custom": 0}
		).insert(ignore_permissions=True)


def delete_department_manager_role():
	if frappe.db.exists("Role", DEPARTMENT_MANAGER_ROLE):
		frappe.db.delete("Has Role", {"role": DEPARTMENT_MANAGER_ROLE})
		frappe.delete_doc("Role", DEPARTMENT_MANAGER_ROLE, ignore_permissions=True, force=True)


COMPANY_BLOCK = "HR Credits Company"
COMPANY_BLOCK_HTML = (
	"""<div class="hrc-company"><span class="hrc-label"></span><select class="hrc-select"></select></div>"""
)
COMPANY_BLOCK_STYLE = """.hrc-company { display: flex; gap: 12px; align-items: center; flex-wrap: wrap;
	font-size: var(--text-base); color: var(--text-muted); }
.hrc-select { padding: 4px 8px; border-radius: var(--border-radius); border: 1px solid var(--border-color);
	background: var(--control-bg); color: var(--text-color); max-width: 100%; }"""
COMPANY_BLOCK_SCRIPT = """const boot = frappe.boot.hr_credit_app || {};
const companies = boot.companies || [];
const label = root_element.querySelector(".hrc-label");
const select = root_element.querySelector(".hrc-select");
if (!companies.length) {
	label.textContent = __("You may not see the credits of any company.");
	select.remove();
} else {
	label.textContent = __("The cards and charts below show the company");
	for (const company of companies) {
		const option = document.createElement("option");
		option.value = company;
		option.textContent = company;
		option.selected = company === hr_credit_app.default_company();
		select.appendChild(option);
	}
	select.addEventListener("change", () =>
		frappe
			.xcall("hr_credit_app.boot.set_credit_company", { company: select.value })
			.then(() => window.location.reload())
	);
}"""


# the block's texts, for translation (the script calls __() on them in the desk)
COMPANY_BLOCK_TEXTS = (
	_("The cards and charts below show the company"),
	_("You may not see the credits of any company."),
)


def make_company_block():
	"""The line at the top of the HR Credits workspace that names the company its figures are of,
	with a choice of the companies the user may see (a Custom HTML Block: Frappe has no other
	workspace widget that shows the user something of their own)."""
	values = {
		"html": COMPANY_BLOCK_HTML,
		"style": COMPANY_BLOCK_STYLE,
		"script": COMPANY_BLOCK_SCRIPT,
		"private": 0,
	}
	if frappe.db.exists("Custom HTML Block", COMPANY_BLOCK):
		frappe.db.set_value("Custom HTML Block", COMPANY_BLOCK, values)
	else:
		doc = frappe.new_doc("Custom HTML Block")
		doc.update(values)
		doc.name = COMPANY_BLOCK
		doc.flags.name_set = True
		doc.insert(ignore_permissions=True, set_name=COMPANY_BLOCK)


def delete_company_block():
	if frappe.db.exists("Custom HTML Block", COMPANY_BLOCK):
		frappe.delete_doc("Custom HTML Block", COMPANY_BLOCK, ignore_permissions=True, force=True)


# Link fields an employee fills (the survey's skills) or filters by (a report's department and
# designation) need the Select right on those doctypes; HRMS and ERPNext give employees none. Select
# lists names only, nothing more. Kept as Custom DocPerms, as HR would add them in Role Permissions.
SELECT_GRANTS = (("Skill", "Employee"), ("Department", "Employee"), ("Designation", "Employee"))


def let_employees_pick_skills():
	for doctype, role in SELECT_GRANTS:
		existing = frappe.db.get_value(
			"Custom DocPerm",
			{"parent": doctype, "role": role, "permlevel": 0, "if_owner": 0},
			["name", "select"],
		)
		if existing:
			if not existing[1]:
				frappe.db.set_value("Custom DocPerm", existing[0], "select", 1)
		else:
			from frappe.permissions import add_permission

			add_permission(doctype, role, ptype="select")
		frappe.clear_cache(doctype=doctype)


def forget_skill_picking():
	for doctype, role in SELECT_GRANTS:
		frappe.db.delete(
			"Custom DocPerm",
			{"parent": doctype, "role": role, "permlevel": 0, "select": 1, "read": 0, "write": 0},
		)
		frappe.clear_cache(doctype=doctype)


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


def delete_integration_role():
	if frappe.db.exists("Role", INTEGRATION_ROLE):
		frappe.db.delete("Has Role", {"role": INTEGRATION_ROLE})
		frappe.delete_doc("Role", INTEGRATION_ROLE, ignore_permissions=True, force=True)


def make_default_rules():
	if frappe.db.count("Credit Rule"):
		return
	for rule in DEFAULT_RULES:
		frappe.get_doc({"doctype": "Credit Rule", "enabled": 1, **localized_dict(rule)}).insert(
			ignore_permissions=True, ignore_if_duplicate=True
		)


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


def set_default_grades():
	settings = frappe.get_single("HR Credit Settings")
	if settings.grade_mappings:
		return
	for grade, score in DEFAULT_GRADES:
		settings.append("grade_mappings", {"grade": grade, "score": score})
	settings.flags.ignore_permissions = True
	settings.save()


def set_settings_defaults():
	"""Give every settings field that has a default its default, once (new fields after an update too)."""
	settings = frappe.get_single("HR Credit Settings")
	stored = frappe.db.get_singles_dict("HR Credit Settings")
	changed = False
	for df in settings.meta.fields:
		if (
			df.default is not None
			and df.fieldname not in stored
			and df.fieldtype not in frappe.model.no_value_fields
		):
			settings.set(df.fieldname, df.default)
			changed = True
	if changed:
		settings.flags.ignore_permissions = True
		settings.save()


def delete_custom_fields(custom_fields: dict[str, list[dict]]):
	for doctype, fields in custom_fields.items():
		for name in frappe.get_all(
			"Custom Field",
			filters={"dt": doctype, "fieldname": ("in", [field["fieldname"] for field in fields])},
			pluck="name",
		):
			frappe.delete_doc("Custom Field", name, ignore_permissions=True, force=True)
		frappe.clear_cache(doctype=doctype)
