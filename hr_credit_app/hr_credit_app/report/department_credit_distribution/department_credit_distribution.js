// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.query_reports["Department Credit Distribution"] = {
	filters: [
		hr_credit_app.company_filter(),
		hr_credit_app.department_filter(),
		hr_credit_app.company_record_filter("plan", __("Training Plan"), "Training Plan"),
		{
			fieldname: "breakdown",
			label: __("Plans By"),
			fieldtype: "Select",
			options: ["Department", "Department and Plan", "Department and Course"],
			default: "Department",
		},
		{
			fieldname: "window",
			label: __("Credits Counted"),
			fieldtype: "Select",
			options: ["", "Cumulative", "Calendar Year", "Fiscal Year", "Rolling 12 Months"],
		},
		{ fieldname: "as_of", label: __("As Of"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
	formatter: (...args) => hr_credit_app.report_formatter(...args),
};
