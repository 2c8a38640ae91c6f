"""The majors the app declares, to bench (pyproject.toml) and to Frappe (hooks.py), are the same."""

import ast
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib", reason="tomllib: Python 3.11+")

ROOT = Path(__file__).resolve().parents[2]


def hook(name: str):
	tree = ast.parse((ROOT / "hr_credit_app" / "hooks.py").read_text())
	for node in tree.body:
		if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
			return ast.literal_eval(node.value)
	raise AssertionError(f"hooks.py has no {name}")


def test_pyproject_and_hooks_declare_the_same_supported_versions():
	pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
	declared = pyproject["tool"]["bench"]["frappe-dependencies"]
	assert declared == hook("supported_versions")
	# both majors: 15 and 16
	for spec in declared.values():
		assert spec == ">=15.0.0,<17.0.0"


def test_every_required_app_has_a_supported_range():
	required = {app.split("/")[-1] for app in hook("required_apps")}
	assert required | {"frappe"} == set(hook("supported_versions"))
