"""What the app adds to other apps' doctypes and to the desk: custom fields, the workspace's
company block, number cards without currency, and indexes."""

import frappe
from frappe.desk.page.setup_wizard.install_fixtures import (
	_,  # NOTE: this is not the real translation function; it marks strings for extraction
)


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
		# each user turns the app's nudges off where they manage their notifications
		"Notification Settings": [
			{
				"fieldname": "hr_credit_nudges",
				"fieldtype": "Check",
				"label": _("Credit Nudges"),
				"description": _(
					"What your learning earned, a level reached, plan courses due, claims decided; and, for approvers and department managers, a weekly digest."
				),
				"default": "1",
				"insert_after": "enable_email_notifications",
			},
		],
	}


def delete_custom_fields(custom_fields: dict[str, list[dict]]):
	for doctype, fields in custom_fields.items():
		for name in frappe.get_all(
			"Custom Field",
			filters={"dt": doctype, "fieldname": ("in", [field["fieldname"] for field in fields])},
			pluck="name",
		):
			frappe.delete_doc("Custom Field", name, ignore_permissions=True, force=True)
		frappe.clear_cache(doctype=doctype)


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


def clear_number_card_currency():
	"""Our number cards count credits, percentages and people, not money. When Frappe imports a
	standard card it fills its Currency link from the importing user's default currency, and the
	desk then shows every value as money; clear it."""
	for name in frappe.get_all("Number Card", filters={"module": "HR Credit App"}, pluck="name"):
		frappe.db.set_value("Number Card", name, "currency", None, update_modified=False)


def ensure_index(doctype: str, name: str, columns: list[str], unique: bool = False) -> None:
	"""Create an index, or rebuild it when an earlier version of the app made it with other columns."""
	table = f"tab{doctype}"
	existing = [row[4] for row in frappe.db.sql(f"show index from `{table}` where Key_name = %s", name)]
	if existing == columns:
		return
	frappe.db.commit()  # DDL commits implicitly; make that explicit
	drop = f"drop index `{name}`, " if existing else ""
	frappe.db.sql_ddl(
		"alter table `{}` {}add {}index `{}` ({})".format(
			table, drop, "unique " if unique else "", name, ", ".join(f"`{c}`" for c in columns)
		)
	)


# Covering indexes on HRMS's tables for what Training Needs Analysis and the reviews read of each
# employee (the latest appraisal, its KRA scores, the skill ratings): without them each row is a
# lookup in the table itself. Named for the app; removed when it is uninstalled.
HOST_INDEXES = (
	(
		"Appraisal",
		"hr_credit_appraisal_index",
		["employee", "docstatus", "end_date", "final_score", "start_date", "appraisal_cycle"],
	),
	("Appraisal KRA", "hr_credit_kra_score_index", ["parent", "parenttype", "kra", "goal_completion"]),
	("Employee Skill", "hr_credit_skill_rating_index", ["parent", "parenttype", "skill", "proficiency"]),
)


def add_host_indexes():
	for doctype, name, columns in HOST_INDEXES:
		if frappe.db.table_exists(doctype) and all(frappe.db.has_column(doctype, c) for c in columns):
			ensure_index(doctype, name, columns)


def drop_host_indexes():
	for doctype, name, _columns in HOST_INDEXES:
		if frappe.db.table_exists(doctype) and frappe.db.sql(
			f"show index from `tab{doctype}` where Key_name = %s", name
		):
			frappe.db.commit()  # DDL commits implicitly; make that explicit
			frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{name}`")


def add_indexes():
	"""Indexes declared in on_doctype_update, also for sites whose doctypes did not change in this
	update (Frappe runs on_doctype_update only when a DocType is synced). add_index skips existing ones."""
	for doctype in (
		"Credit Entry",
		"Credit Evidence",
		"Credit Enrolment",
		"Credit Payout",
		"Credit Balance",
		"Credit Completion",
	):
		controller = frappe.get_module(
			f"hr_credit_app.hr_credit_app.doctype.{frappe.scrub(doctype)}.{frappe.scrub(doctype)}"
		)
		if hasattr(controller, "on_doctype_update"):
			controller.on_doctype_update()
	add_host_indexes()
