// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.ui.form.on("Credit Enrolment", {
	refresh(frm) {
		frm.add_custom_button(__("Evidence"), () =>
			frappe.set_route("List", "Credit Evidence", { enrolment: frm.doc.name })
		);
		if (["In Progress", "Cancelled"].includes(frm.doc.status) && frappe.user.has_role("HR Manager")) {
			frm.add_custom_button(__("Re-evaluate"), () =>
				frm.call("reevaluate").then(() => frm.reload_doc())
			);
		}
	},
});
