"""The Additional Salaries the app writes in bulk are the ones HRMS's controller would make, and the
checks HRMS's controller makes hold on the bulk path too (issue 9, item 21). Rolled back."""

import pytest

import frappe
from frappe.utils import random_string

from hr_credit_app import payroll
from hr_credit_app.demo import builders

from .factories import COMPANY, new_employee
from .payroll_world import basic_structure, ensure_components

IGNORED = {"name", "creation", "modified", "owner", "modified_by", "idx", "ref_docname", "employee_name"}


@pytest.fixture
def paid_employee():
	ensure_components()
	structure = basic_structure("HRC AS " + random_string(6))
	employee = new_employee(date_of_joining="2020-01-01")
	builders.assign_structure([employee], structure, COMPANY, 50000, "2026-01-01")
	currency = frappe.get_cached_value("Company", COMPANY, "default_currency")
	return frappe._dict(
		employee=employee,
		currency=currency,
		name=frappe.db.get_value("Employee", employee, "employee_name"),
		department=frappe.db.get_value("Employee", employee, "department"),
	)


def payout(person, **overrides):
	return {
		"employee": person.employee,
		"employee_name": person.name,
		"department": person.department,
		"salary_component": "Credit Skill Allowance",
		"amount": 1000.0,
		"currency": person.currency,
		"payroll_date": "2026-10-31",
		**overrides,
	}


def stored(name) -> dict:
	return {k: v for k, v in frappe.get_doc("Additional Salary", name).as_dict().items() if k not in IGNORED}


def credit_payout(person) -> str:
	"""A stored Credit Payout for the Additional Salary to point at (the controller checks the link)."""
	doc = frappe.get_doc(
		{
			"doctype": "Credit Payout",
			"employee": person.employee,
			"company": COMPANY,
			"status": "Posted",
			"payout_key": "as-test:" + random_string(8),
		}
	)
	doc.db_insert()
	return doc.name


@pytest.mark.parametrize("full_tax", [False, True])
def test_the_bulk_path_writes_what_hrms_controller_writes(paid_employee, full_tax):
	context = {"company": COMPANY}
	(bulk,) = payroll.make_additional_salaries(
		[(credit_payout(paid_employee), payout(paid_employee))], context, full_tax=full_tax
	).values()
	frappe.db.set_single_value("HR Credit Settings", "additional_salary_via_controller", 1)
	(through_controller,) = payroll.make_additional_salaries(
		[(credit_payout(paid_employee), payout(paid_employee))], context, full_tax=full_tax
	).values()
	assert frappe.db.get_value("Additional Salary", through_controller, "docstatus") == 1
	bulk_fields, doc_fields = stored(bulk), stored(through_controller)
	assert bulk_fields == doc_fields, {
		k: (bulk_fields.get(k), doc_fields.get(k))
		for k in set(bulk_fields) | set(doc_fields)
		if bulk_fields.get(k) != doc_fields.get(k)
	}
	assert bulk_fields["type"] == "Earning" and bulk_fields["overwrite_salary_structure_amount"] == 0


@pytest.mark.parametrize(
	"case",
	["inactive employee", "no salary structure", "before joining", "deduction", "tax component", "negative"],
)
def test_hrms_checks_hold_on_the_bulk_path(paid_employee, case):
	row = payout(paid_employee)
	if case == "inactive employee":
		frappe.db.set_value("Employee", paid_employee.employee, "status", "Inactive")
	elif case == "no salary structure":
		row["payroll_date"] = "2025-12-31"
	elif case == "before joining":
		frappe.db.set_value("Employee", paid_employee.employee, "date_of_joining", "2026-11-15")
	elif case in ("deduction", "tax component"):
		component = frappe.get_doc(
			{
				"doctype": "Salary Component",
				"salary_component": "HRC " + case + " " + random_string(4),
				"salary_component_abbr": "HRC" + random_string(4),
				"type": "Deduction" if case == "deduction" else "Earning",
				"variable_based_on_taxable_salary": 1 if case == "tax component" else 0,
			}
		).insert()
		row["salary_component"] = component.name
	elif case == "negative":
		row["amount"] = -1
	with pytest.raises(frappe.ValidationError):
		payroll.make_additional_salaries([("PAYOUT-X", row)], {"company": COMPANY})
	# HRMS's controller refuses the same row
	frappe.db.set_single_value("HR Credit Settings", "additional_salary_via_controller", 1)
	with pytest.raises(frappe.ValidationError):
		payroll.make_additional_salaries([("PAYOUT-Y", row)], {"company": COMPANY})
