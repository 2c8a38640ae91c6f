// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

// The form of a claim: the claimant fills what was learned; the approver and HR see the suggestion
// of the claim policy and grant credits through the workflow's actions (Approve, Send Back, Reject).
frappe.ui.form.on("Credit Claim", {
	setup(frm) {
		frm.set_query("category", () => ({ filters: { disabled: 0 } }));
	},

	refresh(frm) {
		const deciding =
			!frm.doc.__islocal &&
			((frm.doc.status === "Pending Approval" && frm.doc.approver === frappe.session.user) ||
				(["Pending Approval", "Pending HR"].includes(frm.doc.status) &&
					frappe.user.has_role(["HR Manager", "HR User"])));
		frm.set_df_property("credits", "read_only", deciding ? 0 : 1);
		if (frm.doc.status === "Sent Back" && frm.doc.decision_note) {
			frm.dashboard.set_headline_alert(
				`${__("Sent back")}: ${frappe.utils.escape_html(frm.doc.decision_note)}`,
				"orange"
			);
		}
		if (frm.doc.credit_entry) {
			frm.add_custom_button(__("Credit Entry"), () =>
				frappe.set_route("Form", "Credit Entry", frm.doc.credit_entry)
			);
		}
	},
});
