"""Evidence intake and automatic crediting (in-process: every path but HTTP)."""

import pytest

import frappe
from frappe.utils import add_days, today

from hr_credit_app import intake
from hr_credit_app.exceptions import InvalidCreditRuleError
from hr_credit_app.hr_credit_app.doctype.credit_rule.credit_rule import reevaluate_enrolments

from .factories import new_course, new_employee

ONLINE_RULE = "Online course: completed and exam 80 or more"
PRACTICE_RULE = "Practice: mentor score 8 or more"


def entries(employee):
	return frappe.get_all(
		"Credit Entry",
		filters={"employee": employee, "docstatus": 1},
		fields=["credits", "course", "credit_rule", "source", "reference_doctype"],
	)


def row(external_id, employee, course, kind, value, date=None, **kwargs):
	return {
		"external_id": external_id,
		"employee": employee,
		"course": course,
		"kind": kind,
		"value": value,
		"date": date or today(),
		**kwargs,
	}


def test_seed_rules_ship_as_data():
	online = frappe.get_doc("Credit Rule", ONLINE_RULE)
	assert (
		online.scope,
		online.delivery_mode,
		online.min_completion,
		online.min_exam_score,
		online.award,
	) == (
		"Delivery Mode",
		"Online",
		100,
		80,
		"Course Credits",
	)
	practice = frappe.get_doc("Credit Rule", PRACTICE_RULE)
	assert (practice.delivery_mode, practice.min_mentor_score, practice.award, practice.fixed_credits) == (
		"Practice",
		8,
		"Fixed Credits",
		3,
	)


def test_online_course_is_credited_once_completion_and_exam_are_met():
	employee = new_employee()
	course = new_course(base_credits=2, weight=1.5, delivery_mode="Online")
	result = intake.intake([row("a1", employee, course.name, "completion", 100)], source_system="test")
	assert result["totals"] == {"rows": 1, "accepted": 1, "duplicate": 0, "error": 0, "credited": 0}
	assert entries(employee) == []
	enrolment = frappe.get_doc("Credit Enrolment", {"employee": employee, "course": course.name})
	assert (enrolment.status, enrolment.completion_pct) == ("In Progress", 100)
	assert (
		frappe.db.get_value("Credit Evidence", result["rows"][0]["evidence"], "status") == "Not Yet Eligible"
	)

	result = intake.intake(
		[row("a2", employee, course.name, "exam", 79), row("a3", employee, course.name, "exam", 86)],
		source_system="test",
	)
	assert result["totals"]["credited"] == 1
	(entry,) = entries(employee)
	assert (entry.credits, entry.credit_rule, entry.reference_doctype) == (3, ONLINE_RULE, "Credit Enrolment")
	enrolment.reload()
	assert (enrolment.status, enrolment.best_exam_score, enrolment.credits) == ("Credited", 86, 3)
	statuses = frappe.get_all("Credit Evidence", {"enrolment": enrolment.name}, pluck="status")
	assert set(statuses) == {"Credited"}

	# a better score later changes nothing: an enrolment is credited once
	intake.intake([row("a4", employee, course.name, "exam", 99)], source_system="test")
	assert len(entries(employee)) == 1


def test_practice_with_mentor_score_8_earns_3_credits():
	employee = new_employee()
	course = new_course(delivery_mode="Practice", category="Practice", base_credits=2)
	intake.intake([row("p1", employee, course.name, "practice_assessment", 7.5)], source_system="test")
	assert entries(employee) == []
	intake.intake([row("p2", employee, course.name, "practice assessment", 8)], source_system="test")
	assert [(e.credits, e.credit_rule) for e in entries(employee)] == [(3, PRACTICE_RULE)]


def test_employees_are_found_by_id_company_email_or_user():
	employee = new_employee()
	email = frappe.db.get_value("Employee", employee, "user_id")
	frappe.db.set_value("Employee", employee, "company_email", "work-" + email)
	course = new_course()
	result = intake.intake(
		[
			row("i1", employee, course.name, "hours", 1),
			row("i2", email.upper(), course.name, "hours", 1),
			row("i3", "work-" + email, course.name, "hours", 1),
		],
		source_system="test",
	)
	assert [r["status"] for r in result["rows"]] == ["accepted"] * 3
	assert frappe.db.get_value("Credit Enrolment", {"employee": employee}, "hours") == 3


def test_bad_rows_get_reasons_are_stored_and_do_not_block_good_rows():
	employee = new_employee()
	course = new_course()
	rows = [
		row("g1", employee, course.name, "completion", 100),
		row("b1", "nobody@nowhere.example", course.name, "exam", 90),
		row("b2", employee, "NO-SUCH-COURSE", "exam", 90),
		row("b3", employee, course.name, "exam", 101),
		row("b4", employee, course.name, "practice_assessment", 11),
		row("b5", employee, course.name, "exam", 90, date=add_days(today(), 2)),
		row("", employee, course.name, "exam", 90),
		"garbage",
		row("g2", employee, course.name, "exam", 90),
	]
	result = intake.intake(rows, source_system="test")
	statuses = [r["status"] for r in result["rows"]]
	assert statuses == ["accepted"] + ["error"] * 7 + ["accepted"]
	messages = [r["message"] for r in result["rows"][1:8]]
	assert "nobody@nowhere.example" in messages[0]
	assert "NO-SUCH-COURSE" in messages[1]
	assert "101" in messages[2] and "0" in messages[2] and "100" in messages[2]
	assert "11" in messages[3] and "10" in messages[3]
	assert "future" in messages[4]
	assert "External ID" in messages[5]
	assert result["totals"] == {"rows": 9, "accepted": 2, "duplicate": 0, "error": 7, "credited": 1}
	stored = frappe.get_doc("Credit Evidence", result["rows"][1]["evidence"])
	assert (stored.status, stored.employee_ref) == ("Error", "nobody@nowhere.example")
	assert "nobody@nowhere.example" in stored.error_message


def test_the_same_batch_twice_changes_nothing():
	employee = new_employee()
	course = new_course()
	rows = [row("d1", employee, course.name, "completion", 100), row("d2", employee, course.name, "exam", 95)]
	first = intake.intake(rows, source_system="lms-x")
	again = intake.intake(rows, source_system="lms-x")
	assert [r["status"] for r in again["rows"]] == ["duplicate", "duplicate"]
	assert again["totals"]["accepted"] == 0 and first["totals"]["credited"] == 1
	assert len(entries(employee)) == 1
	assert frappe.db.count("Credit Evidence", {"employee": employee}) == 2


def test_a_rejected_row_is_corrected_and_retried_from_the_desk():
	employee = new_employee()
	course = new_course()
	intake.intake([row("c1", employee, course.name, "completion", 100)], source_system="test")
	result = intake.intake([row("c2", employee, "TYPO-" + course.name, "exam", 90)], source_system="test")
	evidence = frappe.get_doc("Credit Evidence", result["rows"][0]["evidence"])
	assert evidence.status == "Error"
	evidence.course_ref = course.name
	evidence.save()
	assert evidence.retry() == "Credited"
	assert [e.credits for e in entries(employee)] == [2]


def test_only_rejected_evidence_can_be_edited():
	employee = new_employee()
	course = new_course()
	result = intake.intake([row("e1", employee, course.name, "hours", 2)], source_system="test")
	evidence = frappe.get_doc("Credit Evidence", result["rows"][0]["evidence"])
	evidence.value = 20
	with pytest.raises(frappe.ValidationError):
		evidence.save()


def test_withdrawing_evidence_cancels_the_credit_it_produced():
	employee = new_employee()
	course = new_course()
	result = intake.intake(
		[row("w1", employee, course.name, "completion", 100), row("w2", employee, course.name, "exam", 90)],
		source_system="test",
	)
	assert len(entries(employee)) == 1
	frappe.get_doc("Credit Evidence", result["rows"][1]["evidence"]).withdraw()
	assert entries(employee) == []
	enrolment = frappe.get_doc("Credit Enrolment", {"employee": employee})
	assert (enrolment.status, enrolment.best_exam_score, enrolment.credit_entry) == ("In Progress", 0, None)
	assert (
		frappe.db.get_value("Credit Evidence", result["rows"][0]["evidence"], "status") == "Not Yet Eligible"
	)
	# the same fact sent again counts again, and credits once more
	intake.intake([row("w2", employee, course.name, "exam", 90)], source_system="test")
	assert len(entries(employee)) == 1


def test_hr_cancelling_an_automatic_credit_is_not_undone_by_new_evidence():
	employee = new_employee()
	course = new_course()
	intake.intake(
		[row("h1", employee, course.name, "completion", 100), row("h2", employee, course.name, "exam", 90)],
		source_system="test",
	)
	name = frappe.get_value("Credit Entry", {"employee": employee, "docstatus": 1})
	frappe.get_doc("Credit Entry", name).cancel()
	enrolment = frappe.get_doc("Credit Enrolment", {"employee": employee})
	assert enrolment.status == "Cancelled"
	intake.intake([row("h3", employee, course.name, "exam", 100)], source_system="test")
	assert entries(employee) == []
	enrolment.reevaluate()
	assert [e.credits for e in entries(employee)] == [2]


def test_changing_a_rule_never_rewrites_posted_credits_and_reevaluation_credits_open_enrolments():
	credited, waiting = new_employee(), new_employee()
	course = new_course(base_credits=2)
	intake.intake(
		[
			row("r1", credited, course.name, "completion", 100),
			row("r2", credited, course.name, "exam", 85),
			row("r3", waiting, course.name, "completion", 100),
			row("r4", waiting, course.name, "exam", 75),
		],
		source_system="test",
	)
	assert len(entries(credited)) == 1 and entries(waiting) == []
	rule = frappe.get_doc("Credit Rule", ONLINE_RULE)
	rule.min_exam_score = 70
	rule.save()
	assert entries(waiting) == []  # saving a rule alone posts nothing
	result = reevaluate_enrolments()
	assert result["queued"] is False and result["credited"] >= 1
	assert [e.credits for e in entries(waiting)] == [2]
	assert len(entries(credited)) == 1


def test_a_rule_with_a_course_scope_and_priority_wins():
	employee = new_employee()
	course = new_course(base_credits=2)
	frappe.get_doc(
		{
			"doctype": "Credit Rule",
			"rule_name": "Strategic course bonus " + course.name,
			"scope": "Course",
			"course": course.name,
			"min_completion": 100,
			"award": "Fixed Credits",
			"fixed_credits": 5,
			"priority": 10,
			"condition": f"doc.completion_pct >= 100 and doc.course == '{course.name}'",
		}
	).insert()
	intake.intake([row("s1", employee, course.name, "completion", 100)], source_system="test")
	assert [(e.credits, e.credit_rule) for e in entries(employee)] == [
		(5, "Strategic course bonus " + course.name)
	]


@pytest.mark.parametrize(
	"changes",
	[
		{"scope": "Course", "course": None},
		{"min_exam_score": 120},
		{"min_mentor_score": 11},
		{"award": "Fixed Credits", "fixed_credits": 0},
		{"min_completion": None, "min_exam_score": None},
		{"condition": "doc.completion_pct >>> 3"},
	],
)
def test_invalid_rules_are_refused(changes):
	rule = frappe.copy_doc(frappe.get_doc("Credit Rule", ONLINE_RULE))
	rule.rule_name = "Broken rule"
	rule.update(changes)
	with pytest.raises((InvalidCreditRuleError, frappe.MandatoryError)):
		rule.insert()


def test_data_import_style_insert_credits_like_the_api():
	employee = new_employee()
	course = new_course()
	frappe.flags.in_import = True
	try:
		for external_id, kind, value in (("csv1", "Completion", 100), ("csv2", "Exam", 88)):
			frappe.get_doc(
				{
					"doctype": "Credit Evidence",
					"external_id": external_id,
					"employee_ref": employee,
					"course_ref": course.name,
					"kind": kind,
					"value": value,
					"evidence_date": today(),
				}
			).insert()
		bad = frappe.get_doc(
			{
				"doctype": "Credit Evidence",
				"external_id": "csv3",
				"employee_ref": "ghost",
				"course_ref": course.name,
				"kind": "Exam",
				"value": 88,
				"evidence_date": today(),
			}
		)
		# an imported row that fails its check fails in the import (Data Import logs it with this
		# reason and counts it as failed), where the API would keep it as an error row
		with pytest.raises(frappe.ValidationError, match="ghost"):
			bad.insert()
	finally:
		frappe.flags.in_import = False
	assert [e.credits for e in entries(employee)] == [2]
	assert frappe.db.get_value("Credit Evidence", {"external_id": "csv1"}, "source_system") == "Data Import"
