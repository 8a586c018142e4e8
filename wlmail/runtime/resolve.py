"""The compiler's base: diagnostics, names (variables, procedures, built-ins), types, targets
of assignment. Expressions and statements build on it (``expressions.py``, ``compiler.py``)."""

from __future__ import annotations

import difflib
from typing import Any

from wlmail.catalog import Entry, fold
from wlmail.runtime import types as T
from wlmail.runtime.calls import (
    raiser,
    unpack,
    var_setter,
)
from wlmail.runtime.scope import (
    Diagnostic,
    Expr,
    Scope,
    Setter,
    VarInfo,
)
from wlmail.runtime.state import (
    Frame,
    Proc,
    Runtime,
)
from wlmail.runtime.values import (
    WLArray,
    WLAssoc,
    WLFault,
    to_int,
    to_str,
)
from wlmail.syntax import nodes as n


class Resolver:
    """Resolves names and types for one program (or one REPL input) against a Runtime."""

    def __init__(self, rt: Runtime, program: n.Program, globals_scope: Scope | None = None):
        self.rt = rt
        self.program = program
        self.cat = rt.catalog
        self.lang = program.lang
        self.diags: list[Diagnostic] = []
        self.globals = globals_scope or Scope("main")
        self.scope = self.globals
        self.structs: dict[str, T.VType] = dict(rt.extensions.get("structs", {}))
        rt.extensions["structs"] = self.structs

    # ---- diagnostics ------------------------------------------------------------------------
    def diag(self, node: n.Node, msg_id: str, severity: str = "error", **values: Any) -> None:
        message = self.cat.message(msg_id, self.lang, **values)
        self.diags.append(Diagnostic(severity, node.line, node.col, message, msg_id))

    def suggest(self, key: str) -> str:
        pool = list(self.cat.function_names) + list(self.cat.constant_names)
        scope: Scope | None = self.scope
        while scope is not None:
            pool += list(scope.vars) + list(scope.procs)
            scope = scope.parent
        pool += list(self.globals.vars) + list(self.rt.procs)
        close = difflib.get_close_matches(key, pool, n=1, cutoff=0.75)
        if not close:
            return ""
        return self.cat.message("did_you_mean", self.lang, name=self._spelling(close[0]))

    def _spelling(self, key: str) -> str:
        entry = self.cat.function_names.get(key) or self.cat.constant_names.get(key)
        if entry is not None:
            return entry.name(self.lang)
        info = self._lookup_var(key)
        if info is not None:
            return info[0].name
        proc = self.rt.procs.get(key)
        return proc.name if proc else key

    def _declare_proc(self, node: n.ProcDef, table: dict[str, Proc]) -> Proc:
        proc = Proc(node.name.name, node.name.key, None, internal=node.internal, line=node.line)
        table[node.name.key] = proc
        return proc

    # ---- types -------------------------------------------------------------------------------
    def vtype(self, spec: n.TypeSpec) -> T.VType:
        if spec.kind == "array":
            assert spec.elem is not None
            dims = tuple(self._const_int(d) for d in spec.dims)
            return T.array_type(self.vtype(spec.elem), dims, "growth" in spec.attrs)
        if spec.kind == "assoc":
            assert spec.elem is not None
            return T.assoc_type(self.vtype(spec.elem))
        key = fold(spec.words[0])
        if key in self.structs:
            return self.structs[key]
        type_id = T.lookup_named(spec.words)
        if type_id is None:
            self.diag(spec, "unknown_type", name=" ".join(spec.words), hint=self._type_hint(key))
            return T.VARIANT
        entry = self.cat.types[type_id]
        if entry.status == "unsupported":
            reason = entry.reason_in(self.lang)
            self.diag(spec, "unsupported_type", name=entry.name(self.lang), reason=reason)
            return T.VARIANT
        if entry.vtype in T.SCALARS:
            return T.scalar(entry.vtype)
        if entry.vtype == "host":
            self._load_host(entry)
            if type_id in T.HOST_FACTORIES:
                return T.host_type(type_id)
        if entry.vtype == "array":
            return T.array_type(T.VARIANT, (), True)
        if entry.vtype == "assoc":
            return T.assoc_type(T.VARIANT)
        return T.VARIANT

    def _load_host(self, entry: Entry) -> None:
        if entry.module and entry.id not in T.HOST_FACTORIES:
            import importlib

            importlib.import_module(f"wlmail.builtins.{entry.module}")

    def _type_hint(self, key: str) -> str:
        close = difflib.get_close_matches(key, list(self.cat.type_names), n=1, cutoff=0.75)
        if not close:
            return ""
        shown = self.cat.type_names[close[0]].name(self.lang)
        return self.cat.message("did_you_mean", self.lang, name=shown)

    def _const_int(self, node: n.Node) -> int:
        if isinstance(node, n.Num):
            return int(node.value)
        info = self._lookup_var(node.key) if isinstance(node, n.Name) else None
        if info is not None and info[0].const:
            value = self.rt.globals.get(node.key) if isinstance(node, n.Name) else None
            if value is not None:
                return to_int(value)
        self.diag(node, "constant_dimension")
        return 0

    # ---- names -------------------------------------------------------------------------------
    def _kw(self, token_type: str) -> str:
        return self.cat.keyword_name(token_type, self.lang)

    def _lookup_var(self, key: str) -> tuple[VarInfo, int] | None:
        """Find a variable: (info, distance) — distance -1 means global."""
        scope: Scope | None = self.scope
        depth = 0
        while scope is not None:
            if key in scope.vars:
                return scope.vars[key], (-1 if scope is self.globals else depth)
            scope = scope.parent
            depth += 1
        if key in self.globals.vars:
            return self.globals.vars[key], -1
        return None

    def _lookup_proc(self, key: str) -> tuple[Proc, int] | None:
        scope: Scope | None = self.scope
        depth = 0
        while scope is not None:
            if key in scope.procs and scope is not self.globals:
                return scope.procs[key], depth
            scope = scope.parent
            depth += 1
        if key in self.rt.procs:
            return self.rt.procs[key], -1
        if key in self.globals.procs:
            return self.globals.procs[key], -1
        return None

    def _callable(self, name: n.Name) -> object | None:
        if self._lookup_var(name.key) is not None:
            return None
        return self._lookup_proc(name.key) or self.cat.function(name.name)

    def _unavailable(self, node: n.Node, name: str, family: str) -> Expr:
        """A name wlmail knows but cannot run headless (a window function, a control, HFSQL):
        a warning of its family for ``check``, a fatal error when the line runs (issue 13)."""
        label = self.cat.family_label(family, self.lang)
        message = self.cat.message("unavailable", self.lang, name=name, family=label)
        self.diags.append(
            Diagnostic("warning", node.line, node.col, message, f"unavailable_{family}")
        )
        return raiser("unavailable", node, name=name, family=label)

    def _data_file(self, name: n.Name) -> None:
        """A name passed to an HFSQL function: later uses (``Client.Nom``) are HFSQL too."""
        if self._lookup_var(name.key) is None:
            self.rt.extensions.setdefault("data_files", set()).add(name.key)

    def _unknown(self, node: n.Node, name: str) -> Expr:
        family = self.cat.family_of_name(name)
        if not family and fold(name) in self.rt.extensions.get("data_files", ()):
            family = "hfsql"
        if family:
            return self._unavailable(node, name, family)
        hint = self.suggest(fold(name))
        self.diag(node, "unknown_name", name=name, hint=hint)

        return raiser("unknown_name", node, name=name, hint=hint)

    def setter(self, node: n.Node) -> Setter:
        if isinstance(node, n.Name):
            found = self._lookup_var(node.key)
            if found is None:
                unknown = self._unknown(node, node.name)
                name = node.name
                known = bool(self.cat.family_of_name(name))

                def fail(f: Frame, v: Any) -> None:
                    if known:  # a control: "interface (not available in wlmail)"
                        unknown(f)
                    raise WLFault("unknown_name", name=name, hint="")

                return fail
            info, depth = found
            if info.const:
                self.diag(node, "assign_constant", name=node.name)
            return var_setter(node.key, depth, info.vtype.coerce, self.rt.globals)
        if isinstance(node, n.Index):
            return self._index_setter(node)
        if isinstance(node, n.Member):
            target, key, name, rt = self.expr(node.target), node.key, node.name, self.rt
            return lambda f, v: rt.set_member(target(f), key, name, v)
        if isinstance(node, n.TupleExpr):
            setters = [self.setter(item) for item in node.items]

            def assign_each(f: Frame, value: Any) -> None:
                for s, v in zip(setters, unpack(value, len(setters)), strict=True):
                    s(f, v)

            return assign_each
        self.diag(node, "not_assignable")

        def bad(f: Frame, v: Any) -> None:
            raise WLFault("not_assignable")

        return bad

    def _index_setter(self, node: n.Index) -> Setter:
        target = self.expr(node.target)
        idx = [self.expr(a.a) for a in node.args if a.a is not None]

        def run(f: Frame, value: Any) -> None:
            obj = target(f)
            if isinstance(obj, WLArray | WLAssoc):
                obj.set(value, *[i(f) for i in idx])
            else:
                setter = getattr(obj, "wl_set_index", None)
                if setter is None:
                    raise WLFault("not_indexable", value=to_str(obj))
                setter(value, *[i(f) for i in idx])

        return run

    def expr(self, node: n.Node) -> Expr:
        """Compile an expression (implemented by :class:`ExpressionCompiler`)."""
        raise NotImplementedError

    def _builtin_call(
        self, node: n.Node, entry: Entry, arg_nodes: list[n.Node], receiver: Expr | None = None
    ) -> Expr:
        """Compile a call of a catalog function (implemented by :class:`CallCompiler`)."""
        raise NotImplementedError
