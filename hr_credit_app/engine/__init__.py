"""Pure domain logic of hr_credit_app.

Nothing in this package imports frappe: functions take plain Python data (or pandas DataFrames)
and return plain Python data, so that every rule of the product can be tested anywhere with pytest.
The Frappe side (doctypes, API, reports) fetches rows, calls these functions and presents the result.
"""
