"""The REST path and concurrent senders, against committed data (cleaned up afterwards).

HTTP requests go through Frappe's own WSGI application (``frappe.utils.get_test_client``) in a
thread of their own, with their own database connection, exactly as a web worker serves them.
"""

import threading
from unittest.mock import patch

import pytest

import frappe
from frappe.utils import get_test_client, random_string, today

from hr_credit_app import intake

from .conftest import SITE
from .factories import new_course, new_employee, purge

METHOD = "/api/method/hr_credit_app.api.submit_evidence"


def request(method: str, path: str, **kwargs):
	"""One HTTP request served by Frappe's WSGI app in its own thread and connection."""
	result = {}

	def run():
		with patch("frappe.app.get_site_name", return_value=SITE):
			client = get_test_client(use_cookies=False)
			result["response"] = getattr(client, method)(path, **kwargs)

	thread = threading.Thread(target=run)
	thread.start()
	thread.join()
	return result["response"]


@pytest.fixture(scope="module")
def world():
	"""Two employees, an online course and an API user with only the Credit Integration role."""
	frappe.set_user("Administrator")
	employees = [new_employee(), new_employee()]
	course = new_course(code="HTTP-" + random_string(6).upper(), base_credits=2)
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": f"integration-{random_string(6).lower()}@example.com",
			"first_name": "LMS Integration",
			"send_welcome_email": 0,
			"user_type": "System User",
			"roles": [{"role": "Credit Integration"}],
		}
	).insert(ignore_permissions=True)
	api_key, api_secret = frappe.generate_hash(length=15), frappe.generate_hash(length=15)
	user.api_key = api_key
	user.api_secret = api_secret
	user.save(ignore_permissions=True)
	frappe.db.commit()
	yield frappe._dict(
		employees=employees,
		course=course.name,
		user=user.name,
		auth={"Authorization": f"token {api_key}:{api_secret}"},
	)
	frappe.db.rollback()
	purge(employees=employees, courses=[course.name], users=[user.name])


def entries(employees):
	frappe.db.commit()  # end this connection's snapshot: see what the other connections committed
	return frappe.get_all(
		"Credit Entry",
		filters={"employee": ("in", employees), "docstatus": 1},
		fields=["employee", "credits"],
	)


def batch(world, prefix):
	alice, bob = world.employees
	return [
		{
			"external_id": prefix + "-1",
			"employee": alice,
			"course": world.course,
			"kind": "completion",
			"value": 100,
			"date": today(),
		},
		{
			"external_id": prefix + "-2",
			"employee": alice,
			"course": world.course,
			"kind": "exam",
			"value": 92,
			"date": today(),
		},
		{
			"external_id": prefix + "-3",
			"employee": bob,
			"course": world.course,
			"kind": "exam",
			"value": 150,
			"date": today(),
		},
		{
			"external_id": prefix + "-4",
			"employee": "nobody",
			"course": world.course,
			"kind": "exam",
			"value": 90,
			"date": today(),
		},
		{
			"external_id": prefix + "-1",
			"employee": alice,
			"course": world.course,
			"kind": "completion",
			"value": 100,
			"date": today(),
		},
	]


def test_rest_batch_answers_per_row_and_credits_exactly_once(world):
	rows = batch(world, "rest-" + random_string(5))
	response = request("post", METHOD, json=rows, headers=world.auth)
	assert response.status_code == 200, response.text
	answer = response.json["message"]
	assert [r["status"] for r in answer["rows"]] == ["accepted", "accepted", "error", "error", "error"]
	assert "150" in answer["rows"][2]["message"] and "nobody" in answer["rows"][3]["message"]
	assert answer["totals"] == {"rows": 5, "accepted": 2, "duplicate": 0, "error": 3, "credited": 1}
	assert [(e.employee, e.credits) for e in entries(world.employees)] == [(world.employees[0], 2)]

	again = request("post", METHOD, json=rows, headers=world.auth).json["message"]
	assert [r["status"] for r in again["rows"]][:2] == ["duplicate", "duplicate"]
	assert len(entries(world.employees)) == 1
	purge_evidence(world)


def purge_evidence(world):
	frappe.db.rollback()
	for doctype in ("Credit Entry", "Credit Enrolment", "Credit Evidence"):
		frappe.db.delete(doctype, {"employee": ("in", world.employees)})
	frappe.db.delete("Credit Evidence", {"employee_ref": "nobody"})
	frappe.db.commit()


def test_malformed_bodies_are_refused_with_http_400(world):
	for body in ({"rows": "not json"}, {"rows": []}, {"rows": {"external_id": "x"}}):
		response = request("post", METHOD, json=body, headers=world.auth)
		assert response.status_code == 400, (body, response.status_code)
		assert "JSON array" in response.text
	# broken JSON sent as text is answered by the app: HTTP 400 with the reason
	response = request(
		"post", METHOD, data="[{not json", headers={**world.auth, "Content-Type": "text/plain"}
	)
	assert response.status_code == 400 and "JSON array" in response.text


def test_the_integration_user_can_do_nothing_else(world):
	response = request("get", "/api/resource/Employee", headers=world.auth)
	assert response.status_code == 403
	response = request("get", "/api/resource/Credit Entry", headers=world.auth)
	assert response.status_code == 403
	response = request(
		"get",
		"/api/method/hr_credit_app.api.get_credit_summary?employee=" + world.employees[0],
		headers=world.auth,
	)
	assert response.status_code == 403


def test_an_employee_cannot_submit_evidence(world):
	frappe.set_user(frappe.db.get_value("Employee", world.employees[0], "user_id"))
	with pytest.raises(frappe.PermissionError):
		from hr_credit_app.api import submit_evidence

		submit_evidence(data=batch(world, "x"))


def test_two_workers_sending_the_same_batch_at_once_post_no_duplicates(world):
	rows = batch(world, "race-" + random_string(5))[:2]
	barrier = threading.Barrier(2)
	results, errors = [], []

	def worker():
		try:
			frappe.init(site=SITE, sites_path=".")
			frappe.connect()
			frappe.set_user("Administrator")
			barrier.wait()
			results.append(intake.intake(rows, source_system="race", process="inline"))
			frappe.db.commit()
		except Exception as e:
			errors.append(e)
		finally:
			frappe.destroy()

	threads = [threading.Thread(target=worker) for _ in range(2)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	assert errors == []
	statuses = sorted(r["status"] for result in results for r in result["rows"])
	assert statuses == ["accepted", "accepted", "duplicate", "duplicate"]
	assert [(e.employee, e.credits) for e in entries(world.employees)] == [(world.employees[0], 2)]
	frappe.db.commit()
	assert frappe.db.count("Credit Evidence", {"source_system": "race", "employee": world.employees[0]}) == 2
	purge_evidence(world)
