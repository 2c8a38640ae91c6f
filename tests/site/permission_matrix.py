"""Who may do what, as one table: the permission matrix test asserts every cell on a real site, and
SECURITY.md shows the same table (``render()``; a test checks the two agree).

Pure data (no frappe), so that the table can be rendered anywhere:
``python -c "from tests.site.permission_matrix import render; print(render())"``.

Whose record: ``own`` (the user's own employee), ``department`` (a colleague of the same
department), ``other department`` (same company), ``other company``. For records that belong to a
company but to no employee (policies, plans, scenarios), only ``own`` company and ``other company``
apply; for shared records (courses, categories, rules, settings), ``any``.
"""

PERSONAS = {
	"guest": "Guest",
	"website_user": "Website user",
	"employee": "Employee",
	"department_manager": "Credit Department Manager",
	"hr_user_company": "HR User, one company",
	"hr_user": "HR User",
	"hr_manager": "HR Manager",
	"integration": "Credit Integration",
}
PERSONA_NOTES = {
	"website_user": "a portal user without a desk role",
	"employee": "role Employee, linked to an Employee record",
	"department_manager": "roles Employee and Credit Department Manager, with a Department User Permission",
	"hr_user_company": "role HR User, with a Company User Permission (ERPNext gives one to every employee's user)",
	"hr_user": "role HR User, an employee whose record creates no User Permissions",
	"hr_manager": "role HR Manager, an employee whose record creates no User Permissions",
	"integration": "role Credit Integration only (an API key)",
}
EMPLOYEE_WHOSE = ("own", "department", "other department", "other company")
COMPANY_WHOSE = ("own", "other company")
SHARED_WHOSE = ("any",)

NONE: frozenset = frozenset()
OWN = frozenset({"own"})
DEPARTMENT = frozenset({"own", "department"})
COMPANY = frozenset({"own", "department", "other department"})
ALL = frozenset(EMPLOYEE_WHOSE) | frozenset(COMPANY_WHOSE) | frozenset(SHARED_WHOSE)


def rule(**grants) -> dict:
	"""Persona -> whose records; personas not named get nothing."""
	return {persona: grants.get(persona, NONE) for persona in PERSONAS}


HR_READ = {"hr_user_company": COMPANY, "hr_user": ALL, "hr_manager": ALL}
HR_MANAGER = {"hr_manager": ALL}

# doctype -> (whose kind, {action: rule})
DOCTYPES = {
	"Credit Entry": (
		EMPLOYEE_WHOSE,
		{
			"read": rule(employee=OWN, department_manager=DEPARTMENT, **HR_READ),
			"create": rule(**HR_MANAGER),
			"write": rule(**HR_MANAGER),
			"submit": rule(**HR_MANAGER),
			"cancel": rule(**HR_MANAGER),
			"delete": rule(**HR_MANAGER),
		},
	),
	"Credit Enrolment": (
		EMPLOYEE_WHOSE,
		{
			"read": rule(employee=OWN, department_manager=DEPARTMENT, **HR_READ),
			"create": rule(),
			"write": rule(**HR_MANAGER),
			"delete": rule(**HR_MANAGER),
		},
	),
	"Credit Evidence": (
		EMPLOYEE_WHOSE,
		{
			"read": rule(**HR_READ),
			"create": rule(**HR_MANAGER),
			"write": rule(**HR_MANAGER),
			"delete": rule(**HR_MANAGER),
		},
	),
	"Credit Payout": (
		EMPLOYEE_WHOSE,
		{
			"read": rule(employee=OWN, department_manager=OWN, **HR_READ),
			"create": rule(),
			"write": rule(),
			"delete": rule(),
		},
	),
	"Credit Honour Award": (
		EMPLOYEE_WHOSE,
		{
			"read": rule(employee=OWN, department_manager=OWN, **HR_READ),
			"create": rule(),
			"write": rule(),
			"delete": rule(),
		},
	),
	"Credit Claim": (
		EMPLOYEE_WHOSE,
		{
			# a draft claim: its claimant and HR change it; only an HR Manager approves (submits)
			"read": rule(employee=OWN, department_manager=DEPARTMENT, **HR_READ),
			"create": rule(employee=OWN, department_manager=OWN, **HR_READ),
			"write": rule(employee=OWN, department_manager=OWN, **HR_READ),
			"submit": rule(**HR_MANAGER),
			"delete": rule(**HR_MANAGER),
		},
	),
	"Credit Redemption": (
		EMPLOYEE_WHOSE,
		{
			# a request not decided yet: the employee and HR change it (the controller says how);
			# HR Managers approve
			"read": rule(employee=OWN, department_manager=DEPARTMENT, **HR_READ),
			"create": rule(employee=OWN, department_manager=OWN, **HR_READ),
			"write": rule(employee=OWN, department_manager=OWN, **HR_READ),
			"submit": rule(**HR_MANAGER),
			"delete": rule(**HR_MANAGER),
		},
	),
	"Credit Offer": (
		COMPANY_WHOSE,
		{
			"read": rule(
				employee=frozenset({"own"}),
				department_manager=frozenset({"own"}),
				hr_user_company=frozenset({"own"}),
				hr_user=frozenset(COMPANY_WHOSE),
				hr_manager=frozenset(COMPANY_WHOSE),
			),
			"create": rule(hr_manager=frozenset(COMPANY_WHOSE)),
			"write": rule(hr_manager=frozenset(COMPANY_WHOSE)),
			"delete": rule(hr_manager=frozenset(COMPANY_WHOSE)),
		},
	),
	"Credit Survey Response": (
		EMPLOYEE_WHOSE,
		{
			"read": rule(employee=OWN, department_manager=OWN, **HR_READ),
			"create": rule(employee=OWN, department_manager=OWN, **HR_READ),
			"write": rule(employee=OWN, department_manager=OWN, **HR_READ),
			"delete": rule(**HR_MANAGER),
		},
	),
	"Credit Incentive Policy": (
		COMPANY_WHOSE,
		{
			"read": rule(hr_user_company=OWN, hr_user=ALL, hr_manager=ALL),
			"create": rule(**HR_MANAGER),
			"write": rule(**HR_MANAGER),
			"delete": rule(**HR_MANAGER),
		},
	),
	"Credit Policy Scenario": (
		COMPANY_WHOSE,
		{
			"read": rule(hr_user_company=OWN, hr_user=ALL, hr_manager=ALL),
			"create": rule(**HR_MANAGER),
			"write": rule(**HR_MANAGER),
			"delete": rule(**HR_MANAGER),
		},
	),
	"Training Plan": (
		COMPANY_WHOSE,
		{
			"read": rule(department_manager=OWN, hr_user_company=OWN, hr_user=ALL, hr_manager=ALL),
			"create": rule(hr_user_company=OWN, hr_user=ALL, hr_manager=ALL),
			"write": rule(hr_user_company=OWN, hr_user=ALL, hr_manager=ALL),
			"delete": rule(**HR_MANAGER),
		},
	),
	"Credit Course": (
		SHARED_WHOSE,
		{
			"read": rule(
				employee=ALL, department_manager=ALL, hr_user_company=ALL, hr_user=ALL, hr_manager=ALL
			),
			"create": rule(hr_user_company=ALL, hr_user=ALL, hr_manager=ALL),
			"write": rule(hr_user_company=ALL, hr_user=ALL, hr_manager=ALL),
			"delete": rule(**HR_MANAGER),
		},
	),
	"Credit Category": (
		SHARED_WHOSE,
		{
			"read": rule(
				employee=ALL, department_manager=ALL, hr_user_company=ALL, hr_user=ALL, hr_manager=ALL
			),
			"create": rule(**HR_MANAGER),
			"write": rule(**HR_MANAGER),
			"delete": rule(**HR_MANAGER),
		},
	),
	"Credit Rule": (
		SHARED_WHOSE,
		{
			"read": rule(department_manager=ALL, hr_user_company=ALL, hr_user=ALL, hr_manager=ALL),
			"create": rule(**HR_MANAGER),
			"write": rule(**HR_MANAGER),
			"delete": rule(**HR_MANAGER),
		},
	),
	"HR Credit Settings": (
		SHARED_WHOSE,
		{
			"read": rule(hr_user_company=ALL, hr_user=ALL, hr_manager=ALL),
			"write": rule(**HR_MANAGER),
		},
	),
}

# reports: who may run them, and for whose company (own: their company; other company)
REPORT_PEOPLE = ("employee", "department_manager", "hr_user_company", "hr_user", "hr_manager")
REPORTS = {
	"Employee Credit Progress": rule(
		**{p: frozenset({"own"}) for p in REPORT_PEOPLE[:2]}, hr_user_company=OWN, hr_user=ALL, hr_manager=ALL
	),
	"Department Credit Distribution": rule(
		**{p: frozenset({"own"}) for p in REPORT_PEOPLE[:2]}, hr_user_company=OWN, hr_user=ALL, hr_manager=ALL
	),
	"Plan Tracking": rule(
		**{p: frozenset({"own"}) for p in REPORT_PEOPLE[:2]}, hr_user_company=OWN, hr_user=ALL, hr_manager=ALL
	),
	"Course Recommendations": rule(
		**{p: frozenset({"own"}) for p in REPORT_PEOPLE[:2]}, hr_user_company=OWN, hr_user=ALL, hr_manager=ALL
	),
	"Training Needs Analysis": rule(department_manager=OWN, hr_user_company=OWN, hr_user=ALL, hr_manager=ALL),
	"Training Effectiveness": rule(department_manager=OWN, hr_user_company=OWN, hr_user=ALL, hr_manager=ALL),
	"Annual Learning Ranking": rule(department_manager=OWN, hr_user_company=OWN, hr_user=ALL, hr_manager=ALL),
	"Incentive Optimisation": rule(hr_user_company=OWN, hr_user=ALL, hr_manager=ALL),
	"Policy What-If": rule(hr_user_company=OWN, hr_user=ALL, hr_manager=ALL),
}

# whitelisted methods and pages: who may call them, about whose record
METHODS = {
	"api.get_credit_summary": (EMPLOYEE_WHOSE, rule(employee=OWN, department_manager=DEPARTMENT, **HR_READ)),
	"api.get_credit_status": (EMPLOYEE_WHOSE, rule(employee=OWN, department_manager=DEPARTMENT, **HR_READ)),
	"employee_page.get_my_credits (/my-credits)": (
		EMPLOYEE_WHOSE,
		rule(employee=OWN, department_manager=DEPARTMENT, **HR_READ),
	),
	"api.submit_evidence": (SHARED_WHOSE, rule(hr_manager=ALL, integration=ALL)),
	"claims.file_claim (/my-credits)": (
		EMPLOYEE_WHOSE,
		rule(employee=OWN, department_manager=OWN, **HR_READ),
	),
	"dashboard (number cards, charts)": (
		COMPANY_WHOSE,
		rule(employee=OWN, department_manager=OWN, hr_user_company=OWN, hr_user=ALL, hr_manager=ALL),
	),
	"api.post_allowances": (COMPANY_WHOSE, rule(hr_manager=ALL)),
	"honours.award_honours": (COMPANY_WHOSE, rule(hr_manager=ALL)),
	"credit_rule.reevaluate_enrolments": (SHARED_WHOSE, rule(hr_manager=ALL)),
	"credit_category.set_target_shares": (SHARED_WHOSE, rule(hr_manager=ALL)),
	"reviews.optimisation.apply_suggestion": (SHARED_WHOSE, rule(hr_manager=ALL)),
	"Credit Evidence.retry": (
		EMPLOYEE_WHOSE,
		rule(hr_manager=frozenset({"department", "other department", "other company"})),
	),
	"Credit Evidence.withdraw": (EMPLOYEE_WHOSE, rule(hr_manager=ALL)),
	"Credit Enrolment.reevaluate": (
		EMPLOYEE_WHOSE,
		rule(hr_manager=frozenset({"department", "other department", "other company"})),
	),
}

ACTIONS = ("read", "create", "write", "submit", "cancel", "delete")


def cell(grant: frozenset, whose: tuple) -> str:
	if not grant or not grant & set(whose):
		return "-"
	if set(whose) <= grant:
		return "all" if len(whose) > 1 else "yes"
	if whose == EMPLOYEE_WHOSE and set(whose) - grant == {"other company"}:
		return "own company"
	return ", ".join(w for w in whose if w in grant)


def render() -> str:
	"""The matrix as Markdown tables."""
	names = list(PERSONAS)
	head = "| | " + " | ".join(PERSONAS[p] for p in names) + " |\n|" + " --- |" * (len(names) + 1) + "\n"
	lines = ["#### DocTypes (read includes list, print and report)\n", head.rstrip("\n")]
	for doctype, (whose, actions) in DOCTYPES.items():
		for action in ACTIONS:
			if action in actions:
				grants = actions[action]
				lines.append(
					f"| {doctype}: {action} | " + " | ".join(cell(grants[p], whose) for p in names) + " |"
				)
	lines += ["", "#### Reports (run, for whose company)\n", head.rstrip("\n")]
	for report, grants in REPORTS.items():
		lines.append(f"| {report} | " + " | ".join(cell(grants[p], COMPANY_WHOSE) for p in names) + " |")
	lines += ["", "#### Methods and pages (call, about whose record)\n", head.rstrip("\n")]
	for method, (whose, grants) in METHODS.items():
		lines.append(f"| `{method}` | " + " | ".join(cell(grants[p], whose) for p in names) + " |")
	lines += [
		"",
		"Personas: " + "; ".join(f"*{PERSONAS[p]}*: {note}" for p, note in PERSONA_NOTES.items()) + ".",
	]
	return "\n".join(lines) + "\n"
