frappe.ready(function () {
	// the survey being answered now (HR Credit Settings > Current Survey), not a free text
	if (!frappe.web_form.doc.survey_cycle) {
		frappe.call("hr_credit_app.hr_credit_app.doctype.credit_survey_response.credit_survey_response.get_current_survey").then((r) => {
			if (r.message) frappe.web_form.set_value("survey_cycle", r.message);
		});
	}
});
