"""Evidence validation and accumulation (no frappe)."""

import datetime as dt

from hr_credit_app.engine.evidence import accumulate, check_rows, dedup_key, enrolment_key

TODAY = dt.date(2026, 6, 30)
EMPLOYEES = {
	"HR-EMP-0001": "HR-EMP-0001",
	"ana@corp.example": "HR-EMP-0001",
	"bo@corp.example": "HR-EMP-0002",
}
COURSES = {"PY-01": "PY-01", "LEAN-01": "LEAN-01"}


def check(rows, **kwargs):
	return check_rows(
		rows, resolve_employee=EMPLOYEES, resolve_course=COURSES, today=TODAY, default_source="lms", **kwargs
	)


def good(**overrides):
	row = {
		"external_id": "x1",
		"employee": "HR-EMP-0001",
		"course": "PY-01",
		"kind": "exam",
		"value": 85,
		"date": "2026-06-01",
	}
	row.update(overrides)
	return row


def test_a_good_row_is_resolved_by_id_email_or_user():
	items = check(
		[
			good(),
			good(external_id="x2", employee="ANA@corp.example"),
			good(external_id="x3", employee="bo@corp.example"),
		]
	)
	assert [i.error for i in items] == [None, None, None]
	assert [i.employee for i in items] == ["HR-EMP-0001", "HR-EMP-0001", "HR-EMP-0002"]
	assert items[0].kind == "exam" and items[0].value == 85.0 and items[0].cycle == "2026"
	assert items[0].dedup_key == dedup_key("lms", "x1")


def test_each_bad_row_gets_its_own_reason():
	rows = [
		good(external_id=""),
		good(employee="nobody@corp.example"),
		good(course="NOPE"),
		good(kind="karaoke"),
		good(value=101),
		good(kind="practice assessment", value=11),
		good(value="eighty"),
		good(date="2026-07-01"),
		good(date="30/06/2026"),
		"not a row",
		good(kind="completion", value=None),
	]
	assert [i.error for i in check(rows)] == [
		"missing_external_id",
		"unknown_employee",
		"unknown_course",
		"unknown_kind",
		"value_out_of_range",
		"value_out_of_range",
		"not_a_number",
		"future_date",
		"bad_date",
		"not_an_object",
		"missing_value",
	]


def test_exam_bounds_are_inclusive_and_hours_must_be_positive():
	items = check(
		[good(value=0), good(external_id="b", value=100), good(external_id="c", kind="hours", value=0)]
	)
	assert [i.error for i in items] == [None, None, "value_out_of_range"]


def test_attendance_defaults_to_present():
	(item,) = check([good(kind="attendance", value=None)])
	assert item.error is None and item.value == 1.0


def test_the_same_external_id_twice_in_a_batch_is_a_duplicate():
	items = check([good(), good(value=90)])
	assert [i.error for i in items] == [None, "duplicate_in_batch"]
	# another source system may use the same id
	assert check([good(), good(source_system="checkin")])[1].error is None


def test_evidence_outside_employment_is_refused():
	(item,) = check([good()], employee_dates={"HR-EMP-0001": ("2026-06-15", None)})
	assert item.error == "not_employed_on_date"


def test_cycle_once_gives_one_enrolment_for_all_years():
	items = check([good(), good(external_id="old", date="2025-03-01")], cycle_mode="once")
	assert {i.cycle for i in items} == {"once"}
	assert len(accumulate(items)) == 1


def test_accumulate_keeps_best_scores_sums_hours_and_latest_date():
	items = check(
		[
			good(external_id="1", kind="completion", value=60, date="2026-05-01"),
			good(external_id="2", kind="completion", value=100, date="2026-05-20"),
			good(external_id="3", kind="exam", value=70, date="2026-05-21"),
			good(external_id="4", kind="exam", value=85, date="2026-05-25"),
			good(external_id="5", kind="exam", value=75, date="2026-05-30"),
			good(external_id="6", kind="hours", value=1.5, date="2026-05-02"),
			good(external_id="7", kind="hours", value=2, date="2026-05-03"),
			good(external_id="8", kind="attendance", value=0, date="2026-05-04"),
			good(external_id="9", kind="attendance", value=1, date="2026-05-05"),
			good(external_id="10", kind="exam", value=200),  # refused, not accumulated
			good(
				external_id="11", course="LEAN-01", kind="practice assessment", value=8.5, date="2026-04-01"
			),
		]
	)
	result = accumulate(items)
	py = result[enrolment_key("HR-EMP-0001", "PY-01", "2026")]
	assert (py.completion_pct, py.best_exam_score, py.hours, py.attended) == (100, 85, 3.5, 1)
	assert (py.first_evidence_date, py.last_evidence_date) == (dt.date(2026, 5, 1), dt.date(2026, 5, 30))
	lean = result[enrolment_key("HR-EMP-0001", "LEAN-01", "2026")]
	assert lean.mentor_score == 8.5 and lean.completion_pct is None


def test_every_key_fits_the_column_and_is_stable():
	key = dedup_key("lms", "x" * 300)
	assert len(key) == 40 and key == dedup_key("lms", "x" * 300)
	assert dedup_key("lms", "ab") != dedup_key("lm", "sab")  # the separator keeps source and id apart


def test_ids_differing_only_in_case_or_accents_are_two_facts():
	# the database compares text without case and accents; the key must not
	items = check(
		[good(external_id="A-1"), good(external_id="a-1"), good(external_id="café"), good(external_id="cafe")]
	)
	assert [i.error for i in items] == [None, None, None, None]
	assert len({i.dedup_key for i in items}) == 4
	assert all(key == key.lower() for key in (i.dedup_key for i in items))


def test_dates_are_yyyy_mm_dd_and_nothing_else():
	rows = [
		good(external_id=str(n), date=d)
		for n, d in enumerate(
			["20260101", "2026-W01-1", "2026-01-01junk", "2026-01-01T10:00", "٢٠٢٦-٠١-٠١", " 2026-01-02 "]
		)
	]
	assert [i.error for i in check(rows)] == [
		"bad_date",
		"bad_date",
		"bad_date",
		"bad_date",
		"bad_date",
		None,
	]
	(item,) = check([good(date=dt.date(2026, 1, 3))])
	assert item.evidence_date == dt.date(2026, 1, 3)


def test_values_are_plain_decimal_numbers():
	values = ["9_0", "1e2", "0x10", "NaN", "inf", " 85.5 ", ".5", "-0", 85, 85.5, True]
	items = check([good(external_id=str(n), value=v) for n, v in enumerate(values)])
	assert [i.error for i in items] == [
		"not_a_number",
		"not_a_number",
		"not_a_number",
		"not_a_number",
		"not_a_number",
		None,
		None,
		None,
		None,
		None,
		None,
	]
	assert [i.value for i in items[5:]] == [85.5, 0.5, 0.0, 85.0, 85.5, 1.0]
	assert str(items[7].value) == "0.0"  # negative zero is stored as zero


def test_non_finite_and_huge_numbers_are_out_of_range_not_errors_of_the_batch():
	values = [float("nan"), float("inf"), float("-inf"), 10**399, "1" * 399, -0.0]
	items = check([good(external_id=str(n), value=v) for n, v in enumerate(values)])
	assert [i.error for i in items] == ["value_out_of_range"] * 5 + [None]
	assert all(i.value is None for i in items[:5])
	(item,) = check([good(value=10**5000)])
	assert item.error == "text_too_long"


def test_nested_long_and_unstorable_values_are_refused_with_the_field():
	rows = [
		good(employee={"name": "HR-EMP-0001"}),
		good(course=["PY-01"]),
		good(external_id="x" * 141),
		good(external_id="bad\ud800"),
		good(kind="exam\x00"),
		good(value="9" * 401),
		good(external_id="x" * 140),
	]
	assert [(i.error, i.error_params[:1]) for i in check(rows)] == [
		("not_a_scalar", ("employee",)),
		("not_a_scalar", ("course",)),
		("text_too_long", ("external_id",)),
		("invalid_text", ("external_id",)),
		("invalid_text", ("kind",)),
		("text_too_long", ("value",)),
		(None, ()),
	]


def test_a_cycle_must_be_one_the_cycle_mode_allows():
	rows = [
		good(external_id="1", cycle="2026"),
		good(external_id="2", cycle="2025"),  # began last year
		good(external_id="3", cycle="2024"),
		good(external_id="4", cycle="again-1"),
		good(external_id="5", cycle="x" * 140),
	]
	assert [i.error for i in check(rows)] == [None, None, "bad_cycle", "bad_cycle", "bad_cycle"]
	once = check([good(cycle="once"), good(external_id="y", cycle="2026")], cycle_mode="once")
	assert [i.error for i in once] == [None, "bad_cycle"]


def test_a_sender_names_only_its_own_sources_and_never_credits_itself():
	rows = [good(), good(external_id="2", source_system="LMS"), good(external_id="3", source_system="lms")]
	items = check(rows, allowed_sources={"lms"})
	assert [i.error for i in items] == [None, "source_not_allowed", None]
	assert items[0].source_system == "lms"
	(item,) = check([good()], forbidden_employees={"HR-EMP-0001"})
	assert item.error == "self_credit"


def test_a_course_limited_to_some_companies_credits_only_their_employees():
	items = check(
		[good(), good(external_id="2", employee="bo@corp.example")],
		course_companies={"PY-01": ["Corp CN"]},
		employee_companies={"HR-EMP-0001": "Corp CN", "HR-EMP-0002": "Corp IN"},
	)
	assert [i.error for i in items] == [None, "course_not_in_company"]
	assert items[1].error_params == ("PY-01", "Corp IN")
