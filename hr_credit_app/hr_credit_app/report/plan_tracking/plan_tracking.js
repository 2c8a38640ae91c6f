// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.query_reports["Plan Tracking"] = {
	filters: [
		hr_credit_app.company_filter(),
		hr_credit_app.company_record_filter("plan", __("Training Plan"), "Training Plan"),
		{ fieldname: "course", label: __("Credit Course"), fieldtype: "Link", options: "Credit Course" },
		hr_credit_app.department_filter(),
		{ fieldname: "status", label: __("Plan Status"), fieldtype: "Select", options: ["Active", "Closed"], default: "Active" },
	],
	formatter: (...args) => hr_credit_app.report_formatter(...args),
};
