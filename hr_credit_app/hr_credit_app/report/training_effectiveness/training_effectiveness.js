// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.query_reports["Training Effectiveness"] = {
	filters: [
		hr_credit_app.company_filter(),
		{ fieldname: "course", label: __("Credit Course"), fieldtype: "Link", options: "Credit Course" },
		hr_credit_app.department_filter(),
		{ fieldname: "view", label: __("Group By"), fieldtype: "Select", options: ["Department", "Employee"], default: "Department" },
	],
	formatter: (...args) => hr_credit_app.report_formatter(...args),
	onload: (report) => hr_credit_app.set_report_defaults(report, ["course"]),
};
