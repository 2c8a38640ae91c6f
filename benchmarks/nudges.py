"""Benchmark: the hourly credited-nudge job for N employees credited in the same hour.

    cd $HR_CREDIT_BENCH/sites && ../env/bin/python /path/to/hr_credit_app/benchmarks/nudges.py \
        [--employees 2000] [--batch 500]

N employees (each with a user) of _Test Company, with the company's incentive policy on, get one
credit each. Then the scheduler's job (``nudges.send_credit_nudges``: who was credited, the mark
moved, the jobs queued) runs, and each batch job it queued runs in this process, as an RQ worker would
run it (``nudges.credit_nudges_for``: one Notification Log per person, two where a level is reached,
each also queued as an e-mail through a temporary outgoing account). The figures: the scheduler job's seconds, each batch job's seconds
(the RQ ``long`` queue allows 1,500 s a job), notifications per second. Everything generated is
removed, also the policy's state.
"""

import argparse
import json
import sys
import time
from pathlib import Path
from unittest.mock import patch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import frappe
from frappe.utils import add_days, now_datetime, today

from benchmarks import common

COMPANY = "_Test Company"


def make_users(employees: list[str]) -> list[str]:
	now = now_datetime()
	users = [f"{name.lower()}@bench.example" for name in employees]
	frappe.db.bulk_insert(
		"User",
		[
			"name",
			"email",
			"first_name",
			"enabled",
			"user_type",
			"creation",
			"modified",
			"owner",
			"modified_by",
		],
		[
			(user, user, "Bench", 1, "System User", now, now, "Administrator", "Administrator")
			for user in users
		],
	)
	for employee, user in zip(employees, users, strict=True):
		frappe.db.sql("update `tabEmployee` set user_id = %s where name = %s", (user, employee))
	return users


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--employees", type=int, default=2000)
	parser.add_argument("--batch", type=int, default=500)
	args = parser.parse_args()
	common.connect()
	from hr_credit_app import ledger, nudges

	tag = common.new_tag()
	policy = frappe.db.get_value(
		"Credit Incentive Policy", {"company": COMPANY}, ["name", "enabled"], as_dict=True
	)
	settings = frappe.db.get_singles_dict("HR Credit Settings")
	users = []
	try:
		employees = common.make_employees(args.employees, COMPANY, tag)
		users = make_users(employees)
		frappe.db.set_value("Credit Incentive Policy", policy.name, "enabled", 1)
		# an outgoing e-mail account, as a real site has (no SMTP server is reached: mails only queue)
		account = frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": f"Bench nudges {tag}",
				"email_id": f"nudges-{tag.lower()}@bench.example",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "localhost",
				"no_smtp_authentication": 1,
			}
		)
		account.db_insert()
		frappe.cache.delete_value("outgoing_email_account")
		# 19 credits a month ago, 2 now: each crosses the first level (20) and hears both nudges
		ledger.post(
			[
				{
					"employee": e,
					"credits": 19,
					"posting_date": add_days(today(), -30),
					"category": "Compulsory",
					"source": "Import",
				}
				for e in employees
			]
		)
		frappe.db.set_single_value("HR Credit Settings", "nudged_until", now_datetime())
		frappe.db.set_single_value("HR Credit Settings", "nudge_batch_size", args.batch)
		time.sleep(0.01)
		ledger.post(
			[
				{
					"employee": e,
					"credits": 2,
					"posting_date": today(),
					"category": "Compulsory",
					"source": "Import",
				}
				for e in employees
			]
		)
		frappe.db.commit()

		queued = []

		def capture(method, **kwargs):
			queued.append(kwargs)

		start = time.perf_counter()
		with patch("frappe.enqueue", side_effect=capture):
			nudges.send_credit_nudges()
		scheduler_seconds = time.perf_counter() - start
		frappe.db.commit()
		batch_seconds, sent = [], 0
		for job in queued:
			start = time.perf_counter()
			sent += nudges.credit_nudges_for(job["items"], job["since"], job["until"])
			frappe.db.commit()
			batch_seconds.append(time.perf_counter() - start)
		result = {
			"employees": args.employees,
			"batch_size": args.batch,
			"jobs": len(queued),
			"scheduler_job_seconds": round(scheduler_seconds, 2),
			"slowest_batch_job_seconds": round(max(batch_seconds), 2),
			"all_batch_jobs_seconds": round(sum(batch_seconds), 2),
			"notifications": sent,
			"notifications_per_second": round(sent / sum(batch_seconds)),
			"emails_queued": frappe.db.count("Email Queue Recipient", {"recipient": ("in", users)}),
		}
		print(json.dumps(result, indent=1))
	finally:
		frappe.db.rollback()
		for batch in [users[i : i + 1000] for i in range(0, len(users), 1000)]:
			if not batch:
				continue
			frappe.db.delete("Notification Log", {"for_user": ("in", batch)})
			queues = frappe.get_all(
				"Email Queue Recipient", filters={"recipient": ("in", batch)}, pluck="parent"
			)
			if queues:
				frappe.db.delete("Email Queue Recipient", {"parent": ("in", queues)})
				frappe.db.delete("Email Queue", {"name": ("in", queues)})
			frappe.db.delete("Notification Settings", {"name": ("in", batch)})
			frappe.db.delete("User", {"name": ("in", batch)})
		frappe.db.delete("Email Account", {"email_account_name": f"Bench nudges {tag}"})
		frappe.cache.delete_value("outgoing_email_account")
		frappe.db.set_value("Credit Incentive Policy", policy.name, "enabled", policy.enabled)
		for field in ("nudged_until", "nudge_batch_size"):
			frappe.db.set_single_value("HR Credit Settings", field, settings.get(field))
		frappe.db.commit()
		common.cleanup(tag)


if __name__ == "__main__":
	main()
