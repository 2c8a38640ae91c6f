# Copyright (c) 2026, hr_credit_app contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CreditIntegrationSource(Document):
	pass
