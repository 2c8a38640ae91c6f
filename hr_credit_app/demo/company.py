"""The demo company, its masters, its people and its incentive policy, from ``data.json``."""

import json
import random
from pathlib import Path

import frappe
from frappe.utils import getdate, today

from hr_credit_app import compat
from hr_credit_app.demo import builders
from hr_credit_app.setup.language import localized
from hr_credit_app.setup.payroll import SALARY_COMPONENTS, make_example_policy

DATA = json.loads((Path(__file__).parent / "data.json").read_text())
COMPANY = DATA["company"]["name"]


def make_company():
	if frappe.db.exists("Company", COMPANY):
		return
	company = DATA["company"]
	frappe.get_doc(
		{
			"doctype": "Company",
			"company_name": COMPANY,
			"abbr": company["abbr"],
			"default_currency": company["currency"],
			"country": company["country"],
			"create_chart_of_accounts_based_on": "Standard Template",
			"chart_of_accounts": "Standard",
		}
	).insert(ignore_permissions=True)
	year = getdate(today()).year
	holiday_list = frappe.get_doc(
		{
			"doctype": "Holiday List",
			"holiday_list_name": f"{DATA['mark']} {year - 1}-{year + 1}",
			"from_date": f"{year - 1}-01-01",
			"to_date": f"{year + 1}-12-31",
		}
	).insert(ignore_permissions=True)
	compat.assign_company_holiday_list(COMPANY, holiday_list.name, holiday_list.from_date)


def make_masters():
	mark = DATA["mark"]
	for department in DATA["departments"]:
		if not frappe.db.exists("Department", {"department_name": department, "company": COMPANY}):
			frappe.get_doc(
				{
					"doctype": "Department",
					"department_name": department,
					"company": COMPANY,
					"parent_department": "All Departments",
				}
			).insert(ignore_permissions=True)
	for designation in DATA["designations"]:
		if not frappe.db.exists("Designation", designation):
			frappe.get_doc(
				{"doctype": "Designation", "designation_name": designation, "description": mark}
			).insert(ignore_permissions=True)
	for skill in DATA["skills"]:
		if not frappe.db.exists("Skill", skill):
			frappe.get_doc({"doctype": "Skill", "skill_name": skill, "description": mark}).insert(
				ignore_permissions=True
			)
	for course in DATA["courses"]:
		if not frappe.db.exists("Credit Course", course["code"]):
			frappe.get_doc(
				{
					"doctype": "Credit Course",
					"course_code": course["code"],
					"course_title": course["title"],
					"category": course["category"],
					"delivery_mode": course["delivery_mode"],
					"base_credits": course["base_credits"],
					"weight": course["weight"],
					"currency": DATA["company"]["currency"],
					"cost_per_participant": 300 * course["base_credits"],
					"skills": [{"skill": skill} for skill in course["skills"]],
					"description": mark,
				}
			).insert(ignore_permissions=True)
	salary = DATA["salary"]
	for row in salary["earnings"]:
		builders.salary_component(row["salary_component"], row["abbr"], COMPANY, description=mark)
	for component in SALARY_COMPONENTS:  # the app's own (named in the site's language at install)
		name = localized(component["salary_component"])
		if frappe.db.exists("Salary Component", name):
			builders.salary_component(name, component["salary_component_abbr"], COMPANY)
	builders.salary_structure(salary["structure"], COMPANY, salary["earnings"])


def make_employees(count: int) -> list[str]:
	existing = frappe.get_all("Employee", filters={"company": COMPANY}, pluck="name", order_by="name")
	if existing:
		return existing
	rng = random.Random(7)
	departments = frappe.get_all(
		"Department",
		filters={"company": COMPANY, "department_name": ("in", DATA["departments"])},
		pluck="name",
		order_by="name",
	)
	designations, names = DATA["designations"], DATA["names"]
	staff = []
	for i in range(count):
		first, last = names[i % len(names)].split(" ", 1)  # family name first, as the names are written
		employee = frappe.get_doc(
			{
				"doctype": "Employee",
				"first_name": first,
				"last_name": last,
				"company": COMPANY,
				"gender": "Female" if i % 2 else "Male",
				"date_of_birth": f"{1975 + i % 25}-0{1 + i % 9}-15",
				"date_of_joining": "2018-03-01",
				"department": departments[i % len(departments)],
				"designation": designations[min(i % 10 // 3, 2)],
				"company_email": f"demo{i:02d}@credit-demo.example",
				"status": "Active",
			}
		).insert(ignore_permissions=True)
		staff.append(employee.name)
	salary = DATA["salary"]
	bases = [
		salary["base_from"] + salary["base_step"] * rng.randrange(0, salary["base_steps"]) for _ in staff
	]
	builders.assign_structure(
		staff, salary["structure"], COMPANY, lambda i: bases[i], f"{getdate(today()).year - 1}-01-01"
	)
	return staff


def make_policy():
	name = frappe.db.get_value("Credit Incentive Policy", {"company": COMPANY}, "name")
	if not name:
		name = make_example_policy(COMPANY, enabled=1)
	policy = frappe.get_doc("Credit Incentive Policy", name)
	if not policy.enable_bonus_addon or not policy.enabled:
		policy.enabled = 1
		policy.enable_bonus_addon = 1
		policy.bonus_component = DATA["salary"]["earnings"][1]["salary_component"]
		policy.append(
			"honour_rewards",
			{
				"reward_type": "Money",
				"description": "Learning award",
				"amount": 2000,
				"salary_component": localized("Credit Honour Award"),
			},
		)
		policy.save(ignore_permissions=True)
	if not policy.get("gate_paths") and frappe.db.exists("Designation", "Team Lead"):
		# team leads are on the way to Department Manager: the gate's courses are recommended to them
		policy.append("gate_paths", {"gate_target": "Department Manager", "from_designation": "Team Lead"})
		policy.save(ignore_permissions=True)
