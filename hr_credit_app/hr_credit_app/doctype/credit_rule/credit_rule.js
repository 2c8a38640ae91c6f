// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.ui.form.on("Credit Rule", {
	refresh(frm) {
		if (frm.is_new() || !frappe.user.has_role("HR Manager")) return;
		frm.add_custom_button(__("Re-evaluate Open Enrolments"), () => reevaluate());
	},
});

function reevaluate() {
	frappe.confirm(
		__(
			"Evaluate every enrolment that is not credited yet against the current rules? Credits already posted are not changed."
		),
		() =>
			frappe
				.call({
					method: "hr_credit_app.hr_credit_app.doctype.credit_rule.credit_rule.reevaluate_enrolments",
					freeze: true,
				})
				.then((r) => {
					const res = r.message;
					frappe.msgprint(
						res.queued
							? __("{0} open enrolments are being evaluated in the background.", [res.open])
							: __("{0} open enrolments evaluated; {1} credited.", [res.open, res.credited])
					);
				})
	);
}
