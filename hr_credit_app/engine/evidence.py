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
a translated message (``hr_credit_app.intake.messages``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
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
MAX_TEXT = 140  # each text field of a row (the columns that keep it are 140 characters wide)
TEXT_FIELDS = ("source_system", "external_id", "employee", "course", "kind", "cycle")
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
NUMBER_PATTERN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)")


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
	"""The identity of an evidence row: a source system's id of the fact it reports.

	A digest of the exact text, so that ids differing only in letter case or accents (``A-1`` and
	``a-1``, ``café`` and ``cafe``) stay two facts although the database compares text without case
	and accents; and every key fits the column, however long the id.
	"""
	return hashlib.sha1(f"{source_system}\x1f{external_id}".encode("utf-8", "surrogatepass")).hexdigest()


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


def allowed_cycles(evidence_date: dt.date, cycle_mode: str) -> tuple[str, ...]:
	"""The cycles a source may name for evidence of a date.

	``once``: only ``once``. ``calendar_year``: the year of the evidence or the year before (a course
	that began in December and ended in January). Anything else would let a sender credit the same
	course again and again under invented cycles.
	"""
	if cycle_mode == "once":
		return ("once",)
	return (str(evidence_date.year), str(evidence_date.year - 1))


def normalize_kind(kind) -> str | None:
	if kind is None:
		return None
	return KIND_ALIASES.get(
		str(kind).strip().lower().replace("-", " ").replace("_", " ")
	) or KIND_ALIASES.get(str(kind).strip().lower())


def parse_date(value) -> dt.date:
	"""A date object, or text of exactly the form ``YYYY-MM-DD`` (what the API documents).

	``20240101``, ``2024-W01-1`` or ``2024-01-01junk`` are refused (ValueError), although Python's
	ISO parser would read some of them."""
	if isinstance(value, dt.datetime):
		return value.date()
	if isinstance(value, dt.date):
		return value
	if isinstance(value, str) and DATE_PATTERN.fullmatch(value.strip()):
		return dt.date.fromisoformat(value.strip())
	raise ValueError(value)


def parse_number(value) -> float:
	"""A JSON number, or text holding a plain decimal number (``90``, ``-1.5``, ``.5``); ValueError
	otherwise (``9_0``, ``1e3``, ``0x10``, ``NaN`` as text). The result may be infinite (``1e999``,
	a 400-digit integer): the caller's range check refuses it."""
	if isinstance(value, bool):
		return float(int(value))
	if isinstance(value, int):
		try:
			return float(value)
		except OverflowError:
			return math.inf if value > 0 else -math.inf
	if isinstance(value, float):
		return value
	if isinstance(value, str) and len(value) <= 400 and NUMBER_PATTERN.fullmatch(value.strip()):
		return float(value.strip())
	raise ValueError(value)


UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL and lone surrogates: text the database cannot store


def _text(value) -> str:
	return "" if value is None else str(value).strip()


def text_problem(value, limit: int = MAX_TEXT) -> tuple[str, tuple] | None:
	"""Why a value cannot be one of a row's text fields, or None: nested values (objects, arrays),
	text longer than ``limit``, or text the database cannot store (lone surrogates, NUL)."""
	if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4 * limit:
		return "text_too_long", (limit,)  # str() of a huge integer is refused by Python itself
	if value is None or isinstance(value, str | int | float | bool | dt.date):
		text = _text(value)
	else:
		return "not_a_scalar", ()
	if len(text) > limit:
		return "text_too_long", (limit,)
	if UNSTORABLE.search(text):
		return "invalid_text", ()
	return None


def storable(value, limit: int = MAX_TEXT) -> str | None:
	"""Text of a received value that the database can store: bounded, lone surrogates and NUL
	escaped. For keeping a bad row as it came, never for identities."""
	if value is None or value == "":
		return None
	text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
	if UNSTORABLE.search(text):
		text = text.replace("\x00", "\\0").encode("utf-8", "backslashreplace").decode("utf-8")
	return text[:limit]


def received_text(row, limit: int = 2000) -> str:
	"""The row as received, as JSON text (for the audit of a stored fact), cut at ``limit``."""
	try:
		text = json.dumps(row, ensure_ascii=True, default=str, sort_keys=True)
	except (TypeError, ValueError):
		text = repr(row)
	return text if len(text) <= limit else text[: limit - 1] + "\u2026"


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
	allowed_sources: Iterable[str] | None = None,
	forbidden_employees: Iterable[str] = (),
	course_companies: Mapping[str, Iterable[str]] | None = None,
	employee_companies: Mapping[str, str] | None = None,
) -> list[Checked]:
	"""Validate incoming rows; each comes back with its normalized fields or an error code.

	``resolve_employee`` maps every identifier an employee may be known by (Employee ID, company
	email, user id) to the Employee name; ``resolve_course`` maps a course code to the Credit
	Course. ``employee_dates`` optionally maps an employee to (date_of_joining, relieving_date).
	``allowed_sources`` (None: any) are the source systems a row may name; a row naming none takes
	``default_source``. ``forbidden_employees`` may not be credited by this sender (themselves).
	``course_companies`` maps a course limited to some companies to them (absent: every company);
	``employee_companies`` maps an employee to their company.
	Error codes: not_an_object, not_a_scalar, text_too_long, invalid_text, source_not_allowed,
	missing_external_id, missing_employee, unknown_employee, self_credit, missing_course,
	unknown_course, course_disabled, unknown_kind, missing_value, not_a_number, value_out_of_range,
	missing_date, bad_date, future_date, not_employed_on_date, bad_cycle, duplicate_in_batch,
	course_not_in_company.
	"""
	checked: list[Checked] = []
	seen: set[str] = set()
	employee_dates = employee_dates or {}
	disabled_courses = set(disabled_courses)
	allowed_sources = None if allowed_sources is None else set(allowed_sources)
	forbidden_employees = set(forbidden_employees)
	course_companies = {course: set(companies) for course, companies in (course_companies or {}).items()}
	employee_companies = employee_companies or {}
	for index, row in enumerate(rows):
		item = Checked(index=index, row=row if isinstance(row, Mapping) else {})
		checked.append(item)
		if not isinstance(row, Mapping):
			item.error = "not_an_object"
			continue
		problem = next(
			((name, found) for name in TEXT_FIELDS if (found := text_problem(row.get(name))) is not None),
			None,
		)
		if problem is None:
			problem = next(
				(
					(name, found)
					for name in ("value", "date", "evidence_date")
					if (found := text_problem(row.get(name), limit=400)) is not None
				),
				None,
			)
		if problem:
			name, (code, params) = problem
			item.error, item.error_params = code, (name, *params)
			continue

		source = _text(row.get("source_system"))
		if source and allowed_sources is not None and source not in allowed_sources:
			item.error, item.error_params = "source_not_allowed", (source,)
			continue
		item.source_system = source or default_source
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
		if item.employee in forbidden_employees:
			item.error, item.error_params = "self_credit", (item.employee,)
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
		limited = course_companies.get(item.course)
		if limited and employee_companies.get(item.employee) not in limited:
			item.error, item.error_params = (
				"course_not_in_company",
				(item.course, employee_companies.get(item.employee) or ""),
			)
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
			item.value = parse_number(raw_value) + 0.0  # + 0.0: -0.0 becomes 0.0
		except ValueError:
			item.error, item.error_params = "not_a_number", (_text(raw_value),)
			continue
		low, high = VALUE_RANGES[item.kind]
		if (
			not math.isfinite(item.value)
			or not low <= item.value <= high
			or (item.kind == HOURS and item.value <= 0)
			or (item.kind == ATTENDANCE and item.value not in (0.0, 1.0))
		):
			item.error, item.error_params = "value_out_of_range", (item.kind, _text(raw_value), low, high)
			item.value = None
			continue

		raw_date = row.get("date") or row.get("evidence_date")
		if not raw_date:
			item.error = "missing_date"
			continue
		try:
			item.evidence_date = parse_date(raw_date)
		except ValueError:
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

		cycle = _text(row.get("cycle"))
		allowed = allowed_cycles(item.evidence_date, cycle_mode)
		if cycle and cycle not in allowed:
			item.error, item.error_params = "bad_cycle", (cycle, ", ".join(allowed))
			continue
		item.cycle = cycle or default_cycle(item.evidence_date, cycle_mode)
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
