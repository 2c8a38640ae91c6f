"""HRMS Training Result -> credits: only attendees marked Present; cancel reverses."""

import frappe
from frappe.utils import add_days, random_string, today

from .factories import COMPANY, new_course, new_employee


def entries(employees):
	return frappe.get_all(
		"Credit Entry",
		filters={"employee": ("in", employees), "docstatus": 1},
		fields=["employee", "credits", "source"],
		order_by="employee",
	)


def make_event(course, attendance: dict[str, str]):
	program = frappe.get_doc(
		{
			"doctype": "Training Program",
			"training_program": "Program " + random_string(6),
			"company": COMPANY,
			"description": "Safety drill",
		}
	).insert()
	course.training_program = program.name
	course.save()
	event = frappe.get_doc(
		{
			"doctype": "Training Event",
			"event_name": "Event " + random_string(6),
			"training_program": program.name,
			"company": COMPANY,
			"location": "Plant 2",
			"start_time": add_days(today(), -3),
			"end_time": add_days(today(), -2),
			"introduction": "Safety drill",
			"employees": [
				{"employee": employee, "attendance": status} for employee, status in attendance.items()
			],
		}
	)
	event.insert()
	event.submit()
	return event


def make_result(event, grades: dict[str, str], hours=2):
	result = frappe.get_doc(
		{
			"doctype": "Training Result",
			"training_event": event.name,
			"employees": [{"employee": e, "grade": g, "hours": hours} for e, g in grades.items()],
		}
	)
	result.insert()
	result.submit()
	return result


def test_only_present_attendees_are_credited_and_cancel_reverses():
	present, absent = new_employee(), new_employee()
	course = new_course(delivery_mode="Offline", base_credits=2, weight=1.5)
	event = make_event(course, {present: "Present", absent: "Absent"})
	result = make_result(event, {present: "A", absent: "A"})
	assert [(e.employee, e.credits, e.source) for e in entries([present, absent])] == [
		(present, 3, "Training Result")
	]
	assert frappe.db.count("Credit Evidence", {"employee": absent}) == 0
	evidence = frappe.get_all(
		"Credit Evidence", filters={"reference_name": result.name}, fields=["kind", "value"], order_by="kind"
	)
	assert [(e.kind, e.value) for e in evidence] == [("Attendance", 1), ("Exam", 95), ("Hours", 2)]

	result.reload()
	result.cancel()
	assert entries([present, absent]) == []
	assert set(frappe.get_all("Credit Evidence", {"reference_name": result.name}, pluck="status")) == {
		"Withdrawn"
	}
	assert frappe.db.get_value("Credit Enrolment", {"employee": present}, "status") == "Withdrawn"


def test_updating_a_result_after_submit_twice_posts_one_entry():
	employee = new_employee()
	course = new_course(delivery_mode="Offline", base_credits=2)
	event = make_event(course, {employee: "Present"})
	result = make_result(event, {employee: "B"}, hours=2)
	for grade, hours in (("A", 3), ("A", 3), ("C", 4)):
		result.reload()
		result.employees[0].grade = grade
		result.employees[0].hours = hours
		result.save()
	assert [e.credits for e in entries([employee])] == [2]
	enrolment = frappe.get_doc("Credit Enrolment", {"employee": employee})
	# the current row says grade C (75) and 4 hours: the replaced values were withdrawn
	assert (enrolment.best_exam_score, enrolment.hours, enrolment.attended) == (75, 4, 1)


def test_grades_map_through_settings_and_numbers_are_scores():
	from hr_credit_app.overrides.training import grade_to_score

	mapping = {"a": 95.0, "pass": 80.0}
	assert grade_to_score("A", mapping) == 95
	assert grade_to_score(" pass ", mapping) == 80
	assert grade_to_score("87", mapping) == 87
	assert grade_to_score("87%", mapping) == 87
	assert grade_to_score("excellent", mapping) is None
	assert grade_to_score("120", mapping) is None


def test_a_program_without_a_credit_course_posts_nothing():
	employee = new_employee()
	course = new_course(delivery_mode="Offline")
	event = make_event(course, {employee: "Present"})
	course.reload()
	course.training_program = None
	course.save()
	make_result(event, {employee: "A"})
	assert entries([employee]) == []


def test_lms_paths_do_nothing_without_the_lms_app():
	from hr_credit_app.overrides import lms

	assert "lms" not in frappe.get_installed_apps()
	assert lms.lms_installed() is False
	assert lms.sync() == {"rows": 0}
	assert lms.sync_member("someone@example.com") is None
