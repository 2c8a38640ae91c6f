// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.query_reports["Employee Credit Progress"] = {
	filters: [
		hr_credit_app.company_filter(),
		hr_credit_app.department_filter(),
		{ fieldname: "designation", label: __("Designation"), fieldtype: "Link", options: "Designation" },
		{ fieldname: "employee", label: __("Employee"), fieldtype: "Link", options: "Employee" },
		{
			fieldname: "window",
			label: __("Credits Counted"),
			fieldtype: "Select",
			options: ["", "Cumulative", "Calendar Year", "Fiscal Year", "Rolling 12 Months"],
		},
		{ fieldname: "as_of", label: __("As Of"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "overdue_only", label: __("Only With Overdue Courses"), fieldtype: "Check" },
	],
	formatter(value, row, column, data, default_formatter) {
		if (column.link_to || column.fieldname === "employee") {
			return hr_credit_app.report_formatter(value, row, column, data, default_formatter);
		}
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "gap" && data && data.next_level && data.gap !== null) {
			return `<span title="${__("{0} credits short of {1}", [data.gap, __(data.next_level)])}">${value}</span>`;
		}
		if (column.fieldname === "overdue" && data && data.overdue) {
			return `<span class="text-danger">${value}</span>`;
		}
		return value;
	},
};
