"""Set-based writes shared by the ledger, intake and payroll: chunks, standard columns, verified inserts.

A multi-row INSERT (``insert_rows``, the statement of ``frappe.db.bulk_insert``) writes many rows
in one statement, but with ``ignore_duplicates`` the database skips a row silently, whether its
*identity* (a unique key such as the evidence's deduplication key or the ledger's award key) was
taken, which is the point, or its random *name* collided with an older row, which must never pass
for a write. :func:`insert` tells the two
apart: it reports each row as written or as a duplicate of its identity, and writes a row whose
name collided again under a new name. Nothing is reported written that is not in the table.
"""

from collections.abc import Iterable, Iterator, Sequence

import frappe
from frappe.utils import now_datetime
from frappe.utils.html_utils import sanitize_html

from hr_credit_app import compat

CHUNK = 5000  # values in one IN (...) list
INSERT_CHUNK = 1000  # rows in one INSERT statement
STANDARD_FIELDS = ("name", "creation", "modified", "owner", "modified_by", "docstatus")
TEXT_FIELDTYPES = ("Data", "Small Text", "Text", "Long Text", "Text Editor")
NAME_ATTEMPTS = 5


def chunks(values: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
	"""Consecutive slices of ``values``, for IN lists and statements of bounded size."""
	for start in range(0, len(values), size):
		yield values[start : start + size]


def rows_sql(rows: int, width: int) -> str:
	"""``(%s, %s), (%s, %s)``: the placeholders of a multi-row VALUES list."""
	row = "(" + ", ".join(["%s"] * width) + ")"
	return ", ".join([row] * rows)


def insert_rows(
	doctype: str, columns: list[str], values: list[tuple], ignore_duplicates: bool = False
) -> list[int]:
	"""The statement of ``frappe.db.bulk_insert``, with the values passed as parameters: the driver
	escapes 10,000 rows in a fraction of the time the query builder takes to render them. Returns
	the rows each statement wrote (INSERT IGNORE skips some)."""
	head = "insert {}into `tab{}` ({}) values ".format(
		"ignore " if ignore_duplicates else "", doctype, ", ".join(f"`{column}`" for column in columns)
	)
	written = []
	for chunk in chunks(values, INSERT_CHUNK):
		frappe.db.sql(head + rows_sql(len(chunk), len(columns)), [value for row in chunk for value in row])
		written.append(frappe.db._cursor.rowcount)
	return written


def new_names(count: int, length: int = 12) -> list[str]:
	return [frappe.generate_hash(length=length) for _i in range(count)]


def insert(
	doctype: str,
	rows: list[dict],
	*,
	fields: Iterable[str],
	identity: str | None = None,
	docstatus: int = 0,
	name_length: int = 12,
) -> dict:
	"""Insert ``rows`` (dicts of ``fields``) with the standard columns filled; verified.

	With ``identity`` (a column with a unique index, set in every row): a row whose identity is in
	the table already is a duplicate and not written (also when another worker writes it at this
	moment). Rows named ``name`` in their dict keep it; others get a random name.

	Returns ``{"names": [name or None per row], "duplicates": [row index, ...]}``: ``names[i]`` is
	the name row ``i`` was written under, None for a duplicate.
	"""
	fields = [field for field in fields if field not in STANDARD_FIELDS]
	columns = [*STANDARD_FIELDS, *fields]
	sanitize(doctype, rows, fields)
	now, user = now_datetime(), frappe.session.user
	names: list[str | None] = [row.get("name") or None for row in rows]
	for index, name in enumerate(names):
		if name is None:
			names[index] = frappe.generate_hash(length=name_length)
	pending = list(range(len(rows)))
	duplicates: list[int] = []
	for _attempt in range(NAME_ATTEMPTS):
		if not pending:
			break
		values = [
			(
				names[i],
				now,
				now,
				user,
				user,
				rows[i].get("docstatus", docstatus),
				*(rows[i].get(field) for field in fields),
			)
			for i in pending
		]
		if identity:
			written = insert_rows(doctype, columns, values, ignore_duplicates=True)
			# a statement that wrote all its rows skipped none: only the others' rows are looked at
			unsure = []
			for number, count in enumerate(written):
				part = pending[number * INSERT_CHUNK : (number + 1) * INSERT_CHUNK]
				if count != len(part):
					unsure += part
			collided = _verify_by_identity(doctype, identity, rows, names, unsure, duplicates)
		else:
			collided = _insert_or_rename(doctype, columns, values, pending)
		for i in collided:
			names[i] = frappe.generate_hash(length=name_length)
		pending = collided
	if pending:
		frappe.throw(frappe._("Could not find free names for {0} rows.").format(len(pending)))
	for i in duplicates:
		names[i] = None
	return {"names": names, "duplicates": duplicates}


def sanitize(doctype: str, rows: list[dict], fields: list[str]) -> None:
	"""What a save through the document would store: Frappe sanitizes HTML in text fields on save
	(``BaseDocument._sanitize_content``), and its list views rely on it; a bulk write does the same.
	(Evidence keeps the row exactly as received in its Code field ``received``, which is not HTML.)"""
	meta = frappe.get_meta(doctype)
	text_fields = [
		field
		for field in fields
		if (df := meta.get_field(field))
		and df.fieldtype in TEXT_FIELDTYPES
		and not df.ignore_xss_filter
		and df.options != "Email"
	]
	for row in rows:
		for field in text_fields:
			value = row.get(field)
			if isinstance(value, str) and ("<" in value or ">" in value):
				row[field] = sanitize_html(value)


def _verify_by_identity(doctype, identity, rows, names, pending, duplicates) -> list[int]:
	"""Sort the rows just inserted with INSERT IGNORE: written, duplicate, or name collided.

	A locking read: it sees what another worker committed meanwhile (a plain read would see this
	transaction's older snapshot, and take another worker's row for a free identity)."""
	if not pending:
		return []
	keys = [rows[i][identity] for i in pending]
	holders = {}
	with compat.latest_locking_reads():
		for chunk in chunks(keys):
			holders.update(
				frappe.db.sql(
					f"select `{identity}`, name from `tab{doctype}` where `{identity}` in %s lock in share mode",
					(tuple(chunk),),
				)
			)
	collided = []
	for i in pending:
		holder = holders.get(rows[i][identity])
		if holder is None:
			collided.append(i)  # skipped, and its identity is free: its name was taken
		elif holder != names[i]:
			duplicates.append(i)
	return collided


def _insert_or_rename(doctype, columns, values, pending) -> list[int]:
	"""Plain INSERT (no IGNORE): a name collision fails its statement; those rows get new names."""
	collided = []
	for start in range(0, len(values), INSERT_CHUNK):
		chunk = values[start : start + INSERT_CHUNK]
		try:
			insert_rows(doctype, columns, chunk)
		except Exception as e:
			if not frappe.db.is_primary_key_violation(e):
				raise
			taken = set(
				frappe.get_all(doctype, filters={"name": ("in", [row[0] for row in chunk])}, pluck="name")
			)
			free = [row for row in chunk if row[0] not in taken]
			if free:
				insert_rows(doctype, columns, free)
			collided.extend(pending[start + offset] for offset, row in enumerate(chunk) if row[0] in taken)
	return collided
