// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.query_reports["Training Needs Analysis"] = {
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
			fieldname: "view",
			label: __("Group By"),
			fieldtype: "Select",
			options: ["Company", "Department", "Employee"],
			default: "Company",
		},
		{ fieldname: "gaps_only", label: __("Only Gaps in the Catalogue"), fieldtype: "Check" },
	],
	formatter: (...args) => hr_credit_app.report_formatter(...args),
};
