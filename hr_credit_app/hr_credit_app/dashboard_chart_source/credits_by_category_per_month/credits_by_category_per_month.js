// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Credits by Category per Month"] = {
	method: "hr_credit_app.dashboard.credits_by_category",
	filters: [
		hr_credit_app.company_filter({ reqd: 0 }),
	],
};
