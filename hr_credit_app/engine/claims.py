"""Credit claims: what a claim is worth, the yearly cap, who decides it, one certificate once (no frappe).

An employee claims learning done outside the app's systems (an external course, a certificate, a
conference, mentoring given, a talk held). The claim policy (HR Credit Settings) says what each kind
is worth: ``credits_per_claim + credits_per_hour x hours``, at most ``max_credits`` for one claim; and
how many claimed credits one employee may gain per category and calendar year. The approver decides
the credits; the policy only suggests them and caps them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from hr_credit_app.engine.numbers import EPSILON, number, rounded

EXTERNAL_COURSE = "External Course"
CERTIFICATE = "Certificate"
CONFERENCE = "Conference"
MENTORING = "Mentoring Given"
TALK = "Talk Held"
OTHER = "Other"
KINDS = (EXTERNAL_COURSE, CERTIFICATE, CONFERENCE, MENTORING, TALK, OTHER)

# The claim statuses the controller acts on. A workflow (shipped, editable) moves a claim between
# its states; each state names one of these statuses (Workflow Document State: update_field "status").
DRAFT = "Draft"
PENDING_APPROVAL = "Pending Approval"
PENDING_HR = "Pending HR"
SENT_BACK = "Sent Back"
APPROVED = "Approved"
REJECTED = "Rejected"
CANCELLED = "Cancelled"
STATUSES = (DRAFT, PENDING_APPROVAL, PENDING_HR, SENT_BACK, APPROVED, REJECTED, CANCELLED)
# the claimant may change what they claim in these; the rest belong to the deciders
CLAIMANT_STATUSES = (DRAFT, SENT_BACK)
# a claim that can still become credits holds its certificate (nobody may claim it again)
LIVE_STATUSES = (DRAFT, PENDING_APPROVAL, PENDING_HR, SENT_BACK, APPROVED)

# Who may move a claim out of a status: the claimant files it, the approver decides the first step,
# HR the last. (A workflow may add steps; these rules hold whatever it says.)
CLAIMANT = "claimant"
APPROVER = "approver"
HR = "hr"


@dataclass(frozen=True)
class Rate:
	"""What one kind of claim is worth (one row of the claim policy)."""

	kind: str
	credits_per_claim: float = 0.0
	credits_per_hour: float = 0.0
	max_credits: float = 0.0  # 0: no maximum for one claim


# The defaults the claim policy is created with (HR changes them in HR Credit Settings).
DEFAULT_RATES = (
	Rate(EXTERNAL_COURSE, credits_per_hour=0.5, max_credits=10),
	Rate(CERTIFICATE, credits_per_claim=3),
	Rate(CONFERENCE, credits_per_hour=0.25, max_credits=4),
	Rate(MENTORING, credits_per_hour=0.5, max_credits=5),
	Rate(TALK, credits_per_claim=2),
	Rate(OTHER, credits_per_hour=0.25, max_credits=2),
)
DEFAULT_YEARLY_CAP = 10.0  # claimed credits per employee, category and calendar year; 0: no cap


def suggest(rate: Rate | None, hours) -> float:
	"""The credits the policy suggests for a claim of this kind and length (0 with no rate)."""
	if rate is None:
		return 0.0
	hours = max(0.0, number(hours))
	value = number(rate.credits_per_claim) + number(rate.credits_per_hour) * hours
	if number(rate.max_credits) > 0:
		value = min(value, number(rate.max_credits))
	return rounded(max(0.0, value), 2)


def rate_for(rates: Iterable[Rate], kind: str) -> Rate | None:
	return next((rate for rate in rates if rate.kind == kind), None)


def cap_left(yearly_cap, already_claimed) -> float | None:
	"""Credits the employee may still gain by claims in the category this year; None: no cap."""
	cap = number(yearly_cap)
	if cap <= 0:
		return None
	return rounded(max(0.0, cap - number(already_claimed)), 6)


def within_cap(credits, yearly_cap, already_claimed) -> bool:
	left = cap_left(yearly_cap, already_claimed)
	return left is None or number(credits) <= left + EPSILON


def certificate_key(number_text: str | None) -> str | None:
	"""A certificate number as it is compared: ``ab-123 45``, ``AB12345`` and the same typed in
	full-width letters and digits are one certificate. Letters and digits only, case and accents
	folded; None if none."""
	if not number_text:
		return None
	text = unicodedata.normalize("NFKD", str(number_text))
	text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
	key = re.sub(r"[\W_]+", "", text)
	return key[:140] or None


def choose_approver(claimant_user: str | None, candidates: Iterable[str | None]) -> str | None:
	"""The first candidate who is someone else: the manager the employee reports to, their leave
	approver, their department's first leave approver (as HRMS's Leave Application finds it). None
	when nobody is left: the claim then goes to HR directly."""
	for user in candidates:
		if user and user != claimant_user and user not in ("Guest",):
			return user
	return None


def decider(before: str, after: str) -> str | None:
	"""Who may move a claim from status ``before`` to ``after`` (None: nobody may)."""
	if before == after:
		return None
	if before in CLAIMANT_STATUSES and after in (PENDING_APPROVAL, PENDING_HR):
		return CLAIMANT
	if before == PENDING_APPROVAL and after in (PENDING_HR, SENT_BACK, REJECTED):
		return APPROVER
	if before == PENDING_HR and after in (APPROVED, SENT_BACK, REJECTED):
		return HR
	if before == APPROVED and after == CANCELLED:
		return HR
	return None


def may_decide(
	who: str,
	user: str,
	claimant_user: str | None,
	approver: str | None,
	user_is_hr: bool,
) -> bool:
	"""Whether ``user`` may act as ``who`` on a claim. Nobody decides their own claim, whatever role
	they hold; an approver decides only the claims routed to them (HR may stand in)."""
	if who == CLAIMANT:
		return user == claimant_user or user_is_hr
	if user == claimant_user:
		return False
	if who == APPROVER:
		return user == approver or user_is_hr
	if who == HR:
		return user_is_hr
	return False


def status_of(workflow_status: Mapping[str, str] | None, state: str | None, docstatus: int) -> str:
	"""The claim's status: its docstatus decides approved and cancelled; a draft's status is the one
	its workflow state names (Draft when there is no workflow or the state names none)."""
	if docstatus == 1:
		return APPROVED
	if docstatus == 2:
		return CANCELLED
	status = (workflow_status or {}).get(state or "")
	return status if status in (DRAFT, PENDING_APPROVAL, PENDING_HR, SENT_BACK, REJECTED) else DRAFT
