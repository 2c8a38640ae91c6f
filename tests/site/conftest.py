"""Connects the site suite to a real Frappe site and rolls every test back.

Run with the bench's Python from the bench's sites folder, e.g.
``cd $HR_CREDIT_BENCH/sites && ../env/bin/python -m pytest /path/to/hr_credit_app/tests/site``
(``.ci/run`` does this). The connection is opened when this file is loaded, before the test
modules are collected, because ERPNext/HRMS test factories read the site at import time.
"""

import pytest

import frappe
from frappe.utils import random_string

from hr_credit_app.demo import builders
from hr_credit_app.employee_page import RECOMMENDATIONS_KEY
from hr_credit_app.payroll import slip_checks

BENCH = builders.bench_path()
SITE = builders.site_name()
SITES_PATH = BENCH / "sites"


def _connect():
	try:
		builders.connect(SITE, in_test=True)
	except (FileNotFoundError, RuntimeError) as e:
		pytest.exit(str(e), returncode=4)
	if not frappe.db.exists("Company", "_Test Company"):
		from hr_credit_app.setup import before_tests

		before_tests()
		frappe.db.commit()


_connect()


@pytest.fixture(scope="session", autouse=True)
def site():
	yield SITE
	frappe.db.rollback()
	frappe.destroy()


@pytest.fixture(autouse=True)
def rollback():
	"""Each test sees the site as the previous one left it: everything it wrote is rolled back."""
	frappe.set_user("Administrator")
	frappe.local.message_log = []
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.local.message_log = []
	# what the app keeps in Redis for what was just rolled back
	frappe.cache.delete_keys(RECOMMENDATIONS_KEY)
	slip_checks.forget()


@pytest.fixture
def other_company():
	"""A second company (the demo's where the site has it, else one made for the test)."""
	existing = frappe.db.get_value("Company", {"name": ("!=", "_Test Company")}, "name")
	if existing:
		return existing
	return (
		frappe.get_doc(
			{
				"doctype": "Company",
				"company_name": "Other Company " + random_string(4),
				"abbr": "TO" + random_string(3).upper(),
				"default_currency": "CNY",
				"country": "China",
			}
		)
		.insert()
		.name
	)
