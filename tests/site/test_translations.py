"""Every user-facing string of the app has its Simplified Chinese translation (issue 10, point 11).

The strings are the ones Frappe's own extractor finds in the app (``frappe.translate.
get_messages_for_app``): DocType labels, options and descriptions, reports, pages, the web form,
the workspace, ``_()`` in Python and templates, ``__()`` in JavaScript.
"""

import frappe
from frappe.translate import get_messages_for_app, get_translation_dict_from_file

# Frappe's extractor adds the desk's navbar items to every app's messages; they are Frappe's own
NOT_OURS = ("Navbar:",)


def zh_dict() -> dict:
	path = frappe.get_app_path("hr_credit_app", "translations", "zh.csv")
	return get_translation_dict_from_file(path, "zh", "hr_credit_app")


def test_every_user_facing_string_has_a_chinese_translation():
	"""In the app's zh file, or (for Frappe's common words: User, Version, Active) in Frappe's."""
	from frappe.translate import get_full_dict

	zh = zh_dict()
	frappes = get_full_dict("zh")
	missing = set()
	for message in get_messages_for_app("hr_credit_app"):
		path, text = message[0], message[1]
		context = message[2] if len(message) > 2 else None
		if (path or "").startswith(NOT_OURS) or not text.strip():
			continue
		if text not in zh and f"{text}:{context}" not in zh and text not in frappes:
			missing.add(text)
	assert sorted(missing) == [], f"{len(missing)} strings without a zh translation"


def test_translations_use_one_word_per_concept_and_full_width_brackets():
	zh = zh_dict()
	translations = list(zh.values())
	# one word per concept: levels are 等级 (never 级别), due dates 截止日期 (never 到期日)
	assert not [t for t in translations if "级别" in t or "到期日" in t]
	# a bracket around Chinese text is full width
	import re

	half = re.compile(r"\([^()]*[\u4e00-\u9fff][^()]*\)")
	assert not [t for t in translations if half.search(t)]


def test_records_made_at_install_are_named_in_the_sites_language():
	from hr_credit_app.setup.language import localized

	previous = frappe.db.get_default("lang")
	frappe.db.set_default("lang", "zh")
	try:
		assert localized("Compulsory") == "必修"
		assert localized("Credit Skill Allowance") == "学分技能津贴"
		assert localized("Management", "Skill") == "管理"
		assert localized("Junior") == "初级"
	finally:
		frappe.db.set_default("lang", previous)
	assert localized("Compulsory") == "Compulsory" or previous != "en"
