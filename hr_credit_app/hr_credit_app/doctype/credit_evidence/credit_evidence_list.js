// Copyright (c) 2026, hr_credit_app contributors
// For license information, please see license.txt

frappe.listview_settings["Credit Evidence"] = {
	get_indicator(doc) {
		const colors = {
			Accepted: "blue",
			Credited: "green",
			"Not Yet Eligible": "orange",
			Error: "red",
			Withdrawn: "gray",
		};
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
