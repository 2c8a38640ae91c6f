"""What an employee sees of their own credits (the /my-credits page and its API)."""

import frappe
from frappe import _
from frappe.utils import flt, fmt_money, getdate, today

from hr_credit_app import credits as credits_layer
from hr_credit_app.balances import get_category_targets, get_employee_summary
from hr_credit_app.engine import incentives
from hr_credit_app.permissions import can_view_employee, check_employee_access, get_own_employees
from hr_credit_app.plans import get_plans, open_courses
from hr_credit_app.policy import get_policy
from hr_credit_app.reporting import ALL


def level_status(employee: str) -> dict:
	"""Credits in the policy's window, the level they reach, and the next level with the gap."""
	info = frappe.db.get_value(
		"Employee", employee, ["name", "employee_name", "company", "department", "designation"], as_dict=True
	)
	policy = get_policy(info.company)
	summary = get_employee_summary(employee, window=policy.doc.credit_window if policy else None)
	levels = policy.levels if policy else []
	level = incentives.assign_level(summary["total"], summary["by_category"], levels)
	status = {
		"employee": info,
		"summary": summary,
		"level": level.name if level else None,
		"allowance": level.monthly_allowance if level else 0,
		"allowance_text": fmt_money(level.monthly_allowance, currency=policy.currency) if level else None,
		"currency": policy.currency if policy else None,
		"next_level": incentives.next_level(summary["total"], summary["by_category"], levels)
		if levels
		else None,
		"levels": [level.name for level in incentives.order_levels(levels)],
	}
	status["gap_message"] = gap_message(status)
	return status


def get_page_data(employee: str) -> dict:
	data = level_status(employee)
	data["own"] = employee in get_own_employees()
	# money (the allowance, what payroll paid) only for the employee and HR, not a department manager
	data["show_money"] = can_view_employee(employee, money=True)
	if not data["show_money"]:
		data["allowance_text"] = None
	data["last_payout"] = last_payout(employee) if data["show_money"] else None
	info, summary, upcoming = data["employee"], data["summary"], data["next_level"]
	by_category = summary["by_category"]
	policy = get_policy(info.company)
	levels = policy.levels if policy else []
	targets = get_category_targets()
	# progress bars: each category against its share of the credits the next level needs
	goal = (
		upcoming["min_credits"]
		if upcoming
		else max(summary["total"], max((l.min_credits for l in levels), default=0))
	)
	bars = []
	for category, credits in by_category.items():
		needed = flt(targets.get(category, 0)) / 100.0 * goal
		bars.append(
			{
				"category": category,
				"credits": credits,
				"goal": round(needed, 1),
				# what the second number is: this category's share of the next level's credits
				"goal_text": _("{0} of {1} for {2}").format(
					frappe.format(credits, {"fieldtype": "Float"}),
					frappe.format(round(needed, 1), {"fieldtype": "Float"}),
					_(upcoming["level"]),
				)
				if upcoming and needed
				else _("{0} credits").format(frappe.format(credits, {"fieldtype": "Float"})),
				"percent": min(100, round(100.0 * credits / needed)) if needed else (100 if credits else 0),
			}
		)
	courses = open_courses(info.company, get_plans(info.company), [employee], scope=ALL).get(employee, [])
	titles = dict(
		frappe.get_all(
			"Credit Course",
			filters={"name": ("in", [c["course"] for c in courses] or [""])},
			fields=["name", "course_title"],
			as_list=True,
		)
	)
	for course in courses:
		course["course_title"] = titles.get(course["course"], course["course"])
		course["overdue"] = getdate(course["due_date"]) < getdate(today())
	courses.sort(key=lambda c: (getdate(c["due_date"]), c["course"]))
	history = credits_layer.recent_entries(employee)
	titles.update(
		frappe.get_all(
			"Credit Course",
			filters={"name": ("in", [row.course for row in history if row.course] or [""])},
			fields=["name", "course_title"],
			as_list=True,
		)
	)
	for row in history:
		row["course_title"] = titles.get(row.course) if row.course else None
	return {
		**data,
		"bars": bars,
		"open_courses": courses,
		"history": history,
		"recommendations": recommended_courses(info.company, employee),
	}


def last_payout(employee: str) -> dict | None:
	"""What payroll last paid for credits: the allowance and the bonus add-on, with the period."""
	row = frappe.db.get_value(
		"Credit Payout",
		{"employee": employee, "status": "Paid"},
		["start_date", "end_date", "level", "amount", "addon_amount", "addon_percent", "currency"],
		as_dict=True,
		order_by="end_date desc",
	)
	if not row:
		return None
	row["amount_text"] = fmt_money(row.amount, currency=row.currency) if row.amount else None
	row["addon_text"] = fmt_money(row.addon_amount, currency=row.currency) if row.addon_amount else None
	return row


RECOMMENDATIONS_KEY = "hr_credit_app:recommendations"
RECOMMENDATIONS_TTL = 3600  # seconds: they weigh the colleagues' completions and appraisals
KEPT_TTL = RECOMMENDATIONS_TTL + 900  # what the hourly job keeps lasts until its next run


def recommendations_key(company: str, employee: str, version=None) -> str:
	"""The cache key of an employee's recommendations. The settings' last change (``version``) is
	in it: new thresholds take effect at once."""
	if version is None:
		version = settings_version()
	return f"{RECOMMENDATIONS_KEY}:{company}:{employee}:{version}"


def settings_version() -> str:
	return str(frappe.db.get_value("HR Credit Settings", "HR Credit Settings", "modified"))


def recommended_courses(company: str, employee: str) -> list[dict]:
	"""Up to three courses for the employee, with why. They compare the employee with their
	colleagues (hundreds of people), so they are kept for an hour per employee: the hourly job
	keeps every employee's (``keep_recommendations``), and a page computes what it does not find.
	A course the employee has been credited for since is dropped at once."""
	from hr_credit_app.reviews.recommendations import reason_text, recommendations

	key = recommendations_key(company, employee)
	rows = frappe.cache.get_value(key, expires=True)  # kept with an expiry: not in frappe.local
	if rows is None:
		rows = (
			recommendations(company, employees=[employee], limit=3, scope=ALL)
			.get("recommendations", {})
			.get(employee, [])
		)
		frappe.cache.set_value(key, rows, expires_in_sec=RECOMMENDATIONS_TTL)
	done = credits_layer.completed_courses(employee)
	return [
		{**row, "why": "; ".join(reason_text(r) for r in row["reasons"])}
		for row in rows
		if row["course"] not in done
	]


def keep_recommendations(company: str) -> int:
	"""Every current employee's recommendations, computed for the whole company at once, kept until
	the next hourly run: no employee's first view of the hour computes them. Returns how many."""
	from hr_credit_app.reviews.recommendations import recommendations

	version = settings_version()
	found = recommendations(company, limit=3, scope=ALL).get("recommendations", {})
	for employee, rows in found.items():
		frappe.cache.set_value(recommendations_key(company, employee, version), rows, expires_in_sec=KEPT_TTL)
	return len(found)


def gap_message(data: dict) -> str | None:
	upcoming = data.get("next_level")
	if not upcoming:
		return None
	if upcoming["credits_needed"] > 0:
		return _("{0} credits short of {1}").format(
			frappe.format(upcoming["credits_needed"], {"fieldtype": "Float"}), _(upcoming["level"])
		)
	missing = ", ".join(
		_("{0} more in {1}").format(frappe.format(v, {"fieldtype": "Float"}), _(k))
		for k, v in upcoming["category_needs"].items()
	)
	return _("For {0} you still need: {1}").format(_(upcoming["level"]), missing)


@frappe.whitelist()
@frappe.read_only()
def get_my_credits(employee: str | None = None) -> dict:
	"""The data of the employee page (for the signed-in user's employee, or one HR may see)."""
	employee = employee or next(iter(get_own_employees()), None)
	if not employee:
		frappe.throw(_("No employee record is linked to your user."), frappe.DoesNotExistError)
	check_employee_access(employee)
	return get_page_data(employee)
