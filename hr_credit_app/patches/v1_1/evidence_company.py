"""Evidence carries its employee's company: HR users restricted to a company see only its evidence,
and the evidence list filters by company."""

import frappe


def execute():
	frappe.db.sql(
		"""update `tabCredit Evidence` ev join `tabEmployee` e on e.name = ev.employee
		set ev.company = e.company where ev.company is null"""
	)
