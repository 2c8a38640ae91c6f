# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt
"""Something credits can be exchanged for, in one company: a customised training, a seat at an
external programme, another offer HR defines; a price in credits, seats, a window."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate


class CreditOffer(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		company: DF.Link
		description: DF.SmallText | None
		enabled: DF.Check
		kind: DF.Literal["Customised Training", "External Programme Seat", "Other"]
		offer_name: DF.Data
		price: DF.Float
		stock: DF.Int
		valid_from: DF.Date | None
		valid_to: DF.Date | None

	# end: auto-generated types
	def validate(self):
		if flt(self.price) <= 0:
			frappe.throw(_("An offer costs at least some credits."), title=_("Price Needed"))
		if self.valid_from and self.valid_to and getdate(self.valid_from) > getdate(self.valid_to):
			frappe.throw(_("The offer ends before it starts."))
		if self.stock is not None and self.stock < 0:
			frappe.throw(_("Seats cannot be negative."))
