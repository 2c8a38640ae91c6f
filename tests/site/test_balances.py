"""The balances kept beside the ledger (Credit Balance, Credit Completion) and the one read layer.

- Any window read through ``hr_credit_app.credits`` equals the ledger's own sum, after postings
  back-dated over three years, desk Manual Adjustments and cancellations.
- Credits follow the employee: payroll, the reports and honours count the same credits for an
  employee who moved to another company.
- ``verify`` finds a tampered balance and ``repair`` rebuilds it; only an HR Manager may ask.
- Several processes posting and cancelling the same employees' credits at the same moment leave
  both tables equal to the ledger.
"""

import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

import frappe
from frappe.utils import add_days, add_months, getdate, random_string, today

from hr_credit_app import credits, ledger
from hr_credit_app.credits import verify
from hr_credit_app.honours import year_credits
from hr_credit_app.policy import employee_credits
from hr_credit_app.reporting import ALL, credit_totals, get_employees

from .conftest import SITE, SITES_PATH
from .factories import COMPANY, new_course, new_employee, purge


def ledger_sum(employees, from_date, to_date) -> dict:
	rows = frappe.db.sql(
		"""select employee, category, sum(credits) from `tabCredit Entry`
		where employee in %s and docstatus = 1 and posting_date <= %s and (%s is null or posting_date >= %s)
		group by employee, category having sum(credits) <> 0""",
		(tuple(employees), to_date, from_date, from_date),
	)
	return {(e, c): round(float(v), 6) for e, c, v in rows}


def layer_sum(employees, from_date, to_date) -> dict:
	return {(e, c): round(v, 6) for e, c, v in credits.window_totals(from_date, to_date, employees)}


def random_history(employees, courses, rng, count=120):
	start = getdate(add_months(today(), -34))
	span = (getdate(today()) - start).days
	rows = [
		{
			"employee": rng.choice(employees),
			"course": rng.choice(courses),
			"credits": rng.choice([0.5, 1, 2, 3.25, 5]),
			"posting_date": add_days(start, rng.randrange(span + 1)),
			"source": "Import",
			"award_key": f"bal:{random_string(10)}",
		}
		for _i in range(count)
	]
	posted = ledger.post(rows)["posted"]
	return list(posted)


def test_every_window_read_from_the_balances_equals_the_ledger():
	rng = random.Random(7)
	employees = [new_employee() for _i in range(3)]
	courses = [new_course(category=c).name for c in ("Compulsory", "Elective", "Practice")]
	keys = random_history(employees, courses, rng)
	ledger.cancel(award_keys=rng.sample(keys, 25))
	# a Manual Adjustment typed in the desk, then one cancelled there
	for credits_value in (-2, 4):
		doc = frappe.get_doc(
			{
				"doctype": "Credit Entry",
				"employee": employees[0],
				"category": "Elective",
				"credits": credits_value,
				"posting_date": add_months(today(), -5),
				"reason": "correction",
			}
		).insert()
		doc.submit()
	doc.cancel()

	ends = [getdate(today()), getdate(add_days(today(), -45)), dt.date(getdate(today()).year - 1, 12, 31)]
	for end in ends:
		for start in (
			None,
			dt.date(end.year, 1, 1),
			getdate(add_days(end, -200)),
			getdate(add_months(end, -12)),
		):
			assert layer_sum(employees, start, end) == ledger_sum(employees, start, end), (start, end)
	# what a user reads: the payroll figure and the report figure of one employee agree with the ledger
	total, by_category = employee_credits(employees[0], COMPANY, today(), "rolling_12_months")
	expected = ledger_sum([employees[0]], getdate(add_days(add_months(today(), -12), 1)), getdate(today()))
	assert by_category == {c: v for (_e, c), v in expected.items()}
	assert round(total, 6) == round(sum(expected.values()), 6)
	found = verify()
	assert (found["balances"], found["completions"]) == (0, 0), found


def test_first_completions_follow_cancellations():
	employee = new_employee()
	course = new_course().name
	first = ledger.post(
		[
			{
				"employee": employee,
				"course": course,
				"credits": 2,
				"posting_date": add_days(today(), -90),
				"source": "Import",
				"award_key": "fc:" + random_string(8),
			},
			{
				"employee": employee,
				"course": course,
				"credits": 2,
				"posting_date": add_days(today(), -10),
				"source": "Import",
				"award_key": "fc:" + random_string(8),
			},
		]
	)["posted"]
	completions = credits.first_completions([employee])
	assert completions["completed_on"].dt.date.tolist() == [getdate(add_days(today(), -90))]
	ledger.cancel(
		award_keys=[min(first, key=lambda k: frappe.db.get_value("Credit Entry", first[k], "posting_date"))]
	)
	completions = credits.first_completions([employee])
	assert completions["completed_on"].dt.date.tolist() == [getdate(add_days(today(), -10))]
	ledger.cancel(award_keys=list(first))
	assert credits.first_completions([employee]).empty


def test_credited_since_a_day_is_the_ledgers_first_credit_since_then():
	"""What plans count as done since their start, and on which day: the same as the ledger's first
	credit for the course since that day, also for a course credited again after an earlier
	completion (read from the ledger) and after cancellations (the completions recomputed)."""
	rng = random.Random(11)
	employees = [new_employee() for _i in range(3)]
	courses = [new_course().name for _i in range(2)]
	keys = random_history(employees, courses, rng, count=40)
	ledger.cancel(award_keys=rng.sample(keys, 8))
	for since in (
		getdate(add_months(today(), -40)),  # before everything: first completions
		getdate(add_months(today(), -12)),
		getdate(add_days(today(), -30)),
		getdate(add_days(today(), 1)),  # nothing since
	):
		truth = {
			(e, c): d
			for e, c, d in frappe.db.sql(
				"""select employee, course, min(posting_date) from `tabCredit Entry`
				where employee in %s and course in %s and docstatus = 1 and credits > 0
				and posting_date >= %s group by employee, course""",
				(tuple(employees), tuple(courses), since),
			)
		}
		for whose in (employees, None):
			found = credits.credited_since(courses, since, whose)
			found = found[found["employee"].isin(employees)]
			assert {
				(e, c): d.date()
				for e, c, d in found[["employee", "course", "credited_on"]].itertuples(index=False)
			} == truth, (since, whose)
			who = credits.credited_since(courses, since, whose, first_day=False)
			assert set(map(tuple, who[who["employee"].isin(employees)].to_numpy().tolist())) == set(truth)


def test_credited_since_holds_after_back_dated_postings_one_by_one():
	"""The days a completion keeps (first, second, previous, last) merge right whatever order the
	credits arrive in, one posting at a time and back-dated, also a day credited twice: every plan
	start gives the ledger's first credit since then, and ``verify`` finds no difference."""
	rng = random.Random(5)
	employee, course = new_employee(), new_course().name
	days = [getdate(add_days(today(), -offset)) for offset in (700, 400, 390, 200, 60, 60, 5)]
	rng.shuffle(days)
	for day in days:
		ledger.post(
			[
				{
					"employee": employee,
					"course": course,
					"credits": 1,
					"posting_date": day,
					"source": "Import",
					"award_key": "one:" + random_string(10),
				}
			]
		)
	for since in sorted({*days, *(add_days(day, 1) for day in days)}):
		since = getdate(since)
		expected = min((day for day in days if day >= since), default=None)
		found = credits.credited_since([course], since, [employee])
		assert found["credited_on"].dt.date.tolist() == ([expected] if expected else []), since
		found = credits.credited_since([course], since)
		found = found[found["employee"] == employee]
		assert found["credited_on"].dt.date.tolist() == ([expected] if expected else []), since
	assert credits.differences()["employees"] == []


def test_credits_follow_the_employee_to_another_company(other_company):
	employee = new_employee()
	course = new_course(category="Elective").name
	ledger.post(
		[
			{
				"employee": employee,
				"course": course,
				"credits": 6,
				"posting_date": add_days(today(), -20),
				"source": "Import",
				"award_key": "mv:" + random_string(8),
			}
		]
	)
	# the employee moves (an Employee Transfer keeps the record and saves it), then learns more there
	doc = frappe.get_doc("Employee", employee)
	doc.update({"company": other_company, "department": None, "holiday_list": None, "reports_to": None})
	doc.save(ignore_permissions=True)
	ledger.post(
		[
			{
				"employee": employee,
				"course": course,
				"credits": 3,
				"posting_date": add_days(today(), -2),
				"source": "Import",
				"award_key": "mv:" + random_string(8),
			}
		]
	)
	payroll_total, _by_category = employee_credits(employee, other_company, today(), "cumulative")
	staff = get_employees(other_company, employee=employee, scope=ALL)
	frame, _categories = credit_totals(other_company, staff, "Cumulative", today())
	year = getdate(today()).year
	honours = year_credits(other_company, [employee], year)
	assert payroll_total == 9
	assert frame.loc[frame["employee"] == employee, "total"].item() == 9
	if getdate(add_days(today(), -20)).year == year:
		assert honours[employee] == 9
	# the old company's report no longer lists them; the ledger keeps where each entry was posted
	assert employee not in get_employees(COMPANY, scope=ALL)["employee"].tolist()
	assert sorted(frappe.get_all("Credit Entry", {"employee": employee}, pluck="company")) == sorted(
		[COMPANY, other_company]
	)
	assert set(frappe.get_all("Credit Balance", {"employee": employee}, pluck="company")) == {other_company}
	assert credits.differences()["employees"] == []


def test_verify_finds_a_tampered_balance_and_repairs_it():
	employee = new_employee()
	keys = random_history([employee], [new_course().name], random.Random(3), count=10)
	assert keys
	frappe.db.sql(
		"update `tabCredit Balance` set credits = credits + 1 where employee = %s and month = 0 limit 1",
		employee,
	)
	frappe.db.sql("delete from `tabCredit Completion` where employee = %s", employee)
	found = credits.differences()
	assert found["balances"] == 1 and found["completions"] == 1
	credits.rebuild()
	found = credits.differences()
	assert (found["balances"], found["completions"]) == (0, 0)


def test_only_an_hr_manager_may_rebuild_the_balances():
	employee = new_employee()
	frappe.set_user(frappe.db.get_value("Employee", employee, "user_id"))
	with pytest.raises(frappe.PermissionError):
		credits.verify_balances(repair=1)


WORKER = textwrap.dedent(
	"""
	import json, os, random, sys, time
	import frappe
	site, sites, go, seed, employees, courses = sys.argv[1:7]
	os.chdir(sites)
	frappe.init(site=site, sites_path=sites)
	frappe.connect()
	frappe.set_user("Administrator")
	from frappe.utils import add_days, random_string, today
	from hr_credit_app import ledger
	rng = random.Random(int(seed))
	employees, courses = json.loads(employees), json.loads(courses)
	while not os.path.exists(go):
		time.sleep(0.005)
	done = {"posted": 0, "cancelled": 0, "retried": 0}
	for _i in range(60):
		for attempt in range(8):
			try:
				if rng.random() < 0.3:
					keys = frappe.get_all("Credit Entry", {"employee": ("in", employees), "docstatus": 1},
						pluck="award_key")
					if keys:
						ledger.cancel(award_keys=[rng.choice(keys)])
						done["cancelled"] += 1
				else:
					rows = [{"employee": rng.choice(employees), "course": rng.choice(courses),
						"credits": rng.choice([1, 2, 3]), "posting_date": add_days(today(), -rng.randrange(900)),
						"source": "Import", "award_key": "cc:" + random_string(12)} for _r in range(rng.randint(1, 6))]
					ledger.post(rows)
					done["posted"] += len(rows)
				frappe.db.commit()
				break
			except (frappe.QueryDeadlockError, frappe.QueryTimeoutError, frappe.TimestampMismatchError):
				frappe.db.rollback()
				done["retried"] += 1
				time.sleep(rng.uniform(0.01, 0.05))
	print(json.dumps(done))
	"""
)


def test_concurrent_posts_and_cancels_leave_the_balances_equal_to_the_ledger():
	employees = [new_employee() for _i in range(4)]
	courses = [new_course(category=c).name for c in ("Compulsory", "Elective")]
	frappe.db.commit()
	try:
		with tempfile.TemporaryDirectory() as folder:
			go = os.path.join(folder, "go")
			processes = [
				subprocess.Popen(
					[
						sys.executable,
						"-c",
						WORKER,
						SITE,
						str(SITES_PATH),
						go,
						str(seed),
						json.dumps(employees),
						json.dumps(courses),
					],
					cwd=SITES_PATH,
					stdout=subprocess.PIPE,
					stderr=subprocess.PIPE,
					text=True,
				)
				for seed in range(3)
			]
			time.sleep(4)
			Path(go).touch()
			results = [process.communicate(timeout=600) for process in processes]
		for process, (_out, err) in zip(processes, results, strict=True):
			assert process.returncode == 0, err[-3000:]
		done = [json.loads(out.strip().splitlines()[-1]) for out, _err in results]
		assert sum(d["posted"] for d in done) > 100 and sum(d["cancelled"] for d in done) > 10
		frappe.db.rollback()  # a fresh snapshot: everything the workers committed
		found = credits.differences()
		assert (found["balances"], found["completions"]) == (0, 0), found
		for start in (None, dt.date(getdate(today()).year, 1, 1), getdate(add_days(today(), -100))):
			assert layer_sum(employees, start, getdate(today())) == ledger_sum(
				employees, start, getdate(today())
			)
	finally:
		frappe.db.rollback()
		purge(employees=employees, courses=courses)
		frappe.db.commit()
