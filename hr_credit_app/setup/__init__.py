"""Install, migrate and uninstall (the hooks in hooks.py point here).

Records shipped at install (categories, rules, salary components, an example policy per company)
are created once; HR may edit them afterwards and migrate never overwrites their changes.
Uninstall removes what install added outside the app's own doctypes (custom fields, roles, the
workspace block, Select rights, unused salary components); Frappe drops the app's doctypes and
their records itself.
"""

import click

import frappe
from frappe import _
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from hr_credit_app import compat
from hr_credit_app.claims import delete_workflow as delete_claim_workflow
from hr_credit_app.claims import make_default_rates as make_default_claim_rates
from hr_credit_app.claims import make_workflow as make_claim_workflow
from hr_credit_app.setup.access import (
	delete_roles,
	forget_self_service,
	forget_skill_picking,
	let_employees_pick_skills,
	let_self_service_users_claim,
	make_roles,
)
from hr_credit_app.setup.desk import (
	add_host_indexes,
	add_indexes,
	clear_number_card_currency,
	delete_company_block,
	delete_custom_fields,
	drop_host_indexes,
	get_custom_fields,
	make_company_block,
)
from hr_credit_app.setup.payroll import (
	delete_created_skill,
	delete_salary_components,
	make_example_policies,
	make_salary_components,
)
from hr_credit_app.setup.records import (
	make_default_categories,
	make_default_rules,
	set_default_grades,
	set_settings_defaults,
)


def check_versions():
	"""Refuse to install beside a Frappe, ERPNext or HRMS major the app was not made for."""
	wrong = compat.unsupported_versions()
	if wrong:
		frappe.throw(
			_("HR Credit App does not support these versions: {0}.").format(", ".join(wrong)),
			title=_("Unsupported Version"),
		)


def after_install():
	create_custom_fields(get_custom_fields(), ignore_validate=True)
	make_roles()
	make_company_block()
	let_employees_pick_skills()
	make_default_categories()
	make_default_rules()
	set_settings_defaults()
	set_default_grades()
	make_salary_components()
	make_example_policies()
	make_claim_workflow()
	make_default_claim_rates()
	let_self_service_users_claim()
	clear_number_card_currency()
	add_host_indexes()
	compat.sync_desk_files()


def after_migrate():
	create_custom_fields(get_custom_fields(), ignore_validate=True)
	make_roles()
	make_company_block()
	let_employees_pick_skills()
	set_settings_defaults()
	make_salary_components()
	let_self_service_users_claim()
	add_indexes()
	clear_number_card_currency()
	compat.sync_desk_files()


def before_uninstall():
	delete_custom_fields(get_custom_fields())
	delete_roles()
	delete_company_block()
	forget_skill_picking()
	forget_self_service()
	delete_created_skill()
	delete_salary_components()
	delete_claim_workflow()
	drop_host_indexes()
	compat.delete_desk_records()
	click.secho("HR Credit App: custom fields and the app's roles removed.", fg="green")


def before_tests():
	from hrms.tests.test_utils import before_tests as hrms_before_tests

	hrms_before_tests()
