"""Benchmark: evidence intake, set-based path vs one document per row.

Run on a site with erpnext, hrms and hr_credit_app (it generates its data and removes it):

    cd $HR_CREDIT_BENCH/sites && ../env/bin/python /path/to/hr_credit_app/benchmarks/intake.py [--rows 10000]

Reports, in one run: rows/s of the intake function on a batch (``hr_credit_app.intake.intake``,
the path of the REST API, inline; the median of three batches of the same shape), rows/s of a naive path that inserts one Credit Evidence document
per row with ``doc.insert()`` (which credits each row as it arrives), the ratio, and the peak
memory of the process above its idle size while it takes the batch.
"""

import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import frappe

from benchmarks import common


def make_rows(employees, courses, count, prefix):
	"""Half completions, half exam scores, over employee x course pairs: every pair that gets both
	rows with a passing score earns the course's credits."""
	rows = []
	pairs = [(e, c) for e in employees for c in courses]
	for i in range(count):
		employee, course = pairs[(i // 2) % len(pairs)]
		kind = "completion" if i % 2 == 0 else "exam"
		value = 100 if kind == "completion" else 60 + (i % 40)  # exam 60..99: about half pass (>= 80)
		rows.append(
			{
				"external_id": f"{prefix}-{i}",
				"employee": employee,
				"course": course,
				"kind": kind,
				"value": value,
				"date": str(common.days_ago(1 + i % 30)),
			}
		)
	return rows


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--rows", type=int, default=10_000)
	parser.add_argument("--naive-rows", type=int, default=1_000)
	args = parser.parse_args()

	common.connect()
	from hr_credit_app import intake

	tag = common.new_tag()
	results = {}
	try:
		employees = common.make_employees(1_800, "_Test Company", tag)
		courses = common.make_courses(10, tag)
		# three batches of the same shape, each for its own 400 employees: the median is reported
		fast_batches = [
			make_rows(employees[400 * run : 400 * (run + 1)], courses, args.rows, f"fast{run}-{tag}")
			for run in range(3)
		]
		queued_rows = make_rows(employees[1200:1600], courses, args.rows, f"queued-{tag}")
		naive_rows = make_rows(employees[1600:], courses, args.naive_rows, f"naive-{tag}")
		frappe.db.commit()

		# warm up (imports, caches, rules) with one tiny batch, then measure from idle
		intake.intake(
			make_rows(employees[-1:], courses[:1], 2, f"warm-{tag}"), source_system="bench", process="inline"
		)
		frappe.db.commit()
		gc.collect()
		idle = common.rss_mb()
		common.reset_peak()

		runs = []
		for fast_rows in fast_batches:
			start = time.perf_counter()
			answer = intake.intake(fast_rows, source_system="bench", process="inline")
			frappe.db.commit()
			runs.append(time.perf_counter() - start)
		peak = common.peak_rss_mb()  # the highest of the three (the kernel's high-water mark)
		fast = statistics.median(runs)

		# the REST path for a large batch: the request checks and stores, a worker credits
		gc.collect()
		worker_idle = common.rss_mb()
		start = time.perf_counter()
		queued = intake.intake(queued_rows, source_system="bench", process="queue")
		frappe.db.commit()
		request_part = time.perf_counter() - start
		common.reset_peak()
		start = time.perf_counter()
		intake.credit_batch(queued["batch_id"])  # what the background job runs
		frappe.db.commit()
		worker_part = time.perf_counter() - start
		worker_peak = common.peak_rss_mb()

		start = time.perf_counter()
		frappe.flags.in_import = True
		for row in naive_rows:
			frappe.get_doc(
				{
					"doctype": "Credit Evidence",
					"source_system": "bench-naive",
					"external_id": row["external_id"],
					"employee_ref": row["employee"],
					"course_ref": row["course"],
					"kind": row["kind"].title(),
					"value": row["value"],
					"evidence_date": row["date"],
				}
			).insert()
		frappe.flags.in_import = False
		frappe.db.commit()
		naive = time.perf_counter() - start

		naive_credited = frappe.db.count(
			"Credit Entry", {"employee": ("in", employees[1600:]), "docstatus": 1}
		)
		queued_credited = frappe.db.count(
			"Credit Entry", {"employee": ("in", employees[1200:1600]), "docstatus": 1}
		)
		results = {
			"rows": args.rows,
			"batch_seconds": round(fast, 2),  # the median of three batches
			"batch_rows_per_second": round(args.rows / fast),
			"batch_runs_rows_per_second": [round(args.rows / run) for run in runs],
			"batch_totals": answer["totals"],
			"queued_request_seconds": round(request_part, 2),
			"queued_worker_seconds": round(worker_part, 2),
			"queued_rows_per_second": round(args.rows / (request_part + worker_part)),
			"queued_credited": queued_credited,
			"worker_peak_rss_above_idle_mb": round(worker_peak - worker_idle, 1),
			"naive_rows": args.naive_rows,
			"naive_seconds": round(naive, 2),
			"naive_rows_per_second": round(args.naive_rows / naive, 1),
			"naive_credited": naive_credited,
			"speedup": round((args.rows / fast) / (args.naive_rows / naive), 1),
			"idle_rss_mb": round(idle),
			"peak_rss_above_idle_mb": round(peak - idle, 1),
		}
		print(json.dumps(results, indent=1))
	finally:
		frappe.flags.in_import = False
		frappe.db.rollback()
		common.cleanup(tag)
		frappe.db.sql("delete from `tabCredit Evidence` where source_system like 'bench%%'")
		frappe.db.commit()


if __name__ == "__main__":
	main()
