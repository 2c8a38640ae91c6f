// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.query_reports["Plan Tracking"] = {
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
			fieldname: "plan",
			label: __("Training Plan"),
			fieldtype: "Link",
			options: "Training Plan",
			get_query: () => ({ filters: { company: frappe.query_report.get_filter_value("company") } }),
		},
		{ fieldname: "course", label: __("Credit Course"), fieldtype: "Link", options: "Credit Course" },
		{
			fieldname: "department",
			label: __("Department"),
			fieldtype: "Link",
			options: "Department",
			get_query: () => ({ filters: { company: frappe.query_report.get_filter_value("company") } }),
		},
		{ fieldname: "status", label: __("Plan Status"), fieldtype: "Select", options: ["Active", "Closed"], default: "Active" },
	],
	formatter: (...args) => hr_credit_app.report_formatter(...args),
};
