"""Parameters passed by reference that a procedure changes: returned to the caller.

WLangage passes parameters by reference unless they are ``LOCAL``: when a procedure assigns a
parameter, the caller's variable changes too (an expression passed there is a copy). Python
has no such parameters; the idiom is to return the new value, so such a procedure returns its
changed parameters (``return x``, ``return x, y``) at each of its exits, and a call written as a
statement assigns them back: ``n = Change(n)``; an argument that is an expression takes ``_``.

Only what keeps the exact behaviour is written this way: a procedure that returns no value of
its own, called as a statement, whose changed parameters are texts or numbers of a known type
and receive plain variables of that same type (an array element, a structure member, a
variable of the enclosing procedure's caller or the same variable twice are refused).
"""

from __future__ import annotations

import ast

from wlmail.export.base import Py, Skip, py_name
from wlmail.export.stmts import StmtMixin, assigned, walk
from wlmail.syntax import nodes as n

SCALARS = ("int", "real", "string", "bool")


class ByRefMixin(StmtMixin):
    def written_back(self, proc: n.ProcDef) -> list[n.Param]:
        """The parameters of ``proc`` passed by reference that its body changes (an array or an
        associative array is shared by Python itself: not listed)."""
        if proc.params is None or proc.internal or proc.owner is not None:
            return []
        if proc not in self.program.procs:
            return []
        written = assigned(proc.body)
        return [
            p
            for p in proc.params
            if not p.local and p.name.key in written and self.param_kind(proc, p) not in LISTS
        ]

    def param_kind(self, proc: n.ProcDef, p: n.Param) -> str:
        """The exporter's type of parameter ``p`` ("" when not known)."""
        if p.type is not None:
            vtype = self.ann.vtypes.get(id(p.type))
            return self.var_type(vtype) if vtype is not None else ""
        note = self.param_type(proc, p)
        return {"int": "int", "float": "real", "str": "string", "bool": "bool"}.get(note, note)

    # -- the procedure -----------------------------------------------------------------------
    def signature(self, node: n.ProcDef) -> str:
        outs = self.written_back(node)
        if not outs:
            return super().signature(node)
        if node.returns or any(
            isinstance(x, n.Return) and x.value is not None for x in walk(node.body)
        ):
            raise Skip(node, "a procedure returning a value that also changes its parameters")
        kinds = [self.param_kind(node, p) for p in outs]
        for p, kind in zip(outs, kinds, strict=True):
            if kind not in SCALARS:
                raise Skip(p, f"parameter '{p.name.name}' passed by reference and changed")
        text = super().signature(node)
        notes = [PY[k] for k in kinds]
        returned = notes[0] if len(notes) == 1 else f"tuple[{', '.join(notes)}]"
        return text.removesuffix(" -> None:") + f" -> {returned}:"

    def procedure(self, node: n.ProcDef) -> None:
        if not self.written_back(node) or (node.body and isinstance(node.body[-1], n.Return)):
            super().procedure(node)
            return
        node.body.append(n.Return(0, 0, None, "RETURN"))  # the exit at the end of the body
        try:
            super().procedure(node)
        finally:
            node.body.pop()

    def s_Return(self, node: n.Return) -> None:
        proc = self.scope.proc
        outs = self.written_back(proc) if proc is not None else []
        if not outs or node.value is not None:
            super().s_Return(node)
            return
        self.out.emit(node.line, "return " + ", ".join(py_name(p.name.name) for p in outs))

    # -- the caller --------------------------------------------------------------------------
    def s_ExprStmt(self, node: n.ExprStmt) -> None:
        target = self.changing_call(node.expr)
        if target is None:
            super().s_ExprStmt(node)
            return
        assert isinstance(node.expr, n.Call)
        names = [self.written_to(node.expr, target, p) for p in self.written_back(target)]
        self.statement_call = True
        try:
            call = self.expr(node.expr).code
        finally:
            self.statement_call = False
        if all(x == "_" for x in names):
            self.line(node, call)
            return
        self.line(node, f"{', '.join(names)} = {ast.unparse(call)}")

    def changing_call(self, expr: n.Node) -> n.ProcDef | None:
        """The procedure ``expr`` calls, when it changes parameters passed by reference."""
        if not isinstance(expr, n.Call):
            return None
        kind = self.ann.calls.get(id(expr), ("",))
        if kind[0] != "proc":
            return None
        target = self.proc_node(kind[1])
        return target if target is not None and self.written_back(target) else None

    def written_to(self, call: n.Call, proc: n.ProcDef, p: n.Param) -> str:
        """The Python target that receives the changed parameter ``p`` after ``call``."""
        i = (proc.params or []).index(p)
        arg = call.args[i] if i < len(call.args) else None
        if arg is None or not isinstance(arg, n.Name | n.Index | n.Member):
            return "_"  # a copy or the default value (*): nothing to write back
        ref = self.ref(arg) if isinstance(arg, n.Name) else ("",)
        if ref[0] == "const":
            return "_"
        if not isinstance(arg, n.Name) or ref[0] != "var":
            raise Skip(call, "an element or a member passed by reference and changed")
        current = self.scope.proc
        if current is not None and (
            arg.key in {q.name.key for q in current.params or []} or ref[2] != 0
        ):
            raise Skip(call, f"'{arg.name}' of another procedure passed by reference and changed")
        if [a.key for a in call.args if isinstance(a, n.Name)].count(arg.key) > 1:
            raise Skip(call, f"'{arg.name}' passed twice to a procedure that changes it")
        if self.expr(arg).type != self.param_kind(proc, p):
            raise Skip(call, f"'{arg.name}' passed by reference to a parameter of another type")
        return py_name(ref[1].name)

    statement_call = False

    def x_Call(self, node: n.Call) -> Py:
        if not self.statement_call and self.changing_call(node) is not None:
            raise Skip(node, "a procedure that changes its parameters, called inside an expression")
        self.statement_call = False  # the arguments are expressions
        return super().x_Call(node)


LISTS = ("list", "dict")
PY = {"int": "int", "real": "float", "string": "str", "bool": "bool"}
