"""A demo company that shows the app's main job end to end: credits -> payroll slip.

    bench --site SITE execute hr_credit_app.demo.run      # build (or show) the demo
    bench --site SITE execute hr_credit_app.demo.remove   # remove the demo company and all it made

``run`` builds "Credit Demo Co" (CNY): four departments, designations with a promotion gate, 50
employees with salary structures, a course catalogue, the example incentive policy (enabled, with
the bonus add-on), twelve months of learning evidence sent through the real intake path (the one
the REST API uses), then one payroll month through a standard Payroll Entry. It prints credits and
levels, the credit lines on the slips, a promotion the gate blocks, and the year's honours.
Running it again builds nothing twice: it prints the same result. Everything is deterministic
(a fixed random seed).
"""

import random

import frappe
from frappe.utils import add_days, add_months, flt, get_first_day, get_last_day, getdate, today

from hr_credit_app import intake
from hr_credit_app.setup.payroll import make_example_policy

COMPANY = "Credit Demo Co"
ABBR = "CDC"
CURRENCY = "CNY"
DEPARTMENTS = ("Production", "Sales", "Finance", "IT")
DESIGNATIONS = ("Operator", "Engineer", "Team Lead", "Department Manager")
SKILLS = ("Management", "Digital Skills", "Lean Production", "Safety", "Customer Communication")
BASIC, BONUS = "Demo Basic", "Demo Performance Bonus"
STRUCTURE = "Credit Demo Structure"
SOURCE = "Demo Learning Platform"
MARK = "Credit demo"
# code, title, category, delivery mode, base credits, weight, skills
COURSES = (
	("DEMO-SAFE", "Safety rules", "Compulsory", "Online", 2, 1, ("Safety",)),
	("DEMO-CULT", "Corporate culture", "Compulsory", "Online", 2, 1, ()),
	("DEMO-IIOT", "Industrial Internet application", "Compulsory", "Online", 2, 1.5, ("Digital Skills",)),
	("DEMO-PY", "Python basics", "Elective", "Online", 2, 1, ("Digital Skills",)),
	("DEMO-FIN", "Financial analysis", "Elective", "Online", 2, 1, ()),
	("DEMO-TEAM", "Team building", "Elective", "Offline", 2, 1, ("Management",)),
	("DEMO-MGMT", "Advanced management", "Elective", "Online", 4, 1.5, ("Management",)),
	("DEMO-CUST", "Customer communication", "Elective", "Offline", 2, 1, ("Customer Communication",)),
	("DEMO-LEAN", "Lean production practice", "Practice", "Practice", 2, 1, ("Lean Production",)),
	("DEMO-CASE", "Case workshop", "Practice", "Practice", 2, 1, ()),
	("DEMO-QUAL", "Quality control", "Compulsory", "Online", 2, 1, ("Lean Production",)),
	("DEMO-DATA", "Data literacy", "Elective", "Online", 2, 1.5, ("Digital Skills",)),
	("DEMO-LEAD", "Leading a shift", "Elective", "Offline", 3, 1, ("Management",)),
	("DEMO-NEGO", "Negotiation", "Elective", "Offline", 2, 1, ("Customer Communication",)),
	("DEMO-ENER", "New energy technology", "Elective", "Online", 2, 1.5, ("Digital Skills",)),
	("DEMO-MENT", "Mentoring apprentices", "Practice", "Practice", 2, 1, ("Management",)),
	("DEMO-KAIZ", "Kaizen project", "Practice", "Practice", 3, 1, ("Lean Production",)),
	("DEMO-DRIL", "Emergency drill", "Compulsory", "Offline", 2, 1, ("Safety",)),
)
NAMES = (
	"Wang Fang",
	"Li Na",
	"Zhang Wei",
	"Liu Yang",
	"Chen Jing",
	"Yang Min",
	"Zhao Lei",
	"Huang Yong",
	"Zhou Jie",
	"Wu Xia",
	"Xu Tao",
	"Sun Li",
	"Ma Chao",
	"Zhu Hong",
	"Hu Jun",
	"Guo Qiang",
	"He Ping",
	"Gao Yan",
	"Lin Feng",
	"Luo Mei",
	"Zheng Hui",
	"Liang Bo",
	"Xie Dan",
	"Song Kai",
	"Tang Lan",
	"Han Bin",
	"Feng Yu",
	"Deng Hao",
	"Cao Ying",
	"Peng Fei",
	"Zeng Rui",
	"Xiao Qing",
	"Tian Ming",
	"Dong Xin",
	"Pan Lu",
	"Yuan Hang",
	"Cai Ning",
	"Jiang Tao",
	"Yu Lan",
	"Du Wen",
	"Ye Zi",
	"Cheng Long",
	"Wei Dong",
	"Su Yi",
	"Lu Chen",
	"Ding Shan",
	"Ren Jie",
	"Shen Yue",
	"Yao Bin",
	"Lu Xiao",
)


def payroll_month():
	start = get_first_day(today())
	return start, get_last_day(start)


def run(employees: int = 50) -> None:
	"""Build the demo once (idempotent) and print what it did."""
	frappe.flags.mute_emails = True
	start, end = payroll_month()
	make_company()
	make_masters()
	staff = make_employees(employees)
	make_policy()
	if not frappe.db.exists("Credit Evidence", {"source_system": SOURCE}):
		send_evidence(staff, start)
	make_plans()
	entry = run_payroll(start, end)
	blocked = try_promotions(staff)
	honours = award_honours()
	frappe.db.commit()
	print_summary(report(staff, entry, blocked, honours, start, end))


# ---- masters ------------------------------------------------------------------------------------


def make_company():
	if frappe.db.exists("Company", COMPANY):
		return
	frappe.get_doc(
		{
			"doctype": "Company",
			"company_name": COMPANY,
			"abbr": ABBR,
			"default_currency": CURRENCY,
			"country": "China",
			"create_chart_of_accounts_based_on": "Standard Template",
			"chart_of_accounts": "Standard",
		}
	).insert(ignore_permissions=True)
	year = getdate(today()).year
	holiday_list = frappe.get_doc(
		{
			"doctype": "Holiday List",
			"holiday_list_name": f"{MARK} {year - 1}-{year + 1}",
			"from_date": f"{year - 1}-01-01",
			"to_date": f"{year + 1}-12-31",
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value("Company", COMPANY, "default_holiday_list", holiday_list.name)


def make_masters():
	for department in DEPARTMENTS:
		if not frappe.db.exists("Department", {"department_name": department, "company": COMPANY}):
			frappe.get_doc(
				{
					"doctype": "Department",
					"department_name": department,
					"company": COMPANY,
					"parent_department": "All Departments",
				}
			).insert(ignore_permissions=True)
	for designation in DESIGNATIONS:
		if not frappe.db.exists("Designation", designation):
			frappe.get_doc(
				{"doctype": "Designation", "designation_name": designation, "description": MARK}
			).insert(ignore_permissions=True)
	for skill in SKILLS:
		if not frappe.db.exists("Skill", skill):
			frappe.get_doc({"doctype": "Skill", "skill_name": skill, "description": MARK}).insert(
				ignore_permissions=True
			)
	for code, title, category, mode, base, weight, skills in COURSES:
		if not frappe.db.exists("Credit Course", code):
			frappe.get_doc(
				{
					"doctype": "Credit Course",
					"course_code": code,
					"course_title": title,
					"category": category,
					"delivery_mode": mode,
					"base_credits": base,
					"weight": weight,
					"currency": CURRENCY,
					"cost_per_participant": 300 * base,
					"skills": [{"skill": skill} for skill in skills],
					"description": MARK,
				}
			).insert(ignore_permissions=True)
	account = frappe.db.get_value("Account", {"account_name": "Salary", "company": COMPANY, "is_group": 0})
	for name, abbr in ((BASIC, "DBS"), (BONUS, "DPB")):
		if not frappe.db.exists("Salary Component", name):
			frappe.get_doc(
				{
					"doctype": "Salary Component",
					"salary_component": name,
					"salary_component_abbr": abbr,
					"type": "Earning",
					"depends_on_payment_days": 0,
					"description": MARK,
				}
			).insert(ignore_permissions=True)
	for name in (BASIC, BONUS, "Credit Skill Allowance", "Credit Bonus Add-on", "Credit Honour Award"):
		component = frappe.get_doc("Salary Component", name)
		if account and not any(row.company == COMPANY for row in component.accounts):
			component.append("accounts", {"company": COMPANY, "account": account})
			component.save(ignore_permissions=True)
	if not frappe.db.exists("Salary Structure", STRUCTURE):
		structure = frappe.get_doc(
			{
				"doctype": "Salary Structure",
				"name": STRUCTURE,
				"company": COMPANY,
				"payroll_frequency": "Monthly",
				"currency": CURRENCY,
				"earnings": [
					{
						"salary_component": BASIC,
						"abbr": "DBS",
						"amount_based_on_formula": 1,
						"formula": "base",
					},
					{
						"salary_component": BONUS,
						"abbr": "DPB",
						"amount_based_on_formula": 1,
						"formula": "base * 0.2",
					},
				],
			}
		).insert(ignore_permissions=True)
		structure.submit()


def make_employees(count: int) -> list[str]:
	existing = frappe.get_all("Employee", filters={"company": COMPANY}, pluck="name", order_by="name")
	if existing:
		return existing
	rng = random.Random(7)
	departments = frappe.get_all(
		"Department",
		filters={"company": COMPANY, "department_name": ("in", DEPARTMENTS)},
		pluck="name",
		order_by="name",
	)
	payable = frappe.get_cached_value("Company", COMPANY, "default_payroll_payable_account")
	staff = []
	for i in range(count):
		first, last = NAMES[i % len(NAMES)].split(" ", 1)  # family name first, as the names are written
		employee = frappe.get_doc(
			{
				"doctype": "Employee",
				"first_name": first,
				"last_name": last,
				"company": COMPANY,
				"gender": "Female" if i % 2 else "Male",
				"date_of_birth": f"{1975 + i % 25}-0{1 + i % 9}-15",
				"date_of_joining": "2018-03-01",
				"department": departments[i % len(departments)],
				"designation": DESIGNATIONS[min(i % 10 // 3, 2)],
				"company_email": f"demo{i:02d}@credit-demo.example",
				"status": "Active",
			}
		).insert(ignore_permissions=True)
		staff.append(employee.name)
		ssa = frappe.get_doc(
			{
				"doctype": "Salary Structure Assignment",
				"employee": employee.name,
				"salary_structure": STRUCTURE,
				"from_date": f"{getdate(today()).year - 1}-01-01",
				"company": COMPANY,
				"currency": CURRENCY,
				"base": 6000 + 500 * rng.randrange(0, 20),
				"payroll_payable_account": payable,
			}
		).insert(ignore_permissions=True)
		ssa.submit()
	return staff


def make_policy():
	name = frappe.db.get_value("Credit Incentive Policy", {"company": COMPANY}, "name")
	if not name:
		name = make_example_policy(COMPANY, enabled=1)
	policy = frappe.get_doc("Credit Incentive Policy", name)
	if not policy.enable_bonus_addon or not policy.enabled:
		policy.enabled = 1
		policy.enable_bonus_addon = 1
		policy.bonus_component = BONUS
		policy.append(
			"honour_rewards",
			{
				"reward_type": "Money",
				"description": "Learning award",
				"amount": 2000,
				"salary_component": "Credit Honour Award",
			},
		)
		policy.save(ignore_permissions=True)
	if not policy.get("gate_paths") and frappe.db.exists("Designation", "Team Lead"):
		# team leads are on the way to Department Manager: the gate's courses are recommended to them
		policy.append("gate_paths", {"gate_target": "Department Manager", "from_designation": "Team Lead"})
		policy.save(ignore_permissions=True)


# ---- a year of learning -------------------------------------------------------------------------


def send_evidence(staff: list[str], payroll_start) -> dict:
	"""Twelve months of evidence, as a learning platform would send it (one batch per month)."""
	rng = random.Random(42)
	courses = {code: (mode, skills) for code, _t, _c, mode, _b, _w, skills in COURSES}
	months = [add_months(payroll_start, -m) for m in range(12, 0, -1)]
	batches = {month: [] for month in months}
	for index, employee in enumerate(staff):
		email = frappe.db.get_value("Employee", employee, "company_email")
		zeal = (index * 37) % 100 / 100  # 0 .. 0.99: how keen each employee is
		for code, (mode, _skills) in courses.items():
			for cycle_months in (months[:2], months[2:]):  # a course counts once per calendar year
				if rng.random() > 0.1 + zeal * 0.85:
					continue
				month = cycle_months[rng.randrange(len(cycle_months))]
				add_course(
					batches[month],
					rng,
					f"{employee}-{code}-{month}",
					email,
					code,
					mode,
					add_days(month, rng.randrange(0, 25)),
				)
	totals = {"rows": 0, "credited": 0}
	for month in months:
		if batches[month]:
			answer = intake.intake(batches[month], source_system=SOURCE, process="inline")
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


# ---- payroll ------------------------------------------------------------------------------------


def run_payroll(start, end):
	from hrms.payroll.doctype.payroll_entry.payroll_entry import (
		create_salary_slips_for_employees,
		submit_salary_slips_for_employees,
	)

	existing = frappe.db.get_value(
		"Payroll Entry", {"company": COMPANY, "start_date": start, "docstatus": 1}, "name"
	)
	if existing:
		return frappe.get_doc("Payroll Entry", existing)
	email_setting = frappe.db.get_single_value("Payroll Settings", "email_salary_slip_to_employee")
	frappe.db.set_single_value("Payroll Settings", "email_salary_slip_to_employee", 0)
	try:
		entry = frappe.new_doc("Payroll Entry")
		entry.update(
			{
				"company": COMPANY,
				"posting_date": end if getdate(end) <= getdate(today()) else today(),
				"start_date": start,
				"end_date": end,
				"payroll_frequency": "Monthly",
				"currency": CURRENCY,
				"exchange_rate": 1,
				"payroll_payable_account": frappe.get_cached_value(
					"Company", COMPANY, "default_payroll_payable_account"
				),
				"payment_account": frappe.db.get_value(
					"Account", {"account_type": "Cash", "company": COMPANY, "is_group": 0}
				),
				"cost_center": frappe.get_cached_value("Company", COMPANY, "cost_center"),
			}
		)
		entry.fill_employee_details()  # Get Employees: the credit allowances are posted on this save
		entry.insert(ignore_permissions=True)
		frappe.flags.enqueue_payroll_entry = False
		entry.submit()  # above 30 employees HRMS queues the slip creation; the demo runs that job's code now
		employees = [d.employee for d in entry.employees]
		args = frappe._dict(
			payroll_frequency="Monthly",
			start_date=start,
			end_date=end,
			company=COMPANY,
			posting_date=entry.posting_date,
			payroll_entry=entry.name,
			exchange_rate=1,
			currency=CURRENCY,
		)
		create_salary_slips_for_employees(employees, args, publish_progress=False)
		slips = frappe.get_all(
			"Salary Slip", filters={"payroll_entry": entry.name, "docstatus": 0}, as_list=True
		)
		submit_salary_slips_for_employees(
			frappe.get_doc("Payroll Entry", entry.name), slips, publish_progress=False
		)
	finally:
		frappe.db.set_single_value("Payroll Settings", "email_salary_slip_to_employee", email_setting)
	return frappe.get_doc("Payroll Entry", entry.name)


def try_promotions(staff: list[str]) -> list[str]:
	"""Ask to promote the two best learners without the gate to Department Manager."""
	from hr_credit_app.exceptions import CreditGateError

	messages = []
	leads = frappe.get_all("Employee", filters={"company": COMPANY, "designation": "Team Lead"}, pluck="name")
	credits = dict(
		frappe.get_all(
			"Credit Entry",
			filters={"employee": ("in", leads), "docstatus": 1},
			fields=["employee", "sum(credits)"],
			group_by="employee",
			as_list=True,
		)
	)
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


def award_honours() -> dict:
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


# ---- report -------------------------------------------------------------------------------------


def report(staff, entry, blocked, honours, start, end) -> dict:
	payouts = frappe.get_all(
		"Credit Payout",
		filters={"company": COMPANY, "start_date": start},
		fields=["employee", "employee_name", "credits", "level", "amount", "addon_amount", "status"],
		order_by="credits desc",
	)
	levels = {}
	for p in payouts:
		levels[p.level or "-"] = levels.get(p.level or "-", 0) + 1
	lines = frappe.db.sql(
		"""select d.salary_component, count(*), sum(d.amount) from `tabSalary Detail` d
		join `tabSalary Slip` s on s.name = d.parent
		where s.payroll_entry = %s and s.docstatus = 1
		and d.salary_component in ('Credit Skill Allowance', 'Credit Bonus Add-on')
		group by d.salary_component""",
		entry.name,
	)
	awards = honours
	return {
		"company": COMPANY,
		"period": f"{start} .. {end}",
		"employees": len(staff),
		"evidence_rows": frappe.db.count("Credit Evidence", {"source_system": SOURCE}),
		"credit_entries": frappe.db.count("Credit Entry", {"company": COMPANY, "docstatus": 1}),
		"payouts": [dict(p) for p in payouts],
		"employees_per_level": levels,
		"payroll_entry": entry.name,
		"slip_credit_lines": {
			component: {"slips": count, "amount": flt(amount)} for component, count, amount in lines
		},
		"promotions": blocked,
		"honours": [dict(a) for a in awards],
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
		print(f"  {component}: {line['slips']} slips, {line['amount']:.2f} {CURRENCY}")
	print("\nPromotions to Department Manager:")
	for message in s["promotions"]:
		print(f"  {message}")
	print("\nAnnual honours (the year so far; awarded once it is over):")
	for award in s["honours"]:
		print(
			f"  #{award['rank']} {award['employee_name']} ({award['credits']:.1f} credits, {award['year']})"
		)


# ---- removal ------------------------------------------------------------------------------------


def remove() -> None:
	"""Remove the demo company and everything the demo made."""
	if not frappe.db.exists("Company", COMPANY):
		print("No demo company.")
		return
	employees = frappe.get_all("Employee", filters={"company": COMPANY}, pluck="name")
	entries = frappe.get_all("Payroll Entry", filters={"company": COMPANY}, pluck="name")
	slips = frappe.get_all("Salary Slip", filters={"company": COMPANY}, pluck="name")
	for table in ("GL Entry", "Payment Ledger Entry"):
		frappe.db.delete(table, {"company": COMPANY})
	for name in frappe.get_all("Journal Entry", filters={"company": COMPANY}, pluck="name"):
		frappe.db.delete("Journal Entry Account", {"parent": name})
		frappe.db.delete("Journal Entry", {"name": name})
	for parent_table, child_tables, names in (
		("Salary Slip", ("Salary Detail", "Salary Slip Timesheet", "Salary Slip Leave"), slips),
		("Payroll Entry", ("Payroll Employee Detail",), entries),
	):
		for name in names:
			for child in child_tables:
				frappe.db.delete(child, {"parent": name})
			frappe.db.delete(parent_table, {"name": name})
	awards = frappe.get_all("Credit Honour Award", filters={"company": COMPANY}, pluck="name")
	frappe.db.delete(
		"Credit Honour Reward", {"parenttype": "Credit Honour Award", "parent": ("in", awards or [""])}
	)
	frappe.db.delete("Credit Honour Award", {"company": COMPANY})
	for doctype in (
		"Additional Salary",
		"Credit Payout",
		"Credit Entry",
		"Credit Enrolment",
		"Credit Evidence",
		"Salary Structure Assignment",
	):
		frappe.db.delete(doctype, {"employee": ("in", employees or [""])})
	frappe.db.delete("Credit Evidence", {"source_system": SOURCE})
	for promotion in frappe.get_all(
		"Employee Promotion", filters={"employee": ("in", employees or [""])}, pluck="name"
	):
		frappe.db.delete("Employee Property History", {"parent": promotion})
		frappe.db.delete("Employee Promotion", {"name": promotion})
	for employee in employees:
		frappe.db.delete("User Permission", {"for_value": employee})
		frappe.db.delete("Employee", {"name": employee})
	frappe.db.delete("Salary Detail", {"parent": STRUCTURE})
	frappe.db.delete("Salary Structure", {"name": STRUCTURE})
	for plan in frappe.get_all("Training Plan", filters={"company": COMPANY}, pluck="name"):
		for child in ("Training Plan Employee", "Training Plan Course", "Training Plan Change"):
			frappe.db.delete(child, {"parent": plan})
		frappe.db.delete("Training Plan", {"name": plan})
	for policy in frappe.get_all("Credit Incentive Policy", filters={"company": COMPANY}, pluck="name"):
		frappe.delete_doc("Credit Incentive Policy", policy, ignore_permissions=True, force=True)
	for code, *_rest in COURSES:
		frappe.db.delete("Credit Course Skill", {"parent": code})
		frappe.db.delete("Credit Course", {"name": code})
	for name in (BASIC, BONUS):
		frappe.db.delete("Salary Component Account", {"parent": name})
		frappe.db.delete("Salary Component", {"name": name})
	frappe.db.delete("Salary Component Account", {"company": COMPANY})
	frappe.db.delete("Department", {"company": COMPANY})
	for doctype, names in (("Designation", DESIGNATIONS), ("Skill", SKILLS)):
		for name in names:
			if frappe.db.get_value(doctype, name, "description") == MARK:
				frappe.db.delete(doctype, {"name": name})
	holiday_list = frappe.db.get_value("Company", COMPANY, "default_holiday_list")
	frappe.db.set_value("Company", COMPANY, "default_holiday_list", None)
	frappe.delete_doc("Company", COMPANY, ignore_permissions=True, force=True)
	if holiday_list:
		frappe.db.delete("Holiday", {"parent": holiday_list})
		frappe.db.delete("Holiday List", {"name": holiday_list})
	frappe.db.commit()
	print("Demo company removed.")
