"""Credit allowances and the bonus add-on, through HRMS's own payroll.

Allowances: for a company and payroll period, every employee's level (from the policy and the
ledger) becomes a Credit Payout record and, when a level pays, an Additional Salary that points at
it (``ref_doctype`` / ``ref_docname``). Salary Slips pick Additional Salaries up themselves. The
payouts of a period are synced:

- when a Payroll Entry is filled with employees (its draft save), for all of them at once;
- for each Salary Slip before HRMS computes it (a safety net that also covers slips made by hand and
  slips created by the background job of a large Payroll Entry);
- monthly by the scheduler, and by HR from the policy form.

Re-running is a no-op; a payout whose credits changed is replaced (its Additional Salary cancelled
and a new one made) as long as no submitted slip paid it; a paid payout is never rewritten.

Bonus add-on: when a slip pays the policy's bonus component, the add-on (bonus x percent from the
credits) is added to the same slip as an earning of its own, and the slip is recomputed.
"""

from collections import defaultdict

import frappe
from frappe import _, _lt
from frappe.model.naming import parse_naming_series
from frappe.utils import add_months, cint, flt, get_first_day, get_last_day, getdate, now_datetime, today

from hr_credit_app import bulk
from hr_credit_app.engine import incentives
from hr_credit_app.engine import payouts as engine
from hr_credit_app.policy import credit_frame, employee_credits, get_policy
from hr_credit_app.reporting import employed_between

ADDITIONAL_SALARY_NAMING = "HR-ADS-.YY.-.MM.-"  # Additional Salary's naming series option
ADDITIONAL_SALARY_SERIES = ADDITIONAL_SALARY_NAMING + ".#####"  # what Frappe names it by
SKIP_REASONS = {
	engine.INACTIVE: _lt("The employee is inactive."),
	engine.NOT_JOINED: _lt("Not yet joined in this period."),
	engine.RELIEVED: _lt("Relieved before this period."),
	engine.NO_SALARY_STRUCTURE: _lt("No submitted Salary Structure Assignment for this period."),
	engine.CURRENCY_MISMATCH: _lt("The salary is paid in another currency than the policy's."),
}


def skip_reason_text(code: str) -> str:
	return str(SKIP_REASONS[code])


def payout_key(employee: str, start_date, end_date) -> str:
	return f"{employee}|{getdate(start_date)}|{getdate(end_date)}"


# ---- sync ---------------------------------------------------------------------------------------


def sync_allowances(
	company: str,
	start_date,
	end_date,
	employees: list[str] | None = None,
	payroll_frequency: str | None = None,
	payroll_entry: str | None = None,
) -> dict:
	"""Bring the payouts of a company and period in line with the ledger (set-based)."""
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
	paid = paid_additional_salaries(salaries, employees, start_date, end_date, lock=True)
	fresh = {}
	names = sorted(row.name for row in recorded.values())
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
		if old and frappe.db.get_value("Additional Salary", old, "docstatus", for_update=True) == 1:
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


ADDITIONAL_SALARY_FIELDS = (
	"naming_series",
	"employee",
	"employee_name",
	"department",
	"company",
	"salary_component",
	"type",
	"amount",
	"currency",
	"payroll_date",
	"is_recurring",
	"overwrite_salary_structure_amount",
	"deduct_full_tax_on_selected_payroll_date",
	"disabled",
	"ref_doctype",
	"ref_docname",
)


def make_additional_salaries(
	paying: list[tuple[str, dict]],
	context: dict,
	ref_doctype: str = "Credit Payout",
	ref_names: dict[str, str] | None = None,
	full_tax: bool = False,
) -> dict[str, str]:
	"""Submitted Additional Salaries, one per (key, row) of ``paying``; returns {key: name}.

	Each points at ``ref_doctype`` / the key (or ``ref_names[key]``). ``full_tax`` puts all the tax of a one-off award on its payroll date.

	By default they are written in bulk, with the fields HRMS's form sets and after the checks
	HRMS's controller makes, run set-based (:func:`check_additional_salaries`; the rest of its
	``validate`` and its ``on_submit`` concern recurring, overwriting, referral and advance records,
	which these never are): a test compares one made each way field by field. HR Credit Settings >
	*Create Additional Salaries One by One* goes through the controller instead, so that other
	apps' hooks on Additional Salary run too.
	"""
	if not paying:
		return {}
	ref_names = ref_names or {}
	rows = [
		{
			"naming_series": ADDITIONAL_SALARY_NAMING,  # HRMS's one option; naming adds the number
			"employee": payout["employee"],
			"employee_name": payout["employee_name"],
			"department": payout["department"],
			"company": context["company"],
			"salary_component": payout["salary_component"],
			"type": "Earning",
			"amount": payout["amount"],
			"currency": payout["currency"],
			"payroll_date": payout["payroll_date"],
			"is_recurring": 0,
			"overwrite_salary_structure_amount": 0,  # the amount adds to the slip, never overwrites
			"deduct_full_tax_on_selected_payroll_date": 1 if full_tax else 0,
			"disabled": 0,
			"ref_doctype": ref_doctype,
			"ref_docname": ref_names.get(key, key),
		}
		for key, payout in paying
	]
	check_additional_salaries(rows)
	keys = [key for key, _payout in paying]
	if frappe.db.get_single_value("HR Credit Settings", "additional_salary_via_controller"):
		result = {}
		for key, row in zip(keys, rows, strict=True):
			doc = frappe.get_doc({"doctype": "Additional Salary", **row})
			doc.flags.ignore_permissions = True
			doc.submit()
			result[key] = doc.name
		return result
	reserved = reserve_series_names(ADDITIONAL_SALARY_SERIES, len(rows))
	for name, row in zip(reserved, rows, strict=True):
		row["name"] = name
	bulk.insert("Additional Salary", rows, fields=ADDITIONAL_SALARY_FIELDS, docstatus=1)
	return dict(zip(keys, reserved, strict=True))


def check_additional_salaries(rows: list[dict]) -> None:
	"""HRMS's Additional Salary checks, set-based: an earning component that is not a tax
	component, an active employee, a payroll date inside the employment and after a submitted
	salary structure, an amount of zero or more. Raises on the first row that fails."""
	components = {
		row.name: row
		for row in frappe.get_all(
			"Salary Component",
			filters={"name": ("in", list({row["salary_component"] for row in rows}))},
			fields=["name", "type", "variable_based_on_taxable_salary"],
		)
	}
	employees = {}
	for chunk in bulk.chunks(sorted({row["employee"] for row in rows})):
		for row in frappe.get_all(
			"Employee",
			filters={"name": ("in", list(chunk))},
			fields=["name", "status", "date_of_joining", "relieving_date"],
		):
			employees[row.name] = row
	first_structure = dict(
		frappe.db.sql(
			"""select employee, min(from_date) from `tabSalary Structure Assignment`
			where docstatus = 1 and employee in %s group by employee""",
			(tuple(employees) or ("",),),
		)
	)
	for row in rows:
		component = components.get(row["salary_component"])
		employee = employees.get(row["employee"])
		date = getdate(row["payroll_date"])
		problem = None
		if not component:
			problem = _("Salary Component {0} does not exist.").format(frappe.bold(row["salary_component"]))
		elif component.type != "Earning":
			problem = _("Salary Component {0} is not an earning.").format(frappe.bold(component.name))
		elif component.variable_based_on_taxable_salary:
			problem = _("Salary Component {0} is a tax component; credit awards cannot use it.").format(
				frappe.bold(component.name)
			)
		elif not employee or employee.status == "Inactive":
			problem = _("Employee {0} is inactive.").format(frappe.bold(row["employee"]))
		elif (employee.date_of_joining and date < getdate(employee.date_of_joining)) or (
			employee.relieving_date and date > getdate(employee.relieving_date)
		):
			problem = _("Payroll date {0} is outside the employment of {1}.").format(
				frappe.bold(date), frappe.bold(row["employee"])
			)
		elif not first_structure.get(row["employee"]) or getdate(first_structure[row["employee"]]) > date:
			problem = _(
				"There is no Salary Structure assigned to {0}. First assign a Salary Structure."
			).format(frappe.bold(row["employee"]))
		elif flt(row["amount"]) < 0:
			problem = _("Amount should not be less than zero")
		if problem:
			frappe.throw(problem, title=_("Invalid Additional Salary"))


def reserve_series_names(series: str, count: int) -> list[str]:
	"""``count`` consecutive names of a naming series with one update of its counter (as getseries)."""
	captured = {}
	marker = "\x00number\x00"

	def capture(key, digits):
		captured.update(key=key, digits=digits)
		return marker

	template = parse_naming_series(series, number_generator=capture)
	key, digits = captured["key"], captured["digits"]
	series_table = frappe.qb.DocType("Series")
	current = (
		frappe.qb.from_(series_table).where(series_table.name == key).for_update().select("current").run()
	)
	if current and current[0][0] is not None:
		start = cint(current[0][0])
		frappe.db.sql("update `tabSeries` set `current` = `current` + %s where `name` = %s", (count, key))
	else:
		start = 0
		frappe.db.sql("insert into `tabSeries` (`name`, `current`) values (%s, %s)", (key, count))
	return [template.replace(marker, ("%0" + str(digits) + "d") % (start + i + 1)) for i in range(count)]


# ---- Payroll Entry and Salary Slip events ---------------------------------------------------------


def on_payroll_entry_validate(doc, method=None):
	"""A draft Payroll Entry with employees (after Get Employees): sync its employees' payouts."""
	if doc.docstatus != 0 or not doc.get("employees") or not (doc.start_date and doc.end_date):
		return
	sync_allowances(
		doc.company,
		doc.start_date,
		doc.end_date,
		employees=[row.employee for row in doc.employees],
		payroll_frequency=doc.payroll_frequency,
		payroll_entry=None if doc.is_new() else doc.name,
	)


def before_salary_slip_validate(doc, method=None):
	"""Before HRMS computes a draft slip: make this employee's payout current, and drop the row of
	an Additional Salary that a replaced payout cancelled."""
	# draft saves and the submit (which validates once more); never a cancelled slip
	if doc.docstatus == 2 or not (doc.employee and doc.start_date and doc.end_date):
		return
	policy = get_policy(doc.company)
	if not policy:
		return
	if not payout_is_current(doc, policy):
		sync_allowances(
			doc.company,
			doc.start_date,
			doc.end_date,
			employees=[doc.employee],
			payroll_frequency=doc.payroll_frequency,
			payroll_entry=doc.payroll_entry,
		)
	linked = [row.additional_salary for row in doc.get("earnings") if row.additional_salary]
	if linked:
		cancelled = set(
			frappe.get_all(
				"Additional Salary",
				filters={"name": ("in", linked), "docstatus": 2, "ref_doctype": "Credit Payout"},
				pluck="name",
			)
		)
		if cancelled:
			doc.set("earnings", [row for row in doc.earnings if row.additional_salary not in cancelled])


def payout_is_current(doc, policy) -> bool:
	"""Cheap check for the per-slip path: does the stored payout still match the ledger?

	Two queries and no pandas. A paid payout is current by definition; a skipped one is synced again
	(its reason, e.g. a missing salary structure, may be gone).
	"""
	row = frappe.db.get_value(
		"Credit Payout",
		{"payout_key": payout_key(doc.employee, doc.start_date, doc.end_date)},
		["status", "credits", "level", "amount"],
		as_dict=True,
	)
	if not row or row.status == engine.SKIPPED:
		return False
	if row.status == engine.PAID:
		return True
	cutoff = engine.cutoff_date(doc.start_date, doc.end_date, policy.cutoff)
	total, by_category = employee_credits(doc.employee, doc.company, cutoff, policy.window)
	level = incentives.assign_level(total, by_category, policy.levels)
	amount = engine.period_amount(level.monthly_allowance, doc.payroll_frequency) if level else 0.0
	return (
		abs(flt(row.credits) - total) < 1e-6
		and (row.level or None) == (level.name if level else None)
		and abs(flt(row.amount) - amount) < 0.005
	)


def on_salary_slip_validate(doc, method=None):
	"""After HRMS computed the slip: add (or correct) the bonus add-on and recompute the slip."""
	policy = get_policy(doc.company)
	if not policy or doc.docstatus == 2 or not policy.doc.enable_bonus_addon:
		return
	settings = policy.doc
	bonus = sum(
		flt(row.amount) for row in doc.get("earnings") if row.salary_component == settings.bonus_component
	)
	credits = 0.0
	percent = 0.0
	amount = 0.0
	if bonus > 0:
		cutoff = engine.cutoff_date(doc.start_date, doc.end_date, policy.cutoff)
		credits = employee_credits(doc.employee, doc.company, cutoff, policy.window)[0]
		percent = incentives.bonus_addon_percent(
			credits,
			flt(settings.credits_per_step),
			flt(settings.percent_per_step),
			flt(settings.max_addon_percent) or None,
		)
		amount = incentives.bonus_addon(
			bonus,
			credits,
			flt(settings.credits_per_step),
			flt(settings.percent_per_step),
			flt(settings.max_addon_percent) or None,
		)
	rows = [
		row
		for row in doc.get("earnings")
		if row.salary_component == settings.addon_component and not row.additional_salary
	]
	current = sum(flt(row.amount) for row in rows)
	if abs(current - amount) > 0.005 or len(rows) > 1:
		from hrms.payroll.doctype.salary_slip.salary_slip import get_salary_component_data

		doc.set("earnings", [row for row in doc.earnings if row not in rows])
		if amount > 0:
			doc.update_component_row(get_salary_component_data(settings.addon_component), amount, "earnings")
		doc.calculate_net_pay()
		doc.compute_year_to_date()
		doc.compute_month_to_date()
		doc.compute_component_wise_year_to_date()
	doc.flags.hr_credit_addon = {
		"bonus_amount": bonus,
		"addon_credits": credits,
		"addon_percent": percent,
		"addon_amount": amount,
	}


def on_salary_slip_submit(doc, method=None):
	"""The slip paid its payouts: mark them Paid and keep what the add-on was computed from.

	First, as it is now (a locking read): if a sync replaced a credit Additional Salary of this slip
	while it was being submitted, the slip would pay a cancelled one; it is refused instead, and
	submitting it again picks up the new one."""
	linked = [row.additional_salary for row in doc.get("earnings") if row.additional_salary]
	if linked:
		cancelled = frappe.db.sql_list(
			"""select name from `tabAdditional Salary` where name in %s and docstatus = 2
			and ref_doctype in ('Credit Payout', 'Credit Honour Award') for update""",
			(tuple(linked),),
		)
		if cancelled:
			frappe.throw(
				_(
					"The credit allowance of this slip changed while it was being submitted ({0} was replaced). Submit the slip again."
				).format(", ".join(cancelled)),
				title=_("Credit Allowance Changed"),
			)
	key = payout_key(doc.employee, doc.start_date, doc.end_date)
	paid = [row.additional_salary for row in doc.get("earnings") if row.additional_salary]
	values = {"salary_slip": doc.name}
	addon = doc.flags.hr_credit_addon  # set by the validate that ran during this submit
	if addon:
		values.update(addon)
	name = frappe.db.get_value(
		"Credit Payout", {"payout_key": key}, ["name", "additional_salary"], as_dict=True
	)
	if not name:
		return
	# paid: its allowance, or a bonus add-on on this slip (a payout without an allowance may pay one)
	if (name.additional_salary and name.additional_salary in paid) or flt(
		(addon or {}).get("addon_amount")
	) > 0:
		values["status"] = engine.PAID
	frappe.db.set_value("Credit Payout", name.name, values)


def on_salary_slip_cancel(doc, method=None):
	for name in frappe.get_all("Credit Payout", filters={"salary_slip": doc.name}, pluck="name"):
		frappe.db.set_value(
			"Credit Payout",
			name,
			{
				"status": engine.POSTED
				if frappe.db.get_value("Credit Payout", name, "amount")
				else engine.NO_ALLOWANCE,
				"salary_slip": None,
				"bonus_amount": 0,
				"addon_credits": 0,
				"addon_percent": 0,
				"addon_amount": 0,
			},
		)


def on_salary_slip_trash(doc, method=None):
	frappe.db.set_value("Credit Payout", {"salary_slip": doc.name}, "salary_slip", None)


# ---- scheduler and desk -------------------------------------------------------------------------


def monthly_sync():
	"""Scheduler (monthly): post this month's allowances for every company with an enabled policy."""
	start, end = get_first_day(today()), get_last_day(today())
	for company in frappe.get_all("Credit Incentive Policy", filters={"enabled": 1}, pluck="company"):
		try:
			sync_allowances(company, start, end, payroll_frequency="Monthly")
			frappe.db.commit()
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=_("Credit allowances for {0} could not be posted").format(company))


@frappe.whitelist(methods=["POST"])
def post_allowances(company: str, start_date: str, end_date: str, payroll_frequency: str = "Monthly") -> dict:
	"""Post (or bring up to date) one company's allowances for one payroll period."""
	from hr_credit_app.permissions import check_company_access, require_roles

	require_roles(("HR Manager", "System Manager"))
	check_company_access(company)
	if getdate(end_date) < getdate(start_date):
		frappe.throw(_("The period ends before it starts."))
	if not get_policy(company):
		frappe.throw(_("Company {0} has no enabled Credit Incentive Policy.").format(frappe.bold(company)))
	return sync_allowances(company, start_date, end_date, payroll_frequency=payroll_frequency)
