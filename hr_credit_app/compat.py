"""What differs between the Frappe / ERPNext / HRMS majors this app runs on (15 and 16), in one place.

The rest of the app calls these and never asks for a version itself.
"""

from contextlib import contextmanager

import frappe

FRAPPE_MAJOR = int(frappe.__version__.split(".")[0])


def desk_path() -> str:
	"""Where the desk lives: /app on v15, /desk on v16 (which redirects /app there). Links the app
	renders come from Frappe's own helpers (get_url_to_form, frappe.set_route) and need no prefix."""
	return "/desk" if FRAPPE_MAJOR >= 16 else "/app"


def app_major(app: str) -> int:
	return int(frappe.get_attr(f"{app}.__version__").split(".")[0])


def unsupported_versions() -> list[str]:
	"""The host apps whose installed version is outside ``hooks.supported_versions``."""
	from packaging.specifiers import SpecifierSet
	from packaging.version import Version

	wrong = []
	for app, spec in frappe.get_hooks("supported_versions", app_name="hr_credit_app").items():
		spec = spec[-1] if isinstance(spec, list) else spec  # get_hooks lists each value of a dict hook
		version = frappe.get_attr(f"{app}.__version__")
		if Version(version) not in SpecifierSet(spec):
			wrong.append(f"{app} {version} ({spec})")
	return wrong


def payroll_payable_account_type() -> str:
	"""The account type HRMS requires of a Payroll Entry's payroll payable account: none on v15
	(it refuses any), Payable on v16."""
	return "Payable" if app_major("hrms") >= 16 else ""


def set_test_mode(enabled: bool) -> None:
	"""Test mode for a process that connects by itself (the test suites): v16 reads ``frappe.in_test``
	(password policy, queued Data Import), v15 ``frappe.flags.in_test``."""
	frappe.flags.in_test = enabled
	if hasattr(frappe, "in_test"):
		frappe.in_test = enabled


# ---- the doctype map cache (what Frappe caches Assignment Rules and Notifications in) -------------
# v15 keeps one Redis hash per doctype (``credit_rule_map``, a field per name); v16 one key per name
# (``credit_rule_map::enabled``) in the client-side cache, which Redis invalidates in every worker.


def doctype_map_key(doctype: str, name: str) -> str:
	"""The Redis key (site-prefixed) that holds the map ``name`` of ``doctype``."""
	if FRAPPE_MAJOR >= 16:
		return frappe.cache.make_key(frappe.cache_manager.get_doctype_map_key(doctype, name))
	return frappe.cache.make_key(frappe.cache_manager.get_doctype_map_key(doctype))


def get_doctype_map(doctype: str, name: str, generator, expires_in_sec: int):
	"""The cached map, made by ``generator`` when missing; it expires after ``expires_in_sec``."""
	made = []

	def make():
		made.append(True)
		return generator()

	if FRAPPE_MAJOR >= 16:
		value = frappe.client_cache.get_value(
			frappe.cache_manager.get_doctype_map_key(doctype, name), generator=make
		)
	else:
		value = frappe.cache.hget(frappe.cache_manager.get_doctype_map_key(doctype), name, make)
	if made:
		frappe.cache.expire(doctype_map_key(doctype, name), expires_in_sec)
	return value


def clear_doctype_map(doctype: str, name: str) -> None:
	frappe.cache_manager.clear_doctype_map(doctype, name)


# ---- locking reads ----------------------------------------------------------------------------------
# MariaDB 11.6+ (v16 benches run 11.8) turns ``innodb_snapshot_isolation`` on: a locking read of a row
# that another transaction changed after this one's first read fails ("Record has changed since last
# read", which Frappe 16 raises as QueryDeadlockError) instead of waiting for that transaction and
# reading the row as it is now. The app's decisions under lock (two payroll syncs of one period, a
# slip submitted while a sync runs, series and evidence claims) are written for the second behaviour,
# MariaDB 10's, so the locking reads run with it; the session's value is put back afterwards.


@contextmanager
def latest_locking_reads():
	previous = _snapshot_isolation()
	if previous:
		frappe.db.sql("set session innodb_snapshot_isolation = OFF")
	try:
		yield
	finally:
		if previous:
			frappe.db.sql("set session innodb_snapshot_isolation = ON")


def _snapshot_isolation() -> bool:
	if frappe.db.db_type != "mariadb":
		return False
	try:
		return bool(frappe.db.sql("select @@session.innodb_snapshot_isolation")[0][0])
	except Exception:  # a MariaDB without the variable: locking reads always read the latest row
		return False


# ---- holiday lists ----------------------------------------------------------------------------------
# HRMS 15 finds an employee's holiday list on the employee or the company's default; HRMS 16 through
# submitted Holiday List Assignments (to the employee, else to the company).


def assign_company_holiday_list(company: str, holiday_list: str, from_date) -> None:
	frappe.db.set_value("Company", company, "default_holiday_list", holiday_list)
	if not frappe.db.table_exists("Holiday List Assignment"):
		return
	if frappe.db.exists(
		"Holiday List Assignment", {"assigned_to": company, "holiday_list": holiday_list, "docstatus": 1}
	):
		return
	frappe.get_doc(
		{
			"doctype": "Holiday List Assignment",
			"applicable_for": "Company",
			"assigned_to": company,
			"holiday_list": holiday_list,
			"from_date": from_date,
		}
	).insert(ignore_permissions=True).submit()


def delete_company_holiday_assignments(company: str) -> None:
	if frappe.db.table_exists("Holiday List Assignment"):
		frappe.db.delete("Holiday List Assignment", {"applicable_for": "Company", "assigned_to": company})


# ---- the desk of v16: a workspace sidebar and a desktop icon -------------------------------------
# v16 imports the app-level folders ``workspace_sidebar/`` and ``desktop_icon/`` on migrate, but
# skips a file older than the record; a site that ran the app on v16 before these files existed has
# records Frappe generated, so they are imported with force. v15 has neither doctype and ignores
# the folders.
DESK_FOLDERS = (("workspace_sidebar", "Workspace Sidebar"), ("desktop_icon", "Desktop Icon"))


def sync_desk_files() -> None:
	import os

	from frappe.modules.import_file import import_file_by_path

	for folder, doctype in DESK_FOLDERS:
		path = frappe.get_app_path("hr_credit_app", folder)
		if not frappe.db.table_exists(doctype) or not os.path.isdir(path):
			continue
		for filename in sorted(os.listdir(path)):
			if filename.endswith(".json"):
				import_file_by_path(os.path.join(path, filename), force=True, ignore_version=True)


def delete_desk_records() -> None:
	for _folder, doctype in DESK_FOLDERS:
		if frappe.db.table_exists(doctype) and frappe.get_meta(doctype).has_field("app"):
			for name in frappe.get_all(doctype, filters={"app": "hr_credit_app"}, pluck="name"):
				frappe.delete_doc(doctype, name, ignore_permissions=True, force=True)
