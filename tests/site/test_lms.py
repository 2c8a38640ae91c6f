"""Frappe LMS -> evidence -> credits (hr_credit_app.overrides.lms), on a site with the lms app.

Skipped where lms is not installed (the main dev site). To run it, make a second site with lms:
``cd $HR_CREDIT_BENCH/sites && HR_CREDIT_SITE=lms.localhost ../env/bin/python -m pytest <repo>/tests/site/test_lms.py``.

The LMS records are made the way LMS's own test helpers make them (lms/lms/test_helpers.py):
a published course, a chapter, lessons (the first embeds a quiz in its EditorJS content, so LMS
itself links the quiz to the lesson and course), and an enrolment of the employee's user.
"""

import json

import pytest

import frappe
from frappe.utils import add_days, add_to_date, getdate, now_datetime, random_string, today

from hr_credit_app.overrides import lms as lms_sync

from .factories import employee_user, new_course, new_employee

pytestmark = pytest.mark.skipif(
	"lms" not in frappe.get_installed_apps(), reason="the lms app is not installed on this site"
)

ONLINE_RULE = "Online course: completed and exam 80 or more"


# ---- LMS records --------------------------------------------------------------------------------


def lms_question(question_type="Choices"):
	question = {
		"doctype": "LMS Question",
		"question": "Which one? " + random_string(6),
		"type": question_type,
	}
	if question_type == "Choices":
		question.update({"option_1": "Right", "is_correct_1": 1, "option_2": "Wrong", "is_correct_2": 0})
	return frappe.get_doc(question).insert()


def lms_quiz(marks=20, question_type="Choices"):
	question = lms_question(question_type)
	return frappe.get_doc(
		{
			"doctype": "LMS Quiz",
			"title": "Quiz " + random_string(8),
			"passing_percentage": 70,
			"questions": [{"question": question.name, "marks": marks, "type": question_type}],
		}
	).insert()


def quiz_block(quiz):
	return json.dumps({"blocks": [{"id": random_string(10), "type": "quiz", "data": {"quiz": quiz}}]})


def text_block():
	return json.dumps({"blocks": [{"id": random_string(10), "type": "markdown", "data": {"text": "Read."}}]})


def lms_course(lessons=1, quiz_marks=20, question_type="Choices"):
	"""A published LMS course: one chapter, ``lessons`` lessons, a quiz embedded in the first."""
	course = frappe.get_doc(
		{
			"doctype": "LMS Course",
			"title": "LMS course " + random_string(8),
			"short_introduction": "A course for the credit tests",
			"description": "A course for the credit tests.",
			"published": 1,
			"instructors": [{"instructor": "Administrator"}],
		}
	).insert()
	chapter = frappe.get_doc(
		{"doctype": "Course Chapter", "course": course.name, "title": "Chapter " + random_string(6)}
	).insert()
	course.reload()  # the chapter wrote the course's lesson count
	course.append("chapters", {"chapter": chapter.name})
	course.save()

	quiz = lms_quiz(marks=quiz_marks, question_type=question_type)
	lesson_names = []
	for index in range(lessons):
		lesson = frappe.get_doc(
			{
				"doctype": "Course Lesson",
				"chapter": chapter.name,
				"title": f"Lesson {index + 1} " + random_string(6),
				"content": quiz_block(quiz.name) if index == 0 else text_block(),
			}
		).insert()
		lesson_names.append(lesson.name)
	chapter.reload()
	for name in lesson_names:
		chapter.append("lessons", {"lesson": name})
	chapter.save()
	quiz.reload()
	return frappe._dict(
		course=course.name, chapter=chapter.name, lessons=lesson_names, quiz=quiz.name, quiz_doc=quiz
	)


def enrol(member, course):
	return frappe.get_doc({"doctype": "LMS Enrollment", "member": member, "course": course}).insert()


def quiz_submission(lms, member, marks):
	"""A graded submission of ``marks`` out of the quiz's total (LMS computes score and percentage)."""
	row = lms.quiz_doc.questions[0]
	return frappe.get_doc(
		{
			"doctype": "LMS Quiz Submission",
			"quiz": lms.quiz,
			"member": member,
			"score": 0,
			"score_out_of": lms.quiz_doc.total_marks,
			"percentage": 0,
			"passing_percentage": lms.quiz_doc.passing_percentage,
			"result": [
				{
					"question_name": row.question,
					"answer": "Right",
					"is_correct": int(marks == row.marks),
					"marks": marks,
					"marks_out_of": row.marks,
				}
			],
		}
	).insert(ignore_permissions=True)


# ---- the app's side ------------------------------------------------------------------------------


def mapped(lms, base_credits=2):
	return new_course(base_credits=base_credits, delivery_mode="Online", lms_course=lms.course)


def learner():
	employee = new_employee()
	return employee, employee_user(employee)


def evidence(employee):
	return frappe.get_all(
		"Credit Evidence",
		filters={"employee": employee},
		fields=["source_system", "external_id", "kind", "value", "status", "course", "evidence_date"],
		order_by="kind",
	)


def entries(employee):
	return frappe.get_all(
		"Credit Entry",
		filters={"employee": employee, "docstatus": 1},
		fields=["credits", "course", "credit_rule", "source", "reference_doctype"],
	)


def evidence_from_lms():
	return frappe.db.count("Credit Evidence", {"source_system": "LMS"})


# ---- tests ------------------------------------------------------------------------------------------


def test_lms_doctypes_have_the_fields_the_integration_reads():
	expected = {
		"LMS Enrollment": {"member", "course", "progress"},
		"LMS Quiz Submission": {"quiz", "course", "member", "score", "score_out_of", "percentage"},
		"LMS Course Progress": {"member", "lesson", "course", "status"},
	}
	for doctype, fields in expected.items():
		assert fields <= {df.fieldname for df in frappe.get_meta(doctype).fields}, doctype
	assert lms_sync.lms_installed()


def test_quiz_then_completion_credits_the_online_course_once():
	lms = lms_course()
	assert frappe.db.get_value("LMS Quiz", lms.quiz, "course") == lms.course  # LMS linked it itself
	course = mapped(lms, base_credits=2)
	employee, user = learner()
	enrollment = enrol(user, lms.course)

	submission = quiz_submission(lms, user, marks=17)  # 17 of 20
	assert (submission.course, submission.percentage) == (lms.course, 85)
	(exam,) = evidence(employee)
	assert (exam.source_system, exam.kind, exam.value, exam.course) == ("LMS", "Exam", 85, course.name)
	assert exam.external_id == f"quiz-submission:{submission.name}:85"
	assert exam.status == "Not Yet Eligible"
	assert entries(employee) == []

	enrollment.reload()
	enrollment.progress = 100
	enrollment.save()  # a progress update through the document: on_update
	assert [(row.kind, row.value, row.status) for row in evidence(employee)] == [
		("Completion", 100, "Credited"),
		("Exam", 85, "Credited"),
	]
	(entry,) = entries(employee)
	assert (entry.credits, entry.course, entry.credit_rule, entry.source) == (
		2,
		course.name,
		ONLINE_RULE,
		"LMS",
	)

	enrollment.reload()
	enrollment.save()  # saved again at 100%: the same facts, nothing new
	assert len(evidence(employee)) == 2
	assert len(entries(employee)) == 1


def test_an_exam_below_the_rule_does_not_credit_until_a_better_attempt():
	lms = lms_course()
	mapped(lms)
	employee, user = learner()
	enrollment = enrol(user, lms.course)
	quiz_submission(lms, user, marks=15)  # 75 %
	enrollment.reload()
	enrollment.progress = 100
	enrollment.save()
	assert entries(employee) == []
	quiz_submission(lms, user, marks=18)  # 90 %: the best exam counts
	(entry,) = entries(employee)
	assert entry.credits == 2


def test_lms_own_learner_flow_credits_the_course():
	"""As the learner, through LMS's whitelisted API: submit_quiz (which saves the lesson's
	progress when the quiz is passed) -> LMS Course Progress -> LMS recalculates the enrolment."""
	from lms.lms.doctype.lms_quiz.lms_quiz import submit_quiz

	lms = lms_course(lessons=1, quiz_marks=1)
	course = mapped(lms)
	employee, user = learner()
	enrollment = enrol(user, lms.course)
	question = lms.quiz_doc.questions[0].question

	frappe.set_user(user)
	result = submit_quiz(lms.quiz, json.dumps([{"question_name": question, "answer": ["Right"]}]))
	frappe.set_user("Administrator")

	assert (result["percentage"], result["pass"]) == (100, True)
	assert frappe.db.exists("LMS Course Progress", {"member": user, "lesson": lms.lessons[0]})
	assert frappe.db.get_value("LMS Enrollment", enrollment.name, "progress") == 100
	assert sorted((row.kind, row.value) for row in evidence(employee)) == [
		("Completion", 100),
		("Exam", 100),
	]
	(entry,) = entries(employee)
	assert (entry.credits, entry.course, entry.credit_rule) == (2, course.name, ONLINE_RULE)


def test_sync_credits_progress_written_with_set_value_once():
	lms = lms_course()
	course = mapped(lms)
	employee, user = learner()
	enrollment = enrol(user, lms.course)
	quiz_submission(lms, user, marks=17)  # the exam arrives in real time
	since = add_to_date(now_datetime(), minutes=-1)

	frappe.db.set_value("LMS Enrollment", enrollment.name, "progress", 100)  # no document event
	assert entries(employee) == []

	result = lms_sync.sync(since=since)
	assert result["rows"] >= 2  # the completion, and the quiz submission again (a duplicate)
	(entry,) = entries(employee)
	assert (entry.credits, entry.course, entry.credit_rule, entry.source) == (
		2,
		course.name,
		ONLINE_RULE,
		"LMS",
	)
	before = evidence(employee)
	assert sorted(row.kind for row in before) == ["Completion", "Exam"]

	lms_sync.sync(since=since)
	assert evidence(employee) == before
	assert len(entries(employee)) == 1


def test_sync_member_credits_the_members_completed_enrolments():
	lms = lms_course()
	mapped(lms)
	employee, user = learner()
	enrollment = enrol(user, lms.course)
	quiz_submission(lms, user, marks=20)
	frappe.db.set_value("LMS Enrollment", enrollment.name, "progress", 100)
	lms_sync.sync_member(user)
	lms_sync.sync_member(user)
	assert len(entries(employee)) == 1


def test_a_course_without_a_credit_course_gives_no_evidence():
	lms = lms_course()
	unmapped = lms_course()
	mapped(lms)  # another course is mapped: the unmapped one must still be ignored
	employee, user = learner()
	enrollment = enrol(user, unmapped.course)
	before = evidence_from_lms()

	quiz_submission(unmapped, user, marks=20)
	enrollment.reload()
	enrollment.progress = 100
	enrollment.save()
	lms_sync.sync(since=add_to_date(now_datetime(), minutes=-5))
	lms_sync.sync_member(user)

	assert evidence(employee) == []
	assert entries(employee) == []
	assert evidence_from_lms() == before


def test_a_disabled_credit_course_gives_no_evidence():
	lms = lms_course()
	course = mapped(lms)
	course.disabled = 1
	course.save()
	employee, user = learner()
	enrol(user, lms.course)
	quiz_submission(lms, user, marks=20)
	assert evidence(employee) == []


# ---- the way LMS 2.61 really writes, grades and dates ------------------------------------------------


def test_sync_sees_progress_written_the_way_lms_writes_it():
	lms = lms_course()
	mapped(lms)
	employee, user = learner()
	enrollment = enrol(user, lms.course)
	quiz_submission(lms, user, marks=17)
	frappe.db.set_value(  # what lms.lms.doctype.lms_enrollment._write_enrollment does
		"LMS Enrollment",
		enrollment.name,
		"modified",
		add_to_date(now_datetime(), hours=-3),
		update_modified=False,
	)
	since = add_to_date(now_datetime(), hours=-1)
	frappe.db.set_value("LMS Enrollment", enrollment.name, "progress", 100, update_modified=False)
	lms_sync.sync(since=since)
	assert len(entries(employee)) == 1


def test_completion_is_dated_the_day_the_course_was_completed():
	from lms.lms.doctype.course_lesson.course_lesson import save_progress

	lms = lms_course(lessons=1, quiz_marks=1)
	mapped(lms)
	employee, user = learner()
	enrollment = enrol(user, lms.course)
	quiz_submission(lms, user, marks=1)
	enrolled_on = add_days(today(), -40)  # enrolled 40 days ago, completed today
	frappe.db.set_value(
		"LMS Enrollment", enrollment.name, "modified", enrolled_on + " 09:00:00", update_modified=False
	)
	frappe.set_user(user)
	save_progress(lms.lessons[0], lms.course)
	frappe.set_user("Administrator")
	completion = next(row for row in evidence(employee) if row.kind == "Completion")
	assert completion.evidence_date == getdate(today())


def test_a_graded_open_ended_quiz_counts_with_its_grade():
	lms = lms_course(quiz_marks=10, question_type="Open Ended")
	mapped(lms)
	employee, user = learner()
	enrollment = enrol(user, lms.course)
	submission = quiz_submission(lms, user, marks=0)  # submitted, not graded yet
	assert submission.percentage == 0
	enrollment.reload()
	enrollment.progress = 100
	enrollment.save()
	assert entries(employee) == []  # 0 % is below the rule's 80
	submission.result[0].marks = 9  # the evaluator grades it
	submission.save()
	assert submission.percentage == 90
	# each grade is a fact; the rule takes the best exam of the course
	assert sorted(row.value for row in evidence(employee) if row.kind == "Exam") == [0, 90]
	(entry,) = entries(employee)
	assert entry.credits == 2


def outside_learner():
	return frappe.get_doc(
		{
			"doctype": "User",
			"email": f"learner-{random_string(8).lower()}@example.com",
			"first_name": "Learner",
			"send_welcome_email": 0,
		}
	).insert()


def test_a_learner_who_is_not_an_employee_is_left_alone():
	"""LMS also serves people outside the company: their learning is none of HR's business."""
	lms = lms_course()
	mapped(lms)
	user = outside_learner()
	enrollment = enrol(user.name, lms.course)
	quiz_submission(lms, user.name, marks=20)
	enrollment.reload()
	enrollment.progress = 100
	enrollment.save()
	enrollment.reload()
	enrollment.current_lesson = lms.lessons[0]
	enrollment.save()
	lms_sync.sync(since=add_to_date(now_datetime(), minutes=-5))
	assert frappe.db.count("Credit Evidence", {"source_system": "LMS", "employee_ref": user.name}) == 0


def test_an_employee_linked_to_the_user_later_is_credited_by_the_next_sync():
	lms = lms_course()
	course = mapped(lms)
	user = outside_learner()
	enrollment = enrol(user.name, lms.course)
	quiz_submission(lms, user.name, marks=18)  # 90 %, before HR linked the user
	enrollment.reload()
	enrollment.progress = 100
	enrollment.save()
	assert frappe.db.count("Credit Evidence", {"source_system": "LMS", "employee_ref": user.name}) == 0

	employee = new_employee()
	frappe.db.set_value("Employee", employee, "user_id", user.name)  # HR links the user
	lms_sync.sync(since=add_to_date(now_datetime(), minutes=-1))  # the quiz is older than the window
	(entry,) = entries(employee)
	assert (entry.credits, entry.course, entry.source) == (2, course.name, "LMS")
	assert sorted((row.kind, row.value) for row in evidence(employee)) == [("Completion", 100), ("Exam", 90)]


def test_a_withdrawn_completion_is_not_taken_in_again_by_the_sync():
	from hr_credit_app import intake

	lms = lms_course()
	mapped(lms)
	employee, user = learner()
	enrollment = enrol(user, lms.course)
	quiz_submission(lms, user, marks=20)
	enrollment.reload()
	enrollment.progress = 100
	enrollment.save()
	assert len(entries(employee)) == 1
	completion = frappe.db.get_value("Credit Evidence", {"employee": employee, "kind": "Completion"}, "name")
	intake.withdraw_evidence([completion])  # HR withdrew it
	assert entries(employee) == []
	lms_sync.sync()
	lms_sync.sync_member(user)
	assert entries(employee) == []
	assert frappe.db.count("Credit Evidence", {"employee": employee, "kind": "Completion"}) == 1


def test_a_failing_intake_does_not_break_the_learners_request(monkeypatch):
	from hr_credit_app import intake

	lms = lms_course()
	mapped(lms)
	employee, user = learner()
	enrol(user, lms.course)

	def broken(*args, **kwargs):
		raise RuntimeError("the intake is down")

	monkeypatch.setattr(intake, "intake", broken)
	errors = frappe.db.count("Error Log")
	submission = quiz_submission(lms, user, marks=20)  # LMS's own save still succeeds
	assert frappe.db.exists("LMS Quiz Submission", submission.name)
	assert frappe.db.count("Error Log") == errors + 1
	monkeypatch.undo()
	lms_sync.sync(since=add_to_date(now_datetime(), minutes=-5))  # the hourly job catches up
	assert [row.kind for row in evidence(employee)] == ["Exam"]
