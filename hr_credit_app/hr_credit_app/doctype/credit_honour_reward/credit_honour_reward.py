# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CreditHonourReward(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		additional_salary: DF.Link | None
		amount: DF.Currency
		currency: DF.Link | None
		description: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reward_type: DF.Literal[
			"Money",
			"Honorary Title",
			"Overseas Training",
			"Key Project",
			"Mentor Qualification",
			"Flexible Hours",
			"Customised Training",
		]
		salary_component: DF.Link | None
	# end: auto-generated types
	pass
