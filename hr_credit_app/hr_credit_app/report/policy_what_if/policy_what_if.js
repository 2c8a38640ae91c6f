// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.query_reports["Policy What-If"] = {
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
			fieldname: "scenario",
			label: __("Credit Policy Scenario"),
			fieldtype: "Link",
			options: "Credit Policy Scenario",
			reqd: 1,
			get_query: () => ({ filters: { company: frappe.query_report.get_filter_value("company") } }),
		},
	],
	formatter: (...args) => hr_credit_app.report_formatter(...args),
};
