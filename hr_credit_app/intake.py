"""Evidence intake: the one way evidence enters the app, whatever its source.

Sources (the REST API, Frappe's Data Import, HRMS Training Results, Frappe LMS) hand rows to
:func:`intake`; rows go through three steps, each set-based:

1. :func:`check` resolves employees (ID, company email or user id) and courses (code) with one
   query each and validates every row (``engine.evidence``); a bad row gets an error code;
2. :func:`store` writes every row, good or bad, as Credit Evidence with one multi-row INSERT; the
   unique deduplication key (source system + external id) makes the database skip a row that was
   already received, also when two workers send it at the same moment;
3. :func:`credit_evidence` folds the new rows into enrolments with one upsert
   (``INSERT .. ON DUPLICATE KEY UPDATE``, atomic per enrolment), matches the enrolments that are
   not yet credited against the award rules (``engine.rules``) and posts the awards through the
   ledger function, whose unique award key guarantees one Credit Entry per enrolment.

Nothing here commits: a request (or a background job) either writes all of it or none of it.
"""

from collections import defaultdict
from collections.abc import Iterable

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate, now_datetime, today

from hr_credit_app.engine import evidence as engine
from hr_credit_app.engine import rules as rules_engine
from hr_credit_app.hr_credit_app.doctype.credit_entry.credit_entry import (
	cancel_credit_entries,
	post_credit_entries,
)

KIND_LABELS = {
	engine.COMPLETION: "Completion",
	engine.EXAM: "Exam",
	engine.ATTENDANCE: "Attendance",
	engine.PRACTICE_ASSESSMENT: "Practice Assessment",
	engine.HOURS: "Hours",
}
LABEL_KINDS = {label: kind for kind, label in KIND_LABELS.items()}
ACCEPTED, CREDITED, NOT_YET_ELIGIBLE, ERROR, WITHDRAWN = (
	"Accepted",
	"Credited",
	"Not Yet Eligible",
	"Error",
	"Withdrawn",
)
RULES_CACHE_KEY = "hr_credit_app:credit_rules"
CHUNK = 1000


def error_message(code: str, params: tuple = ()) -> str:
	"""The translated message of an engine error code."""
	messages = {
		"not_an_object": lambda: _("The row is not a JSON object."),
		"missing_external_id": lambda: _("External ID is missing."),
		"missing_employee": lambda: _("Employee is missing."),
		"unknown_employee": lambda e: _(
			"Unknown employee {0}: no Employee has this ID, company email or user."
		).format(e),
		"missing_course": lambda: _("Course code is missing."),
		"unknown_course": lambda c: _("Unknown course code {0}.").format(c),
		"course_disabled": lambda c: _("Credit Course {0} is disabled.").format(c),
		"unknown_kind": lambda k: _(
			"Unknown kind {0}: use completion, exam, attendance, practice_assessment or hours."
		).format(k or '""'),
		"missing_value": lambda k: _("A value is needed for kind {0}.").format(_(KIND_LABELS.get(k, k))),
		"not_a_number": lambda v: _("Value {0} is not a number.").format(v),
		"value_out_of_range": lambda k, v, low, high: _(
			"{0} value {1} is outside the range {2} to {3}."
		).format(_(KIND_LABELS.get(k, k)), frappe.format(v), frappe.format(low), frappe.format(high)),
		"missing_date": lambda: _("Date is missing."),
		"bad_date": lambda d: _("Date {0} is not a date of the form YYYY-MM-DD.").format(d),
		"future_date": lambda d: _("Date {0} is in the future.").format(d),
		"not_employed_on_date": lambda e, d: _("Employee {0} was not employed on {1}.").format(e, d),
		"duplicate_in_batch": lambda x: _("External ID {0} appears more than once in this batch.").format(x),
	}
	return messages[code](*params)


# ---- step 1: check ----------------------------------------------------------------------------


def _employee_lookup(refs: set[str]) -> tuple[dict, dict]:
	refs = [ref for ref in refs if ref]
	if not refs:
		return {}, {}
	employee = frappe.qb.DocType("Employee")
	rows = (
		frappe.qb.from_(employee)
		.select(
			employee.name,
			employee.company_email,
			employee.user_id,
			employee.date_of_joining,
			employee.relieving_date,
		)
		.where(employee.name.isin(refs) | employee.company_email.isin(refs) | employee.user_id.isin(refs))
		.run(as_dict=True)
	)
	lookup, dates = {}, {}
	for row in rows:
		for key in (row.name, row.company_email, row.user_id):
			if key:
				lookup[key] = row.name
				lookup[key.lower()] = row.name
		dates[row.name] = (row.date_of_joining, row.relieving_date)
	return lookup, dates


def _course_lookup(refs: set[str]) -> tuple[dict, set]:
	refs = [ref for ref in refs if ref]
	if not refs:
		return {}, set()
	lookup, disabled = {}, set()
	for row in frappe.get_all(
		"Credit Course",
		filters={"name": ("in", refs)},
		fields=["name", "disabled", "active_from", "active_to"],
	):
		lookup[row.name] = lookup[row.name.upper()] = row.name
		if row.disabled:
			disabled.add(row.name)
	return lookup, disabled


def check(rows: list, source_system: str) -> list[engine.Checked]:
	"""Resolve and validate rows; set-based (one query for employees, one for courses)."""
	employee_refs = {str(row.get("employee") or "").strip() for row in rows if isinstance(row, dict)}
	course_refs = {str(row.get("course") or "").strip() for row in rows if isinstance(row, dict)}
	employees, employee_dates = _employee_lookup(employee_refs)
	courses, disabled = _course_lookup(course_refs)
	settings = frappe.get_cached_doc("HR Credit Settings")
	return engine.check_rows(
		rows,
		resolve_employee=employees,
		resolve_course=courses,
		today=getdate(today()),
		default_source=source_system,
		cycle_mode=frappe.scrub(settings.cycle_mode or "Calendar Year"),
		employee_dates=employee_dates,
		disabled_courses=disabled,
	)


# ---- step 2: store ----------------------------------------------------------------------------

EVIDENCE_FIELDS = (
	"name",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"docstatus",
	"status",
	"error_message",
	"source_system",
	"external_id",
	"employee_ref",
	"course_ref",
	"kind",
	"value",
	"evidence_date",
	"cycle",
	"employee",
	"employee_name",
	"course",
	"enrolment",
	"reference_doctype",
	"reference_name",
	"batch_id",
	"dedup_key",
)


def enrolment_name(key: str) -> str:
	"""Enrolments are named from their key, so evidence can point at one before it exists."""
	import hashlib

	return "ENR-" + hashlib.sha1(key.encode()).hexdigest()[:16]


def evidence_values(item: engine.Checked, *, reference=None, batch_id=None, employee_names=None) -> dict:
	"""The Credit Evidence fields of a checked row."""
	row = item.row
	good = item.error is None
	raw_kind = row.get("kind")
	return {
		"status": ACCEPTED if good else ERROR,
		"error_message": None if good else error_message(item.error, item.error_params),
		"source_system": item.source_system or None,
		"external_id": (item.external_id or "")[:140] or None,
		"employee_ref": str(row.get("employee") or "")[:140] or None,
		"course_ref": str(row.get("course") or "")[:140] or None,
		# an unknown kind is not stored (the select would refuse it); the error message quotes it
		"kind": KIND_LABELS.get(item.kind or engine.normalize_kind(raw_kind)),
		"value": item.value if good else _number_or_none(row.get("value")),
		"evidence_date": item.evidence_date or _date_or_none(row.get("date") or row.get("evidence_date")),
		"cycle": item.cycle or (str(row.get("cycle"))[:140] if row.get("cycle") else None),
		"employee": item.employee,
		"employee_name": (employee_names or {}).get(item.employee),
		"course": item.course,
		"enrolment": enrolment_name(item.enrolment_key) if good else None,
		"reference_doctype": reference[0] if reference else None,
		"reference_name": reference[1] if reference else None,
		"batch_id": batch_id,
		"dedup_key": item.dedup_key if good else None,
	}


def _date_or_none(value):
	try:
		return getdate(value) if value else None
	except Exception:
		return None


def _number_or_none(value):
	try:
		return float(value) if value not in (None, "") and not isinstance(value, bool) else None
	except (TypeError, ValueError):
		return None


def store(checked: list[engine.Checked], *, reference=None, batch_id=None) -> dict:
	"""Write every row as Credit Evidence; returns the names of the new good rows and the duplicates.

	One multi-row ``INSERT IGNORE``: a good row whose deduplication key is already stored (sent
	before, or by another worker at this moment) is skipped by the unique index. Rows are written in
	key order, so that two workers writing overlapping batches take their locks in the same order.
	"""
	now, user = now_datetime(), frappe.session.user
	employee_names = dict(
		frappe.get_all(
			"Employee",
			filters={"name": ("in", list({i.employee for i in checked if i.employee}) or [""])},
			fields=["name", "employee_name"],
			as_list=True,
		)
	)
	names = {}
	values = []
	for item in sorted(checked, key=lambda i: (i.error is not None, i.dedup_key if i.error is None else "")):
		name = frappe.generate_hash(length=12)
		names[item.index] = name
		fields = evidence_values(item, reference=reference, batch_id=batch_id, employee_names=employee_names)
		values.append((name, now, now, user, user, 0, *(fields[f] for f in EVIDENCE_FIELDS[6:])))
	frappe.db.bulk_insert(
		"Credit Evidence", EVIDENCE_FIELDS, values, ignore_duplicates=True, chunk_size=CHUNK
	)

	stored = set()
	all_names = list(names.values())
	for start in range(0, len(all_names), 5000):
		stored.update(
			frappe.get_all(
				"Credit Evidence", filters={"name": ("in", all_names[start : start + 5000])}, pluck="name"
			)
		)
	new, duplicates, errors = [], [], []
	for item in checked:
		name = names[item.index]
		if item.error:
			errors.append(item.index)
		elif name in stored:
			new.append(name)
		else:
			duplicates.append(item.index)
	return {"names": names, "stored": stored, "new": new, "duplicates": duplicates, "errors": errors}


# ---- step 3: credit ---------------------------------------------------------------------------


def credit_evidence(evidence_names: Iterable[str], source: str = "Credit Rule") -> dict:
	"""Fold accepted evidence into enrolments, evaluate the rules and post the awards."""
	evidence_names = list(evidence_names)
	if not evidence_names:
		return {"enrolments": 0, "posted": {}}
	touched = set()
	for start in range(0, len(evidence_names), 5000):
		chunk = evidence_names[start : start + 5000]
		rows = frappe.get_all(
			"Credit Evidence",
			filters={"name": ("in", chunk), "status": ACCEPTED},
			fields=["employee", "course", "cycle", "kind", "value", "evidence_date"],
		)
		items = []
		for row in rows:
			item = engine.Checked(index=0, row={}, employee=row.employee, course=row.course, cycle=row.cycle)
			item.kind, item.value, item.evidence_date = (
				LABEL_KINDS.get(row.kind),
				flt(row.value),
				getdate(row.evidence_date),
			)
			items.append(item)
		accumulated = engine.accumulate(items)
		upsert_enrolments(accumulated)
		touched.update(enrolment_name(key) for key in accumulated)
	posted = evaluate_enrolments(sorted(touched), source=source)
	mark_evidence(sorted(touched))
	return {"enrolments": len(touched), "posted": posted}


def upsert_enrolments(accumulated: dict[str, engine.Accumulated]) -> None:
	"""Create or update enrolments in one statement per chunk; atomic per row, safe under concurrency."""
	if not accumulated:
		return
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
	columns = (
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
	best = "`{0}` = GREATEST(COALESCE(`{0}`, VALUES(`{0}`)), COALESCE(VALUES(`{0}`), `{0}`))"
	updates = ", ".join(
		[
			best.format("completion_pct"),
			best.format("best_exam_score"),
			best.format("mentor_score"),
			"`attended` = GREATEST(COALESCE(`attended`, 0), COALESCE(VALUES(`attended`), 0))",
			"`hours` = COALESCE(`hours`, 0) + COALESCE(VALUES(`hours`), 0)",
			"`first_evidence_date` = LEAST(COALESCE(`first_evidence_date`, VALUES(`first_evidence_date`)), VALUES(`first_evidence_date`))",
			best.format("last_evidence_date"),
			"`status` = IF(`status` = 'Withdrawn', 'In Progress', `status`)",
			"`modified` = VALUES(`modified`)",
			"`modified_by` = VALUES(`modified_by`)",
		]
	)
	placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
	items = sorted(accumulated.items())  # key order: the same lock order in every worker
	for start in range(0, len(items), CHUNK):
		chunk = items[start : start + CHUNK]
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
				", ".join(f"`{c}`" for c in columns), ", ".join([placeholder] * len(chunk)), updates
			),
			values,
		)


def get_rules() -> list[rules_engine.Rule]:
	"""Enabled rules, cached until a rule changes (the Energy Point Rule pattern)."""

	def load():
		return [
			dict(row)
			for row in frappe.get_all(
				"Credit Rule",
				filters={"enabled": 1},
				fields=[
					"name",
					"scope",
					"course",
					"category",
					"delivery_mode",
					"min_completion",
					"min_exam_score",
					"min_mentor_score",
					"attendance_required",
					"min_hours",
					"award",
					"fixed_credits",
					"condition",
					"priority",
					"valid_from",
					"valid_to",
				],
			)
		]

	return [rules_engine.Rule.from_mapping(row) for row in frappe.cache.get_value(RULES_CACHE_KEY, load)]


def clear_rules_cache(doc=None, method=None):
	frappe.cache.delete_value(RULES_CACHE_KEY)


def evaluate_condition(rule: rules_engine.Rule, row: dict) -> bool:
	try:
		return bool(frappe.safe_eval(rule.condition, None, {"doc": frappe._dict(row)}))
	except Exception:
		frappe.log_error(title=_("Credit Rule {0}: the extra condition failed").format(rule.name))
		return False


def enrolment_rows(names: list[str], statuses=("In Progress",)) -> list[dict]:
	enrolment = frappe.qb.DocType("Credit Enrolment")
	course = frappe.qb.DocType("Credit Course")
	rows = []
	for start in range(0, len(names), 5000):
		rows += (
			frappe.qb.from_(enrolment)
			.join(course)
			.on(course.name == enrolment.course)
			.select(
				enrolment.name.as_("enrolment"),
				enrolment.employee,
				enrolment.course,
				course.category,
				course.delivery_mode,
				course.effective_credits,
				enrolment.completion_pct,
				enrolment.best_exam_score,
				enrolment.attended,
				enrolment.mentor_score,
				enrolment.hours,
				enrolment.last_evidence_date.as_("award_date"),
			)
			.where(enrolment.name.isin(names[start : start + 5000]) & enrolment.status.isin(list(statuses)))
			.run(as_dict=True)
		)
	return rows


def evaluate_enrolments(names: list[str], source: str = "Credit Rule") -> dict:
	"""Match not-yet-credited enrolments against the rules and post what they earned."""
	rows = enrolment_rows(names)
	if not rows:
		return {}
	rules = get_rules()
	if not rules:
		return {}
	awards = rules_engine.match(rows, rules, evaluate_condition)
	if awards.empty:
		return {}
	employees = {row["enrolment"]: (row["employee"], row["course"]) for row in rows}
	today_date = getdate(today())
	ledger_rows = []
	for award in awards.itertuples(index=False):
		employee, course = employees[award.enrolment]
		posting_date = (
			min(award.award_date.date(), today_date) if award.award_date is not None else today_date
		)
		ledger_rows.append(
			{
				"employee": employee,
				"course": course,
				"credits": float(award.credits),
				"posting_date": posting_date,
				"source": source,
				"credit_rule": award.rule,
				"reference_doctype": "Credit Enrolment",
				"reference_name": award.enrolment,
				"award_key": award_key(award.enrolment),
			}
		)
	result = post_credit_entries(ledger_rows)
	link_credit_entries([row["reference_name"] for row in ledger_rows])
	return result["posted"]


def award_key(enrolment: str) -> str:
	return "enrolment:" + enrolment


def link_credit_entries(enrolments: list[str]) -> None:
	"""Mark enrolments credited by the entry their award key holds (the winner, if two workers raced)."""
	if not enrolments:
		return
	for start in range(0, len(enrolments), 5000):
		chunk = enrolments[start : start + 5000]
		frappe.db.sql(
			"""update `tabCredit Enrolment` e
			join `tabCredit Entry` c on c.award_key = concat('enrolment:', e.name) and c.docstatus = 1
			set e.status = 'Credited', e.credit_entry = c.name, e.credit_rule = c.credit_rule,
				e.credits = c.credits, e.credited_on = c.posting_date, e.modified = %s
			where e.name in %s""",
			(now_datetime(), tuple(chunk)),
		)


def mark_evidence(enrolments: list[str]) -> None:
	"""The live evidence of these enrolments becomes Credited or Not Yet Eligible, after its enrolment."""
	for start in range(0, len(enrolments), 5000):
		frappe.db.sql(
			"""update `tabCredit Evidence` ev
			join `tabCredit Enrolment` e on e.name = ev.enrolment
			set ev.status = if(e.status = 'Credited', 'Credited', 'Not Yet Eligible')
			where ev.enrolment in %s and ev.status in ('Accepted', 'Credited', 'Not Yet Eligible')""",
			(tuple(enrolments[start : start + 5000]),),
		)


# ---- the one intake function -------------------------------------------------------------------


def intake(
	rows: list,
	*,
	source_system: str,
	reference: tuple[str, str] | None = None,
	batch_id: str | None = None,
	process: str = "auto",
	credit_source: str = "Credit Rule",
) -> dict:
	"""Take a batch of evidence rows from any source; returns one result per row and totals.

	``process``: ``inline`` credits within this transaction, ``queue`` in a background job,
	``auto`` inline up to HR Credit Settings' limit.
	"""
	batch_id = batch_id or frappe.generate_hash(length=10)
	checked = check(rows, source_system)
	stored = store(checked, reference=reference, batch_id=batch_id)

	limit = cint(frappe.get_cached_doc("HR Credit Settings").inline_processing_limit or 1000)
	inline = process == "inline" or (process == "auto" and len(stored["new"]) <= limit)
	posted = {}
	if stored["new"]:
		if inline:
			posted = credit_evidence(stored["new"], source=credit_source)["posted"]
		else:
			frappe.enqueue(
				"hr_credit_app.intake.credit_batch",
				queue="long",
				timeout=3600,
				job_id="hr_credit_app:batch:" + batch_id,
				deduplicate=True,
				enqueue_after_commit=True,
				batch_id=batch_id,
				credit_source=credit_source,
			)

	duplicates, errors = set(stored["duplicates"]), set(stored["errors"])
	results = []
	for item in checked:
		if item.index in errors:
			status, message = "error", error_message(item.error, item.error_params)
		elif item.index in duplicates:
			status, message = (
				"duplicate",
				_("Already received: {0} from {1}.").format(item.external_id, item.source_system),
			)
		else:
			status, message = "accepted", None
		results.append(
			{
				"index": item.index,
				"external_id": item.external_id or None,
				"status": status,
				"message": message,
				"evidence": stored["names"][item.index] if status != "duplicate" else None,
			}
		)
	return {
		"batch_id": batch_id,
		"processing": "inline" if inline else "queued",
		"totals": {
			"rows": len(checked),
			"accepted": len(stored["new"]),
			"duplicate": len(duplicates),
			"error": len(errors),
			"credited": len(posted),
		},
		"rows": results,
	}


def credit_batch(batch_id: str, credit_source: str = "Credit Rule") -> None:
	"""Background job: credit the accepted evidence of one batch."""
	names = frappe.get_all(
		"Credit Evidence", filters={"batch_id": batch_id, "status": ACCEPTED}, pluck="name"
	)
	credit_evidence(names, source=credit_source)


# ---- withdrawal and re-evaluation -------------------------------------------------------------


def withdraw_evidence(names: list[str]) -> dict:
	"""Withdraw evidence (its source was cancelled): recompute the enrolments it fed and cancel the
	credit of every enrolment that the remaining evidence no longer earns. A withdrawn fact gives up
	its deduplication key: if the source reports it again, it counts again."""
	rows = frappe.get_all(
		"Credit Evidence",
		filters={"name": ("in", names or [""]), "status": ("not in", (WITHDRAWN, ERROR))},
		fields=["name", "enrolment"],
	)
	if not rows:
		return {"withdrawn": 0, "cancelled": []}
	frappe.db.sql(
		"update `tabCredit Evidence` set status = 'Withdrawn', dedup_key = null, modified = %s where name in %s",
		(now_datetime(), tuple(row.name for row in rows)),
	)
	enrolments = sorted({row.enrolment for row in rows if row.enrolment})
	recompute_enrolments(enrolments)

	credited = enrolment_rows(enrolments, statuses=("Credited",))
	still_earned = set()
	if credited:
		awards = rules_engine.match(credited, get_rules(), evaluate_condition)
		still_earned = set(awards["enrolment"])
	lost = [row["enrolment"] for row in credited if row["enrolment"] not in still_earned]
	cancelled = cancel_credit_entries(award_keys=[award_key(name) for name in lost])
	remaining = dict(
		frappe.db.sql(
			"""select enrolment, count(*) from `tabCredit Evidence`
			where enrolment in %s and status not in ('Withdrawn', 'Error') group by enrolment""",
			(tuple(enrolments) or ("",),),
		)
	)
	statuses = dict(
		frappe.get_all(
			"Credit Enrolment", filters={"name": ("in", enrolments)}, fields=["name", "status"], as_list=True
		)
	)
	for name in enrolments:
		if name in lost or statuses.get(name) != "Credited":
			frappe.db.set_value(
				"Credit Enrolment",
				name,
				{
					"status": "In Progress" if remaining.get(name) else "Withdrawn",
					"credit_entry": None,
					"credit_rule": None,
					"credits": 0,
					"credited_on": None,
				},
				update_modified=True,
			)
	mark_evidence(enrolments)
	return {"withdrawn": len(rows), "cancelled": cancelled}


def recompute_enrolments(enrolments: list[str]) -> None:
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


def reevaluate_open_enrolments(chunk_size: int = 5000) -> int:
	"""Evaluate every enrolment that is not credited yet against the current rules (after a rule
	change). Credited enrolments are never touched: a rule change does not rewrite posted credits."""
	posted = 0
	last = ""
	while True:
		names = frappe.get_all(
			"Credit Enrolment",
			filters={"status": "In Progress", "name": (">", last)},
			order_by="name asc",
			limit=chunk_size,
			pluck="name",
		)
		if not names:
			return posted
		posted += len(evaluate_enrolments(names))
		mark_evidence(names)
		last = names[-1]
