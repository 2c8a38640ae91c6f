"""Connects the site suite to a real Frappe site and rolls every test back.

Run with the bench's Python from the bench's sites folder, e.g.
``cd $HR_CREDIT_BENCH/sites && ../env/bin/python -m pytest /path/to/hr_credit_app/tests/site``
(``.ci/run`` does this). The connection is opened when this file is loaded, before the test
modules are collected, because ERPNext/HRMS test factories read the site at import time.
"""

import os
from pathlib import Path

import pytest

import frappe

BENCH = Path(os.environ.get("HR_CREDIT_BENCH", "/opt/frappe-bench"))
SITE = os.environ.get("HR_CREDIT_SITE", "hrcredit.localhost")
SITES_PATH = BENCH / "sites"


def _connect():
	if not (SITES_PATH / SITE / "site_config.json").exists():
		pytest.exit(
			f"site {SITE} not found in {SITES_PATH}: set HR_CREDIT_BENCH / HR_CREDIT_SITE", returncode=4
		)
	os.chdir(SITES_PATH)
	frappe.init(site=SITE, sites_path=str(SITES_PATH))
	frappe.connect()
	frappe.flags.in_test = True
	frappe.set_user("Administrator")
	if "hr_credit_app" not in frappe.get_installed_apps():
		pytest.exit(f"hr_credit_app is not installed on {SITE}", returncode=4)
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
