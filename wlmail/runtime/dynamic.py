"""Compiling what issue 13 adds around objects: enumerations, ``CAS EXCEPTION:`` and
``CAS ERREUR:`` in procedures, labels, lambdas, ``{indirection}``, duration literals."""

from __future__ import annotations

from typing import Any

from wlmail.catalog import fold
from wlmail.errors import WLRuntimeError
from wlmail.runtime import ops
from wlmail.runtime import types as T
from wlmail.runtime.callsites import CallCompiler
from wlmail.runtime.classes import EnumValue
from wlmail.runtime.scope import Expr, Scope, Stmt, VarInfo
from wlmail.runtime.state import RETURN, Closure, Frame, ParamInfo, Proc, Runtime
from wlmail.runtime.values import WLDuration, WLFault, copy_value, to_str
from wlmail.syntax import nodes as n


class DynamicCompiler(CallCompiler):
    """``self.enums``: enumeration name -> its members (folded name -> value)."""

    def __init__(self, rt: Runtime, program: n.Program, globals_scope: Scope | None = None):
        super().__init__(rt, program, globals_scope)
        self.enums: dict[str, dict[str, EnumValue]] = rt.extensions.setdefault("enums", {})

    def block(self, stmts: list[n.Node]) -> Stmt:
        """Compile a block (implemented by the compiler)."""
        raise NotImplementedError

    # ---- enumerations ------------------------------------------------------------------------
    def _enum(self, node: n.EnumDecl) -> None:
        members: dict[str, EnumValue] = {}
        frame = Frame(self.rt.globals)
        for item in node.members:
            value: Any = item.name.name
            if item.value is not None:
                try:
                    value = self.expr(item.value)(frame)
                except WLFault as err:
                    self.diag(item, err.msg_id, **err.values)
            members[item.name.key] = EnumValue(node.name.name, item.name.name, value)
        self.enums[node.name.key] = members

    def s_EnumDecl(self, node: n.EnumDecl) -> Stmt:
        if node.name.key not in self.enums:  # inside a procedure: known from here on
            self._enum(node)
        return lambda f: None

    def s_ProcLabel(self, node: n.ProcLabel) -> Stmt:
        return lambda f: None  # a label: only GOTO would jump here (not supported)

    # ---- handlers and labels in procedures ---------------------------------------------------
    def _handler_label(self, before: list[n.Node], label: n.ProcLabel, after: list[n.Node]) -> Stmt:
        """``CAS EXCEPTION:`` handles a fatal error of the code above it, like ``QUAND
        EXCEPTION``; ``CAS ERREUR:`` is reached only by automatic error handling, which wlmail
        does not do: its code is checked, never run (ruling)."""
        body, handler = self.block(before), self.block(after)
        if label.kind == "error":
            self.diag(label, "error_label_never_runs", severity="warning")
            return body
        rt = self.rt

        def run(f: Frame) -> int | None:
            try:
                return body(f)
            except WLRuntimeError as err:
                rt.exception = err
                r = handler(f)
                return r if r == RETURN else RETURN

        return run

    # ---- other expressions -------------------------------------------------------------------
    def x_DurationLit(self, node: n.DurationLit) -> Expr:
        ms = node.ms
        return lambda f: WLDuration(ms)

    def x_IncDecExpr(self, node: n.IncDecExpr) -> Expr:
        get, setter = self.expr(node.target), self.setter(node.target)
        step, prefix = (1 if node.op == "+" else -1), node.prefix

        def run(f: Frame) -> Any:
            old = get(f)
            new = old + step if type(old) is int else ops.add(old, step)
            setter(f, new)
            return get(f) if prefix else old

        return run

    def x_Indirection(self, node: n.Indirection) -> Expr:
        expr, rt = self.expr(node.expr), self.rt
        if node.option is not None:
            self.expr(node.option)  # indVariable, indChamp…: only variables exist here
        return lambda f: indirect_get(f, rt, to_str(expr(f)))

    def x_Lambda(self, node: n.Lambda) -> Expr:
        outer = self.scope
        self.scope = Scope("proc", parent=outer)
        try:
            params = []
            for p in node.params:
                self.scope.vars[p.key] = VarInfo(p.name, T.VARIANT)
                params.append(ParamInfo(p.key, p.name, True, copy_value, None))
            body = self.expr(node.body)
        finally:
            self.scope = outer

        def run(f: Frame) -> int:
            f.result = body(f)
            return RETURN

        proc = Proc("lambda", "lambda", params, run, internal=True, line=node.line)
        return lambda f: Closure(proc, f)


def _lookup_frames(f: Frame | None, key: str) -> Frame | None:
    while f is not None:
        if key in f.vars:
            return f
        f = f.outer
    return None


def indirect_get(f: Frame, rt: Runtime, name: str) -> Any:
    """``{"nom"}``: the variable of that name (innermost first), a global, or a procedure."""
    key = fold(name.strip())
    frame = _lookup_frames(f, key)
    if frame is not None:
        return frame.vars[key]
    if key in rt.globals:
        return rt.globals[key]
    if key in rt.procs:
        return rt.procs[key]
    raise WLFault("unknown_indirection", name=name)


def indirect_set(f: Frame, rt: Runtime, name: str, value: Any) -> None:
    key = fold(name.strip())
    frame = _lookup_frames(f, key)
    if frame is not None:
        frame.vars[key] = copy_value(value)
    elif key in rt.globals:
        rt.globals[key] = copy_value(value)
    else:
        raise WLFault("unknown_indirection", name=name)
