"""Who sees and writes what."""

import pytest

import frappe
from frappe.utils import today

from hr_credit_app.api import get_credit_summary

from .factories import employee_user, new_course, new_employee, post


@pytest.fixture
def two_employees():
	alice, bob = new_employee(), new_employee()
	entries = {
		alice: post(alice, 2, today(), category="Compulsory"),
		bob: post(bob, 3, today(), category="Elective"),
	}
	return alice, bob, entries


def test_an_employee_lists_only_their_own_entries(two_employees):
	alice, bob, entries = two_employees
	frappe.set_user(employee_user(alice))
	visible = frappe.get_list("Credit Entry", pluck="name")
	assert entries[alice] in visible and entries[bob] not in visible
	assert set(frappe.get_list("Credit Entry", pluck="employee")) == {alice}


def test_an_employee_cannot_open_someone_elses_entry(two_employees):
	alice, bob, entries = two_employees
	frappe.set_user(employee_user(alice))
	assert frappe.has_permission("Credit Entry", "read", doc=entries[alice])
	assert not frappe.has_permission("Credit Entry", "read", doc=entries[bob])
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Credit Entry", entries[bob]).check_permission("read")


def test_the_summary_api_refuses_another_employees_data(two_employees):
	alice, bob, _entries = two_employees
	frappe.set_user(employee_user(alice))
	assert get_credit_summary(alice)["total"] == 2
	with pytest.raises(frappe.PermissionError):
		get_credit_summary(bob)


def test_the_summary_api_over_http_semantics_for_an_employee_without_employee_record():
	frappe.set_user("Guest")
	with pytest.raises(frappe.PermissionError):
		get_credit_summary(new_employee())


def test_an_employee_writes_nothing(two_employees):
	alice, _bob, _entries = two_employees
	frappe.set_user(employee_user(alice))
	entry = frappe.get_doc(
		{
			"doctype": "Credit Entry",
			"employee": alice,
			"credits": 5,
			"category": "Compulsory",
			"reason": "please",
		}
	)
	with pytest.raises(frappe.PermissionError):
		entry.insert()
	with pytest.raises(frappe.PermissionError):
		new_course()


def make_hr_user(role):
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": "credit-{}-{}@example.com".format(
				role.replace(" ", "").lower(), frappe.generate_hash(length=6)
			),
			"first_name": role,
			"send_welcome_email": 0,
			"roles": [{"role": role}],
		}
	).insert(ignore_permissions=True)
	return user.name


def test_hr_user_reads_everything_and_creates_courses_but_no_manual_adjustments(two_employees):
	alice, bob, entries = two_employees
	frappe.set_user(make_hr_user("HR User"))
	assert {entries[alice], entries[bob]} <= set(frappe.get_list("Credit Entry", pluck="name"))
	assert get_credit_summary(bob)["total"] == 3
	assert new_course().name
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Credit Entry",
				"employee": alice,
				"credits": 5,
				"category": "Compulsory",
				"reason": "x",
			}
		).insert()


def test_hr_manager_posts_and_cancels_a_manual_adjustment(two_employees):
	alice, _bob, _entries = two_employees
	frappe.set_user(make_hr_user("HR Manager"))
	entry = frappe.get_doc(
		{
			"doctype": "Credit Entry",
			"employee": alice,
			"credits": -1,
			"category": "Compulsory",
			"source": "Manual Adjustment",
			"reason": "Duplicate attendance record",
		}
	)
	entry.submit()
	assert get_credit_summary(alice)["total"] == 1
	entry.cancel()
	assert get_credit_summary(alice)["total"] == 2
