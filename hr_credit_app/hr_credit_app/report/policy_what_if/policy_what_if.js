// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.query_reports["Policy What-If"] = {
	filters: [
		hr_credit_app.company_filter(),
		hr_credit_app.company_record_filter("scenario", __("Credit Policy Scenario"), "Credit Policy Scenario"),
	],
	formatter: (...args) => hr_credit_app.report_formatter(...args),
	onload(report) {
		// the report compares the policy with a scenario: it opens on the latest one, and offers to
		// make one (with none yet, the report says what a scenario is)
		report.page.add_inner_button(__("New Scenario"), () =>
			frappe.new_doc("Credit Policy Scenario", { company: report.get_filter_value("company") })
		);
		hr_credit_app.set_report_defaults(report, ["scenario"]);
	},
};
