"""Compare the kept tables with the ledger, and rebuild them from it.

``bench --site <site> execute hr_credit_app.credits.verify`` lists the differences;
``--kwargs "{'repair': 1}"`` rebuilds. HR Credit Settings has the same as a button (HR Manager).
"""

import frappe
from frappe import _
from frappe.utils import flt, now_datetime

from hr_credit_app import compat
from hr_credit_app.bulk import chunks
from hr_credit_app.permissions import require_roles


def ledger_months(condition: str = "") -> str:
	"""The month buckets the ledger implies, under each employee's company now."""
	return f"""
	select c.employee, e.company, c.category, year(c.posting_date) as year, month(c.posting_date) as month,
		sum(c.credits) as credits, count(*) as entries
	from `tabCredit Entry` c join `tabEmployee` e on e.name = c.employee
	where c.docstatus = 1 {condition}
	group by c.employee, c.category, year(c.posting_date), month(c.posting_date)"""


def ledger_completions(condition: str = "") -> str:
	"""Each (employee, course)'s first, second (earliest after the first), previous (latest before
	the last) and last credit days and its number of entries, as the ledger implies them."""
	return f"""
	select employee, course, min(day) as first_date, max(case when rank_up = 2 then day end) as second_date,
		max(case when position = 2 then day end) as previous_date, max(day) as last_date,
		sum(entries) as entries
	from (
		select employee, course, posting_date as day, count(*) as entries,
			row_number() over (partition by employee, course order by posting_date) as rank_up,
			row_number() over (partition by employee, course order by posting_date desc) as position
		from `tabCredit Entry` where docstatus = 1 and credits > 0 and course is not null {condition}
		group by employee, course, posting_date
	) as days
	group by employee, course"""


def differences(limit: int = 20, chunk: int = 500) -> dict:
	"""How Credit Balance and Credit Completion differ from the ledger: counts, a few examples and
	the employees concerned.

	Employee by employee (in chunks): the ledger's buckets and first completions of a few hundred
	employees are computed from their entries and compared with the kept rows, so memory stays
	bounded whatever the ledger's size."""
	employees = frappe.db.sql_list(
		"""select employee from `tabCredit Entry` where docstatus = 1
		union select employee from `tabCredit Balance` union select employee from `tabCredit Completion`"""
	)
	balance_diffs, completion_diffs, concerned = [], [], set()
	for batch in chunks(sorted(employees), chunk):
		batch = tuple(batch)
		expected = {}
		for employee, company, category, year, month, credits, count in frappe.db.sql(
			ledger_months("and c.employee in %s"), (batch,)
		):
			for key in ((employee, category, year, month), (employee, category, year, 0)):
				total = expected.setdefault(key, [company, 0, 0])
				total[1] += credits
				total[2] += count
		kept = {
			(employee, category, year, month): (company, credits, count)
			for employee, company, category, year, month, credits, count in frappe.db.sql(
				"""select employee, company, category, year, month, credits, entries from `tabCredit Balance`
				where employee in %s""",
				(batch,),
			)
		}
		for key in expected.keys() | kept.keys():
			want = expected.get(key, (None, 0, 0))
			have = kept.get(key, (None, 0, 0))
			same = flt(want[1], 6) == flt(have[1], 6) and int(want[2]) == int(have[2])
			if not same or (want[2] and want[0] != have[0]):
				balance_diffs.append([str(value) for value in (*key, *want, *have)])
				concerned.add(key[0])
		expected = {
			(employee, course): (first, second, previous, last, int(count))
			for employee, course, first, second, previous, last, count in frappe.db.sql(
				ledger_completions("and employee in %s"), (batch,)
			)
		}
		kept = {
			(employee, course): (first, second, previous, last, int(count))
			for employee, course, first, second, previous, last, count in frappe.db.sql(
				"""select employee, course, first_date, second_date, previous_date, last_date, entries
				from `tabCredit Completion` where employee in %s""",
				(batch,),
			)
		}
		for key in expected.keys() | kept.keys():
			if expected.get(key) != kept.get(key):
				completion_diffs.append([str(value) for value in (*key, expected.get(key), kept.get(key))])
				concerned.add(key[0])
	return {
		"balances": len(balance_diffs),
		"completions": len(completion_diffs),
		"employees": sorted(concerned),
		"balance_examples": balance_diffs[:limit],
		"completion_examples": completion_diffs[:limit],
	}


def _write(condition: str = "", values=None) -> None:
	"""Insert the balances and completions the ledger implies (of the employees ``condition`` names)."""
	values = {**(values or {}), "now": now_datetime(), "user": frappe.session.user}
	frappe.db.sql(
		f"""insert into `tabCredit Balance` (name, creation, modified, owner, modified_by,
			employee, company, category, year, month, credits, entries)
		select left(md5(concat_ws(char(31), employee, category, year, month)), 20),
			%(now)s, %(now)s, %(user)s, %(user)s, employee, company, category, year, month, credits, entries
		from ({ledger_months(condition and "and c.employee in %(employees)s")}) l""",
		values,
	)
	frappe.db.sql(
		f"""insert into `tabCredit Balance` (name, creation, modified, owner, modified_by,
			employee, company, category, year, month, credits, entries)
		select left(md5(concat_ws(char(31), employee, category, year, 0)), 20),
			%(now)s, %(now)s, %(user)s, %(user)s, employee, max(company), category, year, 0, sum(credits),
			sum(entries)
		from `tabCredit Balance` where month > 0 {condition} group by employee, category, year""",
		values,
	)
	write_completions(condition, values)


def write_completions(condition: str = "", values=None) -> None:
	"""Insert the completions the ledger implies (of the employees ``condition`` names)."""
	values = {**(values or {}), "now": now_datetime(), "user": frappe.session.user}
	frappe.db.sql(
		f"""insert into `tabCredit Completion` (name, creation, modified, owner, modified_by,
			employee, course, first_date, second_date, previous_date, last_date, entries)
		select left(md5(concat_ws(char(31), employee, course)), 20), %(now)s, %(now)s, %(user)s, %(user)s,
			employee, course, first_date, second_date, previous_date, last_date, entries
		from ({ledger_completions(condition)}) l""",
		values,
	)


def rebuild() -> None:
	"""Both tables written again from the whole ledger, in one transaction."""
	with compat.latest_locking_reads():
		frappe.db.sql("delete from `tabCredit Balance`")
		frappe.db.sql("delete from `tabCredit Completion`")
		_write()


def repair_employees(employees: list[str]) -> None:
	"""The balances and completions of some employees written again from their ledger entries."""
	with compat.latest_locking_reads():
		for batch in chunks(sorted(set(employees)), 500):
			values = {"employees": tuple(batch)}
			frappe.db.sql("delete from `tabCredit Balance` where employee in %(employees)s", values)
			frappe.db.sql("delete from `tabCredit Completion` where employee in %(employees)s", values)
			_write("and employee in %(employees)s", values)


def verify(repair: int = 0) -> dict:
	"""Compare the kept tables with the ledger; with ``repair``, write the rows of the employees
	whose rows differ again from their ledger entries.

	``bench --site <site> execute hr_credit_app.credits.verify [--kwargs "{'repair': 1}"]``"""
	found = differences()
	found["repaired"] = False
	if found["employees"] and frappe.utils.cint(repair):
		repair_employees(found["employees"])
		frappe.db.commit()  # nosemgrep: a maintenance command (bench execute, a background job)
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
