// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.query_reports["Plan Tracking"] = {
	filters: [
		hr_credit_app.company_filter(),
		hr_credit_app.company_record_filter("plan", __("Training Plan"), "Training Plan"),
		{ fieldname: "course", label: __("Credit Course"), fieldtype: "Link", options: "Credit Course" },
		hr_credit_app.department_filter(),
		{
			fieldname: "status",
			label: __("Plan Status"),
			fieldtype: "Select",
			// labels of their own: a plan is "in progress" (进行中), not "active" as Frappe says it (活动)
			options: [
				{ value: "Active", label: __("Plans in Progress") },
				{ value: "Closed", label: __("Closed Plans") },
			],
			default: "Active",
		},
	],
	formatter: (...args) => hr_credit_app.report_formatter(...args),
};
