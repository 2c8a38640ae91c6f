# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""An annual honour of one employee; written once per company and year by ``hr_credit_app.honours``."""

from frappe.model.document import Document


class CreditHonourAward(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from hr_credit_app.hr_credit_app.doctype.credit_honour_reward.credit_honour_reward import (
			CreditHonourReward,
		)

		award_key: DF.Data | None
		company: DF.Link | None
		credits: DF.Float
		department: DF.Link | None
		employee: DF.Link
		employee_name: DF.Data | None
		policy: DF.Link | None
		rank: DF.Int
		rewards: DF.Table[CreditHonourReward]
		title: DF.Data | None
		year: DF.Int
	# end: auto-generated types
	pass
