// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.query_reports["Course Recommendations"] = {
	filters: [
		hr_credit_app.company_filter(),
		hr_credit_app.department_filter(),
		{ fieldname: "employee", label: __("Employee"), fieldtype: "Link", options: "Employee" },
		{ fieldname: "limit", label: __("Courses per Employee"), fieldtype: "Int", default: 3 },
	],
	formatter: (...args) => hr_credit_app.report_formatter(...args),
};
