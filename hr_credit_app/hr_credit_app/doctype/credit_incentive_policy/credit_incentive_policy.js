// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.ui.form.on("Credit Incentive Policy", {
	setup(frm) {
		const earning = () => ({ filters: { type: "Earning", disabled: 0 } });
		frm.set_query("allowance_component", earning);
		frm.set_query("addon_component", earning);
		frm.set_query("bonus_component", earning);
		frm.set_query("salary_component", "levels", earning);
		frm.set_query("salary_component", "honour_rewards", earning);
	},
	refresh(frm) {
		if (frm.is_new() || !frm.doc.enabled || !frappe.user.has_role("HR Manager")) return;
		frm.add_custom_button(__("Post Allowances"), () => post_allowances(frm), __("Run"));
		frm.add_custom_button(__("Award Honours"), () => award_honours(frm), __("Run"));
	},
});

function post_allowances(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Post Allowances"),
		fields: [
			{ fieldname: "start_date", fieldtype: "Date", label: __("Period Start"), reqd: 1,
				default: frappe.datetime.month_start() },
			{ fieldname: "end_date", fieldtype: "Date", label: __("Period End"), reqd: 1,
				default: frappe.datetime.month_end() },
			{ fieldname: "payroll_frequency", fieldtype: "Select", label: __("Payroll Frequency"),
				options: "Monthly\nBimonthly\nFortnightly\nWeekly\nDaily", default: "Monthly" },
		],
		primary_action_label: __("Post", null, "Credit Incentive Policy"),
		primary_action(values) {
			frappe
				.call({
					method: "hr_credit_app.payroll.post_allowances",
					args: { company: frm.doc.company, ...values },
					freeze: true,
				})
				.then((r) => {
					dialog.hide();
					const s = r.message;
					frappe.msgprint(
						__("{0} employees: {1} new, {2} replaced, {3} unchanged, {4} already paid, {5} skipped.", [
							s.employees, s.created, s.replaced, s.unchanged, s.paid, s.skipped,
						])
					);
				});
		},
	});
	dialog.show();
}

function award_honours(frm) {
	frappe.prompt(
		[
			{ fieldname: "year", fieldtype: "Int", label: __("Year"), reqd: 1,
				default: new Date().getFullYear() - 1 },
			{ fieldname: "payroll_date", fieldtype: "Date", label: __("Pay Money Rewards On"),
				default: frappe.datetime.get_today() },
		],
		(values) =>
			frappe
				.call({
					method: "hr_credit_app.honours.award_honours",
					args: { company: frm.doc.company, ...values },
					freeze: true,
				})
				.then((r) => {
					const s = r.message;
					frappe.msgprint(
						s.existing
							? __("Honours for {0} were awarded already: {1} employees.", [values.year, s.awarded])
							: __("{0} employees honoured for {1}.", [s.awarded, values.year])
					);
				}),
		__("Award Honours"),
		__("Award")
	);
}

hr_credit_app.follow_currency("Credit Incentive Policy", ["levels", "honour_rewards"]);
