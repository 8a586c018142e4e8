"""What every name of a script means, as the compiler resolves it (no code is run).

The exporter reads this table instead of resolving names a second time: a variable (with its
declared type and scope depth), a catalog constant, function or a procedure.
"""

from __future__ import annotations

from typing import Any

from wlmail.catalog import Entry
from wlmail.runtime import types as T
from wlmail.runtime.compiler import Compiler, Expr
from wlmail.runtime.host import CaptureHost
from wlmail.runtime.state import Frame, Proc, Runtime
from wlmail.syntax import nodes as n


# ---- names and types: what the compiler resolved ------------------------------------------------
class Annotator(Compiler):
    """Compiles without running and records the meaning of every name, call and member."""

    def __init__(self, program: n.Program) -> None:
        super().__init__(Runtime(CaptureHost(), program.lang, program.filename), program)
        self.names: dict[int, tuple[Any, ...]] = {}
        self.calls: dict[int, tuple[Any, ...]] = {}
        self.vtypes: dict[int, T.VType] = {}
        self.procs: dict[int, Proc] = {}

    def _ref(self, node: n.Name) -> tuple[Any, ...]:
        found = self._lookup_var(node.key)
        if found is not None:
            return ("var", found[0], found[1])
        entry = self.cat.constant(node.name)
        if entry is not None:
            return ("const", entry)
        fentry = self.cat.function(node.name)
        if fentry is not None and fentry.variable:
            return ("func", fentry)
        proc = self._lookup_proc(node.key)
        if proc is not None:
            return ("proc", proc[0], proc[1])
        return ("unknown",)

    def x_Name(self, node: n.Name) -> Expr:
        self.names.setdefault(id(node), self._ref(node))
        return super().x_Name(node)

    def setter(self, node: n.Node) -> Any:
        if isinstance(node, n.Name):
            self.names.setdefault(id(node), self._ref(node))
        return super().setter(node)

    def s_ExprStmt(self, node: n.ExprStmt) -> Any:
        if isinstance(node.expr, n.Name) and self._callable(node.expr) is not None:
            self.calls[id(node)] = ("bare",)
            self.names[id(node.expr)] = self._ref(node.expr)
        return super().s_ExprStmt(node)

    def _call_name(self, node: n.Call, func: n.Name) -> Expr:
        proc = self._lookup_proc(func.key)
        var = self._lookup_var(func.key)
        entry = self.cat.function(func.name)
        if func.key in ("selon", "switch") and proc is None:
            self.calls[id(node)] = ("switch",)
        elif proc is not None and var is None:
            self.calls[id(node)] = ("proc", proc[0], proc[1])
        elif entry is not None:
            self.calls[id(node)] = ("func", entry)
        elif var is not None:
            self.calls[id(node)] = ("value",)
            self.names.setdefault(id(func), self._ref(func))
        else:
            self.calls[id(node)] = ("unknown",)
        return super()._call_name(node, func)

    def x_Call(self, node: n.Call) -> Expr:
        func = node.func
        if isinstance(func, n.Member) and isinstance(func.target, n.Name):
            entry = self.cat.function(func.name)
            if func.target.key == "wl" and entry is not None:
                self.calls[id(node)] = ("func", entry)
        return super().x_Call(node)

    def _method_call(self, node: n.Call, func: n.Member) -> Expr:
        entry = self.cat.function(func.name)
        static = self._static_type(func.target)
        if entry is not None and (static in T.SCALARS or static in ("array", "assoc")):
            self.calls[id(node)] = ("func_on", entry)
        else:
            self.calls[id(node)] = ("method",)
        return super()._method_call(node, func)

    def _builtin_call(
        self, node: n.Node, entry: Entry, arg_nodes: list[n.Node], receiver: Expr | None = None
    ) -> Expr:
        self._args(arg_nodes)
        return _nothing

    def vtype(self, spec: n.TypeSpec) -> T.VType:
        found = super().vtype(spec)
        self.vtypes[id(spec)] = found
        return found

    def _load_host(self, entry: Entry) -> None:
        try:
            super()._load_host(entry)
        except ImportError:
            pass

    def _compile_proc(self, node: n.ProcDef, proc: Proc) -> None:
        self.procs[id(node)] = proc
        outer = self.scope
        super()._compile_proc(node, proc)
        self.scope = outer


def _nothing(frame: Frame) -> None:
    return None
