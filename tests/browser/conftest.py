"""Real-browser tests: a dev web server for the site, the demo company and an employee who logs in.

Run with the bench's Python from the bench's sites folder, e.g.
``cd $HR_CREDIT_BENCH/sites && ../env/bin/python -m pytest /path/to/hr_credit_app/tests/browser``.
The connection to the site is opened when this file is loaded (as in tests/site, whose fixtures are
not used here: this suite commits what the browser must see and removes it again at the end).
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import frappe

from hr_credit_app import compat
from hr_credit_app import demo as demo_module
from hr_credit_app.demo import builders

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
	"--headless=new",
	"--no-sandbox",
	"--disable-gpu",
	"--disable-quic",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 900}
TIMEOUT = 60_000  # ms; the dev server is slow on the first load of the desk assets

BENCH = builders.bench_path()
SITE = builders.site_name()
SITES_PATH = BENCH / "sites"
COMPANY = demo_module.COMPANY
DESK = compat.desk_path()  # /app on v15, /desk on v16 (where /app redirects)
TEST_USER = "credit-browser-test@credit-demo.example"
TEST_PASSWORD = "Browser-Test-2026!credits"
SERVER_START_TIMEOUT = 120


def _connect():
	try:
		builders.connect(SITE, in_test=True)
	except (FileNotFoundError, RuntimeError) as e:
		pytest.exit(str(e), returncode=4)


_connect()


@pytest.fixture(scope="session", autouse=True)
def site():
	yield SITE
	frappe.db.rollback()
	frappe.destroy()


@pytest.fixture(scope="session")
def demo(site):
	"""The demo company: built if missing (idempotent, deterministic) and then removed again, so the
	site is left as the suite found it."""
	built = not frappe.db.exists("Company", COMPANY)
	if built:
		demo_module.run()
		frappe.db.commit()
	yield COMPANY
	if built:
		frappe.db.rollback()
		demo_module.remove()
		frappe.db.commit()


@pytest.fixture(scope="session")
def admin_company(demo):
	"""Administrator's default company is the demo company while the suite runs (reports, cards)."""
	previous = frappe.defaults.get_user_default("Company", user="Administrator")
	frappe.defaults.set_user_default("Company", demo, user="Administrator")
	frappe.defaults.set_user_default("hr_credit_company", demo, user="Administrator")
	frappe.db.commit()
	yield demo
	if previous:
		frappe.defaults.set_user_default("Company", previous, user="Administrator")
	else:
		frappe.defaults.clear_user_default("Company", user="Administrator")
	frappe.defaults.clear_user_default("hr_credit_company", user="Administrator")
	frappe.db.commit()


def _remove_user(user: str) -> None:
	"""Unlink, then delete the user and the traces its life left (contact, permissions, logs)."""
	frappe.db.rollback()
	for employee in frappe.get_all("Employee", filters={"user_id": user}, pluck="name"):
		frappe.db.set_value("Employee", employee, "user_id", None, update_modified=False)
	frappe.db.delete("User Permission", {"user": user})
	documents = [
		("Contact", name) for name in frappe.get_all("Contact", filters={"user": user}, pluck="name")
	]
	if frappe.db.exists("User", user):
		documents += [("User", user), ("Notification Settings", user)]
	for doctype, name in documents:
		if frappe.db.exists(doctype, name):
			frappe.delete_doc(doctype, name, ignore_permissions=True, force=True)
	for doctype, name in documents:
		frappe.db.delete("Deleted Document", {"deleted_doctype": doctype, "deleted_name": name})
		frappe.db.delete("Version", {"ref_doctype": doctype, "docname": name})
	frappe.db.delete("Activity Log", {"user": user})
	frappe.db.delete("Route History", {"user": user})
	frappe.db.commit()
	frappe.clear_cache(user=user)


def _pick_employee(company: str) -> str:
	"""The first demo employee (by id) at a level below the top one, so the page shows a gap."""
	from hr_credit_app.employee_page import level_status

	for employee in frappe.get_all(
		"Employee", filters={"company": company, "status": "Active"}, pluck="name", order_by="name"
	):
		status = level_status(employee)
		if status["level"] and status["gap_message"] and status["level"] != status["levels"][-1]:
			return employee
	pytest.fail(f"no employee of {company} has a level below the top one")


@pytest.fixture(scope="session")
def employee_user(demo):
	"""A user with role Employee linked to a demo employee (as HRMS links them), removed at the end."""
	from frappe.permissions import add_user_permission

	_remove_user(TEST_USER)  # left over from an interrupted run
	employee = _pick_employee(demo)
	name = frappe.db.get_value("Employee", employee, "employee_name")
	first, _space, last = name.partition(" ")
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": TEST_USER,
			"first_name": first,
			"last_name": last,
			"send_welcome_email": 0,
			"new_password": TEST_PASSWORD,
			"roles": [{"role": "Employee"}],
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value("Employee", employee, "user_id", user.name, update_modified=False)
	# ERPNext takes the Employee role from a user no Employee record names (validate_employee_role):
	# given again now that the record names the user, as linking them in the Employee form does
	frappe.get_doc("User", user.name).add_roles("Employee")
	add_user_permission("Employee", employee, user.name)
	add_user_permission("Company", demo, user.name)
	frappe.db.commit()
	try:
		yield frappe._dict(user=user.name, password=TEST_PASSWORD, employee=employee, employee_name=name)
	finally:
		_remove_user(TEST_USER)


def _free_port() -> int:
	with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
		sock.bind(("127.0.0.1", 0))
		return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(site):
	"""``bench serve`` (werkzeug dev server, statics from sites/assets) on a free port; its base URL."""
	port = _free_port()
	base_url = f"http://{site}:{port}"
	log = tempfile.NamedTemporaryFile(prefix="hr-credit-browser-serve-", suffix=".log", delete=False)
	python = BENCH / "env" / "bin" / "python"
	command = [
		str(python if python.exists() else sys.executable),
		*("-m", "frappe.utils.bench_helper", "frappe", "--site", site),
		*("serve", "--port", str(port), "--noreload"),
	]
	process = subprocess.Popen(
		command, cwd=SITES_PATH, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
	)
	try:
		deadline = time.monotonic() + SERVER_START_TIMEOUT
		while True:
			if process.poll() is not None:
				pytest.fail(f"the web server exited with {process.returncode}:\n{_tail(log.name)}")
			try:
				# the loopback address: chromium resolves *.localhost itself, Python only where
				# /etc/hosts names the site (a v16 chroot's does not)
				with urllib.request.urlopen(
					f"http://127.0.0.1:{port}/api/method/ping", timeout=10
				) as response:
					if b"pong" in response.read():
						break
			except (urllib.error.URLError, OSError):
				pass
			if time.monotonic() > deadline:
				pytest.fail(
					f"the web server did not answer within {SERVER_START_TIMEOUT} s:\n{_tail(log.name)}"
				)
			time.sleep(0.5)
		yield base_url
	finally:
		if process.poll() is None:
			os.killpg(process.pid, 15)
			try:
				process.wait(timeout=20)
			except subprocess.TimeoutExpired:
				os.killpg(process.pid, 9)
				process.wait()
		log.close()
		os.unlink(log.name)


def _tail(path: str, lines: int = 40) -> str:
	with open(path, errors="replace") as handle:
		return "".join(handle.readlines()[-lines:])


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
	if not Path(CHROMIUM).exists():
		pytest.skip(f"{CHROMIUM} not found")
	try:
		from playwright.sync_api import sync_playwright
	except ImportError as error:
		pytest.skip(f"playwright is not importable: {error}")
	with sync_playwright() as playwright:
		context = playwright.chromium.launch_persistent_context(
			str(tmp_path_factory.mktemp("chromium-profile")),
			executable_path=CHROMIUM,
			args=CHROMIUM_ARGS,
			headless=True,
			viewport=VIEWPORT,
		)
		context.set_default_timeout(TIMEOUT)
		context.set_default_navigation_timeout(TIMEOUT)
		yield context
		context.close()


@pytest.fixture(scope="module")
def page(browser, server, admin_company):
	"""One tab for the whole flow, signed in as Administrator."""
	from .test_browser import login

	page = browser.pages[0] if browser.pages else browser.new_page()
	login(page, server, "Administrator", "admin", DESK)
	yield page
