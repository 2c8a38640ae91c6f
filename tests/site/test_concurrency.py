"""Requests and jobs that meet in the database, with real processes (issue 9, items 5 and 9).

- Four senders post overlapping 2,000-row batches at the same moment to the site served by gunicorn
  with four worker processes: every answer is HTTP 200, and every fact is accepted exactly once
  across them.
- Two payroll syncs of the same period run at the same moment in two processes: each allowance is
  paid by one submitted Additional Salary.
- A request the database rolls back as a deadlock victim is run again, not answered with an error.

Everything is committed (other processes must see it) and removed afterwards.
"""

import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest
import requests

import frappe
from frappe.utils import random_string, today

from benchmarks.common import make_employees

from .conftest import BENCH, SITE, SITES_PATH
from .factories import new_course, purge
from .http import token
from .payroll_world import PayrollWorld, run_queued_jobs

METHOD = "/api/method/hr_credit_app.api.submit_evidence"


def free_port() -> int:
	with socket.socket() as sock:
		sock.bind(("127.0.0.1", 0))
		return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server():
	"""The site served by gunicorn with four sync workers, as in production."""
	port = free_port()
	process = subprocess.Popen(
		[
			str(BENCH / "env/bin/gunicorn"),
			"-b",
			f"127.0.0.1:{port}",
			"-w",
			"4",
			"-t",
			"300",
			"frappe.app:application",
		],
		cwd=SITES_PATH,
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
	)
	url = f"http://127.0.0.1:{port}"
	headers = {"X-Frappe-Site-Name": SITE}
	try:
		for _attempt in range(120):
			try:
				if requests.get(url + "/api/method/ping", headers=headers, timeout=30).ok:
					break
			except (requests.ConnectionError, requests.Timeout):
				time.sleep(0.5)
		else:
			pytest.fail("gunicorn did not start")
		yield frappe._dict(url=url, headers=headers)
	finally:
		process.terminate()
		process.wait(timeout=30)


def test_four_senders_posting_overlapping_batches_at_once_each_fact_is_accepted_once(server):
	tag = random_string(5).upper()
	frappe.set_user("Administrator")
	employees = make_employees(60, "_Test Company", "CC" + tag)
	courses = [new_course(code=f"CC-{tag}-{i:02d}", base_credits=2).name for i in range(25)]
	sender = frappe.get_doc(
		{
			"doctype": "User",
			"email": f"feed-{tag.lower()}@example.com",
			"first_name": "Feed",
			"send_welcome_email": 0,
			"roles": [{"role": "Credit Integration"}],
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	auth = token(sender.name)
	pool = [
		{
			"external_id": f"{employee}:{course}:{kind}",
			"employee": employee,
			"course": course,
			"kind": kind,
			"value": 100 if kind == "completion" else 90,
			"date": today(),
		}
		for employee in employees
		for course in courses
		for kind in ("completion", "exam")
	]  # 3,000 facts
	rng = random.Random(tag)
	batches = [rng.sample(pool, 2000) for _sender in range(4)]
	barrier = threading.Barrier(4)
	answers = [None] * 4

	def send(i):
		barrier.wait()
		answers[i] = requests.post(
			server.url + METHOD, json=batches[i], headers={**server.headers, **auth}, timeout=600
		)

	try:
		threads = [threading.Thread(target=send, args=(i,)) for i in range(4)]
		for thread in threads:
			thread.start()
		for thread in threads:
			thread.join()
		assert [answer.status_code for answer in answers] == [200] * 4, [a.text[:300] for a in answers]
		accepted: dict[str, int] = {}
		for answer in answers:
			for row in answer.json()["message"]["rows"]:
				assert row["status"] in ("accepted", "duplicate"), row
				if row["status"] == "accepted":
					accepted[row["external_id"]] = accepted.get(row["external_id"], 0) + 1
		sent = {row["external_id"] for batch in batches for row in batch}
		assert set(accepted) == sent and set(accepted.values()) == {1}
		frappe.db.commit()
		assert frappe.db.count("Credit Evidence", {"source_system": sender.name}) == len(sent)
		run_queued_jobs()  # batches with more new rows than the inline limit are credited by a worker
		pairs = {(row["employee"], row["course"]) for batch in batches for row in batch}
		complete = {
			pair
			for pair in pairs
			if all(f"{pair[0]}:{pair[1]}:{kind}" in sent for kind in ("completion", "exam"))
		}
		entries = frappe.get_all(
			"Credit Entry",
			filters={"employee": ("in", employees), "docstatus": 1},
			fields=["employee", "course"],
		)
		assert len(entries) == len(complete) == len({(e.employee, e.course) for e in entries})
	finally:
		frappe.db.rollback()
		frappe.db.delete("Credit Evidence", {"source_system": sender.name})
		purge(employees=employees, courses=courses, users=[sender.name])


SYNC = textwrap.dedent(
	"""
	import json, os, sys, time
	import frappe
	site, sites, go, start, end, employees = sys.argv[1:7]
	os.chdir(sites)
	frappe.init(site=site, sites_path=sites)
	frappe.connect()
	frappe.set_user("Administrator")
	from hr_credit_app import payroll
	while not os.path.exists(go):
		time.sleep(0.005)
	result = payroll.sync_allowances("_Test Company", start, end, employees=json.loads(employees))
	frappe.db.commit()
	print(json.dumps(result))
	"""
)


def run_at_once(count: int, *args) -> list[dict]:
	"""Run the sync in ``count`` processes, released at the same moment."""
	with tempfile.TemporaryDirectory() as folder:
		go = os.path.join(folder, "go")
		processes = [
			subprocess.Popen(
				[sys.executable, "-c", SYNC, SITE, str(SITES_PATH), go, *args],
				cwd=SITES_PATH,
				stdout=subprocess.PIPE,
				stderr=subprocess.PIPE,
				text=True,
			)
			for _i in range(count)
		]
		time.sleep(4)  # every process connected and waiting
		Path(go).touch()
		results = [process.communicate(timeout=300) for process in processes]
	for process, (_out, err) in zip(processes, results, strict=True):
		assert process.returncode == 0, err[-2000:]
	return [json.loads(out.strip().splitlines()[-1]) for out, _err in results]


def paid_salaries(world) -> dict[str, list[str]]:
	frappe.db.commit()
	rows = frappe.get_all(
		"Additional Salary",
		filters={"employee": ("in", world.employees), "docstatus": 1, "ref_doctype": "Credit Payout"},
		fields=["employee", "name"],
	)
	result: dict[str, list[str]] = {}
	for row in rows:
		result.setdefault(row.employee, []).append(row.name)
	return result


def test_two_payroll_syncs_at_once_pay_each_allowance_once():
	world = PayrollWorld([45, 25, 65])
	employees = json.dumps(world.employees)
	try:
		# both create: one writes each payout and its Additional Salary, the other finds them taken
		results = run_at_once(2, world.start, world.end, employees)
		assert sorted(r["created"] for r in results) == [0, 3]
		salaries = paid_salaries(world)
		assert {employee: len(names) for employee, names in salaries.items()} == dict.fromkeys(
			world.employees, 1
		)
		# credits change before the slips: both replace at once; one replaces, the other then keeps
		for i, employee in enumerate(world.employees):
			world.credit(employee, 20, f"{world.tag}-late-{i}")
		frappe.db.commit()
		results = run_at_once(2, world.start, world.end, employees)
		assert sorted(r["replaced"] for r in results) == [0, 3]
		salaries = paid_salaries(world)
		assert {employee: len(names) for employee, names in salaries.items()} == dict.fromkeys(
			world.employees, 1
		)
		linked = dict(
			frappe.get_all(
				"Credit Payout",
				filters={"employee": ("in", world.employees)},
				fields=["employee", "additional_salary"],
				as_list=True,
			)
		)
		assert {employee: [name] for employee, name in linked.items()} == salaries
		amounts = frappe.get_all(
			"Additional Salary",
			filters={"name": ("in", list(linked.values()))},
			fields=["employee", "amount"],
		)
		assert sorted(a.amount for a in amounts) == [1000, 1500, 1500]  # 65, 45 and 85 credits now
	finally:
		world.purge()


def test_a_deadlocked_request_is_run_again_not_answered_with_an_error():
	from unittest.mock import patch

	from hr_credit_app import api

	calls = []

	def deadlock_once(rows, **kwargs):
		calls.append(1)
		if len(calls) == 1:
			raise frappe.QueryDeadlockError("Deadlock found when trying to get lock")
		return {"rows": [], "totals": {"rows": len(rows)}}

	with patch("hr_credit_app.intake.intake", deadlock_once):
		answer = api.submit_evidence(data=[{"external_id": "x"}])
	assert answer["totals"] == {"rows": 1} and len(calls) == 2
