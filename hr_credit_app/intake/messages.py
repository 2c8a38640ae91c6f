"""What an evidence row's error code says, in the reader's language, with the sender's values escaped.

A row's error is stored as a code and its parameters (``Credit Evidence.error_code`` and
``error_params``); the text is rendered when someone reads it (the API answer, the desk form), so a
Chinese HR user reads Chinese whoever sent the row, and a value such as ``<img onerror=...>`` is
shown as text, never as markup.
"""

import json

import frappe
from frappe import _, _lt

from hr_credit_app import safe
from hr_credit_app.engine import evidence as engine

KIND_LABELS = {
	engine.COMPLETION: "Completion",
	engine.EXAM: "Exam",
	engine.ATTENDANCE: "Attendance",
	engine.PRACTICE_ASSESSMENT: "Practice Assessment",
	engine.HOURS: "Hours",
}
LABEL_KINDS = {label: kind for kind, label in KIND_LABELS.items()}

# the code's short label (Credit Evidence.error_code, a Select: filterable in the list)
ERROR_LABELS = {
	"not_an_object": "Not an Object",
	"not_a_scalar": "Nested Value",
	"text_too_long": "Text Too Long",
	"invalid_text": "Invalid Text",
	"source_not_allowed": "Source Not Allowed",
	"missing_external_id": "Missing External ID",
	"missing_employee": "Missing Employee",
	"unknown_employee": "Unknown Employee",
	"self_credit": "Own Record",
	"missing_course": "Missing Course",
	"unknown_course": "Unknown Course",
	"course_disabled": "Disabled Course",
	"course_not_in_company": "Course Not for Company",
	"unknown_kind": "Unknown Kind",
	"missing_value": "Missing Value",
	"not_a_number": "Not a Number",
	"value_out_of_range": "Value Out of Range",
	"missing_date": "Missing Date",
	"bad_date": "Bad Date",
	"future_date": "Future Date",
	"not_employed_on_date": "Not Employed on Date",
	"bad_cycle": "Cycle Not Allowed",
	"duplicate_in_batch": "Duplicate in Batch",
	"already_received": "Already Received",
}
LABEL_ERRORS = {label: code for code, label in ERROR_LABELS.items()}
# the source system fields of a row, for the messages naming one
FIELD_LABELS = {
	"source_system": _lt("Source System"),
	"external_id": _lt("External ID"),
	"employee": _lt("Employee"),
	"course": _lt("Course"),
	"kind": _lt("Kind"),
	"cycle": _lt("Cycle"),
	"value": _lt("Value"),
	"date": _lt("Date"),
	"evidence_date": _lt("Date"),
}


def _kind(kind) -> str:
	return _(KIND_LABELS.get(kind, str(kind)))


def _number(value) -> str:
	return (
		frappe.format(value, {"fieldtype": "Float"}) if isinstance(value, int | float) else safe.text(value)
	)


MESSAGES = {
	"not_an_object": lambda: _("The row is not a JSON object."),
	"not_a_scalar": lambda f: _("{0} must be a single value, not a list or an object.").format(
		str(FIELD_LABELS.get(f, f))
	),
	"text_too_long": lambda f, limit: _("{0} is longer than {1} characters.").format(
		str(FIELD_LABELS.get(f, f)), limit
	),
	"invalid_text": lambda f: _("{0} holds characters that cannot be stored.").format(
		str(FIELD_LABELS.get(f, f))
	),
	"source_not_allowed": lambda s: _(
		"This sender may not send evidence as source system {0}; leave the row's source_system empty."
	).format(safe.bold(s)),
	"missing_external_id": lambda: _("External ID is missing."),
	"missing_employee": lambda: _("Employee is missing."),
	"unknown_employee": lambda e: _(
		"Unknown employee {0}: no Employee has this ID, company email or user."
	).format(safe.bold(e)),
	"self_credit": lambda e: _("Nobody can send evidence that credits themselves (employee {0}).").format(
		safe.bold(e)
	),
	"missing_course": lambda: _("Course code is missing."),
	"unknown_course": lambda c: _("Unknown course code {0}.").format(safe.bold(c)),
	"course_disabled": lambda c: _("Credit Course {0} is disabled.").format(safe.bold(c)),
	"course_not_in_company": lambda c, company: _("Credit Course {0} is not offered to company {1}.").format(
		safe.bold(c), safe.bold(company)
	),
	"unknown_kind": lambda k: _(
		"Unknown kind {0}: use completion, exam, attendance, practice_assessment or hours."
	).format(safe.bold(k or '""')),
	"missing_value": lambda k: _("A value is needed for kind {0}.").format(_kind(k)),
	"not_a_number": lambda v: _("Value {0} is not a plain decimal number.").format(safe.bold(v)),
	"value_out_of_range": lambda k, v, low, high: _("{0} value {1} is outside the range {2} to {3}.").format(
		_kind(k), safe.bold(v), _number(low), _number(high)
	),
	"missing_date": lambda: _("Date is missing."),
	"bad_date": lambda d: _("Date {0} is not a date of the form YYYY-MM-DD.").format(safe.bold(d)),
	"future_date": lambda d: _("Date {0} is in the future.").format(safe.bold(d)),
	"not_employed_on_date": lambda e, d: _("Employee {0} was not employed on {1}.").format(
		safe.bold(e), safe.bold(d)
	),
	"bad_cycle": lambda c, allowed: _("Cycle {0} is not allowed here; use {1} or leave it empty.").format(
		safe.bold(c), safe.bold(allowed)
	),
	"duplicate_in_batch": lambda x: _("External ID {0} appears more than once in this batch.").format(
		safe.bold(x)
	),
	"already_received": lambda x: _("Already received as {0}.").format(safe.bold(x)),
}


def error_message(code: str | None, params=()) -> str | None:
	"""The translated, escaped message of an error code (None for no error)."""
	if not code:
		return None
	if isinstance(params, str):
		params = parse_params(params)
	render = MESSAGES.get(code)
	if render is None:
		return safe.text(code)
	try:
		return render(*params)
	except TypeError:  # parameters of an older version of the code
		return _(ERROR_LABELS.get(code, code))


def params_text(params) -> str | None:
	"""The parameters of an error as stored: a JSON array of plain values, bounded."""
	if not params:
		return None
	return json.dumps([engine.storable(p, 140) if isinstance(p, str) else p for p in params])


def parse_params(text: str | None) -> tuple:
	try:
		value = json.loads(text or "[]")
	except ValueError:
		return ()
	return tuple(value) if isinstance(value, list) else ()
