// Copyright (c) 2026, hr_credit_app contributors and contributors
// For license information, please see license.txt

// frappe.ui.form.on("Credit Survey Response", {
// 	refresh(frm) {

// 	},
// });
