"""The records shipped at install: credit categories, award rules, grades and settings defaults.

They are created once; HR may edit them afterwards and migrate never overwrites their changes.
"""

import frappe
from frappe.desk.page.setup_wizard.install_fixtures import (
	_,  # NOTE: this is not the real translation function; it marks strings for extraction
)

from hr_credit_app.setup.language import localized_dict

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


def make_default_categories():
	if frappe.db.count("Credit Category"):
		return
	for category in DEFAULT_CATEGORIES:
		doc = frappe.get_doc({"doctype": "Credit Category", **localized_dict(category)})
		doc.flags.ignore_share_total = True  # the three shares add up to 100 only once all exist
		doc.insert(ignore_permissions=True, ignore_if_duplicate=True)


def make_default_rules():
	if frappe.db.count("Credit Rule"):
		return
	for rule in DEFAULT_RULES:
		frappe.get_doc({"doctype": "Credit Rule", "enabled": 1, **localized_dict(rule)}).insert(
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
