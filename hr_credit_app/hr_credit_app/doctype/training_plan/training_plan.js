// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.ui.form.on("Training Plan", {
	setup(frm) {
		frm.set_query("department", () => ({ filters: { company: frm.doc.company } }));
		frm.set_query("course", "courses", () => ({ filters: { disabled: 0 } }));
		frm.set_query("employee", "employees", () => ({
			filters: { company: frm.doc.company, status: "Active" },
		}));
	},
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Plan Tracking"), () =>
			frappe.set_route("query-report", "Plan Tracking", { company: frm.doc.company, plan: frm.doc.name })
		);
		if (!frm.perm[0].write) return;
		frm.add_custom_button(__("Extend Due Date"), () =>
			frappe.prompt(
				[
					{ fieldname: "new_due_date", fieldtype: "Date", label: __("New Due Date"), reqd: 1 },
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
				],
				(values) => frm.call("extend_due_date", values).then(() => frm.reload_doc()),
				__("Extend Due Date"),
				__("Extend")
			),
			__("Change", null, "Training Plan")
		);
		frm.add_custom_button(__("Add Make-up Session"), () =>
			frappe.prompt(
				[
					{ fieldname: "session_date", fieldtype: "Date", label: __("Session Date"), reqd: 1 },
					{
						fieldname: "course",
						fieldtype: "Select",
						label: __("Course"),
						options: ["", ...frm.doc.courses.map((row) => row.course)],
					},
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
				],
				(values) => frm.call("add_makeup_session", values).then(() => frm.reload_doc()),
				__("Add Make-up Session"),
				__("Add")
			),
			__("Change", null, "Training Plan")
		);
	},
});
