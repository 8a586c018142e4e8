"""Calls at compile time: user procedures (by-reference copy-out), built-ins from the catalog
(arity, unsupported functions, by-reference ``out`` arguments), methods, ``SELON(…)``."""

from __future__ import annotations

from typing import Any

from wlmail.builtins import implementation
from wlmail.catalog import Entry
from wlmail.runtime import types as T
from wlmail.runtime.calls import (
    call_method,
    call_value,
    frame_at,
    invoke,
    not_callable,
    raiser,
)
from wlmail.runtime.expressions import ExpressionCompiler
from wlmail.runtime.scope import (
    DEFAULT,
    Expr,
    InternalError,
    Setter,
)
from wlmail.runtime.state import (
    Frame,
    Proc,
)
from wlmail.runtime.values import (
    OutArg,
    to_int,
)
from wlmail.syntax import nodes as n


def arg_count_message(low: int, high: int) -> str:
    """ "Gauche attend 2 paramètres", not "entre 2 et 2" (issue 16)."""
    one = "_one" if low == 1 else ""
    if low == high:
        return "arg_count_exact" if not one else "arg_count_one"
    return f"arg_count_min{one}" if high >= 255 else "arg_count"


class CallCompiler(ExpressionCompiler):
    """``x_Call`` and what it needs."""

    # ---- calls -------------------------------------------------------------------------------
    def x_Call(self, node: n.Call) -> Expr:
        func = node.func
        if isinstance(func, n.Name):
            return self._call_name(node, func)
        if isinstance(func, n.Member):
            if isinstance(func.target, n.Name) and func.target.key == "wl":
                entry = self.cat.function(func.name)
                if entry is not None:
                    return self._builtin_call(node, entry, node.args)
            return self._method_call(node, func)
        self.diag(node, "not_callable")
        callee = self.expr(func)
        return lambda f: not_callable(callee(f))

    def _call_name(self, node: n.Call, func: n.Name) -> Expr:
        if func.key in ("selon", "switch") and self._lookup_proc(func.key) is None:
            return self._compact_switch(node)
        proc = self._lookup_proc(func.key)
        if proc is not None and self._lookup_var(func.key) is None:
            return self._proc_call(node, proc[0], proc[1])
        entry = self.cat.function(func.name)
        if entry is not None:
            return self._builtin_call(node, entry, node.args)
        found = self._lookup_var(func.key)
        if found is not None:
            callee = self.expr(func)
            args = [self.expr(a) for a in node.args]
            rt = self.rt
            return lambda f: call_value(rt, callee(f), [a(f) for a in args])
        return self._unknown(func, func.name)

    def _args(self, args: list[n.Node]) -> list[Expr]:
        return [self.expr(a) for a in args]

    def _builtin_call(
        self, node: n.Node, entry: Entry, arg_nodes: list[n.Node], receiver: Expr | None = None
    ) -> Expr:
        count = len(arg_nodes) + (receiver is not None)
        shown = entry.name(self.lang)
        if entry.status == "unsupported" and entry.family:
            if entry.family == "hfsql" and arg_nodes and isinstance(arg_nodes[0], n.Name):
                self._data_file(arg_nodes[0])  # HLitPremier(Client): Client is a data file
            return self._unavailable(node, shown, entry.family)
        if entry.status == "unsupported":
            reason = entry.reason_in(self.lang)
            self.diag(node, "unsupported_function", name=shown, reason=reason)
            return raiser("unsupported_function", node, name=shown, reason=reason)
        if not entry.min_args <= count <= entry.max_args:
            msg_id = arg_count_message(entry.min_args, entry.max_args)
            self.diag(
                node, msg_id, name=shown, count=count, low=entry.min_args, high=entry.max_args
            )
            return raiser(
                msg_id,
                node,
                name=shown,
                count=count,
                low=entry.min_args,
                high=entry.max_args,
            )
        impl = implementation(entry)
        if impl is None:
            raise InternalError(f"no implementation for {entry.id}")
        fn, rt, fallible = impl.fn, self.rt, impl.fallible
        args = self._args(arg_nodes)
        shift = 2 if receiver is not None else 1
        for position in entry.out:
            index = position - shift
            if 0 <= index < len(arg_nodes) and isinstance(
                arg_nodes[index], n.Name | n.Member | n.Index
            ):
                args[index] = self._out_arg(arg_nodes[index], args[index])
        if receiver is not None:
            args.insert(0, receiver)
        if fallible:

            def call_fallible(f: Frame) -> Any:
                values = [a(f) for a in args]
                rt.clear_error()
                return fn(rt, *values)

            return call_fallible
        if not args:
            return lambda f: fn(rt)
        if len(args) == 1:
            a0 = args[0]
            return lambda f: fn(rt, a0(f))
        if len(args) == 2:
            a0, a1 = args
            return lambda f: fn(rt, a0(f), a1(f))
        return lambda f: fn(rt, *[a(f) for a in args])

    def _out_arg(self, node: n.Node, get: Expr) -> Expr:
        """A by-reference argument (catalog ``out``): the built-in may write the variable."""
        setter = self.setter(node)
        return lambda f: OutArg(get(f), lambda v: setter(f, v))

    def _method_call(self, node: n.Call, func: n.Member) -> Expr:
        """``x.Méthode(args)``: an object's method, or a function with ``x`` as first argument."""
        target = self.expr(func.target)
        args = self._args(node.args)
        entry = self.cat.function(func.name)
        static = self._static_type(func.target)
        if entry is not None and (static in T.SCALARS or static in ("array", "assoc")):
            return self._builtin_call(node, entry, node.args, receiver=target)
        rt, key, name = self.rt, func.key, func.name
        if entry is None and not self.cat.method_names.get(key):
            self.diag(func, "unknown_method", name=name)
        return lambda f: call_method(rt, target(f), key, name, [a(f) for a in args])

    def _static_type(self, node: n.Node) -> str:
        if isinstance(node, n.Name):
            found = self._lookup_var(node.key)
            if found is not None:
                return found[0].vtype.id
        if isinstance(node, n.Str | n.Interp):
            return "string"
        return ""

    def _proc_call(self, node: n.Call, proc: Proc, depth: int) -> Expr:
        args = self._args(node.args)
        refs: list[tuple[int, Setter]] = []
        for i, arg in enumerate(node.args):
            if isinstance(arg, n.Name | n.Index | n.Member) and self._assignable(arg):
                refs.append((i, self.setter(arg)))
        rt = self.rt

        def call(f: Frame) -> Any:
            outer = f if depth == 0 else frame_at(f, depth) if depth > 0 else None
            values = [a(f) for a in args]
            result, frame = invoke(rt, proc, values, outer)
            if refs and proc.params:
                for i, setter in refs:
                    if i < len(proc.params) and not proc.params[i].local:
                        key = proc.params[i].key
                        if key in frame.vars and values[i] is not DEFAULT:
                            setter(f, frame.vars[key])
            return result

        return call

    def _assignable(self, node: n.Node) -> bool:
        if isinstance(node, n.Name):
            found = self._lookup_var(node.key)
            return found is not None and not found[0].const
        return True

    def _compact_switch(self, node: n.Call) -> Expr:
        """``SELON(v, a1, a2, …, SINON d)``: the v-th value (1-based), else ``d``."""
        if not node.args:
            self.diag(node, "arg_count", name="SELON", count=0, low=2, high=255)
        subject = self.expr(node.args[0]) if node.args else (lambda f: 0)
        values: list[Expr] = []
        other: Expr = lambda f: ""  # noqa: E731
        for i, arg in enumerate(node.args[1:], 2):
            if isinstance(arg, n.ElseArg):
                if i != len(node.args):
                    self.diag(arg, "misplaced_else")
                other = self.expr(arg.value)
            else:
                values.append(self.expr(arg))

        def run(f: Frame) -> Any:
            i = to_int(subject(f))
            return values[i - 1](f) if 1 <= i <= len(values) else other(f)

        return run
