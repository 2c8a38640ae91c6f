"""The demo's year: twelve months of learning evidence through the real intake path, two training
plans, one payroll month through a standard Payroll Entry, a gated promotion, the year's honours,
and the summary it prints."""

import random

import frappe
from frappe.utils import add_days, add_months, flt, get_first_day, get_last_day, getdate, today

from hr_credit_app import intake
from hr_credit_app.credits import window_totals
from hr_credit_app.demo import builders
from hr_credit_app.demo.company import COMPANY, DATA


def payroll_month():
	start = get_first_day(today())
	return start, get_last_day(start)


def send_evidence(staff: list[str], payroll_start) -> dict:
	"""Twelve months of evidence, as a learning platform would send it (one batch per month)."""
	rng = random.Random(42)
	courses = {course["code"]: course["delivery_mode"] for course in DATA["courses"]}
	months = [add_months(payroll_start, -m) for m in range(12, 0, -1)]
	batches = {month: [] for month in months}
	emails = dict(
		frappe.get_all(
			"Employee", filters={"name": ("in", staff)}, fields=["name", "company_email"], as_list=True
		)
	)
	for index, employee in enumerate(staff):
		zeal = (index * 37) % 100 / 100  # 0 .. 0.99: how keen each employee is
		for code, mode in courses.items():
			for cycle_months in (months[:2], months[2:]):  # a course counts once per calendar year
				if rng.random() > 0.1 + zeal * 0.85:
					continue
				month = cycle_months[rng.randrange(len(cycle_months))]
				add_course(
					batches[month],
					rng,
					f"{employee}-{code}-{month}",
					emails.get(employee),
					code,
					mode,
					add_days(month, rng.randrange(0, 25)),
				)
	totals = {"rows": 0, "credited": 0}
	for month in months:
		if batches[month]:
			answer = intake.intake(batches[month], source_system=DATA["learning_platform"], process="inline")
			totals["rows"] += answer["totals"]["rows"]
			totals["credited"] += answer["totals"]["credited"]
	return totals


def add_course(batch, rng, ref, email, code, mode, day):
	if mode == "Online":
		batch.append(row(ref + "-c", email, code, "completion", 100, day))
		batch.append(row(ref + "-e", email, code, "exam", rng.choice((72, 81, 88, 95)), day))
	elif mode == "Offline":
		batch.append(row(ref + "-a", email, code, "attendance", 1, day))
		batch.append(row(ref + "-h", email, code, "hours", 4, day))
	else:
		batch.append(row(ref + "-p", email, code, "practice_assessment", rng.choice((7, 8, 9)), day))


def row(external_id, employee, course, kind, value, day):
	return {
		"external_id": external_id,
		"employee": employee,
		"course": course,
		"kind": kind,
		"value": value,
		"date": str(day),
	}


def make_plans():
	"""Two plans: a company-wide one that was extended, and a department one with a make-up session."""
	year = getdate(today()).year
	if frappe.db.exists("Training Plan", {"company": COMPANY}):
		return
	digital = frappe.get_doc(
		{
			"doctype": "Training Plan",
			"plan_name": f"Digital skills {year}",
			"company": COMPANY,
			"from_date": f"{year}-01-01",
			"to_date": f"{year}-12-31",
			"due_date": f"{year}-09-30",
			"audience": "Company",
			"courses": [{"course": "DEMO-IIOT"}, {"course": "DEMO-PY"}, {"course": "DEMO-DATA"}],
		}
	).insert(ignore_permissions=True)
	digital.extend_due_date(
		f"{year}-10-31", "Production peak in September: two more weeks for the online courses."
	)
	production = frappe.db.get_value("Department", {"company": COMPANY, "department_name": "Production"})
	safety = frappe.get_doc(
		{
			"doctype": "Training Plan",
			"plan_name": f"Safety refresh {year}",
			"company": COMPANY,
			"from_date": f"{year}-01-01",
			"to_date": f"{year}-12-31",
			"due_date": f"{year}-06-30",
			"audience": "Department",
			"department": production,
			"courses": [{"course": "DEMO-SAFE"}, {"course": "DEMO-DRIL"}],
		}
	).insert(ignore_permissions=True)
	safety.add_makeup_session(f"{year}-07-11", "Weekend session for the night shift.", course="DEMO-DRIL")


def run_payroll(start, end):
	existing = frappe.db.get_value(
		"Payroll Entry", {"company": COMPANY, "start_date": start, "docstatus": 1}, "name"
	)
	if existing:
		return frappe.get_doc("Payroll Entry", existing)
	email_setting = builders.no_slip_emails()
	try:
		entry = builders.payroll_entry(
			COMPANY, start, end, posting_date=end if getdate(end) <= getdate(today()) else today()
		)
		frappe.flags.enqueue_payroll_entry = False
		entry.submit()  # above 30 employees HRMS queues the slip creation; the demo runs that job's code now
		builders.create_slips(entry)
		builders.submit_slips(entry)
	finally:
		frappe.db.set_single_value("Payroll Settings", "email_salary_slip_to_employee", email_setting)
	return frappe.get_doc("Payroll Entry", entry.name)


def try_promotions(staff: list[str]) -> list[str]:
	"""Ask to promote the best and the least learner among the team leads to Department Manager."""
	from hr_credit_app.exceptions import CreditGateError

	messages = []
	leads = frappe.get_all("Employee", filters={"company": COMPANY, "designation": "Team Lead"}, pluck="name")
	credits: dict[str, float] = {}
	for employee, _category, value in window_totals(None, today(), leads):
		credits[employee] = credits.get(employee, 0.0) + value
	leads.sort(key=lambda e: -(credits.get(e) or 0))
	for employee in leads[:1] + leads[-1:]:
		doc = frappe.get_doc(
			{
				"doctype": "Employee Promotion",
				"employee": employee,
				"promotion_date": today(),
				"promotion_details": [
					{
						"property": "Designation",
						"current": "Team Lead",
						"new": "Department Manager",
						"fieldname": "designation",
					}
				],
			}
		)
		try:
			doc.insert(ignore_permissions=True)
			messages.append(f"{employee}: allowed - {frappe.utils.strip_html(doc.credit_gate_status or '')}")
			doc.delete(ignore_permissions=True)  # the demo only asks; it promotes nobody
		except CreditGateError as e:
			frappe.clear_messages()
			messages.append(f"{employee}: blocked - {frappe.utils.strip_html(str(e))}")
	return messages


def award_honours() -> list[dict]:
	"""The year's honours as they stand: a year is awarded once it is over, so the demo previews it."""
	from hr_credit_app.honours import annual_ranking

	year = getdate(today()).year
	names = dict(
		frappe.get_all(
			"Employee", filters={"company": COMPANY}, fields=["name", "employee_name"], as_list=True
		)
	)
	return [
		{
			"employee_name": names.get(row["employee"]),
			"rank": row["rank"],
			"credits": row["credits"],
			"year": year,
		}
		for row in annual_ranking(COMPANY, year)
		if row["awarded"]
	]


def report(staff, entry, blocked, honours, start, end) -> dict:
	payouts = frappe.get_all(
		"Credit Payout",
		filters={"company": COMPANY, "start_date": start},
		fields=["employee", "employee_name", "credits", "level", "amount", "addon_amount", "status"],
		order_by="credits desc, employee asc",
	)
	levels = {}
	for p in payouts:
		levels[p.level or "-"] = levels.get(p.level or "-", 0) + 1
	policy = frappe.db.get_value(
		"Credit Incentive Policy",
		{"company": COMPANY},
		["allowance_component", "addon_component"],
		as_dict=True,
	)
	lines = frappe.db.sql(
		"""select d.salary_component, count(*), sum(d.amount) from `tabSalary Detail` d
		join `tabSalary Slip` s on s.name = d.parent
		where s.payroll_entry = %s and s.docstatus = 1 and d.salary_component in %s
		group by d.salary_component""",
		(entry.name, (policy.allowance_component, policy.addon_component)),
	)
	return {
		"company": COMPANY,
		"currency": DATA["company"]["currency"],
		"period": f"{start} .. {end}",
		"employees": len(staff),
		"evidence_rows": frappe.db.count("Credit Evidence", {"source_system": DATA["learning_platform"]}),
		"credit_entries": frappe.db.count("Credit Entry", {"company": COMPANY, "docstatus": 1}),
		"payouts": [dict(p) for p in payouts],
		"employees_per_level": levels,
		"payroll_entry": entry.name,
		"slip_credit_lines": {
			component: {"slips": count, "amount": flt(amount)} for component, count, amount in lines
		},
		"promotions": blocked,
		"honours": honours,
	}


def print_summary(s: dict) -> None:
	print(f"\n{s['company']}: payroll {s['period']} ({s['payroll_entry']})")
	print(
		f"{s['employees']} employees, {s['evidence_rows']} evidence rows, {s['credit_entries']} credit entries"
	)
	print("\nCredits and levels (credits counted up to the day before the period):")
	for p in s["payouts"][:10]:
		print(
			f"  {p['employee_name']:<14} {p['credits']:>6.1f} credits  {p['level'] or '-':<13} allowance {p['amount']:>7.2f}  add-on {p['addon_amount']:>7.2f}  {p['status']}"
		)
	print(f"  ... employees per level: {s['employees_per_level']}")
	print("\nCredit lines on the submitted salary slips:")
	for component, line in s["slip_credit_lines"].items():
		print(f"  {component}: {line['slips']} slips, {line['amount']:.2f} {s['currency']}")
	print("\nPromotions to Department Manager:")
	for message in s["promotions"]:
		print(f"  {message}")
	print("\nAnnual honours (the year so far; awarded once it is over):")
	for award in s["honours"]:
		print(
			f"  #{award['rank']} {award['employee_name']} ({award['credits']:.1f} credits, {award['year']})"
		)
