"""Shared helpers of the benchmark scripts: connect to a site, generate data in bulk, measure, clean up.

Every benchmark generates its own data with a unique tag and removes it afterwards, so it can run
on a development site without touching anything else.
"""

import json
import os
import resource
import time
from contextlib import contextmanager
from pathlib import Path

import frappe
from frappe.utils import add_days, getdate, now_datetime, random_string

from hr_credit_app.demo import builders

SITE = builders.site_name()


def connect():
	builders.connect(SITE)


def rss_mb() -> float:
	"""Resident memory of this process now (MiB)."""
	with open("/proc/self/status") as status:
		for line in status:
			if line.startswith("VmRSS:"):
				return int(line.split()[1]) / 1024
	return 0.0


def peak_rss_mb() -> float:
	"""Peak resident memory of this process since start or the last reset_peak() (MiB)."""
	with open("/proc/self/status") as status:
		for line in status:
			if line.startswith("VmHWM:"):
				return int(line.split()[1]) / 1024
	return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak():
	"""Reset the kernel's peak-RSS counter of this process (Linux: clear_refs 5)."""
	try:
		with open("/proc/self/clear_refs", "w") as f:
			f.write("5")
	except OSError:
		pass


@contextmanager
def timed(label: str, results: dict):
	start = time.perf_counter()
	yield
	results[label] = time.perf_counter() - start


def make_employees(
	count: int, company: str, tag: str, departments: list[str] | None = None, designations=None
) -> list[str]:
	"""Employees written with one multi-row INSERT (the ORM costs ~0.75 s per Employee here)."""
	now = now_datetime()
	names, values = [], []
	for i in range(count):
		name = f"BENCH-{tag}-{i:06d}"
		names.append(name)
		department = departments[i % len(departments)] if departments else None
		designation = designations[i % len(designations)] if designations else None
		values.append(
			(
				name,
				name,
				now,
				now,
				"Administrator",
				"Administrator",
				f"Bench {i}",
				f"Bench {i}",
				company,
				"Active",
				"Female" if i % 2 else "Male",
				"1990-01-01",
				"2020-01-01",
				f"{name.lower()}@bench.example",
				department,
				designation,
				"HR-EMP-",
			)
		)
	frappe.db.bulk_insert(
		"Employee",
		[
			"name",
			"employee",  # Employee's own copy of its ID, which HRMS's payroll queries select
			"creation",
			"modified",
			"owner",
			"modified_by",
			"first_name",
			"employee_name",
			"company",
			"status",
			"gender",
			"date_of_birth",
			"date_of_joining",
			"company_email",
			"department",
			"designation",
			"naming_series",
		],
		values,
	)
	return names


def make_courses(count: int, tag: str, delivery_mode="Online", category="Compulsory") -> list[str]:
	names = []
	for i in range(count):
		doc = frappe.get_doc(
			{
				"doctype": "Credit Course",
				"course_code": f"BENCH-{tag}-{i:03d}",
				"course_title": f"Bench course {i}",
				"category": category,
				"delivery_mode": delivery_mode,
				"base_credits": 2,
				"weight": 1,
			}
		).insert()
		names.append(doc.name)
	return names


def cleanup(tag: str):
	"""Remove everything a benchmark generated under its tag."""
	like = f"BENCH-{tag}-%"
	for doctype in (
		"Credit Entry",
		"Credit Balance",
		"Credit Completion",
		"Credit Enrolment",
		"Credit Evidence",
	):
		frappe.db.sql(f"delete from `tab{doctype}` where employee like %s", like)
	frappe.db.sql("delete from `tabCredit Evidence` where employee_ref like %s", f"bench-{tag}-%")
	frappe.db.sql("delete from `tabCredit Course Skill` where parent like %s", like)
	frappe.db.sql("delete from `tabCredit Course` where name like %s", like)
	frappe.db.sql("delete from `tabEmployee` where name like %s", like)
	frappe.db.commit()


def state_path(tag: str) -> Path:
	return Path(frappe.get_site_path("private", f"benchmark-{tag}.json"))


def remember(tag: str, **settings):
	"""Record settings a benchmark is about to change, before it changes them, so that even a run
	stopped from outside can be undone (``restore``, or ``cleanup.py`` later). Keys:
	``policy`` (name) with ``policy_enabled``, ``slip_email``, ``user_company``."""
	path = state_path(tag)
	path.parent.mkdir(parents=True, exist_ok=True)
	known = json.loads(path.read_text()) if path.exists() else {}
	path.write_text(json.dumps({**settings, **known}))  # the first value seen is the original


def restore(tag: str):
	"""Put back what ``remember`` recorded for the tag, and forget it."""
	path = state_path(tag)
	if not path.exists():
		return
	state = json.loads(path.read_text())
	if state.get("policy") and frappe.db.exists("Credit Incentive Policy", state["policy"]):
		frappe.db.set_value("Credit Incentive Policy", state["policy"], "enabled", state["policy_enabled"])
	if "slip_email" in state:
		frappe.db.set_single_value("Payroll Settings", "email_salary_slip_to_employee", state["slip_email"])
	if "user_company" in state:
		frappe.defaults.set_user_default("Company", state["user_company"])
	frappe.db.commit()
	path.unlink()


def remembered_tags() -> list[str]:
	return sorted(
		path.stem.removeprefix("benchmark-") for path in state_path("x").parent.glob("benchmark-*.json")
	)


def new_tag() -> str:
	return random_string(5).upper()


def days_ago(days: int):
	return add_days(getdate(), -days)
