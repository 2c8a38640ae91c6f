// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.query_reports["Training Effectiveness"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			reqd: 1,
			default: frappe.defaults.get_user_default("Company"),
		},
		{ fieldname: "course", label: __("Credit Course"), fieldtype: "Link", options: "Credit Course", reqd: 1 },
		{
			fieldname: "department",
			label: __("Department"),
			fieldtype: "Link",
			options: "Department",
			get_query: () => ({ filters: { company: frappe.query_report.get_filter_value("company") } }),
		},
		{ fieldname: "view", label: __("Group By"), fieldtype: "Select", options: ["Department", "Employee"], default: "Department" },
	],
	formatter: (...args) => hr_credit_app.report_formatter(...args),
};
