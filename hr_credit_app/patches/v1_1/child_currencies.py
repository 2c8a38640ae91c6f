"""Levels and rewards are in their policy's (or scenario's) currency: rows saved before took the
system's default currency (a CNY company's levels showed rupees)."""

import frappe


def execute():
	frappe.db.sql(
		"""update `tabCredit Policy Scenario` s join `tabCompany` c on c.name = s.company
		set s.currency = c.default_currency where s.currency is null"""
	)
	for parent, currency_of in (
		("Credit Incentive Policy", "`tabCredit Incentive Policy` p"),
		("Credit Policy Scenario", "`tabCredit Policy Scenario` p"),
	):
		for child in ("Credit Level", "Credit Honour Reward"):
			frappe.db.sql(
				f"""update `tab{child}` r join {currency_of} on p.name = r.parent
				set r.currency = p.currency where r.parenttype = %s""",
				(parent,),
			)
