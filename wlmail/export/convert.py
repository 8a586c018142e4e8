"""Conversions WLangage makes when a variable receives a value of another type.

An ``entier`` given a real keeps its whole part, truncated toward zero: ``int(value)``; a
``chaîne`` given a number or a boolean holds its text (``str``, or the helper ``text`` for a
real: no trailing zeros); a number given text reads the number it starts with (the helper
``val``, as ``Val``); a ``booléen`` given a number is ``!= 0``, an ``entier`` given a boolean
``int(…)``. Other conversions are reported. As elsewhere in
the export, the overflow of a 4-byte ``entier`` is not detected.
"""

from __future__ import annotations

import ast

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
        if kind in ("int", "real", "bool") and value.type == "string":
            number = self.helper("val", value.code)  # the number the text starts with
            return self.fit(node, kind, Py(number, "real"))
        if kind == "int" and value.type == "bool":
            return Py(call("int", value.code), "int")
        if kind == "bool" and value.type in ("int", "real"):
            if isinstance(value.code, ast.Constant):  # a literal: its truth, written once
                return Py(ast.Constant(value.code.value != 0), "bool")
            return Py(ast.Compare(value.code, [ast.NotEq()], [ast.Constant(0)]), "bool")
        return super().fit(node, kind, value)
