// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

// The Employee form shows the credits where the form opens (a headline above every tab): total,
// level, the gap to the next level and a link to the employee's credits page. The details by
// category stay in the dashboard's indicators; Connections list the credit records.
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
			// a user who may not see this employee's credits simply sees none
			error_handlers: { PermissionError: () => {} },
		})
		.then((r) => {
			const status = r && r.message;
			if (!status || frm.doc.name !== status.employee.name) return;
			const summary = status.summary;
			const fmt = (value) => format_number(value, null, 1);
			const esc = frappe.utils.escape_html;
			const parts = [
				`<b>${esc(__("Credits ({0}): {1}", [summary.window_label, fmt(summary.total)]))}</b>`,
			];
			if (status.levels.length) {
				parts.push(esc(__("Level: {0}", [status.level ? __(status.level) : __("None")])));
				if (status.gap_message) parts.push(esc(status.gap_message));
			}
			const page = `/my-credits?employee=${encodeURIComponent(frm.doc.name)}`;
			parts.push(`<a href="${esc(page)}" class="credits-page-link">${esc(__("Credits page"))} &rarr;</a>`);
			const transcript =
				"/printview?" +
				new URLSearchParams({
					doctype: "Employee",
					name: frm.doc.name,
					format: "Credit Transcript",
					no_letterhead: 1,
					_lang: frappe.boot.lang || "en",
				}).toString();
			parts.push(
				`<a href="${esc(transcript)}" target="_blank" class="credit-transcript-link">${esc(__("Credit Transcript"))}</a>`
			);
			frm.dashboard.set_headline(`<div class="hr-credit-headline">${parts.join(" &middot; ")}</div>`);
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
		});
}
