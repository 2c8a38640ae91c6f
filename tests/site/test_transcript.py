"""The credit transcript (Print Format "Credit Transcript" on Employee): the right totals by year and
category, courses, approved claims and honours; escaped; in Chinese; as a PDF; only for who may see."""

import re

import pytest

import frappe
from frappe.model.workflow import apply_workflow
from frappe.translate import print_language
from frappe.utils import add_days, random_string, today

from hr_credit_app.transcript import PRINT_FORMAT, download, get_transcript

from .factories import employee_user, new_course, new_employee, post


def transcript_html(employee: str, lang: str = "en") -> str:
	with print_language(lang):
		return frappe.get_print("Employee", employee, PRINT_FORMAT, no_letterhead=1)


def numbers(html: str, css_class: str) -> list[str]:
	return re.findall(rf'class="[^"]*{css_class}[^"]*"[^>]*>\s*(?:<b[^>]*>)?\s*([^<]+?)\s*<', html)


@pytest.fixture
def learner():
	employee = new_employee()
	this_year = int(today()[:4])
	course = new_course(category="Compulsory", course_title="Safety <b>first</b>", base_credits=4)
	post(employee, 4, f"{this_year - 1}-03-10", course=course.name)
	post(employee, 1.5, f"{this_year - 1}-05-01", category="Elective")
	post(employee, 2, today(), category="Compulsory")
	claim = frappe.get_doc(
		{
			"doctype": "Credit Claim",
			"employee": employee,
			"title": "Talk at the <i>quality</i> day",
			"kind": "Talk Held",
			"claim_date": add_days(today(), -1),
			"category": "Practice",
		}
	).insert()
	# Administrator stands in for the approver and HR (the workflow test covers the real people)
	for action in ("Submit to HR" if not claim.approver else "Submit for Approval", "Approve", "Approve"):
		claim.reload()
		if claim.docstatus == 1:
			break
		apply_workflow(claim.as_dict(), action)
	claim.reload()
	assert claim.docstatus == 1
	honour = frappe.get_doc(
		{
			"doctype": "Credit Honour Award",
			"employee": employee,
			"company": frappe.db.get_value("Employee", employee, "company"),
			"year": this_year - 1,
			"title": "Learning Star",
			"rank": 1,
			"credits": 5.5,
			"award_key": "t:" + random_string(8),
		}
	)
	honour.db_insert()
	return frappe._dict(employee=employee, course=course, claim=claim, year=this_year)


def test_the_transcript_adds_up_by_year_and_category(learner):
	t = get_transcript(learner.employee)
	assert t["categories"] == ["Compulsory", "Elective", "Practice"]
	rows = {row["year"]: row for row in t["by_year"]}
	assert rows[learner.year - 1]["cells"] == [4, 1.5, 0] and rows[learner.year - 1]["total"] == 5.5
	assert rows[learner.year]["cells"] == [2, 0, 2] and rows[learner.year]["total"] == 4  # the talk: 2
	assert t["totals"] == [6, 1.5, 2] and t["grand_total"] == 9.5
	assert [row["course"] for row in t["courses"]] == [learner.course.name]
	assert [row.title for row in t["claims"]] == ["Talk at the <i>quality</i> day"]
	assert [row.title for row in t["honours"]] == ["Learning Star"]


def test_the_transcript_prints_escaped_in_english_and_chinese(learner):
	html = transcript_html(learner.employee)
	assert "Credit Transcript" in html
	assert numbers(html, "grand-total") == ["9.5"] or numbers(html, "grand-total") == ["9.50"]
	assert "Safety &lt;b&gt;first&lt;/b&gt;" in html and "<b>first</b>" not in html
	assert "&lt;i&gt;quality&lt;/i&gt;" in html
	assert "Learning Star" in html
	zh = transcript_html(learner.employee, "zh")
	assert "学分成绩单" in zh and "必修" in zh


def test_only_who_may_see_the_employee_reads_the_transcript(learner):
	stranger = employee_user(new_employee())
	frappe.set_user(employee_user(learner.employee))
	assert get_transcript(learner.employee)["grand_total"] == 9.5  # their own
	frappe.set_user(stranger)
	with pytest.raises(frappe.PermissionError):
		get_transcript(learner.employee)
	with pytest.raises(frappe.PermissionError):
		download(learner.employee)  # the PDF endpoint checks before it renders
