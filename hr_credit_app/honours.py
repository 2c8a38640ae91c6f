"""Annual honours: the top learners of a year, awarded once per company and year."""

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate, today

from hr_credit_app import credits as credits_layer
from hr_credit_app.engine import honours as honours_engine
from hr_credit_app.engine import payouts as payout_engine
from hr_credit_app.payroll import make_additional_salaries, salary_structures, skip_reason_text
from hr_credit_app.permissions import check_company_access, require_roles
from hr_credit_app.policy import get_policy
from hr_credit_app.reporting import employed_between

TIE_RULES = {
	"Include Ties": honours_engine.INCLUDE_TIES,
	"Exclude Ties": honours_engine.EXCLUDE_TIES,
	"Earliest": honours_engine.EARLIEST,
}


def year_population(company: str, year: int) -> list[str]:
	return employed_between(company, f"{year}-01-01", f"{year}-12-31")


def year_credits(company: str, employees: list[str], year: int) -> dict[str, float]:
	"""Credits of each employee in a calendar year (their year buckets; credits follow the employee)."""
	start, end = f"{year}-01-01", f"{year}-12-31"
	totals: dict[str, float] = {}
	for employee, _category, credits in credits_layer.window_totals(start, end, employees, company):
		totals[employee] = totals.get(employee, 0.0) + credits
	return totals


def tied(credits: dict[str, float]) -> list[str]:
	"""The employees who share their total with someone else (only they need a tie-breaker)."""
	seen: dict[float, int] = {}
	for value in credits.values():
		seen[round(value, 6)] = seen.get(round(value, 6), 0) + 1
	return [employee for employee, value in credits.items() if seen[round(value, 6)] > 1]


def annual_ranking(company: str, year: int) -> list[dict]:
	"""Every employee of the company in the year, ranked by credits, with who the policy honours."""
	policy = get_policy(company)
	if not policy:
		frappe.throw(_("Company {0} has no enabled Credit Incentive Policy.").format(frappe.bold(company)))
	settings = policy.doc
	population = year_population(company, cint(year))
	totals = year_credits(company, population, cint(year))
	credits = {employee: totals.get(employee, 0.0) for employee in population}
	reached = None
	if settings.tie_rule == "Earliest":  # the day each tied learner reached their total
		reached = credits_layer.last_posting_dates(tied(credits), f"{year}-01-01", f"{year}-12-31")
	return honours_engine.rank_learners(
		credits,
		top_percent=flt(settings.top_percent),
		min_credits=flt(settings.honour_min_credits),
		tie_rule=TIE_RULES.get(settings.tie_rule or "Include Ties", honours_engine.INCLUDE_TIES),
		tie_breaker=reached,
	)


@frappe.whitelist(methods=["POST"])
def award_honours(company: str, year: int, payroll_date: str | None = None, preview: int = 0) -> dict:
	"""Award the year's honours of a company once; running it again changes nothing.

	``preview``: only say who would be honoured and what the money rewards cost; nothing is written.
	A year is honoured once it is over (its ranking can still change until then)."""
	require_roles(("HR Manager", "System Manager"))
	check_company_access(company)
	year = cint(year)
	if not 2000 <= year < getdate(today()).year:
		frappe.throw(
			_("The honours of {0} can be awarded once the year is over; choose a past year.").format(year)
		)
	policy = get_policy(company)
	if not policy:
		frappe.throw(_("Company {0} has no enabled Credit Incentive Policy.").format(frappe.bold(company)))
	existing = frappe.db.count("Credit Honour Award", {"company": company, "year": year})
	if existing:
		return {"existing": True, "awarded": existing}
	ranking = annual_ranking(company, year)
	awarded = [row for row in ranking if row["awarded"]]
	if cint(preview):
		return honours_preview(policy, year, awarded)
	if not awarded:
		return {"existing": False, "awarded": 0}

	settings = policy.doc
	payroll_date = getdate(payroll_date or today())
	info = {
		row.name: row
		for row in frappe.get_all(
			"Employee",
			filters={"name": ("in", [row["employee"] for row in awarded])},
			fields=["name", "employee_name", "department", "date_of_joining", "relieving_date"],
		)
	}
	structures = salary_structures([row["employee"] for row in awarded], payroll_date)
	awards = []
	for row in awarded:
		employee = info[row["employee"]]
		award = frappe.get_doc(
			{
				"doctype": "Credit Honour Award",
				"employee": employee.name,
				"employee_name": employee.employee_name,
				"company": company,
				"department": employee.department,
				"year": year,
				"title": settings.honour_title or _("Annual Excellent Learner"),
				"rank": row["rank"],
				"credits": row["credits"],
				"policy": policy.name,
				"award_key": f"{company}|{year}|{employee.name}",
				"rewards": [
					{
						"reward_type": reward.reward_type,
						"description": reward.description,
						"amount": reward.amount,
						"salary_component": reward.salary_component,
						"currency": policy.currency,
					}
					for reward in settings.honour_rewards
				],
			}
		)
		award.insert(ignore_permissions=True)
		awards.append(award)

	pay_money_rewards(awards, structures, info, policy, payroll_date)
	return {"existing": False, "awarded": len(awards)}


def honours_preview(policy, year: int, awarded: list[dict]) -> dict:
	"""Who the honours would go to, the rewards each gets, and what the money rewards cost."""
	names = dict(
		frappe.get_all(
			"Employee",
			filters={"name": ("in", [row["employee"] for row in awarded] or [""])},
			fields=["name", "employee_name"],
			as_list=True,
		)
	)
	rewards = policy.doc.honour_rewards
	money = sum(flt(r.amount) for r in rewards if r.reward_type == "Money")
	return {
		"preview": True,
		"year": year,
		"title": policy.doc.honour_title or _("Annual Excellent Learner"),
		"honourees": [
			{
				"rank": row["rank"],
				"employee": row["employee"],
				"employee_name": names.get(row["employee"]),
				"credits": row["credits"],
			}
			for row in awarded
		],
		"rewards": [_(r.reward_type) + (": " + r.description if r.description else "") for r in rewards],
		"money_total": money * len(awarded),
		"currency": policy.currency,
	}


def pay_money_rewards(awards, structures, info, policy, payroll_date) -> None:
	"""Money rewards: one-off Additional Salaries with all their tax on the payroll date."""
	paying, rows = [], []
	for award in awards:
		employee = info[award.employee]
		structure = structures.get(award.employee) or {}
		date, skip = payout_engine.payroll_date(
			payroll_date,
			payroll_date,
			employee.date_of_joining,
			employee.relieving_date,
			structure.get("from_date"),
			structure.get("currency"),
			policy.currency,
		)
		for reward in award.rewards:
			if reward.reward_type != "Money" or flt(reward.amount) <= 0:
				continue
			if skip:
				reward.db_set(
					"description",
					(reward.description or "")
					+ " ("
					+ _("not paid: {0}").format(skip_reason_text(skip))
					+ ")",
				)
				continue
			paying.append(
				(
					reward.name,
					{
						"employee": award.employee,
						"employee_name": award.employee_name,
						"department": award.department,
						"salary_component": reward.salary_component,
						"amount": flt(reward.amount),
						"currency": structure.get("currency") or policy.currency,
						"payroll_date": date,
					},
				)
			)
			rows.append(reward)
	if not paying:
		return
	salaries = make_additional_salaries(
		paying,
		{"company": policy.company},
		ref_doctype="Credit Honour Award",
		ref_names={reward.name: reward.parent for reward in rows},
		full_tax=True,
	)
	for reward in rows:
		reward.db_set("additional_salary", salaries[reward.name])
