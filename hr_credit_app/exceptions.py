"""One exception class per kind of error the app raises (all of them validation errors)."""

import frappe


class TargetShareError(frappe.ValidationError):
	"""Target shares of the enabled credit categories do not add up to 100%."""


class DisabledCategoryError(frappe.ValidationError):
	"""A course or an entry points at a disabled credit category."""


class InvalidCreditsError(frappe.ValidationError):
	"""Credits, base credits or weight out of their allowed range."""


class DuplicateCourseCodeError(frappe.DuplicateEntryError):
	"""Another Credit Course already uses this code."""


class InvalidCreditEntryError(frappe.ValidationError):
	"""A Credit Entry that the ledger cannot accept."""


class CreditWindowError(frappe.ValidationError):
	"""An unknown balance window, or a window that cannot be computed."""


class InvalidEvidenceBatchError(frappe.ValidationError):
	"""The body of an evidence submission is not a JSON array of rows (answered with HTTP 400)."""

	http_status_code = 400


class InvalidCreditRuleError(frappe.ValidationError):
	"""A Credit Rule whose scope, criteria, award or condition cannot work."""


class CreditGateError(frappe.ValidationError):
	"""A promotion to a gated designation or grade without the credits the gate requires."""
