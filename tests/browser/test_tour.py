"""The first hour of each role, in a real browser, in English and Chinese (issue 10).

On a site with two companies in different currencies (_Test Company in INR and the demo company in
CNY), an HR manager, a payroll officer, a department manager and an employee each sign in and open
every link the HR Credits workspace shows them and their credits page; the employee's pages also at
phone width (390 px). Every page must open without an error message and without a script error in
the browser's console; links a role cannot open are not shown to it. Screenshots of each step are
kept in docs/screenshots/tour/ (the README shows some).
"""

import re
from pathlib import Path

import pytest

import frappe

from .conftest import DESK, TIMEOUT, VIEWPORT
from .test_browser import login

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "tour"
PASSWORD = "Tour-Test-2026!credits"
PHONE = {"width": 390, "height": 844}
# what the dev server cannot serve: the realtime server (socket.io) is not started by `bench serve`
IGNORED_CONSOLE = re.compile(r"socket\.io|WebSocket|ERR_CONNECTION_REFUSED|favicon", re.I)


def make_user(email: str, roles, employee: str | None = None, restrict: dict | None = None) -> str:
	from frappe.permissions import add_user_permission

	if frappe.db.exists("User", email):
		frappe.delete_doc("User", email, ignore_permissions=True, force=True)
	frappe.db.delete("User Permission", {"user": email})
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": email.split("@")[0].replace("-", " ").title(),
			"send_welcome_email": 0,
			"new_password": PASSWORD,
			"roles": [{"role": role} for role in roles],
		}
	).insert(ignore_permissions=True)
	if employee:
		frappe.db.set_value("Employee", employee, "user_id", user.name, update_modified=False)
		# ERPNext took the Employee role from the user while no Employee record named it
		# (validate_employee_role): given again now, as linking them in the Employee form does
		frappe.get_doc("User", user.name).add_roles(*roles)
		add_user_permission("Employee", employee, user.name)
	for doctype, value in (restrict or {}).items():
		add_user_permission(doctype, value, user.name)
	return user.name


@pytest.fixture(scope="module")
def roles(demo):
	"""The four people of the tour, on the demo company (CNY) of a site that also holds _Test Company."""
	employees = frappe.get_all(
		"Employee",
		filters={"company": demo, "status": "Active"},
		fields=["name", "department"],
		order_by="name",
	)
	manager_employee = employees[-1]
	own = employees[-2]
	users = {
		"hr-manager": make_user("tour-hr-manager@credit-demo.example", ["HR Manager", "HR User"]),
		"payroll-officer": make_user(
			"tour-payroll@credit-demo.example", ["HR Manager"], restrict={"Company": demo}
		),
		"department-manager": make_user(
			"tour-dept-manager@credit-demo.example",
			["Employee", "Credit Department Manager"],
			employee=manager_employee.name,
			restrict={"Department": manager_employee.department, "Company": demo},
		),
		"employee": make_user(
			"tour-employee@credit-demo.example", ["Employee"], employee=own.name, restrict={"Company": demo}
		),
	}
	frappe.db.commit()
	yield frappe._dict(users=users, employee=own.name, company=demo)
	frappe.db.rollback()
	for user in users.values():
		for employee in frappe.get_all("Employee", filters={"user_id": user}, pluck="name"):
			frappe.db.set_value("Employee", employee, "user_id", None, update_modified=False)
		frappe.db.delete("User Permission", {"user": user})
		frappe.delete_doc("User", user, ignore_permissions=True, force=True)
	frappe.db.commit()


class Watch:
	"""Console errors and uncaught script errors of a tab, and error dialogs shown on its pages."""

	def __init__(self, page):
		self.errors = []
		page.on("console", self.console)
		page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

	def console(self, message):
		url = (message.location or {}).get("url") or ""
		if message.type == "error" and not IGNORED_CONSOLE.search(message.text + " " + url):
			self.errors.append(f"console: {message.text} {url}".strip())


def error_dialog(page) -> str | None:
	dialog = page.locator(".modal.show .msgprint, .modal.show .modal-body .frappe-error")
	if dialog.count() and dialog.first.is_visible():
		return dialog.first.inner_text()[:300]
	return None


def shot(page, name: str) -> None:
	SCREENSHOTS.mkdir(parents=True, exist_ok=True)
	page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def workspace_links(page) -> list[tuple[str, str]]:
	"""Every link the workspace shows: shortcuts and the links of its cards (label, href)."""
	page.locator(".codex-editor .widget").first.wait_for(timeout=TIMEOUT)
	page.wait_for_timeout(1500)
	return page.evaluate(
		"""() => Array.from(document.querySelectorAll(
			'.links-widget-box a.link-item, .shortcut-widget-box a, .links-widget-box a'))
			.map((a) => [a.innerText.trim(), a.getAttribute('href')])
			.filter(([label, href]) => href && href !== '#')"""
	)


def open_and_check(page, watch, server, href: str, label: str, problems: list) -> None:
	before = len(watch.errors)
	page.goto(href if href.startswith("http") else f"{server}{href}")
	page.wait_for_load_state("networkidle", timeout=TIMEOUT)
	page.wait_for_timeout(800)
	shown = error_dialog(page)
	if shown:
		problems.append(f"{label} ({href}): {shown}")
	if "/query-report/" in href:
		# a report shows its rows, says why it has none, or (a prepared report) offers to compute them
		try:
			page.wait_for_function(
				"""() => window.frappe && frappe.query_report && frappe.query_report.report_name
					&& (Array.isArray(frappe.query_report.data) || frappe.query_report.prepared_report)""",
				timeout=20_000,
			)
		except Exception:
			shot(page, "failed-" + re.sub(r"\W+", "-", label) + ".png")
			problems.append(f"{label} ({href}): the report showed nothing")
	for error in watch.errors[before:]:
		problems.append(f"{label} ({href}): {error}")


def set_language(user: str, lang: str) -> None:
	frappe.db.set_value("User", user, "language", lang)
	frappe.db.commit()
	frappe.clear_cache(user=user)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("role", ["hr-manager", "payroll-officer", "department-manager", "employee"])
def test_every_role_opens_every_link_it_is_shown(browser, server, roles, role, lang):
	user = roles.users[role]
	set_language(user, lang)
	browser.clear_cookies()  # whoever the shared browser was signed in as
	page = browser.new_page()
	page.set_viewport_size(VIEWPORT)
	watch = Watch(page)
	problems = []
	try:
		login(page, server, user, PASSWORD, DESK)
		page.wait_for_timeout(1500)
		# v15 lists workspaces in the desk's sidebar; v16 shows desktop icons (labelled in the
		# user's language) on its apps screen
		shown_workspaces = page.evaluate(
			"""() => [
				...Array.from(document.querySelectorAll('.desk-sidebar .sidebar-item-container'))
					.map((item) => item.getAttribute('item-name')),
				...Array.from(document.querySelectorAll('a.desktop-icon')).map((item) => item.dataset.id),
			]"""
		)
		names = {"HR Credits", frappe.translate.get_all_translations(lang).get("HR Credits")}
		if names & set(shown_workspaces):
			page.goto(f"{server}{DESK}/hr-credits")
			expected_cards = 5 if role in ("hr-manager", "payroll-officer") else 3
			# cards and charts load: wait until every card shows its number and every chart is drawn
			page.wait_for_function(
				f"""() => document.querySelectorAll('.number-widget-box .widget-content .number').length >= {expected_cards}
					&& document.querySelectorAll('.dashboard-widget-box svg.frappe-chart').length >= 3""",
				timeout=TIMEOUT,
			)
			page.wait_for_timeout(1000)
			shown = error_dialog(page)
			if shown:
				problems.append(f"workspace: {shown}")
			problems += [f"workspace: {error}" for error in watch.errors]
			shot(page, f"{role}-{lang}-workspace.png")
			# the company the figures are of is named, with the companies the user may choose
			assert page.locator(".custom-block-widget-box").count() == 1
			# the cards and charts the role may see are there, drawn
			cards = page.locator(".number-widget-box .widget-content .number")
			charts = page.locator(".dashboard-widget-box svg.frappe-chart")
			assert cards.count() >= expected_cards
			assert charts.count() == 3
			if role == "hr-manager":
				# HR chooses the company the workspace shows; the choice is kept for the next visit
				# (Playwright's CSS locators reach into the block's open shadow root)
				with page.expect_navigation():
					page.locator("select.hrc-select").select_option(roles.company)
				page.wait_for_function(
					f"""() => document.querySelectorAll('.number-widget-box .widget-content .number').length >= {expected_cards}
						&& document.querySelectorAll('.dashboard-widget-box svg.frappe-chart').length >= 3""",
					timeout=TIMEOUT,
				)
				page.wait_for_timeout(1500)
				assert (
					frappe.db.get_value(
						"DefaultValue", {"parent": user, "defkey": "hr_credit_company"}, "defvalue"
					)
					== roles.company
				)
				shot(page, f"{role}-{lang}-workspace-{roles.company.lower().replace(' ', '-')}.png")
				# an employee's form shows their credits above every tab, with a link to their page
				open_and_check(
					page, watch, server, f"{DESK}/employee/{roles.employee}", "employee form", problems
				)
				headline = page.locator(".hr-credit-headline")
				headline.wait_for(timeout=TIMEOUT)
				assert (
					headline.locator("a.credits-page-link")
					.get_attribute("href")
					.startswith("/my-credits?employee=")
				)
				shot(page, f"{role}-{lang}-employee-form.png")
				page.goto(f"{server}{DESK}/hr-credits")
			links = workspace_links(page)
			assert links, "the workspace shows no links"
			for label, href in links:
				open_and_check(page, watch, server, href, label, problems)
		else:
			# not shown the workspace (an employee works on their credits page): nothing to open there
			assert role == "employee", f"{role} is not shown the HR Credits workspace"
		# the employee's own credits page (every role that has an employee record)
		if frappe.db.exists("Employee", {"user_id": user}):
			open_and_check(page, watch, server, "/my-credits", "my credits", problems)
			expect_text = "我的学分" if lang == "zh" else "My Credits"
			assert expect_text in page.locator(".my-credits h1").inner_text()
			shot(page, f"{role}-{lang}-my-credits.png")
		assert problems == [], "\n".join(problems)
	finally:
		page.close()
		set_language(user, "en")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_employee_pages_work_at_phone_width(browser, server, roles, lang):
	user = roles.users["employee"]
	set_language(user, lang)
	browser.clear_cookies()
	page = browser.new_page()
	page.set_viewport_size(PHONE)
	watch = Watch(page)
	try:
		login(page, server, user, PASSWORD, "/my-credits")
		page.locator(".my-credits .total-credits").wait_for(timeout=TIMEOUT)
		page.wait_for_timeout(800)
		# nothing wider than the phone: no sideways scrolling
		assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"] + 1
		shot(page, f"employee-{lang}-my-credits-phone.png")
		page.goto(f"{server}/credit-survey/new")
		page.locator(".web-form-wrapper, .web-form").first.wait_for(timeout=TIMEOUT)
		page.wait_for_timeout(1500)
		assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"] + 1
		shot(page, f"employee-{lang}-survey-phone.png")
		assert watch.errors == [], "\n".join(watch.errors)
	finally:
		page.close()
		set_language(user, "en")
