"""The versions this site runs are the ones the app declares it supports (hooks.supported_versions),
which the install checks before anything else (``setup.check_versions``)."""

import frappe

from hr_credit_app import compat
from hr_credit_app.setup import check_versions


def test_the_site_runs_supported_versions_and_the_install_check_passes():
	assert compat.unsupported_versions() == []
	check_versions()  # raises on an unsupported version


def test_an_unsupported_version_is_named_in_the_refusal(monkeypatch):
	real = frappe.get_hooks

	def narrow(hook=None, *args, **kwargs):
		if hook == "supported_versions":
			return {"frappe": ["<1.0.0"]}
		return real(hook, *args, **kwargs)

	monkeypatch.setattr(frappe, "get_hooks", narrow)
	wrong = compat.unsupported_versions()
	assert len(wrong) == 1 and wrong[0].startswith("frappe ") and "<1.0.0" in wrong[0]
