"""Credit claims arrive: their approval workflow and the claim policy's default rates."""

from hr_credit_app.claims import make_default_rates, make_workflow


def execute():
	make_workflow()
	make_default_rates()
