"""A demo company that shows the app's main job end to end: credits -> payroll slip.

    bench --site SITE execute hr_credit_app.demo.run      # build (or show) the demo
    bench --site SITE execute hr_credit_app.demo.remove   # remove the demo company and all it made

``run`` builds "Credit Demo Co" (CNY): four departments, designations with a promotion gate, 50
employees with salary structures, a course catalogue, the example incentive policy (enabled, with
the bonus add-on), twelve months of learning evidence sent through the real intake path (the one
the REST API uses), then one payroll month through a standard Payroll Entry. It prints credits and
levels, the credit lines on the slips, a promotion the gate blocks, and the year's honours.
Running it again builds nothing twice: it prints the same result. Everything is deterministic
(a fixed random seed). The company, its people and its courses are data (``data.json``); the
payroll pieces are built with ``builders``, which the tests and the benchmarks use too.
"""

import frappe

from hr_credit_app import compat
from hr_credit_app.demo import builders
from hr_credit_app.demo.company import DATA, make_company, make_employees, make_masters, make_policy
from hr_credit_app.demo.year import (
	award_honours,
	make_plans,
	payroll_month,
	print_summary,
	report,
	run_payroll,
	send_evidence,
	try_promotions,
)

COMPANY = DATA["company"]["name"]


def run(employees: int = 50) -> None:
	"""Build the demo once (idempotent) and print what it did."""
	frappe.flags.mute_emails = True
	start, end = payroll_month()
	make_company()
	make_masters()
	staff = make_employees(employees)
	make_policy()
	if not frappe.db.exists("Credit Evidence", {"source_system": DATA["learning_platform"]}):
		send_evidence(staff, start)
	make_plans()
	make_offers()
	entry = run_payroll(start, end)
	blocked = try_promotions(staff)
	honours = award_honours()
	frappe.db.commit()
	print_summary(report(staff, entry, blocked, honours, start, end))


OFFERS = (
	# what the demo company's credits buy (the seed's customised training for credits)
	("Customised Python course", "Customised Training", 10, 5),
	("External leadership programme seat", "External Programme Seat", 30, 2),
)


def make_offers() -> None:
	for name, kind, price, seats in OFFERS:
		if not frappe.db.exists("Credit Offer", {"company": COMPANY, "offer_name": name}):
			frappe.get_doc(
				{
					"doctype": "Credit Offer",
					"offer_name": name,
					"company": COMPANY,
					"kind": kind,
					"price": price,
					"stock": seats,
				}
			).insert(ignore_permissions=True)


def remove() -> None:
	"""Remove the demo company and everything the demo made."""
	if not frappe.db.exists("Company", COMPANY):
		print("No demo company.")
		return
	employees = frappe.get_all("Employee", filters={"company": COMPANY}, pluck="name")
	builders.delete_payroll(
		frappe.get_all("Payroll Entry", filters={"company": COMPANY}, pluck="name"),
		frappe.get_all("Salary Slip", filters={"company": COMPANY}, pluck="name"),
	)
	for table in ("GL Entry", "Payment Ledger Entry"):
		frappe.db.delete(table, {"company": COMPANY})
	awards = frappe.get_all("Credit Honour Award", filters={"company": COMPANY}, pluck="name")
	if awards:
		frappe.db.delete(
			"Credit Honour Reward", {"parenttype": "Credit Honour Award", "parent": ("in", awards)}
		)
	frappe.db.delete("Credit Honour Award", {"company": COMPANY})
	builders.delete_people(employees)
	frappe.db.delete("Credit Evidence", {"source_system": DATA["learning_platform"]})
	salary = DATA["salary"]
	builders.delete_salary_setup(
		structures=[salary["structure"]], components=[row["salary_component"] for row in salary["earnings"]]
	)
	for plan in frappe.get_all("Training Plan", filters={"company": COMPANY}, pluck="name"):
		for child in ("Training Plan Employee", "Training Plan Course", "Training Plan Change"):
			frappe.db.delete(child, {"parent": plan})
		frappe.db.delete("Training Plan", {"name": plan})
	for policy in frappe.get_all("Credit Incentive Policy", filters={"company": COMPANY}, pluck="name"):
		frappe.delete_doc("Credit Incentive Policy", policy, ignore_permissions=True, force=True)
	for course in DATA["courses"]:
		frappe.db.delete("Credit Course Skill", {"parent": course["code"]})
		frappe.db.delete("Credit Company", {"parenttype": "Credit Course", "parent": course["code"]})
		frappe.db.delete("Credit Course", {"name": course["code"]})
	frappe.db.delete("Credit Redemption", {"company": COMPANY})
	frappe.db.delete("Credit Offer", {"company": COMPANY})
	frappe.db.delete("Salary Component Account", {"company": COMPANY})
	frappe.db.delete("Department", {"company": COMPANY})
	for doctype, names in (("Designation", DATA["designations"]), ("Skill", DATA["skills"])):
		for name in names:
			if frappe.db.get_value(doctype, name, "description") == DATA["mark"]:
				frappe.db.delete(doctype, {"name": name})
	holiday_list = frappe.db.get_value("Company", COMPANY, "default_holiday_list")
	frappe.db.set_value("Company", COMPANY, "default_holiday_list", None)
	compat.delete_company_holiday_assignments(COMPANY)
	frappe.delete_doc("Company", COMPANY, ignore_permissions=True, force=True)
	if holiday_list:
		frappe.db.delete("Holiday", {"parent": holiday_list})
		frappe.db.delete("Holiday List", {"name": holiday_list})
	frappe.db.commit()
	print("Demo company removed.")
