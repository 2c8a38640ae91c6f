// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Plan Completion by Department"] = {
	method: "hr_credit_app.dashboard.completion_by_department",
	filters: [
		hr_credit_app.company_filter({ reqd: 0 }),
	],
};
