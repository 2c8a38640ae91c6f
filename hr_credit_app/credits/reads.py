"""Every read of credits: windows from the balances, first completions, one employee's ledger."""

import datetime as dt

import pandas as pd

import frappe
from frappe.utils import flt, getdate, today

from hr_credit_app import packed
from hr_credit_app.bulk import CHUNK, chunks
from hr_credit_app.engine import periods

FIRST_YEAR = 1900  # before any entry: where a cumulative window starts
TO_DAYS_OF_EPOCH = 719528  # MariaDB's TO_DAYS('1970-01-01')
FEW = 100  # employees read row by row; more travel packed


def _who(employees: list[str] | None, company: str | None) -> tuple[str, str, dict]:
	"""The SQL conditions that select whose credits are read, on the balances and on the ledger: a
	list of employees, or the employees of a company now (whose balances carry that company)."""
	if employees is not None:
		condition = "employee in %(employees)s"
		return condition, condition, {"employees": tuple(employees)}
	return (
		"company = %(company)s",
		"employee in (select name from `tabEmployee` where company = %(company)s)",
		{"company": company},
	)


def _window_parts(from_date, to_date, on_balances: str, on_ledger: str) -> list[tuple[str, dict]]:
	"""The SELECTs of (employee, category, credits) whose sums per employee and category are the
	credits of ``[from_date, to_date]`` (see engine.periods): each groups in index order."""
	plan = periods.plan(from_date, to_date, getdate(today()), first_year=FIRST_YEAR)
	parts = []
	if plan.empty:
		return parts
	if plan.years:
		parts.append(
			(
				f"""select employee, category, sum(credits) as credits from `tabCredit Balance`
				where {on_balances} and month = 0 and year between %(lo)s and %(hi)s group by employee, category""",
				{"lo": plan.years[0], "hi": plan.years[1]},
			)
		)
	for year, first, last in plan.months:
		parts.append(
			(
				f"""select employee, category, sum(credits) as credits from `tabCredit Balance`
				where {on_balances} and year = %(year)s and month between %(lo)s and %(hi)s
				group by employee, category""",
				{"year": year, "lo": first, "hi": last},
			)
		)
	for sign, ranges in (("", plan.add), ("-", plan.subtract)):
		for lo, hi in ranges:
			parts.append(
				(
					f"""select employee, category, {sign}sum(credits) as credits from `tabCredit Entry`
					where {on_ledger} and docstatus = 1 and posting_date between %(lo)s and %(hi)s
					group by employee, category""",
					{"lo": lo, "hi": hi},
				)
			)
	return parts


def window_totals(
	from_date, to_date, employees: list[str] | None = None, company: str | None = None
) -> list[tuple[str, str, float]]:
	"""Credits per (employee, category) in ``[from_date, to_date]`` (``from_date`` None: cumulative),
	of a list of ``employees`` or of every current employee of ``company``. Zero sums are left out.
	Given both, a list longer than one IN list (most of a company) is read as the company's buckets
	and filtered to the list.

	A balance as of today is one query over the year rows; other windows add a few month rows and
	ledger days. Each part is grouped by the database in index order and the parts are added here."""
	if employees is not None and not employees:
		return []
	if employees is not None and company and len(employees) > CHUNK:
		wanted = set(employees)
		return [row for row in window_totals(from_date, to_date, company=company) if row[0] in wanted]
	batches = chunks(sorted(set(employees)), CHUNK) if employees is not None else [None]
	if employees is not None and len(employees) <= FEW:
		# a few employees (a slip, a page): the rows as they come, added up here
		totals: dict[tuple[str, str], float] = {}
		for batch in batches:
			on_balances, on_ledger, values = _who(list(batch), company)
			for query, part_values in _window_parts(from_date, to_date, on_balances, on_ledger):
				for employee, category, credits in frappe.db.sql(query, {**values, **part_values}):
					totals[(employee, category)] = totals.get((employee, category), 0.0) + float(credits)
		return [(e, c, round(v, 6)) for (e, c), v in totals.items() if round(v, 6)]
	parts = []
	for batch in batches:
		on_balances, on_ledger, values = _who(list(batch) if batch is not None else None, company)
		for query, part_values in _window_parts(from_date, to_date, on_balances, on_ledger):
			# read packed: a few rows per category instead of one per employee and category
			part = packed.read(
				query, {**values, **part_values}, ["category", "credits", "employee"], key="category"
			)
			parts.append(part.assign(credits=packed.numbers(part["credits"])))
	if not parts:
		return []
	totals = pd.concat(parts, ignore_index=True)
	if len(parts) > 1:
		totals = totals.groupby(["employee", "category"], as_index=False, sort=False)["credits"].sum()
	totals["credits"] = totals["credits"].round(6)
	totals = totals[totals["credits"] != 0]
	return list(zip(totals["employee"], totals["category"], totals["credits"].tolist(), strict=True))


def employee_totals(employee: str, from_date, to_date) -> tuple[float, dict[str, float]]:
	"""One employee's credits in a window: (total, by category). A few index lookups: the per-slip
	path of payroll runs this once per slip."""
	return employees_totals([employee], from_date, to_date).get(employee, (0.0, {}))


def employees_totals(employees: list[str], from_date, to_date) -> dict[str, tuple[float, dict[str, float]]]:
	"""``employee_totals`` of several employees at once (a Payroll Entry's); those without credits
	are left out."""
	by_category: dict[str, dict[str, float]] = {}
	for employee, category, credits in window_totals(from_date, to_date, employees):
		by_category.setdefault(employee, {})[category] = credits
	return {employee: (round(sum(found.values()), 6), found) for employee, found in by_category.items()}


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


def source_totals(employee: str, source: str, from_date, to_date) -> dict[str, float]:
	"""One employee's credits from one source (claims: the yearly cap) in a window, by category."""
	entry = frappe.qb.DocType("Credit Entry")
	rows = (
		frappe.qb.from_(entry)
		.select(entry.category, entry.credits)
		.where(
			(entry.employee == employee)
			& (entry.docstatus == 1)
			& (entry.source == source)
			& (entry.posting_date[from_date:to_date])
		)
		.run()
	)
	totals: dict[str, float] = {}
	for category, credits in rows:
		totals[category] = round(totals.get(category, 0.0) + flt(credits), 6)
	return totals


def yearly_totals(employee: str) -> list[tuple[int, str, float]]:
	"""One employee's credits per (calendar year, category), every year they were credited, from the
	balances' whole-year rows (every company they were credited in)."""
	rows = frappe.db.sql(
		"""select year, category, sum(credits) from `tabCredit Balance`
		where employee = %(employee)s and month = 0 group by year, category order by year, category""",
		{"employee": employee},
	)
	return [
		(int(year), category, round(flt(credits), 6))
		for year, category, credits in rows
		if round(flt(credits), 6)
	]


def course_totals(employee: str) -> list[dict]:
	"""One employee's credits per course (their transcript): credits, first and last day credited."""
	return frappe.db.sql(
		"""select course, sum(credits) as credits, min(posting_date) as first_date,
			max(posting_date) as last_date
		from `tabCredit Entry` where employee = %(employee)s and docstatus = 1 and course is not null
		group by course having sum(credits) <> 0 order by min(posting_date)""",
		{"employee": employee},
		as_dict=True,
	)


def credited_between(employees: list[str], since, until) -> list[tuple[str, str | None, str, float]]:
	"""What was credited (credits > 0) to some employees between two moments of posting (the
	ledger's creation time): (employee, course, category, credits). For the nudges."""
	rows = []
	for batch in chunks(sorted(set(employees)), CHUNK):
		rows += frappe.db.sql(
			"""select employee, course, category, sum(credits) from `tabCredit Entry`
			where employee in %(employees)s and docstatus = 1 and credits > 0
				and creation > %(since)s and creation <= %(until)s
			group by employee, course, category""",
			{"employees": tuple(batch), "since": since, "until": until},
		)
	return [
		(employee, course, category, round(flt(credits), 6)) for employee, course, category, credits in rows
	]


def credited_employees(since, until) -> list[str]:
	"""Employees credited (credits > 0) between two moments of posting."""
	return frappe.db.sql_list(
		"""select distinct employee from `tabCredit Entry`
		where docstatus = 1 and credits > 0 and creation > %s and creation <= %s""",
		(since, until),
	)


def recent_entries(employee: str, limit: int = 20) -> list[dict]:
	return frappe.get_all(
		"Credit Entry",
		filters={"employee": employee, "docstatus": 1},
		fields=["posting_date", "course", "category", "credits", "source", "remarks"],
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
	"""Credits of a company's employees per (year, month, category) since the first day of a month,
	optionally of some of them only."""
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

	Read from Credit Completion (one row per employee and course)."""
	columns = ["employee", "course", "completed_on"]
	employees = set(employees)
	if (courses is not None and not courses) or not employees:
		return pd.DataFrame(columns=columns)
	condition = "course in %(courses)s" if courses is not None else "1 = 1"
	if len(employees) <= CHUNK:  # a few employees (one page, one department): read only theirs
		condition += " and employee in %(employees)s"
	frame = _completions(
		condition, {"courses": tuple(courses or ()), "employees": tuple(sorted(employees))}
	).rename(columns={"first_date": "completed_on"})
	return frame[frame["employee"].isin(employees)].reset_index(drop=True)[columns]


def completed_courses(employee: str) -> set[str]:
	"""The courses one employee has been credited for (Credit Completion, its unique key)."""
	return set(frappe.db.sql_list("select course from `tabCredit Completion` where employee = %s", employee))


def _completions(condition: str, values: dict, days: bool = True) -> pd.DataFrame:
	"""(employee, course, first_date) of the Credit Completion rows that meet ``condition``;
	(employee, course) without ``days``.

	Their rows (some 300,000 for 10,000 employees) travel packed, one string per course (see
	``hr_credit_app.packed``), on the course index; the day as a day number."""
	day = "to_days(first_date) as day, " if days else ""
	return _packed(
		f"select course, {day}employee from `tabCredit Completion` where {condition}", values, days
	)


def _packed(query: str, values: dict, days: bool = True) -> pd.DataFrame:
	"""The rows (course, day, employee) of ``query`` as a frame of (employee, course, first_date),
	read packed per course; ``day`` is MariaDB's TO_DAYS. (employee, course) without ``days``."""
	columns = ["course", "day", "employee"] if days else ["course", "employee"]
	frame = packed.read(query, values, columns, key="course", nullable=(), shared=("employee",))
	if not days:
		return frame[["employee", "course"]]
	if frame.empty:
		return _no_pairs()
	day_numbers = frame["day"].to_numpy().astype("int64") - TO_DAYS_OF_EPOCH
	return pd.DataFrame(
		{
			"employee": frame["employee"],
			"course": frame["course"],
			"first_date": pd.to_datetime(day_numbers, unit="D"),
		}
	)


def _no_pairs() -> pd.DataFrame:
	return pd.DataFrame({"employee": [], "course": [], "first_date": pd.Series([], dtype="datetime64[ns]")})


def credited_since(
	courses: list[str], since, employees: list[str] | None = None, first_day: bool = True
) -> pd.DataFrame:
	"""(employee, course, credited_on) of the pairs credited (credits > 0) for ``courses`` on or
	after ``since``, credited_on being the first such day; (employee, course) alone when
	``first_day`` is False (who, not when).

	Read from Credit Completion on its course index: a pair whose last credit is on or after
	``since`` was credited since then. Its first day since then is read from the days the completion
	keeps: the first credit when that is on or after ``since``; else the second when the first is
	the only day before ``since`` (a course taken again in the plan's period); else the last when
	the previous day was before ``since`` (a yearly course taken once this year). Only a pair
	credited on two days or more before ``since`` and two or more since has its first day read from
	the ledger."""
	columns = ["employee", "course", "credited_on"] if first_day else ["employee", "course"]
	if not courses or (employees is not None and not employees):
		return pd.DataFrame(columns=columns)
	values = {"courses": tuple(courses), "since": getdate(since)}
	frames = []
	for batch in chunks(sorted(set(employees)), CHUNK) if employees is not None else [None]:
		whose = ""
		if batch is not None:
			whose = "and employee in %(employees)s"
			values["employees"] = tuple(batch)
		if not first_day:
			frames.append(
				_completions(f"course in %(courses)s and last_date >= %(since)s {whose}", values, days=False)
			)
			continue
		# the day from the completion where it tells (else the ledger, below)
		frames.append(
			_packed(
				f"""select course, employee, to_days(case when first_date >= %(since)s then first_date
					when second_date >= %(since)s then second_date else last_date end) as day
				from `tabCredit Completion` where course in %(courses)s and last_date >= %(since)s
					and (first_date >= %(since)s or second_date >= %(since)s or previous_date is null
						or previous_date < %(since)s)
					{whose}""",
				values,
			)
		)
		# the rest: the ledger's first credit since then, looked up on its course index pair by pair
		# (the previous day stands in should the ledger and the completion ever disagree, as the
		# completion alone says who was credited: ``verify`` finds such a difference)
		frames.append(
			_packed(
				f"""select course, employee, to_days(ifnull((select min(e.posting_date)
					from `tabCredit Entry` e where e.course = c.course and e.docstatus = 1
						and e.employee = c.employee and e.posting_date >= %(since)s and e.credits > 0),
					previous_date)) as day
				from `tabCredit Completion` c where course in %(courses)s and last_date >= %(since)s
					and first_date < %(since)s and second_date < %(since)s and previous_date >= %(since)s
					{whose}""",
				values,
			)
		)
	if not frames:
		return pd.DataFrame(columns=columns)
	return pd.concat(frames, ignore_index=True).rename(columns={"first_date": "credited_on"})[columns]


def most_completed_course(company: str) -> str | None:
	"""The course most of a company's employees were credited for."""
	course = frappe.db.sql(
		"""select c.course from `tabCredit Completion` c join `tabEmployee` e on e.name = c.employee
		where e.company = %s group by c.course order by count(*) desc, c.course limit 1""",
		company,
	)
	return course[0][0] if course else None
