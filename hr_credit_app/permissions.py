"""Who may see whose credits: roles grant, User Permissions restrict (never the other way round).

- **HR** (HR Manager, HR User, System Manager): every employee of the companies they may see. A
  Company User Permission restricts an HR user to those companies, in lists, forms, reports, number
  cards and APIs alike.
- **Credit Department Manager** (a role the app ships): the employees of the departments they hold
  a Department User Permission for (and their sub-departments): credits, levels, enrolments and
  plans; never money (payouts, honour rewards). Without that role a Department User Permission
  grants nothing.
- **Anyone else**: the employees linked to their own user.

Money (Credit Payout, the Credit Honour Award and its rewards) is for HR and for the employee it
pays, nobody else.
"""

import frappe
from frappe import _

from hr_credit_app import safe

HR_ROLES = frozenset({"HR Manager", "HR User", "System Manager"})
DEPARTMENT_MANAGER_ROLE = "Credit Department Manager"
# the API users of learning platforms: they may call submit_evidence and nothing else
INTEGRATION_ROLE = "Credit Integration"
MONEY_DOCTYPES = frozenset({"Credit Payout", "Credit Honour Award"})
# User Permissions of these kinds restrict what our doctypes show (empty: for every doctype)
APPLICABLE_FOR = (None, "", "Employee", "Credit Entry")


def is_hr(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(HR_ROLES.intersection(frappe.get_roles(user)))


def is_department_manager(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return DEPARTMENT_MANAGER_ROLE in frappe.get_roles(user)


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


def require_desk_user(user: str | None = None) -> None:
	"""Workspace data (number cards, charts) is for desk users: website users get nothing."""
	user = user or frappe.session.user
	if user == "Guest" or frappe.get_cached_value("User", user, "user_type") != "System User":
		frappe.throw(_("Not permitted."), frappe.PermissionError)


def get_own_employees(user: str | None = None) -> list[str]:
	user = user or frappe.session.user
	return frappe.get_all("Employee", filters={"user_id": user}, pluck="name") if user != "Guest" else []


def _user_permissions(doctype: str, user: str) -> list[dict]:
	from frappe.permissions import get_user_permissions

	return [
		perm
		for perm in get_user_permissions(user).get(doctype, [])
		if perm.get("applicable_for") in APPLICABLE_FOR
	]


def get_permitted_companies(user: str | None = None) -> list[str] | None:
	"""The companies a Company User Permission restricts the user to; None: not restricted."""
	user = user or frappe.session.user
	if user == "Administrator":
		return None
	companies = sorted({perm.get("doc") for perm in _user_permissions("Company", user)})
	return companies or None


def get_permitted_departments(user: str | None = None) -> list[str]:
	"""The departments a Credit Department Manager manages: their Department User Permissions, with
	sub-departments unless hidden. Empty for anyone without that role."""
	from frappe.utils.nestedset import get_descendants_of

	user = user or frappe.session.user
	if not is_department_manager(user):
		return []
	departments = set()
	for perm in _user_permissions("Department", user):
		departments.add(perm.get("doc"))
		if not perm.get("hide_descendants"):
			departments.update(get_descendants_of("Department", perm.get("doc"), ignore_permissions=True))
	return sorted(departments)


def can_see_company(company: str | None, user: str | None = None) -> bool:
	user = user or frappe.session.user
	if is_hr(user):
		companies = get_permitted_companies(user)
		return companies is None or company in companies
	return company in visible_companies(user)


def visible_companies(user: str | None = None) -> list[str]:
	"""Companies a user has anyone to see in: HR's permitted ones; else their employees' and their
	departments' companies."""
	user = user or frappe.session.user
	if is_hr(user):
		companies = get_permitted_companies(user)
		return (
			companies if companies is not None else frappe.get_all("Company", pluck="name", order_by="name")
		)
	companies = set(
		frappe.get_all("Employee", filters={"user_id": user}, pluck="company") if user != "Guest" else []
	)
	if departments := get_permitted_departments(user):
		companies.update(frappe.get_all("Department", filters={"name": ("in", departments)}, pluck="company"))
	return sorted(company for company in companies if company)


def check_company_access(company: str | None, user: str | None = None) -> None:
	if not company or not can_see_company(company, user):
		frappe.throw(
			_("You are not permitted to see the credits of company {0}.").format(safe.bold(company)),
			frappe.PermissionError,
		)


def can_view_employee(employee: str, user: str | None = None, money: bool = False) -> bool:
	"""Whether the user may see this employee's credits (``money``: also what the employee is paid)."""
	user = user or frappe.session.user
	if not employee or user == "Guest":
		return False
	if is_hr(user):
		companies = get_permitted_companies(user)
		return companies is None or frappe.db.get_value("Employee", employee, "company") in companies
	if employee in get_own_employees(user):
		return True
	if money:
		return False
	departments = get_permitted_departments(user)
	return bool(departments) and frappe.db.get_value("Employee", employee, "department") in departments


def check_employee_access(employee: str, user: str | None = None, money: bool = False) -> None:
	if not can_view_employee(employee, user, money=money):
		frappe.throw(
			_("You are not permitted to see the credits of employee {0}.").format(safe.bold(employee)),
			frappe.PermissionError,
		)


def employee_scope_condition(doctype: str, user: str | None = None) -> str:
	"""SQL condition limiting an employee-keyed doctype to what the user may see."""
	user = user or frappe.session.user
	if is_hr(user):
		companies = get_permitted_companies(user)
		if companies is None:
			return ""
		return "`tab{}`.`company` in ({})".format(doctype, ", ".join(frappe.db.escape(c) for c in companies))
	conditions = []
	if employees := get_own_employees(user):
		conditions.append(
			"`tab{}`.`employee` in ({})".format(doctype, ", ".join(frappe.db.escape(e) for e in employees))
		)
	if doctype not in MONEY_DOCTYPES and (departments := get_permitted_departments(user)):
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
	"""Every right on an employee's record (read, write, submit, cancel ...) needs sight of that
	employee; what each role may do on top of that is its role permission."""
	return can_view_employee(doc.employee, user, money=doc.doctype in MONEY_DOCTYPES)


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
	if is_hr(user):
		return True
	if not doc.employee:
		# a new answer is for the user's own employee (set on insert); a stored one without an
		# employee is HR's
		return ptype == "create" and bool(get_own_employees(user))
	return doc.employee in get_own_employees(user)


def credit_claim_query_conditions(user: str | None = None) -> str:
	"""Claims: whom the user may see (as for credits), and the claims routed to them for approval."""
	user = user or frappe.session.user
	condition = employee_scope_condition("Credit Claim", user)
	if is_hr(user) or user == "Guest":
		return condition
	routed = f"`tabCredit Claim`.`approver` = {frappe.db.escape(user)}"
	return f"({condition} or {routed})" if condition != "1=0" else routed


def credit_claim_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool:
	"""HR: as for credits. The claimant: their own claims, changed only while the claim is theirs
	(draft, sent back). The approver: the claims routed to them, changed only while awaiting them.
	A department manager reads their people's claims. The controller holds the rest (who moves a
	claim, who grants credits)."""
	from hr_credit_app.engine import claims as rules

	user = user or frappe.session.user
	if user == "Guest":
		return False
	if is_hr(user):
		return not doc.employee or can_view_employee(doc.employee, user)
	own = get_own_employees(user)
	if not doc.employee:
		return ptype == "create" and bool(own)
	# who the claim is with as stored: a workflow action sets the next state (and its status)
	# before it saves, and the right to save is the right of the state the claim was in
	stored = (
		frappe.db.get_value(
			"Credit Claim", doc.name, ["status", "docstatus", "approver", "employee"], as_dict=True
		)
		if doc.name and not doc.get("__islocal")
		else None
	) or doc
	status = stored.status or rules.DRAFT
	if stored.employee in own:
		if ptype in (None, "read", "print", "email"):
			return True
		return (
			ptype in ("create", "write", "delete")
			and status in rules.CLAIMANT_STATUSES
			and not stored.docstatus
		)
	if stored.approver == user:
		if ptype in (None, "read", "print"):
			return True
		return ptype == "write" and status == rules.PENDING_APPROVAL
	if ptype in (None, "read", "print"):
		departments = get_permitted_departments(user)
		return bool(departments) and doc.department in departments
	return False


def credit_offer_query_conditions(user: str | None = None) -> str:
	"""Offers of the companies the user may see (an employee: their own company's)."""
	user = user or frappe.session.user
	if is_hr(user) and get_permitted_companies(user) is None:
		return ""
	companies = visible_companies(user)
	if not companies:
		return "1=0"
	return "`tabCredit Offer`.`company` in ({})".format(", ".join(frappe.db.escape(c) for c in companies))


def credit_offer_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user == "Guest":
		return False
	return not doc.company or can_see_company(doc.company, user)


def credit_redemption_query_conditions(user: str | None = None) -> str:
	return employee_scope_condition("Credit Redemption", user)


def credit_redemption_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool:
	"""As for credits; the employee changes their request only while HR has not decided it."""
	user = user or frappe.session.user
	if user == "Guest":
		return False
	if not doc.employee:
		return ptype == "create" and bool(get_own_employees(user))
	if not can_view_employee(doc.employee, user):
		return False
	if is_hr(user) or ptype in (None, "read", "print", "email"):
		return True
	if doc.employee not in get_own_employees(user):
		return False  # a department manager reads their people's requests, nothing more
	stored = (
		frappe.db.get_value("Credit Redemption", doc.name, ["status", "docstatus"], as_dict=True)
		if doc.name and not doc.get("__islocal")
		else None
	)
	return ptype in ("create", "write") and (
		not stored or (stored.status == "Requested" and not stored.docstatus)
	)
