# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CreditClaimRate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		credits_per_claim: DF.Float
		credits_per_hour: DF.Float
		kind: DF.Literal[
			"External Course", "Certificate", "Conference", "Mentoring Given", "Talk Held", "Other"
		]
		max_credits: DF.Float
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data

	# end: auto-generated types
	pass
