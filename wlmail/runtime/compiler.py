"""AST to Python closures: each node becomes ``fn(frame)``; statements return a control code.

Compiling to closures (rather than walking the tree at run time) resolves every name, type and
built-in once, so a loop body costs a few Python calls per node. The same pass collects the
diagnostics of ``wlmail check`` (unknown names, argument counts, unsupported functions).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from wlmail.builtins import implementation
from wlmail.catalog import Entry, fold
from wlmail.errors import WLError, WLRuntimeError
from wlmail.record import field, record
from wlmail.runtime import ops
from wlmail.runtime import types as T
from wlmail.runtime.state import (
    BREAK,
    CONTINUE,
    MAX_DEPTH,
    RETURN,
    Frame,
    ParamInfo,
    Proc,
    Runtime,
    value_owner,
)
from wlmail.runtime.values import (
    OutArg,
    WLArray,
    WLAssoc,
    WLFault,
    WLStruct,
    copy_value,
    equals,
    to_bool,
    to_int,
    to_num,
    to_str,
)
from wlmail.syntax import nodes as n

Expr = Callable[[Frame], Any]
Stmt = Callable[[Frame], int | None]
Setter = Callable[[Frame, Any], None]
DEFAULT = object()  # `*` passed as an argument
# Diagnostics that stop a script before it runs (the others surface when their line runs).
COMPILE_ERRORS = frozenset(
    {
        "break_outside_loop",
        "assign_constant",
        "misplaced_else",
        "not_assignable",
        "unknown_type",
        "constant_dimension",
        "unsupported_type",
    }
)
VARIADIC_NAMES = {"mesparametres": "MesParamètres", "myparameters": "MyParameters"}


@record
class Diagnostic:
    severity: str
    line: int
    col: int
    message: str
    code: str = ""


@record
class VarInfo:
    name: str
    vtype: T.VType
    const: bool = False


@record
class Scope:
    kind: str  # main | proc
    parent: Scope | None = None
    vars: dict[str, VarInfo] = field(default_factory=dict)
    procs: dict[str, Proc] = field(default_factory=dict)
    loops: int = 0


class InternalError(WLError):
    """A bug in wlmail, not in the script."""


class Compiler:
    """Compiles one program (or one REPL input) against a :class:`Runtime`."""

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

    # ---- program ---------------------------------------------------------------------------
    def compile_program(self) -> Stmt:
        for proc in self.program.procs:
            self._declare_proc(proc, self.rt.procs)
        main = self.block(self.program.body)
        for proc in self.program.procs:
            self._compile_proc(proc, self.rt.procs[proc.name.key])
        return main

    def _declare_proc(self, node: n.ProcDef, table: dict[str, Proc]) -> Proc:
        proc = Proc(node.name.name, node.name.key, None, internal=node.internal, line=node.line)
        table[node.name.key] = proc
        return proc

    def _compile_proc(self, node: n.ProcDef, proc: Proc) -> None:
        outer_scope = self.scope
        self.scope = Scope("proc", parent=outer_scope if node.internal else None)
        try:
            if node.params is not None:
                proc.params = [self._param(p) for p in node.params]
            else:
                for key, shown in VARIADIC_NAMES.items():
                    self.scope.vars[key] = VarInfo(shown, T.VARIANT)
            if node.returns:
                rtype = self.vtype(node.returns[0]) if len(node.returns) == 1 else T.VARIANT
                proc.returns, proc.default_result = rtype.coerce, rtype.default
            proc.body = self.block(node.body)
        finally:
            self.scope = outer_scope

    def _param(self, p: n.Param) -> ParamInfo:
        vtype = self.vtype(p.type) if p.type is not None else T.VARIANT
        self.scope.vars[p.name.key] = VarInfo(p.name.name, vtype)
        default = self.expr(p.default) if p.default is not None else None
        coerce = vtype.coerce if p.local else _by_reference(vtype.coerce)
        return ParamInfo(p.name.key, p.name.name, p.local, coerce, default)

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
            self.diag(spec, "unsupported_type", name=entry.name(self.lang), reason=entry.reason)
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

    # ---- blocks ------------------------------------------------------------------------------
    def block(self, stmts: list[n.Node]) -> Stmt:
        self._predeclare(stmts)
        for i, stmt in enumerate(stmts):
            if isinstance(stmt, n.WhenException) and stmt.body is None:
                return self._general_handler(stmts[:i], stmt, stmts[i + 1 :])
        return self._sequence(stmts)

    def _predeclare(self, stmts: list[n.Node]) -> None:
        """Internal procedures and structures can be used before the line declaring them."""
        for stmt in stmts:
            if isinstance(stmt, n.StructDecl):
                self._struct(stmt)
        for stmt in stmts:
            if isinstance(stmt, n.ProcDef) and stmt.name.key not in self.scope.procs:
                self._declare_proc(stmt, self.scope.procs)

    def _sequence(self, stmts: list[n.Node]) -> Stmt:
        fns = [self.stmt(s) for s in stmts]
        where = [(s.line, s.col) for s in stmts]
        rt = self.rt
        if not fns:
            return lambda f: None

        def run(f: Frame) -> int | None:
            i = 0
            try:
                for fn in fns:
                    r = fn(f)
                    if r:
                        return r
                    i += 1
            except WLRuntimeError as err:
                _locate(err, rt, *where[i])
                raise
            except RecursionError:
                raise _locate(WLFault("stack_overflow"), rt, *where[i]) from None
            except (InternalError, KeyboardInterrupt, SystemExit, GeneratorExit):
                raise
            except Exception as err:
                raise _internal(err, rt, *where[i]) from err
            return None

        return run

    def _general_handler(
        self, before: list[n.Node], handler: n.WhenException, after: list[n.Node]
    ) -> Stmt:
        """``QUAND EXCEPTION`` covers what follows it; after the handler the process ends."""
        first, handle, rest = self._sequence(before), self.block(handler.handler), self.block(after)
        rt = self.rt

        def run(f: Frame) -> int | None:
            r = first(f)
            if r:
                return r
            try:
                return rest(f)
            except WLRuntimeError as err:
                rt.exception = err
                r = handle(f)
                return r if r == RETURN else RETURN

        return run

    # ---- statements --------------------------------------------------------------------------
    def stmt(self, node: n.Node) -> Stmt:
        method: Callable[[Any], Stmt] = getattr(self, "s_" + type(node).__name__)
        return method(node)

    def s_ExprStmt(self, node: n.ExprStmt) -> Stmt:
        expr = node.expr
        if isinstance(expr, n.Name):
            callee = self._callable(expr)
            if callee is not None:
                expr = n.Call(expr.line, expr.col, expr, [])
        fn = self.expr(expr)

        def run(f: Frame) -> None:
            fn(f)

        return run

    def s_Assign(self, node: n.Assign) -> Stmt:
        value = self.expr(node.value)
        setter = self.setter(node.target)

        def run(f: Frame) -> None:
            setter(f, value(f))

        return run

    def s_AugAssign(self, node: n.AugAssign) -> Stmt:
        get, setter = self.expr(node.target), self.setter(node.target)
        if node.op == "+" and isinstance(node.value, n.ArrayLit) and len(node.value.items) == 1:
            value, op = self.expr(node.value.items[0]), ops.optional_concat
        else:
            value = self.expr(node.value)
            op = {"+": ops.add, "-": ops.sub, "*": ops.mul, "/": ops.div}[node.op]
            if node.op == "+":

                def add(f: Frame) -> None:
                    a: Any = get(f)
                    b: Any = value(f)
                    kind = type(a)
                    if kind is type(b) and (kind is int or kind is str):
                        setter(f, a + b)
                    else:
                        setter(f, op(a, b))

                return add

        def run(f: Frame) -> None:
            setter(f, op(get(f), value(f)))

        return run

    def s_IncDec(self, node: n.IncDec) -> Stmt:
        get, setter = self.expr(node.target), self.setter(node.target)
        step = 1 if node.op == "+" else -1

        def run(f: Frame) -> None:
            v = get(f)
            setter(f, v + step if type(v) is int else ops.add(v, step))

        return run

    def s_Decl(self, node: n.Decl) -> Stmt:
        vtype = self.vtype(node.type)
        init = self.expr(node.init) if node.init is not None else None
        keys = [nm.key for nm in node.names]
        for nm in node.names:
            self.scope.vars[nm.key] = VarInfo(nm.name, vtype)
        coerce, default = vtype.coerce, vtype.default

        def run(f: Frame) -> None:
            if init is not None:
                value = init(f)
                for key in keys:
                    f.vars[key] = coerce(value)
            else:
                for key in keys:
                    f.vars[key] = default()

        return run

    def s_Let(self, node: n.Let) -> Stmt:
        value = self.expr(node.value)
        keys = [nm.key for nm in node.names]
        literal = node.value
        guess = T.infer(literal.value) if isinstance(literal, n.Num | n.Str) else T.VARIANT
        for nm in node.names:
            self.scope.vars[nm.key] = VarInfo(nm.name, guess if not node.unpack else T.VARIANT)
        if not node.unpack:
            key = keys[0]

            def let(f: Frame) -> None:
                f.vars[key] = copy_value(value(f))

            return let

        def run(f: Frame) -> None:
            values = _unpack(value(f), len(keys))
            for key, v in zip(keys, values, strict=True):
                f.vars[key] = copy_value(v)

        return run

    def s_ScopeMark(self, node: n.ScopeMark) -> Stmt:
        return lambda f: None

    def s_Break(self, node: n.Break) -> Stmt:
        if not self.scope.loops:
            self.diag(node, "break_outside_loop", word=self._kw("BREAK"))
        return lambda f: BREAK

    def s_Continue(self, node: n.Continue) -> Stmt:
        if not self.scope.loops:
            self.diag(node, "break_outside_loop", word=self._kw("CONTINUE"))
        return lambda f: CONTINUE

    def s_Return(self, node: n.Return) -> Stmt:
        if node.value is None:
            return lambda f: RETURN
        value = self.expr(node.value)

        def run(f: Frame) -> int:
            f.result = value(f)
            return RETURN

        return run

    def s_If(self, node: n.If) -> Stmt:
        arms = [(self.expr(c), self.block(b)) for c, b in node.arms]
        other = self.block(node.other) if node.other is not None else None
        if len(arms) == 1:
            cond, body = arms[0]

            def run1(f: Frame) -> int | None:
                c = cond(f)
                if c is True or (c is not False and to_bool(c)):
                    return body(f)
                return other(f) if other is not None else None

            return run1

        def run(f: Frame) -> int | None:
            for cond, body in arms:
                if to_bool(cond(f)):
                    return body(f)
            return other(f) if other is not None else None

        return run

    def s_Switch(self, node: n.Switch) -> Stmt:
        subject = self.expr(node.subject)
        cases = [([self._label(lb) for lb in c.labels], self.block(c.body)) for c in node.cases]
        other = self.block(node.other) if node.other is not None else None

        def run(f: Frame) -> int | None:
            v = subject(f)
            for labels, body in cases:
                for test in labels:
                    if test(f, v):
                        return body(f)
            return other(f) if other is not None else None

        return run

    def _label(self, lb: n.CaseLabel) -> Callable[[Frame, Any], bool]:
        a = self.expr(lb.a) if lb.a is not None else None
        b = self.expr(lb.b) if lb.b is not None else None
        cmp = ops.COMPARE
        if lb.kind == "value":
            assert a is not None
            return lambda f, v: equals(v, a(f))
        if lb.kind == "range":
            assert a is not None and b is not None
            return lambda f, v: cmp["GE"](v, a(f)) and cmp["LE"](v, b(f))
        if lb.kind == "upto":
            assert b is not None
            return lambda f, v: cmp["LE"](v, b(f))
        if lb.kind == "from":
            assert a is not None
            return lambda f, v: cmp["GE"](v, a(f))
        if lb.kind == "cmp":
            assert a is not None
            op = cmp[lb.op]
            return lambda f, v: op(v, a(f))
        assert a is not None and b is not None
        op1, op2 = cmp[lb.op], cmp[lb.op2]
        return lambda f, v: op1(a(f), v) and op2(v, b(f))

    def _loop_body(self, body: list[n.Node]) -> Stmt:
        self.scope.loops += 1
        try:
            return self.block(body)
        finally:
            self.scope.loops -= 1

    def s_For(self, node: n.For) -> Stmt:
        if self._lookup_var(node.var.key) is None:
            self.scope.vars[node.var.key] = VarInfo(node.var.name, T.scalar("int"))
        get, setter = self.expr(node.var), self.setter(node.var)
        start, stop = self.expr(node.start), self.expr(node.stop)
        step = self.expr(node.step) if node.step is not None else (lambda f: 1)
        body, once = self._loop_body(node.body), node.once

        def run(f: Frame) -> int | None:
            i: Any = to_num(start(f))
            inc: Any = to_num(step(f))
            limit = to_num(stop(f))
            setter(f, i)
            while True:
                if not once:
                    limit = to_num(stop(f))
                if (inc >= 0 and i > limit) or (inc < 0 and i < limit):
                    return None
                r = body(f)
                if r == BREAK:
                    return None
                if r == RETURN:
                    return r
                i = to_num(get(f)) + inc
                setter(f, i)

        return run

    def s_ForEach(self, node: n.ForEach) -> Stmt:
        for var in node.vars:
            if self._lookup_var(var.key) is None:
                self.scope.vars[var.key] = VarInfo(var.name, T.VARIANT)
        setters = [self.setter(v) for v in node.vars]
        source = self.expr(node.iterable)
        sep = self.expr(node.separator) if node.separator is not None else None
        body = self._loop_body(node.body)

        def items(f: Frame) -> Any:
            src = source(f)
            if sep is not None:
                return [(p, i) for i, p in enumerate(_split(to_str(src), sep(f)), 1)]
            if isinstance(src, WLArray):
                return ((src.items[i], i + 1) for i in range(len(src.items)))
            if isinstance(src, WLAssoc):
                return ((v, k, i) for i, (k, v) in enumerate(list(src.items.items()), 1))
            if isinstance(src, str):
                return [(c, i) for i, c in enumerate(src, 1)]
            raise WLFault("not_iterable", value=to_str(src))

        def run(f: Frame) -> int | None:
            for item in items(f):
                for setter, value in zip(setters, item, strict=False):
                    setter(f, value)
                r = body(f)
                if r == BREAK:
                    return None
                if r == RETURN:
                    return r
            return None

        return run

    def s_While(self, node: n.While) -> Stmt:
        cond, body = self.expr(node.cond), self._loop_body(node.body)

        def run(f: Frame) -> int | None:
            while to_bool(cond(f)):
                r = body(f)
                if r == BREAK:
                    return None
                if r == RETURN:
                    return r
            return None

        return run

    def s_Loop(self, node: n.Loop) -> Stmt:
        body = self._loop_body(node.body)
        until = self.expr(node.until) if node.until is not None else None

        def run(f: Frame) -> int | None:
            while True:
                r = body(f)
                if r == BREAK:
                    return None
                if r == RETURN:
                    return r
                if until is not None and not to_bool(until(f)):
                    return None

        return run

    def s_LoopCount(self, node: n.LoopCount) -> Stmt:
        count, body = self.expr(node.count), self._loop_body(node.body)

        def run(f: Frame) -> int | None:
            for _ in range(to_int(count(f))):
                r = body(f)
                if r == BREAK:
                    return None
                if r == RETURN:
                    return r
            return None

        return run

    def s_WhenException(self, node: n.WhenException) -> Stmt:
        assert node.body is not None
        body, handler = self.block(node.body), self.block(node.handler)
        other = self.block(node.other) if node.other is not None else None
        rt = self.rt

        def run(f: Frame) -> int | None:
            try:
                r = body(f)
            except WLRuntimeError as err:
                rt.exception = err
                return handler(f)
            if r:
                return r
            return other(f) if other is not None else None

        return run

    def s_ConstBlock(self, node: n.ConstBlock) -> Stmt:
        assigns: list[tuple[str, Expr]] = []
        for d in node.defs:
            value = self.expr(d.value)
            self.globals.vars[d.name.key] = VarInfo(d.name.name, T.VARIANT, const=True)
            assigns.append((d.name.key, value))
        globals_ = self.rt.globals
        for key, value in assigns:  # constants are known before the code runs
            try:
                globals_[key] = value(Frame(globals_))
            except WLRuntimeError:
                pass

        def run(f: Frame) -> None:
            for key, value in assigns:
                globals_[key] = value(f)

        return run

    def s_ProcDef(self, node: n.ProcDef) -> Stmt:
        proc = self.scope.procs.get(node.name.key) or self._declare_proc(node, self.scope.procs)
        self._compile_proc(node, proc)
        return lambda f: None

    def s_StructDecl(self, node: n.StructDecl) -> Stmt:
        return lambda f: None

    def _struct(self, node: n.StructDecl) -> None:
        fields: dict[str, tuple[str, T.VType]] = {}
        for decl in node.fields:
            vt = self.vtype(decl.type)
            for nm in decl.names:
                fields[nm.key] = (nm.name, vt)
        self.structs[node.name.key] = T.struct_type(node.name.name, fields)

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

    def x_Name(self, node: n.Name) -> Expr:
        key = node.key
        found = self._lookup_var(key)
        if found is not None:
            return _var_getter(key, node.name, found[1], self.rt.globals)
        entry = self.cat.constant(node.name)
        if entry is not None:
            if isinstance(entry.value, dict) and entry.value.get("kind") == "global":
                return self._global_object(entry)
            value = _constant_value(entry)
            return lambda f: value
        fentry = self.cat.function(node.name)
        if fentry is not None and fentry.variable:
            return self._builtin_call(node, fentry, [])
        proc = self._lookup_proc(key)
        if proc is not None:
            ref = proc[0]
            return lambda f: ref
        return self._unknown(node, node.name)

    def _global_object(self, entry: Entry) -> Expr:
        """A predefined object, one per run (the legacy ``Email`` structure)."""
        rt, type_id = self.rt, str(entry.value["type"])
        self._load_host(self.cat.types[type_id])
        objects = rt.extensions.setdefault("global_objects", {})

        def get(f: Frame) -> Any:
            obj = objects.get(entry.id)
            if obj is None:
                obj = objects[entry.id] = T.HOST_FACTORIES[type_id]()
            return obj

        return get

    def _unknown(self, node: n.Node, name: str) -> Expr:
        hint = self.suggest(fold(name))
        self.diag(node, "unknown_name", name=name, hint=hint)

        return _raiser("unknown_name", node, name=name, hint=hint)

    def setter(self, node: n.Node) -> Setter:
        if isinstance(node, n.Name):
            found = self._lookup_var(node.key)
            if found is None:
                self._unknown(node, node.name)
                name = node.name

                def fail(f: Frame, v: Any) -> None:
                    raise WLFault("unknown_name", name=name, hint="")

                return fail
            info, depth = found
            if info.const:
                self.diag(node, "assign_constant", name=node.name)
            return _var_setter(node.key, depth, info.vtype.coerce, self.rt.globals)
        if isinstance(node, n.Index):
            return self._index_setter(node)
        if isinstance(node, n.Member):
            target, key, name, rt = self.expr(node.target), node.key, node.name, self.rt
            return lambda f, v: rt.set_member(target(f), key, name, v)
        if isinstance(node, n.TupleExpr):
            setters = [self.setter(item) for item in node.items]

            def unpack(f: Frame, value: Any) -> None:
                for s, v in zip(setters, _unpack(value, len(setters)), strict=True):
                    s(f, v)

            return unpack
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

    # ---- expressions -------------------------------------------------------------------------
    def expr(self, node: n.Node) -> Expr:
        method: Callable[[Any], Expr] = getattr(self, "x_" + type(node).__name__)
        return method(node)

    def x_Num(self, node: n.Num) -> Expr:
        value = node.value
        return lambda f: value

    def x_Str(self, node: n.Str) -> Expr:
        value = node.value
        return lambda f: value

    def x_Interp(self, node: n.Interp) -> Expr:
        parts = [_literal(p) if isinstance(p, str) else self.expr(p) for p in node.parts]
        return lambda f: "".join(to_str(p(f)) for p in parts)

    def x_BinOp(self, node: n.BinOp) -> Expr:
        left, right = self.expr(node.left), self.expr(node.right)
        op = ops.ARITH[node.op]
        if node.op == "PLUS":

            def plus(f: Frame) -> Any:
                a, b = left(f), right(f)
                if type(a) is int and type(b) is int:
                    return a + b
                if type(a) is str and type(b) is str:
                    return a + b
                return op(a, b)

            return plus
        if node.op == "MODULO":

            def mod(f: Frame) -> Any:
                a, b = left(f), right(f)
                if type(a) is int and type(b) is int and a >= 0 and b > 0:
                    return a % b  # the common case; signs follow the dividend otherwise
                return op(a, b)

            return mod
        if node.op in ("MINUS", "STAR"):
            fast: Callable[[int, int], int] = int.__sub__ if node.op == "MINUS" else int.__mul__

            def arith(f: Frame) -> Any:
                a, b = left(f), right(f)
                if type(a) is int and type(b) is int:
                    return fast(a, b)
                return op(a, b)

            return arith
        return lambda f: op(left(f), right(f))

    def x_OptConcat(self, node: n.OptConcat) -> Expr:
        left, right = self.expr(node.left), self.expr(node.right)
        return lambda f: ops.optional_concat(left(f), right(f))

    def x_UnOp(self, node: n.UnOp) -> Expr:
        operand = self.expr(node.operand)
        if node.op == "PLUS":
            return lambda f: to_num(operand(f))
        return lambda f: ops.negate(operand(f))

    def x_Logic(self, node: n.Logic) -> Expr:
        left, right = self.expr(node.left), self.expr(node.right)
        if node.op == "AND_SC":
            return lambda f: to_bool(left(f)) and to_bool(right(f))
        if node.op == "OR_SC":
            return lambda f: to_bool(left(f)) or to_bool(right(f))
        if node.op == "AND":

            def both(f: Frame) -> bool:
                a, b = to_bool(left(f)), to_bool(right(f))
                return a and b

            return both

        def either(f: Frame) -> bool:
            a, b = to_bool(left(f)), to_bool(right(f))
            return a or b

        return either

    def x_Not(self, node: n.Not) -> Expr:
        operand = self.expr(node.operand)
        return lambda f: not to_bool(operand(f))

    def x_Compare(self, node: n.Compare) -> Expr:
        left, right = self.expr(node.left), self.expr(node.right)
        op = ops.COMPARE[node.op]
        if node.op in ("LT", "LE", "GT", "GE"):
            fast = {"LT": int.__lt__, "LE": int.__le__, "GT": int.__gt__, "GE": int.__ge__}[node.op]

            def ordered(f: Frame) -> bool:
                a, b = left(f), right(f)
                if type(a) is int and type(b) is int:
                    return fast(a, b)
                return op(a, b)

            return ordered
        if node.op == "EQ":

            def eq(f: Frame) -> bool:
                a, b = left(f), right(f)
                kind = type(a)
                if kind is type(b) and (kind is int or kind is str):
                    return bool(a == b)
                return op(a, b)

            return eq
        return lambda f: op(left(f), right(f))

    def x_CompareRange(self, node: n.CompareRange) -> Expr:
        value, low, high = self.expr(node.value), self.expr(node.low), self.expr(node.high)
        ge, le = ops.COMPARE["GE"], ops.COMPARE["LE"]

        def run(f: Frame) -> bool:
            v = value(f)
            return ge(v, low(f)) and le(v, high(f))

        return run

    def x_CompareChain(self, node: n.CompareChain) -> Expr:
        left, mid, right = self.expr(node.left), self.expr(node.mid), self.expr(node.right)
        op1, op2 = ops.COMPARE[node.op1], ops.COMPARE[node.op2]

        def run(f: Frame) -> bool:
            m = mid(f)
            return op1(left(f), m) and op2(m, right(f))

        return run

    def x_InList(self, node: n.InList) -> Expr:
        value = self.expr(node.value)
        items = [self.expr(i) for i in node.items]
        negate = node.negate

        def run(f: Frame) -> bool:
            v = value(f)
            found = any(equals(v, item(f)) for item in items)
            return found != negate

        return run

    def x_Ternary(self, node: n.Ternary) -> Expr:
        cond, then, other = self.expr(node.cond), self.expr(node.then), self.expr(node.other)
        return lambda f: then(f) if to_bool(cond(f)) else other(f)

    def x_TupleExpr(self, node: n.TupleExpr) -> Expr:
        items = [self.expr(i) for i in node.items]
        return lambda f: tuple(i(f) for i in items)

    def x_ArrayLit(self, node: n.ArrayLit) -> Expr:
        items = [self.expr(i) for i in node.items]
        return lambda f: WLArray("variant", [i(f) for i in items], (), True)

    def x_DefaultArg(self, node: n.DefaultArg) -> Expr:
        return lambda f: DEFAULT

    def x_ElseArg(self, node: n.ElseArg) -> Expr:
        self.diag(node, "misplaced_else")
        return self.expr(node.value)

    def x_Member(self, node: n.Member) -> Expr:
        target, key, name, rt = self.expr(node.target), node.key, node.name, self.rt
        return lambda f: rt.get_member(target(f), key, name)

    def x_Index(self, node: n.Index) -> Expr:
        target = self.expr(node.target)
        if len(node.args) == 1 and node.args[0].kind != "one":
            arg = node.args[0]
            a = self.expr(arg.a) if arg.a is not None else (lambda f: None)
            b = self.expr(arg.b) if arg.b is not None else (lambda f: None)
            kind = arg.kind
            return lambda f: ops.substring(target(f), kind, a(f), b(f))
        idx = [self.expr(a.a) for a in node.args if a.a is not None]
        if len(idx) == 1:
            one = idx[0]

            def get1(f: Frame) -> Any:
                obj = target(f)
                if isinstance(obj, WLArray | WLAssoc):
                    return obj.get(one(f))
                return _index_other(obj, one(f))

            return get1

        def get(f: Frame) -> Any:
            obj = target(f)
            if isinstance(obj, WLArray):
                return obj.get(*[i(f) for i in idx])
            raise WLFault("not_indexable", value=to_str(obj))

        return get

    def x_Substring(self, node: n.Substring) -> Expr:
        target, arg = self.expr(node.target), node.arg
        a = self.expr(arg.a) if arg.a is not None else (lambda f: None)
        b = self.expr(arg.b) if arg.b is not None else (lambda f: None)
        kind = arg.kind
        return lambda f: ops.substring(target(f), kind, a(f), b(f))

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
        return lambda f: _not_callable(callee(f))

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
            return lambda f: _call_value(rt, callee(f), [a(f) for a in args])
        return self._unknown(func, func.name)

    def _args(self, args: list[n.Node]) -> list[Expr]:
        return [self.expr(a) for a in args]

    def _builtin_call(
        self, node: n.Node, entry: Entry, arg_nodes: list[n.Node], receiver: Expr | None = None
    ) -> Expr:
        count = len(arg_nodes) + (receiver is not None)
        shown = entry.name(self.lang)
        if entry.status == "unsupported":
            self.diag(node, "unsupported_function", name=shown, reason=entry.reason)
            return _raiser("unsupported_function", node, name=shown, reason=entry.reason)
        if not entry.min_args <= count <= entry.max_args:
            self.diag(
                node, "arg_count", name=shown, count=count, low=entry.min_args, high=entry.max_args
            )
            return _raiser(
                "arg_count",
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
        return lambda f: _call_method(rt, target(f), key, name, [a(f) for a in args])

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
            outer = f if depth == 0 else _frame_at(f, depth) if depth > 0 else None
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


# ---- run-time helpers ------------------------------------------------------------------------
def _by_reference(coerce: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A parameter passed by reference shares arrays, structures and objects with the caller."""

    def share(value: Any) -> Any:
        if isinstance(value, WLArray | WLAssoc | WLStruct) or hasattr(value, "wl_type"):
            return value
        return coerce(value)

    return share


def invoke(rt: Runtime, proc: Proc, args: list[Any], outer: Frame | None) -> tuple[Any, Frame]:
    """Call a user procedure; returns its result and its frame (for by-reference copy-out)."""
    frame = Frame({}, outer)
    params = proc.params
    if params is None:
        shared = WLArray("variant", list(args), (), True)
        for key in VARIADIC_NAMES:
            frame.vars[key] = shared
    else:
        if len(args) > len(params):
            raise WLFault("too_many_args", name=proc.name, count=len(args), high=len(params))
        for i, p in enumerate(params):
            if i < len(args) and args[i] is not DEFAULT:
                frame.vars[p.key] = p.coerce(args[i])
            elif p.default is not None:
                frame.vars[p.key] = p.coerce(p.default(frame))
            else:
                raise WLFault("missing_arg", name=p.name, proc=proc.name)
    if rt.depth >= MAX_DEPTH:
        raise WLFault("stack_overflow")
    rt.depth += 1
    try:
        proc.body(frame)
    finally:
        rt.depth -= 1
    result = frame.result
    if proc.returns is not None:
        if result is None and proc.default_result is not None:
            return proc.default_result(), frame
        if not isinstance(result, tuple):
            result = proc.returns(result)
    return result, frame


def _var_getter(key: str, name: str, depth: int, globals_: dict[str, Any]) -> Expr:
    if depth == 0:

        def local(f: Frame) -> Any:
            try:
                return f.vars[key]
            except KeyError:
                raise WLFault("unset_variable", name=name) from None

        return local
    if depth < 0:

        def global_(f: Frame) -> Any:
            try:
                return globals_[key]
            except KeyError:
                raise WLFault("unset_variable", name=name) from None

        return global_

    def outer(f: Frame) -> Any:
        try:
            return _frame_at(f, depth).vars[key]
        except KeyError:
            raise WLFault("unset_variable", name=name) from None

    return outer


def _var_setter(
    key: str, depth: int, coerce: Callable[[Any], Any], globals_: dict[str, Any]
) -> Setter:
    if depth == 0:

        def local(f: Frame, v: Any) -> None:
            f.vars[key] = coerce(v)

        return local
    if depth < 0:

        def global_(f: Frame, v: Any) -> None:
            globals_[key] = coerce(v)

        return global_

    def outer(f: Frame, v: Any) -> None:
        _frame_at(f, depth).vars[key] = coerce(v)

    return outer


def _frame_at(f: Frame, depth: int) -> Frame:
    for _ in range(depth):
        assert f.outer is not None
        f = f.outer
    return f


def _unpack(value: Any, count: int) -> list[Any]:
    items = (
        list(value)
        if isinstance(value, tuple)
        else (list(value.items) if isinstance(value, WLArray) else [value])
    )
    if len(items) < count:
        items += [None] * (count - len(items))
    return items[:count]


def _split(text: str, sep: Any) -> list[str]:
    separators = [to_str(s) for s in sep.items] if isinstance(sep, WLArray) else [to_str(sep)]
    pieces = [text]
    for s in separators:
        if s:
            pieces = [p for piece in pieces for p in piece.split(s)]
    return pieces


def _index_other(obj: Any, i: Any) -> Any:
    if isinstance(obj, str):
        return ops.substring(obj, "one", i, None)
    getter = getattr(obj, "wl_get_index", None)
    if getter is not None:
        return getter(i)
    raise WLFault("not_indexable", value=to_str(obj))


def _call_method(rt: Runtime, obj: Any, key: str, name: str, args: list[Any]) -> Any:
    method = getattr(obj, "wl_method", None)
    if method is not None:
        found = method(rt, key)
        if found is not None:
            return found(*args)
    owner = getattr(obj, "wl_type", "") or value_owner(obj)
    # a method name of the object's type (`s.OuvreSession()`) first, then any function name
    candidates = rt.catalog.method_names.get(key, [])
    entry = next((e for e in candidates if e.owner == owner), None) or next(
        (e for e in candidates if not e.owner), None
    )
    if entry is None:
        entry = rt.catalog.function_names.get(key)
    if entry is None or entry.status == "unsupported":
        raise WLFault("unknown_method", name=name)
    impl = implementation(entry)
    if impl is None:
        raise WLFault("unknown_method", name=name)
    if impl.fallible:
        rt.clear_error()
    return impl.fn(rt, obj, *args)


def _call_value(rt: Runtime, callee: Any, args: list[Any]) -> Any:
    if isinstance(callee, Proc):
        return invoke(rt, callee, args, None)[0]
    return _not_callable(callee)


def _not_callable(value: Any) -> Any:
    raise WLFault("not_callable", value=to_str(value))


def _literal(value: Any) -> Expr:
    return lambda f: value


def _raiser(msg_id: str, node: n.Node, **values: Any) -> Expr:
    """A closure raising a fault found at compile time, positioned on ``node``."""

    def fail(f: Frame) -> Any:
        err = WLFault(msg_id, **values)
        err.line, err.column = node.line, node.col
        raise err

    return fail


def _constant_value(entry: Entry) -> Any:
    value = entry.value
    if isinstance(value, dict) and value.get("kind") == "null":
        return None
    return value


def _locate(err: WLRuntimeError, rt: Runtime, line: int, col: int) -> WLRuntimeError:
    """Give a fatal error its position (innermost statement) and its text, once."""
    if not err.line:
        err.line, err.column = line, col
    if not err.filename:
        err.filename = rt.filename
    if isinstance(err, WLFault) and err.message == err.msg_id:
        err.message = rt.msg(err.msg_id, **err.values)
    return err


def _internal(err: Exception, rt: Runtime, line: int, col: int) -> InternalError:
    text = rt.msg("internal_error", error=f"{type(err).__name__}: {err}")
    return InternalError(text, rt.filename, line, col)
