// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.query_reports["Training Needs Analysis"] = {
	filters: [
		hr_credit_app.company_filter(),
		hr_credit_app.department_filter(),
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
