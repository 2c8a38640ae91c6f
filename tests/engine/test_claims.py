"""Credit claims: suggested credits, the yearly cap, certificate keys, who decides (no frappe)."""

import pytest

from hr_credit_app.engine import claims
from hr_credit_app.engine.claims import Rate


def test_a_claim_is_worth_its_fixed_credits_plus_its_hours_up_to_the_maximum():
	course = Rate(claims.EXTERNAL_COURSE, credits_per_hour=0.5, max_credits=10)
	assert claims.suggest(course, 8) == 4
	assert claims.suggest(course, 40) == 10  # capped
	assert claims.suggest(Rate(claims.CERTIFICATE, credits_per_claim=3), 0) == 3
	assert claims.suggest(Rate(claims.TALK, credits_per_claim=2, credits_per_hour=1), 1.5) == 3.5
	assert claims.suggest(None, 8) == 0  # a kind without a rate suggests nothing
	assert claims.suggest(course, -5) == 0  # negative hours count as none
	assert claims.suggest(course, None) == 0
	assert claims.suggest(Rate(claims.OTHER, credits_per_hour=1 / 3), 1) == 0.33


def test_the_default_policy_has_one_rate_per_kind():
	assert [rate.kind for rate in claims.DEFAULT_RATES] == list(claims.KINDS)
	assert claims.rate_for(claims.DEFAULT_RATES, claims.CONFERENCE).max_credits == 4
	assert claims.rate_for(claims.DEFAULT_RATES, "Sabbatical") is None


@pytest.mark.parametrize(
	"cap, already, credits, left, ok",
	[
		(10, 0, 10, 10, True),
		(10, 7, 3, 3, True),
		(10, 7, 3.5, 3, False),
		(10, 12, 1, 0, False),  # over the cap already (the cap was lowered): nothing more
		(0, 500, 99, None, True),  # 0: no cap
		(10, 6.9, 3.1, 3.1, True),  # float noise never refuses an exact fit
	],
)
def test_the_yearly_cap_per_category(cap, already, credits, left, ok):
	assert claims.cap_left(cap, already) == left
	assert claims.within_cap(credits, cap, already) is ok


def test_one_certificate_is_one_key_however_it_is_typed():
	assert claims.certificate_key("AB-123 45") == "ab12345"
	assert claims.certificate_key("ab12345") == "ab12345"
	assert claims.certificate_key("ＡＢ１２３４５") == "ab12345"  # full width, as typed on a Chinese keyboard
	assert claims.certificate_key("Café-9") == claims.certificate_key("CAFE9")
	assert claims.certificate_key("PMP 2026-001") != claims.certificate_key("PMP 2026-002")
	assert claims.certificate_key("") is None
	assert claims.certificate_key(" -/ ") is None
	assert claims.certificate_key(None) is None
	assert len(claims.certificate_key("x" * 1000)) == 140


def test_the_approver_is_someone_else():
	assert claims.choose_approver("me@x", ["boss@x", "leave@x"]) == "boss@x"
	assert claims.choose_approver("me@x", [None, "leave@x"]) == "leave@x"
	# a manager who is also the leave approver of their own claims never approves them
	assert claims.choose_approver("me@x", ["me@x", "", "dept@x"]) == "dept@x"
	assert claims.choose_approver("me@x", ["me@x", None]) is None
	assert claims.choose_approver("me@x", ["Guest"]) is None


@pytest.mark.parametrize(
	"before, after, who",
	[
		(claims.DRAFT, claims.PENDING_APPROVAL, claims.CLAIMANT),
		(claims.DRAFT, claims.PENDING_HR, claims.CLAIMANT),
		(claims.SENT_BACK, claims.PENDING_APPROVAL, claims.CLAIMANT),
		(claims.PENDING_APPROVAL, claims.PENDING_HR, claims.APPROVER),
		(claims.PENDING_APPROVAL, claims.SENT_BACK, claims.APPROVER),
		(claims.PENDING_APPROVAL, claims.REJECTED, claims.APPROVER),
		(claims.PENDING_HR, claims.APPROVED, claims.HR),
		(claims.PENDING_HR, claims.SENT_BACK, claims.HR),
		(claims.APPROVED, claims.CANCELLED, claims.HR),
		(claims.DRAFT, claims.APPROVED, None),  # no skipping the deciders
		(claims.PENDING_APPROVAL, claims.APPROVED, None),
		(claims.REJECTED, claims.PENDING_APPROVAL, None),  # a rejected claim stays rejected
		(claims.DRAFT, claims.DRAFT, None),
	],
)
def test_who_moves_a_claim(before, after, who):
	assert claims.decider(before, after) == who


def test_nobody_decides_their_own_claim():
	may = claims.may_decide
	assert may(claims.APPROVER, "boss@x", "me@x", "boss@x", user_is_hr=False)
	assert not may(claims.APPROVER, "other@x", "me@x", "boss@x", user_is_hr=False)  # not their people
	assert may(claims.APPROVER, "hr@x", "me@x", "boss@x", user_is_hr=True)  # HR stands in
	assert not may(claims.APPROVER, "me@x", "me@x", "me@x", user_is_hr=True)  # own claim, even as HR
	assert not may(claims.HR, "me@x", "me@x", "boss@x", user_is_hr=True)
	assert may(claims.HR, "hr@x", "me@x", "boss@x", user_is_hr=True)
	assert not may(claims.HR, "boss@x", "me@x", "boss@x", user_is_hr=False)
	assert may(claims.CLAIMANT, "me@x", "me@x", "boss@x", user_is_hr=False)
	assert not may(claims.CLAIMANT, "boss@x", "me@x", "boss@x", user_is_hr=False)
	assert not may(None, "hr@x", "me@x", "boss@x", user_is_hr=True)


def test_the_status_follows_docstatus_then_the_workflow_state():
	names = {"Waiting for Manager": claims.PENDING_APPROVAL, "Odd": "Approved"}
	assert claims.status_of(names, "Waiting for Manager", 0) == claims.PENDING_APPROVAL
	assert claims.status_of(names, "Odd", 0) == claims.DRAFT  # a draft is never Approved
	assert claims.status_of(names, "Unknown", 0) == claims.DRAFT
	assert claims.status_of(None, None, 0) == claims.DRAFT
	assert claims.status_of(names, "Waiting for Manager", 1) == claims.APPROVED
	assert claims.status_of(names, "Waiting for Manager", 2) == claims.CANCELLED
