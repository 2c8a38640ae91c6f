"""Compare the kept tables with the ledger, and rebuild them from it.

``bench --site <site> execute hr_credit_app.credits.verify`` lists the differences;
``--kwargs "{'repair': 1}"`` rebuilds. HR Credit Settings has the same as a button (HR Manager).
"""

import frappe
from frappe import _
from frappe.utils import now_datetime

from hr_credit_app import compat
from hr_credit_app.permissions import require_roles

LEDGER_BUCKETS = """
	select employee, company, category, year(posting_date) as year, month(posting_date) as month,
		sum(credits) as credits, count(*) as entries
	from `tabCredit Entry` where docstatus = 1 group by employee, company, category, year, month
	union all
	select employee, company, category, year(posting_date), 0, sum(credits), count(*)
	from `tabCredit Entry` where docstatus = 1 group by employee, company, category, year(posting_date)
"""
LEDGER_COMPLETIONS = """
	select employee, course, min(posting_date) as first_date, max(posting_date) as last_date,
		count(*) as entries
	from `tabCredit Entry` where docstatus = 1 and credits > 0 and course is not null
	group by employee, course
"""


def differences(limit: int = 20) -> dict:
	"""How Credit Balance and Credit Completion differ from the ledger: counts and a few examples."""
	balances = frappe.db.sql(
		f"""select l.employee, l.company, l.category, l.year, l.month, l.credits, b.credits
		from ({LEDGER_BUCKETS}) l
		left join `tabCredit Balance` b on b.employee = l.employee and b.company = l.company
			and b.category = l.category and b.year = l.year and b.month = l.month
		where b.name is null or b.credits <> l.credits or b.entries <> l.entries
		union all
		select b.employee, b.company, b.category, b.year, b.month, null, b.credits
		from `tabCredit Balance` b
		left join ({LEDGER_BUCKETS}) l on b.employee = l.employee and b.company = l.company
			and b.category = l.category and b.year = l.year and b.month = l.month
		where l.employee is null and (b.credits <> 0 or b.entries <> 0)"""
	)
	completions = frappe.db.sql(
		f"""select l.employee, l.course, l.first_date, c.first_date from ({LEDGER_COMPLETIONS}) l
		left join `tabCredit Completion` c on c.employee = l.employee and c.course = l.course
		where c.name is null or c.first_date <> l.first_date or c.last_date <> l.last_date
			or c.entries <> l.entries
		union all
		select c.employee, c.course, null, c.first_date from `tabCredit Completion` c
		left join ({LEDGER_COMPLETIONS}) l on c.employee = l.employee and c.course = l.course
		where l.employee is null"""
	)
	return {
		"balances": len(balances),
		"completions": len(completions),
		"balance_examples": [list(map(str, row)) for row in balances[:limit]],
		"completion_examples": [list(map(str, row)) for row in completions[:limit]],
	}


def rebuild() -> None:
	"""Both tables written again from the ledger, in one transaction (readers see the old or the new)."""
	now, user = now_datetime(), frappe.session.user
	with compat.latest_locking_reads():
		frappe.db.sql("delete from `tabCredit Balance`")
		frappe.db.sql(
			f"""insert into `tabCredit Balance` (name, creation, modified, owner, modified_by,
				employee, company, category, year, month, credits, entries)
			select left(md5(concat_ws(char(31), employee, company, category, year, month)), 20),
				%(now)s, %(now)s, %(user)s, %(user)s, employee, company, category, year, month, credits, entries
			from ({LEDGER_BUCKETS}) l""",
			{"now": now, "user": user},
		)
		frappe.db.sql("delete from `tabCredit Completion`")
		frappe.db.sql(
			f"""insert into `tabCredit Completion` (name, creation, modified, owner, modified_by,
				employee, course, first_date, last_date, entries)
			select left(md5(concat_ws(char(31), employee, course)), 20), %(now)s, %(now)s, %(user)s, %(user)s,
				employee, course, first_date, last_date, entries
			from ({LEDGER_COMPLETIONS}) l""",
			{"now": now, "user": user},
		)


def verify(repair: int = 0) -> dict:
	"""Compare the kept tables with the ledger; with ``repair``, rebuild them when they differ.

	``bench --site <site> execute hr_credit_app.credits.verify [--kwargs "{'repair': 1}"]``"""
	found = differences()
	found["repaired"] = False
	if (found["balances"] or found["completions"]) and frappe.utils.cint(repair):
		rebuild()
		frappe.db.commit()
		found["repaired"] = True
		found["after"] = {
			key: value for key, value in differences().items() if key in ("balances", "completions")
		}
	return found


@frappe.whitelist(methods=["POST"])
def verify_balances(repair: int = 0) -> str:
	"""HR Credit Settings' button: verify (and repair) in a background job; the user is told the result."""
	require_roles(("HR Manager",))
	job = frappe.enqueue(
		"hr_credit_app.credits.verify_and_tell",
		queue="long",
		repair=frappe.utils.cint(repair),
		user=frappe.session.user,
		job_id=f"hr_credit_app:verify_balances:{frappe.local.site}",
		deduplicate=True,
	)
	return (
		_("Checking the credit balances against the ledger; you will see the result here.")
		if job
		else _("A check of the credit balances is already running.")
	)


def verify_and_tell(repair: int, user: str) -> None:
	found = verify(repair)
	if found["repaired"]:
		message = _("{0} balance rows and {1} completions differed from the ledger and were rebuilt.").format(
			found["balances"], found["completions"]
		)
	elif found["balances"] or found["completions"]:
		message = _("{0} balance rows and {1} completions differ from the ledger.").format(
			found["balances"], found["completions"]
		)
	else:
		message = _("The credit balances agree with the ledger.")
	frappe.publish_realtime("msgprint", {"message": message, "title": _("Credit Balances")}, user=user)
