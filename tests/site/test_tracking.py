"""Training plans, the three tracking reports, scope, and the employee's page, on a known data set."""

import pytest

import frappe
from frappe.desk.query_report import run
from frappe.utils import random_string

from hr_credit_app import dashboard, intake
from hr_credit_app.employee_page import get_my_credits

from .factories import COMPANY, employee_user, new_course, new_employee, post


@pytest.fixture
def world():
	"""Department D with four employees, a plan for it over courses A and B, due 30 June, extended to
	31 July. A: e1 credited 15 June, e2 credited 20 July, e3 started (evidence only), e4 nothing.
	B: e1 credited 10 August (late). e1 also holds 40 more credits: 44 in all (Intermediate)."""
	policy = frappe.get_doc(
		"Credit Incentive Policy", frappe.db.get_value("Credit Incentive Policy", {"company": COMPANY})
	)
	policy.enabled = 1
	policy.save()
	department = (
		frappe.get_doc(
			{
				"doctype": "Department",
				"department_name": "Track " + random_string(5),
				"company": COMPANY,
				"parent_department": "All Departments",
			}
		)
		.insert()
		.name
	)
	e1, e2, e3, e4 = (new_employee(department=department) for _ in range(4))
	a, b = new_course(base_credits=2), new_course(base_credits=2)
	plan = frappe.get_doc(
		{
			"doctype": "Training Plan",
			"plan_name": "Plan " + random_string(5),
			"company": COMPANY,
			"from_date": "2026-01-01",
			"to_date": "2026-12-31",
			"due_date": "2026-06-30",
			"audience": "Department",
			"department": department,
			"courses": [{"course": a.name}, {"course": b.name}],
		}
	).insert()
	plan.extend_due_date("2026-07-31", "Summer shutdown")
	post(e1, 2, "2026-06-15", course=a.name)
	post(e2, 2, "2026-07-20", course=a.name)
	intake.intake(
		[
			{
				"external_id": "t-" + e3,
				"employee": e3,
				"course": a.name,
				"kind": "completion",
				"value": 50,
				"date": "2026-05-02",
			}
		],
		source_system="test",
	)
	post(e1, 2, "2026-08-10", course=b.name)
	post(e1, 40, "2026-03-01", category="Elective")
	frappe.defaults.set_user_default("Company", COMPANY)
	return frappe._dict(department=department, employees=(e1, e2, e3, e4), a=a.name, b=b.name, plan=plan)


def report(name, **filters):
	result = run(name, filters={"company": COMPANY, **filters})
	return result["result"], result


def test_plan_tracking_counts_and_the_extension_effect(world):
	rows, result = report("Plan Tracking", plan=world.plan.name)
	by_course = {row["course"]: row for row in rows}
	a, b = by_course[world.a], by_course[world.b]
	assert (a["targeted"], a["enrolled"], a["completed"], a["overdue"]) == (4, 3, 2, 2)
	assert (a["participation"], a["completion"]) == (75.0, 50.0)
	assert (a["completion_by_original_due"], a["completion_by_due"]) == (25.0, 50.0)
	assert (b["targeted"], b["enrolled"], b["completed"], b["overdue"], b["completion_by_due"]) == (
		4,
		1,
		1,
		3,
		0.0,
	)
	assert (
		a["extensions"] == 1
		and str(a["original_due_date"]) == "2026-06-30"
		and str(a["due_date"]) == "2026-07-31"
	)
	summary = {item["label"]: item["value"] for item in result["report_summary"]}
	assert summary["Targeted"] == 8 and summary["Completion"] == 37.5 and summary["Overdue"] == 5
	assert result["chart"]["type"] == "line"


def test_employee_credit_progress_shows_level_gap_and_overdue(world):
	rows, result = report("Employee Credit Progress", department=world.department)
	by_employee = {row["employee"]: row for row in rows}
	e1, e2, _e3, e4 = world.employees
	assert next(row["employee"] for row in rows) == e1  # most credits first
	assert (
		by_employee[e1]["total"],
		by_employee[e1]["level"],
		by_employee[e1]["next_level"],
		by_employee[e1]["gap"],
	) == (
		44,
		"Intermediate",
		"Senior",
		16,
	)
	assert (by_employee[e1]["compulsory"], by_employee[e1]["elective"]) == (4, 40)
	assert (
		by_employee[e4]["overdue"] == 2
		and by_employee[e1]["overdue"] == 0
		and by_employee[e2]["overdue"] == 1
	)
	assert (by_employee[e4]["level"], by_employee[e4]["next_level"], by_employee[e4]["gap"]) == (
		None,
		"Junior",
		20,
	)
	assert result["chart"]["data"]["labels"] == ["No Level", "Junior", "Intermediate", "Senior"]
	assert result["chart"]["data"]["datasets"][0]["values"] == [3, 0, 1, 0]


def test_department_distribution_quartiles_and_plan_rates(world):
	rows, _result = report("Department Credit Distribution", department=world.department)
	(row,) = rows
	# totals: 44, 2, 0, 0
	assert (row["headcount"], row["credits_per_head"], row["median"], row["max"], row["with_credits"]) == (
		4,
		11.5,
		1.0,
		44,
		2,
	)
	assert (row["q1"], row["q3"]) == (0.0, 12.5)
	assert (row["targeted"], row["participation"], row["completion"]) == (8, 50.0, 37.5)
	rows, _result = report(
		"Department Credit Distribution", department=world.department, breakdown="Department and Course"
	)
	assert {r["course"]: r["completion"] for r in rows} == {world.a: 50.0, world.b: 25.0}


def test_the_errors_card_counts_the_companys_rejected_evidence_for_hr_only(world):
	from hr_credit_app import intake

	intake.intake(
		[
			{
				"external_id": "err-" + frappe.generate_hash(length=6),
				"employee": world.employees[0],
				"course": "NOPE",
				"kind": "exam",
				"value": 1,
				"date": "2026-03-01",
			}
		],
		source_system="tracking-test",
	)
	before = dashboard.evidence_with_errors({"company": COMPANY})["value"]
	assert before >= 1
	assert dashboard.evidence_with_errors({"company": COMPANY})["route_options"] == {
		"company": COMPANY,
		"status": "Error",
	}
	frappe.set_user(employee_user(world.employees[0]))
	assert dashboard.evidence_with_errors({"company": COMPANY})["value"] == 0


def test_number_cards_and_charts_read_the_same_numbers(world):
	assert dashboard.plan_completion({"company": COMPANY})["value"] >= 0
	chart = dashboard.completion_by_department(filters={"company": COMPANY})
	values = dict(zip(chart["labels"], chart["datasets"][0]["values"], strict=True))
	# the axis names departments without the company's abbreviation ("Finance", not "Finance - CDC")
	label = frappe.db.get_value("Department", world.department, "department_name")
	assert values[label] == 37.5


def make_department_manager(department):
	"""An employee of the department with the Credit Department Manager role, restricted to the
	department by a Department User Permission (ERPNext gives every employee a User Permission on
	their own Employee record as well)."""
	user = employee_user(new_employee(department=department))
	frappe.get_doc("User", user).add_roles("Credit Department Manager")
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": user,
			"allow": "Department",
			"for_value": department,
			"apply_to_all_doctypes": 1,
		}
	).insert(ignore_permissions=True)
	return user


def test_a_department_manager_sees_only_their_department(world):
	outsider = new_employee()
	post(outsider, 5, "2026-03-01", category="Compulsory")
	frappe.set_user(make_department_manager(world.department))
	rows, _result = report("Employee Credit Progress")
	assert set(world.employees) <= {row["employee"] for row in rows}
	assert outsider not in {row["employee"] for row in rows}
	assert {row["department"] for row in rows} == {world.department}
	entries = frappe.get_list("Credit Entry", fields=["employee"], pluck="employee")
	assert set(entries) <= set(world.employees) and outsider not in entries
	rows, _result = report("Department Credit Distribution")
	assert [row["department"] for row in rows] == [world.department]
	from frappe.desk.doctype.number_card.number_card import get_result

	card = frappe.get_doc("Number Card", "Credits This Month")
	visible = get_result(card.as_dict(), frappe.as_json([["Credit Entry", "company", "=", COMPANY]]))
	frappe.set_user("Administrator")
	everything = get_result(card.as_dict(), frappe.as_json([["Credit Entry", "company", "=", COMPANY]]))
	assert visible <= everything


def test_an_employee_sees_only_themselves_in_the_reports(world):
	e1 = world.employees[0]
	frappe.set_user(employee_user(e1))
	rows, _result = report("Employee Credit Progress")
	assert [row["employee"] for row in rows] == [e1]


def test_employee_page_shows_gap_open_courses_and_history(world):
	e1, _e2, _e3, e4 = world.employees
	frappe.set_user(employee_user(e1))
	data = get_my_credits()
	assert (data["level"], data["gap_message"]) == ("Intermediate", "16 credits short of Senior")
	assert [row["credits"] for row in data["history"]][:1] == [2]  # newest first: B on 10 August
	frappe.set_user(employee_user(e4))
	data = get_my_credits()
	assert data["gap_message"] == "20 credits short of Junior"
	assert sorted(c["course"] for c in data["open_courses"]) == sorted([world.a, world.b])
	assert all(c["overdue"] for c in data["open_courses"])
	with pytest.raises(frappe.PermissionError):
		get_my_credits(e1)


def test_due_dates_move_only_forward_with_a_reason(world):
	plan = world.plan
	plan.reload()
	(change,) = plan.changes
	assert (
		change.change_type,
		str(change.previous_due_date),
		str(change.new_due_date),
		change.reason,
		change.changed_by,
	) == (
		"Due Date Extension",
		"2026-06-30",
		"2026-07-31",
		"Summer shutdown",
		"Administrator",
	)
	with pytest.raises(frappe.ValidationError):
		plan.extend_due_date("2026-07-01", "Too early")
	with pytest.raises(frappe.ValidationError):
		plan.extend_due_date("2026-09-01", "")
	plan.add_makeup_session("2026-07-12", "Night shift", course=world.a)
	plan.reload()
	assert [c.change_type for c in plan.changes] == ["Due Date Extension", "Make-up Session"]
	plan.due_date = "2026-12-31"
	with pytest.raises(frappe.ValidationError):
		plan.save()


def test_the_workspace_ships_with_its_cards_and_charts():
	workspace = frappe.get_doc("Workspace", "HR Credits")
	assert {c.number_card_name for c in workspace.number_cards} == {
		"Credits This Month",
		"Plan Participation",
		"Plan Completion",
		"Employees at a Credit Level",
		"Evidence with Errors",
	}
	assert {c.custom_block_name for c in workspace.custom_blocks} == {"HR Credits Company"}
	assert frappe.db.exists("Custom HTML Block", "HR Credits Company")
	assert {c.chart_name for c in workspace.charts} == {
		"Credits by Category per Month",
		"Plan Completion by Department",
		"Employees per Credit Level",
	}


def test_the_employee_form_lists_the_credit_records_in_its_connections():
	data = frappe.get_meta("Employee").get_dashboard_data()
	credits = [group for group in data.transactions if group.get("label") == "Credits"]
	assert credits and credits[0]["items"] == [
		"Credit Entry",
		"Credit Enrolment",
		"Credit Claim",
		"Credit Redemption",
		"Credit Payout",
		"Credit Honour Award",
	]
	# HRMS's own groups are still there
	assert any(group.get("label") == "Leave" for group in data.transactions)


def test_the_evidence_list_shows_the_error_and_filters_by_company():
	meta = frappe.get_meta("Credit Evidence")
	assert meta.get_field("error_code").in_list_view and meta.get_field("error_code").in_standard_filter
	assert meta.get_field("company").in_standard_filter


def test_one_employees_open_courses_are_the_company_wide_open_pairs(world):
	"""The page's one-employee path (a few lookups) and the reports' frames agree, whatever the
	plan's audience, the employee's dates and a course taken again since an earlier year."""
	from hr_credit_app.plans import get_plans, one_employees_open_courses, open_pairs
	from hr_credit_app.reporting import ALL

	designation = frappe.get_doc(
		{"doctype": "Designation", "designation_name": "Track " + random_string(5)}
	).insert()
	c, d = new_course(base_credits=1), new_course(base_credits=1)
	late = new_employee(date_of_joining="2026-08-01", designation=designation.name)
	gone = new_employee(date_of_joining="2020-01-01", relieving_date="2026-03-31", status="Left")
	listed = new_employee(date_of_joining="2020-01-01")
	for audience, extra, period in (
		("Designation", {"designation": designation.name}, ("2026-01-01", "2026-12-31")),
		(
			"Employees",
			{"employees": [{"employee": listed}, {"employee": world.employees[1]}]},
			("2026-04-01", "2026-09-30"),
		),
		("Company", {}, ("2026-05-01", "2026-07-31")),
	):
		frappe.get_doc(
			{
				"doctype": "Training Plan",
				"plan_name": "Plan " + random_string(5),
				"company": COMPANY,
				"from_date": period[0],
				"to_date": period[1],
				"due_date": period[1],
				"audience": audience,
				**extra,
				"courses": [{"course": c.name}, {"course": d.name}],
			}
		).insert()
	post(listed, 1, "2025-03-01", course=c.name)  # taken before: open again this year
	post(listed, 1, "2025-09-01", course=c.name)
	post(listed, 1, "2026-06-01", course=c.name)  # and taken again: done
	post(late, 1, "2026-08-15", course=d.name)
	post(gone, 1, "2025-05-01", course=d.name)
	plans = get_plans(COMPANY)
	company_wide = open_pairs(COMPANY, plans, scope=ALL)

	def as_set(rows):
		return sorted((row["plan"], row["course"], str(row["due_date"])) for row in rows)

	for employee in [*world.employees, late, gone, listed]:
		expected = company_wide[company_wide["employee"] == employee].to_dict("records")
		assert as_set(one_employees_open_courses(COMPANY, plans, employee)) == as_set(expected), employee
	# what the one-employee path says for someone is what it should: the listed employee has the
	# listed plan's course D open and C done; the departed employee has nothing open this summer
	listed_open = {(r["course"]) for r in one_employees_open_courses(COMPANY, plans, listed)}
	assert d.name in listed_open and c.name not in listed_open
	assert not one_employees_open_courses(COMPANY, plans, gone)
