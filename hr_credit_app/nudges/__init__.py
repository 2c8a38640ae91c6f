"""Nudges: telling people, at the right moment, what their learning earned and what is due.

Sent through Frappe's own channels: a Notification Log per person (the desk's bell), which Frappe
e-mails through its e-mail queue as the person's Notification Settings say. Each is written in the
person's language. Nobody gets them when HR turns them off (HR Credit Settings > Send Nudges), in a
company HR lists under *No Nudges in These Companies*, or for a user who turned off *Credit Nudges*
in their Notification Settings.

- **Credited** (hourly): "+3 credits for Industrial Internet application. 2 credits short of
  Intermediate (1,000.00 a month)."; and **a level reached**: "You reached Intermediate: 1,000.00 a
  month."
- **Plan course due** (daily): due in N days (HR Credit Settings), and overdue the day after the due
  date.
- **Claim decided**: approved (with the credits), sent back (with the question), rejected (with the
  reason), as it happens.
- **Weekly digest** to each approver with claims waiting and each department manager: participation
  in the last 30 days, overdue plan courses, claims waiting.

The scheduled jobs find who to tell with a few set-based queries and hand them to background jobs of
at most *Employees per Nudge Job* people each: 10,000 employees are never 10,000 e-mails inside one
request or one job.
"""

from hr_credit_app.nudges.channel import (
	USER_SETTING,
	enabled,
	muted_companies,
	muted_users,
	notify,
	recipients,
)
from hr_credit_app.nudges.credited import credit_nudges_for, send_credit_nudges
from hr_credit_app.nudges.decisions import claim_decided
from hr_credit_app.nudges.digest import digest, digests_for, send_weekly_digest
from hr_credit_app.nudges.plans import plan_nudges_for, send_plan_nudges

__all__ = [
	"USER_SETTING",
	"claim_decided",
	"credit_nudges_for",
	"digest",
	"digests_for",
	"enabled",
	"muted_companies",
	"muted_users",
	"notify",
	"plan_nudges_for",
	"recipients",
	"send_credit_nudges",
	"send_plan_nudges",
	"send_weekly_digest",
]
