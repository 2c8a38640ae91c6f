"""Who may see whose credits.

HR (HR Manager, HR User, System Manager) sees everyone. Any other user sees the employees linked
to their own user, plus, for a department manager, the employees of the departments they hold a
Department User Permission for (Frappe's standard user-permission mechanism).
"""

import frappe
from frappe import _

HR_ROLES = frozenset({"HR Manager", "HR User", "System Manager"})


def is_hr(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(HR_ROLES.intersection(frappe.get_roles(user)))


def require_roles(roles, user: str | None = None) -> None:
	"""Raise PermissionError unless the user has one of ``roles``.

	Unlike ``frappe.only_for``, which lets every call pass while tests run, this check holds in
	tests too, so that the tests prove it.
	"""
	user = user or frappe.session.user
	if user == "Administrator" or not set(roles).isdisjoint(frappe.get_roles(user)):
		return
	frappe.throw(
		_("This action is only allowed for {0}.").format(", ".join(frappe.bold(_(role)) for role in roles)),
		frappe.PermissionError,
	)


def get_own_employees(user: str | None = None) -> list[str]:
	user = user or frappe.session.user
	return frappe.get_all("Employee", filters={"user_id": user}, pluck="name") if user != "Guest" else []


def get_permitted_departments(user: str | None = None) -> list[str]:
	"""Departments the user holds a Department User Permission for (descendants included unless hidden)."""
	from frappe.permissions import get_user_permissions
	from frappe.utils.nestedset import get_descendants_of

	departments = set()
	for perm in get_user_permissions(user or frappe.session.user).get("Department", []):
		if perm.get("applicable_for") and perm.get("applicable_for") not in ("Employee", "Credit Entry"):
			continue
		departments.add(perm.get("doc"))
		if not perm.get("hide_descendants"):
			departments.update(get_descendants_of("Department", perm.get("doc"), ignore_permissions=True))
	return sorted(departments)


def can_view_employee(employee: str, user: str | None = None) -> bool:
	user = user or frappe.session.user
	if is_hr(user):
		return True
	if employee in get_own_employees(user):
		return True
	departments = get_permitted_departments(user)
	return bool(departments) and frappe.db.get_value("Employee", employee, "department") in departments


def check_employee_access(employee: str, user: str | None = None) -> None:
	if not can_view_employee(employee, user):
		frappe.throw(
			_("You are not permitted to see the credits of employee {0}.").format(frappe.bold(employee)),
			frappe.PermissionError,
		)


def employee_scope_condition(doctype: str, user: str | None = None) -> str:
	"""SQL condition limiting an employee-keyed doctype to what a non-HR user may see."""
	user = user or frappe.session.user
	if is_hr(user):
		return ""
	conditions = []
	if employees := get_own_employees(user):
		conditions.append(
			"`tab{}`.`employee` in ({})".format(doctype, ", ".join(frappe.db.escape(e) for e in employees))
		)
	if departments := get_permitted_departments(user):
		conditions.append(
			"`tab{}`.`department` in ({})".format(
				doctype, ", ".join(frappe.db.escape(d) for d in departments)
			)
		)
	return "({})".format(" or ".join(conditions)) if conditions else "1=0"


def credit_entry_query_conditions(user: str | None = None) -> str:
	return employee_scope_condition("Credit Entry", user)


def credit_enrolment_query_conditions(user: str | None = None) -> str:
	return employee_scope_condition("Credit Enrolment", user)


def credit_payout_query_conditions(user: str | None = None) -> str:
	return employee_scope_condition("Credit Payout", user)


def credit_honour_award_query_conditions(user: str | None = None) -> str:
	return employee_scope_condition("Credit Honour Award", user)


def employee_record_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool:
	if ptype not in (None, "read", "print", "email", "export", "report"):
		return True  # write, submit and cancel rights come from the role permissions alone
	return can_view_employee(doc.employee, user)


def credit_survey_response_query_conditions(user: str | None = None) -> str:
	"""Survey answers are personal: HR sees all of them, anyone else only their own."""
	user = user or frappe.session.user
	if is_hr(user):
		return ""
	employees = get_own_employees(user)
	if not employees:
		return "1=0"
	return "`tabCredit Survey Response`.`employee` in ({})".format(
		", ".join(frappe.db.escape(e) for e in employees)
	)


def survey_response_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool:
	user = user or frappe.session.user
	return is_hr(user) or not doc.employee or doc.employee in get_own_employees(user)
