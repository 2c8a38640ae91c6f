# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CreditRewardRating(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		rating: DF.Int
		reward_kind: DF.Literal[
			"Skill Allowance",
			"Bonus Add-on",
			"Money",
			"Honorary Title",
			"Overseas Training",
			"Key Project",
			"Mentor Qualification",
			"Flexible Hours",
			"Customised Training",
		]
	# end: auto-generated types
	pass
