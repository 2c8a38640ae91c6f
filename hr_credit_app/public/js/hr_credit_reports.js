// Shared by the app's script reports, dashboard chart sources and number cards (loaded in the desk
// through hooks.app_include_js): one company filter, one department filter, one link formatter.
frappe.provide("hr_credit_app");

// The company the user's reports and cards open on: their default company if they may see it, else
// the first company they may see (hr_credit_app.boot). Employees and department managers rarely
// have a default company, and without one every report would first ask for filters.
hr_credit_app.default_company = function () {
	const boot = frappe.boot.hr_credit_app || {};
	return boot.default_company || frappe.defaults.get_user_default("Company") || "";
};

hr_credit_app.company_filter = function (extra) {
	return Object.assign(
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			reqd: 1,
			default: hr_credit_app.default_company(),
			get_query: () => ({ filters: { name: ["in", (frappe.boot.hr_credit_app || {}).companies || []] } }),
		},
		extra || {}
	);
};

// A filter for a record of the chosen company (department, plan, scenario).
hr_credit_app.company_record_filter = function (fieldname, label, doctype, extra) {
	return Object.assign(
		{
			fieldname: fieldname,
			label: label,
			fieldtype: "Link",
			options: doctype,
			get_query: () => ({ filters: { company: frappe.query_report.get_filter_value("company") } }),
		},
		extra || {}
	);
};

hr_credit_app.department_filter = function (extra) {
	return hr_credit_app.company_record_filter("department", __("Department"), "Department", extra);
};

// Report columns that name a record are plain Data columns with a `link_to` doctype: Frappe filters
// the rows of Link columns by the viewer's read rights on the linked doctype (an employee cannot read
// Designation, a department manager is held to their own Employee record), while the reports already
// show each user only what they may see. The formatter turns them into links, with the text escaped.
hr_credit_app.report_formatter = function (value, row, column, data, default_formatter) {
	if (column && (column.link_to || column.fieldname === "employee") && value) {
		const doctype = column.link_to || "Employee";
		const href = frappe.utils.get_form_link(doctype, value);
		return `<a href="${frappe.utils.escape_html(href)}">${frappe.utils.escape_html(String(value))}</a>`;
	}
	return default_formatter(value, row, column, data);
};

// Amounts in child rows (levels, rewards) are in the document's currency, never the system's default:
// new rows and a changed company take the parent's currency at once (the server sets it on save too).
hr_credit_app.follow_currency = function (doctype, tables) {
	const set_rows = (frm) => {
		for (const table of tables) {
			for (const row of frm.doc[table] || []) {
				if (row.currency !== frm.doc.currency) frappe.model.set_value(row.doctype, row.name, "currency", frm.doc.currency);
			}
		}
	};
	const handlers = { currency: set_rows, onload_post_render: set_rows };
	frappe.ui.form.on(doctype, handlers);
	for (const table of tables) {
		const child = frappe.meta.get_docfield(doctype, table);
		if (!child) continue;
		frappe.ui.form.on(child.options, {
			[`${table}_add`](frm, cdt, cdn) {
				frappe.model.set_value(cdt, cdn, "currency", frm.doc.currency);
			},
		});
	}
};


// A review report opens on something to look at: the company's latest scenario, its most credited course.
hr_credit_app.set_report_defaults = function (report, fieldnames) {
	const company = report.get_filter_value("company");
	if (!company || fieldnames.every((f) => report.get_filter_value(f))) return;
	frappe.xcall("hr_credit_app.reporting.report_defaults", { company }).then((defaults) => {
		for (const fieldname of fieldnames) {
			if (!report.get_filter_value(fieldname) && defaults[fieldname]) {
				report.set_filter_value(fieldname, defaults[fieldname]);
			}
		}
	});
};
