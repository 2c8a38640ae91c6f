// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.ui.form.on("Credit Entry", {
	setup(frm) {
		frm.set_query("category", () => ({ filters: { disabled: 0 } }));
		frm.set_query("course", () => ({ filters: { disabled: 0 } }));
	},
	onload(frm) {
		if (frm.is_new() && !frm.doc.amended_from) frm.set_value("source", "Manual Adjustment");
	},
	course(frm) {
		if (!frm.doc.course) return;
		frappe.db.get_value("Credit Course", frm.doc.course, ["category", "effective_credits"]).then((r) => {
			const course = r.message || {};
			frm.set_value("category", course.category);
			if (!frm.doc.credits) frm.set_value("credits", course.effective_credits);
		});
	},
});
