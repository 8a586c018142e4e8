"""``POUR r = 0 À 1 PAS 0.5`` on a real counter: a ``while`` loop, as WLangage runs it.

``range`` takes whole numbers only. WLangage sets the counter to the start, tests it against
the bound (read again at each turn) before each turn and adds the step to the counter as the
body left it: ``r = 0.0`` / ``while r <= 1:`` / … / ``r += 0.5`` (``>=`` for a negative step)
does the same, with the same float additions. Only on a ``réel`` variable, with a literal step
other than 0 and no ``CONTINUE`` (Python's would skip the step).
"""

from __future__ import annotations

import ast

from wlmail.export.base import Skip, py_name
from wlmail.export.stmts import StmtMixin, walk
from wlmail.syntax import nodes as n

NUMBERS = ("int", "real")


class RealForMixin(StmtMixin):
    def s_For(self, node: n.For) -> None:
        ref = self.ref(node.var)
        real_var = ref[0] == "var" and self.var_type(ref[1].vtype) == "real"
        if not real_var:
            super().s_For(node)
            return
        start, stop = self.expr(node.start), self.expr(node.stop)
        step = self.expr(node.step) if node.step is not None else None
        code = step.code if step is not None else ast.Constant(1)
        negative = isinstance(code, ast.UnaryOp) and isinstance(code.op, ast.USub)
        inner = code.operand if isinstance(code, ast.UnaryOp) else code
        if start.type not in NUMBERS or stop.type not in NUMBERS:
            raise Skip(node, "a FOR loop over values that are not numbers")
        if not isinstance(inner, ast.Constant) or not inner.value:
            raise Skip(node, "a FOR loop on a real counter whose step is not a literal")
        if any(isinstance(x, n.Continue) for x in walk(node.body)):
            raise Skip(node, "a FOR loop on a real counter with CONTINUE")
        if node.once and not isinstance(stop.code, ast.Constant):
            raise Skip(node, "_À_ with a bound that is not a literal")
        first = start.code
        if isinstance(first, ast.Constant) and type(first.value) is int:
            first = ast.Constant(float(first.value))
        elif start.type == "int":
            first = ast.Call(ast.Name("float", ast.Load()), [first], [])
        var = py_name(node.var.name)
        self.line(node, f"{self.store(node.var, ref)} = {ast.unparse(first)}")
        self.out.emit(0, f"while {var} {'>=' if negative else '<='} {stop.src}:")
        self.loop(node.body, node.line)
        with self.out.block():
            self.out.emit(0, f"{var} {'-' if negative else '+'}= {ast.unparse(inner)}")
