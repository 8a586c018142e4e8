"""Operators Python writes another way: ``modulo`` and ``DANS``/``IN`` a list of values.

WLangage's ``modulo`` keeps the dividend's sign, as C's does: ``math.fmod`` (``int(…)`` of
it for whole numbers, exact below 2**53, where the runtime changes method too). ``x DANS
(a, b)`` is ``x in (a, b)`` for values of one type; when an item calls something, an ``or``
chain, which stops at the first equal item as the runtime does. ``ET``/``OU`` give a boolean
(a number is tested ``!= 0``: Python's ``1 and 5`` is 5) and evaluate both sides, as WLangage
does: ``all([a, b])``/``any([a, b])`` when the right side calls something; ``_ET_``/``_OU_``
are Python's ``and``/``or``.
"""

from __future__ import annotations

import ast

from wlmail.export.base import Py, Skip
from wlmail.export.exprs import NUMERIC, ExprMixin, call
from wlmail.export.stmts import walk
from wlmail.syntax import nodes as n


class OperatorsMixin(ExprMixin):
    def x_BinOp(self, node: n.BinOp) -> Py:
        if node.op not in ("MODULO", "PERCENT"):
            return super().x_BinOp(node)
        left, right = self.expr(node.left), self.expr(node.right)
        if left.type not in NUMERIC or right.type not in NUMERIC:
            raise Skip(node, "modulo of values that are not numbers")
        self.need("import math")
        rest = call("math.fmod", left.code, right.code)
        if left.type == right.type == "int":
            return Py(call("int", rest), "int")
        return Py(rest, "real")

    def x_InList(self, node: n.InList) -> Py:
        value = self.expr(node.value)
        items = [self.expr(i) for i in node.items]
        kinds = {value.type, *(i.type for i in items)}
        if not (kinds <= set(NUMERIC) or kinds in ({"string"}, {"bool"})):
            raise Skip(node, "IN a list of values of different or unknown types")
        if any(isinstance(x, n.Call) for item in node.items for x in walk(item)):
            op: ast.cmpop = ast.NotEq() if node.negate else ast.Eq()
            tests: list[ast.expr] = [ast.Compare(value.code, [op], [i.code]) for i in items]
            return Py(ast.BoolOp(ast.And() if node.negate else ast.Or(), tests), "bool")
        choices = ast.Tuple([i.code for i in items], ast.Load())
        test = ast.NotIn() if node.negate else ast.In()
        return Py(ast.Compare(value.code, [test], [choices]), "bool")

    def x_Logic(self, node: n.Logic) -> Py:
        left, right = self.condition(node.left), self.condition(node.right)
        both = node.op in ("AND", "OR")  # WLangage evaluates both sides
        if both and any(isinstance(x, n.Call) for x in walk(node.right)):
            pair = ast.List([left, right], ast.Load())
            return Py(call("all" if node.op == "AND" else "any", pair), "bool")
        op: ast.boolop = ast.And() if node.op in ("AND", "AND_SC") else ast.Or()
        return Py(ast.BoolOp(op, [left, right]), "bool")

    def condition(self, node: n.Node) -> ast.expr:
        """A side of ``ET``/``OU`` as a boolean."""
        value = self.expr(node)
        if value.type == "bool":
            return value.code
        if value.type in NUMERIC:
            return ast.Compare(value.code, [ast.NotEq()], [ast.Constant(0)])
        raise Skip(node, "a condition whose type is unknown")
