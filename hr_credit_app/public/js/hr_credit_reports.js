// Shared by the app's script reports (loaded in the desk through hooks.app_include_js).
//
// Report columns that name a record are plain Data columns with a `link_to` doctype: Frappe filters
// the rows of Link columns by the viewer's read rights on the linked doctype (an employee cannot read
// Designation, a department manager is held to their own Employee record), while the reports already
// show each user only what they may see. The formatter turns them into links, with the text escaped.
frappe.provide("hr_credit_app");

hr_credit_app.report_formatter = function (value, row, column, data, default_formatter) {
	if (column && (column.link_to || column.fieldname === "employee") && value) {
		const doctype = column.link_to || "Employee";
		const href = frappe.utils.get_form_link(doctype, value);
		return `<a href="${frappe.utils.escape_html(href)}">${frappe.utils.escape_html(String(value))}</a>`;
	}
	return default_formatter(value, row, column, data);
};
