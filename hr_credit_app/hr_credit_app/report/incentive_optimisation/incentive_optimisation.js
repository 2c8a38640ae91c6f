// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.query_reports["Incentive Optimisation"] = {
	filters: [
		hr_credit_app.company_filter(),
	],
	get_datatable_options(options) {
		return Object.assign(options, { checkboxColumn: true });
	},
	onload(report) {
		if (!frappe.user.has_role("HR Manager")) return;
		report.page.add_inner_button(__("Apply Selected"), () => {
			const rows = report.datatable.rowmanager.getCheckedRows().map((i) => report.data[i]);
			if (!rows.length) {
				frappe.msgprint(__("Tick the suggestions to apply."));
				return;
			}
			frappe.confirm(__("Apply {0} suggestion(s)?", [rows.length]), () =>
				Promise.all(
					rows.map((row) =>
						frappe.xcall("hr_credit_app.reviews.optimisation.apply_suggestion", {
							suggestion: row.payload,
						})
					)
				).then((results) => {
					frappe.msgprint(results.map((r) => frappe.utils.escape_html(r)).join("<br>"));
					report.refresh();
				})
			);
		});
	},
	formatter: (...args) => hr_credit_app.report_formatter(...args),
};
