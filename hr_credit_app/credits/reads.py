"""Every read of credits: windows from the balances, first completions, one employee's ledger."""

import datetime as dt

import pandas as pd

import frappe
from frappe.utils import flt, getdate, today

from hr_credit_app.bulk import CHUNK, chunks
from hr_credit_app.engine import periods

FIRST_YEAR = 1900  # before any entry: where a cumulative window starts
TO_DAYS_OF_EPOCH = 719528  # MariaDB's TO_DAYS('1970-01-01')
FIELD_SEPARATOR, ROW_SEPARATOR = chr(31), chr(30)  # ASCII unit and record separators


def _who(employees: list[str] | None, company: str | None, alias: str = "") -> tuple[str, dict]:
	"""The SQL condition on the employee column: a list of employees, or the employees of a company."""
	column = f"{alias}employee"
	if employees is not None:
		return f"{column} in %(employees)s", {"employees": tuple(employees)}
	return (
		f"{column} in (select name from `tabEmployee` where company = %(company)s)",
		{"company": company},
	)


def _window_sql(from_date, to_date, who: str) -> tuple[str, dict]:
	"""One SELECT of (employee, category, credits) rows whose sums per employee and category are the
	credits of ``[from_date, to_date]`` (see engine.periods)."""
	plan = periods.plan(from_date, to_date, getdate(today()), first_year=FIRST_YEAR)
	values: dict = {}
	parts = []
	if plan.empty:
		return "select null as employee, null as category, 0 as credits from dual where 1 = 0", values
	if plan.years:
		values.update(year_from=plan.years[0], year_to=plan.years[1])
		parts.append(
			f"""select employee, category, sum(credits) as credits from `tabCredit Balance`
			where {who} and month = 0 and year between %(year_from)s and %(year_to)s group by employee, category"""
		)
	for i, (year, first, last) in enumerate(plan.months):
		values.update({f"my{i}": year, f"mf{i}": first, f"ml{i}": last})
		parts.append(
			f"""select employee, category, sum(credits) as credits from `tabCredit Balance`
			where {who} and year = %(my{i})s and month between %(mf{i})s and %(ml{i})s group by employee, category"""
		)
	for sign, ranges in (("", plan.add), ("-", plan.subtract)):
		for i, (lo, hi) in enumerate(ranges):
			key = f"{'s' if sign else 'a'}{i}"
			values.update({f"{key}_lo": lo, f"{key}_hi": hi})
			parts.append(
				f"""select employee, category, {sign}sum(credits) as credits from `tabCredit Entry`
				where {who} and docstatus = 1 and posting_date between %({key}_lo)s and %({key}_hi)s
				group by employee, category"""
			)
	return " union all ".join(parts), values


def window_totals(
	from_date, to_date, employees: list[str] | None = None, company: str | None = None
) -> list[tuple[str, str, float]]:
	"""Credits per (employee, category) in ``[from_date, to_date]`` (``from_date`` None: cumulative),
	of a list of ``employees`` or of every current employee of ``company``. Zero sums are left out."""
	if employees is not None and not employees:
		return []
	rows = []
	batches = chunks(sorted(set(employees)), CHUNK) if employees is not None else [None]
	for batch in batches:
		who, values = _who(list(batch) if batch is not None else None, company)
		union, window_values = _window_sql(from_date, to_date, who)
		values.update(window_values)
		rows += frappe.db.sql(
			f"""select employee, category, sum(credits) from ({union}) parts
			group by employee, category having sum(credits) <> 0""",
			values,
		)
	return [(employee, category, flt(credits)) for employee, category, credits in rows]


def employee_totals(employee: str, from_date, to_date) -> tuple[float, dict[str, float]]:
	"""One employee's credits in a window: (total, by category). A few index lookups: the per-slip
	path of payroll runs this once per slip."""
	by_category = {
		category: credits for _e, category, credits in window_totals(from_date, to_date, [employee])
	}
	return round(sum(by_category.values()), 6), by_category


def skill_totals(employee: str, from_date, to_date) -> dict[str, float]:
	"""Credits of one employee by the skills their courses build (the ledger of one employee)."""
	conditions = "e.employee = %(employee)s and e.docstatus = 1 and e.posting_date <= %(to_date)s"
	if from_date:
		conditions += " and e.posting_date >= %(from_date)s"
	rows = frappe.db.sql(
		f"""select s.skill, sum(e.credits)
		from `tabCredit Entry` e
		join `tabCredit Course Skill` s on s.parent = e.course and s.parenttype = 'Credit Course'
		where {conditions}
		group by s.skill""",
		{"employee": employee, "from_date": from_date, "to_date": to_date},
	)
	return {skill: flt(credits) for skill, credits in rows}


def ledger_rows(employee: str, from_date, to_date) -> list[dict]:
	"""One employee's submitted entries in a window (their page: balances, skills, structure)."""
	entry = frappe.qb.DocType("Credit Entry")
	query = (
		frappe.qb.from_(entry)
		.select(entry.posting_date, entry.credits, entry.category, entry.course)
		.where((entry.employee == employee) & (entry.docstatus == 1) & (entry.posting_date <= to_date))
	)
	if from_date:
		query = query.where(entry.posting_date >= from_date)
	return query.run(as_dict=True)


def recent_entries(employee: str, limit: int = 20) -> list[dict]:
	return frappe.get_all(
		"Credit Entry",
		filters={"employee": employee, "docstatus": 1},
		fields=["posting_date", "course", "category", "credits", "source"],
		order_by="posting_date desc, creation desc",
		limit=limit,
	)


def last_posting_dates(employees: list[str], from_date, to_date) -> dict[str, dt.date]:
	"""The day of each employee's last entry in a window: when they reached their total there."""
	reached = {}
	for batch in chunks(sorted(set(employees)), CHUNK):
		reached.update(
			frappe.db.sql(
				"""select employee, max(posting_date) from `tabCredit Entry`
				where employee in %s and docstatus = 1 and posting_date between %s and %s group by employee""",
				(tuple(batch), from_date, to_date),
			)
		)
	return reached


def monthly_totals(company: str, since: dt.date, employees: list[str] | None = None) -> list[tuple]:
	"""Credits posted by a company per (year, month, category) since the first day of a month,
	optionally of some employees only."""
	condition, values = "company = %(company)s", {"company": company}
	if employees is not None:
		if not employees:
			return []
		condition += " and employee in %(employees)s"
		values["employees"] = tuple(employees)
	values.update(year=since.year, month=since.month)
	return frappe.db.sql(
		f"""select year, month, category, sum(credits) from `tabCredit Balance`
		where {condition} and month > 0 and (year > %(year)s or (year = %(year)s and month >= %(month)s))
		group by year, month, category""",
		values,
	)


def first_completions(employees, courses: list[str] | None = None) -> pd.DataFrame:
	"""When each employee was first credited for each course, for the employees asked about.

	Read from Credit Completion (one row per employee and course). Its rows (some 300,000 for
	10,000 employees) travel packed as one row per employee: the driver's cost is per row, and day
	numbers are parsed far faster than dates."""
	columns = ["employee", "course", "completed_on"]
	employees = set(employees)
	if (courses is not None and not courses) or not employees:
		return pd.DataFrame(columns=columns)
	condition = "course in %(courses)s" if courses is not None else "1 = 1"
	if len(employees) <= CHUNK:  # a few employees (one page, one department): read only theirs
		condition += " and employee in %(employees)s"
	frappe.db.sql("set session group_concat_max_len = 67108864")
	packed = frappe.db.sql(
		f"""select employee, group_concat(course, char(31), to_days(first_date) separator %(rows)s)
		from `tabCredit Completion` where {condition} group by employee""",
		{"courses": tuple(courses or ()), "rows": ROW_SEPARATOR, "employees": tuple(sorted(employees))},
	)
	employee_column, course_column, day_column = [], [], []
	for employee, pairs in packed:
		if employee not in employees:
			continue
		for pair in pairs.split(ROW_SEPARATOR):
			course, _sep, day = pair.rpartition(FIELD_SEPARATOR)
			employee_column.append(employee)
			course_column.append(course)
			day_column.append(day)
	frame = pd.DataFrame({"employee": employee_column, "course": course_column, "completed_on": day_column})
	frame["completed_on"] = pd.to_datetime(frame["completed_on"].astype("int64") - TO_DAYS_OF_EPOCH, unit="D")
	return frame[columns]


def credited_since(courses: list[str], since, employees: list[str] | None = None) -> pd.DataFrame:
	"""(employee, course, credited_on) of the pairs credited (credits > 0) for ``courses`` on or
	after ``since``, credited_on being the first such day.

	From Credit Completion; only a pair first credited before ``since`` and again after it needs
	the ledger (its first day after ``since``)."""
	columns = ["employee", "course", "credited_on"]
	if not courses:
		return pd.DataFrame(columns=columns)
	since = getdate(since)
	condition, values = (
		"course in %(courses)s and last_date >= %(since)s",
		{"courses": tuple(courses), "since": since},
	)
	if employees is not None:
		if not employees:
			return pd.DataFrame(columns=columns)
		condition += " and employee in %(employees)s"
		values["employees"] = tuple(employees)
	rows = frappe.db.sql(
		f"select employee, course, first_date from `tabCredit Completion` where {condition}", values
	)
	frame = pd.DataFrame(rows, columns=columns)
	earlier = frame[frame["credited_on"] < since] if not frame.empty else frame
	if not earlier.empty:
		again = {}
		pairs = list(zip(earlier["employee"], earlier["course"], strict=True))
		for batch in chunks(pairs, 500):
			condition = " or ".join(["(employee = %s and course = %s)"] * len(batch))
			for employee, course, day in frappe.db.sql(
				f"""select employee, course, min(posting_date) from `tabCredit Entry`
				where docstatus = 1 and credits > 0 and posting_date >= %s and ({condition})
				group by employee, course""",
				[since, *[value for pair in batch for value in pair]],
			):
				again[(employee, course)] = day
		keys = list(zip(frame["employee"], frame["course"], strict=True))
		frame["credited_on"] = [
			again.get(key, day) if day < since else day
			for key, day in zip(keys, frame["credited_on"], strict=True)
		]
	return frame[columns]


def most_completed_course(company: str) -> str | None:
	"""The course most of a company's employees were credited for."""
	course = frappe.db.sql(
		"""select c.course from `tabCredit Completion` c join `tabEmployee` e on e.name = c.employee
		where e.company = %s group by c.course order by count(*) desc, c.course limit 1""",
		company,
	)
	return course[0][0] if course else None
