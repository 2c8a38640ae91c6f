"""Step 3a of intake: fold evidence into enrolments (one per employee x course x cycle), set-based."""

import frappe
from frappe.utils import cint, flt, getdate, now_datetime

from hr_credit_app import bulk
from hr_credit_app.engine import evidence as engine
from hr_credit_app.intake.messages import LABEL_KINDS
from hr_credit_app.intake.store import ACCEPTED, enrolment_name

ENROLMENT_COLUMNS = (
	"name",
	"enrolment_key",
	"employee",
	"employee_name",
	"company",
	"department",
	"course",
	"category",
	"cycle",
	"status",
	"completion_pct",
	"best_exam_score",
	"attended",
	"mentor_score",
	"hours",
	"first_evidence_date",
	"last_evidence_date",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"docstatus",
)
_BEST = "`{0}` = GREATEST(COALESCE(`{0}`, VALUES(`{0}`)), COALESCE(VALUES(`{0}`), `{0}`))"
UPSERT_UPDATES = ", ".join(
	[
		_BEST.format("completion_pct"),
		_BEST.format("best_exam_score"),
		_BEST.format("mentor_score"),
		"`attended` = GREATEST(COALESCE(`attended`, 0), COALESCE(VALUES(`attended`), 0))",
		"`hours` = COALESCE(`hours`, 0) + COALESCE(VALUES(`hours`), 0)",
		"`first_evidence_date` = LEAST(COALESCE(`first_evidence_date`, VALUES(`first_evidence_date`)), VALUES(`first_evidence_date`))",
		_BEST.format("last_evidence_date"),
		"`status` = IF(`status` = 'Withdrawn', 'In Progress', `status`)",
		"`modified` = VALUES(`modified`)",
		"`modified_by` = VALUES(`modified_by`)",
	]
)


def accumulate_evidence(names: list[str]) -> dict[str, engine.Accumulated]:
	"""The accepted evidence rows ``names`` folded per enrolment key (``engine.accumulate``)."""
	items = []
	for chunk in bulk.chunks(names):
		for row in frappe.db.sql(
			"""select employee, course, cycle, kind, value, evidence_date from `tabCredit Evidence`
			where name in %s and status = %s""",
			(tuple(chunk), ACCEPTED),
			as_dict=True,
		):
			item = engine.Checked(index=0, row={}, employee=row.employee, course=row.course, cycle=row.cycle)
			item.kind, item.value, item.evidence_date = (
				LABEL_KINDS.get(row.kind),
				flt(row.value),
				getdate(row.evidence_date),
			)
			items.append(item)
	return engine.accumulate(items)


def accumulate_items(items: list[engine.Checked]) -> dict[str, engine.Accumulated]:
	"""``accumulate_evidence`` of rows this transaction has just stored, from the checked rows
	themselves: the values as the Float column keeps them (9 decimals)."""
	stored = []
	for item in items:
		copy = engine.Checked(index=0, row={}, employee=item.employee, course=item.course, cycle=item.cycle)
		copy.kind, copy.value, copy.evidence_date = item.kind, flt(item.value, 9), getdate(item.evidence_date)
		stored.append(copy)
	return engine.accumulate(stored)


def upsert(accumulated: dict[str, engine.Accumulated]) -> list[str]:
	"""Create or update enrolments in one statement per chunk; atomic per row, safe under concurrency.
	Returns the enrolments' names."""
	if not accumulated:
		return []
	employees = {
		row.name: row
		for row in frappe.get_all(
			"Employee",
			filters={"name": ("in", list({acc.employee for acc in accumulated.values()}))},
			fields=["name", "employee_name", "company", "department"],
		)
	}
	categories = dict(
		frappe.get_all(
			"Credit Course",
			filters={"name": ("in", list({acc.course for acc in accumulated.values()}))},
			fields=["name", "category"],
			as_list=True,
		)
	)
	now, user = now_datetime(), frappe.session.user
	placeholder = "(" + ", ".join(["%s"] * len(ENROLMENT_COLUMNS)) + ")"
	items = sorted(accumulated.items())  # key order: the same lock order in every worker
	for chunk in bulk.chunks(items, bulk.INSERT_CHUNK):
		values = []
		for key, acc in chunk:
			employee = employees.get(acc.employee) or frappe._dict()
			values.extend(
				(
					enrolment_name(key),
					key,
					acc.employee,
					employee.employee_name,
					employee.company,
					employee.department,
					acc.course,
					categories.get(acc.course),
					acc.cycle,
					"In Progress",
					flt(acc.completion_pct),  # Float columns are NOT NULL: 0 stands for "no evidence"
					flt(acc.best_exam_score),
					cint(acc.attended),
					flt(acc.mentor_score),
					flt(acc.hours),
					acc.first_evidence_date,
					acc.last_evidence_date,
					now,
					now,
					user,
					user,
					0,
				)
			)
		frappe.db.sql(
			"insert into `tabCredit Enrolment` ({}) values {} on duplicate key update {}".format(
				", ".join(f"`{c}`" for c in ENROLMENT_COLUMNS),
				", ".join([placeholder] * len(chunk)),
				UPSERT_UPDATES,
			),
			values,
		)
	return [enrolment_name(key) for key, _acc in items]


def recompute(enrolments: list[str]) -> None:
	"""Rebuild enrolments' progress from their remaining evidence (one GROUP BY)."""
	if not enrolments:
		return
	aggregates = frappe.db.sql(
		"""select enrolment,
			max(case when kind = 'Completion' then value end) as completion_pct,
			max(case when kind = 'Exam' then value end) as best_exam_score,
			max(case when kind = 'Attendance' then value end) as attended,
			max(case when kind = 'Practice Assessment' then value end) as mentor_score,
			sum(case when kind = 'Hours' then value else 0 end) as hours,
			min(evidence_date) as first_evidence_date,
			max(evidence_date) as last_evidence_date
		from `tabCredit Evidence`
		where enrolment in %s and status not in ('Withdrawn', 'Error')
		group by enrolment""",
		(tuple(enrolments),),
		as_dict=True,
	)
	found = {row.enrolment: row for row in aggregates}
	for name in enrolments:
		row = found.get(name) or frappe._dict()
		frappe.db.set_value(
			"Credit Enrolment",
			name,
			{
				"completion_pct": flt(row.completion_pct),
				"best_exam_score": flt(row.best_exam_score),
				"attended": cint(row.attended),
				"mentor_score": flt(row.mentor_score),
				"hours": flt(row.hours),
				"first_evidence_date": row.first_evidence_date,
				"last_evidence_date": row.last_evidence_date,
			},
			update_modified=True,
		)


def rows(names: list[str], statuses=("In Progress",)) -> list[dict]:
	"""Enrolments with what the rules read (course category, delivery mode, effective credits) and,
	for credited ones, the rule and rule version that awarded them."""
	result = []
	for chunk in bulk.chunks(names):
		result += frappe.db.sql(
			"""select e.name as enrolment, e.employee, e.company, e.course, c.category, c.delivery_mode,
				c.effective_credits, e.completion_pct, e.best_exam_score, e.attended, e.mentor_score,
				e.hours, e.last_evidence_date as award_date, x.credit_rule, x.credit_rule_version
			from `tabCredit Enrolment` e
			join `tabCredit Course` c on c.name = e.course
			left join `tabCredit Entry` x on x.name = e.credit_entry
			where e.name in %s and e.status in %s""",
			(tuple(chunk), tuple(statuses)),
			as_dict=True,
		)
	return result


def mark_evidence(
	enrolments: list[str],
	folded: list[str] = (),
	credited_only: bool = False,
	enrolment_of: dict[str, str] | None = None,
) -> None:
	"""Evidence follows its enrolment: Credited, or Not Yet Eligible. ``folded``: the accepted rows
	this transaction has just folded in (``enrolment_of``: their enrolments, when known). Accepted
	rows of other batches are left alone: another worker may not have folded them yet, and marking
	them would make it skip them.

	``credited_only``: the enrolments can only have become Credited (new evidence folded in), so
	of their earlier rows only those Not Yet Eligible can change."""
	if enrolment_of is not None:
		_mark_by_name(folded, enrolment_of)
	else:
		for chunk in bulk.chunks(sorted(folded)):
			frappe.db.sql(
				"""update `tabCredit Evidence` ev
				join `tabCredit Enrolment` e on e.name = ev.enrolment
				set ev.status = if(e.status = 'Credited', 'Credited', 'Not Yet Eligible')
				where ev.name in %s and ev.status = 'Accepted'""",
				(tuple(chunk),),
			)
	for chunk in bulk.chunks(enrolments):
		frappe.db.sql(
			"""update `tabCredit Evidence` ev
			join `tabCredit Enrolment` e on e.name = ev.enrolment
			set ev.status = if(e.status = 'Credited', 'Credited', 'Not Yet Eligible')
			where ev.enrolment in %s and ev.status in {}""".format(
				"('Not Yet Eligible') and e.status = 'Credited'"
				if credited_only
				else "('Credited', 'Not Yet Eligible')"
			),
			(tuple(chunk),),
		)


def _mark_by_name(folded: list[str], enrolment_of: dict[str, str]) -> None:
	"""Each folded row's status set by name from its enrolment's, the enrolments' statuses read once."""
	credited = set()
	for chunk in bulk.chunks(sorted(set(enrolment_of.values()))):
		credited.update(
			frappe.db.sql_list(
				"select name from `tabCredit Enrolment` where name in %s and status = 'Credited'",
				(tuple(chunk),),
			)
		)
	by_status: dict[str, list[str]] = {"Credited": [], "Not Yet Eligible": []}
	for name in sorted(folded):
		by_status["Credited" if enrolment_of[name] in credited else "Not Yet Eligible"].append(name)
	for status, names in by_status.items():
		for chunk in bulk.chunks(names):
			frappe.db.sql(
				"update `tabCredit Evidence` set status = %s where name in %s and status = 'Accepted'",
				(status, tuple(chunk)),
			)
