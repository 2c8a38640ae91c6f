"""Benchmark: the tracking reports on 10,000 employees and 1,000,000 credit entries.

    cd $HR_CREDIT_BENCH/sites && ../env/bin/python /path/to/hr_credit_app/benchmarks/reports.py \
        [--employees 10000] [--entries 1000000]

It generates the data in bulk (a tagged set of employees in 20 departments of _Test Company, credit
entries over three years, three company-wide training plans), then, in the same run, times each
report for a company-wide query through Frappe's report runner (``frappe.desk.query_report.run``),
the number cards, and a plain GROUP BY over the same rows without the covering index, and reports
the peak memory of the process above its idle size. It removes everything it generated.
"""

import argparse
import gc
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import frappe
from frappe.utils import add_days, getdate, now_datetime, today

from benchmarks import common

COMPANY = "_Test Company"


def generate(tag, employees_count, entries_count):
	now = now_datetime()
	departments = []
	for i in range(20):
		departments.append(
			frappe.get_doc(
				{
					"doctype": "Department",
					"department_name": f"Bench {tag} {i:02d}",
					"company": COMPANY,
					"parent_department": "All Departments",
				}
			)
			.insert()
			.name
		)
	employees = common.make_employees(employees_count, COMPANY, tag, departments=departments)
	department_of = {e: departments[i % len(departments)] for i, e in enumerate(employees)}
	category_names = ["Compulsory", "Elective", "Practice"]
	courses = []
	for n, category in enumerate(category_names):
		courses += common.make_courses(10, f"{tag}-{n}", category=category)
	rng = random.Random(1)
	start = add_days(getdate(today()), -3 * 365)
	fields = [
		"name",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"docstatus",
		"employee",
		"employee_name",
		"company",
		"department",
		"posting_date",
		"credits",
		"course",
		"category",
		"source",
	]
	batch = []
	for i in range(entries_count):
		employee = employees[rng.randrange(employees_count)]
		c = rng.randrange(len(courses))
		batch.append(
			(
				f"BE{tag}{i:08d}",
				now,
				now,
				"Administrator",
				"Administrator",
				1,
				employee,
				employee,
				COMPANY,
				department_of[employee],
				add_days(start, rng.randrange(3 * 365)),
				rng.choice((1, 2, 2, 3)),
				courses[c],
				category_names[c // 10],
				"Import",
			)
		)
		if len(batch) == 20_000:
			frappe.db.bulk_insert("Credit Entry", fields, batch, chunk_size=5_000)
			frappe.db.commit()
			batch = []
	if batch:
		frappe.db.bulk_insert("Credit Entry", fields, batch, chunk_size=5_000)
	year = getdate(today()).year
	for p in range(3):
		frappe.get_doc(
			{
				"doctype": "Training Plan",
				"plan_name": f"Bench {tag} plan {p}",
				"company": COMPANY,
				"from_date": f"{year}-01-01",
				"to_date": f"{year}-12-31",
				"due_date": f"{year}-09-30",
				"audience": "Company",
				"courses": [{"course": c} for c in courses[p * 3 : p * 3 + 3]],
			}
		).insert()
	frappe.db.commit()
	return departments, employees, courses


def cleanup(tag, departments):
	start = time.perf_counter()
	frappe.db.sql("delete from `tabCredit Entry` where name like %s", f"BE{tag}%")
	for plan in frappe.get_all(
		"Training Plan", filters={"plan_name": ("like", f"Bench {tag} plan%")}, pluck="name"
	):
		frappe.db.delete("Training Plan Course", {"parent": plan})
		frappe.db.delete("Training Plan", {"name": plan})
	common.cleanup(tag)
	for department in departments:
		frappe.db.delete("Department", {"name": department})
	frappe.db.commit()
	print(f"cleaned up in {time.perf_counter() - start:.1f} s")


def measure(label, fn, results):
	gc.collect()
	idle = common.rss_mb()
	common.reset_peak()
	start = time.perf_counter()
	value = fn()
	elapsed = time.perf_counter() - start
	results[label] = {
		"seconds": round(elapsed, 2),
		"peak_mb_above_idle": round(common.peak_rss_mb() - idle, 1),
	}
	return value


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--employees", type=int, default=10_000)
	parser.add_argument("--entries", type=int, default=1_000_000)
	parser.add_argument("--keep", action="store_true", help="keep the generated data (prints its tag)")
	parser.add_argument("--reuse", help="time again on the data a --keep run left (its tag)")
	args = parser.parse_args()
	common.connect()
	from frappe.desk.doctype.number_card.number_card import get_result
	from frappe.desk.query_report import run

	from hr_credit_app import dashboard

	tag = args.reuse or common.new_tag()
	results = {"employees": args.employees, "entries": args.entries, "tag": tag}
	departments = []
	previous_company = frappe.defaults.get_user_default("Company")
	try:
		start = time.perf_counter()
		if args.reuse:
			departments = frappe.get_all(
				"Department", filters={"department_name": ("like", f"Bench {tag} %")}, pluck="name"
			)
		else:
			departments = generate(tag, args.employees, args.entries)[0]
		results["generate_seconds"] = round(time.perf_counter() - start, 1)
		frappe.defaults.set_user_default("Company", COMPANY)
		frappe.db.commit()
		idle = common.rss_mb()
		results["idle_rss_mb"] = round(idle)

		def plain_group_by(index_hint):
			return frappe.db.sql(
				f"""select employee, category, sum(credits) from `tabCredit Entry` {index_hint}
				where company = %s and docstatus = 1 group by employee, category""",
				COMPANY,
			)

		rows = measure(
			"plain GROUP BY, no index",
			lambda: plain_group_by("ignore index (company_balance_index, company_posting_date_index)"),
			results,
		)
		results["plain GROUP BY, no index"]["rows"] = len(rows)
		measure("same GROUP BY, covering index", lambda: plain_group_by(""), results)
		filters = {"company": COMPANY}
		for report in ("Employee Credit Progress", "Department Credit Distribution", "Plan Tracking"):
			result = measure(report, lambda report=report: run(report, filters=filters), results)
			results[report]["rows"] = len(result["result"])
		card = frappe.get_doc("Number Card", "Credits This Month").as_dict()
		measure(
			"card: Credits This Month",
			lambda: get_result(card, json.dumps([["Credit Entry", "company", "=", COMPANY]])),
			results,
		)
		measure("card: Plan Completion", lambda: dashboard.plan_completion({"company": COMPANY}), results)
		measure(
			"card: Employees at a Credit Level",
			lambda: dashboard.employees_at_a_level({"company": COMPANY}),
			results,
		)
		measure(
			"chart: Credits by Category per Month",
			lambda: dashboard.credits_by_category(filters={"company": COMPANY}),
			results,
		)
		results["max_peak_mb_above_idle"] = max(
			v["peak_mb_above_idle"] for v in results.values() if isinstance(v, dict)
		)
		print(json.dumps(results, indent=1))
	finally:
		frappe.db.rollback()
		frappe.defaults.set_user_default("Company", previous_company)
		frappe.db.commit()
		if args.keep:
			print(f"kept the data: --reuse {tag}")
		else:
			cleanup(tag, departments)


if __name__ == "__main__":
	main()
