"""The reward kind "Title" is "Honorary Title": in Chinese "Title" reads as a heading (标题), the
reward is a 荣誉称号."""

import frappe


def execute():
	frappe.db.sql(
		"update `tabCredit Honour Reward` set reward_type = 'Honorary Title' where reward_type = 'Title'"
	)
	frappe.db.sql(
		"update `tabCredit Reward Rating` set reward_kind = 'Honorary Title' where reward_kind = 'Title'"
	)
