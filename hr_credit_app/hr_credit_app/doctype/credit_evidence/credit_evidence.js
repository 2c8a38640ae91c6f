// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.ui.form.on("Credit Evidence", {
	refresh(frm) {
		if (frm.is_new()) return;
		if (frm.doc.status === "Error") {
			// rendered by the server in the reader's language, with the sender's values escaped
			const error_text = (frm.doc.__onload || {}).error_text;
			frm.dashboard.set_headline_alert(
				`<div class="text-danger evidence-error">${
					error_text || frappe.utils.escape_html(frm.doc.error_message || "")
				}</div>`
			);
			if (frappe.user.has_role("HR Manager")) {
				frm.add_custom_button(__("Retry"), () =>
					frm.call("retry").then((r) => {
						frm.reload_doc();
						frappe.show_alert({
							message: __("Evidence is now {0}", [__(r.message)]),
							indicator: r.message === "Error" ? "red" : "green",
						});
					})
				);
			}
		}
		if (
			["Accepted", "Credited", "Not Yet Eligible"].includes(frm.doc.status) &&
			frappe.user.has_role("HR Manager")
		) {
			frm.add_custom_button(__("Withdraw"), () =>
				frappe.confirm(
					__("Withdraw this evidence? The credit it produced is cancelled if nothing else earns it."),
					() => frm.call("withdraw").then(() => frm.reload_doc())
				)
			);
		}
	},
});
