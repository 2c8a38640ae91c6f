"""What a person sees in a real browser: the HR Credits workspace, two reports and /my-credits.

Headless Debian chromium (driven by Playwright) against ``bench serve`` on a free port. The expected
texts come from the app's Python code, read in-process from the same site. Screenshots go to
docs/screenshots/ of the repository.
"""

import re
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

import pytest

import frappe

try:
	from playwright.sync_api import Page, expect
	from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
except ImportError as error:
	pytest.skip(f"playwright is not importable: {error}", allow_module_level=True)

from .conftest import DESK, TIMEOUT, VIEWPORT

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
NUMBER_CARDS = ("Credits This Month", "Plan Participation", "Plan Completion", "Employees at a Credit Level")
CHARTS = ("Credits by Category per Month", "Plan Completion by Department", "Employees per Credit Level")


def number_cards_carry_a_currency() -> bool:
	return bool(
		frappe.get_all("Number Card", filters={"name": ("in", NUMBER_CARDS), "currency": ("is", "set")})
	)


def my_credits_controller_is_not_found() -> bool:
	"""Frappe loads www/<route with "-" made "_">.py, so /my-credits needs www/my_credits.py."""
	www = Path(frappe.get_app_path("hr_credit_app", "www"))
	return not (www / "my_credits.py").exists()


# Known app bugs: while one is there, the test that shows it must fail (strict xfail); once it is
# fixed, the condition is false and the test runs (and must pass) like any other.
CARD_CURRENCY_BUG = pytest.mark.xfail(
	number_cards_carry_a_currency(),
	reason="app bug: the HR Credits Number Card JSONs carry currency INR, so the desk renders every card "
	"as money (Plan Completion '₹ 34.48' instead of '34.48%')",
	strict=True,
)
MY_CREDITS_BUG = pytest.mark.xfail(
	my_credits_controller_is_not_found(),
	reason="app bug: the controller is www/my-credits.py, but Frappe looks for www/my_credits.py, so "
	"get_context never runs: no redirect of guests to /login, and every user sees 'No employee record "
	"is linked to your user.'",
	strict=True,
)


def login(page: Page, server: str, user: str, password: str, redirect_to: str) -> None:
	"""Sign in through the /login form and wait for the page it sends the user to.

	Signing in forgets whoever the browser was signed in as. A late answer to a tab closed a moment
	ago can bring that user's ``sid`` cookie back (Frappe renews the cookie on every answer, and the
	browser stores it even for a closed tab), and /login then sends the browser on as that user
	instead of showing the form: the cookies are cleared again and /login asked once more. A form
	that does not come for any other reason fails with what the browser was shown instead."""
	url = f"{server}/login?redirect-to={quote(redirect_to)}"
	for _attempt in range(3):
		page.context.clear_cookies()
		response = page.goto(url)
		if urlparse(page.url).path == "/login":
			break
	else:
		raise AssertionError(f"/login keeps sending the browser on as {logged_user(page)} to {page.url}")
	try:
		page.locator("#login_email").wait_for(state="visible")
	except PlaywrightTimeoutError:
		raise AssertionError(
			f"/login shows no sign-in form (HTTP {response.status if response else '?'}): "
			f"{page.locator('body').inner_text()[:500]}"
		) from None
	page.fill("#login_email", user)
	page.fill("#login_password", password)
	page.click("form.form-signin .btn-login")
	page.wait_for_url(f"{server}{redirect_to}**")


def logged_user(page: Page) -> str | None:
	"""The user of the tab's session, from the ``user_id`` cookie Frappe keeps in step with it."""
	cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
	return unquote(cookies["user_id"]) if "user_id" in cookies else None


def screenshot(page: Page, name: str) -> None:
	"""A full-page screenshot; the desk scrolls inside its main section, so the window grows to fit it."""
	SCREENSHOTS.mkdir(parents=True, exist_ok=True)
	hidden = page.evaluate(
		"""Math.max(0, ...Array.from(document.querySelectorAll(".layout-main-section-wrapper"))
			.map((element) => element.scrollHeight - element.clientHeight))"""
	)
	if hidden:
		page.set_viewport_size({"width": VIEWPORT["width"], "height": VIEWPORT["height"] + hidden})
		page.wait_for_timeout(1500)  # charts redraw (animated) when the window is resized
	page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
	if hidden:
		page.set_viewport_size(VIEWPORT)


def parse_number(text: str) -> float:
	return float(re.sub(r"[^\d.\-]", "", text))


def card_number(page: Page, title: str):
	card = page.locator(".widget.number-widget-box").filter(has=page.locator(".widget-title", has_text=title))
	return card.locator(".widget-content .number")


def test_workspace_shows_number_cards_and_charts(page, server):
	page.goto(f"{server}{DESK}/hr-credits")
	for title in NUMBER_CARDS:
		expect(page.locator(".number-widget-box .widget-title", has_text=title)).to_be_visible(
			timeout=TIMEOUT
		)
		# the number replaces the loading placeholder once the card's method has answered
		expect(card_number(page, title)).to_be_visible(timeout=TIMEOUT)
		expect(card_number(page, title)).to_have_text(re.compile(r"\d"))
	for title in CHARTS:
		chart = page.locator(".widget.dashboard-widget-box").filter(
			has=page.locator(".widget-title", has_text=title)
		)
		expect(chart).to_have_count(1)
		expect(chart.locator("svg.frappe-chart")).to_be_visible(timeout=TIMEOUT)
	page.wait_for_timeout(1500)  # let the charts finish their draw-in animation
	screenshot(page, "workspace.png")


@CARD_CURRENCY_BUG
def test_number_cards_show_percentages_and_counts_not_money(page, server, admin_company):
	from hr_credit_app.dashboard import employees_at_a_level, plan_completion, plan_participation

	company = {"company": admin_company}
	if not page.url.endswith(f"{DESK}/hr-credits"):
		page.goto(f"{server}{DESK}/hr-credits")
	for title, method in (("Plan Participation", plan_participation), ("Plan Completion", plan_completion)):
		expect(card_number(page, title)).to_have_text(re.compile(r"\d"), timeout=TIMEOUT)
		text = card_number(page, title).inner_text().strip()
		assert re.fullmatch(r"[\d.,]+\s*%", text), f"{title} shows {text!r}, not a percentage"
		assert parse_number(text) == pytest.approx(method(company)["value"], abs=0.05)
	for title in ("Credits This Month", "Employees at a Credit Level"):
		text = card_number(page, title).inner_text().strip()
		assert re.fullmatch(r"[\d.,]+\s*[KMB]?", text), f"{title} shows {text!r}, not a plain number"
	text = card_number(page, "Employees at a Credit Level").inner_text().strip()
	assert parse_number(text) == employees_at_a_level(company)["value"]


def open_report(page: Page, server: str, report: str, company: str) -> None:
	page.goto(f"{server}{DESK}/query-report/{quote(report)}?company={quote(company)}")
	# the window's title (a page title on v15, breadcrumbs on v16; both majors set the document title)
	expect(page).to_have_title(re.compile(re.escape(report)), timeout=TIMEOUT)
	page.wait_for_selector(".report-wrapper .dt-scrollable .dt-row", state="visible")


def test_employee_credit_progress_report(page, server, admin_company):
	from hr_credit_app.hr_credit_app.report.employee_credit_progress.employee_credit_progress import execute

	_columns, data, *_rest = execute(frappe._dict(company=admin_company))
	top = data[0]  # the report sorts by credits, so this row is on screen
	assert top["level"], "the demo's top employee should have a level"
	open_report(page, server, "Employee Credit Progress", admin_company)
	headers = page.locator(".dt-header .dt-cell__content")
	for label in ("Employee", "Credits", "Level", "Next Level", "Credits to Next Level"):
		expect(headers.filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")).first).to_be_visible()
	row = page.locator(".dt-scrollable .dt-row").filter(has_text=top["employee_name"])
	expect(row).to_have_count(1)
	expect(row).to_contain_text(top["employee"])
	expect(row).to_contain_text(top["level"])
	page.wait_for_timeout(1000)
	screenshot(page, "employee-credit-progress.png")


def test_plan_tracking_report(page, server, admin_company):
	open_report(page, server, "Plan Tracking", admin_company)
	expect(page.locator(".dt-scrollable").get_by_text("Digital skills").first).to_be_visible()
	page.wait_for_timeout(1000)
	screenshot(page, "plan-tracking.png")


def expected_page(employee: str, lang: str = "en") -> dict:
	"""What /my-credits must show, computed by the app's own code in the user's language."""
	from hr_credit_app.employee_page import level_status

	previous = frappe.local.lang
	frappe.local.lang = lang
	try:
		status = level_status(employee)
		return {
			"total": status["summary"]["total"],
			"by_category": status["summary"]["by_category"],
			"level": frappe._(status["level"]),
			"gap_message": status["gap_message"],
			"history": min(20, frappe.db.count("Credit Entry", {"employee": employee, "docstatus": 1})),
		}
	finally:
		frappe.local.lang = previous


def check_my_credits(page: Page, expected: dict) -> None:
	expect(page.locator(".my-credits .total-credits")).to_be_visible()
	assert parse_number(page.locator(".total-credits").inner_text()) == pytest.approx(expected["total"])
	expect(page.locator(".current-level")).to_have_text(expected["level"])
	expect(page.locator(".gap-message")).to_have_text(expected["gap_message"])
	# one bar per enabled category, each with the employee's credits in it ("12 / 16")
	enabled = frappe.get_all("Credit Category", filters={"disabled": 0}, pluck="name")
	bars = page.locator(".category-bar")
	expect(bars).to_have_count(len(enabled))
	shown = {}
	for i in range(bars.count()):
		bar = bars.nth(i)
		expect(bar.locator(".progress-bar")).to_be_attached()
		percent = int(bar.locator(".progress-bar").get_attribute("aria-valuenow"))
		assert 0 <= percent <= 100
		# "12 of 16 for Intermediate": the credits first, then what the next level needs in the category
		credits = re.match(r"\s*([\d.,]+)", bar.locator(".bar-text").inner_text()).group(1)
		shown[bar.get_attribute("data-category")] = parse_number(credits)
	assert set(shown) == set(enabled)
	assert shown == {
		category: pytest.approx(expected["by_category"].get(category, 0)) for category in enabled
	}
	expect(page.locator("table.credit-history tbody tr")).to_have_count(expected["history"])


def log_out(page: Page, server: str) -> None:
	"""The tab becomes a guest's: its session cookie dropped (v16 logs out only by POST with a CSRF
	token), then a page that hands the guest its cookies. The tab first leaves the desk, whose
	requests still under way would otherwise bring the old session's cookies back."""
	page.goto("about:blank")
	page.context.clear_cookies()
	page.goto(f"{server}/login")
	assert logged_user(page) in (None, "Guest")


def sign_in_as(page: Page, server: str, user) -> None:
	"""Log the tab out (whoever it was) and in again as ``user``, through the /login form."""
	if logged_user(page) == user.user:
		return
	log_out(page, server)
	login(page, server, user.user, user.password, "/my-credits")
	assert logged_user(page) == user.user


@MY_CREDITS_BUG
def test_my_credits_sends_a_guest_to_login(page, server):
	log_out(page, server)
	page.goto(f"{server}/my-credits")
	assert re.search(r"/login\?redirect-to=(/|%2F)my-credits", page.url), (
		f"a guest is not sent to /login: {page.url}"
	)


@MY_CREDITS_BUG
def test_my_credits_of_the_signed_in_employee(page, server, employee_user):
	expected = expected_page(employee_user.employee)
	assert expected["gap_message"], "the chosen employee should have a next level"
	sign_in_as(page, server, employee_user)
	page.goto(f"{server}/my-credits")
	screenshot(page, "my-credits.png")  # before the checks, so that it shows what went wrong too
	expect(page.locator(".my-credits h1")).to_have_text("My Credits")
	expect(page.locator(".my-credits")).to_contain_text(employee_user.employee_name)
	check_my_credits(page, expected)


@MY_CREDITS_BUG
def test_my_credits_in_chinese(page, server, employee_user):
	# a fresh transaction: the server has written this user (its last login) since this process's
	# snapshot was taken, and MariaDB 11's snapshot isolation refuses an update of a row so changed
	frappe.db.commit()
	frappe.db.set_value("User", employee_user.user, "language", "zh")
	frappe.db.commit()
	frappe.clear_cache(user=employee_user.user)
	sign_in_as(page, server, employee_user)
	page.goto(f"{server}/my-credits")
	screenshot(page, "my-credits-zh.png")
	expect(page.locator("html")).to_have_attribute("lang", "zh")
	# the footer's "Powered by" line, translated by Frappe on every web page
	expect(page.locator("footer")).to_contain_text("驱动")
	check_my_credits(page, expected_page(employee_user.employee, "zh"))
	content = page.locator(".my-credits")
	# the level (等级, one word for it across the app), the date, the category and the categories
	for text in ("等级", "日期", "类别", "必修", "选修", "实践"):
		expect(content).to_contain_text(text)


def in_english(employee_user) -> None:
	frappe.db.commit()  # a fresh snapshot (see the Chinese test)
	frappe.db.set_value("User", employee_user.user, "language", "en")
	frappe.db.commit()
	frappe.clear_cache(user=employee_user.user)


def click_workflow_action(page: Page, action: str) -> None:
	"""The form's Actions menu (Frappe's workflow actions), then the confirmation if one is asked."""
	page.get_by_role("button", name="Actions").click()
	page.locator(
		".dropdown-menu.show .dropdown-item", has_text=re.compile(rf"^\s*{action}\s*$")
	).first.click()
	confirm = page.locator(".modal.show .btn-primary", has_text=re.compile("Yes|Submit"))
	try:
		confirm.first.click(timeout=3000)
	except Exception:
		pass  # no confirmation asked


@MY_CREDITS_BUG
def test_an_employee_claims_with_proof_and_hr_approves_it_in_the_desk(page, server, employee_user, tmp_path):
	"""/my-credits files a claim with an attachment; HR approves it through the workflow's actions in
	the desk (Administrator stands in for the approver where the employee has one); the employee
	then sees it approved, and the credits in their total."""
	from hr_credit_app.api import get_credit_summary

	in_english(employee_user)
	title = "Browser talk " + frappe.generate_hash(length=6)
	before = get_credit_summary(employee_user.employee)["total"]
	sign_in_as(page, server, employee_user)
	page.goto(f"{server}/my-credits")
	form = page.locator("form.claim-form")
	form.locator("#claim-title").fill(title)
	form.locator("#claim-kind").select_option("Talk Held")
	form.locator("#claim-date").fill(frappe.utils.today())
	proof = tmp_path / "slides.txt"
	proof.write_text("slides of " + title)
	form.locator("#claim-proof").set_input_files(str(proof))
	form.locator(".claim-submit").click()
	row = page.locator(".my-claims tr", has_text=title)
	expect(row).to_be_visible()
	name = row.get_attribute("data-claim")
	frappe.db.commit()
	claim = frappe.get_doc("Credit Claim", name)
	try:
		assert claim.proof and claim.status in ("Pending Approval", "Pending HR")
		log_out(page, server)
		login(page, server, "Administrator", "admin", DESK)
		for _step in range(2):  # the approver's step where there is one, then HR's
			frappe.db.commit()
			status = frappe.db.get_value("Credit Claim", name, "status")
			if status == "Approved":
				break
			page.goto(f"{server}{DESK}/credit-claim/{name}")
			expect(page.locator(".form-layout")).to_contain_text(title)
			click_workflow_action(page, "Approve")
			page.wait_for_function(
				"""([doctype, name, status]) => frappe.call({method: "frappe.client.get_value",
				args: {doctype, filters: name, fieldname: "status"}}).then((r) => r.message.status !== status)""",
				arg=["Credit Claim", name, status],
			)
		frappe.db.commit()
		assert frappe.db.get_value("Credit Claim", name, ["status", "docstatus"]) == ("Approved", 1)
		sign_in_as(page, server, employee_user)
		page.goto(f"{server}/my-credits")
		row = page.locator(".my-claims tr", has_text=title)
		expect(row.locator(".claim-status")).to_have_text("Approved")
		screenshot(page, "my-credits-claim.png")
		frappe.db.commit()
		assert get_credit_summary(employee_user.employee)["total"] == before + 2  # a talk: 2 credits
	finally:
		frappe.db.commit()
		doc = frappe.get_doc("Credit Claim", name)
		if doc.docstatus == 1:
			doc.flags.ignore_permissions = True
			doc.cancel()  # gives the credits back
		for file_name in frappe.get_all(
			"File", filters={"attached_to_doctype": "Credit Claim", "attached_to_name": name}, pluck="name"
		):
			frappe.delete_doc("File", file_name, ignore_permissions=True, force=True)
		frappe.db.commit()


@MY_CREDITS_BUG
def test_the_transcript_is_a_pdf_from_my_credits(page, server, employee_user):
	in_english(employee_user)
	sign_in_as(page, server, employee_user)
	page.goto(f"{server}/my-credits")
	href = page.locator("a.transcript-pdf").get_attribute("href")
	# fetched by the page itself, with its session (the test process may not resolve the site's name)
	response = page.evaluate(
		"""async (href) => {
			const r = await fetch(href);
			const bytes = new Uint8Array(await r.arrayBuffer());
			return {
				status: r.status,
				type: r.headers.get("content-type"),
				head: String.fromCharCode(...bytes.slice(0, 5)),
				size: bytes.length,
				text: r.ok ? "" : new TextDecoder().decode(bytes).slice(0, 3000),
			};
		}""",
		href,
	)
	if response["status"] != 200 and "wkhtmltopdf" in response["text"]:
		pytest.skip("this bench has no wkhtmltopdf (Frappe's PDF)")
	assert response["status"] == 200, response["text"][:500]
	assert response["head"] == "%PDF-" and response["size"] > 2000
	assert "pdf" in (response["type"] or "")
