"""Test data for the site suite, built with ERPNext / HRMS factories where they exist."""

from contextlib import contextmanager
from unittest.mock import patch

import frappe
from frappe.utils import random_string

from erpnext.setup.doctype.employee.test_employee import make_employee

from hr_credit_app.demo import builders
from hr_credit_app.ledger import post as post_credit_entries

COMPANY = "_Test Company"


def new_employee(company: str = COMPANY, **kwargs) -> str:
	"""A fresh employee with a user of role Employee (unique per call)."""
	user = f"credit-{random_string(8).lower()}@example.com"
	return make_employee(user, company=company, **kwargs)


def employee_user(employee: str) -> str:
	return frappe.db.get_value("Employee", employee, "user_id")


def new_course(code: str | None = None, category: str = "Compulsory", base_credits=2, weight=1, **kwargs):
	doc = frappe.get_doc(
		{
			"doctype": "Credit Course",
			"course_code": code or "T-" + random_string(6).upper(),
			"course_title": kwargs.pop("course_title", "Test course"),
			"category": category,
			"delivery_mode": kwargs.pop("delivery_mode", "Online"),
			"base_credits": base_credits,
			"weight": weight,
			**kwargs,
		}
	)
	return doc.insert()


def post(employee: str, credits: float, posting_date: str, course: str | None = None, **kwargs) -> str:
	"""Post one entry through the ledger function; returns its name."""
	row = {
		"employee": employee,
		"credits": credits,
		"posting_date": posting_date,
		"course": course,
		"source": kwargs.pop("source", "Import"),
		"award_key": kwargs.pop("award_key", "test:" + random_string(12)),
		**kwargs,
	}
	result = post_credit_entries([row])
	return result["posted"][row["award_key"]]


def purge(employees=(), courses=(), users=(), training_results=(), training_events=(), programs=()):
	"""Remove committed test data (for tests that must commit: HTTP requests, concurrent workers)."""
	for name in training_results:
		frappe.db.delete("Credit Evidence", {"reference_doctype": "Training Result", "reference_name": name})
		frappe.db.delete("Training Result Employee", {"parent": name})
		frappe.db.delete("Training Result", {"name": name})
	for name in training_events:
		frappe.db.delete("Training Event Employee", {"parent": name})
		frappe.db.delete("Training Event", {"name": name})
	for name in courses:
		frappe.db.delete("Credit Course Skill", {"parent": name})
		frappe.db.delete("Credit Company", {"parenttype": "Credit Course", "parent": name})
		frappe.db.delete("Credit Course", {"name": name})
	for name in programs:
		frappe.db.delete("Training Program", {"name": name})
	builders.delete_people(list(employees), users)
	frappe.db.commit()


@contextmanager
def recorded_sql():
	"""Every statement sent through ``frappe.db.sql`` inside the block, as text (a list filled as
	they run)."""
	queries = []
	real_sql = frappe.db.sql

	def spy(query, *args, **kwargs):
		queries.append(str(query))
		return real_sql(query, *args, **kwargs)

	with patch.object(frappe.db, "sql", spy):
		yield queries
