"""Credit incentive policies as engine inputs, and the credit balances they count."""

import pandas as pd

import frappe
from frappe import _
from frappe.utils import flt, getdate

from hr_credit_app import credits
from hr_credit_app.balances import get_window_bounds, normalize_window
from hr_credit_app.engine import gates, incentives


def get_policy(company: str) -> frappe._dict | None:
	"""The enabled Credit Incentive Policy of a company, with its levels as engine objects."""
	if not company:
		return None
	# plain SQL: this runs twice for every salary slip
	found = frappe.db.sql(
		"select name, modified from `tabCredit Incentive Policy` where company = %s and enabled = 1 limit 1",
		company,
		as_dict=True,
	)
	if not found:
		return None
	row = found[0]
	# keyed by the policy's modified stamp: a saved (or rolled back) policy is read again
	cache = getattr(frappe.local, "hr_credit_app_policies", None)
	if cache is None:
		cache = frappe.local.hr_credit_app_policies = {}
	key = (row.name, str(row.modified))
	if key not in cache:
		cache[key] = load_policy(row.name)
	return cache[key]


def no_policy_message(company: str) -> str:
	"""What a report says for a company without an enabled policy (nothing is wrong: it is not set up)."""
	return _(
		"Company {0} has no enabled Credit Incentive Policy yet: levels, allowances and honours are set there (Credit Incentive Policy, one per company)."
	).format(frappe.bold(company))


def clear_policy_cache(doc=None, method=None):
	frappe.local.hr_credit_app_policies = {}


def load_policy(name: str) -> frappe._dict:
	doc = frappe.get_doc("Credit Incentive Policy", name)
	levels = levels_from_rows(doc.levels, doc.level_requirements, default_component=doc.allowance_component)
	gate_requirements: dict[str, list] = {}
	for row in doc.gate_requirements:
		kind = gates.KIND_CATEGORY if row.requirement_type == "Category" else gates.KIND_SKILL
		gate_requirements.setdefault(row.gate_target, []).append(
			gates.Requirement(
				kind=kind,
				name=row.category if kind == gates.KIND_CATEGORY else row.skill,
				min_credits=flt(row.min_credits),
			)
		)
	paths: dict[str, list[str]] = {}
	for row in doc.get("gate_paths") or []:
		paths.setdefault(row.gate_target, []).append(row.from_designation)
	gate_map = {}
	for row in doc.promotion_gates:
		target = row.designation if row.gate_on == "Designation" else row.grade
		gate_map[(row.gate_on, target)] = gates.Gate(
			target=target,
			min_total=flt(row.min_total_credits),
			requirements=tuple(gate_requirements.get(target, ())),
			mode=row.mode or gates.MODE_BLOCK,
			from_designations=tuple(paths.get(target, ())),
		)
	return frappe._dict(
		name=doc.name,
		doc=doc,
		company=doc.company,
		currency=doc.currency,
		window=normalize_window(doc.credit_window),
		gate_window=normalize_window(doc.gate_window or "Cumulative"),
		cutoff=doc.payroll_cutoff,
		levels=levels,
		gates=gate_map,
	)


def levels_from_rows(levels, requirements, default_component: str | None) -> list[incentives.Level]:
	"""Engine levels from the Credit Level / Credit Level Requirement rows of a policy or scenario."""
	minimums: dict[str, dict[str, float]] = {}
	for row in requirements:
		minimums.setdefault(row.level_name, {})[row.category] = flt(row.min_credits)
	return [
		incentives.Level(
			name=row.level_name,
			min_credits=flt(row.min_credits),
			monthly_allowance=flt(row.monthly_allowance),
			salary_component=row.salary_component or default_component,
			category_minimums=minimums.get(row.level_name, {}),
		)
		for row in levels
	]


def credit_frame(employees: list[str], company: str, as_of, window: str) -> pd.DataFrame:
	"""Credits per employee in a window: columns employee, total and ``cat:<category>``."""
	from_date, to_date = get_window_bounds(window, getdate(as_of), company)
	frame = pd.DataFrame({"employee": list(employees)})
	if not employees:
		frame["total"] = []
		return frame
	frame = with_category_columns(frame, credits.window_totals(from_date, to_date, list(employees)))
	category_columns = [c for c in frame.columns if c.startswith(incentives.CATEGORY_PREFIX)]
	frame["total"] = frame[category_columns].sum(axis=1) if category_columns else 0.0
	return frame


def with_category_columns(frame: pd.DataFrame, rows) -> pd.DataFrame:
	"""``frame`` (an ``employee`` column) with a ``cat:<category>`` column per category found in
	``rows`` of (employee, category, summed credits); 0 where an employee has none."""
	sums = pd.DataFrame(rows, columns=["employee", "category", "credits"])
	if sums.empty:
		return frame
	sums["credits"] = sums["credits"].astype(float)
	wide = sums.pivot_table(
		index="employee", columns="category", values="credits", aggfunc="sum", fill_value=0.0
	)
	wide.columns = [incentives.CATEGORY_PREFIX + str(c) for c in wide.columns]
	frame = frame.merge(wide.reset_index(), on="employee", how="left")
	frame[list(wide.columns)] = frame[list(wide.columns)].fillna(0.0)
	return frame


def employee_credits(employee: str, company: str, as_of, window: str) -> tuple[float, dict[str, float]]:
	"""One employee's credits in a window: (total, by category); ``company`` gives the fiscal year."""
	from_date, to_date = get_window_bounds(window, getdate(as_of), company)
	return credits.employee_totals(employee, from_date, to_date)


def skill_credits(employee: str, company: str, as_of, window: str) -> dict[str, float]:
	"""Credits of one employee by the skills their courses build."""
	from_date, to_date = get_window_bounds(window, getdate(as_of), company)
	return credits.skill_totals(employee, from_date, to_date)
