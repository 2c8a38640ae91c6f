"""Nudges on a real site: the right people hear the right numbers, in their language, through Frappe's
Notification Log; nobody when turned off; in batches; once."""

import pytest

import frappe
from frappe.utils import add_days, now_datetime, random_string, today

from hr_credit_app import nudges
from hr_credit_app.employee_page import level_status

from .factories import COMPANY, employee_user, new_course, new_employee, post


def logs(user: str) -> list[str]:
	return frappe.get_all(
		"Notification Log", filters={"for_user": user}, pluck="subject", order_by="creation asc"
	)


def mark(moment):
	"""Credits posted up to this moment count as nudged already; what the test posts next is new."""
	frappe.db.set_single_value("HR Credit Settings", "nudged_until", moment)


def settings(**values):
	doc = frappe.get_single("HR Credit Settings")
	doc.update(values)
	doc.save()


@pytest.fixture
def learner():
	# the company's incentive policy (the example: Junior 20, Intermediate 40, Senior 60), switched on
	policy = frappe.get_doc("Credit Incentive Policy", {"company": COMPANY})
	policy.enabled = 1
	policy.save()
	employee = new_employee()
	course = new_course(course_title="Industrial Internet application", base_credits=3)
	post(employee, 18, add_days(today(), -30), category="Compulsory")
	mark(now_datetime())
	return frappe._dict(employee=employee, user=employee_user(employee), course=course)


@pytest.fixture
def outgoing_email():
	"""An outgoing e-mail account, as a real site has (inserted as is: no SMTP server is reached)."""
	frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": "Nudges " + random_string(5),
			"email_id": f"nudges-{random_string(5).lower()}@example.com",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "localhost",
			"no_smtp_authentication": 1,
		}
	).db_insert()
	frappe.cache.delete_value("outgoing_email_account")
	frappe.flags.hr_credit_outgoing_email = None
	yield
	frappe.cache.delete_value("outgoing_email_account")
	frappe.flags.hr_credit_outgoing_email = None


def test_credited_tells_the_credits_the_gap_and_the_allowance_of_the_next_level(learner, outgoing_email):
	post(learner.employee, 3, today(), course=learner.course.name)
	nudges.send_credit_nudges()
	status = level_status(learner.employee)  # 21 credits: Junior reached, Intermediate next
	assert status["level"] and status["next_level"]
	subjects = logs(learner.user)
	credited = [s for s in subjects if s.startswith("+3 credits")]
	assert len(credited) == 1
	assert "Industrial Internet application" in credited[0]
	assert status["gap_message"] in credited[0]  # "19 credits short of Intermediate"
	assert "a month" in credited[0]
	reached = [s for s in subjects if s.startswith("You reached")]
	assert len(reached) == 1 and reached[0].startswith(f"You reached {status['level']}: ")
	# and by e-mail, through Frappe's e-mail queue
	email = frappe.db.get_value("User", learner.user, "email")
	queued = frappe.get_all("Email Queue Recipient", filters={"recipient": email}, pluck="parent")
	assert len(queued) == 2
	# once: a second run has nothing new to tell
	nudges.send_credit_nudges()
	assert len(logs(learner.user)) == len(subjects)


def test_no_level_nudge_without_a_new_level(learner):
	post(learner.employee, 1, today(), category="Compulsory")  # 19: still below the first level
	nudges.send_credit_nudges()
	subjects = logs(learner.user)
	assert [s for s in subjects if s.startswith("+1 credits")]
	assert not [s for s in subjects if s.startswith("You reached")]


def test_nudges_speak_the_employees_language(learner):
	frappe.db.set_value("User", learner.user, "language", "zh")
	post(learner.employee, 3, today(), course=learner.course.name)
	nudges.send_credit_nudges()
	subjects = logs(learner.user)
	assert any("学分" in s for s in subjects), subjects


@pytest.mark.parametrize("how", ["everyone", "company", "user"])
def test_nobody_is_nudged_when_it_is_turned_off(learner, how):
	if how == "everyone":
		settings(send_nudges=0)
	elif how == "company":
		settings(muted_companies=[{"company": COMPANY}])
	else:
		if not frappe.db.exists("Notification Settings", learner.user):
			frappe.get_doc({"doctype": "Notification Settings", "name": learner.user}).insert(
				ignore_permissions=True
			)
		frappe.db.set_value("Notification Settings", learner.user, nudges.USER_SETTING, 0)
	post(learner.employee, 3, today(), course=learner.course.name)
	nudges.send_credit_nudges()
	assert logs(learner.user) == []


def test_credit_nudges_go_out_in_batches_each_person_once():
	employees = [new_employee() for _ in range(5)]
	mark(now_datetime())
	for employee in employees:
		post(employee, 2, today(), category="Elective")
	settings(nudge_batch_size=2)
	assert nudges.send_credit_nudges() == 3  # 5 people in jobs of at most 2
	for employee in employees:
		assert len([s for s in logs(employee_user(employee)) if s.startswith("+2 credits")]) == 1


def test_a_claim_decided_is_told_to_the_claimant():
	from frappe.model.workflow import apply_workflow

	employee = new_employee()
	user = employee_user(employee)
	frappe.set_user(user)
	claim = frappe.get_doc(
		{
			"doctype": "Credit Claim",
			"title": "Lean <b>six</b> sigma",
			"kind": "Certificate",
			"claim_date": today(),
			"category": "Elective",
		}
	).insert()
	frappe.set_user("Administrator")
	for action in ("Submit to HR" if not claim.approver else "Submit for Approval", "Approve", "Approve"):
		claim.reload()
		if claim.docstatus == 1:
			break
		apply_workflow(claim.as_dict(), action)
	subjects = logs(user)
	assert subjects == ["Your claim Lean &lt;b&gt;six&lt;/b&gt; sigma was approved: +3 credits."]


def test_plan_courses_due_soon_and_overdue_are_told_to_who_has_not_done_them():
	department = (
		frappe.get_doc(
			{"doctype": "Department", "department_name": "Nudge " + random_string(5), "company": COMPANY}
		)
		.insert()
		.name
	)
	done, pending = new_employee(department=department), new_employee(department=department)
	course = new_course(course_title="Safety basics")
	settings(nudge_due_days=7)
	plans = {}
	for kind, due in (("due", add_days(today(), 7)), ("overdue", add_days(today(), -1))):
		plans[kind] = frappe.get_doc(
			{
				"doctype": "Training Plan",
				"plan_name": f"Nudge {kind} {random_string(4)}",
				"company": COMPANY,
				"audience": "Department",
				"department": department,
				"from_date": add_days(today(), -20),
				"to_date": due,
				"due_date": due,
				"courses": [{"course": course.name}],
			}
		).insert()
	post(done, 2, add_days(today(), -2), course=course.name)
	nudges.send_plan_nudges()
	pending_subjects = logs(employee_user(pending))
	assert len([s for s in pending_subjects if s.startswith("Due on") and "Safety basics" in s]) == 1
	assert len([s for s in pending_subjects if s.startswith("Overdue since") and "Safety basics" in s]) == 1
	assert logs(employee_user(done)) == []


def test_the_weekly_digest_counts_what_waits_for_the_approver_and_the_manager():
	department = (
		frappe.get_doc(
			{"doctype": "Department", "department_name": "Digest " + random_string(5), "company": COMPANY}
		)
		.insert()
		.name
	)
	manager = new_employee(department=department)
	manager_user = employee_user(manager)
	frappe.get_doc("User", manager_user).add_roles("Credit Department Manager")
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": manager_user,
			"allow": "Department",
			"for_value": department,
			"apply_to_all_doctypes": 1,
		}
	).insert(ignore_permissions=True)
	people = [new_employee(department=department, reports_to=manager) for _ in range(3)]
	post(people[0], 2, today(), category="Elective")
	frappe.set_user(employee_user(people[1]))
	claim = frappe.get_doc(
		{
			"doctype": "Credit Claim",
			"title": "Conference",
			"kind": "Conference",
			"claim_date": today(),
			"category": "Elective",
			"hours": 8,
		}
	).insert()
	frappe.set_user("Administrator")
	from frappe.model.workflow import apply_workflow

	frappe.set_user(employee_user(people[1]))
	apply_workflow(claim.as_dict(), "Submit for Approval")
	frappe.set_user("Administrator")
	facts = nudges.digest(manager_user)
	# the manager's department: the manager and three people; two learned in 30 days (people[0] and
	# no one else: the claim is not credits yet)
	assert facts == {"waiting_for_you": 1, "people": 4, "learning": 1, "overdue": 0, "waiting": 1}
	nudges.send_weekly_digest()
	subjects = logs(manager_user)
	assert len(subjects) == 1
	assert "1 of 4 of your people learned in the last 30 days (25%)." in subjects[0]
	assert "1 claims are waiting for your approval." in subjects[0]
