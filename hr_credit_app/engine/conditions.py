"""The extra condition of an award rule: a small expression language with a bounded cost (no frappe).

A condition reads the fields of one enrolment and answers true or false, e.g.
``doc.best_exam_score >= 90 and doc.hours >= 4`` or ``course in ("IIOT-01", "IIOT-02")``.
It is checked when HR saves the rule (:func:`compile_condition`) and evaluated by walking its
syntax tree (:meth:`Condition.evaluate`), never by Python's ``eval``. What keeps its cost bounded:

- at most :data:`MAX_LENGTH` characters and :data:`MAX_NODES` syntax nodes;
- only comparisons, ``and`` / ``or`` / ``not``, ``+ - * /``, ``x if c else y``, ``abs``, ``min``,
  ``max``, ``round``, field names (bare or as ``doc.<field>``) and constants; no power, no
  subscripts, no attribute other than ``doc.<field>``, no other call;
- arithmetic on numbers only, always in floating point (no unbounded integers, no repeated strings);
  strings are only compared; constants are bounded in size.

So one evaluation costs at most a few hundred steps, whatever HR writes. Errors are codes with
parameters (:class:`ConditionError`); the Frappe side turns them into translated messages.
"""

from __future__ import annotations

import ast
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

MAX_LENGTH = 500
MAX_NODES = 150
MAX_STRING = 140
MAX_NUMBER = 1e12
MAX_SEQUENCE = 50
MAX_ARGS = 10

FIELDS = (
	"enrolment",
	"employee",
	"course",
	"category",
	"delivery_mode",
	"effective_credits",
	"completion_pct",
	"best_exam_score",
	"attended",
	"mentor_score",
	"hours",
	"award_date",
)
FUNCTIONS = {"abs": abs, "min": min, "max": max, "round": round}

_COMPARE = {
	ast.Eq: lambda a, b: a == b,
	ast.NotEq: lambda a, b: a != b,
	ast.Lt: lambda a, b: a < b,
	ast.LtE: lambda a, b: a <= b,
	ast.Gt: lambda a, b: a > b,
	ast.GtE: lambda a, b: a >= b,
	ast.In: lambda a, b: a in b,
	ast.NotIn: lambda a, b: a not in b,
}
_ARITHMETIC = {
	ast.Add: lambda a, b: a + b,
	ast.Sub: lambda a, b: a - b,
	ast.Mult: lambda a, b: a * b,
	ast.Div: lambda a, b: a / b,
}


class ConditionError(ValueError):
	"""A condition that cannot be accepted or evaluated: ``code`` and ``params`` say why.

	Codes: too_long (length, limit), syntax (detail), not_allowed (construct), unknown_field (name),
	unknown_function (name), too_complex (nodes, limit), constant_too_large (limit),
	type_error (detail) and division_by_zero (at evaluation time).
	"""

	def __init__(self, code: str, *params):
		super().__init__(code, *params)
		self.code = code
		self.params = params


@dataclass(frozen=True)
class Condition:
	text: str
	tree: ast.expr

	def evaluate(self, row: Mapping) -> bool:
		"""True when the enrolment ``row`` meets the condition; ConditionError when it cannot tell."""
		return bool(_truthy(_eval(self.tree, _context(row))))


def compile_condition(text: str) -> Condition:
	"""Check a condition and return it ready to evaluate; raises ConditionError."""
	return _compile(str(text or "").strip())


@lru_cache(maxsize=256)
def _compile(text: str) -> Condition:
	if len(text) > MAX_LENGTH:
		raise ConditionError("too_long", len(text), MAX_LENGTH)
	try:
		tree = ast.parse(text, mode="eval")
	except (SyntaxError, ValueError) as e:
		raise ConditionError("syntax", getattr(e, "msg", None) or str(e)) from None
	nodes = sum(1 for _node in ast.walk(tree))
	if nodes > MAX_NODES:
		raise ConditionError("too_complex", nodes, MAX_NODES)
	_check(tree.body)
	return Condition(text=text, tree=tree.body)


def evaluate(text: str, row: Mapping) -> bool:
	return compile_condition(text).evaluate(row)


def _check(node: ast.AST) -> None:
	if isinstance(node, ast.BoolOp):
		for value in node.values:
			_check(value)
	elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub | ast.UAdd):
		_check(node.operand)
	elif isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
		_check(node.left)
		_check(node.right)
	elif isinstance(node, ast.Compare) and all(type(op) in _COMPARE for op in node.ops):
		_check(node.left)
		for comparator in node.comparators:
			_check(comparator)
	elif isinstance(node, ast.IfExp):
		for part in (node.test, node.body, node.orelse):
			_check(part)
	elif isinstance(node, ast.Constant):
		_check_constant(node.value)
	elif isinstance(node, ast.Tuple | ast.List | ast.Set):
		if len(node.elts) > MAX_SEQUENCE:
			raise ConditionError("too_complex", len(node.elts), MAX_SEQUENCE)
		for element in node.elts:
			if not isinstance(element, ast.Constant):
				raise ConditionError("not_allowed", _describe(element))
			_check_constant(element.value)
	elif isinstance(node, ast.Name):
		if node.id not in FIELDS:
			raise ConditionError("unknown_field", node.id)
	elif isinstance(node, ast.Attribute):
		if not (isinstance(node.value, ast.Name) and node.value.id == "doc"):
			raise ConditionError("not_allowed", _describe(node))
		if node.attr not in FIELDS:
			raise ConditionError("unknown_field", node.attr)
	elif isinstance(node, ast.Call):
		if not isinstance(node.func, ast.Name) or node.keywords:
			raise ConditionError("not_allowed", _describe(node))
		if node.func.id not in FUNCTIONS:
			raise ConditionError("unknown_function", node.func.id)
		if not 1 <= len(node.args) <= MAX_ARGS:
			raise ConditionError("too_complex", len(node.args), MAX_ARGS)
		for arg in node.args:
			_check(arg)
	else:
		raise ConditionError("not_allowed", _describe(node))


def _check_constant(value) -> None:
	if value is None or isinstance(value, bool):
		return
	if isinstance(value, int | float):
		if not math.isfinite(value) or abs(value) > MAX_NUMBER:
			raise ConditionError("constant_too_large", MAX_NUMBER)
		return
	if isinstance(value, str):
		if len(value) > MAX_STRING:
			raise ConditionError("constant_too_large", MAX_STRING)
		return
	raise ConditionError("not_allowed", type(value).__name__)


def _describe(node: ast.AST) -> str:
	if isinstance(node, ast.BinOp | ast.UnaryOp | ast.BoolOp):
		return type(node.op).__name__
	if isinstance(node, ast.Compare):
		return next((type(op).__name__ for op in node.ops if type(op) not in _COMPARE), "Compare")
	return type(node).__name__


def _context(row: Mapping) -> dict:
	context = {}
	for field in FIELDS:
		value = row.get(field)
		if isinstance(value, dt.datetime):
			value = value.date().isoformat()
		elif isinstance(value, dt.date):
			value = value.isoformat()
		elif isinstance(value, float) and math.isnan(value):
			value = None
		elif hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
			value = value.item()
		context[field] = value
	return context


def _number(value) -> float:
	if isinstance(value, bool) or not isinstance(value, int | float):
		raise ConditionError("type_error", type(value).__name__)
	return float(value)


def _truthy(value) -> bool:
	return bool(value)


def _eval(node: ast.AST, context: dict):
	if isinstance(node, ast.Constant):
		return node.value
	if isinstance(node, ast.Name):
		return context.get(node.id)
	if isinstance(node, ast.Attribute):
		return context.get(node.attr)
	if isinstance(node, ast.BoolOp):
		if isinstance(node.op, ast.And):
			result = True
			for value in node.values:
				result = _eval(value, context)
				if not _truthy(result):
					return result
			return result
		result = False
		for value in node.values:
			result = _eval(value, context)
			if _truthy(result):
				return result
		return result
	if isinstance(node, ast.UnaryOp):
		operand = _eval(node.operand, context)
		if isinstance(node.op, ast.Not):
			return not _truthy(operand)
		number = _number(operand)
		return -number if isinstance(node.op, ast.USub) else number
	if isinstance(node, ast.BinOp):
		left, right = _number(_eval(node.left, context)), _number(_eval(node.right, context))
		if isinstance(node.op, ast.Div) and right == 0:
			raise ConditionError("division_by_zero")
		return _ARITHMETIC[type(node.op)](left, right)
	if isinstance(node, ast.Compare):
		left = _eval(node.left, context)
		for op, comparator in zip(node.ops, node.comparators, strict=True):
			right = _eval(comparator, context)
			try:
				if not _COMPARE[type(op)](left, right):
					return False
			except TypeError:
				return False  # None < 3, "a" < 3, 3 in 5: an absent or mistyped value never passes
			left = right
		return True
	if isinstance(node, ast.IfExp):
		return _eval(node.body if _truthy(_eval(node.test, context)) else node.orelse, context)
	if isinstance(node, ast.Tuple | ast.List | ast.Set):
		return tuple(element.value for element in node.elts)
	if isinstance(node, ast.Call):
		args = [_number(_eval(arg, context)) for arg in node.args]
		function = FUNCTIONS[node.func.id]
		if node.func.id == "abs" and len(args) != 1:
			raise ConditionError("type_error", node.func.id)
		if node.func.id == "round":
			if len(args) > 2:
				raise ConditionError("type_error", node.func.id)
			return float(round(args[0], int(max(-12, min(12, args[1]))) if len(args) == 2 else 0))
		return float(function(*args))
	raise ConditionError("not_allowed", _describe(node))  # unreachable after _check
