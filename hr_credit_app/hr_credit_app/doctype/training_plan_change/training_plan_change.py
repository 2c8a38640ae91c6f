# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt

from frappe.model.document import Document


class TrainingPlanChange(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		change_type: DF.Literal["Due Date Extension", "Make-up Session"]
		changed_by: DF.Link | None
		changed_on: DF.Datetime | None
		course: DF.Link | None
		new_due_date: DF.Date | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		previous_due_date: DF.Date | None
		reason: DF.SmallText
		session_date: DF.Date | None
	# end: auto-generated types
	pass
