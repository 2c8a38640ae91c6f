"""The site's language for the records the app makes at install."""

import os

import frappe


def site_language() -> str:
	return frappe.db.get_default("lang") or "en"


def localized(text: str, context: str | None = None) -> str:
	"""``text`` in the site's language: the records the app makes at install (categories, rules,
	salary components shown on payslips, level names) are named as the site's people read them; HR
	may rename them, and they stay translatable where the app shows them."""
	lang = site_language()
	if not text or lang == "en":
		return text
	from frappe.translate import get_full_dict, get_translation_dict_from_file

	path = frappe.get_app_path("hr_credit_app", "translations", f"{lang.split('-')[0]}.csv")
	ours = get_translation_dict_from_file(path, lang, "hr_credit_app") if os.path.exists(path) else {}
	return (
		(context and ours.get(f"{text}:{context}")) or ours.get(text) or get_full_dict(lang).get(text) or text
	)


def localized_dict(
	record: dict, fields=("category_name", "rule_name", "description", "salary_component")
) -> dict:
	return {
		key: localized(value) if key in fields and isinstance(value, str) else value
		for key, value in record.items()
	}
