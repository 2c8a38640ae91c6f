// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.query_reports["Policy What-If"] = {
	filters: [
		hr_credit_app.company_filter(),
		hr_credit_app.company_record_filter("scenario", __("Credit Policy Scenario"), "Credit Policy Scenario", {
			reqd: 1,
		}),
	],
	formatter: (...args) => hr_credit_app.report_formatter(...args),
	onload(report) {
		const new_scenario = () =>
			frappe.new_doc("Credit Policy Scenario", { company: report.get_filter_value("company") });
		report.page.add_inner_button(__("New Scenario"), new_scenario);
		// the report compares the policy with a scenario: with none yet, say so and offer to make one
		frappe.db
			.count("Credit Policy Scenario", { filters: { company: report.get_filter_value("company") } })
			.then((count) => {
				if (!count) {
					frappe.msgprint({
						title: __("No Scenario Yet"),
						message: __(
							"A scenario is a proposed set of levels and allowances; this report compares it with the policy in force. Make one with New Scenario."
						),
						primary_action: { label: __("New Scenario"), action: new_scenario },
					});
				}
			});
	},
};
