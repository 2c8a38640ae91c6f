"""Frappe LMS -> evidence, only where the lms app is installed on the site.

A Credit Course names its LMS course (Credit Course.lms_course). Two facts come from LMS:

- course progress reaching 100% (LMS Enrollment.progress) -> a completion row, dated the day the
  learner completed the course's last lesson;
- a quiz submission of a mapped course (LMS Quiz Submission.percentage) -> an exam row. Every
  grade of a submission is its own fact (an open-ended quiz is submitted at 0% and graded later),
  and the credit rule takes the best exam of the course, so a later grade or attempt can only help.

Only learners who are employees (Employee.user_id or company_email) are taken in: LMS also serves
people outside the company, who are none of HR's business and must not fill the evidence log with
errors. Three paths feed the same idempotent intake (each fact has a deduplication key):

- document events: the enrolment's progress changing (LMS 2.61 dispatches ``on_update`` by hand
  after its raw write) and a quiz submission saved or graded;
- a lesson's ``LMS Course Progress`` being inserted: that member is synced after the commit, for
  LMS versions that write progress with ``set_value`` and fire no event;
- an hourly job: every completed enrolment of a mapped course without its completion evidence, and
  the quiz submissions changed since the last run, so nothing is lost whatever path LMS took.

A failure here never breaks the learner's LMS request: the handlers roll back to a savepoint and
write an Error Log. Where lms is not installed, the events never fire and the job returns at once.
"""

import frappe
from frappe.query_builder.functions import Concat, Max
from frappe.utils import add_to_date, flt, get_datetime, getdate, now_datetime, today

from hr_credit_app import intake

SOURCE_SYSTEM = "LMS"
LAST_SYNC_KEY = "hr_credit_app:lms_last_sync"


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


def employee_learners(members) -> set[str]:
	"""The LMS members (users) who are employees, by the Employee's user or company email."""
	members = list({member for member in members if member})
	if not members:
		return set()
	employee = frappe.qb.DocType("Employee")
	rows = (
		frappe.qb.from_(employee)
		.select(employee.user_id, employee.company_email)
		.where(employee.user_id.isin(members) | employee.company_email.isin(members))
		.run()
	)
	return {key for row in rows for key in row if key} & set(members)


def completion_dates(pairs) -> dict[tuple[str, str], object]:
	"""(member, LMS course) -> the day of the member's last completed lesson of that course."""
	pairs = set(pairs)
	if not pairs:
		return {}
	progress = frappe.qb.DocType("LMS Course Progress")
	rows = (
		frappe.qb.from_(progress)
		.select(progress.member, progress.course, Max(progress.creation))
		.where(progress.member.isin(list({member for member, _ in pairs})))
		.where(progress.course.isin(list({course for _, course in pairs})))
		.where(progress.status == "Complete")
		.groupby(progress.member, progress.course)
		.run()
	)
	return {(member, course): getdate(last) for member, course, last in rows if (member, course) in pairs}


def enrollment_rows(enrollments: list[dict], completed_on=None) -> list[dict]:
	"""Completion rows of the enrolments at 100% of mapped courses, for learners who are employees.

	``completed_on`` dates them all (the real-time path: today); otherwise each is dated by the
	learner's last completed lesson of the course."""
	enrollments = [row for row in enrollments if flt(row["progress"]) >= 100]
	mapping = credit_course_map(row["course"] for row in enrollments)
	enrollments = [row for row in enrollments if row["course"] in mapping]
	learners = employee_learners(row["member"] for row in enrollments)
	enrollments = [row for row in enrollments if row["member"] in learners]
	dates = {} if completed_on else completion_dates((row["member"], row["course"]) for row in enrollments)
	return [
		{
			"external_id": "enrollment:{}:complete".format(row["name"]),
			"employee": row["member"],
			"course": mapping[row["course"]],
			"kind": "completion",
			"value": 100,
			"date": getdate(
				completed_on or dates.get((row["member"], row["course"])) or row.get("modified") or today()
			),
		}
		for row in enrollments
	]


def quiz_rows(submissions: list[dict]) -> list[dict]:
	"""Exam rows of submissions of mapped courses by employees; one fact per grade of a submission."""
	mapping = credit_course_map(row["course"] for row in submissions)
	submissions = [row for row in submissions if row["course"] in mapping]
	learners = employee_learners(row["member"] for row in submissions)
	return [
		{
			"external_id": "quiz-submission:{}:{}".format(row["name"], _grade_key(row["percentage"])),
			"employee": row["member"],
			"course": mapping[row["course"]],
			"kind": "exam",
			"value": flt(row["percentage"]),
			"date": getdate(row["creation"]),
		}
		for row in submissions
		if row["member"] in learners
	]


def _grade_key(percentage) -> str:
	return f"{flt(percentage):.2f}".rstrip("0").rstrip(".")


def take_in(rows: list[dict]) -> dict | None:
	if not rows:
		return None
	# the learner's own progress, reported by LMS: the one source that may credit the requesting user
	return intake.intake(
		rows, source_system=SOURCE_SYSTEM, process="inline", credit_source="LMS", forbid_self=False
	)


def _guarded(title: str, take):
	"""Run ``take`` so that a failure rolls back only its own writes and is logged, never raised:
	the learner's LMS request (a lesson, a quiz) must not fail because of credits."""
	frappe.db.savepoint("hr_credit_lms")
	try:
		take()
	except Exception:
		frappe.db.rollback(save_point="hr_credit_lms")
		frappe.log_error(title=title, reference_doctype="Credit Evidence")
	else:
		frappe.db.release_savepoint("hr_credit_lms")


def on_quiz_submission(doc, method=None):
	"""A submission saved: inserted, or graded later (``on_update`` runs on both)."""
	if lms_installed():
		_guarded(
			frappe._("LMS quiz submission {0} could not be taken in").format(doc.name),
			lambda: take_in(quiz_rows([doc.as_dict()])),
		)


def on_enrollment_update(doc, method=None):
	if not (lms_installed() and flt(doc.progress) >= 100 and doc.has_value_changed("progress")):
		return
	_guarded(
		frappe._("LMS enrolment {0} could not be taken in").format(doc.name),
		lambda: take_in(enrollment_rows([doc.as_dict()], completed_on=today())),
	)


def on_course_progress(doc, method=None):
	"""A lesson was completed; older LMS versions then write the enrolment's progress without an
	event, so the member is synced once the request has committed."""
	if lms_installed() and doc.get("member"):
		frappe.enqueue(
			"hr_credit_app.overrides.lms.sync_member",
			queue="short",
			enqueue_after_commit=True,
			member=doc.member,
		)


def completed_enrollments(member: str | None = None) -> list[dict]:
	"""Enrolments of employees at 100% of mapped courses that have no completion evidence yet."""
	enrollment = frappe.qb.DocType("LMS Enrollment")
	course = frappe.qb.DocType("Credit Course")
	evidence = frappe.qb.DocType("Credit Evidence")
	query = (
		frappe.qb.from_(enrollment)
		.join(course)
		.on((course.lms_course == enrollment.course) & (course.disabled == 0))
		.left_join(evidence)
		.on(  # any evidence of the fact, also withdrawn or in error: HR's decision on it stands
			(evidence.source_system == SOURCE_SYSTEM)
			& (evidence.external_id == Concat("enrollment:", enrollment.name, ":complete"))
		)
		.select(
			enrollment.name, enrollment.member, enrollment.course, enrollment.progress, enrollment.modified
		)
		.where(enrollment.progress >= 100)
		.where(evidence.name.isnull())
	)
	if member:
		query = query.where(enrollment.member == member)
	rows = query.run(as_dict=True)
	learners = employee_learners(row.member for row in rows)
	return [row for row in rows if row.member in learners]


def submissions_of(enrollments: list[dict]) -> list[dict]:
	"""The quiz submissions of these enrolments' learners and courses: a learner whose Employee was
	linked only now brings the exams taken before."""
	if not enrollments:
		return []
	pairs = {(row["member"], row["course"]) for row in enrollments}
	submissions = frappe.get_all(
		"LMS Quiz Submission",
		filters={
			"member": ("in", list({member for member, _ in pairs})),
			"course": ("in", list({course for _, course in pairs})),
		},
		fields=["name", "member", "course", "percentage", "creation"],
	)
	return [row for row in submissions if (row.member, row.course) in pairs]


def sync_member(member: str) -> dict | None:
	if not lms_installed():
		return None
	enrollments = completed_enrollments(member)
	return take_in(quiz_rows(submissions_of(enrollments)) + enrollment_rows(enrollments))


def sync(since=None) -> dict:
	"""Hourly: every completed enrolment still without its evidence (with its learner's exams), and
	the quiz submissions changed since the last run (a day back on the first run)."""
	if not lms_installed():
		return {"rows": 0}
	since = get_datetime(
		since or frappe.cache.get_value(LAST_SYNC_KEY) or add_to_date(now_datetime(), days=-1)
	)
	started = now_datetime()
	enrollments = completed_enrollments()
	submissions = frappe.get_all(
		"LMS Quiz Submission",
		filters={"modified": (">=", since)},
		fields=["name", "member", "course", "percentage", "creation"],
	)
	known = {row.name for row in submissions}
	submissions += [row for row in submissions_of(enrollments) if row.name not in known]
	rows = quiz_rows(submissions) + enrollment_rows(enrollments)
	take_in(rows)
	frappe.cache.set_value(LAST_SYNC_KEY, str(started))
	return {"rows": len(rows)}
