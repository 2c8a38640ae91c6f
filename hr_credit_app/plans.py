"""Training plans as the denominator of participation and completion (data for ``engine.progress``)."""

import numpy as np
import pandas as pd

import frappe
from frappe.utils import getdate, today

from hr_credit_app import credits
from hr_credit_app.bulk import CHUNK
from hr_credit_app.engine import progress
from hr_credit_app.reporting import department_and_children, employed_on, get_employees, get_scope


def get_plans(company: str, plan: str | None = None, status: str | None = "Active") -> list[frappe._dict]:
	filters = {"company": company}
	if plan:
		filters["name"] = plan
	elif status:
		filters["status"] = status
	return frappe.get_all(
		"Training Plan",
		filters=filters,
		fields=[
			"name",
			"plan_name",
			"from_date",
			"to_date",
			"due_date",
			"original_due_date",
			"audience",
			"department",
			"designation",
		],
		order_by="due_date, name",
	)


def targeted_pairs(
	company: str,
	plans: list[frappe._dict],
	department: str | None = None,
	scope=None,
	employee: str | None = None,
	staff: pd.DataFrame | None = None,
) -> pd.DataFrame:
	"""(plan, course, employee, department) for every targeted pair of the plans, within scope;
	of the ``staff`` given (rows of reporting.get_employees a caller has read already) if any."""
	scope = scope or get_scope()
	if not plans:
		return pd.DataFrame(columns=["plan", "course", "employee", "department"])
	names = [p.name for p in plans]
	courses = frappe.get_all(
		"Training Plan Course",
		filters={"parent": ("in", names), "parenttype": "Training Plan"},
		fields=["parent", "course"],
	)
	listed = frappe.get_all(
		"Training Plan Employee",
		filters={"parent": ("in", names), "parenttype": "Training Plan"},
		fields=["parent", "employee"],
	)
	# the widest audience the plans can reach: the company's employees employed in the plans' periods
	period_from, period_to = plan_period(plans)
	if staff is None:
		staff = get_employees(
			company,
			department=department,
			employee=employee,
			active_on=period_to,
			active_from=period_from,
			scope=scope,
		)
	people = staff.rename(columns={"employee": "name"})
	frames = []
	for plan in plans:
		members = people
		if plan.audience == "Department":
			members = members[members["department"].isin(department_and_children(plan.department))]
		elif plan.audience == "Designation":
			members = members[members["designation"] == plan.designation]
		elif plan.audience == "Employees":
			members = members[members["name"].isin({r.employee for r in listed if r.parent == plan.name})]
		members = employed_on(members, plan.to_date, since=plan.from_date)
		plan_courses = [r.course for r in courses if r.parent == plan.name]
		if members.empty or not plan_courses:
			continue
		# every member with every course of the plan (member-major, as a cross join gives them)
		frames.append(
			pd.DataFrame(
				{
					"plan": plan.name,
					"course": np.tile(np.array(plan_courses, dtype=object), len(members)),
					"employee": np.repeat(members["name"].to_numpy(dtype=object), len(plan_courses)),
					"department": np.repeat(members["department"].to_numpy(dtype=object), len(plan_courses)),
				}
			)
		)
	if not frames:
		return pd.DataFrame(columns=["plan", "course", "employee", "department"])
	return pd.concat(frames, ignore_index=True)[["plan", "course", "employee", "department"]]


def enrolled_and_credited(
	pairs: pd.DataFrame, since, first_day: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame]:
	"""Evidence (enrolments) and credits (ledger) for the targeted pairs since a date."""
	credited = credited_pairs(pairs, since, first_day)
	if not first_day:  # who, not when: any day since stands in for the day
		credited = credited.assign(credited_on=pd.Timestamp(getdate(since)) if since else pd.NaT)
	return enrolled_pairs(pairs, since), credited


def enrolled_pairs(pairs: pd.DataFrame, since) -> pd.DataFrame:
	"""The targeted (employee, course) pairs with evidence since a date.

	Read per course (covering indexes on course, employee, date), then kept for the targeted pairs:
	the plans' courses are few, their employees may be tens of thousands."""
	if pairs.empty or since is None:
		return pd.DataFrame(columns=["employee", "course"])
	enrolment = frappe.qb.DocType("Credit Enrolment")
	enrolled = (
		frappe.qb.from_(enrolment)
		.select(enrolment.employee, enrolment.course)
		.where(
			enrolment.course.isin(sorted(set(pairs["course"])))
			& (enrolment.last_evidence_date >= since)
			& (enrolment.status != "Withdrawn")
		)
		.distinct()
		.run()
	)
	targeted = pairs[["employee", "course"]].drop_duplicates()
	return pd.DataFrame(enrolled, columns=["employee", "course"]).merge(targeted, on=["employee", "course"])


def credited_pairs(pairs: pd.DataFrame, since, first_day: bool = True) -> pd.DataFrame:
	"""The targeted (employee, course) pairs credited since a date, with the first day
	(``credited_on``) unless ``first_day`` is False (who, not when)."""
	columns = ["employee", "course", "credited_on"] if first_day else ["employee", "course"]
	if pairs.empty or since is None:
		return pd.DataFrame(columns=columns)
	credited = _credited_since(pairs, since, first_day)
	return credited[pairs_in(credited, pairs)].reset_index(drop=True)[columns]


def _credited_since(pairs: pd.DataFrame, since, first_day: bool) -> pd.DataFrame:
	"""The pairs credited since a date for the courses of ``pairs``, read for its employees when they
	are few, else for everyone (the course index), not yet narrowed to ``pairs``."""
	employees = pairs["employee"].unique()
	return credits.credited_since(
		sorted(set(pairs["course"])), since, sorted(employees) if len(employees) <= CHUNK else None, first_day
	)


def pairs_in(frame: pd.DataFrame, other: pd.DataFrame) -> np.ndarray:
	"""Which rows of ``frame`` have an (employee, course) pair found in ``other`` (compared as
	integers, see engine.progress.PairKeys)."""
	if frame.empty or other.empty:
		return np.zeros(len(frame), dtype=bool)
	keys = progress.PairKeys(frame)
	return np.isin(keys.of(frame), keys.of(other))


def plan_rows(
	company: str,
	plan: str | None = None,
	department: str | None = None,
	status="Active",
	scope=None,
	by_due: bool = True,
	by: tuple[str, ...] = (),
	staff: pd.DataFrame | None = None,
	plans: list[frappe._dict] | None = None,
) -> frappe._dict:
	"""Progress per plan and course (``rows``, from engine.progress.plan_progress; split further by
	the ``by`` columns, e.g. department) and its inputs: ``plans``, ``pairs`` (targeted), ``enrolled``,
	``credited`` and ``plan_frame``.

	Without ``by_due`` (the number cards), the day of each completion is not read and the rows
	leave out the completion by the due dates. ``plans`` and ``staff`` (see ``targeted_pairs``) are
	what the caller has read already."""
	plans = get_plans(company, plan, status) if plans is None else plans
	pairs = targeted_pairs(company, plans, department, scope, staff=staff)
	plan_frame = pd.DataFrame(
		[{"plan": p.name, "due_date": p.due_date, "original_due_date": p.original_due_date} for p in plans],
		columns=["plan", "due_date", "original_due_date"],
	)
	result = frappe._dict(plans=plans, pairs=pairs, plan_frame=plan_frame, rows=[])
	result.enrolled, result.credited = enrolled_and_credited(
		pairs, min((getdate(p.from_date) for p in plans), default=None), first_day=by_due
	)
	if not pairs.empty:
		result.rows = progress.plan_progress(
			pairs, result.enrolled, result.credited, plan_frame, getdate(today()), by=by
		)
		if not by_due:
			for row in result.rows:
				del row["completion_by_original_due"], row["completion_by_due"]
	return result


def plan_period(plans: list[frappe._dict]) -> tuple | None:
	"""(first day, last day) of the plans' periods together; None without plans."""
	if not plans:
		return None
	return min(getdate(p.from_date) for p in plans), max(getdate(p.to_date) for p in plans)


def overdue_counts(
	company: str, employees: list[str] | None = None, scope=None, staff: pd.DataFrame | None = None
) -> dict[str, int]:
	"""Number of plan courses past their due date and not credited, per employee (of ``employees``,
	or of the ``staff`` rows a report has read already)."""
	plans = [p for p in get_plans(company) if getdate(p.due_date) < getdate(today())]
	remaining = open_pairs(company, plans, employees, scope, staff)
	return remaining["employee"].value_counts().to_dict() if not remaining.empty else {}


def open_courses(company: str, plans, employees=None, scope=None) -> dict[str, list[dict]]:
	"""Plan courses not credited yet, per employee: [{plan, course, due_date}]."""
	if employees is not None and len(employees) == 1 and (scope or get_scope()).all:
		# one employee's page: the same rules as ``targeted_pairs``, without frames
		return {employees[0]: one_employees_open_courses(company, plans, employees[0])}
	result: dict[str, list[dict]] = {}
	for row in open_pairs(company, plans, employees, scope).to_dict("records"):
		result.setdefault(row.pop("employee"), []).append(row)
	return result


def one_employees_open_courses(company: str, plans, employee: str) -> list[dict]:
	"""The plan courses one employee is targeted by and not credited for since the plans began:
	``targeted_pairs`` and ``open_pairs`` for one employee, a few indexed lookups."""
	info = frappe.db.get_value(
		"Employee",
		{"name": employee, "company": company, "status": ("!=", "Inactive")},
		["department", "designation", "date_of_joining", "relieving_date"],
		as_dict=True,
	)
	if not plans or not info:
		return []
	names = [p.name for p in plans]
	courses: dict[str, list[str]] = {}
	for parent, course in frappe.get_all(
		"Training Plan Course",
		filters={"parent": ("in", names), "parenttype": "Training Plan"},
		fields=["parent", "course"],
		as_list=True,
	):
		courses.setdefault(parent, []).append(course)
	listed = set(
		frappe.get_all(
			"Training Plan Employee",
			filters={"parent": ("in", names), "parenttype": "Training Plan", "employee": employee},
			pluck="parent",
		)
	)
	joined, relieved = getdate(info.date_of_joining), info.relieving_date and getdate(info.relieving_date)
	targeted = []
	for plan in plans:
		if plan.audience == "Department":
			member = info.department in (department_and_children(plan.department) or [])
		elif plan.audience == "Designation":
			member = info.designation == plan.designation
		elif plan.audience == "Employees":
			member = plan.name in listed
		else:
			member = True
		employed = joined <= getdate(plan.to_date) and (not relieved or relieved >= getdate(plan.from_date))
		if member and employed:
			targeted += [(plan, course) for course in courses.get(plan.name, [])]
	if not targeted:
		return []
	since = min(getdate(p.from_date) for p in plans)
	courses_targeted = sorted({course for _plan, course in targeted})
	done = set(credits.credited_since(courses_targeted, since, [employee], first_day=False)["course"])
	return [
		{"plan": plan.name, "course": course, "due_date": plan.due_date}
		for plan, course in targeted
		if course not in done
	]


def open_pairs(company: str, plans, employees=None, scope=None, staff=None) -> pd.DataFrame:
	columns = ["employee", "plan", "course", "due_date"]
	if not plans:
		return pd.DataFrame(columns=columns)
	only = employees[0] if employees is not None and len(employees) == 1 else None
	pairs = targeted_pairs(company, plans, scope=scope, employee=only, staff=staff)
	if employees is not None:
		pairs = pairs[pairs["employee"].isin(set(employees))]
	if pairs.empty:
		return pd.DataFrame(columns=columns)
	credited = _credited_since(pairs, min(getdate(p.from_date) for p in plans), first_day=False)
	remaining = pairs[~pairs_in(pairs, credited)]
	remaining = remaining.assign(due_date=remaining["plan"].map({p.name: p.due_date for p in plans}))
	return remaining[columns]
