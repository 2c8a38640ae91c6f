"""The direction of imports (ARCHITECTURE.md), read from the source: no circles between the app's
modules; controllers and reports -> services -> engine, never back. Pure Python, no frappe."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "hr_credit_app"
APP = "hr_credit_app"


def module_name(path: Path) -> str:
	parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
	return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
	return {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports(path: Path, name: str) -> set[str]:
	"""Every module of the app this one imports, at the top or inside a function."""
	tree = ast.parse(path.read_text(), filename=str(path))
	package = name if path.name == "__init__.py" else name.rpartition(".")[0]
	found = set()
	for node in ast.walk(tree):
		if isinstance(node, ast.Import):
			found.update(alias.name for alias in node.names if alias.name.startswith(APP))
		elif isinstance(node, ast.ImportFrom):
			base = node.module or ""
			if node.level:
				parent = package.split(".")
				base = ".".join(parent[: len(parent) - node.level + 1] + ([base] if base else []))
			if not base.startswith(APP):
				continue
			found.add(base)
			for alias in node.names:  # "from hr_credit_app import intake" imports the module intake
				found.add(f"{base}.{alias.name}")
	return found


def graph() -> dict[str, set[str]]:
	known = modules()
	edges = {}
	for name, path in known.items():
		targets = set()
		for target in imports(path, name):
			# the deepest known module the import names
			while target and target not in known:
				target = target.rpartition(".")[0]
			if target and target != name and not name.startswith(target + "."):
				targets.add(target)
		edges[name] = targets
	return edges


def layer(name: str) -> str:
	if name.startswith(f"{APP}.engine"):
		return "engine"
	if (
		".doctype." in name
		or ".report." in name
		or ".dashboard_chart_source." in name
		or ".web_form." in name
	):
		return "presentation"  # controllers, reports, chart sources, web forms
	if name.startswith((f"{APP}.www", f"{APP}.overrides", f"{APP}.patches")):
		return "presentation"  # pages, hooks on other apps' doctypes, patches
	if name in (f"{APP}.hooks", APP) or name.startswith((f"{APP}.setup", f"{APP}.demo")):
		return "top"  # install and migrate, the demo and its builders: nothing below imports them
	return "service"


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
	index, low, stack, on_stack, result = {}, {}, [], set(), []
	counter = [0]

	def visit(node):
		index[node] = low[node] = counter[0]
		counter[0] += 1
		stack.append(node)
		on_stack.add(node)
		for target in edges.get(node, ()):
			if target not in index:
				visit(target)
				low[node] = min(low[node], low[target])
			elif target in on_stack:
				low[node] = min(low[node], index[target])
		if low[node] == index[node]:
			component = []
			while True:
				member = stack.pop()
				on_stack.discard(member)
				component.append(member)
				if member == node:
					break
			if len(component) > 1:
				result.append(sorted(component))

	for node in sorted(edges):
		if node not in index:
			visit(node)
	return result


def test_there_is_no_import_circle_between_the_apps_modules():
	assert strongly_connected(graph()) == []


def test_the_engine_imports_nothing_of_frappe_nor_of_the_app_above_it():
	for name, path in modules().items():
		if layer(name) != "engine":
			continue
		source = path.read_text()
		assert "import frappe" not in source and "from frappe" not in source, name
		assert all(layer(target) == "engine" for target in graph()[name]), name


@pytest.mark.parametrize(
	"lower, upper", [("service", "presentation"), ("service", "top"), ("engine", "service")]
)
def test_imports_run_one_way(lower, upper):
	"""A service never imports a controller, a report or a page; the engine never a service."""
	edges = graph()
	wrong = sorted(
		(name, target)
		for name, targets in edges.items()
		for target in targets
		if layer(name) == lower and layer(target) == upper
	)
	assert wrong == []


def test_no_module_outside_generated_files_is_over_about_400_lines():
	long = {
		name: length
		for name, path in modules().items()
		if (length := len(path.read_text().splitlines())) > 450
	}
	assert long == {}


def test_only_the_read_layer_sums_credits():
	"""Issue 13: every sum of credits goes through hr_credit_app.credits (balances kept beside the
	ledger); no other module aggregates Credit Entry, Credit Balance or Credit Completion."""
	import re

	aggregate = re.compile(r"\b(sum|min|max|count)\s*\(|functions\(\s*\"(SUM|MIN|MAX)\"", re.IGNORECASE)
	tables = re.compile(
		r"tabCredit (Entry|Balance|Completion)|DocType\(\"Credit (Entry|Balance|Completion)\"\)"
	)
	offenders = []
	for name, path in modules().items():
		if name.startswith(f"{APP}.credits") or ".patches." in name or name.startswith(f"{APP}.demo"):
			continue
		for statement in re.split(r"\n\s*\n", path.read_text()):  # paragraph by paragraph
			if tables.search(statement) and aggregate.search(statement):
				offenders.append(name)
				break
	assert offenders == []
