// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Employees per Credit Level"] = {
	method: "hr_credit_app.dashboard.employees_per_level",
	filters: [
		hr_credit_app.company_filter({ reqd: 0 }),
	],
};
