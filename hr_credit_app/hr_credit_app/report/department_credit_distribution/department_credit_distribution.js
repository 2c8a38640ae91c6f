// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.query_reports["Department Credit Distribution"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			reqd: 1,
			default: frappe.defaults.get_user_default("Company"),
		},
		{
			fieldname: "department",
			label: __("Department"),
			fieldtype: "Link",
			options: "Department",
			get_query: () => ({ filters: { company: frappe.query_report.get_filter_value("company") } }),
		},
		{
			fieldname: "plan",
			label: __("Training Plan"),
			fieldtype: "Link",
			options: "Training Plan",
			get_query: () => ({ filters: { company: frappe.query_report.get_filter_value("company") } }),
		},
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
