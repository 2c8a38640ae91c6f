"""Step 3b of intake: match enrolments against the award rules and post what they earned.

The enabled rules are cached the way Frappe caches Energy Point Rules (``frappe.cache_manager``'s
doctype map) and the cache is cleared the way Frappe clears its document cache: at once, and
again after the transaction commits or rolls back, so no worker keeps a rule that was never
committed, or an old one after the new one committed.
"""

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, today

from hr_credit_app import bulk, compat, ledger
from hr_credit_app.engine import conditions
from hr_credit_app.engine import rules as rules_engine
from hr_credit_app.intake import enrolments

RULE_FIELDS = (
	"name",
	"scope",
	"course",
	"category",
	"delivery_mode",
	"min_completion",
	"min_exam_score",
	"min_mentor_score",
	"attendance_required",
	"min_hours",
	"award",
	"fixed_credits",
	"condition",
	"priority",
	"valid_from",
	"valid_to",
)
RULES_MAP_KEY = "enabled"
RULES_CACHE_SECONDS = 3600


def get_rules() -> list[rules_engine.Rule]:
	"""Enabled rules, cached until a rule changes (and for an hour at most)."""

	def load():
		return [
			dict(row) for row in frappe.get_all("Credit Rule", filters={"enabled": 1}, fields=RULE_FIELDS)
		]

	rows = compat.get_doctype_map("Credit Rule", RULES_MAP_KEY, load, RULES_CACHE_SECONDS)
	return [rules_engine.Rule.from_mapping(row) for row in rows]


def clear_rules_cache(doc=None, method=None):
	def clear():
		compat.clear_doctype_map("Credit Rule", RULES_MAP_KEY)

	clear()
	frappe.db.after_commit.add(clear)
	frappe.db.after_rollback.add(clear)


def condition_evaluator():
	"""A rule's extra condition, for ``rules_engine.match``: a condition that cannot be evaluated
	for a row does not pass, and is logged once per rule, not once per row."""
	failed = set()

	def evaluate(rule: rules_engine.Rule, row: dict) -> bool:
		try:
			return conditions.evaluate(rule.condition, row)
		except conditions.ConditionError as e:
			if rule.name not in failed:
				failed.add(rule.name)
				frappe.log_error(
					title=_("Credit Rule {0}: the extra condition failed").format(rule.name),
					message=f"{e.code}: {e.params}",
					reference_doctype="Credit Rule",
					reference_name=rule.name,
				)
			return False

	return evaluate


def award_key(enrolment: str) -> str:
	return "enrolment:" + enrolment


def evaluate(names: list[str], source: str = "Credit Rule") -> dict:
	"""Match not-yet-credited enrolments against the rules and post what they earned."""
	rows = enrolments.rows(names)
	if not rows:
		return {}
	rules = get_rules()
	if not rules:
		return {}
	awards = rules_engine.match(rows, rules, condition_evaluator())
	if awards.empty:
		return {}
	employees = {row["enrolment"]: (row["employee"], row["course"]) for row in rows}
	today_date = getdate(today())
	ledger_rows = []
	for award in awards.itertuples(index=False):
		employee, course = employees[award.enrolment]
		posting_date = (
			min(award.award_date.date(), today_date) if award.award_date is not None else today_date
		)
		ledger_rows.append(
			{
				"employee": employee,
				"course": course,
				"credits": float(award.credits),
				"posting_date": posting_date,
				"source": source,
				"credit_rule": award.rule,
				"credit_rule_version": award.version,
				"reference_doctype": "Credit Enrolment",
				"reference_name": award.enrolment,
				"award_key": award_key(award.enrolment),
			}
		)
	result = ledger.post(ledger_rows)
	link_credit_entries([row["reference_name"] for row in ledger_rows])
	return result["posted"]


def link_credit_entries(names: list[str]) -> None:
	"""Mark enrolments credited by the entry their award key holds (the winner, if two workers raced)."""
	for chunk in bulk.chunks(names):
		frappe.db.sql(
			"""update `tabCredit Enrolment` e
			join `tabCredit Entry` c on c.award_key = concat('enrolment:', e.name) and c.docstatus = 1
			set e.status = 'Credited', e.credit_entry = c.name, e.credit_rule = c.credit_rule,
				e.credits = c.credits, e.credited_on = c.posting_date, e.modified = %s
			where e.name in %s""",
			(now_datetime(), tuple(chunk)),
		)


def rule_snapshots(pairs: set[tuple[str, str]]) -> dict[tuple[str, str], rules_engine.Rule]:
	"""The rules as they were at each (rule, version) that awarded credits."""
	pairs = {(rule, version) for rule, version in pairs if rule and version}
	if not pairs:
		return {}
	snapshots = {}
	for row in frappe.get_all(
		"Credit Rule Version",
		filters={"parent": ("in", list({rule for rule, _v in pairs})), "parenttype": "Credit Rule"},
		fields=["parent", "version", "criteria"],
	):
		if (row.parent, row.version) in pairs:
			snapshots[(row.parent, row.version)] = rules_engine.Rule.from_criteria(
				row.parent, frappe.parse_json(row.criteria), version=row.version
			)
	return snapshots
