"""Withdrawal and re-evaluation: a source took a fact back, or the rules changed.

A credit is judged by the rule that awarded it, as that rule was then (its criteria version), never
by today's rules: changing a rule never rewrites credits. When a withdrawal leaves an enrolment
short of that rule, its credit is cancelled and the enrolment is open again, evaluated under
today's rules like any other open enrolment.
"""

import frappe
from frappe.utils import now_datetime

from hr_credit_app import bulk, ledger
from hr_credit_app.engine import rules as rules_engine
from hr_credit_app.intake import awards, enrolments
from hr_credit_app.intake.store import ERROR, WITHDRAWN

UNCREDITED = {"credit_entry": None, "credit_rule": None, "credits": 0, "credited_on": None}


def withdraw_evidence(names: list[str]) -> dict:
	"""Withdraw evidence (its source was cancelled): recompute the enrolments it fed and cancel the
	credit of every enrolment that the remaining evidence no longer earns under the rule that
	awarded it. A withdrawn fact gives up its deduplication key: if the source reports it again, it
	counts again."""
	rows = frappe.get_all(
		"Credit Evidence",
		filters={"name": ("in", names or [""]), "status": ("not in", (WITHDRAWN, ERROR))},
		fields=["name", "enrolment"],
	)
	if not rows:
		return {"withdrawn": 0, "cancelled": []}
	for chunk in bulk.chunks([row.name for row in rows]):
		frappe.db.sql(
			"update `tabCredit Evidence` set status = 'Withdrawn', dedup_key = null, modified = %s where name in %s",
			(now_datetime(), tuple(chunk)),
		)
	names = sorted({row.enrolment for row in rows if row.enrolment})
	enrolments.recompute(names)

	credited = enrolments.rows(names, statuses=("Credited",))
	earned = still_earned(credited)
	lost = [row["enrolment"] for row in credited if row["enrolment"] not in earned]
	cancelled = ledger.cancel(award_keys=[awards.award_key(name) for name in lost])
	remaining = dict(
		frappe.db.sql(
			"""select enrolment, count(*) from `tabCredit Evidence`
			where enrolment in %s and status not in ('Withdrawn', 'Error') group by enrolment""",
			(tuple(names),),
		)
	)
	statuses = dict(
		frappe.get_all(
			"Credit Enrolment", filters={"name": ("in", names)}, fields=["name", "status"], as_list=True
		)
	)
	reopened = []
	for name in names:
		if name in lost or statuses.get(name) != "Credited":
			status = "In Progress" if remaining.get(name) else "Withdrawn"
			frappe.db.set_value(
				"Credit Enrolment", name, {"status": status, **UNCREDITED}, update_modified=True
			)
			if status == "In Progress":
				reopened.append(name)
	awards.evaluate(reopened)  # what is left, under today's rules
	enrolments.mark_evidence(names)
	return {"withdrawn": len(rows), "cancelled": cancelled}


def still_earned(credited: list[dict]) -> set[str]:
	"""The credited enrolments that still meet the rule version that awarded them (one match per
	rule version)."""
	snapshots = awards.rule_snapshots({(row["credit_rule"], row["credit_rule_version"]) for row in credited})
	current = {rule.name: rule for rule in awards.get_rules()}
	groups: dict[str, list[dict]] = {}
	judges: dict[str, rules_engine.Rule | None] = {}
	for row in credited:
		key = (row["credit_rule"], row["credit_rule_version"])
		rule = snapshots.get(key)
		if rule is None:
			# credited before rule versions were kept, or by a rule since deleted or disabled:
			# judge by the rule as it is now if there is one, else keep the credit
			rule = current.get(row["credit_rule"])
			if rule is not None:
				rule = rules_engine.Rule.from_criteria(rule.name, rule.criteria(), rule.version)
		label = "{}|{}".format(*key)
		judges[label] = rule
		groups.setdefault(label, []).append(row)
	earned = set()
	evaluate = awards.condition_evaluator()
	for label, rows in groups.items():
		if judges[label] is None:
			earned.update(row["enrolment"] for row in rows)
		else:
			earned.update(rules_engine.match(rows, [judges[label]], evaluate)["enrolment"])
	return earned


def reevaluate_open_enrolments(chunk_size: int = 5000) -> int:
	"""Evaluate every enrolment that is not credited yet against the current rules (after a rule
	change). Credited enrolments are never touched: a rule change does not rewrite posted credits."""
	posted = 0
	last = ""
	while True:
		names = frappe.get_all(
			"Credit Enrolment",
			filters={"status": "In Progress", "name": (">", last)},
			order_by="name asc",
			limit=chunk_size,
			pluck="name",
		)
		if not names:
			return posted
		posted += len(awards.evaluate(names))
		enrolments.mark_evidence(names)
		last = names[-1]


def on_credit_entry_cancel(entry, method=None):
	"""HR cancelled an automatic credit (doc event of Credit Entry): its enrolment stays uncredited
	until HR re-evaluates it. Cancellations by the ledger itself (a withdrawal) update it there."""
	if entry.reference_doctype != "Credit Enrolment" or entry.flags.via_ledger:
		return
	frappe.db.set_value("Credit Enrolment", entry.reference_name, {"status": "Cancelled", **UNCREDITED})
