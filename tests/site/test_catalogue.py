"""Credit categories and courses on a real site."""

import pytest

import frappe
from frappe.translate import get_full_dict

from hr_credit_app.exceptions import (
	DisabledCategoryError,
	DuplicateCourseCodeError,
	InvalidCreditsError,
	TargetShareError,
)
from hr_credit_app.hr_credit_app.doctype.credit_category.credit_category import set_target_shares

from .factories import new_course


def shares():
	return dict(
		frappe.get_all(
			"Credit Category", filters={"disabled": 0}, fields=["name", "target_share"], as_list=True
		)
	)


def test_install_ships_three_categories_with_40_30_30():
	assert shares() == {"Compulsory": 40, "Elective": 30, "Practice": 30}


def test_category_names_are_translated_to_chinese():
	assert get_full_dict("zh")["Compulsory"] == "必修"
	assert get_full_dict("zh")["Elective"] == "选修"
	assert get_full_dict("zh")["Practice"] == "实践"


def test_editing_one_share_so_the_total_is_not_100_is_refused():
	doc = frappe.get_doc("Credit Category", "Compulsory")
	doc.target_share = 50
	with pytest.raises(TargetShareError, match="110"):
		doc.save()
	assert shares()["Compulsory"] == 40


def test_set_target_shares_moves_shares_between_categories_at_once():
	set_target_shares({"Compulsory": 50, "Elective": 20})
	assert shares() == {"Compulsory": 50, "Elective": 20, "Practice": 30}


def test_set_target_shares_refuses_a_total_other_than_100_and_changes_nothing():
	with pytest.raises(TargetShareError, match="90"):
		set_target_shares({"Compulsory": 30})
	assert shares() == {"Compulsory": 40, "Elective": 30, "Practice": 30}


def test_a_new_category_needs_its_share_taken_from_others():
	frappe.get_doc({"doctype": "Credit Category", "category_name": "Management", "target_share": 0}).insert()
	with pytest.raises(TargetShareError):
		frappe.get_doc(
			{"doctype": "Credit Category", "category_name": "Digital", "target_share": 10}
		).insert()
	set_target_shares({"Management": 20, "Compulsory": 30, "Elective": 20})
	assert shares() == {"Compulsory": 30, "Elective": 20, "Practice": 30, "Management": 20}


def test_disabling_a_category_with_a_share_through_set_target_shares():
	set_target_shares({"Practice": None, "Elective": 60})
	assert shares() == {"Compulsory": 40, "Elective": 60}
	assert frappe.db.get_value("Credit Category", "Practice", "disabled") == 1


def test_course_effective_credits_is_base_times_weight():
	course = new_course(base_credits=2, weight=1.5)
	assert course.effective_credits == 3
	course.weight = 1
	course.save()
	assert frappe.db.get_value("Credit Course", course.name, "effective_credits") == 2


@pytest.mark.parametrize("field", ["base_credits", "weight"])
@pytest.mark.parametrize("value", [0, -1])
def test_course_credits_and_weight_must_be_positive(field, value):
	with pytest.raises(InvalidCreditsError):
		new_course(**{field: value})


def test_course_with_unknown_category_is_refused():
	with pytest.raises(frappe.LinkValidationError):
		new_course(category="No Such Category")


def test_course_with_disabled_category_is_refused():
	frappe.get_doc(
		{"doctype": "Credit Category", "category_name": "Retired", "target_share": 0, "disabled": 1}
	).insert()
	with pytest.raises(DisabledCategoryError, match="Retired"):
		new_course(category="Retired")


def test_duplicate_course_code_is_refused_with_a_clear_message():
	course = new_course()
	with pytest.raises(DuplicateCourseCodeError, match=course.course_code):
		new_course(code=course.course_code)
	with pytest.raises(DuplicateCourseCodeError):
		new_course(code=f"  {course.course_code}  ")
