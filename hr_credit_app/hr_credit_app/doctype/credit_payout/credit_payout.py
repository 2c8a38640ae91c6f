# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""One employee's credit allowance (and bonus add-on) of one payroll period.

Written only by ``hr_credit_app.payroll``; it records the credits, the level and the policy an
allowance came from, the Additional Salary that pays it and the Salary Slip that paid it.
"""

from frappe.model.document import Document


class CreditPayout(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		additional_salary: DF.Link | None
		addon_amount: DF.Currency
		addon_credits: DF.Float
		addon_percent: DF.Percent
		amount: DF.Currency
		bonus_amount: DF.Currency
		company: DF.Link | None
		credits: DF.Float
		currency: DF.Link | None
		cutoff_date: DF.Date | None
		department: DF.Link | None
		employee: DF.Link
		employee_name: DF.Data | None
		end_date: DF.Date | None
		level: DF.Data | None
		payout_key: DF.Data | None
		payroll_entry: DF.Link | None
		policy: DF.Link | None
		salary_component: DF.Link | None
		salary_slip: DF.Link | None
		skip_reason: DF.SmallText | None
		start_date: DF.Date | None
		status: DF.Literal["Posted", "Paid", "Skipped", "No Allowance"]
	# end: auto-generated types
	pass


def on_doctype_update():
	import frappe

	frappe.db.add_index("Credit Payout", ["company", "start_date"])
	frappe.db.add_index("Credit Payout", ["salary_slip"])
