# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CreditLevel(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		currency: DF.Link | None
		level_name: DF.Data
		min_credits: DF.Float
		monthly_allowance: DF.Currency
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		salary_component: DF.Link | None
	# end: auto-generated types
	pass
