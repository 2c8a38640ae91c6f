"""Credit Balance and Credit Completion kept beside the ledger, in the transaction of each posting.

Called by ``hr_credit_app.ledger.post`` (the bulk path) and by the Credit Entry controller (an entry
submitted in the desk, any cancellation). A balance is added to with one multi-row upsert
(``credits = credits + values(credits)``) in one key order, so that concurrent postings of the same
buckets wait for each other and lose nothing; a cancelled first completion is read again from the
ledger with a locking read.
"""

import hashlib
from collections.abc import Iterable

import frappe
from frappe.utils import flt, getdate, now_datetime

from hr_credit_app import compat
from hr_credit_app.bulk import CHUNK, INSERT_CHUNK, chunks, rows_sql
from hr_credit_app.engine import periods


def on_post(entries: Iterable[dict]) -> None:
	"""Entries just posted (in this transaction): add them to their balances and completions."""
	entries = list(entries)
	_changed(entries)
	_add_to_balances(entries, sign=1)
	_extend_completions([e for e in entries if e.get("course") and flt(e.get("credits")) > 0])


def on_cancel(entries: Iterable[dict]) -> None:
	"""Entries just cancelled (in this transaction): take them out of their balances and completions."""
	entries = list(entries)
	_changed(entries)
	_add_to_balances(entries, sign=-1)
	_recompute_completions(
		{(e["employee"], e["course"]) for e in entries if e.get("course") and flt(e.get("credits")) > 0}
	)


# what else keeps employees' credits in this process: called with the employees whose entries this
# transaction posts or cancels (payroll.slip_checks registers itself)
ON_CHANGE: list = []


def _changed(entries: list[dict]) -> None:
	employees = {entry["employee"] for entry in entries}
	for listener in ON_CHANGE:
		listener(employees)


def _balance_name(employee, category, year, month) -> str:
	key = "\x1f".join((employee, category, str(year), str(month)))
	return hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()[:20]


def current_companies(employees) -> dict[str, str]:
	"""The company each employee belongs to now: their balances are kept under it."""
	found = {}
	for batch in chunks(sorted(set(employees)), CHUNK):
		found.update(
			frappe.db.sql("select name, company from `tabEmployee` where name in %s", (tuple(batch),))
		)
	return found


def _add_to_balances(entries: list[dict], sign: int) -> None:
	totals: dict[tuple, list] = {}
	for entry in entries:
		for year, month in periods.bucket_keys(entry["posting_date"]):
			key = (entry["employee"], entry["category"], year, month)
			bucket = totals.setdefault(key, [0.0, 0])
			bucket[0] += sign * flt(entry["credits"], 9)
			bucket[1] += sign
	if not totals:
		return
	companies = current_companies(key[0] for key in totals)
	now, user = now_datetime(), frappe.session.user
	# one order in every transaction: two writers of overlapping buckets lock them alike
	rows = [
		(
			_balance_name(*key),
			now,
			now,
			user,
			user,
			key[0],
			companies.get(key[0]),
			*key[1:],
			round(value[0], 9),
			value[1],
		)
		for key, value in sorted(totals.items())
	]
	for chunk in chunks(rows, INSERT_CHUNK):
		frappe.db.sql(
			f"""insert into `tabCredit Balance` (name, creation, modified, owner, modified_by,
				employee, company, category, year, month, credits, entries)
			values {rows_sql(len(chunk), 12)}
			on duplicate key update credits = credits + values(credits), entries = entries + values(entries),
				company = values(company), modified = values(modified)""",
			[value for row in chunk for value in row],
		)


def move_balances(employee: str, company: str) -> None:
	"""An employee moved to another company: their balances follow them (Employee on_update)."""
	frappe.db.sql("update `tabCredit Balance` set company = %s where employee = %s", (company, employee))


def _completion_name(employee: str, course: str) -> str:
	return hashlib.md5(f"{employee}\x1f{course}".encode(), usedforsecurity=False).hexdigest()[:20]


def _days(days: Iterable) -> tuple:
	"""(first, second, previous, last) of some credit days: second is the earliest day after the
	first, previous the latest before the last (both None when they are all one day)."""
	distinct = sorted(set(days))
	if len(distinct) == 1:
		return distinct[0], None, None, distinct[0]
	return distinct[0], distinct[1], distinct[-2], distinct[-1]


def _extend_completions(entries: list[dict]) -> None:
	pairs: dict[tuple, list] = {}
	for entry in entries:
		pairs.setdefault((entry["employee"], entry["course"]), []).append(getdate(entry["posting_date"]))
	if not pairs:
		return
	now, user = now_datetime(), frappe.session.user
	rows = [
		(_completion_name(*key), now, now, user, user, *key, *_days(days), len(days))
		for key, days in sorted(pairs.items())
	]
	# second_date before first_date and previous_date before last_date: MariaDB assigns left to
	# right. The second day is the earliest of both second days and of the later of both first days
	# (when they differ); the previous day, the latest of both previous days and of the earlier of
	# both last days
	for chunk in chunks(rows, INSERT_CHUNK):
		frappe.db.sql(
			f"""insert into `tabCredit Completion` (name, creation, modified, owner, modified_by,
				employee, course, first_date, second_date, previous_date, last_date, entries)
			values {rows_sql(len(chunk), 12)}
			on duplicate key update
				second_date = nullif(least(
					ifnull(second_date, '9999-12-31'),
					ifnull(values(second_date), '9999-12-31'),
					if(first_date <> values(first_date), greatest(first_date, values(first_date)), '9999-12-31')
				), '9999-12-31'),
				first_date = least(first_date, values(first_date)),
				previous_date = nullif(greatest(
					ifnull(previous_date, '0001-01-01'),
					ifnull(values(previous_date), '0001-01-01'),
					if(last_date <> values(last_date), least(last_date, values(last_date)), '0001-01-01')
				), '0001-01-01'),
				last_date = greatest(last_date, values(last_date)), entries = entries + values(entries),
				modified = values(modified)""",
			[value for row in chunk for value in row],
		)


def _recompute_completions(pairs: set[tuple]) -> None:
	"""Completions of ``pairs`` read again from the ledger (a cancelled entry may have been the first).

	The completion rows are locked first and the ledger read with a locking read, which sees the
	latest committed entries: a concurrent posting of the same pair either committed before (and is
	read) or waits for this transaction (and extends the recomputed row after it)."""
	if not pairs:
		return
	pairs = sorted(pairs)
	names = [_completion_name(*pair) for pair in pairs]
	with compat.latest_locking_reads():
		for chunk in chunks(names, CHUNK):
			frappe.db.sql(
				"select name from `tabCredit Completion` where name in %s for update", (tuple(chunk),)
			)
		days: dict[tuple, list] = {}
		for chunk in chunks(pairs, 500):
			condition = " or ".join(["(employee = %s and course = %s)"] * len(chunk))
			for employee, course, day in frappe.db.sql(
				f"""select employee, course, posting_date
				from `tabCredit Entry` where docstatus = 1 and credits > 0 and ({condition})
				lock in share mode""",
				[value for pair in chunk for value in pair],
			):
				days.setdefault((employee, course), []).append(getdate(day))
	gone = [_completion_name(*pair) for pair in pairs if pair not in days]
	for chunk in chunks(gone, CHUNK):
		frappe.db.sql("delete from `tabCredit Completion` where name in %s", (tuple(chunk),))
	now = now_datetime()
	for (employee, course), found in days.items():
		frappe.db.sql(
			"""update `tabCredit Completion` set first_date = %s, second_date = %s, previous_date = %s,
				last_date = %s, entries = %s, modified = %s
			where name = %s""",
			(*_days(found), len(found), now, _completion_name(employee, course)),
		)
