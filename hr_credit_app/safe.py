"""Text a user or a sender controls, made safe to show: escaped, and bounded in length.

Frappe's message dialogs, its portal message page and most desk views render messages as HTML, so a
message that quotes a received value (an employee reference, a course code, a query parameter) goes
through :func:`bold` or :func:`text`, never through ``frappe.bold`` alone.
"""

import frappe
from frappe.utils import escape_html

LIMIT = 140


def text(value, limit: int = LIMIT) -> str:
	"""The value as escaped text, cut at ``limit`` characters (before escaping)."""
	value = "" if value is None else str(value)
	if len(value) > limit:
		value = value[: limit - 1] + "\u2026"
	return escape_html(value)


def bold(value, limit: int = LIMIT) -> str:
	return frappe.bold(text(value, limit))


def file_name(value, limit: int = LIMIT) -> str:
	"""An uploaded file's name as stored: its last path part, no control characters, bounded. Frappe
	escapes it wherever it shows it; this keeps it from naming a path or carrying markup."""
	import os
	import re

	name = os.path.basename(str(value or "").replace("\\", "/"))
	name = re.sub(r"[\x00-\x1f\x7f<>\"'`]", "", name).strip(" .") or "proof"
	stem, dot, extension = name.rpartition(".")
	if dot and len(extension) <= 10:
		return stem[: limit - len(extension) - 1] + "." + extension
	return name[:limit]
