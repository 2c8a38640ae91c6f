"""Frappe LMS -> evidence, only where the lms app is installed on the site.

A Credit Course names its LMS course (Credit Course.lms_course). Two facts come from LMS:

- course progress reaching 100% (LMS Enrollment.progress) -> a completion row;
- a quiz submission of a mapped course (LMS Quiz Submission.percentage) -> an exam row.

LMS writes progress with ``frappe.db.set_value`` (no document event), so the real-time path listens
to the lesson progress LMS inserts (``LMS Course Progress``) and syncs that member's enrolments
after the request commits; an hourly job catches anything else. The deduplication key of each fact
(enrolment or submission name) makes every path idempotent. Where lms is not installed, the events
never fire and the job returns at once: nothing is read from LMS and nothing breaks.
"""

import frappe
from frappe.utils import add_to_date, flt, get_datetime, getdate, now_datetime

from hr_credit_app import intake

SOURCE_SYSTEM = "LMS"


def lms_installed() -> bool:
	return "lms" in frappe.get_installed_apps() and bool(frappe.db.table_exists("LMS Enrollment"))


def credit_course_map(lms_courses) -> dict[str, str]:
	lms_courses = [course for course in set(lms_courses) if course]
	if not lms_courses:
		return {}
	return dict(
		frappe.get_all(
			"Credit Course",
			filters={"lms_course": ("in", lms_courses), "disabled": 0},
			fields=["lms_course", "name"],
			as_list=True,
		)
	)


def enrollment_rows(enrollments: list[dict]) -> list[dict]:
	mapping = credit_course_map(row["course"] for row in enrollments)
	return [
		{
			"external_id": "enrollment:{}:complete".format(row["name"]),
			"employee": row["member"],
			"course": mapping[row["course"]],
			"kind": "completion",
			"value": min(flt(row["progress"]), 100),
			"date": getdate(row["modified"]),
		}
		for row in enrollments
		if row["course"] in mapping and flt(row["progress"]) >= 100
	]


def quiz_rows(submissions: list[dict]) -> list[dict]:
	mapping = credit_course_map(row["course"] for row in submissions)
	return [
		{
			"external_id": "quiz-submission:{}".format(row["name"]),
			"employee": row["member"],
			"course": mapping[row["course"]],
			"kind": "exam",
			"value": flt(row["percentage"]),
			"date": getdate(row["creation"]),
		}
		for row in submissions
		if row["course"] in mapping
	]


def take_in(rows: list[dict]) -> dict | None:
	if not rows:
		return None
	return intake.intake(rows, source_system=SOURCE_SYSTEM, process="inline", credit_source="LMS")


def on_quiz_submission(doc, method=None):
	if lms_installed():
		take_in(quiz_rows([doc.as_dict()]))


def on_enrollment_update(doc, method=None):
	if lms_installed() and flt(doc.progress) >= 100:
		take_in(enrollment_rows([doc.as_dict()]))


def on_course_progress(doc, method=None):
	"""A lesson was completed; LMS updates the enrolment's progress right after, in the same request."""
	if lms_installed() and doc.get("member"):
		frappe.enqueue(
			"hr_credit_app.overrides.lms.sync_member",
			queue="short",
			enqueue_after_commit=True,
			member=doc.member,
		)


def sync_member(member: str) -> dict | None:
	if not lms_installed():
		return None
	enrollments = frappe.get_all(
		"LMS Enrollment",
		filters={"member": member, "progress": (">=", 100)},
		fields=["name", "member", "course", "progress", "modified"],
	)
	return take_in(enrollment_rows(enrollments))


def sync(since=None) -> dict:
	"""Hourly: completions and quiz results since the last sync (a day back on the first run)."""
	if not lms_installed():
		return {"rows": 0}
	cache_key = "hr_credit_app:lms_last_sync"
	since = get_datetime(since or frappe.cache.get_value(cache_key) or add_to_date(now_datetime(), days=-1))
	started = now_datetime()
	enrollments = frappe.get_all(
		"LMS Enrollment",
		filters={"progress": (">=", 100), "modified": (">=", since)},
		fields=["name", "member", "course", "progress", "modified"],
	)
	submissions = frappe.get_all(
		"LMS Quiz Submission",
		filters={"creation": (">=", since)},
		fields=["name", "member", "course", "percentage", "creation"],
	)
	rows = enrollment_rows(enrollments) + quiz_rows(submissions)
	take_in(rows)
	frappe.cache.set_value(cache_key, str(started))
	return {"rows": len(rows)}
