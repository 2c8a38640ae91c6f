"""Many small rows read as a few long ones.

The driver's cost is per row and per value: 30,000 rows of (category, credits, employee) take
longer to arrive than the database takes to find them. ``read`` has the database join each group's
rows into one string (GROUP_CONCAT) and cuts the strings apart here, where splitting is one call.

Items are separated by the ASCII record separator and their values by the unit separator. A value
that holds one of them (possible in a name, however unlikely) would misalign the items: each
group's item count is read beside its string, and on any mismatch the rows are read again as they
come. The results are the same either way, one row per item.
"""

from collections.abc import Sequence

import numpy as np
import pandas as pd

import frappe

ROW_SEPARATOR = chr(30)  # between the items of a group
UNIT_SEPARATOR = chr(31)  # between the values of an item
MAX_LENGTH = 1 << 30  # group_concat_max_len: one group's string may be this long


def read(
	query: str,
	values: dict,
	columns: Sequence[str],
	key: str | None = None,
	nullable: Sequence[str] | None = None,
	shared: Sequence[str] = (),
) -> pd.DataFrame:
	"""The rows of ``query``, whose columns are named ``columns``, as a frame, read as one string
	(or one per value of the ``key`` column, which then travels once per group: grouping costs the
	database a sort unless an index gives the key's order). Every other column arrives as text; the
	caller converts what it needs.

	``nullable``: the columns that may be NULL (None in the frame; by default all). ``shared``: the
	columns whose values repeat (an employee in every course): each value is kept once in memory."""
	fields = [column for column in columns if column != key]
	items = ", %(packed_unit)s, ".join(f"ifnull(`{field}`, '')" for field in fields)
	frappe.db.sql(f"set session group_concat_max_len = {MAX_LENGTH}")
	head = f"`{key}`" if key else "null"
	groups = frappe.db.sql(
		f"""select {head}, count(*), group_concat({items} separator %(packed_rows)s)
		from ({query}) as packed_rows {f"group by `{key}`" if key else ""}""",
		{**values, "packed_unit": UNIT_SEPARATOR, "packed_rows": ROW_SEPARATOR},
	)
	frames = []
	width = len(fields)
	seen: dict[str, str] = {}
	for value, count, text in groups:
		if not count:
			continue
		flat = text.replace(ROW_SEPARATOR, UNIT_SEPARATOR).split(UNIT_SEPARATOR)
		# a separator inside a value, or a string cut at max_allowed_packet: read the rows as they come
		if len(flat) != count * width:
			return pd.DataFrame(list(frappe.db.sql(query, values)), columns=list(columns))
		cells = np.array(flat, dtype=object)  # one conversion; each column is a view of it
		frame = pd.DataFrame(
			{
				field: [seen.setdefault(v, v) for v in flat[i::width]] if field in shared else cells[i::width]
				for i, field in enumerate(fields)
			}
		)
		if key:
			frame[key] = value
		frames.append(frame)
	if not frames:
		return pd.DataFrame(columns=list(columns))
	frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
	for field in fields if nullable is None else nullable:
		frame[field] = frame[field].where(frame[field] != "", None)
	return frame[list(columns)]


def numbers(column: pd.Series) -> pd.Series:
	"""A text column of ``read`` as floats (NaN where it was NULL)."""
	return pd.to_numeric(column, errors="coerce").astype("float64")
