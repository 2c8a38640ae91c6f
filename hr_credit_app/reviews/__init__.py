"""The closed-loop reviews (needs, effectiveness, optimisation, recommendations), the Frappe side of
``engine.needs``, ``engine.effectiveness``, ``engine.optimisation`` and ``engine.recommend``.

Each module reads HRMS's own data (Designation skills, Employee Skill Map, Appraisal) and the app's
(courses, ledger, plans, surveys) set-based, hands plain frames to the engine and returns what the
engine returns. Thresholds come from HR Credit Settings.
"""

import frappe

from hr_credit_app import bulk


def settings():
	return frappe.get_cached_doc("HR Credit Settings")


def in_chunks(values: list, fetch) -> list:
	"""``fetch`` over slices of ``values`` (IN lists of bounded size), the rows joined."""
	rows = []
	for chunk in bulk.chunks(values):
		rows += fetch(chunk)
	return rows
