"""Every cell of the permission matrix (``permission_matrix.py``, shown in SECURITY.md), asserted on a
real site: eight personas x every doctype, report, whitelisted method and page of the app x the
actions x whose record. Denied means Frappe's permission check says no (for doctypes) or the call
raises PermissionError (reports, methods); allowed means it does not.
"""

import inspect
from pathlib import Path

import pytest

import frappe
from frappe.utils import random_string, today

from hr_credit_app import claims, intake
from hr_credit_app.ledger import post

from . import permission_matrix as matrix
from .factories import COMPANY, employee_user, new_course, new_employee

ROOT = Path(__file__).resolve().parents[2]


def _department(name: str, company: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Department",
				"department_name": name,
				"company": company,
				"parent_department": "All Departments",
			}
		)
		.insert()
		.name
	)


def _user(roles=(), employee=None, website=False) -> str:
	if employee:
		user = employee_user(employee)
		if roles:
			frappe.get_doc("User", user).add_roles(*roles)
		return user
	doc = frappe.get_doc(
		{
			"doctype": "User",
			"email": f"matrix-{random_string(8).lower()}@example.com",
			"first_name": "Matrix",
			"send_welcome_email": 0,
			"user_type": "Website User" if website else "System User",
			"roles": [{"role": role} for role in roles],
		}
	).insert(ignore_permissions=True)
	return doc.name


def _restrict(user, doctype, value):
	if frappe.db.exists("User Permission", {"user": user, "allow": doctype, "for_value": value}):
		return  # ERPNext gives every employee's user one for their company
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": user,
			"allow": doctype,
			"for_value": value,
			"apply_to_all_doctypes": 1,
		}
	).insert(ignore_permissions=True)


def _records(employee: str, company: str, course: str) -> dict:
	"""One record of each employee-keyed doctype for ``employee``."""
	department = frappe.db.get_value("Employee", employee, "department")
	tag = random_string(8)
	entry = post(
		[{"employee": employee, "credits": 2, "course": course, "source": "Import", "award_key": "m:" + tag}]
	)
	good = intake.intake(
		[
			{
				"external_id": "m-" + tag,
				"employee": employee,
				"course": course,
				"kind": "completion",
				"value": 50,
				"date": today(),
			}
		],
		source_system="matrix",
	)
	bad = intake.intake(
		[
			{
				"external_id": "b-" + tag,
				"employee": employee,
				"course": "NOPE-" + tag,
				"kind": "completion",
				"value": 50,
				"date": today(),
			}
		],
		source_system="matrix",
	)
	evidence = good["rows"][0]["evidence"]
	records = {
		"Credit Entry": entry["posted"]["m:" + tag],
		"Credit Evidence": evidence,
		"Credit Evidence (rejected)": bad["rows"][0]["evidence"],
		"Credit Enrolment": frappe.db.get_value("Credit Evidence", evidence, "enrolment"),
	}
	for doctype in ("Credit Payout", "Credit Honour Award"):
		doc = frappe.get_doc(
			{
				"doctype": doctype,
				"employee": employee,
				"company": company,
				"department": department,
				("payout_key" if doctype == "Credit Payout" else "award_key"): "m:" + tag,
			}
		)
		doc.db_insert()
		records[doctype] = doc.name
	records["Credit Claim"] = (
		frappe.get_doc(
			{
				"doctype": "Credit Claim",
				"employee": employee,
				"title": "Matrix " + tag,
				"kind": "Conference",
				"claim_date": today(),
				"hours": 2,
				"category": "Compulsory",
			}
		)
		.insert()
		.name
	)
	offer = frappe.get_doc(
		{"doctype": "Credit Offer", "offer_name": "Matrix " + tag, "company": company, "price": 1}
	).insert()
	records["Credit Redemption"] = (
		frappe.get_doc({"doctype": "Credit Redemption", "employee": employee, "offer": offer.name})
		.insert()
		.name
	)
	records["Credit Survey Response"] = (
		frappe.get_doc(
			{
				"doctype": "Credit Survey Response",
				"employee": employee,
				"company": company,
				"survey_cycle": "M" + tag,
			}
		)
		.insert()
		.name
	)
	return records


@pytest.fixture(scope="module")
def world():
	frappe.set_user("Administrator")
	other = frappe.db.get_value("Company", {"name": ("!=", COMPANY)}, "name")
	if not other:
		other = (
			frappe.get_doc(
				{
					"doctype": "Company",
					"company_name": "Matrix Other " + random_string(4),
					"abbr": "MO" + random_string(3).upper(),
					"default_currency": "CNY",
					"country": "China",
				}
			)
			.insert()
			.name
		)
	tag = random_string(4)
	d1, d2 = _department("Matrix A " + tag, COMPANY), _department("Matrix B " + tag, COMPANY)
	d3 = _department("Matrix C " + tag, other)
	course = new_course(base_credits=2).name
	people = {
		"employee": new_employee(department=d1),
		"department_manager": new_employee(department=d1),
		"hr_user_company": new_employee(department=d1),
		# HR staff whose Employee records do not restrict them (ERPNext's "Create User Permission" off)
		"hr_user": new_employee(department=d1, create_user_permission=0),
		"hr_manager": new_employee(department=d1, create_user_permission=0),
	}
	users = {
		"guest": "Guest",
		"website_user": _user(website=True),
		"employee": _user(employee=people["employee"]),
		"department_manager": _user(["Credit Department Manager"], people["department_manager"]),
		"hr_user_company": _user(["HR User"], people["hr_user_company"]),
		"hr_user": _user(["HR User"], people["hr_user"]),
		"hr_manager": _user(["HR Manager"], people["hr_manager"]),
		"integration": _user(["Credit Integration"]),
	}
	_restrict(users["department_manager"], "Department", d1)
	_restrict(users["hr_user_company"], "Company", COMPANY)
	colleague, elsewhere = new_employee(department=d1), new_employee(department=d2)
	outsider = new_employee(company=other, department=d3)
	records = {
		"department": _records(colleague, COMPANY, course),
		"other department": _records(elsewhere, COMPANY, course),
	}
	records["other company"] = _records(outsider, other, course)
	own = {persona: _records(employee, COMPANY, course) for persona, employee in people.items()}
	employees = {"department": colleague, "other department": elsewhere, "other company": outsider}
	from hr_credit_app.setup.payroll import make_example_policy

	policies = {
		"own": frappe.db.get_value("Credit Incentive Policy", {"company": COMPANY}),
		"other company": frappe.db.get_value("Credit Incentive Policy", {"company": other})
		or make_example_policy(other),
	}
	company_records = {"Credit Incentive Policy": policies}
	company_records["Credit Policy Scenario"] = {
		whose: frappe.get_doc(
			{
				"doctype": "Credit Policy Scenario",
				"scenario_name": f"Matrix {whose} {tag}",
				"company": company,
				"levels": [{"level_name": "L1", "min_credits": 10, "monthly_allowance": 100}],
			}
		)
		.insert()
		.name
		for whose, company in (("own", COMPANY), ("other company", other))
	}
	company_records["Credit Offer"] = {
		whose: frappe.get_doc(
			{"doctype": "Credit Offer", "offer_name": f"Matrix {whose} {tag}", "company": company, "price": 5}
		)
		.insert()
		.name
		for whose, company in (("own", COMPANY), ("other company", other))
	}
	company_records["Training Plan"] = {
		whose: frappe.get_doc(
			{
				"doctype": "Training Plan",
				"plan_name": f"Matrix {whose} {tag}",
				"company": company,
				"audience": "Company",
				"from_date": today(),
				"to_date": today(),
				"due_date": today(),
				"courses": [{"course": course}],
			}
		)
		.insert()
		.name
		for whose, company in (("own", COMPANY), ("other company", other))
	}
	frappe.db.savepoint("matrix")
	yield frappe._dict(
		users=users,
		people=people,
		own=own,
		records=records,
		employees=employees,
		companies={"own": COMPANY, "other company": other},
		company_records=company_records,
		course=course,
	)
	frappe.set_user("Administrator")
	frappe.db.rollback()


@pytest.fixture(autouse=True)
def rollback(world):
	frappe.set_user("Administrator")
	yield
	frappe.set_user("Administrator")
	frappe.db.rollback(save_point="matrix")


def record(world, persona, doctype, whose):
	if doctype in world.company_records:
		return world.company_records[doctype][whose]
	if doctype in ("Credit Course", "Credit Category", "Credit Rule", "HR Credit Settings"):
		return {
			"Credit Course": world.course,
			"Credit Category": "Compulsory",
			"Credit Rule": frappe.db.get_value("Credit Rule", {}),
			"HR Credit Settings": "HR Credit Settings",
		}[doctype]
	if whose == "own":
		return world.own[persona][doctype] if persona in world.own else None
	return world.records[whose][doctype]


def employee_of(world, persona, whose):
	return world.people.get(persona) if whose == "own" else world.employees[whose]


def listed(user, doctype, name) -> bool:
	frappe.set_user(user)
	try:
		return name in frappe.get_list(doctype, filters={"name": name}, pluck="name")
	except frappe.PermissionError:
		return False
	finally:
		frappe.set_user("Administrator")


@pytest.mark.parametrize("doctype", list(matrix.DOCTYPES))
def test_doctype_permissions(world, doctype):
	whose_kind, actions = matrix.DOCTYPES[doctype]
	wrong = []
	for action, grants in actions.items():
		for persona, user in world.users.items():
			for whose in whose_kind:
				name = record(world, persona, doctype, whose)
				if name is None:
					continue  # a persona with no employee record has no own record
				expected = whose in grants[persona]
				doc = frappe.get_doc(doctype, name)
				allowed = bool(frappe.has_permission(doctype, action, doc=doc, user=user))
				if action == "read" and doctype != "HR Credit Settings":
					allowed = allowed and listed(user, doctype, name)
				if allowed != expected:
					wrong.append(
						(action, matrix.PERSONAS[persona], whose, "allowed" if allowed else "denied")
					)
	assert wrong == [], "\n".join(map(str, wrong))


def denied(user, call) -> bool:
	frappe.set_user(user)
	try:
		call()
	except frappe.PermissionError:
		return True
	except Exception:
		return False  # refused for another reason (bad input, nothing to do): permitted
	finally:
		frappe.set_user("Administrator")
	return False


def report_filters(world, report, company):
	filters = {"company": company}
	if report == "Training Effectiveness":
		filters["course"] = world.course
	if report == "Policy What-If":
		filters["scenario"] = world.company_records["Credit Policy Scenario"][
			"own" if company == COMPANY else "other company"
		]
	return filters


# The Link filters the desk sends with these filter values (the reports' JS defines them).
LINK_FILTERS = {"company": "Company", "course": "Credit Course", "scenario": "Credit Policy Scenario"}


def run_as_the_desk(report, filters):
	"""Run a report as the desk does: on Frappe 16 the runner also receives the JS filters and
	refuses a Link filter value the user may neither read nor select. On 15, which does not check,
	the same check is made here, so that both majors hold the app to it."""
	from frappe.desk.query_report import run

	js_filters = [
		{"fieldname": fieldname, "fieldtype": "Link", "options": LINK_FILTERS[fieldname]}
		for fieldname in filters
		if fieldname in LINK_FILTERS
	]
	if "js_filters" in inspect.signature(run).parameters:
		try:
			return run(report, filters=filters, ignore_prepared_report=True, js_filters=js_filters)
		except frappe.ValidationError as error:
			if "You do not have permission to access" in str(error):
				raise frappe.PermissionError(str(error)) from error
			raise
	for field in js_filters:
		value = filters[field["fieldname"]]
		if not (
			frappe.has_permission(field["options"], "read", doc=value)
			or frappe.has_permission(field["options"], "select", doc=value)
		):
			raise frappe.PermissionError(f"{field['options']}: {value}")
	return run(report, filters=filters, ignore_prepared_report=True)


@pytest.mark.parametrize("report", list(matrix.REPORTS))
def test_report_permissions(world, report):
	wrong = []
	for persona, user in world.users.items():
		for whose, company in world.companies.items():
			expected = whose in matrix.REPORTS[report][persona]
			refused = denied(
				user,
				lambda company=company: run_as_the_desk(report, report_filters(world, report, company)),
			)
			if refused == expected:
				wrong.append((matrix.PERSONAS[persona], whose, "denied" if refused else "allowed"))
			frappe.db.rollback(save_point="matrix")
	assert wrong == [], "\n".join(map(str, wrong))


def method_call(world, method, persona, whose):
	from hr_credit_app import api, dashboard, employee_page, honours
	from hr_credit_app.hr_credit_app.doctype.credit_category.credit_category import set_target_shares
	from hr_credit_app.hr_credit_app.doctype.credit_rule.credit_rule import reevaluate_enrolments
	from hr_credit_app.reviews import optimisation

	employee = employee_of(world, persona, whose) if whose in matrix.EMPLOYEE_WHOSE else None
	company = world.companies.get(whose, COMPANY)
	year = int(today()[:4]) - 1
	calls = {
		"api.get_credit_summary": lambda: api.get_credit_summary(employee),
		"api.get_credit_status": lambda: api.get_credit_status(employee),
		"employee_page.get_my_credits (/my-credits)": lambda: employee_page.get_my_credits(employee),
		"api.submit_evidence": lambda: api.submit_evidence(data=[{"external_id": "m"}]),
		"claims.file_claim (/my-credits)": lambda: claims.file_claim(
			title="Matrix claim",
			kind="Talk Held",
			claim_date=today(),
			category="Compulsory",
			employee=employee,
		),
		"dashboard (number cards, charts)": lambda: dashboard.employees_at_a_level({"company": company}),
		"api.post_allowances": lambda: api.post_allowances(company, f"{year}-01-01", f"{year}-01-31"),
		"honours.award_honours": lambda: honours.award_honours(company, year),
		"credit_rule.reevaluate_enrolments": reevaluate_enrolments,
		"credit_category.set_target_shares": lambda: set_target_shares({"Compulsory": 40}),
		"reviews.optimisation.apply_suggestion": lambda: optimisation.apply_suggestion({"kind": "none"}),
		"Credit Evidence.retry": lambda: frappe.get_doc(
			"Credit Evidence", record(world, persona, "Credit Evidence (rejected)", whose)
		).retry(),
		"Credit Evidence.withdraw": lambda: frappe.get_doc(
			"Credit Evidence", record(world, persona, "Credit Evidence", whose)
		).withdraw(),
		"Credit Enrolment.reevaluate": lambda: frappe.get_doc(
			"Credit Enrolment", record(world, persona, "Credit Enrolment", whose)
		).reevaluate(),
	}
	return calls[method]


@pytest.mark.parametrize("method", list(matrix.METHODS))
def test_method_and_page_permissions(world, method):
	whose_kind, grants = matrix.METHODS[method]
	wrong = []
	for persona, user in world.users.items():
		for whose in whose_kind:
			if whose == "own" and whose_kind == matrix.EMPLOYEE_WHOSE and persona not in world.people:
				continue
			expected = whose in grants[persona]
			refused = denied(user, method_call(world, method, persona, whose))
			if refused == expected:
				wrong.append((matrix.PERSONAS[persona], whose, "denied" if refused else "allowed"))
			frappe.db.rollback(save_point="matrix")
	assert wrong == [], "\n".join(map(str, wrong))


def test_security_md_shows_this_matrix():
	text = (ROOT / "SECURITY.md").read_text()
	assert matrix.render() in text, (
		"regenerate the table: python -c 'from tests.site.permission_matrix import render; print(render())'"
	)
