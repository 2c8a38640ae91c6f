"""uninstall-app removes what install added; install-app brings it back (runs last: it is slow).

The cycle runs the real bench commands in a subprocess. It is skipped on a site that holds credit
data (it would drop it) or when HR_CREDIT_INSTALL_CYCLE=0. ``.ci/run`` runs it on the LMS site,
which holds none (the main site holds the demo company's credits, on purpose).
"""

import os
import subprocess
import sys

import pytest

import frappe

from hr_credit_app.permissions import DEPARTMENT_MANAGER_ROLE, INTEGRATION_ROLE
from hr_credit_app.setup.desk import HOST_INDEXES, get_custom_fields

from .conftest import SITE, SITES_PATH

V16_DESK = ("Workspace Sidebar", "Desktop Icon")


def bench(*args):
	frappe.db.rollback()  # end this connection's transaction: its metadata locks would block DROP TABLE
	result = subprocess.run(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", SITE, *args],
		cwd=SITES_PATH,
		capture_output=True,
		text=True,
		timeout=900,
	)
	assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
	return result.stdout


def our_host_indexes():
	"""The app's indexes found on HRMS's tables."""
	return [
		name
		for doctype, name, _columns in HOST_INDEXES
		if frappe.db.sql(f"show index from `tab{doctype}` where Key_name = %s", name)
	]


def our_custom_fields():
	return [
		(doctype, field["fieldname"])
		for doctype, fields in get_custom_fields().items()
		for field in fields
		if frappe.db.exists("Custom Field", {"dt": doctype, "fieldname": field["fieldname"]})
	]


@pytest.mark.skipif(os.environ.get("HR_CREDIT_INSTALL_CYCLE") == "0", reason="HR_CREDIT_INSTALL_CYCLE=0")
def test_uninstall_removes_what_install_added_and_reinstall_restores_it():
	frappe.db.rollback()
	if frappe.db.count("Credit Entry") or frappe.db.count("Credit Evidence"):
		pytest.skip("the site holds credit data; uninstalling would drop it")
	assert len(our_custom_fields()) == sum(len(f) for f in get_custom_fields().values())
	assert our_host_indexes() == [name for _doctype, name, _columns in HOST_INDEXES]
	for doctype in V16_DESK:  # v16: the workspace has its sidebar and a desktop icon
		if frappe.db.table_exists(doctype):
			assert frappe.db.get_value(doctype, "HR Credits", "app") == "hr_credit_app", doctype
	hrms_doctypes = frappe.db.count("DocType", {"module": ("in", ["HR", "Payroll"])})

	bench("uninstall-app", "hr_credit_app", "--yes", "--no-backup", "--force")
	frappe.db.rollback()
	frappe.clear_cache()
	assert "hr_credit_app" not in frappe.get_installed_apps()
	assert frappe.db.count("DocType", {"module": "HR Credit App"}) == 0
	assert not frappe.db.table_exists("Credit Entry")
	assert our_custom_fields() == []
	assert our_host_indexes() == []  # HRMS's tables as they were
	assert not frappe.db.exists("Role", INTEGRATION_ROLE)
	assert not frappe.db.exists("Role", DEPARTMENT_MANAGER_ROLE)
	assert frappe.db.count("DocType", {"module": ("in", ["HR", "Payroll"])}) == hrms_doctypes
	for doctype in V16_DESK:  # v16: the sidebar and the desktop icon go with the app
		if frappe.db.table_exists(doctype):
			assert not frappe.db.exists(doctype, {"app": "hr_credit_app"}), doctype

	bench("install-app", "hr_credit_app")
	frappe.db.rollback()
	frappe.clear_cache()
	assert "hr_credit_app" in frappe.get_installed_apps()
	assert dict(frappe.get_all("Credit Category", fields=["name", "target_share"], as_list=True)) == {
		"Compulsory": 40,
		"Elective": 30,
		"Practice": 30,
	}
	assert frappe.db.count("Credit Rule") == 3
	assert frappe.db.exists("Role", INTEGRATION_ROLE)
	assert len(our_custom_fields()) == sum(len(f) for f in get_custom_fields().values())
	assert our_host_indexes() == [name for _doctype, name, _columns in HOST_INDEXES]
	for doctype in V16_DESK:  # v16: the workspace has its sidebar and a desktop icon
		if frappe.db.table_exists(doctype):
			assert frappe.db.get_value(doctype, "HR Credits", "app") == "hr_credit_app", doctype
