"""Lambdas and variables of type ``Procédure``: Python functions and ``Callable``.

``f est une Procédure = (a, b) => a + b`` and ``soit f = (k) => k * n`` are a nested ``def``
(pycodestyle's E731 wants a ``def`` rather than a named lambda); ``p est une Procédure =
Double`` is ``p: Callable[[int], int] = Double`` (https://doc.pcsoft.fr/?1000018907). A
lambda reads the variables around it when it is called, as a Python closure does (the
runtime's lambdas do the same). The parameters of a lambda take the types its calls give (as
an untyped parameter does, :mod:`.infer`), and a call through ``p`` counts as a call of the
procedure it holds.

Only a variable set once, where it is declared, and only ever called (``f(2, 3)``) is written
so; any other use (assigned again, passed on, compared) is reported.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from wlmail.export.base import PY_TYPES, Py, Scope, Skip, py_name
from wlmail.export.control import ControlMixin
from wlmail.export.exprs import name
from wlmail.export.infer import InferMixin
from wlmail.export.stmts import walk
from wlmail.syntax import nodes as n


@dataclass(slots=True)
class ProcVar:
    """A variable holding a procedure: a lambda (``proc`` made for it) or a named one."""

    decl: n.Decl | n.Let
    name: str
    key: str
    proc: n.ProcDef
    is_lambda: bool
    calls: list[n.Call]
    where: n.ProcDef | None  # the procedure it is declared in (None: the main code)


class LambdasMixin(ControlMixin, InferMixin):
    proc_vars: dict[int, ProcVar]  # id(declaration): the variable
    proc_var_uses: dict[int, ProcVar]  # id(Name) of each use: its variable

    # -- planning ----------------------------------------------------------------------------
    def plan_types(self) -> None:
        self.proc_vars, self.proc_var_uses = {}, {}
        bodies: list[tuple[list[n.Node], n.ProcDef | None]] = [(self.program.body, None)]
        bodies += [(p.body, p) for p in self.program.procs]
        for body, where in bodies:
            for node in walk(body):
                found = self.proc_var(node, body, where)
                if found is not None:
                    self.proc_vars[id(node)] = found
                    for call in found.calls:
                        assert isinstance(call.func, n.Name)
                        self.proc_var_uses[id(call.func)] = found
        super().plan_types()
        for var in self.proc_vars.values():
            if var.is_lambda:
                for param, kinds in self.param_kinds(var.proc).items():
                    self.settle(self.param_types, (id(var.proc), param), kinds - {""})
                self.settle(self.return_types, id(var.proc), self.return_kinds(var.proc))

    def proc_var(self, node: n.Node, body: list[n.Node], where: n.ProcDef | None) -> ProcVar | None:
        """The procedure variable ``node`` declares, when it is set once and only called."""
        if isinstance(node, n.Decl) and len(node.names) == 1 and node.type.kind == "proc":
            var, value = node.names[0], node.init
        elif isinstance(node, n.Let) and len(node.names) == 1 and not node.unpack:
            var, value = node.names[0], node.value
        else:
            return None
        if isinstance(value, n.Lambda):
            params = [n.Param(p.line, p.col, p, False, None, None) for p in value.params]
            ret = n.Return(value.line, value.col, value.body, "RETURN")
            proc = n.ProcDef(value.line, value.col, var, params, [], [ret])
            is_lambda = True
        elif isinstance(value, n.Name) and self.ref(value)[0] == "proc":
            target = self.proc_node(self.ref(value)[1])
            if target is None or target.params is None:
                return None
            proc, is_lambda = target, False
        else:
            return None
        uses = [
            x
            for x in walk(body)
            if isinstance(x, n.Name) and x.key == var.key and x is not var and x is not value
        ]
        calls = [
            x
            for x in walk(body)
            if isinstance(x, n.Call) and isinstance(x.func, n.Name) and x.func.key == var.key
        ]
        called = {id(c.func) for c in calls}
        stores = [x for x in walk(body) if isinstance(x, n.Assign | n.AugAssign | n.Let | n.Decl)]
        again = [
            x
            for x in stores
            if x is not node and var.key in {t.key for t in store_names(x)}  # set elsewhere
        ]
        if again or any(id(u) not in called for u in uses if u.line):
            return None
        return ProcVar(node, var.name, var.key, proc, is_lambda, calls, where)

    def calls_of(self, proc: n.ProcDef) -> list[tuple[list[n.Node], n.ProcDef | None]]:
        """A procedure's calls, and those made through a variable holding it."""
        mine = [v for v in getattr(self, "proc_vars", {}).values() if v.proc is proc]
        found = [] if any(v.is_lambda for v in mine) else super().calls_of(proc)
        for var in mine:
            found += [(list(c.args), var.where) for c in var.calls]
        return found

    # -- types -------------------------------------------------------------------------------
    def call_static(self, node: n.Call) -> str:
        var = self.var_called(node)
        if var is None:
            return super().call_static(node)
        return self.return_types.get(id(var.proc), "")

    def var_called(self, node: n.Call) -> ProcVar | None:
        if not isinstance(node.func, n.Name):
            return None
        return getattr(self, "proc_var_uses", {}).get(id(node.func))

    def signature_parts(self, node: n.Node, var: ProcVar) -> tuple[list[str], str]:
        """The Python types of the parameters and of the result of what ``var`` holds."""
        params = []
        for p in var.proc.params or []:
            vtype = self.ann.vtypes.get(id(p.type)) if p.type is not None else None
            note = self.annotation(vtype) if vtype is not None else self.param_type(var.proc, p)
            if not note:
                raise Skip(node, f"'{var.name}' whose parameter '{p.name.name}' has no known type")
            params.append(note)
        if var.proc.returns:
            rtype = self.ann.vtypes.get(id(var.proc.returns[0]))
            result = self.annotation(rtype) if rtype is not None else None
        else:
            result = PY_TYPES.get(self.return_types.get(id(var.proc), ""))
            if result is None and not any(
                isinstance(x, n.Return) and x.value is not None for x in walk(var.proc.body)
            ):
                result = "None"
        if not result:
            raise Skip(node, f"'{var.name}' whose result has no known type")
        return params, result

    # -- writing -----------------------------------------------------------------------------
    def s_Decl(self, node: n.Decl) -> None:
        var = getattr(self, "proc_vars", {}).get(id(node))
        if var is None:
            super().s_Decl(node)
            return
        self.write_var(node, var)

    def s_Let(self, node: n.Let) -> None:
        var = getattr(self, "proc_vars", {}).get(id(node))
        if var is None:
            super().s_Let(node)
            return
        self.write_var(node, var)

    def write_var(self, node: n.Node, var: ProcVar) -> None:
        params, result = self.signature_parts(node, var)
        if not var.is_lambda:
            self.need("from collections.abc import Callable")
            note = f"Callable[[{', '.join(params)}], {result}]"
            self.line(node, f"{py_name(var.name)}: {note} = {py_name(var.proc.name.name)}")
            return
        outer = self.scope
        self.scope = Scope(proc=var.proc)
        try:
            ret = var.proc.body[0]
            assert isinstance(ret, n.Return) and ret.value is not None
            value = self.expr(ret.value)
        finally:
            self.scope = outer
        names = [py_name(p.name.name) for p in var.proc.params or []]
        shown = ", ".join(f"{x}: {t}" for x, t in zip(names, params, strict=True))
        self.out.emit(node.line, f"def {py_name(var.name)}({shown}) -> {result}:")
        with self.out.block():
            self.out.emit(0, f"return {value.src}")

    def x_Call(self, node: n.Call) -> Py:
        var = self.var_called(node)
        if var is None:
            return super().x_Call(node)
        params = var.proc.params or []
        if len(node.args) != len(params):
            raise Skip(node, f"a call of '{var.name}' with another number of arguments")
        args = [self.expr(a) for a in node.args]
        for p, arg in zip(params, args, strict=True):
            kind = self.param_kind_of(var.proc, p)
            if kind != arg.type and not (kind == "real" and arg.type == "int"):
                raise Skip(node, f"a {arg.type} argument for '{var.name}' ({p.name.name})")
        returns = self.return_types.get(id(var.proc), "any")
        if var.proc.returns:
            rtype = self.ann.vtypes.get(id(var.proc.returns[0]))
            returns = self.var_type(rtype) if rtype is not None else "any"
        code = ast.Call(name(py_name(var.name)), [a.code for a in args], [])
        return Py(code, returns)

    def param_kind_of(self, proc: n.ProcDef, p: n.Param) -> str:
        if p.type is not None:
            vtype = self.ann.vtypes.get(id(p.type))
            return self.var_type(vtype) if vtype is not None else ""
        return self.param_types.get((id(proc), p.name.key), "")


def store_names(node: Any) -> list[n.Name]:
    if isinstance(node, n.Assign | n.AugAssign):
        return [node.target] if isinstance(node.target, n.Name) else []
    if isinstance(node, n.Let | n.Decl):
        return list(node.names)
    return []
