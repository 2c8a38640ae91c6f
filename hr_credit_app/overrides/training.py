"""HRMS Training Result -> evidence (doc_events; HRMS's own controller runs first).

A Training Result row becomes evidence only when its employee was marked Present on the
Training Event (attendance is fixed once the event is submitted). HRMS's ``on_submit`` resets the
event's attendee statuses, so those statuses are not read; only ``attendance`` is. The event's
Training Program names the Credit Course (Credit Course.training_program).

Each attended row gives: attendance (1), hours (when given), and an exam score when the grade text
maps to one (HR Credit Settings > Training Result Grades, or a number from 0 to 100). External ids
carry the value, so an update after submit that changes a grade adds the new score and withdraws
the old one, while an unchanged row is a duplicate: the enrolment is credited at most once.
"""

import frappe
from frappe import _
from frappe.utils import flt, getdate, today

from hr_credit_app import intake
from hr_credit_app.engine.evidence import dedup_key

SOURCE_SYSTEM = "HRMS Training"
REFERENCE_DOCTYPE = "Training Result"


def grade_to_score(grade: str | None, mapping: dict[str, float]) -> float | None:
	"""Score of a grade text: the mapping (case-insensitive), else the grade itself if it is 0..100."""
	text = (grade or "").strip()
	if not text:
		return None
	if text.lower() in mapping:
		return mapping[text.lower()]
	try:
		score = float(text.rstrip("%"))
	except ValueError:
		return None
	return score if 0 <= score <= 100 else None


def training_result_rows(doc) -> list[dict]:
	event = frappe.db.get_value(
		"Training Event", doc.training_event, ["training_program", "start_time", "end_time"], as_dict=True
	)
	if not event or not event.training_program:
		return []
	course = frappe.db.get_value(
		"Credit Course", {"training_program": event.training_program, "disabled": 0}, "name"
	)
	if not course:
		return []
	present = set(
		frappe.get_all(
			"Training Event Employee",
			filters={"parent": doc.training_event, "parenttype": "Training Event", "attendance": "Present"},
			pluck="employee",
		)
	)
	mapping = {
		(row.grade or "").strip().lower(): flt(row.score)
		for row in frappe.get_cached_doc("HR Credit Settings").grade_mappings
	}
	date = min(getdate(event.end_time or event.start_time or today()), getdate(today()))
	rows = []
	for result in doc.employees:
		if result.employee not in present:
			continue
		base = {"employee": result.employee, "course": course, "date": date}
		prefix = f"{doc.name}:{result.employee}"
		rows.append({**base, "external_id": prefix + ":attendance", "kind": "attendance", "value": 1})
		if flt(result.hours) > 0:
			rows.append(
				{
					**base,
					"external_id": f"{prefix}:hours:{flt(result.hours)}",
					"kind": "hours",
					"value": flt(result.hours),
				}
			)
		score = grade_to_score(result.grade, mapping)
		if score is not None:
			rows.append({**base, "external_id": f"{prefix}:exam:{score}", "kind": "exam", "value": score})
		elif (result.grade or "").strip():
			frappe.msgprint(
				_(
					"Grade {0} of {1} has no exam score; set it in HR Credit Settings > Training Result Grades."
				).format(frappe.bold(result.grade), frappe.bold(result.employee)),
				alert=True,
			)
	return rows


def on_training_result_change(doc, method=None):
	"""Submit and update after submit: take in the evidence, withdraw what no longer holds."""
	rows = training_result_rows(doc)
	wanted = {dedup_key(SOURCE_SYSTEM, row["external_id"]) for row in rows}
	if rows:
		intake.intake(
			rows,
			source_system=SOURCE_SYSTEM,
			reference=(REFERENCE_DOCTYPE, doc.name),
			process="inline",
			credit_source="Training Result",
		)
	stale = [
		row.name
		for row in frappe.get_all(
			"Credit Evidence",
			filters={
				"reference_doctype": REFERENCE_DOCTYPE,
				"reference_name": doc.name,
				"status": ("not in", (intake.WITHDRAWN, intake.ERROR)),
			},
			fields=["name", "dedup_key"],
		)
		if row.dedup_key not in wanted
	]
	if stale:
		intake.withdraw_evidence(stale)


def on_training_result_cancel(doc, method=None):
	names = frappe.get_all(
		"Credit Evidence",
		filters={"reference_doctype": REFERENCE_DOCTYPE, "reference_name": doc.name},
		pluck="name",
	)
	if names:
		intake.withdraw_evidence(names)
