// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.ui.form.on("Credit Course", {
	setup(frm) {
		frm.set_query("category", () => ({ filters: { disabled: 0 } }));
	},
	onload(frm) {
		if (frm.is_new() && !frm.doc.currency) {
			const company = hr_credit_app.default_company();
			if (company) {
				frappe.db.get_value("Company", company, "default_currency").then((r) => {
					if (r.message && !frm.doc.currency) frm.set_value("currency", r.message.default_currency);
				});
			}
		}
	},
	base_credits: update_effective_credits,
	weight: update_effective_credits,
});

function update_effective_credits(frm) {
	frm.set_value("effective_credits", flt(frm.doc.base_credits) * flt(frm.doc.weight));
}
