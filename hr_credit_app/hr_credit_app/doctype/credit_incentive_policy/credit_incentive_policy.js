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
	promotion_gates_on_form_rendered: set_gate_targets,
	onload_post_render: set_gate_targets,
	refresh(frm) {
		set_gate_targets(frm);
		if (frm.is_new() || !frm.doc.enabled || !frappe.user.has_role("HR Manager")) return;
		frm.add_custom_button(__("Post Allowances"), () => post_allowances(frm), __("Run"));
		frm.add_custom_button(__("Award Honours"), () => award_honours(frm), __("Run"));
	},
});

// A requirement or a path names one of the gates above: a choice of them, not free text.
function set_gate_targets(frm) {
	const targets = (frm.doc.promotion_gates || [])
		.map((row) => (row.gate_on === "Grade" ? row.grade : row.designation))
		.filter(Boolean);
	for (const table of ["gate_requirements", "gate_paths"]) {
		const grid = frm.fields_dict[table] && frm.fields_dict[table].grid;
		if (grid) grid.update_docfield_property("gate_target", "options", ["", ...targets]);
	}
}

frappe.ui.form.on("Credit Promotion Gate", {
	designation: set_gate_targets,
	grade: set_gate_targets,
	gate_on: set_gate_targets,
	promotion_gates_remove: set_gate_targets,
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
					method: "hr_credit_app.api.post_allowances",
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
	// a preview first (who, which rewards, what the money costs), then a confirmation: awarding
	// writes the honours and the money rewards' Additional Salaries at once
	const dialog = new frappe.ui.Dialog({
		title: __("Award Honours"),
		fields: [
			{ fieldname: "year", fieldtype: "Int", label: __("Year"), reqd: 1, default: new Date().getFullYear() - 1,
				description: __("A year is honoured once it is over.") },
			{ fieldname: "payroll_date", fieldtype: "Date", label: __("Pay Money Rewards On"),
				default: frappe.datetime.get_today() },
			{ fieldname: "preview_html", fieldtype: "HTML" },
		],
		primary_action_label: __("Preview"),
		primary_action(values) {
			frappe
				.call({
					method: "hr_credit_app.honours.award_honours",
					args: { company: frm.doc.company, ...values, preview: 1 },
				})
				.then((r) => show_preview(dialog, frm, values, r.message));
		},
	});
	dialog.show();
}

function show_preview(dialog, frm, values, s) {
	const esc = frappe.utils.escape_html;
	const field = dialog.get_field("preview_html");
	if (s.existing) {
		field.$wrapper.html(`<p>${esc(__("Honours for {0} were awarded already: {1} employees.", [values.year, s.awarded]))}</p>`);
		return;
	}
	if (!s.honourees.length) {
		field.$wrapper.html(`<p>${esc(__("Nobody reaches the honours of {0}.", [values.year]))}</p>`);
		return;
	}
	const rows = s.honourees
		.map((h) => `<tr><td>${h.rank}</td><td>${esc(h.employee_name || h.employee)}</td><td class="text-right">${format_number(h.credits, null, 1)}</td></tr>`)
		.join("");
	field.$wrapper.html(`
		<p><b>${esc(__("{0} of {1}: {2} employees", [__(s.title), s.year, s.honourees.length]))}</b></p>
		<table class="table table-sm"><thead><tr><th>${esc(__("Rank"))}</th><th>${esc(__("Employee"))}</th>
		<th class="text-right">${esc(__("Credits"))}</th></tr></thead><tbody>${rows}</tbody></table>
		<p>${esc(__("Rewards: {0}", [s.rewards.join("; ")]))}</p>
		<p>${esc(__("Money rewards in all: {0}", [format_currency(s.money_total, s.currency)]))}</p>`);
	dialog.set_primary_action(__("Award"), () =>
		frappe.confirm(
			__("Award the honours of {0} to {1} employees? Money rewards are paid through payroll.", [s.year, s.honourees.length]),
			() =>
				frappe
					.call({
						method: "hr_credit_app.honours.award_honours",
						args: { company: frm.doc.company, ...dialog.get_values(), preview: 0 },
						freeze: true,
					})
					.then((r) => {
						dialog.hide();
						frappe.msgprint(__("{0} employees honoured for {1}.", [r.message.awarded, s.year]));
					})
		)
	);
}

hr_credit_app.follow_currency("Credit Incentive Policy", ["levels", "honour_rewards"]);
