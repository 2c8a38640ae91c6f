// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.ui.form.on("Employee", {
	refresh(frm) {
		if (frm.is_new()) return;
		hr_credit_app_show_credits(frm);
	},
});

function hr_credit_app_show_credits(frm) {
	frappe
		.call({
			method: "hr_credit_app.api.get_credit_status",
			args: { employee: frm.doc.name },
			// an employee without access simply sees no indicator
			error_handlers: { PermissionError: () => {} },
		})
		.then((r) => {
			const status = r && r.message;
			if (!status || frm.doc.name !== status.employee.name) return;
			const summary = status.summary;
			const fmt = (value) => format_number(value, null, 1);
			frm.dashboard.add_indicator(
				__("Credits ({0}): {1}", [summary.window_label, fmt(summary.total)]),
				summary.total > 0 ? "blue" : "gray"
			);
			for (const row of summary.structure.categories) {
				frm.dashboard.add_indicator(
					__("{0}: {1} ({2}% of target {3}%)", [
						__(row.category),
						fmt(row.credits),
						fmt(row.share),
						fmt(row.target_share),
					]),
					row.status === "on_target" ? "green" : "orange"
				);
			}
			if (status.levels.length) {
				frm.dashboard.add_indicator(
					__("Level: {0}", [status.level ? __(status.level) : __("None")]),
					status.level ? "green" : "gray"
				);
				if (status.gap_message) frm.dashboard.add_indicator(status.gap_message, "orange");
			}
		});
}
