"""Every Credit Rule keeps its versions; credits already posted are tied to the current one.

From now on a credit is judged by the version of its rule that awarded it (a withdrawn fact never
cancels a credit under a rule changed since). For credits posted before versions were kept, the
rule's current criteria are the best record there is.
"""

import frappe

from hr_credit_app.engine.rules import Rule
from hr_credit_app.intake.awards import RULE_FIELDS


def execute():
	for row in frappe.get_all("Credit Rule", fields=list(RULE_FIELDS)):
		rule = Rule.from_mapping(row)
		version = rule.criteria_version()
		if not frappe.db.exists("Credit Rule Version", {"parent": row.name, "version": version}):
			doc = frappe.get_doc("Credit Rule", row.name)
			doc.record_version(rule)
			doc.db_update_all()
		frappe.db.sql(
			"""update `tabCredit Entry` set credit_rule_version = %s
			where credit_rule = %s and credit_rule_version is null""",
			(version, row.name),
		)
