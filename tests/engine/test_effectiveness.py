"""Difference-in-differences, per-employee effects and cost vs outcome (no frappe)."""

import time

import numpy as np
import pandas as pd
import pytest

from hr_credit_app.engine.effectiveness import cost_outcome, did, employee_effects


def frame(rows):
	return pd.DataFrame(rows, columns=["employee", "participant", "before", "after", "department"])


# Participants P1..P3 took the course, controls C1..C3 did not.
#   participants: before 3.0, 3.2, 2.8 (sum 9.0, mean 3.0); after 3.6, 3.8, 3.1 (sum 10.5, mean 3.5)
#                 changes 0.6, 0.6, 0.3 (sum 1.5, mean 0.5)
#   controls:     before 3.0, 3.1, 2.9 (sum 9.0, mean 3.0); after 3.1, 3.2, 3.0 (sum 9.3, mean 3.1)
#                 changes 0.1, 0.1, 0.1 (mean 0.1)
#   DiD = (3.5 - 3.0) - (3.1 - 3.0) = 0.5 - 0.1 = 0.4
HAND = frame(
	[
		("P1", True, 3.0, 3.6, "Sales"),
		("P2", True, 3.2, 3.8, "Sales"),
		("P3", True, 2.8, 3.1, "Plant"),
		("C1", False, 3.0, 3.1, "Sales"),
		("C2", False, 3.1, 3.2, "Plant"),
		("C3", False, 2.9, 3.0, "Plant"),
	]
)


def test_did_hand_checked_example():
	(row,) = did(HAND, min_group=3)
	assert row == {
		"n_participants": 3,
		"n_controls": 3,
		"dropped": 0,
		"participant_before": 3.0,
		"participant_after": 3.5,
		"participant_change": 0.5,
		"control_before": 3.0,
		"control_after": 3.1,
		"control_change": 0.1,
		"did": 0.4,
		"reliable": True,
		"warning": None,
	}


def test_did_small_groups_are_flagged_not_hidden():
	(row,) = did(HAND)  # min_group 5 > 3 on each side
	assert row["did"] == 0.4
	assert row["reliable"] is False and row["warning"] == "too_few"
	(row,) = did(HAND, min_group=4)
	assert row["warning"] == "too_few"


def test_did_drops_rows_without_before_or_after():
	data = pd.concat(
		[
			HAND,
			frame(
				[
					("P4", True, None, 5.0, "Sales"),
					("C4", False, 3.0, np.nan, "Sales"),
					("C5", None, 3.0, 3.1, "Plant"),  # no participant flag: a control
				]
			),
		],
		ignore_index=True,
	)
	(row,) = did(data, min_group=3)
	# P4 and C4 dropped; C5 joins the controls: before 12.0/4 = 3.0, after 12.4/4 = 3.1, change 0.1
	assert row["dropped"] == 2
	assert (row["n_participants"], row["n_controls"]) == (3, 4)
	assert row["control_change"] == 0.1 and row["did"] == 0.4


def test_did_per_department():
	rows = did(HAND, min_group=1, by="department")
	assert [row["department"] for row in rows] == ["Plant", "Sales"]
	plant, sales = rows
	# Plant: P3 change 0.3; controls C2, C3 change 0.1 each -> did 0.2
	assert (plant["n_participants"], plant["n_controls"]) == (1, 2)
	assert plant["participant_change"] == 0.3 and plant["control_change"] == 0.1
	assert plant["did"] == 0.2 and plant["reliable"] is True
	# Sales: P1, P2 change 0.6 each; C1 change 0.1 -> did 0.5
	assert sales["did"] == 0.5
	assert did(HAND, min_group=2, by="department")[0]["warning"] == "too_few"  # Plant has 1 participant


def test_did_without_controls_or_participants():
	only_participants = HAND[HAND["participant"]]
	(row,) = did(only_participants)
	assert row["did"] is None and row["warning"] == "no_control" and row["reliable"] is False
	assert row["n_controls"] == 0 and row["control_change"] is None
	assert row["participant_change"] == 0.5
	(row,) = did(HAND[~HAND["participant"]])
	assert row["did"] is None and row["warning"] == "no_participants"
	assert row["control_change"] == 0.1


def test_did_missing_group_value_and_empty_frames():
	data = HAND.copy()
	data.loc[data["employee"] == "C1", "department"] = None
	rows = did(data, min_group=1, by="department")
	assert [row["department"] for row in rows] == ["Plant", "Sales", None]
	assert rows[1]["warning"] == "no_control"  # Sales lost its only control
	assert rows[2]["n_controls"] == 1 and rows[2]["warning"] == "no_participants"
	(row,) = did(HAND.iloc[:0])
	assert row["n_participants"] == 0 and row["did"] is None and row["warning"] == "no_participants"
	assert did(HAND.iloc[:0], by="department") == []


def test_employee_effects_use_department_controls_when_there_are_some():
	effects = {row["employee"]: row for row in employee_effects(HAND)}
	assert list(effects) == ["P1", "P2", "P3"]
	# P1: change 3.6 - 3.0 = 0.6; Sales controls: C1 only, change 0.1 -> effect 0.5
	assert effects["P1"] == {
		"employee": "P1",
		"department": "Sales",
		"before": 3.0,
		"after": 3.6,
		"change": 0.6,
		"control_change": 0.1,
		"control_scope": "department",
		"effect": 0.5,
	}
	# P3: change 0.3; Plant controls C2, C3 change 0.1 -> effect 0.2
	assert effects["P3"]["effect"] == 0.2


def test_employee_effects_fall_back_to_all_controls():
	data = pd.concat([HAND, frame([("P9", True, 2.0, 3.0, "Finance"), ("C9", False, 4.0, 3.6, "Plant")])])
	effects = {row["employee"]: row for row in employee_effects(data)}
	# Finance has no controls: all controls C1, C2, C3, C9 change 0.1, 0.1, 0.1, -0.4 -> mean -0.1 / 4
	# = -0.025; P9 change 1.0 -> effect 1.025
	assert effects["P9"]["control_scope"] == "company"
	assert effects["P9"]["control_change"] == -0.025 and effects["P9"]["effect"] == 1.025
	# Plant controls are now C2, C3, C9: (0.1 + 0.1 - 0.4) / 3 = -0.0666..; P3 effect 0.3 + 0.0666.. = 0.366667
	assert effects["P3"]["effect"] == 0.366667
	# without a department column every participant compares with all controls: 0.6 - 0.1 = 0.5
	plain = employee_effects(HAND.drop(columns=["department"]))
	assert {row["employee"]: row["effect"] for row in plain} == {"P1": 0.5, "P2": 0.5, "P3": 0.2}
	assert "department" not in plain[0] and plain[0]["control_scope"] == "company"


def test_employee_effects_without_controls_or_participants():
	rows = employee_effects(HAND[HAND["participant"]])
	assert [row["effect"] for row in rows] == [None, None, None]
	assert rows[0]["change"] == 0.6 and rows[0]["control_scope"] is None
	assert employee_effects(HAND[~HAND["participant"]]) == []


def test_cost_outcome():
	(row,) = did(HAND, min_group=3)
	# 3 participants x 200 = 600; gain 0.4 x 3 = 1.2 points; 600 / 1.2 = 500 per point
	result = cost_outcome(row, 200)
	assert result == {
		"n_participants": 3,
		"cost_per_participant": 200.0,
		"total_cost": 600.0,
		"total_gain": 1.2,
		"cost_per_point": 500.0,
		"reliable": True,
		"warning": None,
	}
	# no effect: gain 0 -> no price per point; no did -> no gain
	assert cost_outcome({"n_participants": 4, "did": 0.0}, 100)["cost_per_point"] is None
	negative = cost_outcome({"n_participants": 4, "did": -0.5}, 100)
	assert negative["total_gain"] == -2.0 and negative["cost_per_point"] is None
	nothing = cost_outcome({"n_participants": 3, "did": None, "warning": "no_control"}, 100)
	assert (
		nothing["total_cost"] == 300.0 and nothing["total_gain"] is None and nothing["cost_per_point"] is None
	)
	assert nothing["warning"] == "no_control"


def test_did_10000_employees():
	n = 10_000
	rng = np.random.default_rng(7)
	index = np.arange(n)
	participant = index % 4 == 0  # 2500 participants, 7500 controls
	department = (index // 4) % 10  # 1000 per department, 250 of them participants
	before = rng.normal(3.0, 0.5, n)
	# participants gain 0.5 on average, controls 0.1, each with noise: the true DiD is about 0.4
	after = before + np.where(participant, 0.5, 0.1) + rng.normal(0.0, 0.2, n)
	after[index % 100 == 1] = np.nan  # 100 rows without an "after" (all controls: i is odd)
	data = pd.DataFrame(
		{
			"employee": [f"EMP-{i:05d}" for i in range(n)],
			"participant": participant,
			"before": before,
			"after": after,
			"department": [f"D{d}" for d in department],
		}
	)
	started = time.perf_counter()
	(company,) = did(data)
	departments = did(data, by="department")
	effects = employee_effects(data)
	elapsed = time.perf_counter() - started

	def expected(mask):
		# straight from the definition, with numpy masks instead of pandas groupby
		valid = mask & ~np.isnan(after)
		p, c = valid & participant, valid & ~participant
		change = after - before
		return int(p.sum()), int(c.sum()), change[p].mean() - change[c].mean()

	n_p, n_c, effect = expected(np.ones(n, dtype=bool))
	assert (company["n_participants"], company["n_controls"], company["dropped"]) == (2500, 7400, 100)
	assert (n_p, n_c) == (2500, 7400)
	assert company["did"] == round(effect, 6) and abs(company["did"] - 0.4) < 0.05
	assert company["reliable"] is True and company["warning"] is None
	assert [row["department"] for row in departments] == [f"D{d}" for d in range(10)]
	for d, row in enumerate(departments):
		n_p, n_c, effect = expected(department == d)
		assert (row["n_participants"], row["n_controls"]) == (n_p, n_c) and n_p == 250
		assert row["did"] == pytest.approx(effect, abs=1e-6)
		assert row["dropped"] == int(((department == d) & np.isnan(after)).sum())
	assert sum(row["dropped"] for row in departments) == 100
	assert len(effects) == 2500
	# P0 (EMP-00000, department D0): its change minus the mean change of D0's controls
	controls = (department == 0) & ~participant & ~np.isnan(after)
	first = effects[0]
	assert first["employee"] == "EMP-00000" and first["control_scope"] == "department"
	assert first["effect"] == pytest.approx(
		(after[0] - before[0]) - (after - before)[controls].mean(), abs=1e-6
	)
	assert elapsed < 5.0


def test_the_appraisal_before_and_after_a_completion():
	from hr_credit_app.engine.effectiveness import scores_around

	history = pd.DataFrame(
		[
			("E1", "H1-25", "2025-01-01", "2025-06-30", 3.0),
			("E1", "H2-25", "2025-07-01", "2025-12-31", 3.5),
			("E1", "H1-26", "2026-01-01", "2026-06-30", 4.0),
			("E2", "H1-25", "2025-01-01", "2025-06-30", 2.0),
		],
		columns=["employee", "appraisal_cycle", "start_date", "end_date", "final_score"],
	)
	completions = pd.DataFrame(
		[
			("E1", "PY", "2025-07-01"),  # H1 ended before it, H2 starts on the day: after = H2
			("E1", "LEAN", "2025-09-15"),  # inside H2: before H1, after H1-26
			("E2", "PY", "2025-07-01"),  # no appraisal after
			("E3", "PY", "2025-07-01"),  # no appraisals at all
		],
		columns=["employee", "course", "completed_on"],
	)
	result = scores_around(completions, history)
	assert list(result["course"]) == ["PY", "LEAN", "PY", "PY"]  # the completions' own order
	assert list(zip(result["before_cycle"], result["after_cycle"], strict=True)) == [
		("H1-25", "H2-25"),
		("H1-25", "H1-26"),
		("H1-25", None),
		(None, None),
	]
	assert result["before"].fillna(-1).tolist() == [3.0, 3.0, 2.0, -1]
	assert result["after"].fillna(-1).tolist() == [3.5, 4.0, -1, -1]
