"""Evidence identities become digests of the exact source system and external id.

Before, the key was the text ``source:external_id``, which the database compares without case and
accents: two facts whose ids differed only so were taken for one. The digest is computed in SQL the
way ``engine.evidence.dedup_key`` computes it in Python (SHA-1 of the UTF-8 text, unit separator
between the two).
"""

import frappe


def execute():
	frappe.db.sql(
		"""update `tabCredit Evidence`
		set dedup_key = sha1(concat(coalesce(source_system, ''), char(31 using utf8mb4), coalesce(external_id, '')))
		where dedup_key is not null"""
	)
