"""Markup a sender or a user controls is shown as text in a real browser, never run (issue 9, items
1 and 4): the desk form and list of a rejected evidence row, and /my-credits with a hostile
``?employee=``. Each page plants the same probe: the markup would set ``window.__xss``.
"""

from urllib.parse import quote

import pytest

import frappe

from .conftest import DESK, TIMEOUT
from .test_browser import sign_in_as

MARKUP = '<img src=x onerror="window.__xss=1">'


@pytest.fixture(scope="module")
def hostile_row(demo):
	from hr_credit_app import intake

	answer = intake.intake(
		[
			{
				"external_id": "xss-" + frappe.generate_hash(length=6),
				"employee": MARKUP,
				"course": MARKUP,
				"kind": "exam",
				"value": 90,
				"date": "2026-01-05",
			}
		],
		source_system="browser-test",
	)
	frappe.db.commit()
	name = answer["rows"][0]["evidence"]
	yield name
	frappe.db.delete("Credit Evidence", {"name": name})
	frappe.db.commit()


def not_run(page) -> bool:
	return page.evaluate("() => window.__xss === undefined")


def test_a_rejected_row_shows_the_senders_markup_as_text_in_the_desk(page, server, hostile_row):
	page.goto(f"{server}{DESK}/credit-evidence/{hostile_row}")
	error = page.locator(".evidence-error")
	error.wait_for(state="visible", timeout=TIMEOUT)
	assert "<img" in error.inner_text()  # the markup shown as text
	page.wait_for_timeout(1000)
	assert not_run(page)
	page.goto(f"{server}{DESK}/credit-evidence?status=Error")
	page.locator(".list-row-container").first.wait_for(state="visible", timeout=TIMEOUT)
	page.wait_for_timeout(1000)
	assert not_run(page)


def test_my_credits_never_runs_markup_from_its_query(page, server, employee_user):
	sign_in_as(page, server, employee_user)
	page.goto(f"{server}/my-credits?employee={quote(MARKUP)}")
	notice = page.locator(".no-credits-notice")
	notice.wait_for(state="visible", timeout=TIMEOUT)
	assert "<img" in notice.inner_text()
	page.wait_for_timeout(500)
	assert not_run(page)
