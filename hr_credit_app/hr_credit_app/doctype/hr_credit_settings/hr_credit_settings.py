# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt

from frappe.model.document import Document


class HRCreditSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from hr_credit_app.hr_credit_app.doctype.credit_grade_mapping.credit_grade_mapping import (
			CreditGradeMapping,
		)

		cycle_mode: DF.Literal["Calendar Year", "Once"]
		default_window: DF.Literal["Cumulative", "Calendar Year", "Fiscal Year", "Rolling 12 Months"]
		grade_mappings: DF.Table[CreditGradeMapping]
		inline_processing_limit: DF.Int
		max_batch_rows: DF.Int
		structure_tolerance: DF.Float
	# end: auto-generated types
	pass
