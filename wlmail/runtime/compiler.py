"""AST to Python closures: each node becomes ``fn(frame)``; statements return a control code.

Compiling to closures (rather than walking the tree at run time) resolves every name, type and
built-in once, so a loop body costs a few Python calls per node. The same pass collects the
diagnostics of ``wlmail check`` (unknown names, argument counts, unsupported functions).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wlmail.errors import WLRuntimeError
from wlmail.runtime import ops
from wlmail.runtime import types as T
from wlmail.runtime.calls import (
    by_reference,
    internal_error,
    locate,
    raiser,
    unpack,
)
from wlmail.runtime.loops import LoopCompiler
from wlmail.runtime.scope import (
    COMPILE_ERRORS,
    DEFAULT,
    VARIADIC_NAMES,
    Diagnostic,
    Expr,
    InternalError,
    Scope,
    Setter,
    Stmt,
    VarInfo,
)
from wlmail.runtime.state import (
    BREAK,
    CONTINUE,
    RETURN,
    Frame,
    ParamInfo,
    Proc,
)
from wlmail.runtime.values import (
    WLFault,
    copy_value,
    equals,
    to_bool,
)
from wlmail.syntax import nodes as n

__all__ = [
    "COMPILE_ERRORS",
    "DEFAULT",
    "VARIADIC_NAMES",
    "Compiler",
    "Diagnostic",
    "Expr",
    "InternalError",
    "Scope",
    "Setter",
    "Stmt",
    "VarInfo",
]


class Compiler(LoopCompiler):
    """Compiles one program (or one REPL input) against a :class:`Runtime`: the program and its
    procedures, blocks and statements (``s_<Node>``); expressions come from the base classes."""

    # ---- program ---------------------------------------------------------------------------
    def compile_program(self) -> Stmt:
        self.declare_classes()
        procs = [p for p in self.program.procs if id(p) not in self.method_of]
        for proc in procs:
            self._declare_proc(proc, self.rt.procs)
        main = self.block(self.program.body)
        for proc in self.program.procs:
            method = self.method_of.get(id(proc))
            self._compile_proc(proc, method or self.rt.procs[proc.name.key])
        return main

    def _compile_proc(self, node: n.ProcDef, proc: Proc) -> None:
        outer_scope, outer_cls = self.scope, self.enter_proc(node, proc)
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
            self.scope, self.cls = outer_scope, outer_cls

    def _param(self, p: n.Param) -> ParamInfo:
        vtype = self.vtype(p.type) if p.type is not None else T.VARIANT
        self.scope.vars[p.name.key] = VarInfo(p.name.name, vtype)
        default = self.expr(p.default) if p.default is not None else None
        coerce = vtype.coerce if p.local else by_reference(vtype.coerce)
        return ParamInfo(p.name.key, p.name.name, p.local, coerce, default)

    # ---- blocks ------------------------------------------------------------------------------
    def block(self, stmts: list[n.Node]) -> Stmt:
        self._predeclare(stmts)
        for i, stmt in enumerate(stmts):
            if isinstance(stmt, n.WhenException) and stmt.body is None:
                return self._general_handler(stmts[:i], stmt, stmts[i + 1 :])
        for kind in ("exception", "error"):  # CAS EXCEPTION: also covers what CAS ERREUR: ends
            for i, stmt in enumerate(stmts):
                if isinstance(stmt, n.ProcLabel) and stmt.kind == kind:
                    return self._handler_label(stmts[:i], stmt, stmts[i + 1 :])
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
                locate(err, rt, *where[i])
                raise
            except RecursionError:
                raise locate(WLFault("stack_overflow"), rt, *where[i]) from None
            except (InternalError, KeyboardInterrupt, SystemExit, GeneratorExit):
                raise
            except ZeroDivisionError:
                raise locate(WLFault("division_by_zero"), rt, *where[i]) from None
            except (ArithmeticError, MemoryError):  # float/Decimal overflow, huge repeats
                raise locate(WLFault("overflow"), rt, *where[i]) from None
            except ValueError as err:
                if "digits" not in str(err):  # int <-> str of more than 4300 digits
                    raise internal_error(err, rt, *where[i]) from err
                raise locate(WLFault("overflow"), rt, *where[i]) from None
            except Exception as err:
                raise internal_error(err, rt, *where[i]) from err
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
        special = self.object_decl(node)
        if special is not None:
            return special
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
            values = unpack(value(f), len(keys))
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

    def s_Extern(self, node: n.Extern) -> Stmt:
        """``EXTERNE nom``: a variable that exists when the program runs (a variant here);
        ``EXTERNE "fichier"`` is spliced by the project loader (wlmail/project.py) before."""
        if node.path is not None:
            self.diag(node, "extern_not_loaded", path=node.path)
            return raiser("extern_not_loaded", node, path=node.path)
        fresh = [nm for nm in node.names if self._lookup_var(nm.key) is None]
        for nm in fresh:
            self.scope.vars[nm.key] = VarInfo(nm.name, T.VARIANT)
        keys = [nm.key for nm in fresh]

        def run(f: Frame) -> None:
            for key in keys:
                f.vars.setdefault(key, T.VARIANT.default())

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

    def _struct(self, node: n.StructDecl) -> None:
        fields: dict[str, tuple[str, T.VType]] = {}
        for decl in node.fields:
            vt = self.vtype(decl.type)
            for nm in decl.names:
                fields[nm.key] = (nm.name, vt)
        self.structs[node.name.key] = T.struct_type(node.name.name, fields)
