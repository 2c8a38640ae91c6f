// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.listview_settings["Credit Category"] = {
	onload(listview) {
		if (!frappe.user.has_role("HR Manager")) return;
		listview.page.add_inner_button(__("Set Target Shares"), () => set_target_shares(listview));
	},
};

function set_target_shares(listview) {
	frappe.db
		.get_list("Credit Category", {
			fields: ["name", "target_share", "disabled"],
			order_by: "target_share desc",
			limit: 0,
		})
		.then((categories) => {
			const fields = [];
			for (const c of categories) {
				fields.push({
					fieldname: frappe.scrub(c.name),
					label: __(c.name),
					fieldtype: "Percent",
					default: c.disabled ? null : c.target_share,
					description: c.disabled ? __("Disabled; give it a share to enable it.") : "",
				});
			}
			const dialog = new frappe.ui.Dialog({
				title: __("Set Target Shares"),
				fields: [
					{
						fieldtype: "HTML",
						options: `<p class="text-muted">${__(
							"The target shares of the enabled categories must add up to 100%. Leave a share empty to disable the category."
						)}</p>`,
					},
					...fields,
				],
				primary_action_label: __("Save"),
				primary_action(values) {
					const shares = {};
					for (const c of categories) {
						const value = values[frappe.scrub(c.name)];
						shares[c.name] = value === undefined || value === null || value === "" ? null : value;
					}
					frappe
						.call({
							method: "hr_credit_app.hr_credit_app.doctype.credit_category.credit_category.set_target_shares",
							args: { shares },
							freeze: true,
						})
						.then(() => {
							dialog.hide();
							listview.refresh();
						});
				},
			});
			dialog.show();
		});
}
