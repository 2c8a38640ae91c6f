"""A committed payroll world for the payroll tests: HRMS payroll commits on its own (Payroll Entry
slip creation ends with a commit), so these tests commit their data and remove all of it after.

Everything made here carries the world's tag: a department, a salary structure, employees,
credits, salary structure assignments, payroll entries, slips and what HRMS and the app made from
them. ``purge`` deletes it with plain deletes, in dependency order.
"""

import subprocess
import sys

import frappe
from frappe.utils import random_string, today

from hr_credit_app.ledger import post as post_credit_entries

from .conftest import SITES_PATH
from .factories import COMPANY, new_employee

BASIC, BONUS = "HRC Test Basic", "HRC Test Bonus"


def ensure_components() -> list[str]:
	"""Two earnings of our own, with the company's salary account (created once per world)."""
	created = []
	account = frappe.db.get_value("Account", {"account_name": "Salary", "company": COMPANY, "is_group": 0})
	for name, abbr in ((BASIC, "HRCB"), (BONUS, "HRCP")):
		if frappe.db.exists("Salary Component", name):
			continue
		frappe.get_doc(
			{
				"doctype": "Salary Component",
				"salary_component": name,
				"salary_component_abbr": abbr,
				"type": "Earning",
				"depends_on_payment_days": 0,
				"accounts": [{"company": COMPANY, "account": account}],
			}
		).insert()
		created.append(name)
	return created


class PayrollWorld:
	def __init__(
		self, credits: list[float | None], bonus: float = 20000, start="2026-10-01", end="2026-10-31"
	):
		"""One employee per item of ``credits`` (None: an employee without a salary structure)."""
		self.tag = random_string(6).upper()
		self.start, self.end = start, end
		self.created_components = ensure_components()
		self.department = (
			frappe.get_doc(
				{
					"doctype": "Department",
					"department_name": "HRC " + self.tag,
					"company": COMPANY,
					"parent_department": "All Departments",
				}
			)
			.insert()
			.name
		)
		self.structure = self.make_structure(bonus)
		self.payable = frappe.get_cached_value("Company", COMPANY, "default_payroll_payable_account")
		self.employees = []
		for i, amount in enumerate(credits):
			employee = new_employee(department=self.department, date_of_joining="2020-01-01")
			self.employees.append(employee)
			if amount is not None:
				self.assign(employee)
			if amount:
				self.credit(employee, amount, f"{self.tag}-{i}")
		self.policy = self.enable_policy()
		self.payroll_entries = []
		# no salary slip e-mails: their PDF needs wkhtmltopdf, and a failing e-mail rolls back the
		# whole slip submission inside HRMS
		self.email_setting = frappe.db.get_single_value("Payroll Settings", "email_salary_slip_to_employee")
		frappe.db.set_single_value("Payroll Settings", "email_salary_slip_to_employee", 0)
		frappe.db.commit()

	def make_structure(self, bonus):
		doc = frappe.get_doc(
			{
				"doctype": "Salary Structure",
				"name": "HRC Structure " + self.tag,
				"company": COMPANY,
				"payroll_frequency": "Monthly",
				"currency": frappe.get_cached_value("Company", COMPANY, "default_currency"),
				"earnings": [
					{
						"salary_component": BASIC,
						"abbr": "HRCB",
						"amount_based_on_formula": 1,
						"formula": "base",
					},
					{"salary_component": BONUS, "abbr": "HRCP", "amount": bonus},
				],
			}
		)
		doc.insert()
		doc.submit()
		return doc.name

	def assign(self, employee):
		doc = frappe.get_doc(
			{
				"doctype": "Salary Structure Assignment",
				"employee": employee,
				"salary_structure": self.structure,
				"from_date": "2026-01-01",
				"company": COMPANY,
				"currency": frappe.get_cached_value("Company", COMPANY, "default_currency"),
				"base": 50000,
				"payroll_payable_account": frappe.get_cached_value(
					"Company", COMPANY, "default_payroll_payable_account"
				),
			}
		)
		doc.insert()
		doc.submit()

	def credit(self, employee, amount, key, posting_date="2026-09-15", category="Compulsory"):
		return post_credit_entries(
			[
				{
					"employee": employee,
					"credits": amount,
					"posting_date": posting_date,
					"category": category,
					"source": "Import",
					"award_key": "payroll-test:" + key,
				}
			]
		)["posted"]["payroll-test:" + key]

	def enable_policy(self):
		name = frappe.db.get_value("Credit Incentive Policy", {"company": COMPANY}, "name")
		policy = frappe.get_doc("Credit Incentive Policy", name)
		self.policy_before = policy.as_dict(no_default_fields=True, convert_dates_to_str=True)
		policy.enabled = 1
		policy.enable_bonus_addon = 1
		policy.bonus_component = BONUS
		policy.save()
		return policy.name

	def payroll_entry(self, submit=True):
		entry = frappe.new_doc("Payroll Entry")
		entry.update(
			{
				"company": COMPANY,
				"posting_date": today(),
				"start_date": self.start,
				"end_date": self.end,
				"payroll_frequency": "Monthly",
				"currency": frappe.get_cached_value("Company", COMPANY, "default_currency"),
				"exchange_rate": 1,
				"payroll_payable_account": self.payable,
				"payment_account": frappe.db.get_value(
					"Account", {"account_type": "Cash", "company": COMPANY, "is_group": 0}
				),
				"cost_center": frappe.get_cached_value("Company", COMPANY, "cost_center"),
				"department": self.department,
			}
		)
		entry.fill_employee_details()
		entry.insert()
		self.payroll_entries.append(entry.name)
		frappe.db.commit()
		if submit:
			entry.submit()
			frappe.db.commit()
		return entry

	def slips(self, entry):
		frappe.db.commit()
		return {
			slip.employee: frappe.get_doc("Salary Slip", slip.name)
			for slip in frappe.get_all(
				"Salary Slip", filters={"payroll_entry": entry.name}, fields=["name", "employee"]
			)
		}

	def purge(self):
		frappe.db.rollback()
		employees = self.employees
		entries = frappe.get_all("Payroll Entry", filters={"department": self.department}, pluck="name")
		slips = frappe.get_all("Salary Slip", filters={"employee": ("in", employees)}, pluck="name")
		journals = frappe.db.sql_list(
			"select distinct parent from `tabJournal Entry Account` where reference_name in %s",
			(tuple(entries + slips) or ("",),),
		)
		for name in journals:
			for table in ("GL Entry", "Payment Ledger Entry"):
				frappe.db.delete(table, {"voucher_no": name})
			frappe.db.delete("Journal Entry Account", {"parent": name})
			frappe.db.delete("Journal Entry", {"name": name})
		for name in slips:
			frappe.db.delete("Salary Detail", {"parent": name})
			frappe.db.delete("Salary Slip Timesheet", {"parent": name})
			frappe.db.delete("Salary Slip Leave", {"parent": name})
			frappe.db.delete("Salary Slip", {"name": name})
		for name in entries:
			frappe.db.delete("Payroll Employee Detail", {"parent": name})
			frappe.db.delete("Payroll Entry", {"name": name})
		frappe.db.delete("Additional Salary", {"employee": ("in", employees)})
		frappe.db.delete("Credit Payout", {"employee": ("in", employees)})
		frappe.db.delete(
			"Credit Honour Reward",
			{
				"parenttype": "Credit Honour Award",
				"parent": (
					"in",
					frappe.get_all("Credit Honour Award", {"employee": ("in", employees)}, pluck="name")
					or [""],
				),
			},
		)
		frappe.db.delete("Credit Honour Award", {"employee": ("in", employees)})
		for promotion in frappe.get_all(
			"Employee Promotion", filters={"employee": ("in", employees)}, pluck="name"
		):
			frappe.db.delete("Employee Property History", {"parent": promotion})
			frappe.db.delete("Employee Promotion", {"name": promotion})
		frappe.db.delete("Salary Structure Assignment", {"employee": ("in", employees)})
		frappe.db.delete("Salary Detail", {"parent": self.structure})
		frappe.db.delete("Salary Structure", {"name": self.structure})
		restore_policy(self.policy, self.policy_before)
		frappe.db.set_single_value("Payroll Settings", "email_salary_slip_to_employee", self.email_setting)
		frappe.db.commit()
		from .factories import purge

		purge(employees=employees)
		frappe.db.delete("Department", {"name": self.department})
		for name in self.created_components:
			frappe.db.delete("Salary Component Account", {"parent": name})
			frappe.db.delete("Salary Component", {"name": name})
		frappe.db.commit()


def restore_policy(name: str, snapshot: dict) -> None:
	"""Put a policy back as it was, child tables included."""
	policy = frappe.get_doc("Credit Incentive Policy", name)
	for field, value in snapshot.items():
		if isinstance(value, list):
			policy.set(field, [{k: v for k, v in row.items() if k not in ("name", "idx")} for row in value])
		elif field not in ("name", "modified", "creation", "owner", "modified_by", "doctype"):
			policy.set(field, value)
	policy.save()


def run_queued_jobs():
	"""Run what is queued with a real RQ worker in burst mode (a separate process and connection)."""
	frappe.db.commit()
	result = subprocess.run(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "worker", "--burst", "--quiet"],
		cwd=SITES_PATH,
		capture_output=True,
		text=True,
		timeout=900,
	)
	assert result.returncode == 0, result.stderr[-3000:]
	frappe.db.commit()  # a fresh snapshot: see what the worker committed
