"""Credit Balance and Credit Completion arrive: build them once from the ledger."""

from hr_credit_app import credits


def execute():
	credits.rebuild()
