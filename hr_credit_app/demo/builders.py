"""Builders of payroll data on a real site, shared by the demo, the site and browser tests and the
benchmarks: one way to connect a script to a site, to make a salary component, structure and
assignment, to run a Payroll Entry to submitted slips, and to remove all of it again.

Nothing here runs in a request; the app itself never imports this module.
"""

import os
from pathlib import Path

import frappe
from frappe.utils import today

from hr_credit_app import bulk as bulk_writes
from hr_credit_app import compat

# ---- a script on a site -------------------------------------------------------------------------


def bench_path() -> Path:
	return Path(os.environ.get("HR_CREDIT_BENCH", "/opt/frappe-bench"))


def site_name() -> str:
	return os.environ.get("HR_CREDIT_SITE", "hrcredit.localhost")


def connect(site: str | None = None, in_test: bool = False) -> str:
	"""Connect this process to a site of the bench (HR_CREDIT_BENCH, HR_CREDIT_SITE) as Administrator.
	Raises FileNotFoundError when the site does not exist, RuntimeError when the app is not on it."""
	site = site or site_name()
	sites_path = bench_path() / "sites"
	if not (sites_path / site / "site_config.json").exists():
		raise FileNotFoundError(
			f"site {site} not found in {sites_path}: set HR_CREDIT_BENCH / HR_CREDIT_SITE"
		)
	os.chdir(sites_path)
	frappe.init(site=site, sites_path=str(sites_path))
	frappe.connect()
	compat.set_test_mode(in_test)
	frappe.set_user("Administrator")
	if "hr_credit_app" not in frappe.get_installed_apps():
		raise RuntimeError(f"hr_credit_app is not installed on {site}")
	return site


# ---- salary ---------------------------------------------------------------------------------------


def salary_account(company: str) -> str | None:
	return frappe.db.get_value("Account", {"account_name": "Salary", "company": company, "is_group": 0})


def salary_component(name: str, abbr: str, company: str, description: str | None = None) -> bool:
	"""An earning with the company's salary account; returns True when it was made now. An existing
	component gets the company's account if it has none for the company yet."""
	account = salary_account(company)
	if frappe.db.exists("Salary Component", name):
		component = frappe.get_doc("Salary Component", name)
		if account and not any(row.company == company for row in component.accounts):
			component.append("accounts", {"company": company, "account": account})
			component.save(ignore_permissions=True)
		return False
	frappe.get_doc(
		{
			"doctype": "Salary Component",
			"salary_component": name,
			"salary_component_abbr": abbr,
			"type": "Earning",
			"depends_on_payment_days": 0,
			"description": description,
			"accounts": [{"company": company, "account": account}] if account else [],
		}
	).insert(ignore_permissions=True)
	return True


def salary_structure(name: str, company: str, earnings: list[dict]) -> str:
	"""A submitted monthly structure; each earning is {salary_component, abbr, formula | amount}."""
	if frappe.db.exists("Salary Structure", name):
		return name
	rows = [
		{
			"salary_component": row["salary_component"],
			"abbr": row["abbr"],
			**(
				{"amount_based_on_formula": 1, "formula": row["formula"]}
				if row.get("formula")
				else {"amount": row["amount"]}
			),
		}
		for row in earnings
	]
	doc = frappe.get_doc(
		{
			"doctype": "Salary Structure",
			"name": name,
			"company": company,
			"payroll_frequency": "Monthly",
			"currency": frappe.get_cached_value("Company", company, "default_currency"),
			"earnings": rows,
		}
	).insert(ignore_permissions=True)
	doc.submit()
	return doc.name


def assign_structure(employees: list[str], structure: str, company: str, base, from_date: str, bulk=False):
	"""Salary Structure Assignments (submitted) of ``employees``; ``base`` is a number or a function
	of the employee's position in the list. ``bulk`` writes them with one multi-row insert (for
	thousands of employees: the controller costs about a second each), without HRMS's checks."""
	currency = frappe.get_cached_value("Company", company, "default_currency")
	payable = frappe.get_cached_value("Company", company, "default_payroll_payable_account")
	amount = base if callable(base) else (lambda _i: base)
	if bulk:
		names = dict(
			frappe.get_all(
				"Employee",
				filters={"name": ("in", employees)},
				fields=["name", "employee_name"],
				as_list=True,
			)
		)
		rows = [
			{
				"employee": employee,
				"employee_name": names.get(employee),
				"salary_structure": structure,
				"from_date": from_date,
				"company": company,
				"currency": currency,
				"base": amount(i),
				"payroll_payable_account": payable,
			}
			for i, employee in enumerate(employees)
		]
		bulk_writes.insert(
			"Salary Structure Assignment", rows, fields=rows[0].keys() if rows else (), docstatus=1
		)
		return
	for i, employee in enumerate(employees):
		frappe.get_doc(
			{
				"doctype": "Salary Structure Assignment",
				"employee": employee,
				"salary_structure": structure,
				"from_date": from_date,
				"company": company,
				"currency": currency,
				"base": amount(i),
				"payroll_payable_account": payable,
			}
		).insert(ignore_permissions=True).submit()


# ---- payroll ------------------------------------------------------------------------------------


def ready_payroll_payable_account(company: str) -> str:
	"""The company's payroll payable account, with the account type this HRMS requires of it."""
	account = frappe.get_cached_value("Company", company, "default_payroll_payable_account")
	wanted = compat.payroll_payable_account_type()
	if (frappe.db.get_value("Account", account, "account_type") or "") != wanted:
		frappe.db.set_value("Account", account, "account_type", wanted)
	return account


def payroll_entry(company: str, start, end, department: str | None = None, posting_date=None):
	"""A saved Payroll Entry with its employees fetched (Get Employees): the app posts the credit
	allowances on this save."""
	payable = ready_payroll_payable_account(company)
	entry = frappe.new_doc("Payroll Entry")
	entry.update(
		{
			"company": company,
			"posting_date": posting_date or today(),
			"start_date": start,
			"end_date": end,
			"payroll_frequency": "Monthly",
			"currency": frappe.get_cached_value("Company", company, "default_currency"),
			"exchange_rate": 1,
			"payroll_payable_account": payable,
			"payment_account": frappe.db.get_value(
				"Account", {"account_type": "Cash", "company": company, "is_group": 0}
			),
			"cost_center": frappe.get_cached_value("Company", company, "cost_center"),
			"department": department,
		}
	)
	entry.fill_employee_details()
	entry.insert(ignore_permissions=True)
	return entry


def create_slips(entry) -> list[str]:
	"""The salary slips of a saved entry, made now by HRMS's own code (what its queued job runs)."""
	from hrms.payroll.doctype.payroll_entry.payroll_entry import create_salary_slips_for_employees

	create_salary_slips_for_employees(
		[row.employee for row in entry.employees],
		frappe._dict(
			payroll_frequency="Monthly",
			start_date=entry.start_date,
			end_date=entry.end_date,
			company=entry.company,
			posting_date=entry.posting_date,
			payroll_entry=entry.name,
			exchange_rate=1,
			currency=entry.currency,
		),
		publish_progress=False,
	)
	return frappe.get_all("Salary Slip", filters={"payroll_entry": entry.name}, pluck="name")


def submit_slips(entry) -> None:
	"""Submit a submitted entry's draft slips now (what HRMS's queued job runs)."""
	from hrms.payroll.doctype.payroll_entry.payroll_entry import submit_salary_slips_for_employees

	slips = frappe.get_all("Salary Slip", filters={"payroll_entry": entry.name, "docstatus": 0}, as_list=True)
	submit_salary_slips_for_employees(
		frappe.get_doc("Payroll Entry", entry.name), slips, publish_progress=False
	)


def no_slip_emails() -> int:
	"""Turn off salary slip e-mails (their PDF needs wkhtmltopdf, and a failing e-mail rolls back the
	whole slip submission inside HRMS); returns the setting to put back."""
	previous = frappe.db.get_single_value("Payroll Settings", "email_salary_slip_to_employee")
	frappe.db.set_single_value("Payroll Settings", "email_salary_slip_to_employee", 0)
	return previous


# ---- removal ------------------------------------------------------------------------------------


def delete_payroll(entries: list[str], slips: list[str]) -> None:
	"""Payroll entries and salary slips with their rows and the journal entries booked from them."""
	journals = frappe.db.sql_list(
		"select distinct parent from `tabJournal Entry Account` where reference_name in %s",
		(tuple(entries + slips) or ("",),),
	)
	for name in journals:
		for table in ("GL Entry", "Payment Ledger Entry"):
			frappe.db.delete(table, {"voucher_no": name})
		frappe.db.delete("Journal Entry Account", {"parent": name})
		frappe.db.delete("Journal Entry", {"name": name})
	for parent, children, names in (
		("Salary Slip", ("Salary Detail", "Salary Slip Timesheet", "Salary Slip Leave"), slips),
		("Payroll Entry", ("Payroll Employee Detail",), entries),
	):
		if not names:
			continue
		for child in children:
			frappe.db.delete(child, {"parent": ("in", names)})
		frappe.db.delete(parent, {"name": ("in", names)})


def delete_people(employees: list[str], users=()) -> None:
	"""Employees with all the app and HRMS made for them, their users and their permissions."""
	employees = [e for e in employees if e]
	if employees:
		users = [*users, *frappe.get_all("Employee", {"name": ("in", employees)}, pluck="user_id")]
		awards = frappe.get_all("Credit Honour Award", {"employee": ("in", employees)}, pluck="name")
		if awards:
			frappe.db.delete(
				"Credit Honour Reward", {"parenttype": "Credit Honour Award", "parent": ("in", awards)}
			)
		claims = frappe.get_all("Credit Claim", {"employee": ("in", employees)}, pluck="name")
		if claims:
			frappe.db.delete("Credit Claim Skill", {"parenttype": "Credit Claim", "parent": ("in", claims)})
		promotions = frappe.get_all("Employee Promotion", {"employee": ("in", employees)}, pluck="name")
		if promotions:
			frappe.db.delete("Employee Property History", {"parent": ("in", promotions)})
		for doctype in (
			"Credit Honour Award",
			"Employee Promotion",
			"Additional Salary",
			"Credit Payout",
			"Credit Entry",
			"Credit Balance",
			"Credit Completion",
			"Credit Enrolment",
			"Credit Evidence",
			"Credit Claim",
			"Credit Redemption",
			"Salary Structure Assignment",
		):
			frappe.db.delete(doctype, {"employee": ("in", employees)})
		frappe.db.delete("User Permission", {"allow": "Employee", "for_value": ("in", employees)})
		frappe.db.delete("Employee", {"name": ("in", employees)})
	users = sorted({u for u in users if u})
	if users:
		for doctype, field in (("User Permission", "user"), ("Has Role", "parent"), ("User", "name")):
			frappe.db.delete(doctype, {field: ("in", users)})


def delete_salary_setup(structures=(), components=()) -> None:
	for name in structures:
		frappe.db.delete("Salary Detail", {"parent": name})
		frappe.db.delete("Salary Structure", {"name": name})
	for name in components:
		frappe.db.delete("Salary Component Account", {"parent": name})
		frappe.db.delete("Salary Component", {"name": name})


def restore_policy(name: str, snapshot: dict) -> None:
	"""Put a policy back as ``as_dict(no_default_fields=True)`` had it, child tables included."""
	policy = frappe.get_doc("Credit Incentive Policy", name)
	for field, value in snapshot.items():
		if isinstance(value, list):
			policy.set(field, [{k: v for k, v in row.items() if k not in ("name", "idx")} for row in value])
		elif field not in ("name", "modified", "creation", "owner", "modified_by", "doctype"):
			policy.set(field, value)
	policy.save(ignore_permissions=True)
