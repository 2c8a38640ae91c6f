// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.ui.form.on("Credit Policy Scenario", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Compare with the Policy"), () =>
			frappe.set_route("query-report", "Policy What-If", { company: frm.doc.company, scenario: frm.doc.name })
		);
	},
});

hr_credit_app.follow_currency("Credit Policy Scenario", ["levels"]);
