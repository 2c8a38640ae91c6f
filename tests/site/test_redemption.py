"""Redemption on a real site: request, approve, the redeemable balance, seats, giving back on
withdraw / reject / cancel, two requests at the same moment never overdraw, levels unchanged."""

import threading

import pytest

import frappe
from frappe.utils import add_days, random_string, today

from hr_credit_app import redemption
from hr_credit_app.employee_page import level_status

from .factories import COMPANY, employee_user, new_employee, post, purge
from .http import request, token
from .test_permissions import make_hr_user


def offer(price=10, stock=0, company=COMPANY, **values):
	return frappe.get_doc(
		{
			"doctype": "Credit Offer",
			"offer_name": values.pop("offer_name", "Customised Python course " + random_string(4)),
			"company": company,
			"kind": "Customised Training",
			"price": price,
			"stock": stock,
			**values,
		}
	).insert()


def ask(user, offer_name):
	frappe.set_user(user)
	try:
		return frappe.get_doc({"doctype": "Credit Redemption", "offer": offer_name}).insert()
	finally:
		frappe.set_user("Administrator")


@pytest.fixture
def learner():
	employee = new_employee()
	post(employee, 25, add_days(today(), -10), category="Compulsory")
	return frappe._dict(employee=employee, user=employee_user(employee), hr=make_hr_user("HR Manager"))


def test_a_request_reserves_credits_and_approval_keeps_levels_as_they_are(learner):
	course = offer(price=10, stock=2)
	level_before = level_status(learner.employee)
	assert redemption.redeemable(learner.employee) == 25

	request_ = ask(learner.user, course.name)
	assert (request_.employee, request_.status, request_.credits) == (learner.employee, "Requested", 10)
	assert redemption.redeemable(learner.employee) == 15  # reserved at once

	frappe.set_user(learner.hr)
	request_.reload()
	request_.submit()
	frappe.set_user("Administrator")
	assert (request_.status, request_.approved_by) == ("Approved", learner.hr)
	assert redemption.redeemable(learner.employee) == 15
	after = level_status(learner.employee)
	# redeeming never touches the credits that count
	assert (after["summary"]["total"], after["level"]) == (
		level_before["summary"]["total"],
		level_before["level"],
	)
	assert frappe.db.count("Credit Entry", {"employee": learner.employee, "docstatus": 1}) == 1

	frappe.set_user(learner.hr)
	request_.reload()
	request_.cancel()
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Credit Redemption", request_.name, "status") == "Cancelled"
	assert redemption.redeemable(learner.employee) == 25  # given back


def test_never_more_than_the_balance_nor_the_seats(learner):
	expensive = offer(price=30)
	with pytest.raises(frappe.ValidationError, match="30 credits"):
		ask(learner.user, expensive.name)
	seats = offer(price=5, stock=1)
	ask(learner.user, seats.name)
	other = new_employee()
	post(other, 20, add_days(today(), -3), category="Compulsory")
	with pytest.raises(frappe.ValidationError, match="No seats"):
		ask(employee_user(other), seats.name)


def test_withdraw_and_reject_give_the_credits_back(learner):
	first, second = offer(price=10), offer(price=10)
	mine = ask(learner.user, first.name)
	frappe.set_user(learner.user)
	assert redemption.withdraw_redemption(mine.name)["status"] == "Withdrawn"
	frappe.set_user("Administrator")
	assert redemption.redeemable(learner.employee) == 25
	theirs = ask(learner.user, second.name)
	frappe.set_user(learner.hr)
	theirs.reload()
	theirs.status = "Rejected"
	with pytest.raises(frappe.ValidationError, match="Say why"):
		theirs.save()
	theirs.reload()
	theirs.status = "Rejected"
	theirs.decision_note = "The course is full this quarter."
	theirs.save()
	frappe.set_user("Administrator")
	assert redemption.redeemable(learner.employee) == 25
	# the employee cannot approve their own request, nor turn a rejected one back
	frappe.set_user(learner.user)
	theirs.reload()
	theirs.status = "Requested"
	with pytest.raises(frappe.PermissionError):
		theirs.save()
	frappe.set_user("Administrator")


def test_only_for_oneself_within_the_company_and_the_window(learner, other_company):
	colleague = new_employee()
	frappe.set_user(learner.user)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{"doctype": "Credit Redemption", "employee": colleague, "offer": offer().name}
		).insert()
	frappe.set_user("Administrator")
	elsewhere = offer(company=other_company)
	with pytest.raises(frappe.ValidationError, match="not on offer"):
		ask(learner.user, elsewhere.name)
	expired = offer(valid_from=add_days(today(), -30), valid_to=add_days(today(), -1))
	with pytest.raises(frappe.ValidationError, match="not on offer"):
		ask(learner.user, expired.name)
	frappe.set_user(learner.user)
	assert elsewhere.name not in frappe.get_list("Credit Offer", pluck="name")
	frappe.set_user("Administrator")


def test_an_hr_manager_does_not_approve_their_own_redemption():
	employee = new_employee()
	user = employee_user(employee)
	frappe.get_doc("User", user).add_roles("HR Manager")
	post(employee, 20, add_days(today(), -3), category="Compulsory")
	mine = ask(user, offer(price=5).name)
	frappe.set_user(user)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Credit Redemption", mine.name).submit()
	frappe.set_user("Administrator")


def test_two_requests_at_the_same_moment_never_overdraw():
	"""Two HTTP requests for two offers of 15 credits by an employee who has 20: one is refused."""
	employee = new_employee()
	user = employee_user(employee)
	post(employee, 20, add_days(today(), -3), category="Compulsory")
	offers = [offer(price=15).name, offer(price=15).name]
	headers = token(user)  # commits
	try:
		answers = [None, None]
		start = threading.Barrier(2)

		def send(i):
			start.wait()
			answers[i] = request(
				"post",
				"/api/method/hr_credit_app.redemption.request_redemption",
				headers=headers,
				data={"offer": offers[i]},
			)

		threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
		for thread in threads:
			thread.start()
		for thread in threads:
			thread.join()
		codes = sorted(answer.status_code for answer in answers)
		assert codes == [200, 417], [answer.get_data(as_text=True)[:300] for answer in answers]
		frappe.db.commit()
		assert frappe.db.count("Credit Redemption", {"employee": employee, "status": "Requested"}) == 1
		assert redemption.redeemable(employee) == 5
	finally:
		frappe.db.rollback()
		frappe.db.delete("Credit Redemption", {"employee": employee})
		frappe.db.delete("Credit Offer", {"name": ("in", offers)})
		purge(employees=[employee], users=[user])
