"""WLangage operators Python writes differently: modulo, DANS, ~=, [=, a + [b], CAS ranges.

* ``a modulo b``: the remainder has the dividend's sign (C's fmod), Python's ``%`` the
  divisor's; ``%`` is kept when both are non-negative literals, reals use ``math.fmod``, whole
  numbers the helper ``mod``.
* ``x DANS (1, 2)`` is ``x in (1, 2)``; the runtime stops at the first equal value, so with a
  call among the values it is an ``or`` chain (``and`` of ``!=`` for ``PAS DANS``).
* ``~=`` / ``~~`` (without case, accents, surrounding spaces / all spaces and punctuation),
  ``[=`` (starts with), ``=]`` (ends with) and their flexible variants compare texts through
  small helpers.
* ``a + [b]`` appends ``b`` unless ``a`` is empty or already ends with it (``opt_concat``).
* ``x = a À b`` and ``a < x < b`` are Python's chained comparisons.
"""

from __future__ import annotations

import ast

from wlmail.export.base import Py, Skip
from wlmail.export.exprs import COMPARE, NUMERIC, call
from wlmail.export.stmts import StmtMixin, walk
from wlmail.syntax import nodes as n

OPERATOR_HELPERS: dict[str, str] = {
    "mod": '''
def mod(a: int, b: int) -> int:
    """WLangage's modulo on whole numbers: the remainder has the dividend's sign
    (Python's % has the divisor's): -7 modulo 3 is -1."""
    rest = abs(a) % abs(b)
    return rest if a >= 0 else -rest
''',
    "flex": '''
def flex(value: str) -> str:
    """The text WLangage's ~= compares: without case, accents and surrounding spaces."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", value.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
''',
    "very_flex": '''
def very_flex(value: str) -> str:
    """The text WLangage's ~~ compares: as ~=, also without spaces and punctuation."""
    return "".join(c for c in flex(value) if c.isalnum())
''',
    "opt_concat": '''
def opt_concat(value: str, end: str) -> str:
    """WLangage's ``a + [b]``: ``b`` appended unless ``a`` is empty or already ends with it."""
    return value if not value or value.endswith(end) else value + end
''',
}
OPERATOR_NEEDS = {"very_flex": ["flex"]}
TEXT_COMPARE = {  # op: (helper applied to both sides or "", how they compare)
    "FLEQ": ("flex", "=="),
    "VFLEQ": ("very_flex", "=="),
    "STARTS": ("", "startswith"),
    "STARTS_FL": ("flex", "startswith"),
    "STARTS_VFL": ("very_flex", "startswith"),
    "ENDS": ("", "endswith"),
    "ENDS_FL": ("flex", "endswith"),
    "ENDS_VFL": ("very_flex", "endswith"),
    "CONTAINS_FL": ("flex", "in"),
    "CONTAINS_VFL": ("very_flex", "in"),
}


def _same_family(*kinds: str) -> bool:
    return all(k in NUMERIC for k in kinds) or all(k == "string" for k in kinds)


class OperatorsMixin(StmtMixin):
    # -- modulo --------------------------------------------------------------------------------
    def x_BinOp(self, node: n.BinOp) -> Py:
        if node.op not in ("MODULO", "PERCENT"):
            return super().x_BinOp(node)
        a, b = self.expr(node.left), self.expr(node.right)
        if a.type not in NUMERIC or b.type not in NUMERIC:
            raise Skip(node, "modulo of values that are not numbers")
        if a.type == b.type == "int":
            literals = [x.code.value for x in (a, b) if isinstance(x.code, ast.Constant)]
            plain = len(literals) == 2 and all(isinstance(v, int) and v >= 0 for v in literals)
            if plain:
                return Py(ast.BinOp(a.code, ast.Mod(), b.code), "int")
            return Py(self.helper("mod", a.code, b.code), "int")
        self.need("import math")
        return Py(call("math.fmod", a.code, b.code), "real")

    # -- DANS ----------------------------------------------------------------------------------
    def x_InList(self, node: n.InList) -> Py:
        value = self.expr(node.value)
        items = [self.expr(i) for i in node.items]
        if not _same_family(value.type, *(i.type for i in items)):
            raise Skip(node, "DANS on values of different or unknown types")
        if any(isinstance(x, n.Call) for x in walk(node.items)):
            # wlmail stops at the first equal value (DANS and _DANS_): an `or` chain does too
            eq: ast.cmpop = ast.NotEq() if node.negate else ast.Eq()
            tests: list[ast.expr] = [ast.Compare(value.code, [eq], [i.code]) for i in items]
            return Py(ast.BoolOp(ast.And() if node.negate else ast.Or(), tests), "bool")
        op: ast.cmpop = ast.NotIn() if node.negate else ast.In()
        values = ast.Tuple([i.code for i in items], ast.Load())
        return Py(ast.Compare(value.code, [op], [values]), "bool")

    # -- comparisons of texts, ranges, chains ---------------------------------------------------
    def x_Compare(self, node: n.Compare) -> Py:
        if node.op not in TEXT_COMPARE:
            return super().x_Compare(node)
        left, right = self.expr(node.left), self.expr(node.right)
        a, b = self.text(left), self.text(right)
        helper, how = TEXT_COMPARE[node.op]
        if helper:
            a, b = self.helper(helper, a), self.helper(helper, b)
        if how == "==":
            return Py(ast.Compare(a, [ast.Eq()], [b]), "bool")
        if how == "in":
            return Py(ast.Compare(b, [ast.In()], [a]), "bool")
        return Py(ast.Call(ast.Attribute(a, how, ast.Load()), [b], []), "bool")

    def x_CompareRange(self, node: n.CompareRange) -> Py:
        value, low, high = (self.expr(x) for x in (node.value, node.low, node.high))
        if not _same_family(value.type, low.type, high.type):
            raise Skip(node, "a range of values of different or unknown types")
        return Py(ast.Compare(low.code, [ast.LtE(), ast.LtE()], [value.code, high.code]), "bool")

    def x_CompareChain(self, node: n.CompareChain) -> Py:
        left, mid, right = (self.expr(x) for x in (node.left, node.mid, node.right))
        if not _same_family(left.type, mid.type, right.type) or not {
            node.op1,
            node.op2,
        } <= set(COMPARE):
            raise Skip(node, "a chained comparison of values of different or unknown types")
        ops = [COMPARE[node.op1](), COMPARE[node.op2]()]
        return Py(ast.Compare(left.code, ops, [mid.code, right.code]), "bool")

    # -- a + [b] -------------------------------------------------------------------------------
    def x_OptConcat(self, node: n.OptConcat) -> Py:
        left, right = self.expr(node.left), self.expr(node.right)
        return Py(self.helper("opt_concat", self.text(left), self.text(right)), "string")

    def s_AugAssign(self, node: n.AugAssign) -> None:
        target = self.expr(node.target)
        if target.type != "string" or node.op != "+" or not isinstance(node.target, n.Name):
            super().s_AugAssign(node)
            return
        if isinstance(node.value, n.ArrayLit) and len(node.value.items) == 1:  # s += [","]
            end = self.text(self.expr(node.value.items[0]))
            self.line(
                node, f"{target.src} = {ast.unparse(self.helper('opt_concat', target.code, end))}"
            )
            return
        value = self.expr(node.value)
        if value.type in ("string", "int", "real", "bool"):  # s += 1: the number as text
            self.line(node, f"{target.src} += {ast.unparse(self.text(value))}")
            return
        super().s_AugAssign(node)
