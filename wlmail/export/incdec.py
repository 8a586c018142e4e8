"""``n++`` / ``++n`` inside an expression (version 27): an assignment expression.

``++n`` is the value after the change, ``(n := n + 1)``; ``n++`` the value before it,
``(n := n + 1) - 1``. Only on a whole-number variable of the procedure (or of the main code,
in the main code): a parameter changed this way would have to be given back to the caller, a
variable of the main code changed in a procedure would need ``global``.
"""

from __future__ import annotations

import ast

from wlmail.export.base import Py, Skip
from wlmail.export.stmts import StmtMixin
from wlmail.syntax import nodes as n


class IncDecMixin(StmtMixin):
    def x_IncDecExpr(self, node: n.IncDecExpr) -> Py:
        target = node.target
        ref = self.ref(target) if isinstance(target, n.Name) else ("",)
        if not isinstance(target, n.Name) or ref[0] != "var" or ref[1].const:
            raise Skip(node, "++ or -- inside an expression on something other than a variable")
        proc = self.scope.proc
        if proc is not None and (
            ref[2] != 0 or target.key in {p.name.key for p in proc.params or []}
        ):
            raise Skip(node, f"++ or -- inside an expression on '{target.name}' of another scope")
        value = self.expr(target)
        if value.type != "int" or not isinstance(value.code, ast.Name):
            raise Skip(node, "++ or -- inside an expression on a variable that is not an integer")
        op: ast.operator = ast.Add() if node.op == "+" else ast.Sub()
        step = ast.BinOp(ast.Name(value.code.id, ast.Load()), op, ast.Constant(1))
        changed = ast.NamedExpr(ast.Name(value.code.id, ast.Store()), step)
        if node.prefix:
            return Py(changed, "int")
        back: ast.operator = ast.Sub() if node.op == "+" else ast.Add()
        return Py(ast.BinOp(changed, back, ast.Constant(1)), "int")
