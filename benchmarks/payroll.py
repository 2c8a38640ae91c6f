"""Benchmark: HRMS's own salary slip creation for N employees, without and with hr_credit_app.

    cd $HR_CREDIT_BENCH/sites && ../env/bin/python /path/to/hr_credit_app/benchmarks/payroll.py [--employees 1000]

In one run, on generated data (removed afterwards): a Payroll Entry is filled and HRMS creates the
slips (``create_salary_slips_for_employees``, what the Payroll Entry's job runs), first with the
company's credit policy disabled (HRMS alone), then enabled (allowances posted in bulk when the
entry is filled, the per-slip check, the bonus add-on). It reports both times, our share of HRMS's
own time, and the time measured inside the app's functions.
"""

import argparse
import functools
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import frappe
from frappe.utils import now_datetime, today

from benchmarks import common
from hr_credit_app.demo import builders

COMPANY = "_Test Company"
START, END = "2026-10-01", "2026-10-31"


def instrument(module, names, spent):
	"""Wrap the app's payroll functions to add up the time spent in them."""
	originals = {}
	for name in names:
		original = getattr(module, name)
		originals[name] = original

		@functools.wraps(original)
		def timed(*args, __original=original, __name=name, **kwargs):
			start = time.perf_counter()
			try:
				return __original(*args, **kwargs)
			finally:
				spent[__name] = spent.get(__name, 0.0) + time.perf_counter() - start

		setattr(module, name, timed)
	return originals


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--employees", type=int, default=1000)
	args = parser.parse_args()
	common.connect()
	import hr_credit_app.overrides.payroll_entry as entry_hooks
	import hr_credit_app.overrides.salary_slip as slip_hooks

	tag = common.new_tag()
	department = (
		frappe.get_doc(
			{
				"doctype": "Department",
				"department_name": "Bench " + tag,
				"company": COMPANY,
				"parent_department": "All Departments",
			}
		)
		.insert()
		.name
	)
	policy_name = frappe.db.get_value("Credit Incentive Policy", {"company": COMPANY}, "name")
	common.remember(
		tag,
		policy=policy_name,
		policy_enabled=frappe.db.get_value("Credit Incentive Policy", policy_name, "enabled"),
		slip_email=frappe.db.get_single_value("Payroll Settings", "email_salary_slip_to_employee"),
	)
	results = {"employees": args.employees}
	try:
		employees = common.make_employees(args.employees, COMPANY, tag, departments=[department])
		component = "Bench Basic " + tag
		builders.salary_component(component, "BB" + tag, COMPANY)
		structure = builders.salary_structure(
			"Bench Structure " + tag,
			COMPANY,
			[{"salary_component": component, "abbr": "BB" + tag, "formula": "base"}],
		)
		builders.assign_structure(employees, structure, COMPANY, 50000, "2026-01-01", bulk=True)
		# credits: a spread over the three levels (0..70 credits)
		from hr_credit_app.ledger import post as post_credit_entries

		post_credit_entries(
			[
				{
					"employee": e,
					"credits": (i * 7) % 71 or 1,
					"posting_date": "2026-09-15",
					"category": "Compulsory",
					"source": "Import",
					"award_key": f"bench-{tag}-{i}",
				}
				for i, e in enumerate(employees)
			]
		)
		frappe.db.set_single_value("Payroll Settings", "email_salary_slip_to_employee", 0)
		frappe.db.commit()

		def run(enabled: bool) -> dict:
			frappe.db.set_value("Credit Incentive Policy", policy_name, "enabled", int(enabled))
			frappe.db.commit()
			spent = {}
			originals = {
				entry_hooks: instrument(entry_hooks, ["on_payroll_entry_validate"], spent),
				slip_hooks: instrument(
					slip_hooks, ["before_salary_slip_validate", "on_salary_slip_validate"], spent
				),
			}
			try:
				start = time.perf_counter()
				entry = builders.payroll_entry(COMPANY, START, END, department=department)
				frappe.db.commit()
				filled = time.perf_counter() - start
				slip_start = time.perf_counter()
				builders.create_slips(entry)
				slips = time.perf_counter() - slip_start
			finally:
				for module, saved in originals.items():
					for name, original in saved.items():
						setattr(module, name, original)
			count = frappe.db.count("Salary Slip", {"payroll_entry": entry.name})
			allowance_rows = frappe.db.sql(
				"""select count(*), coalesce(sum(d.amount), 0) from `tabSalary Detail` d join `tabSalary Slip` s on s.name = d.parent
				where s.payroll_entry = %s and d.salary_component = 'Credit Skill Allowance'""",
				entry.name,
			)[0]
			# remove the slips so the second run creates them again
			builders.delete_payroll(
				[entry.name], frappe.get_all("Salary Slip", {"payroll_entry": entry.name}, pluck="name")
			)
			frappe.db.commit()
			return {
				"fill_seconds": round(filled, 2),
				"slip_seconds": round(slips, 2),
				"total_seconds": round(filled + slips, 2),
				"slips": count,
				"slips_with_allowance": int(allowance_rows[0]),
				"allowance_total": float(allowance_rows[1]),
				"app_seconds": {k: round(v, 2) for k, v in spent.items()},
			}

		without = run(False)
		with_app = run(True)
		app_time = sum(with_app["app_seconds"].values())
		hrms_time = without["total_seconds"]
		results.update(
			without_app=without,
			with_app=with_app,
			measured_app_seconds=round(app_time, 2),
			app_share_of_hrms_time_percent=round(100 * app_time / hrms_time, 1),
			wall_clock_difference_percent=round(100 * (with_app["total_seconds"] - hrms_time) / hrms_time, 1),
		)
		print(json.dumps(results, indent=1))
	finally:
		frappe.db.rollback()
		common.restore(tag)
		cleanup(tag)


def cleanup(tag: str):
	"""Remove what a payroll benchmark run generated under its tag (also after an interrupted run)."""
	like = f"BENCH-{tag}-%"
	department = frappe.db.get_value("Department", {"department_name": "Bench " + tag})
	builders.delete_payroll(
		frappe.get_all("Payroll Entry", {"department": department}, pluck="name") if department else [],
		frappe.get_all("Salary Slip", {"employee": ("like", like)}, pluck="name"),
	)
	frappe.db.sql("delete from `tabAdditional Salary` where employee like %s", like)
	frappe.db.sql("delete from `tabCredit Payout` where employee like %s", like)
	frappe.db.sql("delete from `tabSalary Structure Assignment` where employee like %s", like)
	builders.delete_salary_setup(structures=["Bench Structure " + tag], components=["Bench Basic " + tag])
	common.cleanup(tag)
	if department:
		frappe.db.delete("Department", {"name": department})
	frappe.db.commit()


if __name__ == "__main__":
	main()
