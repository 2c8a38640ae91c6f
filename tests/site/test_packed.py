"""Rows read packed (``hr_credit_app.packed``) are the rows the query returns, whatever they hold."""

import frappe

from hr_credit_app import packed

ROWS = [
	("Compulsory", "2.5", "EMP-1"),
	("Compulsory", None, "EMP-2"),
	("Elective", "1", "EMP-3"),
]


def rows_query(rows):
	"""A query returning ``rows`` (its values as parameters)."""
	parts, values = [], {}
	for i, row in enumerate(rows):
		values.update({f"k{i}": row[0], f"v{i}": row[1], f"e{i}": row[2]})
		parts.append(f"select %(k{i})s as category, %(v{i})s as credits, %(e{i})s as employee")
	return " union all ".join(parts), values


def as_rows(frame):
	return sorted(
		(
			tuple(None if value is None else str(value) for value in row)
			for row in frame.itertuples(index=False)
		),
		key=str,
	)


def test_packed_rows_are_the_querys_rows_with_nulls_and_a_key():
	query, values = rows_query(ROWS)
	for key in (None, "category"):
		frame = packed.read(query, values, ["category", "credits", "employee"], key=key)
		assert list(frame.columns) == ["category", "credits", "employee"]
		assert as_rows(frame) == sorted(ROWS, key=str)
	credits = packed.numbers(packed.read(query, values, ["category", "credits", "employee"])["credits"])
	assert sorted(credits.fillna(-1).tolist()) == [-1, 1.0, 2.5]


def test_a_value_holding_a_separator_is_read_as_it_is():
	"""An employee ID or a KRA name may hold any character: the count check sees the misaligned
	items and the rows are read as they come."""
	strange = [
		("Compulsory", "1", "EMP" + packed.UNIT_SEPARATOR + "X"),
		("Compulsory", "2", "EMP" + packed.ROW_SEPARATOR + "Y"),
		("Elective", "3", "EMP-3"),
	]
	query, values = rows_query(strange)
	for key in (None, "category"):
		frame = packed.read(query, values, ["category", "credits", "employee"], key=key)
		assert as_rows(frame) == sorted(strange, key=str)


def test_no_rows_is_an_empty_frame_with_the_columns():
	frame = packed.read(
		"select name as employee, company from `tabEmployee` where name = %(none)s",
		{"none": "no such employee " + frappe.generate_hash(length=6)},
		["employee", "company"],
	)
	assert frame.empty and list(frame.columns) == ["employee", "company"]
