app_name = "hr_credit_app"
app_title = "HR Credit App"
app_publisher = "hr_credit_app contributors"
app_description = (
	"Training credits, credit-based incentives through HRMS payroll, and the reviews that close the loop"
)
app_email = "dev@hr-credit.example"
app_license = "GNU General Public License (v3)"
required_apps = ["frappe/erpnext", "frappe/hrms"]
# The majors the app runs on, checked before install (pyproject.toml tells bench the same ranges).
supported_versions = {"frappe": ">=15.0.0,<17.0.0", "erpnext": ">=15.0.0,<17.0.0", "hrms": ">=15.0.0,<17.0.0"}

export_python_type_annotations = True

# Installation
# ------------
before_install = "hr_credit_app.setup.check_versions"
after_install = "hr_credit_app.setup.after_install"
after_migrate = "hr_credit_app.setup.after_migrate"
before_uninstall = "hr_credit_app.setup.before_uninstall"

# Testing: `bench run-tests --app hr_credit_app` runs only this app's hook, so it calls HRMS's,
# which completes the setup wizard with "_Test Company".
before_tests = "hr_credit_app.setup.before_tests"

# Website: the employee's own page (/my-credits)
# ----------------------------------------------
portal_menu_items = [
	{"title": "My Credits", "route": "/my-credits", "role": "Employee"},
]

# Desk
# ----
app_include_js = ["/assets/hr_credit_app/js/hr_credit_reports.js"]
boot_session = "hr_credit_app.boot.boot_session"
doctype_js = {
	"Employee": "public/js/employee.js",
}
override_doctype_dashboards = {
	"Employee": "hr_credit_app.overrides.employee.get_dashboard_data",
}

# Document events
# ---------------
doc_events = {
	"Credit Entry": {"on_cancel": "hr_credit_app.intake.on_credit_entry_cancel"},
	"Training Result": {
		"on_submit": "hr_credit_app.overrides.training.on_training_result_change",
		"on_update_after_submit": "hr_credit_app.overrides.training.on_training_result_change",
		"on_cancel": "hr_credit_app.overrides.training.on_training_result_cancel",
	},
	"Payroll Entry": {"validate": "hr_credit_app.overrides.payroll_entry.on_payroll_entry_validate"},
	"Salary Slip": {
		"before_validate": "hr_credit_app.overrides.salary_slip.before_salary_slip_validate",
		"validate": "hr_credit_app.overrides.salary_slip.on_salary_slip_validate",
		"on_submit": "hr_credit_app.overrides.salary_slip.on_salary_slip_submit",
		"on_cancel": "hr_credit_app.overrides.salary_slip.on_salary_slip_cancel",
		"on_trash": "hr_credit_app.overrides.salary_slip.on_salary_slip_trash",
	},
	"Employee Promotion": {"validate": "hr_credit_app.overrides.promotion.validate_promotion"},
	"Employee": {"on_update": "hr_credit_app.overrides.employee.on_update"},
	# HRMS 16: a credit incentive is never paid again as an arrear (no such doctypes on HRMS 15)
	"Payroll Correction": {"validate": "hr_credit_app.overrides.arrears.drop_credit_rows"},
	"Arrear": {"validate": "hr_credit_app.overrides.arrears.drop_credit_rows"},
	# Frappe LMS: these events fire only on sites where the lms app is installed.
	"LMS Quiz Submission": {"on_update": "hr_credit_app.overrides.lms.on_quiz_submission"},
	"LMS Enrollment": {"on_update": "hr_credit_app.overrides.lms.on_enrollment_update"},
	"LMS Course Progress": {"after_insert": "hr_credit_app.overrides.lms.on_course_progress"},
}

# Scheduled jobs
# --------------
scheduler_events = {
	"hourly_long": [
		"hr_credit_app.overrides.lms.sync",
		"hr_credit_app.tasks.credit_stranded_evidence",
		"hr_credit_app.tasks.send_credit_nudges",
		"hr_credit_app.tasks.keep_recommendations",
	],
	"daily_long": [
		"hr_credit_app.tasks.send_plan_nudges",
	],
	"weekly_long": [
		"hr_credit_app.tasks.send_weekly_digest",
	],
	"monthly_long": [
		"hr_credit_app.tasks.monthly_sync",
	],
}

# Permissions
# -----------
permission_query_conditions = {
	"Credit Entry": "hr_credit_app.permissions.credit_entry_query_conditions",
	"Credit Enrolment": "hr_credit_app.permissions.credit_enrolment_query_conditions",
	"Credit Payout": "hr_credit_app.permissions.credit_payout_query_conditions",
	"Credit Honour Award": "hr_credit_app.permissions.credit_honour_award_query_conditions",
	"Credit Survey Response": "hr_credit_app.permissions.credit_survey_response_query_conditions",
	"Credit Claim": "hr_credit_app.permissions.credit_claim_query_conditions",
	"Credit Offer": "hr_credit_app.permissions.credit_offer_query_conditions",
	"Credit Redemption": "hr_credit_app.permissions.credit_redemption_query_conditions",
}
has_permission = {
	"Credit Entry": "hr_credit_app.permissions.employee_record_has_permission",
	"Credit Enrolment": "hr_credit_app.permissions.employee_record_has_permission",
	"Credit Payout": "hr_credit_app.permissions.employee_record_has_permission",
	"Credit Honour Award": "hr_credit_app.permissions.employee_record_has_permission",
	"Credit Survey Response": "hr_credit_app.permissions.survey_response_has_permission",
	"Credit Claim": "hr_credit_app.permissions.credit_claim_has_permission",
	"Credit Offer": "hr_credit_app.permissions.credit_offer_has_permission",
	"Credit Redemption": "hr_credit_app.permissions.credit_redemption_has_permission",
}

# the Print Format "Credit Transcript" (on Employee) reads an employee's transcript through this
jinja = {"methods": ["hr_credit_app.transcript.get_transcript"]}
