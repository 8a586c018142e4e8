"""Conversions WLangage makes when a variable receives a value of another type.

An ``entier`` given a real keeps its whole part, truncated toward zero: ``int(value)``; a
``chaîne`` given a number or a boolean holds its text (``str``, or the helper ``text`` for a
real: no trailing zeros). Other conversions (text to number…) are reported. As elsewhere in
the export, the overflow of a 4-byte ``entier`` is not detected.
"""

from __future__ import annotations

from wlmail.export.base import Py
from wlmail.export.exprs import call
from wlmail.export.stmts import StmtMixin
from wlmail.syntax import nodes as n


class ConvertMixin(StmtMixin):
    def fit(self, node: n.Node, kind: str, value: Py) -> Py:
        if kind == "int" and value.type == "real":
            return Py(call("int", value.code), "int")
        if kind == "string" and value.type in ("int", "real", "bool"):
            return Py(self.text(value), "string")
        return super().fit(node, kind, value)
