"""Promotion gates: the credits a designation or grade requires, and who is on the way to it (no frappe)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hr_credit_app.engine.numbers import EPSILON
from hr_credit_app.engine.numbers import number as _number
from hr_credit_app.engine.numbers import rounded as _round

KIND_CATEGORY = "category"

KIND_SKILL = "skill"

REQUIREMENT_KINDS = (KIND_CATEGORY, KIND_SKILL)

MODE_BLOCK = "Block"

MODE_WARN = "Warn"

GATE_MODES = (MODE_BLOCK, MODE_WARN)


@dataclass(frozen=True)
class Requirement:
	"""Minimum credits in one category (``kind="category"``) or for one skill (``kind="skill"``)."""

	kind: str
	name: str
	min_credits: float

	def __post_init__(self):
		if self.kind not in REQUIREMENT_KINDS:
			raise ValueError(f"unknown requirement kind: {self.kind}")


@dataclass(frozen=True)
class Gate:
	"""Credits a designation (or grade) requires; ``mode`` says whether a shortfall blocks or warns.

	The seed's gate: ``Gate("Department Manager", 50, (Requirement("category", "Management", 20),))``.
	"""

	target: str
	min_total: float = 0.0
	requirements: tuple[Requirement, ...] = ()
	mode: str = MODE_BLOCK
	from_designations: tuple[str, ...] = ()  # who is on the way to it (recommendations)

	def __post_init__(self):
		if self.mode not in GATE_MODES:
			raise ValueError(f"unknown gate mode: {self.mode}")


def check_gate(
	gate: Gate, total: float, by_category: Mapping[str, float], by_skill: Mapping[str, float]
) -> dict:
	"""Whether an employee's credits pass a gate, and by how much they fall short.

	Returns ``passed``, ``blocked`` (not passed and the gate blocks), ``target``, ``mode``, ``total``,
	``min_total``, ``missing_total`` and ``shortfalls``: one ``{"kind", "name", "has", "needs",
	"missing"}`` per unmet requirement, in the gate's order. That is the data of a message like
	"needs 50 credits, has 42; Management 12 of 20"; the caller writes the (translated) text.
	"""
	total = _number(total)
	sources = {KIND_CATEGORY: by_category or {}, KIND_SKILL: by_skill or {}}
	shortfalls = []
	for requirement in gate.requirements:
		has = _number(sources[requirement.kind].get(requirement.name))
		needs = float(requirement.min_credits)
		if has < needs - EPSILON:
			shortfalls.append(
				{
					"kind": requirement.kind,
					"name": requirement.name,
					"has": _round(has),
					"needs": _round(needs),
					"missing": _round(needs - has),
				}
			)
	missing_total = float(gate.min_total) - total
	missing_total = missing_total if missing_total > EPSILON else 0.0
	passed = missing_total == 0 and not shortfalls
	return {
		"target": gate.target,
		"passed": passed,
		"blocked": not passed and gate.mode == MODE_BLOCK,
		"mode": gate.mode,
		"total": _round(total),
		"min_total": _round(gate.min_total),
		"missing_total": _round(missing_total),
		"shortfalls": shortfalls,
	}


def gate_needs_for(designation: str | None, gates) -> tuple[set[str], set[str]]:
	"""The skills and categories of the gates an employee of ``designation`` is on the way to.

	A gate's courses are worth recommending only to people who can pass through it: those whose
	designation is on a path to it (``Gate.from_designations``), and not already there."""
	skills, categories = set(), set()
	for gate in gates:
		if not designation or designation == gate.target or designation not in gate.from_designations:
			continue
		for requirement in gate.requirements:
			(skills if requirement.kind == KIND_SKILL else categories).add(requirement.name)
	return skills, categories
