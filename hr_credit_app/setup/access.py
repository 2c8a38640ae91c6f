"""The app's roles, and the Select rights employees need to fill the survey and filter reports."""

import frappe

from hr_credit_app.permissions import DEPARTMENT_MANAGER_ROLE, INTEGRATION_ROLE

# The app's roles and whether they work in the desk:
# - Credit Integration: the API users of learning platforms; they may call submit_evidence and
#   nothing else (no desk).
# - Credit Department Manager: reads their people's credits, levels and plans; the departments
#   come from their Department User Permissions (which restrict, never grant).
ROLES = ((INTEGRATION_ROLE, 0), (DEPARTMENT_MANAGER_ROLE, 1))


def make_roles():
	for role, desk_access in ROLES:
		if not frappe.db.exists("Role", role):
			frappe.get_doc(
				{"doctype": "Role", "role_name": role, "desk_access": desk_access, "is_custom": 0}
			).insert(ignore_permissions=True)


def delete_roles():
	for role, _desk_access in ROLES:
		if frappe.db.exists("Role", role):
			frappe.db.delete("Has Role", {"role": role})
			frappe.delete_doc("Role", role, ignore_permissions=True, force=True)


# Link fields an employee fills (the survey's skills) or filters by (a report's department and
# designation) need the Select right on those doctypes; HRMS and ERPNext give employees none. Select
# lists names only, nothing more. Kept as Custom DocPerms, as HR would add them in Role Permissions.
# Every report of the app filters by company: Frappe 16 refuses to run a report whose Link filter
# names a record the user may neither read nor select ("You do not have permission to access
# Company: ..."), and ERPNext lets HR User, HR Manager and the app's department managers read no
# Company unless they also hold the Employee role. A Company User Permission still restricts them.
SELECT_GRANTS = (
	("Skill", "Employee"),
	("Department", "Employee"),
	("Designation", "Employee"),
	("Company", "HR User"),
	("Company", "HR Manager"),
	("Company", DEPARTMENT_MANAGER_ROLE),
)


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


# HRMS puts employees on its "Employee Self Service" user type, whose users may use only the doctypes
# the type lists. Claims, redemptions, the offers, their own credits and the survey are theirs too.
SELF_SERVICE_USER_TYPE = "Employee Self Service"
SELF_SERVICE_DOCTYPES = {
	"Credit Claim": ("read", "write", "create"),
	"Credit Redemption": ("read", "write", "create"),
	"Credit Offer": ("read",),
	"Credit Entry": ("read",),
	"Credit Survey Response": ("read", "write", "create"),
}


def let_self_service_users_claim():
	if not frappe.db.exists("User Type", SELF_SERVICE_USER_TYPE):
		return
	doc = frappe.get_doc("User Type", SELF_SERVICE_USER_TYPE)
	listed = {row.document_type for row in doc.user_doctypes}
	missing = [doctype for doctype in SELF_SERVICE_DOCTYPES if doctype not in listed]
	if not missing:
		return
	for doctype in missing:
		doc.append(
			"user_doctypes", {"document_type": doctype, **dict.fromkeys(SELF_SERVICE_DOCTYPES[doctype], 1)}
		)
	doc.flags.ignore_links = True
	try:
		doc.save(ignore_permissions=True)
	except frappe.ValidationError:
		# the site's user_type_doctype_limit is too small: say so, install on
		frappe.clear_last_message()
		frappe.log_error(title="HR Credit App: Employee Self Service user type")
		print(
			"HR Credit App: could not add its doctypes to the user type Employee Self Service "
			"(raise user_type_doctype_limit in site_config.json and migrate)."
		)


def forget_self_service():
	if not frappe.db.exists("User Type", SELF_SERVICE_USER_TYPE):
		return
	frappe.db.delete(
		"User Document Type",
		{"parent": SELF_SERVICE_USER_TYPE, "document_type": ("in", list(SELF_SERVICE_DOCTYPES))},
	)
	frappe.clear_cache()
