"""Install and uninstall: shipped records, custom fields and settings defaults.

Records shipped here (the three default credit categories) are created once, on install; HR may
edit them afterwards and migrate never overwrites their changes. Uninstall removes what install
added outside the app's own doctypes (custom fields on HRMS / ERPNext doctypes); Frappe drops the
app's doctypes and their records itself.
"""

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


def get_custom_fields() -> dict[str, list[dict]]:
	"""Custom fields this app adds to doctypes of other apps."""
	return {}


def after_install():
	create_custom_fields(get_custom_fields(), ignore_validate=True)
	make_integration_role()
	make_default_categories()
	make_default_rules()
	set_settings_defaults()
	set_default_grades()


def after_migrate():
	create_custom_fields(get_custom_fields(), ignore_validate=True)
	set_settings_defaults()


def before_uninstall():
	delete_custom_fields(get_custom_fields())
	delete_integration_role()
	click.secho("HR Credit App: custom fields and the Credit Integration role removed.", fg="green")


def before_tests():
	from hrms.tests.test_utils import before_tests as hrms_before_tests

	hrms_before_tests()


def make_default_categories():
	if frappe.db.count("Credit Category"):
		return
	for category in DEFAULT_CATEGORIES:
		doc = frappe.get_doc({"doctype": "Credit Category", **category})
		doc.flags.ignore_share_total = True  # the three shares add up to 100 only once all exist
		doc.insert(ignore_permissions=True, ignore_if_duplicate=True)


def make_integration_role():
	"""A role for the API users of learning platforms: it may call submit_evidence and nothing else."""
	if not frappe.db.exists("Role", INTEGRATION_ROLE):
		frappe.get_doc(
			{"doctype": "Role", "role_name": INTEGRATION_ROLE, "desk_access": 0, "is_custom": 0}
		).insert(ignore_permissions=True)


def delete_integration_role():
	if frappe.db.exists("Role", INTEGRATION_ROLE):
		frappe.db.delete("Has Role", {"role": INTEGRATION_ROLE})
		frappe.delete_doc("Role", INTEGRATION_ROLE, ignore_permissions=True, force=True)


def make_default_rules():
	if frappe.db.count("Credit Rule"):
		return
	for rule in DEFAULT_RULES:
		frappe.get_doc({"doctype": "Credit Rule", "enabled": 1, **rule}).insert(
			ignore_permissions=True, ignore_if_duplicate=True
		)


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
