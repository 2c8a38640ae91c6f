// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.ui.form.on("Credit Course", {
	setup(frm) {
		frm.set_query("category", () => ({ filters: { disabled: 0 } }));
	},
	base_credits: update_effective_credits,
	weight: update_effective_credits,
});

function update_effective_credits(frm) {
	frm.set_value("effective_credits", flt(frm.doc.base_credits) * flt(frm.doc.weight));
}
