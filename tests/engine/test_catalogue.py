from hr_credit_app.engine.catalogue import effective_credits, shares_add_up, target_share_total


def test_effective_credits_is_base_times_weight():
	assert effective_credits(2, 1.5) == 3.0
	assert effective_credits(2, 1) == 2.0
	assert effective_credits(0.5, 3) == 1.5


def test_shares_of_active_categories_must_add_up_to_100():
	assert shares_add_up({"Compulsory": 40, "Elective": 30, "Practice": 30})
	assert not shares_add_up({"Compulsory": 50, "Elective": 30, "Practice": 30})
	assert target_share_total({"Compulsory": 50, "Elective": 30, "Practice": 30}) == 110
	# floating point noise does not break an exact split into thirds
	assert shares_add_up({"A": 100 / 3, "B": 100 / 3, "C": 100 / 3})
	assert shares_add_up({})
