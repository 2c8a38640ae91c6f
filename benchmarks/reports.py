"""Benchmark: the tracking reports on 10,000 employees and 1,000,000 credit entries.

    cd $HR_CREDIT_BENCH/sites && ../env/bin/python /path/to/hr_credit_app/benchmarks/reports.py \
        [--employees 10000] [--entries 1000000] [--repeat 3] [--keep | --reuse TAG]

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
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import frappe
from frappe.utils import add_days, getdate, now_datetime, today

from benchmarks import common
from hr_credit_app import credits

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
	skills = []
	for i in range(12):
		name = f"Bench {tag} skill {i:02d}"
		frappe.get_doc({"doctype": "Skill", "skill_name": name}).insert()
		skills.append(name)
	designations = []
	for i in range(5):
		name = f"Bench {tag} role {i}"
		frappe.get_doc(
			{
				"doctype": "Designation",
				"designation_name": name,
				"skills": [{"skill": skills[(i + k) % 12]} for k in range(3)],
			}
		).insert()
		designations.append(name)
	employees = common.make_employees(
		employees_count, COMPANY, tag, departments=departments, designations=designations
	)
	department_of = {e: departments[i % len(departments)] for i, e in enumerate(employees)}
	category_names = ["Compulsory", "Elective", "Practice"]
	courses = []
	for n, category in enumerate(category_names):
		courses += common.make_courses(10, f"{tag}-{n}", category=category)
	frappe.db.bulk_insert(
		"Credit Course Skill",
		["name", "parent", "parenttype", "parentfield", "skill", "idx"],
		[
			(f"BCS{tag}{i}", course, "Credit Course", "skills", skills[i % 12], 1)
			for i, course in enumerate(courses[:20])
		],
	)
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
	frappe.db.commit()
	# the entries were written behind the ledger's back: build the balances kept beside it, as the
	# install patch does (and time it: what `verify --repair` costs on this ledger)
	started = time.perf_counter()
	credits.rebuild()
	frappe.db.commit()
	print(f"balances rebuilt from the ledger in {time.perf_counter() - started:.1f} s")
	make_reviews_data(tag, employees, skills, rng)
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
	for doctype, child, column in (
		("Appraisal", "Appraisal KRA", "name"),
		("Credit Survey Response", "Credit Survey Need", "name"),
		("Employee Skill Map", "Employee Skill", "employee"),
	):
		frappe.db.sql(
			f"delete from `tab{child}` where parent like %s",
			f"B%{tag}%" if column == "name" else f"BENCH-{tag}-%",
		)
		frappe.db.sql(
			f"delete from `tab{doctype}` where {column} like %s",
			f"B%{tag}%" if column == "name" else f"BENCH-{tag}-%",
		)
	frappe.db.sql("delete from `tabAppraisal Cycle` where name like %s", f"Bench {tag} cycle%")
	frappe.db.sql("delete from `tabCredit Course Skill` where name like %s", f"BCS{tag}%")
	settings = frappe.get_single("HR Credit Settings")
	settings.kra_skills = [row for row in settings.kra_skills if not row.kra.startswith(f"Bench {tag}")]
	settings.save()
	frappe.db.sql("delete from `tabKRA` where name like %s", f"Bench {tag} KRA%")
	for designation in frappe.get_all(
		"Designation", filters={"name": ("like", f"Bench {tag} role%")}, pluck="name"
	):
		frappe.db.delete("Designation Skill", {"parent": designation})
		frappe.db.delete("Designation", {"name": designation})
	frappe.db.sql("delete from `tabSkill` where name like %s", f"Bench {tag} skill%")
	frappe.db.sql("delete from `tabCredit Entry` where name like %s", f"BE{tag}%")
	for plan in frappe.get_all(
		"Training Plan", filters={"plan_name": ("like", f"Bench {tag} plan%")}, pluck="name"
	):
		frappe.db.delete("Training Plan Course", {"parent": plan})
		frappe.db.delete("Training Plan", {"name": plan})
	for scenario in frappe.get_all(
		"Credit Policy Scenario", filters={"scenario_name": ("like", f"Bench {tag} %")}, pluck="name"
	):
		frappe.delete_doc("Credit Policy Scenario", scenario, force=True)
	common.cleanup(tag)
	for department in departments:
		frappe.db.delete("Department", {"name": department})
	frappe.db.commit()
	print(f"cleaned up in {time.perf_counter() - start:.1f} s")


def make_reviews_data(tag, employees, skills, rng):
	"""Skill maps, two appraisal cycles with KRA scores, and survey answers, in bulk."""
	now = now_datetime()
	std = ["creation", "modified", "owner", "modified_by"]
	stamp = (now, now, "Administrator", "Administrator")
	year = getdate(today()).year - 1
	cycles = []
	for half, (start, end) in enumerate(
		((f"{year}-01-01", f"{year}-06-30"), (f"{year}-07-01", f"{year}-12-31"))
	):
		name = f"Bench {tag} cycle {half}"
		frappe.db.bulk_insert(
			"Appraisal Cycle",
			["name", "cycle_name", *std, "company", "start_date", "end_date", "status"],
			[(name, name, *stamp, COMPANY, start, end, "Completed")],
		)
		cycles.append((name, start, end))
	kras = []
	for k in range(3):
		title = f"Bench {tag} KRA {k}"
		frappe.get_doc({"doctype": "KRA", "title": title}).insert()
		kras.append(title)
	settings = frappe.get_single("HR Credit Settings")
	for k, kra in enumerate(kras):
		settings.append("kra_skills", {"kra": kra, "skill": skills[k]})
	settings.save()
	maps, map_skills, appraisals, appraisal_kras, surveys, needs = [], [], [], [], [], []
	for i, employee in enumerate(employees):
		maps.append((employee, *stamp, employee, employee))
		for k in range(3):
			map_skills.append(
				(
					f"BSM{tag}{i}-{k}",
					employee,
					"Employee Skill Map",
					"employee_skills",
					skills[(i + k) % 12],
					rng.choice((0.2, 0.4, 0.6, 0.8, 1.0)),
					k + 1,
				)
			)
		base = rng.uniform(2.5, 4.0)
		for half, (cycle, start, end) in enumerate(cycles):
			name = f"BAP{tag}{i}-{half}"
			appraisals.append(
				(
					name,
					*stamp,
					1,
					employee,
					COMPANY,
					cycle,
					start,
					end,
					round(base + half * rng.uniform(-0.2, 0.6), 2),
					"HR-APR-.YYYY.-",
				)
			)
			for k, kra in enumerate(kras):
				appraisal_kras.append(
					(
						f"BAK{tag}{i}-{half}-{k}",
						name,
						"Appraisal",
						"appraisal_kra",
						kra,
						rng.choice((40, 60, 80, 100)),
						33.3,
						k + 1,
					)
				)
		if i % 5 == 0:
			survey = f"BSV{tag}{i}"
			surveys.append((survey, *stamp, employee, COMPANY, f"{year}", f"{employee}|{year}"))
			needs.append((f"BSN{tag}{i}", survey, "Credit Survey Response", "needs", skills[(i * 7) % 12], 1))
	frappe.db.bulk_insert(
		"Employee Skill Map", ["name", *std, "employee", "employee_name"], maps, chunk_size=5000
	)
	frappe.db.bulk_insert(
		"Employee Skill",
		["name", "parent", "parenttype", "parentfield", "skill", "proficiency", "idx"],
		map_skills,
		chunk_size=5000,
	)
	frappe.db.bulk_insert(
		"Appraisal",
		[
			"name",
			*std,
			"docstatus",
			"employee",
			"company",
			"appraisal_cycle",
			"start_date",
			"end_date",
			"final_score",
			"naming_series",
		],
		appraisals,
		chunk_size=5000,
	)
	frappe.db.bulk_insert(
		"Appraisal KRA",
		["name", "parent", "parenttype", "parentfield", "kra", "goal_completion", "per_weightage", "idx"],
		appraisal_kras,
		chunk_size=5000,
	)
	frappe.db.bulk_insert(
		"Credit Survey Response",
		["name", *std, "employee", "company", "survey_cycle", "response_key"],
		surveys,
		chunk_size=5000,
	)
	frappe.db.bulk_insert(
		"Credit Survey Need",
		["name", "parent", "parenttype", "parentfield", "skill", "idx"],
		needs,
		chunk_size=5000,
	)
	frappe.db.commit()


REPEAT = 3


def measure(label, fn, results):
	"""Run ``fn`` REPEAT times: the median time (a shared 2-core machine is noisy), every run, and
	the peak memory above the idle size of the process."""
	gc.collect()
	idle = common.rss_mb()
	common.reset_peak()
	runs = []
	for _ in range(REPEAT):
		start = time.perf_counter()
		value = fn()
		runs.append(time.perf_counter() - start)
	results[label] = {
		"seconds": round(statistics.median(runs), 3),
		"runs": [round(run, 3) for run in runs],
		"peak_mb_above_idle": round(common.peak_rss_mb() - idle, 1),
	}
	return value


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--employees", type=int, default=10_000)
	parser.add_argument("--entries", type=int, default=1_000_000)
	parser.add_argument("--keep", action="store_true", help="keep the generated data (prints its tag)")
	parser.add_argument("--reuse", help="time again on the data a --keep run left (its tag)")
	parser.add_argument("--repeat", type=int, default=REPEAT, help="runs per query (the median is reported)")
	args = parser.parse_args()
	globals()["REPEAT"] = max(args.repeat, 1)
	common.connect()
	from frappe.desk.doctype.number_card.number_card import get_result
	from frappe.desk.query_report import run

	from hr_credit_app import api, dashboard, employee_page

	tag = args.reuse or common.new_tag()
	results = {"employees": args.employees, "entries": args.entries, "tag": tag}
	departments = []
	policy = frappe.db.get_value("Credit Incentive Policy", {"company": COMPANY})
	common.remember(
		tag,
		policy=policy,
		policy_enabled=frappe.db.get_value("Credit Incentive Policy", policy, "enabled"),
		user_company=frappe.defaults.get_user_default("Company"),
	)
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
		course = frappe.get_all(
			"Credit Course", filters={"name": ("like", f"BENCH-{tag}-%")}, pluck="name", order_by="name"
		)[0]
		scenario = frappe.get_doc(
			{
				"doctype": "Credit Policy Scenario",
				"scenario_name": f"Bench {tag} scenario",
				"company": COMPANY,
				"levels": [
					{"level_name": "Junior", "min_credits": 150, "monthly_allowance": 600},
					{"level_name": "Senior", "min_credits": 250, "monthly_allowance": 1600},
				],
			}
		).insert()
		frappe.db.set_value("Credit Incentive Policy", policy, "enabled", 1)
		frappe.db.commit()
		reports = [
			("Employee Credit Progress", {}),
			("Department Credit Distribution", {}),
			("Plan Tracking", {}),
			("Training Needs Analysis", {"view": "Company"}),
			("Training Needs Analysis", {"view": "Department"}),
			("Training Effectiveness", {"course": course}),
			("Course Recommendations", {"limit": 3, "department": departments[0]}),
			("Policy What-If", {"scenario": scenario.name}),
			("Annual Learning Ranking", {"year": getdate(today()).year - 1}),
		]
		try:
			# the report itself, even where Frappe made it a prepared report (it does after a run of
			# more than 15 s, e.g. a cold 50,000-employee run)
			for report, extra in reports:
				label = report + (f" ({extra['view']})" if "view" in extra else "")
				result = measure(
					label,
					lambda report=report, extra=extra: run(
						report, filters={**filters, **extra}, ignore_prepared_report=True
					),
					results,
				)
				results[label]["rows"] = len(result.get("result") or [])
				frappe.db.rollback()
			# a prepared report: what the background worker runs, timed directly
			from hr_credit_app.hr_credit_app.report.incentive_optimisation import incentive_optimisation

			result = measure(
				"Incentive Optimisation (prepared, in the worker)",
				lambda: incentive_optimisation.execute(frappe._dict(filters)),
				results,
			)
			results["Incentive Optimisation (prepared, in the worker)"]["rows"] = len(result[1])
		finally:
			frappe.delete_doc("Credit Policy Scenario", scenario.name, force=True)
			frappe.db.commit()
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
		employee = frappe.db.get_value("Employee", {"name": ("like", f"BENCH-{tag}-%")}, "name")
		measure("get_credit_summary (one employee)", lambda: api.get_credit_summary(employee), results)
		from hr_credit_app import tasks

		measure("hourly job: every employee's recommended courses kept", tasks.keep_recommendations, results)
		fresh = iter(
			frappe.get_all(
				"Employee",
				filters={"name": ("like", f"BENCH-{tag}-%")},
				pluck="name",
				order_by="name",
				start=1,
				limit=2 * REPEAT,
			)
		)
		measure(
			"/my-credits data: an employee's first view of the hour (kept by the hourly job)",
			lambda: employee_page.get_page_data(next(fresh)),
			results,
		)

		def nothing_kept():
			employee = next(fresh)
			frappe.cache.delete_value(employee_page.recommendations_key(COMPANY, employee))
			return employee_page.get_page_data(employee)

		measure("/my-credits data: a view with nothing kept (a new employee)", nothing_kept, results)
		employee_page.get_page_data(employee)
		measure("/my-credits data: every other view", lambda: employee_page.get_page_data(employee), results)
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
		common.restore(tag)  # the policy's enabled flag and the default company, as they were
		if args.keep:
			print(f"kept the data: --reuse {tag}")
		else:
			cleanup(tag, departments)


if __name__ == "__main__":
	main()
