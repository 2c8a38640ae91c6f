// Copyright (c) 2026, hr_credit_app contributors and contributors
// For license information, please see license.txt

frappe.ui.form.on("HR Credit Settings", {
	refresh(frm) {
		if (!frappe.user.has_role("HR Manager")) return;
		// the balances kept beside the ledger: compare them with it, and rebuild what differs
		frm.add_custom_button(
			__("Verify Credit Balances"),
			() => {
				frappe.confirm(
					__(
						"Compare the credit balances with the ledger and rebuild them if they differ? This runs in the background."
					),
					() =>
						frappe
							.xcall("hr_credit_app.credits.verify_balances", { repair: 1 })
							.then((message) => frappe.show_alert({ message, indicator: "blue" }))
				);
			},
			__("Ledger")
		);
	},
});
