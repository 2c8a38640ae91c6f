"""Benchmark: the queued intake path with one and with two RQ workers.

    cd $HR_CREDIT_BENCH/sites && ../env/bin/python /path/to/hr_credit_app/benchmarks/workers.py \
        [--batches 8] [--rows 2000] [--workers 1 2]

A sender posts ``--batches`` batches of ``--rows`` evidence rows with ``process="queue"`` (the REST
path of a large batch): each request checks and stores its rows and, after its commit, queues one
job on the ``long`` queue. Then ``N`` Frappe workers (``bench worker --queue long``, started here
from the bench's env) credit the batches; the figure is rows per second from the first request to
the last row credited, with each worker count in turn on fresh data. Everything generated is removed.
It needs the bench's Redis queue running (``.ci/services.sh start_services``).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import frappe

from benchmarks import common
from benchmarks.intake import make_rows


def start_workers(count: int) -> list[subprocess.Popen]:
	sites = Path(frappe.local.sites_path).resolve()
	python = sites.parent / "env" / "bin" / "python"
	return [
		subprocess.Popen(
			[str(python), "-m", "frappe.utils.bench_helper", "frappe", "worker", "--queue", "long"],
			cwd=sites,
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
			start_new_session=True,
		)
		for _i in range(count)
	]


def stop_workers(workers: list[subprocess.Popen]) -> None:
	for worker in workers:
		try:
			os.killpg(worker.pid, 15)
		except ProcessLookupError:
			continue
	for worker in workers:
		worker.wait(timeout=60)


def run(workers_count: int, employees, courses, batches: int, rows: int, tag: str) -> dict:
	from hr_credit_app import intake

	prefix = f"w{workers_count}-{tag}"
	# each batch its own employees (as separate senders' batches would be): rows x courses pairs
	per_batch = len(employees) // batches
	payloads = [
		make_rows(employees[b * per_batch : (b + 1) * per_batch], courses, rows, f"{prefix}-{b}")
		for b in range(batches)
	]
	workers = start_workers(workers_count)
	time.sleep(8)  # the workers are up and listening
	try:
		start = time.perf_counter()
		for payload in payloads:
			intake.intake(payload, source_system=f"bench-{prefix}", process="queue")
			frappe.db.commit()  # after the commit: the batch's job is queued
		requests_done = time.perf_counter() - start
		total = batches * rows
		while True:
			frappe.db.rollback()
			waiting = frappe.db.count(
				"Credit Evidence", {"source_system": f"bench-{prefix}", "status": "Accepted"}
			)
			if not waiting:
				break
			if time.perf_counter() - start > 1800:
				raise RuntimeError(f"{waiting} rows still waiting after 30 minutes")
			time.sleep(0.2)
		elapsed = time.perf_counter() - start
	finally:
		stop_workers(workers)
	credited = frappe.db.count("Credit Entry", {"employee": ("in", employees), "docstatus": 1})
	return {
		"workers": workers_count,
		"rows": total,
		"requests_seconds": round(requests_done, 2),
		"seconds": round(elapsed, 2),
		"rows_per_second": round(total / elapsed),
		"credit_entries": credited,
	}


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--batches", type=int, default=8)
	parser.add_argument("--rows", type=int, default=2000)
	parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
	args = parser.parse_args()
	common.connect()
	tag = common.new_tag()
	results = []
	try:
		per_run = args.batches * max(args.rows // 20, 1)  # two rows per employee and course, 10 courses
		employees = common.make_employees(per_run * len(args.workers), "_Test Company", tag)
		courses = common.make_courses(10, tag)
		frappe.db.commit()
		for i, count in enumerate(args.workers):
			staff = employees[i * per_run : (i + 1) * per_run]
			results.append(run(count, staff, courses, args.batches, args.rows, tag))
			print(json.dumps(results[-1]))
		print(json.dumps(results, indent=1))
	finally:
		frappe.db.rollback()
		common.cleanup(tag)
		frappe.db.sql("delete from `tabCredit Evidence` where source_system like %s", f"bench-w%-{tag}")
		frappe.db.commit()


if __name__ == "__main__":
	main()
