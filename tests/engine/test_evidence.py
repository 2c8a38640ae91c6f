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
	assert items[0].dedup_key == "lms:x1"


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


def test_long_keys_are_hashed_to_fit_the_column():
	key = dedup_key("lms", "x" * 300)
	assert key.startswith("sha1:") and len(key) <= 140
	assert key == dedup_key("lms", "x" * 300)
