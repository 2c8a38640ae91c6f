"""Step 2 of intake: keep every row, good or bad, as Credit Evidence; a fact is stored once.

Rows are written with multi-row INSERTs (``hr_credit_app.bulk.insert``); the unique
deduplication key (a digest of source system + external id) makes the database refuse a fact that
was already received, also when two workers send it at the same moment, and the insert is verified,
so a row is reported stored only when it is in the table. Bad rows keep what was received (bounded,
storable) with their error code, for correction and retry.
"""

import hashlib
import math

import frappe

from hr_credit_app import bulk
from hr_credit_app.engine import evidence as engine
from hr_credit_app.intake.messages import ERROR_LABELS, KIND_LABELS, error_message, params_text

ACCEPTED, CREDITED, NOT_YET_ELIGIBLE, ERROR, WITHDRAWN = (
	"Accepted",
	"Credited",
	"Not Yet Eligible",
	"Error",
	"Withdrawn",
)
MAX_STORED_VALUE = 1e12  # the Float column holds 21 digits, 9 of them decimals

EVIDENCE_FIELDS = (
	"status",
	"error_code",
	"error_params",
	"error_message",
	"source_system",
	"external_id",
	"employee_ref",
	"course_ref",
	"kind",
	"value",
	"evidence_date",
	"cycle",
	"received",
	"employee",
	"employee_name",
	"company",
	"course",
	"enrolment",
	"reference_doctype",
	"reference_name",
	"batch_id",
	"dedup_key",
)


def enrolment_name(key: str) -> str:
	"""Enrolments are named from their key, so evidence can point at one before it exists."""
	return "ENR-" + hashlib.sha1(key.encode()).hexdigest()[:16]


def evidence_values(item: engine.Checked, *, reference=None, batch_id=None, employees=None) -> dict:
	"""The Credit Evidence fields of a checked row (what a bad row received, made storable)."""
	row = item.row
	good = item.error is None
	raw_kind = row.get("kind")
	return {
		"status": ACCEPTED if good else ERROR,
		"error_code": None if good else ERROR_LABELS.get(item.error, item.error),
		"error_params": None if good else params_text(item.error_params),
		"error_message": None if good else error_message(item.error, item.error_params),
		"source_system": engine.storable(item.source_system or row.get("source_system")),
		"external_id": engine.storable(item.external_id if good else row.get("external_id")),
		"employee_ref": engine.storable(row.get("employee")),
		"course_ref": engine.storable(row.get("course")),
		# an unknown kind is not stored (the select would refuse it); the error message quotes it
		"kind": KIND_LABELS.get(
			item.kind or engine.normalize_kind(raw_kind if isinstance(raw_kind, str) else None)
		),
		# the column is NOT NULL: 0 where nothing storable came (the row keeps it in "received")
		"value": item.value if good else (number_or_none(row.get("value")) or 0.0),
		"evidence_date": item.evidence_date or date_or_none(row.get("date") or row.get("evidence_date")),
		"cycle": item.cycle if good else engine.storable(row.get("cycle")),
		"received": engine.received_text(row) if row else None,
		"employee": item.employee,
		"employee_name": ((employees or {}).get(item.employee) or {}).get("employee_name"),
		"company": ((employees or {}).get(item.employee) or {}).get("company"),
		"course": item.course,
		"enrolment": enrolment_name(item.enrolment_key) if good else None,
		"reference_doctype": reference[0] if reference else None,
		"reference_name": reference[1] if reference else None,
		"batch_id": batch_id,
		"dedup_key": item.dedup_key if good else None,
	}


def date_or_none(value):
	try:
		return engine.parse_date(value) if value else None
	except (TypeError, ValueError):
		return None


def number_or_none(value):
	"""A received value the Float column can keep (finite, bounded), else None: the row keeps the
	value as received in ``received`` either way."""
	try:
		number = engine.parse_number(value)
	except (TypeError, ValueError):
		return None
	return number if math.isfinite(number) and abs(number) < MAX_STORED_VALUE else None


def store(checked: list[engine.Checked], *, reference=None, batch_id=None) -> dict:
	"""Write every row as Credit Evidence; returns the names of the new good rows and the duplicates.

	Good rows are written in key order, so that two workers writing overlapping batches take their
	locks in the same order.
	"""
	employees = {}
	for chunk in bulk.chunks(list({i.employee for i in checked if i.employee})):
		for row in frappe.get_all(
			"Employee", filters={"name": ("in", list(chunk))}, fields=["name", "employee_name", "company"]
		):
			employees[row.name] = row
	good = sorted((i for i in checked if i.error is None), key=lambda i: i.dedup_key)
	bad = [i for i in checked if i.error is not None]

	def values(items):
		return [
			evidence_values(item, reference=reference, batch_id=batch_id, employees=employees)
			for item in items
		]

	names = {}
	written = bulk.insert("Credit Evidence", values(good), fields=EVIDENCE_FIELDS, identity="dedup_key")
	new, new_items, duplicates = [], [], []
	for item, name in zip(good, written["names"], strict=True):
		if name:
			names[item.index] = name
			new.append(name)
			new_items.append(item)
		else:
			duplicates.append(item.index)
	errors = bulk.insert("Credit Evidence", values(bad), fields=EVIDENCE_FIELDS)
	for item, name in zip(bad, errors["names"], strict=True):
		names[item.index] = name
	return {
		"names": names,
		"new": new,
		"new_items": new_items,  # the checked rows behind ``new``, in the same order
		"duplicates": duplicates,
		"errors": [item.index for item in bad],
	}
