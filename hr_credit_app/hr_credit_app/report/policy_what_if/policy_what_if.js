// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.query_reports["Policy What-If"] = {
	filters: [
		hr_credit_app.company_filter(),
		hr_credit_app.company_record_filter("scenario", __("Credit Policy Scenario"), "Credit Policy Scenario", { reqd: 1 }),
	],
	formatter: (...args) => hr_credit_app.report_formatter(...args),
};
