"""The payouts of a payroll period, in line with the ledger: decided under lock, written in bulk."""

import frappe
from frappe import _lt
from frappe.utils import flt, getdate

from hr_credit_app import bulk, compat
from hr_credit_app.engine import incentives
from hr_credit_app.engine import payouts as engine
from hr_credit_app.payroll import slip_checks
from hr_credit_app.payroll.additional_salary import make_additional_salaries
from hr_credit_app.policy import credit_frame, employee_credits, get_policy
from hr_credit_app.reporting import employed_between

SKIP_REASONS = {
	engine.INACTIVE: _lt("The employee is inactive."),
	engine.NOT_JOINED: _lt("Not yet joined in this period."),
	engine.RELIEVED: _lt("Relieved before this period."),
	engine.NO_SALARY_STRUCTURE: _lt("No submitted Salary Structure Assignment for this period."),
	engine.CURRENCY_MISMATCH: _lt("The salary is paid in another currency than the policy's."),
}


def skip_reason_text(code: str) -> str:
	return str(SKIP_REASONS[code])


payout_key = engine.payout_key


def sync_allowances(
	company: str,
	start_date,
	end_date,
	employees: list[str] | None = None,
	payroll_frequency: str | None = None,
	payroll_entry: str | None = None,
) -> dict:
	"""Bring the payouts of a company and period in line with the ledger (set-based)."""
	slip_checks.forget(employees)  # their payouts may change: the slips read them again
	policy = get_policy(company)
	if not policy or not policy.levels:
		return {"policy": None}
	start_date, end_date = getdate(start_date), getdate(end_date)
	if employees is None:
		employees = employed_between(company, start_date, end_date)
	employees = sorted(set(employees))
	if not employees:
		return {"policy": policy.name, "employees": 0}

	cutoff = engine.cutoff_date(start_date, end_date, policy.cutoff)
	levels = incentives.assign_levels(credit_frame(employees, company, cutoff, policy.window), policy.levels)
	info = employee_info(employees)
	structures = salary_structures(employees, end_date)

	due = []
	for row in levels.itertuples(index=False):
		employee = info.get(row.employee)
		if not employee:
			continue
		structure = structures.get(row.employee) or {}
		date, skip = engine.payroll_date(
			start_date,
			end_date,
			employee.date_of_joining,
			employee.relieving_date,
			structure.get("from_date"),
			structure.get("currency"),
			policy.currency,
			employee.status,
		)
		amount = engine.period_amount(row.monthly_allowance, payroll_frequency) if row.level else 0.0
		status = engine.SKIPPED if skip else (engine.POSTED if amount > 0 else engine.NO_ALLOWANCE)
		due.append(
			{
				"key": payout_key(row.employee, start_date, end_date),
				"employee": row.employee,
				"employee_name": employee.employee_name,
				"department": employee.department,
				"status": status,
				"skip_reason": skip_reason_text(skip) if skip else None,
				"credits": round(float(row.total), 6),
				"level": row.level,
				"amount": amount if status == engine.POSTED else 0.0,
				"salary_component": row.salary_component if status == engine.POSTED else None,
				"currency": structure.get("currency") or policy.currency,
				"payroll_date": date,
			}
		)

	# Decide under lock: two syncs of one period (a Payroll Entry save, the slip job, the button,
	# the monthly job) must never both replace a payout, nor one replace what a slip just paid.
	recorded = lock_payouts(recorded_payouts([p["key"] for p in due]), start_date, end_date)
	actions = engine.plan(due, recorded)
	context = {
		"company": company,
		"policy": policy.name,
		"start_date": start_date,
		"end_date": end_date,
		"cutoff": cutoff,
		"payroll_entry": payroll_entry,
	}
	if actions["replace"]:
		replace_payouts(actions["replace"], recorded, context)
	created = create_payouts(actions["create"], context) if actions["create"] else 0
	return {
		"policy": policy.name,
		"employees": len(due),
		"created": created,  # another sync of the same period may have written some of them first
		"replaced": len(actions["replace"]),
		"unchanged": len(actions["keep"]),
		"paid": len(actions["paid"]),
		"skipped": sum(1 for p in due if p["status"] == engine.SKIPPED),
	}


def employee_info(employees: list[str]) -> dict:
	rows = {}
	for start in range(0, len(employees), 5000):
		for row in frappe.get_all(
			"Employee",
			filters={"name": ("in", employees[start : start + 5000])},
			fields=["name", "employee_name", "department", "date_of_joining", "relieving_date", "status"],
		):
			rows[row.name] = row
	return rows


def salary_structures(employees: list[str], on_date) -> dict:
	"""The latest submitted Salary Structure Assignment of each employee starting on or before a date."""
	result = {}
	ssa = frappe.qb.DocType("Salary Structure Assignment")
	for start in range(0, len(employees), 5000):
		rows = (
			frappe.qb.from_(ssa)
			.select(ssa.employee, ssa.from_date, ssa.currency)
			.where(
				ssa.employee.isin(employees[start : start + 5000])
				& (ssa.docstatus == 1)
				& (ssa.from_date <= on_date)
			)
			.orderby(ssa.from_date)
			.run(as_dict=True)
		)
		for row in rows:  # ascending: the last one wins
			result[row.employee] = row
	return result


RECORDED_FIELDS = (
	"name",
	"employee",
	"payout_key",
	"status",
	"amount",
	"level",
	"credits",
	"salary_component",
	"skip_reason",
	"additional_salary",
)


def recorded_payouts(keys: list[str]) -> dict:
	"""The stored payouts of these keys (a plain read: what exists)."""
	recorded = {}
	for chunk in bulk.chunks(keys):
		for row in frappe.get_all(
			"Credit Payout", filters={"payout_key": ("in", list(chunk))}, fields=list(RECORDED_FIELDS)
		):
			recorded[row.payout_key] = row
	return recorded


def lock_payouts(recorded: dict, start_date, end_date) -> dict:
	"""Lock the stored payouts and read them as they are now, with whether a submitted slip paid
	them. Locks are taken in one order everywhere: first the period's slips of these employees
	(shared: a slip being submitted is waited for), then the payouts by name (exclusive)."""
	if not recorded:
		return {}
	employees = sorted({row.employee for row in recorded.values()})
	salaries = sorted({row.additional_salary for row in recorded.values() if row.additional_salary})
	fresh = {}
	names = sorted(row.name for row in recorded.values())
	with compat.latest_locking_reads():
		paid = paid_additional_salaries(salaries, employees, start_date, end_date, lock=True)
		for chunk in bulk.chunks(names):
			for row in frappe.db.sql(
				"""select {} from `tabCredit Payout` where name in %s order by name for update""".format(
					", ".join(f"`{field}`" for field in RECORDED_FIELDS)
				),
				(tuple(chunk),),
				as_dict=True,
			):
				row["paid"] = row.additional_salary in paid
				fresh[row.payout_key] = row
	return fresh


def paid_additional_salaries(
	names: list[str], employees: list[str], start_date, end_date, lock=False
) -> set[str]:
	"""Additional Salaries that a submitted Salary Slip of these employees and period has paid.

	``lock``: a locking read (the slips as they are now, waiting for one being submitted; exclusive,
	so that a slip submitting itself and a sync never hold a shared lock each and wait for the
	other), found through the slips' employee index rather than a scan of every Salary Detail."""
	if not names or not employees:
		return set()
	paid = set()
	for chunk in bulk.chunks(employees):
		paid.update(
			frappe.db.sql_list(
				"""select d.additional_salary from `tabSalary Slip` s
				join `tabSalary Detail` d on d.parent = s.name and d.parenttype = 'Salary Slip'
				where s.employee in %(employees)s and s.docstatus = 1
					and s.start_date <= %(end)s and s.end_date >= %(start)s
					and d.additional_salary in %(names)s{}""".format(" for update" if lock else ""),
				{"employees": tuple(chunk), "names": tuple(names), "start": start_date, "end": end_date},
			)
		)
	return paid


PAYOUT_FIELDS = (
	"employee",
	"employee_name",
	"company",
	"department",
	"policy",
	"start_date",
	"end_date",
	"cutoff_date",
	"status",
	"skip_reason",
	"credits",
	"level",
	"amount",
	"currency",
	"salary_component",
	"additional_salary",
	"payroll_entry",
	"payout_key",
)


def create_payouts(due: list[dict], context: dict) -> int:
	"""Insert the new payouts; only the sync that wrote a payout makes its Additional Salary (two
	syncs of one period: the second finds the payout taken and leaves it). Returns how many it wrote."""
	rows = [
		{
			**payout,
			"company": context["company"],
			"policy": context["policy"],
			"start_date": context["start_date"],
			"end_date": context["end_date"],
			"cutoff_date": context["cutoff"],
			"additional_salary": None,
			"payroll_entry": context.get("payroll_entry"),
			"payout_key": payout["key"],
		}
		for payout in sorted(due, key=lambda payout: payout["key"])
	]
	written = bulk.insert("Credit Payout", rows, fields=PAYOUT_FIELDS, identity="payout_key")
	mine = [
		(name, row)
		for name, row in zip(written["names"], rows, strict=True)
		if name and row["status"] == engine.POSTED
	]
	link_additional_salaries(make_additional_salaries(mine, context))
	return len(due) - len(written["duplicates"])


def link_additional_salaries(salaries: dict[str, str]) -> None:
	"""Point payouts at their Additional Salaries: {payout: Additional Salary}, one UPDATE per chunk."""
	items = sorted(salaries.items())
	for chunk in bulk.chunks(items, bulk.INSERT_CHUNK):
		frappe.db.sql(
			"""update `tabCredit Payout` set additional_salary = case name {} end where name in %(names)s""".format(
				" ".join(f"when %(p{i})s then %(s{i})s" for i in range(len(chunk)))
			),
			{
				"names": tuple(name for name, _salary in chunk),
				**{f"p{i}": name for i, (name, _salary) in enumerate(chunk)},
				**{f"s{i}": salary for i, (_name, salary) in enumerate(chunk)},
			},
		)


def replace_payouts(due: list[dict], recorded: dict, context: dict) -> None:
	"""Cancel the old Additional Salaries and point the payouts at new ones (the payouts are locked
	and none of them is paid: see :func:`lock_payouts`)."""
	for payout in due:
		old = recorded[payout["key"]].additional_salary
		with compat.latest_locking_reads():
			live = old and frappe.db.get_value("Additional Salary", old, "docstatus", for_update=True) == 1
		if live:
			doc = frappe.get_doc("Additional Salary", old)
			doc.flags.ignore_permissions = True
			doc.cancel()
	paying = [(recorded[p["key"]].name, p) for p in due if p["status"] == engine.POSTED]
	salaries = make_additional_salaries(paying, context)
	for payout in due:
		name = recorded[payout["key"]].name
		frappe.db.set_value(
			"Credit Payout",
			name,
			{
				"status": payout["status"],
				"skip_reason": payout["skip_reason"],
				"credits": payout["credits"],
				"level": payout["level"],
				"amount": payout["amount"],
				"currency": payout["currency"],
				"salary_component": payout["salary_component"],
				"additional_salary": salaries.get(name),
				"cutoff_date": context["cutoff"],
				# a run without a Payroll Entry (button, scheduler) keeps the one already recorded
				**({"payroll_entry": context["payroll_entry"]} if context.get("payroll_entry") else {}),
			},
		)


def payout_is_current(doc, policy) -> bool:
	"""Cheap check for the per-slip path: does the stored payout still match the ledger?

	Two queries and no pandas, or none for a slip of a Payroll Entry (``slip_checks``). A paid
	payout is current by definition; a skipped one is synced again (its reason, e.g. a missing
	salary structure, may be gone).
	"""
	checks = slip_checks.for_slip(doc, policy)  # read once for the slip's Payroll Entry
	if checks is not None:
		row = checks.payouts.get(doc.employee)
	else:
		found = frappe.db.sql(
			"select status, credits, level, amount from `tabCredit Payout` where payout_key = %s",
			payout_key(doc.employee, doc.start_date, doc.end_date),
			as_dict=True,
		)
		row = found[0] if found else None
	if not row or row.status == engine.SKIPPED:
		return False
	if row.status == engine.PAID:
		return True
	if checks is not None:
		total, by_category = slip_checks.employee_credits(checks, doc.employee)
	else:
		cutoff = engine.cutoff_date(doc.start_date, doc.end_date, policy.cutoff)
		total, by_category = employee_credits(doc.employee, doc.company, cutoff, policy.window)
	level = incentives.assign_level(total, by_category, policy.levels)
	amount = engine.period_amount(level.monthly_allowance, doc.payroll_frequency) if level else 0.0
	return (
		abs(flt(row.credits) - total) < 1e-6
		and (row.level or None) == (level.name if level else None)
		and abs(flt(row.amount) - amount) < 0.005
	)
