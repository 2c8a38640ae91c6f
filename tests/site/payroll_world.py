"""A committed payroll world for the payroll tests: HRMS payroll commits on its own (Payroll Entry
slip creation ends with a commit), so these tests commit their data and remove all of it after.

Everything made here carries the world's tag: a department, a salary structure, employees,
credits, salary structure assignments, payroll entries, slips and what HRMS and the app made from
them. ``purge`` deletes it with plain deletes, in dependency order (the demo's builders).
"""

import subprocess
import sys

import frappe
from frappe.utils import random_string

from hr_credit_app.demo import builders
from hr_credit_app.ledger import post as post_credit_entries

from .conftest import SITES_PATH
from .factories import COMPANY, new_employee

BASIC, BONUS = "HRC Test Basic", "HRC Test Bonus"


def ensure_components() -> list[str]:
	"""Two earnings of our own, with the company's salary account (created once per world)."""
	return [
		name
		for name, abbr in ((BASIC, "HRCB"), (BONUS, "HRCP"))
		if builders.salary_component(name, abbr, COMPANY)
	]


def basic_structure(name: str, bonus: float | None = None) -> str:
	earnings = [{"salary_component": BASIC, "abbr": "HRCB", "formula": "base"}]
	if bonus is not None:
		earnings.append({"salary_component": BONUS, "abbr": "HRCP", "amount": bonus})
	return builders.salary_structure(name, COMPANY, earnings)


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
		self.structure = basic_structure("HRC Structure " + self.tag, bonus)
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
		self.email_setting = builders.no_slip_emails()
		frappe.db.commit()

	def assign(self, employee):
		builders.assign_structure([employee], self.structure, COMPANY, 50000, "2026-01-01")

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
		entry = builders.payroll_entry(COMPANY, self.start, self.end, department=self.department)
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
		builders.delete_payroll(
			frappe.get_all("Payroll Entry", filters={"department": self.department}, pluck="name"),
			frappe.get_all("Salary Slip", filters={"employee": ("in", self.employees)}, pluck="name"),
		)
		builders.restore_policy(self.policy, self.policy_before)
		frappe.db.set_single_value("Payroll Settings", "email_salary_slip_to_employee", self.email_setting)
		builders.delete_people(self.employees)
		builders.delete_salary_setup(structures=[self.structure], components=self.created_components)
		frappe.db.delete("Department", {"name": self.department})
		frappe.db.commit()


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
