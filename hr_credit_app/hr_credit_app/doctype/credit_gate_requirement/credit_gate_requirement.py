# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CreditGateRequirement(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		category: DF.Link | None
		gate_target: DF.Literal[None]
		min_credits: DF.Float
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		requirement_type: DF.Literal["Category", "Skill"]
		skill: DF.Link | None
	# end: auto-generated types
	pass
