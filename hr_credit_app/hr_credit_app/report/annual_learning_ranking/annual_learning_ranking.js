// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.query_reports["Annual Learning Ranking"] = {
	filters: [
		hr_credit_app.company_filter(),
		{ fieldname: "year", label: __("Year"), fieldtype: "Int", default: new Date().getFullYear() },
		{ fieldname: "top_only", label: __("Only the Honoured"), fieldtype: "Check", default: 1 },
	],
	formatter: (...args) => hr_credit_app.report_formatter(...args),
};
