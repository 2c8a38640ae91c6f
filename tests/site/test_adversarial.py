"""What a sender or a user controls, tried as an attacker would: markup, numbers that are not
numbers, text the database cannot store, ids that differ only in case, costly rule conditions.

Over HTTP (Frappe's WSGI app, committed data, removed afterwards) where the request itself is the
point, in-process otherwise. Property-based tests (hypothesis) send random rows and batches.
"""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import frappe
from frappe.utils import random_string, today

from hr_credit_app import intake
from hr_credit_app.exceptions import InvalidCreditRuleError

from .factories import employee_user, new_course, new_employee, purge
from .http import request, token

METHOD = "/api/method/hr_credit_app.api.submit_evidence"
MARKUP = '<img src=x onerror="window.__xss=1">'


@pytest.fixture(scope="module")
def world():
	frappe.set_user("Administrator")
	employee = new_employee()
	course = new_course(code="ADV-" + random_string(6).upper(), base_credits=2)
	sender = frappe.get_doc(
		{
			"doctype": "User",
			"email": f"adversary-{random_string(6).lower()}@example.com",
			"first_name": "Feed",
			"send_welcome_email": 0,
			"roles": [{"role": "Credit Integration"}],
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	world = frappe._dict(
		employee=employee,
		course=course.name,
		sender=sender.name,
		auth=token(sender.name),
		employee_auth=token(employee_user(employee)),
	)
	yield world
	frappe.db.rollback()
	frappe.db.delete("Credit Evidence", {"source_system": sender.name})
	frappe.db.delete("Credit Evidence", {"owner": sender.name})
	purge(employees=[employee], courses=[course.name], users=[sender.name])


def send(world, rows, **kwargs):
	return request("post", METHOD, json=rows, headers=world.auth, **kwargs)


def good(world, external_id, **values):
	return {
		"external_id": external_id,
		"employee": world.employee,
		"course": world.course,
		"kind": "exam",
		"value": 90,
		"date": today(),
		**values,
	}


# ---- item 1: the employee page never echoes markup --------------------------------------------------


@pytest.mark.parametrize("value", [MARKUP, '"><script>window.__xss=1</script>', "x" * 5000])
def test_my_credits_never_echoes_the_employee_parameter_as_markup(world, value):
	response = request("get", "/my-credits", query_string={"employee": value}, headers=world.employee_auth)
	assert response.status_code == 200
	body = response.get_data(as_text=True)
	assert "<img src=x" not in body and "<script>window.__xss" not in body
	assert "x" * 200 not in body  # bounded, too
	assert "no-credits-notice" in body


def test_my_credits_escapes_what_hr_and_senders_typed(world):
	frappe.db.set_value("Credit Course", world.course, "course_title", MARKUP)
	frappe.db.set_value("Employee", world.employee, "employee_name", MARKUP)
	intake.intake(
		[good(world, "page-1", kind="completion", value=100), good(world, "page-2", value=95)],
		source_system=world.sender,
	)
	frappe.db.commit()
	try:
		body = request("get", "/my-credits", headers=world.employee_auth).get_data(as_text=True)
		assert "total-credits" in body
		assert "<img src=x" not in body and "&lt;img src=x" in body
	finally:
		frappe.db.set_value("Credit Course", world.course, "course_title", "Test course")
		frappe.db.set_value("Employee", world.employee, "employee_name", "Test Employee")
		frappe.db.commit()


# ---- items 2, 3, 4, 18: rows the sender controls ----------------------------------------------------


def test_nan_infinity_and_huge_numbers_fail_only_their_row(world):
	tag = random_string(6)

	# Python's JSON reads NaN and Infinity, and 1e999 as infinity: send them as a sender would
	def raw(external_id, literal):
		row = good(world, external_id)
		row.pop("value")
		return json.dumps(row)[:-1] + f', "value": {literal}}}'

	ok = json.dumps(good(world, tag + "-ok", kind="completion", value=100))
	body = (
		"["
		+ ", ".join(
			[ok, raw(tag + "-nan", "NaN"), raw(tag + "-inf", "Infinity"), raw(tag + "-huge", "1e999")]
		)
		+ "]"
	)
	response = send(world, None, data=body, content_type="text/plain")
	assert response.status_code == 200, response.text
	answer = response.json["message"]
	assert [r["status"] for r in answer["rows"]] == ["accepted", "error", "error", "error"]
	assert all("outside the range" in r["message"] for r in answer["rows"][1:])
	frappe.db.commit()
	stored = frappe.get_all(
		"Credit Evidence",
		filters={"external_id": ("like", tag + "-%")},
		fields=["external_id", "status", "received"],
	)
	assert {r.external_id: r.status if r.status == "Error" else "Good" for r in stored} == {
		tag + "-ok": "Good",
		tag + "-nan": "Error",
		tag + "-inf": "Error",
		tag + "-huge": "Error",
	}
	# resending the batch is answered the same way: nothing is lost, nothing fails
	again = send(world, None, data=body, content_type="text/plain")
	assert again.status_code == 200
	assert [r["status"] for r in again.json["message"]["rows"]] == ["duplicate", "error", "error", "error"]


def test_ids_differing_only_in_case_or_accents_are_two_facts(world):
	tag = random_string(6)
	rows = [good(world, tag + x) for x in ("-A", "-a", "-café", "-cafe")]
	answer = send(world, rows).json["message"]
	assert [r["status"] for r in answer["rows"]] == ["accepted"] * 4
	frappe.db.commit()
	assert frappe.db.count("Credit Evidence", {"batch_id": answer["batch_id"]}) == 4
	assert [r["status"] for r in send(world, rows).json["message"]["rows"]] == ["duplicate"] * 4


def test_error_text_quotes_the_senders_values_escaped(world):
	tag = random_string(6)
	answer = send(world, [good(world, tag, course=MARKUP)]).json["message"]
	(row,) = answer["rows"]
	assert row["status"] == "error" and "<img" not in row["message"] and "&lt;img" in row["message"]
	frappe.db.commit()
	doc = frappe.get_doc("Credit Evidence", row["evidence"])
	assert "<img" not in doc.error_message and doc.error_code == "Unknown Course"
	assert json.loads(doc.received)["course"] == MARKUP  # kept exactly as received
	assert "onerror" not in doc.course_ref  # the text field holds what a desk save would (sanitized)
	doc.run_method("onload")
	assert "&lt;img" in doc.get_onload().error_text and "<img" not in doc.get_onload().error_text


@pytest.mark.parametrize(
	"field, value, code",
	[
		("date", "20240101", "Bad Date"),
		("date", "2024-W01-1", "Bad Date"),
		("date", "2024-01-01junk", "Bad Date"),
		("value", "9_0", "Not a Number"),
		("value", "1e2", "Not a Number"),
		("value", "0x5A", "Not a Number"),
	],
)
def test_dates_and_numbers_are_only_what_the_api_documents(world, field, value, code):
	answer = send(world, [good(world, random_string(8), **{field: value})]).json["message"]
	(row,) = answer["rows"]
	assert row["status"] == "error"
	frappe.db.commit()
	assert frappe.db.get_value("Credit Evidence", row["evidence"], "error_code") == code


VALUES = [
	float("nan"),
	float("inf"),
	-float("inf"),
	1e308,
	10**30,
	-0.0,
	"\ud800",
	"\x00",
	"漢字テスト😀",
	{"nested": [1, 2]},
	[1, 2, 3],
	"x" * 10_000,
	True,
	None,
	"",
	MARKUP,
]


@pytest.mark.parametrize(
	"field", ["external_id", "employee", "course", "kind", "value", "date", "cycle", "source_system"]
)
def test_every_field_takes_any_value_without_a_server_error(world, field):
	"""Each hostile value in each field: one answer per row, each row stored with its reason, never
	an HTTP 500 and never a row lost."""
	tag = random_string(6)
	rows = [{**good(world, f"{tag}-{n}"), field: value} for n, value in enumerate(VALUES)]
	body = json.dumps(rows, allow_nan=True)
	response = send(world, None, data=body, content_type="text/plain")
	assert response.status_code == 200, response.text[:500]
	answer = response.json["message"]
	assert len(answer["rows"]) == len(rows)
	assert answer["totals"]["rows"] == len(rows)
	frappe.db.commit()
	stored = frappe.db.count("Credit Evidence", {"batch_id": answer["batch_id"]})
	assert stored == answer["totals"]["accepted"] + answer["totals"]["error"]
	for row in answer["rows"]:
		assert row["status"] in ("accepted", "error", "duplicate")
		if row["status"] == "error":
			assert row["message"] and "<img" not in row["message"]


def test_a_costly_rule_condition_is_refused_when_hr_saves_it():
	for condition in ("(doc.hours) ** (10 ** 9)", "'x' * 10 ** 10", "doc.__class__", "[x for x in range(9)]"):
		rule = frappe.get_doc(
			{
				"doctype": "Credit Rule",
				"rule_name": "Costly " + random_string(5),
				"scope": "All Courses",
				"min_completion": 100,
				"condition": condition,
			}
		)
		with pytest.raises(InvalidCreditRuleError) as info:
			rule.insert()
		assert "extra condition" in str(info.value)


# ---- property-based: random rows and batches (in-process, rolled back) ------------------------------

scalars = st.one_of(
	st.none(),
	st.booleans(),
	st.integers(min_value=-(10**40), max_value=10**40),
	st.floats(allow_nan=True, allow_infinity=True),
	st.text(max_size=300),
	st.sampled_from(["2026-01-01", today(), "completion", "exam", "hours", "attendance", "90", "-0", ""]),
)
values = st.one_of(
	scalars, st.lists(scalars, max_size=3), st.dictionaries(st.text(max_size=5), scalars, max_size=3)
)


@st.composite
def rows(draw, employee, course):
	base = {
		"external_id": draw(st.one_of(st.text(min_size=1, max_size=20), values)),
		"employee": draw(st.sampled_from([employee, employee.lower(), "nobody"]))
		if draw(st.booleans())
		else draw(values),
		"course": draw(st.sampled_from([course, course.lower()])) if draw(st.booleans()) else draw(values),
		"kind": draw(st.sampled_from(["completion", "exam", "hours", "attendance", "practice_assessment"]))
		if draw(st.booleans())
		else draw(values),
		"value": draw(st.one_of(st.integers(0, 100), values)),
		"date": draw(st.sampled_from([today(), "2026-01-15"])) if draw(st.booleans()) else draw(values),
	}
	if draw(st.booleans()):
		base["cycle"] = draw(values)
	return base if draw(st.integers(0, 20)) else draw(values)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_random_batches_are_answered_row_by_row_and_stored_once(data):
	employee = frappe.db.get_value("Employee", {"company": "_Test Company", "status": "Active"}, "name")
	course = frappe.db.get_value("Credit Course", {"disabled": 0}, "name") or new_course().name
	batch = data.draw(st.lists(rows(employee, course), min_size=1, max_size=25))
	try:
		answer = intake.intake(batch, source_system="hypothesis", process="inline")
		assert len(answer["rows"]) == len(batch)
		totals = answer["totals"]
		assert totals["accepted"] + totals["duplicate"] + totals["error"] == len(batch)
		stored = frappe.get_all(
			"Credit Evidence",
			filters={"batch_id": answer["batch_id"]},
			fields=["name", "status", "error_code"],
		)
		assert len(stored) == totals["accepted"] + totals["error"]
		assert all(row.error_code for row in stored if row.status == "Error")
		by_name = {row.name: row for row in stored}
		for result in answer["rows"]:
			if result["status"] == "error":
				assert by_name[result["evidence"]].status == "Error"
			elif result["status"] == "accepted":
				assert by_name[result["evidence"]].status != "Error"
		# the same batch again: every good row is a duplicate now, nothing is stored twice
		again = intake.intake(batch, source_system="hypothesis", process="inline")
		assert again["totals"]["accepted"] == 0
		assert again["totals"]["duplicate"] == totals["accepted"]
	finally:
		frappe.db.rollback()


def test_my_credits_names_whose_credits_they_are(world):
	"""Issue 10, point 10: 'My Credits' was the title of someone else's page too."""
	hr = frappe.get_doc(
		{
			"doctype": "User",
			"email": f"hr-page-{random_string(6).lower()}@example.com",
			"first_name": "HR",
			"send_welcome_email": 0,
			"roles": [{"role": "HR Manager"}, {"role": "HR User"}],
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	try:
		own = request("get", "/my-credits", headers=world.employee_auth).get_data(as_text=True)
		assert "My Credits</h1>" in own
		name = frappe.db.get_value("Employee", world.employee, "employee_name")
		other = request(
			"get", "/my-credits", query_string={"employee": world.employee}, headers=token(hr.name)
		).get_data(as_text=True)
		assert f"Credits of {name}" in other and "My Credits</h1>" not in other
	finally:
		frappe.db.delete("User", {"name": hr.name})
		frappe.db.delete("Has Role", {"parent": hr.name})
		frappe.db.commit()
