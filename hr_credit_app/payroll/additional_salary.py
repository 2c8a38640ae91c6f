"""Additional Salaries of credit allowances and awards: HRMS's own mechanism, written in bulk after
HRMS's checks (or one by one through its controller, a setting)."""

import frappe
from frappe import _
from frappe.model.naming import parse_naming_series
from frappe.utils import cint, flt, getdate

from hr_credit_app import bulk, compat

ADDITIONAL_SALARY_NAMING = "HR-ADS-.YY.-.MM.-"  # Additional Salary's naming series option

ADDITIONAL_SALARY_SERIES = ADDITIONAL_SALARY_NAMING + ".#####"  # what Frappe names it by

ADDITIONAL_SALARY_FIELDS = (
	"naming_series",
	"employee",
	"employee_name",
	"department",
	"company",
	"salary_component",
	"type",
	"amount",
	"currency",
	"payroll_date",
	"is_recurring",
	"overwrite_salary_structure_amount",
	"deduct_full_tax_on_selected_payroll_date",
	"disabled",
	"ref_doctype",
	"ref_docname",
)


def make_additional_salaries(
	paying: list[tuple[str, dict]],
	context: dict,
	ref_doctype: str = "Credit Payout",
	ref_names: dict[str, str] | None = None,
	full_tax: bool = False,
) -> dict[str, str]:
	"""Submitted Additional Salaries, one per (key, row) of ``paying``; returns {key: name}.

	Each points at ``ref_doctype`` / the key (or ``ref_names[key]``). ``full_tax`` puts all the tax of a one-off award on its payroll date.

	By default they are written in bulk, with the fields HRMS's form sets and after the checks
	HRMS's controller makes, run set-based (:func:`check_additional_salaries`; the rest of its
	``validate`` and its ``on_submit`` concern recurring, overwriting, referral and advance records,
	which these never are): a test compares one made each way field by field. HR Credit Settings >
	*Create Additional Salaries One by One* goes through the controller instead, so that other
	apps' hooks on Additional Salary run too.
	"""
	if not paying:
		return {}
	ref_names = ref_names or {}
	rows = [
		{
			"naming_series": ADDITIONAL_SALARY_NAMING,  # HRMS's one option; naming adds the number
			"employee": payout["employee"],
			"employee_name": payout["employee_name"],
			"department": payout["department"],
			"company": context["company"],
			"salary_component": payout["salary_component"],
			"type": "Earning",
			"amount": payout["amount"],
			"currency": payout["currency"],
			"payroll_date": payout["payroll_date"],
			"is_recurring": 0,
			"overwrite_salary_structure_amount": 0,  # the amount adds to the slip, never overwrites
			"deduct_full_tax_on_selected_payroll_date": 1 if full_tax else 0,
			"disabled": 0,
			"ref_doctype": ref_doctype,
			"ref_docname": ref_names.get(key, key),
		}
		for key, payout in paying
	]
	check_additional_salaries(rows)
	keys = [key for key, _payout in paying]
	if frappe.db.get_single_value("HR Credit Settings", "additional_salary_via_controller"):
		result = {}
		for key, row in zip(keys, rows, strict=True):
			doc = frappe.get_doc({"doctype": "Additional Salary", **row})
			doc.flags.ignore_permissions = True
			doc.submit()
			result[key] = doc.name
		return result
	reserved = reserve_series_names(ADDITIONAL_SALARY_SERIES, len(rows))
	for name, row in zip(reserved, rows, strict=True):
		row["name"] = name
	bulk.insert("Additional Salary", rows, fields=ADDITIONAL_SALARY_FIELDS, docstatus=1)
	return dict(zip(keys, reserved, strict=True))


def check_additional_salaries(rows: list[dict]) -> None:
	"""HRMS's Additional Salary checks, set-based: an earning component that is not a tax
	component, an active employee, a payroll date inside the employment and after a submitted
	salary structure, an amount of zero or more. Raises on the first row that fails."""
	components = {
		row.name: row
		for row in frappe.get_all(
			"Salary Component",
			filters={"name": ("in", list({row["salary_component"] for row in rows}))},
			fields=["name", "type", "variable_based_on_taxable_salary"],
		)
	}
	employees = {}
	for chunk in bulk.chunks(sorted({row["employee"] for row in rows})):
		for row in frappe.get_all(
			"Employee",
			filters={"name": ("in", list(chunk))},
			fields=["name", "status", "date_of_joining", "relieving_date"],
		):
			employees[row.name] = row
	first_structure = dict(
		frappe.db.sql(
			"""select employee, min(from_date) from `tabSalary Structure Assignment`
			where docstatus = 1 and employee in %s group by employee""",
			(tuple(employees) or ("",),),
		)
	)
	for row in rows:
		component = components.get(row["salary_component"])
		employee = employees.get(row["employee"])
		date = getdate(row["payroll_date"])
		problem = None
		if not component:
			problem = _("Salary Component {0} does not exist.").format(frappe.bold(row["salary_component"]))
		elif component.type != "Earning":
			problem = _("Salary Component {0} is not an earning.").format(frappe.bold(component.name))
		elif component.variable_based_on_taxable_salary:
			problem = _("Salary Component {0} is a tax component; credit awards cannot use it.").format(
				frappe.bold(component.name)
			)
		elif not employee or employee.status == "Inactive":
			problem = _("Employee {0} is inactive.").format(frappe.bold(row["employee"]))
		elif (employee.date_of_joining and date < getdate(employee.date_of_joining)) or (
			employee.relieving_date and date > getdate(employee.relieving_date)
		):
			problem = _("Payroll date {0} is outside the employment of {1}.").format(
				frappe.bold(date), frappe.bold(row["employee"])
			)
		elif not first_structure.get(row["employee"]) or getdate(first_structure[row["employee"]]) > date:
			problem = _(
				"There is no Salary Structure assigned to {0}. First assign a Salary Structure."
			).format(frappe.bold(row["employee"]))
		elif flt(row["amount"]) < 0:
			problem = _("Amount should not be less than zero")
		if problem:
			frappe.throw(problem, title=_("Invalid Additional Salary"))


def reserve_series_names(series: str, count: int) -> list[str]:
	"""``count`` consecutive names of a naming series with one update of its counter (as getseries)."""
	captured = {}
	marker = "\x00number\x00"

	def capture(key, digits):
		captured.update(key=key, digits=digits)
		return marker

	template = parse_naming_series(series, number_generator=capture)
	key, digits = captured["key"], captured["digits"]
	series_table = frappe.qb.DocType("Series")
	with compat.latest_locking_reads():
		current = (
			frappe.qb.from_(series_table).where(series_table.name == key).for_update().select("current").run()
		)
	if current and current[0][0] is not None:
		start = cint(current[0][0])
		frappe.db.sql("update `tabSeries` set `current` = `current` + %s where `name` = %s", (count, key))
	else:
		start = 0
		frappe.db.sql("insert into `tabSeries` (`name`, `current`) values (%s, %s)", (key, count))
	return [template.replace(marker, ("%0" + str(digits) + "d") % (start + i + 1)) for i in range(count)]
