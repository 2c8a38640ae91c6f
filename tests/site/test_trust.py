"""The money path cannot be gamed: who may correct, retry, adjust and read what; rules are judged as
they were; evidence is never stranded; Additional Salaries are what HRMS would make.

Each test names the behaviour it proves; the numbers of issue 9 are given in the docstrings.
"""

import pytest

import frappe
from frappe.utils import add_to_date, now_datetime, random_string, today

from hr_credit_app import compat, dashboard, intake
from hr_credit_app.api import get_credit_summary, submit_evidence
from hr_credit_app.intake.awards import RULES_MAP_KEY, get_rules
from hr_credit_app.permissions import employee_record_has_permission

from .factories import COMPANY, employee_user, new_course, new_employee, post

ONLINE_RULE = "Online course: completed and exam 80 or more"


def make_user(*roles, employee_of: str | None = None) -> str:
	"""A user with ``roles``; with ``employee_of``, linked to that employee (an HR user who is also
	an employee, as HR staff are)."""
	if employee_of:
		user = employee_user(employee_of)
		frappe.get_doc("User", user).add_roles(*roles)
		return user
	return (
		frappe.get_doc(
			{
				"doctype": "User",
				"email": f"trust-{random_string(8).lower()}@example.com",
				"first_name": "Trust",
				"send_welcome_email": 0,
				"roles": [{"role": role} for role in roles],
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def restrict(user: str, doctype: str, value: str) -> None:
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": user,
			"allow": doctype,
			"for_value": value,
			"apply_to_all_doctypes": 1,
		}
	).insert(ignore_permissions=True)


def rejected_row(employee_ref: str, course_ref: str, value=95):
	result = intake.intake(
		[
			{
				"external_id": "fix-" + random_string(8),
				"employee": employee_ref,
				"course": course_ref,
				"kind": "completion",
				"value": value,
				"date": today(),
			}
		],
		source_system="trust-test",
	)
	return frappe.get_doc("Credit Evidence", result["rows"][0]["evidence"])


def credits_of(employee) -> float:
	return sum(
		frappe.get_all("Credit Entry", filters={"employee": employee, "docstatus": 1}, pluck="credits") or [0]
	)


# ---- items 6, 7, 8: correcting and retrying rejected evidence -------------------------------------


def test_an_hr_user_can_neither_correct_nor_retry_rejected_evidence():
	"""Issue 9, item 6: an HR User edited rejected rows and retried them into credits."""
	employee = new_employee()
	row = rejected_row("nobody-" + random_string(5), "NOPE-" + random_string(5))
	course = new_course(base_credits=2, delivery_mode="Practice")
	frappe.set_user(make_user("HR User"))
	row.reload()
	row.employee_ref, row.course_ref, row.kind, row.value = employee, course.name, "Practice Assessment", 9
	with pytest.raises(frappe.PermissionError):
		row.save()
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Credit Evidence", row.name).retry()
	frappe.set_user("Administrator")
	assert credits_of(employee) == 0


def test_nobody_corrects_retries_or_adjusts_their_own_credits():
	"""Item 8: credits come only from evidence that passed the rules, Training Results, LMS or an
	HR Manager's adjustment; nobody credits themselves, an HR Manager neither."""
	manager_employee = new_employee()
	manager = make_user("HR Manager", employee_of=manager_employee)
	course = new_course(base_credits=2)
	row = rejected_row(manager_employee, "NOPE-" + random_string(5))
	frappe.set_user(manager)
	row.reload()
	row.course_ref = course.name
	with pytest.raises(frappe.PermissionError):
		row.save()
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Credit Evidence", row.name).retry()
	adjustment = frappe.get_doc(
		{
			"doctype": "Credit Entry",
			"employee": manager_employee,
			"credits": 10,
			"category": "Compulsory",
			"source": "Manual Adjustment",
			"reason": "self-service",
		}
	)
	with pytest.raises(frappe.PermissionError):
		adjustment.insert()
	# nor through the API, nor a desk row filed for themselves: the row is kept, as an error
	fact = {
		"employee": manager_employee,
		"course": course.name,
		"kind": "completion",
		"value": 100,
		"date": today(),
	}
	answer = submit_evidence(data=[{**fact, "external_id": "me-" + random_string(5)}])
	assert answer["rows"][0]["status"] == "error" and "credits themselves" in answer["rows"][0]["message"]
	typed = frappe.get_doc(
		{
			"doctype": "Credit Evidence",
			"external_id": "me-" + random_string(5),
			"employee_ref": manager_employee,
			"course_ref": course.name,
			"kind": "Completion",
			"value": 100,
			"evidence_date": today(),
		}
	).insert()
	assert (typed.status, typed.error_code) == ("Error", "Own Record")
	frappe.set_user("Administrator")
	assert credits_of(manager_employee) == 0


def test_derived_fields_are_never_written_over_rest():
	"""Item 8: status, employee, course, enrolment and dedup key were writable over REST."""
	row = rejected_row("nobody-" + random_string(5), "NOPE-" + random_string(5))
	employee = new_employee()
	course = new_course(base_credits=2)
	good = intake.intake(
		[
			{
				"external_id": "g-" + course.name,
				"employee": employee,
				"course": course.name,
				"kind": "completion",
				"value": 100,
				"date": today(),
			}
		],
		source_system="trust-test",
	)
	enrolment = frappe.db.get_value("Credit Evidence", good["rows"][0]["evidence"], "enrolment")
	frappe.set_user(make_user("HR Manager"))
	for field, value in (
		("status", "Credited"),
		("employee", employee),
		("dedup_key", "x"),
		("enrolment", enrolment),
		("source_system", "HRMS Training"),
		("error_code", None),
	):
		with pytest.raises(frappe.PermissionError):
			frappe.client.set_value("Credit Evidence", row.name, field, value)
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Credit Evidence", row.name, "status") == "Error"


def test_a_row_rejected_for_an_unknown_course_is_corrected_and_retried_into_credits():
	"""Item 7: the retry failed with "Could not find Enrolment" whenever the corrected row opened a
	new enrolment."""
	employee = new_employee()
	code = "LATE-" + random_string(5).upper()
	row = rejected_row(employee, code, value=100)
	assert (row.status, row.error_code) == ("Error", "Unknown Course")
	new_course(code=code, base_credits=2, delivery_mode="Practice")  # HR creates the course later
	frappe.get_doc(
		{
			"doctype": "Credit Rule",
			"rule_name": "Completion credits " + code,
			"scope": "Course",
			"course": code,
			"min_completion": 100,
		}
	).insert()
	frappe.set_user(make_user("HR Manager"))
	row = frappe.get_doc("Credit Evidence", row.name)
	row.course_ref = code  # the correction HR makes (the code was right, the course was missing)
	row.save()
	assert row.retry() == "Credited"
	frappe.set_user("Administrator")
	assert credits_of(employee) == 2


# ---- item 10: a User Permission restricts, a role grants; money is for HR -------------------------


def test_a_department_user_permission_alone_grants_nothing():
	department = frappe.db.get_value("Department", {"company": COMPANY, "is_group": 0}, "name")
	colleague = new_employee(department=department)
	post(colleague, 5, today(), category="Compulsory")
	viewer = new_employee(department=department)
	user = employee_user(viewer)
	restrict(user, "Department", department)
	frappe.set_user(user)
	assert colleague not in frappe.get_list("Credit Entry", pluck="employee")
	with pytest.raises(frappe.PermissionError):
		get_credit_summary(colleague)


def test_a_department_manager_reads_credits_but_never_money():
	department = frappe.db.get_value("Department", {"company": COMPANY, "is_group": 0}, "name")
	colleague = new_employee(department=department)
	entry = post(colleague, 5, today(), category="Compulsory")
	payout = frappe.get_doc(
		{
			"doctype": "Credit Payout",
			"employee": colleague,
			"company": COMPANY,
			"department": department,
			"status": "Posted",
			"amount": 1500,
			"payout_key": "trust:" + random_string(8),
		}
	)
	payout.flags.ignore_permissions = True
	payout.db_insert()
	manager = make_user("Credit Department Manager", employee_of=new_employee(department=department))
	restrict(manager, "Department", department)
	frappe.set_user(manager)
	assert entry in frappe.get_list("Credit Entry", pluck="name")
	assert get_credit_summary(colleague)["total"] == 5
	assert payout.name not in frappe.get_list("Credit Payout", pluck="name")
	assert not frappe.has_permission(
		"Credit Payout", "read", doc=frappe.get_doc("Credit Payout", payout.name)
	)
	assert frappe.get_list("Credit Honour Award", filters={"department": department}) == []


# ---- item 12: an integration writes only under its own source(s) ----------------------------------


def test_an_integration_writes_only_under_its_own_sources():
	employee = new_employee()
	course = new_course(base_credits=2)
	sender = make_user("Credit Integration")
	frappe.set_user(sender)
	row = {
		"external_id": "t-" + random_string(5),
		"employee": employee,
		"course": course.name,
		"kind": "exam",
		"value": 90,
		"date": today(),
	}
	with pytest.raises(frappe.PermissionError):
		submit_evidence(data=[row], source_system="HRMS Training")
	answer = submit_evidence(data=[{**row, "source_system": "LMS"}, row])
	assert [r["status"] for r in answer["rows"]] == ["error", "accepted"]
	assert "may not send evidence as source system" in answer["rows"][0]["message"]
	assert frappe.db.get_value("Credit Evidence", answer["rows"][1]["evidence"], "source_system") == sender
	# HR lists the sources a sender may use: then it may use those, and still none of the app's own
	frappe.set_user("Administrator")
	settings = frappe.get_single("HR Credit Settings")
	settings.append("integration_sources", {"user": sender, "source_system": "Moodle"})
	settings.save()
	with pytest.raises(frappe.ValidationError):
		settings.append("integration_sources", {"user": sender, "source_system": "LMS"})
		settings.save()
	frappe.set_user(sender)
	answer = submit_evidence(data=[{**row, "external_id": "m-" + random_string(5)}], source_system="Moodle")
	assert answer["rows"][0]["status"] == "accepted"


# ---- item 13: Company User Permissions hold in reports, APIs and cards ----------------------------


def test_an_hr_user_restricted_to_a_company_reads_no_other(other_company):
	outsider = new_employee(company=other_company)
	post(outsider, 4, today(), category="Compulsory")
	user = make_user("HR User")
	restrict(user, "Company", COMPANY)
	frappe.set_user(user)
	with pytest.raises(frappe.PermissionError):
		get_credit_summary(outsider)
	from frappe.desk.query_report import run

	with pytest.raises(frappe.PermissionError):
		run("Employee Credit Progress", filters={"company": other_company})
	with pytest.raises(frappe.PermissionError):
		dashboard.employees_at_a_level({"company": other_company})
	assert run("Employee Credit Progress", filters={"company": COMPANY})["result"] is not None


# ---- item 14: a withdrawal judges a credit by the rule version that awarded it --------------------


def test_withdrawing_a_fact_never_cancels_a_credit_earned_under_an_older_rule():
	employee = new_employee()
	course = new_course(base_credits=2)
	facts = intake.intake(
		[
			{
				"external_id": "w1-" + course.name,
				"employee": employee,
				"course": course.name,
				"kind": "completion",
				"value": 100,
				"date": today(),
			},
			{
				"external_id": "w2-" + course.name,
				"employee": employee,
				"course": course.name,
				"kind": "exam",
				"value": 85,
				"date": today(),
			},
			{
				"external_id": "w3-" + course.name,
				"employee": employee,
				"course": course.name,
				"kind": "exam",
				"value": 92,
				"date": today(),
			},
		],
		source_system="trust-test",
	)
	assert credits_of(employee) == 2
	rule = frappe.get_doc("Credit Rule", ONLINE_RULE)
	rule.min_exam_score = 90  # stricter from now on
	rule.save()
	# the 92 is withdrawn: 85 still meets the rule that awarded the credit (80), not today's (90)
	intake.withdraw_evidence([facts["rows"][2]["evidence"]])
	assert credits_of(employee) == 2
	# the 85 is withdrawn too: nothing meets the awarding rule any more
	intake.withdraw_evidence([facts["rows"][1]["evidence"]])
	assert credits_of(employee) == 0
	assert frappe.db.get_value("Credit Enrolment", {"employee": employee}, "status") == "In Progress"


# ---- item 15: nothing is stranded; a cycle is what the cycle mode allows ---------------------------


def test_a_queued_batch_whose_job_never_ran_is_credited_by_the_catch_up():
	employee = new_employee()
	course = new_course(base_credits=2)
	rows = [
		{
			"external_id": f"q{i}-{course.name}",
			"employee": employee,
			"course": course.name,
			"kind": kind,
			"value": value,
			"date": today(),
		}
		for i, (kind, value) in enumerate((("completion", 100), ("exam", 90)))
	]
	answer = intake.intake(rows, source_system="trust-test", process="queue")
	assert answer["processing"] == "queued"
	frappe.db.after_commit.reset()  # the job is never queued (Redis down, a crash before the commit)
	frappe.db.sql(
		"update `tabCredit Evidence` set modified = %s where batch_id = %s",
		(add_to_date(now_datetime(), hours=-1), answer["batch_id"]),
	)
	assert credits_of(employee) == 0
	from unittest.mock import patch

	with patch("frappe.db.commit"):  # the job commits per chunk; here the test's rollback undoes it
		intake.credit_stranded_evidence()
	assert credits_of(employee) == 2


def test_a_cycle_is_only_one_the_cycle_mode_allows():
	employee = new_employee()
	course = new_course(base_credits=2)
	year = today()[:4]
	answer = intake.intake(
		[
			{
				"external_id": f"c{i}-{course.name}",
				"employee": employee,
				"course": course.name,
				"kind": "completion",
				"value": 100,
				"date": today(),
				"cycle": cycle,
			}
			for i, cycle in enumerate((year, str(int(year) - 1), "again-" + year, "x" * 300))
		],
		source_system="trust-test",
	)
	assert [r["status"] for r in answer["rows"]] == ["accepted", "accepted", "error", "error"]
	for result in answer["rows"][2:]:
		assert frappe.db.get_value("Credit Evidence", result["evidence"], "enrolment") is None


# ---- item 16: the rules cache never outlives a rollback, and expires -------------------------------


def test_the_rules_cache_forgets_a_rule_that_was_rolled_back():
	frappe.db.commit()
	rule = frappe.get_doc("Credit Rule", ONLINE_RULE)
	rule.min_exam_score = 55
	rule.save()
	assert {r.name: r.min_exam_score for r in get_rules()}[ONLINE_RULE] == 55  # cached, uncommitted
	frappe.db.rollback()
	assert {r.name: r.min_exam_score for r in get_rules()}[ONLINE_RULE] == 80
	assert 0 < frappe.cache.ttl(compat.doctype_map_key("Credit Rule", RULES_MAP_KEY)) <= 3600


# ---- item 19: permission hooks, surveys, the ledger is never deleted --------------------------------


def test_permission_hooks_answer_every_right_and_cancelled_entries_are_kept():
	alice, bob = new_employee(), new_employee()
	entry = frappe.get_doc("Credit Entry", post(bob, 2, today(), category="Compulsory"))
	for ptype in ("read", "write", "submit", "cancel", "delete", "share"):
		assert not employee_record_has_permission(entry, ptype, user=employee_user(alice))
		assert employee_record_has_permission(entry, ptype, user=employee_user(bob))
	survey = frappe.get_doc({"doctype": "Credit Survey Response", "survey_cycle": "2026", "employee": None})
	from hr_credit_app.permissions import survey_response_has_permission

	assert not survey_response_has_permission(survey, "read", user=employee_user(alice))
	entry.flags.ignore_permissions = True
	entry.flags.via_ledger = True
	entry.cancel()
	with pytest.raises(frappe.ValidationError):
		frappe.delete_doc("Credit Entry", entry.name, ignore_permissions=True)
	assert frappe.db.exists("Credit Entry", entry.name)


# ---- item 20: the employee page and the workspace data -------------------------------------------


def test_workspace_data_is_for_desk_users_of_companies_they_may_see():
	website_user = frappe.get_doc(
		{
			"doctype": "User",
			"email": f"web-{random_string(6)}@example.com",
			"first_name": "Web",
			"user_type": "Website User",
			"send_welcome_email": 0,
		}
	).insert(ignore_permissions=True)
	frappe.set_user(website_user.name)
	for method in (
		dashboard.plan_participation,
		dashboard.employees_at_a_level,
		dashboard.credits_by_category,
	):
		with pytest.raises(frappe.PermissionError):
			method({"company": COMPANY})
	frappe.set_user("Administrator")
	employee = new_employee()
	frappe.set_user(employee_user(employee))
	with pytest.raises(frappe.PermissionError):
		dashboard.credits_by_category({"company": "Some Other Company"})


# ---- item 11: a write that did not happen is never reported as done --------------------------------


def test_a_name_collision_is_written_again_never_reported_as_written():
	"""Names are random; INSERT IGNORE skips a row whose name is taken, silently. The bulk insert
	tells a taken name from a duplicate fact and writes the row again under a new name."""
	from unittest.mock import patch

	employee = new_employee()
	course = new_course(base_credits=2)
	first = intake.intake(
		[
			{
				"external_id": "n1-" + course.name,
				"employee": employee,
				"course": course.name,
				"kind": "completion",
				"value": 100,
				"date": today(),
			}
		],
		source_system="trust-test",
	)
	taken = first["rows"][0]["evidence"]
	names = iter([taken, taken])  # the next two names drawn collide with the row just stored

	real = frappe.generate_hash

	def colliding(*args, **kwargs):
		return next(names, None) or real(*args, **kwargs)

	with patch("frappe.generate_hash", colliding):
		second = intake.intake(
			[
				{
					"external_id": "n2-" + course.name,
					"employee": employee,
					"course": course.name,
					"kind": "exam",
					"value": 90,
					"date": today(),
				}
			],
			source_system="trust-test",
		)
	(row,) = second["rows"]
	assert row["status"] == "accepted" and row["evidence"] != taken
	assert frappe.db.get_value("Credit Evidence", row["evidence"], "external_id") == "n2-" + course.name
	assert frappe.db.get_value("Credit Evidence", taken, "external_id") == "n1-" + course.name
	assert credits_of(employee) == 2  # and the fact counted
