"""Evidence rows: validation, identity and accumulation into enrolments (no frappe).

An evidence row is one fact a source system reports about one employee and one course:

=====================  ===============================================  ============
kind                   value                                            range
=====================  ===============================================  ============
completion             percent of the course completed                  0 .. 100
exam                   exam score                                       0 .. 100
attendance             1 present (the default), 0 absent                0 or 1
practice_assessment    mentor's score of a practice assignment          0 .. 10
hours                  hours of learning                                > 0 .. 1000
=====================  ===============================================  ============

Errors are returned as codes with parameters, never as text: the Frappe layer turns each code into
a translated message (``hr_credit_app.intake.ERROR_MESSAGES``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from hr_credit_app.engine.dates import to_date

COMPLETION = "completion"
EXAM = "exam"
ATTENDANCE = "attendance"
PRACTICE_ASSESSMENT = "practice_assessment"
HOURS = "hours"
KINDS = (COMPLETION, EXAM, ATTENDANCE, PRACTICE_ASSESSMENT, HOURS)
KIND_ALIASES = {
	"completion": COMPLETION,
	"exam": EXAM,
	"exam score": EXAM,
	"attendance": ATTENDANCE,
	"check-in": ATTENDANCE,
	"checkin": ATTENDANCE,
	"practice assessment": PRACTICE_ASSESSMENT,
	"practice_assessment": PRACTICE_ASSESSMENT,
	"mentor score": PRACTICE_ASSESSMENT,
	"hours": HOURS,
}
VALUE_RANGES = {
	COMPLETION: (0.0, 100.0),
	EXAM: (0.0, 100.0),
	ATTENDANCE: (0.0, 1.0),
	PRACTICE_ASSESSMENT: (0.0, 10.0),
	HOURS: (0.0, 1000.0),
}
MAX_KEY_LENGTH = 140


@dataclass
class Checked:
	"""One incoming row after validation: ``error`` is None when the row is good."""

	index: int
	row: Mapping
	source_system: str = ""
	external_id: str = ""
	employee: str | None = None
	course: str | None = None
	kind: str | None = None
	value: float | None = None
	evidence_date: dt.date | None = None
	cycle: str | None = None
	error: str | None = None
	error_params: tuple = field(default_factory=tuple)

	@property
	def dedup_key(self) -> str:
		return dedup_key(self.source_system, self.external_id)

	@property
	def enrolment_key(self) -> str:
		return enrolment_key(self.employee, self.course, self.cycle)


def dedup_key(source_system: str, external_id: str) -> str:
	"""The identity of an evidence row: a source system's id of the fact it reports."""
	key = f"{source_system}:{external_id}"
	if len(key) > MAX_KEY_LENGTH:
		key = "sha1:" + hashlib.sha1(key.encode()).hexdigest()
	return key


def enrolment_key(employee: str, course: str, cycle: str) -> str:
	key = f"{employee}|{course}|{cycle}"
	if len(key) > MAX_KEY_LENGTH:
		key = "sha1:" + hashlib.sha1(key.encode()).hexdigest()
	return key


def default_cycle(evidence_date: dt.date, cycle_mode: str) -> str:
	"""The cycle an evidence row belongs to when its source does not say.

	``calendar_year``: the year of the evidence (a course can be credited once a year);
	``once``: a single cycle (a course is credited once per employee, ever).
	"""
	if cycle_mode == "once":
		return "once"
	return str(evidence_date.year)


def normalize_kind(kind) -> str | None:
	if kind is None:
		return None
	return KIND_ALIASES.get(
		str(kind).strip().lower().replace("-", " ").replace("_", " ")
	) or KIND_ALIASES.get(str(kind).strip().lower())


def _text(value) -> str:
	return "" if value is None else str(value).strip()


def check_rows(
	rows: Iterable,
	*,
	resolve_employee: Mapping[str, str],
	resolve_course: Mapping[str, str],
	today: dt.date,
	default_source: str = "",
	cycle_mode: str = "calendar_year",
	employee_dates: Mapping[str, tuple] | None = None,
	disabled_courses: Iterable[str] = (),
) -> list[Checked]:
	"""Validate incoming rows; each comes back with its normalized fields or an error code.

	``resolve_employee`` maps every identifier an employee may be known by (Employee ID, company
	email, user id) to the Employee name; ``resolve_course`` maps a course code to the Credit
	Course. ``employee_dates`` optionally maps an employee to (date_of_joining, relieving_date).
	Error codes: not_an_object, missing_external_id, missing_employee, unknown_employee,
	missing_course, unknown_course, course_disabled, unknown_kind, missing_value, not_a_number, value_out_of_range,
	missing_date, bad_date, future_date, not_employed_on_date, duplicate_in_batch.
	"""
	checked: list[Checked] = []
	seen: set[str] = set()
	employee_dates = employee_dates or {}
	disabled_courses = set(disabled_courses)
	for index, row in enumerate(rows):
		item = Checked(index=index, row=row if isinstance(row, Mapping) else {})
		checked.append(item)
		if not isinstance(row, Mapping):
			item.error = "not_an_object"
			continue
		item.source_system = _text(row.get("source_system")) or default_source
		item.external_id = _text(row.get("external_id"))
		if not item.external_id:
			item.error = "missing_external_id"
			continue

		employee_ref = _text(row.get("employee"))
		if not employee_ref:
			item.error = "missing_employee"
			continue
		item.employee = resolve_employee.get(employee_ref) or resolve_employee.get(employee_ref.lower())
		if not item.employee:
			item.error, item.error_params = "unknown_employee", (employee_ref,)
			continue

		course_ref = _text(row.get("course"))
		if not course_ref:
			item.error = "missing_course"
			continue
		item.course = resolve_course.get(course_ref) or resolve_course.get(course_ref.upper())
		if not item.course:
			item.error, item.error_params = "unknown_course", (course_ref,)
			continue
		if item.course in disabled_courses:
			item.error, item.error_params = "course_disabled", (item.course,)
			continue

		item.kind = normalize_kind(row.get("kind"))
		if item.kind is None:
			item.error, item.error_params = "unknown_kind", (_text(row.get("kind")),)
			continue

		raw_value = row.get("value")
		if raw_value is None or raw_value == "":
			if item.kind != ATTENDANCE:
				item.error, item.error_params = "missing_value", (item.kind,)
				continue
			raw_value = 1
		try:
			if isinstance(raw_value, bool):
				raw_value = int(raw_value)
			item.value = float(raw_value)
		except (TypeError, ValueError):
			item.error, item.error_params = "not_a_number", (_text(raw_value),)
			continue
		low, high = VALUE_RANGES[item.kind]
		if (
			not math.isfinite(item.value)
			or not low <= item.value <= high
			or (item.kind == HOURS and item.value <= 0)
		):
			item.error, item.error_params = "value_out_of_range", (item.kind, item.value, low, high)
			continue
		if item.kind == ATTENDANCE and item.value not in (0.0, 1.0):
			item.error, item.error_params = "value_out_of_range", (item.kind, item.value, low, high)
			continue

		raw_date = row.get("date") or row.get("evidence_date")
		if not raw_date:
			item.error = "missing_date"
			continue
		try:
			item.evidence_date = to_date(raw_date)
		except (TypeError, ValueError):
			item.error, item.error_params = "bad_date", (_text(raw_date),)
			continue
		if item.evidence_date > today:
			item.error, item.error_params = "future_date", (item.evidence_date.isoformat(),)
			continue
		joining, relieving = employee_dates.get(item.employee, (None, None))
		if (joining and item.evidence_date < to_date(joining)) or (
			relieving and item.evidence_date > to_date(relieving)
		):
			item.error, item.error_params = (
				"not_employed_on_date",
				(item.employee, item.evidence_date.isoformat()),
			)
			continue

		item.cycle = _text(row.get("cycle")) or default_cycle(item.evidence_date, cycle_mode)
		if item.dedup_key in seen:
			item.error, item.error_params = "duplicate_in_batch", (item.external_id,)
			continue
		seen.add(item.dedup_key)
	return checked


@dataclass
class Accumulated:
	employee: str
	course: str
	cycle: str
	completion_pct: float | None = None
	best_exam_score: float | None = None
	attended: int | None = None
	mentor_score: float | None = None
	hours: float = 0.0
	first_evidence_date: dt.date | None = None
	last_evidence_date: dt.date | None = None

	def to_dict(self) -> dict:
		return {
			"employee": self.employee,
			"course": self.course,
			"cycle": self.cycle,
			"completion_pct": self.completion_pct,
			"best_exam_score": self.best_exam_score,
			"attended": self.attended,
			"mentor_score": self.mentor_score,
			"hours": self.hours,
			"first_evidence_date": self.first_evidence_date,
			"last_evidence_date": self.last_evidence_date,
		}


def _max(current, new):
	return new if current is None else max(current, new)


def _min(current, new):
	return new if current is None else min(current, new)


def accumulate(items: Iterable[Checked]) -> dict[str, Accumulated]:
	"""Fold good evidence rows into one record per enrolment (employee x course x cycle).

	Completion, exam and mentor scores keep their best value; attendance is 1 once the employee
	was present; hours add up; the first and last evidence dates are kept (the last is the date of
	the award).
	The same fold, applied to the stored enrolment and new rows, is what the database upsert does.
	"""
	result: dict[str, Accumulated] = {}
	for item in items:
		if item.error:
			continue
		acc = result.get(item.enrolment_key)
		if acc is None:
			acc = result[item.enrolment_key] = Accumulated(item.employee, item.course, item.cycle)
		if item.kind == COMPLETION:
			acc.completion_pct = _max(acc.completion_pct, item.value)
		elif item.kind == EXAM:
			acc.best_exam_score = _max(acc.best_exam_score, item.value)
		elif item.kind == ATTENDANCE:
			acc.attended = _max(acc.attended, int(item.value))
		elif item.kind == PRACTICE_ASSESSMENT:
			acc.mentor_score = _max(acc.mentor_score, item.value)
		elif item.kind == HOURS:
			acc.hours += item.value
		acc.first_evidence_date = _min(acc.first_evidence_date, item.evidence_date)
		acc.last_evidence_date = _max(acc.last_evidence_date, item.evidence_date)
	return result
