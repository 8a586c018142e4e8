"""``wlmail export --python``: a WLangage script as a readable Python program.

The program is built as a Python :mod:`ast` whose every node carries the WLangage line and
column (hy's model), then written out so that each statement sits on its WLangage line: a
traceback, or a fatal error reported by the support module, names the script's line. Comments
follow their lines. Semantics come from :mod:`wlmail.export.support` (``wl``), which reuses
wlmail's runtime; names are resolved by the compiler itself (:class:`_Annotator`).

Like sqlglot's generators, the exporter reports what it cannot express instead of dropping it:
:class:`ExportError` lists every such construct; with ``allow_unsupported`` the program is
written anyway and the construct becomes ``wl.unsupported(...)``, which fails when it runs.
"""

from __future__ import annotations

import ast
import keyword
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wlmail.catalog import Entry, fold, get_catalog
from wlmail.errors import WLError, WLSyntaxError
from wlmail.runtime import types as T
from wlmail.runtime.compiler import COMPILE_ERRORS, Compiler, Expr, VarInfo
from wlmail.runtime.host import CaptureHost
from wlmail.runtime.state import Frame, Proc, Runtime
from wlmail.syntax import nodes as n
from wlmail.syntax.lexer import detect_lang
from wlmail.syntax.parser import parse_program
from wlmail.syntax.tokens import Token
from wlmail.textsafe import escape

INT_TYPES = frozenset({"int", "int8"})
LITERAL_DEFAULTS: dict[str, Any] = {"int": 0, "int8": 0, "string": "", "bool": False}
COMPARE_NAMES = {"EQ": "eq", "NE": "ne", "LT": "lt", "LE": "le", "GT": "gt", "GE": "ge"}
COMPARE_NAMES["CONTAINS"] = "contains"
PY_COMPARE: dict[str, type[ast.cmpop]] = {
    "EQ": ast.Eq,
    "NE": ast.NotEq,
    "LT": ast.Lt,
    "LE": ast.LtE,
    "GT": ast.Gt,
    "GE": ast.GtE,
}
ARITH_NAMES = {"PLUS": "add", "MINUS": "sub", "STAR": "mul", "SLASH": "div"}
ARITH_NAMES.update({"MODULO": "modulo", "PERCENT": "modulo", "CARET": "power"})
PY_ARITH: dict[str, type[ast.operator]] = {"PLUS": ast.Add, "MINUS": ast.Sub, "STAR": ast.Mult}


class ExportError(WLError):
    """The script uses constructs the exporter cannot express."""

    def __init__(self, problems: list[Unsupported]) -> None:
        first = problems[0]
        super().__init__(first.message, first.filename, first.line, first.column)
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Unsupported:
    filename: str
    line: int
    column: int
    message: str

    def text(self) -> str:
        return escape(f"{self.filename}:{self.line}:{self.column}: unsupported: {self.message}")


@dataclass(slots=True)
class Export:
    source: str
    unsupported: list[Unsupported] = field(default_factory=list)


# ---- names and types: what the compiler resolved ------------------------------------------------
class _Annotator(Compiler):
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


# ---- small ast helpers --------------------------------------------------------------------------
_NOT_YET = {
    "ClassDecl": "a class declaration",
    "RefAssign": "'<-' (reference assignment)",
    "Delete": "freeing an object",
    "CtorCall": "an ancestor's constructor call",
    "SelfMember": "a member of the current object",
    "SelfRef": "the current object",
    "AncestorRef": "the ancestor of the current object",
    "NewObject": "allocating an object",
    "Indirection": "an indirection {…}",
    "Lambda": "a lambda procedure",
    "DurationLit": "a duration literal",
    "IncDecExpr": "'++'/'--' inside an expression",
    "EnumDecl": "an enumeration",
    "ProcLabel": "a label (CAS EXCEPTION:, CAS ERREUR:, name:)",
}


def _not_yet(node: n.Node) -> str:
    return f"{_NOT_YET.get(type(node).__name__, type(node).__name__)} (not exported yet)"


def _wl(attr: str) -> ast.expr:
    return ast.Attribute(ast.Name("wl", ast.Load()), attr, ast.Load())


def _call(func: ast.expr | str, *args: ast.expr, **kwargs: ast.expr) -> ast.Call:
    target = _wl(func) if isinstance(func, str) else func
    return ast.Call(target, list(args), [ast.keyword(k, v) for k, v in kwargs.items()])


def _const(value: Any) -> ast.Constant:
    return ast.Constant(value)


def _name(name: str, store: bool = False) -> ast.Name:
    return ast.Name(name, ast.Store() if store else ast.Load())


def _pyname(name: str) -> str:
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in ("wl", "main"):
        return name + "_"
    return name if name.isidentifier() else "_" + "".join(c if c.isalnum() else "_" for c in name)


def _at(node: ast.AST, where: n.Node | int, col: int = 0) -> Any:
    """Give ``node`` (and its children without a position) a WLangage position."""
    line = where if isinstance(where, int) else where.line
    column = col if isinstance(where, int) else where.col
    for child in ast.walk(node):
        kinds = ast.stmt | ast.expr | ast.excepthandler | ast.arg | ast.keyword
        if isinstance(child, kinds) and getattr(child, "lineno", None) is None:
            child.lineno = child.end_lineno = line
            child.col_offset = child.end_col_offset = max(column - 1, 0)
    return node


def _pure(node: n.Node) -> bool:
    """No call inside: evaluating it twice, or not at all, changes nothing."""
    if isinstance(node, n.Call):
        return False
    return all(_pure(child) for child in _children(node))


def _children(node: Any) -> Iterator[n.Node]:
    for key, value in vars(node).items():
        if key in ("line", "col"):
            continue
        items = value if isinstance(value, list | tuple) else [value]
        for item in items:
            if isinstance(item, n.Node):
                yield item
            elif isinstance(item, tuple):
                yield from (x for x in item if isinstance(x, n.Node))


# ---- the exporter -------------------------------------------------------------------------------
@dataclass(slots=True)
class _Function:
    """What the Python function being written needs declared."""

    globals: set[str] = field(default_factory=set)
    nonlocals: set[str] = field(default_factory=set)
    proc: n.ProcDef | None = None
    loops: list[list[ast.stmt]] = field(default_factory=list)  # statements before `continue`
    byref: list[int] = field(default_factory=list)


class _Exporter:
    def __init__(self, text: str, filename: str, allow: bool) -> None:
        self.text, self.filename, self.allow = text, filename, allow
        self.cat = get_catalog()
        self.tokens: list[Token] = []
        self.program = parse_program(text, filename, tokens=self.tokens)
        self.lang = self.program.lang
        self.ann = _Annotator(self.program)
        self.ann.compile_program()
        self.problems: list[Unsupported] = [
            Unsupported(filename, d.line, d.col, d.message)
            for d in self.ann.diags
            if d.code in COMPILE_ERRORS  # wlmail refuses to run these scripts
        ]
        self.types: dict[str, tuple[str, ast.expr]] = {}  # python name -> (key, expression)
        self.fn = _Function()
        self.temps = 0
        self.byref = self._byref_params()
        self.else_lines = sorted(t.line for t in self.tokens if t.type in ("ELSE", "DO"))
        self.positions: dict[int, tuple[Mark, ...]] = {}  # where lines and columns differ
        self.statics: dict[int, tuple[n.BinOp, str]] = {}  # id(node) -> (node, static type)
        self.main_name = (
            "main_" if any(p.name.key == "main" for p in self.program.procs) else "main"
        )

    # -- problems ---------------------------------------------------------------------------------
    def unsupported(self, node: n.Node, what: str) -> ast.expr:
        self.problems.append(Unsupported(self.filename, node.line, node.col, what))
        return _call("unsupported", _const(what))

    def temp(self, stem: str) -> str:
        self.temps += 1
        return f"_{stem}{self.temps}"

    # -- program ----------------------------------------------------------------------------------
    def module(self) -> ast.Module:
        body: list[ast.stmt] = []
        main_fn = _Function()
        self.fn = main_fn
        main_body = self.block(self.program.body)
        first = min((stmt.lineno for stmt in main_body), default=1)
        main_body = self._declare(main_fn, main_body, first)
        main = ast.FunctionDef(
            self.main_name, ast.arguments([], [], None, [], [], None, []), main_body, [], None
        )
        body.append(_at(main, max(first - 1, 1), 1))
        for proc in self.program.procs:
            if id(proc) in self.ann.method_of:
                self.unsupported(proc, f"method {proc.name.name} of a class (not exported yet)")
                continue
            body.append(self.procedure(proc))
        return ast.Module(body, [])

    def trailer(self) -> list[str]:
        """The lines after the procedures: import, types, the call that runs the main code."""
        lines = [
            "",
            "",
            f"# ---- exported from {Path(self.filename).name} by `wlmail export --python` "
            + "-" * 10,
            "from wlmail.export.support import wl  # noqa: E402",
            "",
        ]
        for pyname, (_key, expr) in self.types.items():
            lines.append(f"{pyname} = {ast.unparse(expr)}")
        if self.types:
            lines.append("")
        lines.append(f"wl.run({self.main_name}, {self.filename!r}, {self.lang!r})")
        if self.positions:
            # program line -> (column, WLangage line, column) where they differ
            lines.insert(-1, f"wl.positions({self.positions!r})")
        return lines

    def _declare(self, fn: _Function, body: list[ast.stmt], line: int) -> list[ast.stmt]:
        decls: list[ast.stmt] = []
        if fn.globals:
            decls.append(_at(ast.Global(sorted(fn.globals)), line, 1))
        if fn.nonlocals:
            decls.append(_at(ast.Nonlocal(sorted(fn.nonlocals)), line, 1))
        out = decls + body
        return out or [_at(ast.Pass(), line, 1)]

    # -- procedures -------------------------------------------------------------------------------
    def _byref_params(self) -> dict[int, list[int]]:
        """For each procedure (id of its node): the by-reference parameters it assigns."""
        found: dict[int, list[int]] = {}
        procs = [p for p in _walk(self.program) if isinstance(p, n.ProcDef)]
        for proc in procs:
            if proc.params is None:
                continue
            keys = {p.name.key: i for i, p in enumerate(proc.params) if not p.local}
            written = sorted({keys[k] for k in _assigned(proc.body) if k in keys})
            if written:
                found[id(proc)] = written
        return found

    def procedure(self, node: n.ProcDef) -> ast.FunctionDef:
        outer = self.fn
        self.fn = _Function(proc=node, byref=self.byref.get(id(node), []))
        args: list[ast.arg] = []
        defaults: list[ast.expr] = []
        prologue: list[ast.stmt] = []
        vararg = None
        if node.params is None:
            vararg = ast.arg("MesParametres_", None)
            used = {x.key for x in _walk(node.body) if isinstance(x, n.Name)}
            for shown in [s for s in ("MesParamètres", "MyParameters") if fold(s) in used]:
                prologue.append(
                    _at(
                        ast.Assign(
                            [_name(_pyname(shown), True)],
                            _call("variadic", _name("MesParametres_")),
                        ),
                        node,
                    )
                )
        else:
            for p in node.params:
                args.append(ast.arg(_pyname(p.name.name), None))
                if p.default is not None:
                    defaults.append(self.default(p))
                elif defaults:
                    defaults.append(_wl("DEFAULT"))
                coerce = self.param_coercion(p)
                if coerce is not None:
                    prologue.append(_at(coerce, p))
        body = self.block(node.body)
        if self.fn.byref and not _ends_with_return(body):
            body.append(_at(self._return(None, node), node))
        elif self._needs_default_result(node, body):
            body.append(_at(ast.Return(self._result_type(node, None)), node))
        first = node.body[0].line if node.body else node.line + 1
        first_col = node.body[0].col if node.body else 1
        for stmt in prologue:
            _relocate(stmt, first, first_col)
        full = self._declare(self.fn, prologue + body, first)
        fdef = ast.FunctionDef(
            _pyname(node.name.name),
            ast.arguments([], args, vararg, [], [], None, defaults),
            full,
            [],
            None,
        )
        self.fn = outer
        _at(fdef, node)
        return fdef

    def _needs_default_result(self, node: n.ProcDef, body: list[ast.stmt]) -> bool:
        """A procedure with a declared result type returns its initial value by default."""
        proc = self.ann.procs.get(id(node))
        typed = proc is not None and proc.returns is not None and len(node.returns) == 1
        return typed and not _ends_with_return(body)

    def default(self, p: n.Param) -> ast.expr:
        assert p.default is not None
        if isinstance(p.default, n.Num | n.Str) or _is_const(self, p.default):
            return self.expr(p.default)
        return self.unsupported(p.default, "a parameter default that is not a constant")

    def param_coercion(self, p: n.Param) -> ast.stmt | None:
        if p.type is None:
            return None
        vtype = self.ann.vtypes.get(id(p.type))
        if vtype is None or vtype.id == "variant":
            return None
        conv = self.type_expr(p.type, vtype)
        shared = not p.local and vtype.id not in T.SCALARS
        method = ast.Attribute(conv, "share", ast.Load()) if shared else conv
        name = _pyname(p.name.name)
        return ast.Assign([_name(name, True)], ast.Call(method, [_name(name)], []))

    def _result_type(self, proc: n.ProcDef, value: ast.expr | None) -> ast.expr:
        spec = proc.returns[0]
        vtype = self.ann.vtypes.get(id(spec))
        if vtype is None or vtype.id == "variant":
            return value if value is not None else _const(None)
        conv = self.type_expr(spec, vtype)
        if value is None:
            return ast.Call(ast.Attribute(conv, "new", ast.Load()), [], [])
        return ast.Call(conv, [value], [])

    def _return(self, value: ast.expr | None, node: n.Node) -> ast.stmt:
        proc = self.fn.proc
        if proc is None:
            return ast.Expr(_call("exit"))
        result: ast.expr | None = value
        if proc.returns and len(proc.returns) == 1:
            result = self._result_type(proc, value) if value is not None else value
        if self.fn.byref:
            assert proc.params is not None
            outs = ast.Tuple(
                [_name(_pyname(proc.params[i].name.name)) for i in self.fn.byref], ast.Load()
            )
            return ast.Return(ast.Tuple([result or _const(None), outs], ast.Load()))
        return ast.Return(result)

    # -- types ------------------------------------------------------------------------------------
    def type_expr(self, spec: n.TypeSpec | None, vtype: T.VType) -> ast.expr:
        """``wl.int`` for a scalar, or the name of a type defined at the end of the program."""
        if vtype.id in T.SCALARS:
            return _wl(vtype.id)
        if vtype.id.startswith("struct:"):
            return _name(self._struct_name(vtype))
        if vtype.id.startswith("class:"):
            return self.unsupported(spec or self.program, "an object of a class (not exported yet)")
        key, expr = self._type_key(spec, vtype)
        for pyname, (other, _) in self.types.items():
            if other == key:
                return _name(pyname)
        pyname = _type_name(key)
        self.types[pyname] = (key, expr)
        return _name(pyname)

    def _type_key(self, spec: n.TypeSpec | None, vtype: T.VType) -> tuple[str, ast.expr]:
        if vtype.id == "array":
            elem = vtype.elem or T.VARIANT
            dims = [self._dim(d) for d in spec.dims] if spec is not None else []
            elem_spec = spec.elem if spec is not None else None
            inner = self.type_expr(elem_spec, elem)
            growth = spec is not None and "growth" in spec.attrs
            args: list[ast.expr] = [inner, *dims]
            expr = _call("array", *args, **({"growth": _const(True)} if growth else {}))
            size = "X".join(ast.unparse(d) for d in dims)
            return f"ARRAY{'_' + size if size else ''}_OF_{ast.unparse(inner)}", expr
        if vtype.id == "assoc":
            elem = vtype.elem or T.VARIANT
            inner = self.type_expr(spec.elem if spec is not None else None, elem)
            return f"ASSOC_OF_{ast.unparse(inner)}", _call("assoc", inner)
        return vtype.id, _call("object_type", _const(vtype.id))

    def _dim(self, node: n.Node) -> ast.expr:
        """A dimension: a number, or a constant's value (known before the code runs)."""
        if isinstance(node, n.Name):
            info = self.ann.globals.vars.get(node.key)
            value = self.ann.rt.globals.get(node.key)
            if info is not None and info.const and isinstance(value, int):
                return _const(value)
        return self.expr(node)

    def _struct_name(self, vtype: T.VType) -> str:
        key = vtype.id.partition(":")[2]
        for stmt in self.program.body:
            if isinstance(stmt, n.StructDecl) and stmt.name.key == key:
                return _pyname(stmt.name.name)
        return _pyname(key)

    def struct(self, node: n.StructDecl) -> None:
        fields: list[ast.keyword] = []
        for decl in node.fields:
            vtype = self.ann.vtypes.get(id(decl.type), T.VARIANT)
            conv = self.type_expr(decl.type, vtype)
            fields += [ast.keyword(_pyname(nm.name), conv) for nm in decl.names]
        call = ast.Call(_wl("structure"), [_const(node.name.name)], fields)
        self.types[_pyname(node.name.name)] = ("struct:" + node.name.key, call)

    # -- blocks -----------------------------------------------------------------------------------
    def block(self, stmts: list[n.Node]) -> list[ast.stmt]:
        stmts = _hoist(stmts)
        out: list[ast.stmt] = []
        for i, stmt in enumerate(stmts):
            if isinstance(stmt, n.WhenException) and stmt.body is None:
                out += self._general_handler(stmt, stmts[i + 1 :])
                return out
            out += self.stmt(stmt)
        return out

    def stmt(self, node: n.Node) -> list[ast.stmt]:
        method: Callable[[Any], list[ast.stmt]] | None = getattr(
            self, "s_" + type(node).__name__, None
        )
        if method is None:  # a construct this back end cannot write yet: reported, not dropped
            return [_at(ast.Expr(self.unsupported(node, _not_yet(node))), node)]
        return [_at(s, node) for s in method(node)]

    def body(self, stmts: list[n.Node], line: int) -> list[ast.stmt]:
        out = self.block(stmts)
        return out or [_at(ast.Pass(), line, 1)]

    # -- statements -------------------------------------------------------------------------------
    def s_ExprStmt(self, node: n.ExprStmt) -> list[ast.stmt]:
        expr = node.expr
        if self.ann.calls.get(id(node)) == ("bare",) and isinstance(expr, n.Name):
            expr = n.Call(expr.line, expr.col, expr, [])
            ref = self.ann.names.get(id(node.expr), ("unknown",))
            assert isinstance(expr.func, n.Name)
            if ref[0] == "proc":
                self.ann.calls[id(expr)] = ("proc", ref[1], ref[2])
            elif ref[0] == "func":
                self.ann.calls[id(expr)] = ("func", ref[1])
            else:
                entry = self.cat.function(expr.func.name)
                self.ann.calls[id(expr)] = ("func", entry) if entry else ("unknown",)
        if isinstance(expr, n.Call):
            writes = self._writeback_call(expr)
            if writes is not None:
                call, targets = writes
                return [ast.Assign([ast.Tuple([_name("_", True), targets], ast.Store())], call)]
        return [ast.Expr(self.expr(expr))]

    def s_Assign(self, node: n.Assign) -> list[ast.stmt]:
        if isinstance(node.value, n.Call):
            writes = self._writeback_call(node.value)
            if writes is not None:
                call, targets = writes
                tmp = self.temp("r")
                first = ast.Assign([ast.Tuple([_name(tmp, True), targets], ast.Store())], call)
                return [first, *self.assign(node.target, _name(tmp), node)]
        return self.assign(node.target, self.expr(node.value), node, node.value)

    def assign(
        self, target: n.Node, value: ast.expr, node: n.Node, source: n.Node | None = None
    ) -> list[ast.stmt]:
        if isinstance(target, n.Name):
            ref = self.ann.names.get(id(target), ("unknown",))
            if ref[0] != "var":
                return [ast.Expr(self.unsupported(target, f"assignment to '{target.name}'"))]
            info: VarInfo = ref[1]
            if info.const:
                return [ast.Expr(self.unsupported(target, f"assignment to constant '{info.name}'"))]
            pyname = self.store(target, ref)
            coerced = self.coerce(info.vtype, value, source=source)
            return [ast.Assign([_name(pyname, True)], coerced)]
        if isinstance(target, n.Index):
            args = [self.expr(a.a) for a in target.args if a.a is not None]
            return [ast.Expr(_call("put", self.expr(target.target), value, *args))]
        if isinstance(target, n.Member):
            obj = self.expr(target.target)
            return [ast.Expr(_call("set", obj, _const(target.name), value))]
        if isinstance(target, n.TupleExpr):
            tmp = self.temp("t")
            out: list[ast.stmt] = [
                ast.Assign([_name(tmp, True)], _call("unpack", value, _const(len(target.items))))
            ]
            for i, item in enumerate(target.items):
                item_value = ast.Subscript(_name(tmp), _const(i), ast.Load())
                out += self.assign(item, item_value, node)
            return out
        return [ast.Expr(self.unsupported(target, "assignment to this expression"))]

    def store(self, target: n.Name, ref: tuple[Any, ...]) -> str:
        info: VarInfo = ref[1]
        pyname = _pyname(info.name)
        depth = ref[2]
        if depth < 0:
            self.fn.globals.add(pyname)
        elif depth > 0:
            self.fn.nonlocals.add(pyname)
        return pyname

    def coerce(
        self,
        vtype: T.VType,
        value: ast.expr,
        spec: n.TypeSpec | None = None,
        source: n.Node | None = None,
    ) -> ast.expr:
        """``value`` converted as an assignment to a variable of ``vtype`` converts it (not
        when it already has that type: a literal, a text, a condition, a copied number)."""
        if vtype.id == "variant":
            return value
        if isinstance(value, ast.Constant) and _literal_fits(vtype.id, value.value):
            return value
        scalar = vtype.id in T.SCALARS
        same = scalar and source is not None and self.static(source) == vtype.id
        if same and (vtype.id in ("string", "bool") or isinstance(source, n.Name)):
            return value  # scalars are immutable: arrays, structures and objects are copied
        return ast.Call(self.type_expr(spec, vtype), [value], [])

    def s_AugAssign(self, node: n.AugAssign) -> list[ast.stmt]:
        op = {"+": "PLUS", "-": "MINUS", "*": "STAR", "/": "SLASH"}[node.op]
        current = self.expr(node.target)
        if node.op == "+" and isinstance(node.value, n.ArrayLit) and len(node.value.items) == 1:
            value: ast.expr = _call("opt_concat", current, self.expr(node.value.items[0]))
        else:
            value = self.arith(op, node.target, node.value, current, self.expr(node.value))
        return self.assign(node.target, value, node)

    def s_IncDec(self, node: n.IncDec) -> list[ast.stmt]:
        op = "PLUS" if node.op == "+" else "MINUS"
        one = n.Num(node.line, node.col, 1)
        value = self.arith(op, node.target, one, self.expr(node.target), _const(1))
        return self.assign(node.target, value, node)

    def s_Decl(self, node: n.Decl) -> list[ast.stmt]:
        vtype = self.ann.vtypes.get(id(node.type), T.VARIANT)
        out: list[ast.stmt] = []
        init: ast.expr | None = None
        if isinstance(node.init, n.Call):
            writes = self._writeback_call(node.init)
            if writes is not None:
                call, targets = writes
                tmp = self.temp("r")
                out.append(ast.Assign([ast.Tuple([_name(tmp, True), targets], ast.Store())], call))
                init = _name(tmp)
        if init is None and node.init is not None:
            init = self.expr(node.init)
        for nm in node.names:
            ref = self.ann.names.get(id(nm)) or self._decl_ref(nm)
            pyname = self.store(nm, ref) if ref[0] == "var" else _pyname(nm.name)
            if init is not None:
                value = self.coerce(vtype, init, node.type, node.init)
                if vtype.id == "variant":
                    value = _call("copy", init) if not isinstance(init, ast.Constant) else init
            elif vtype.id in LITERAL_DEFAULTS:
                value = _const(LITERAL_DEFAULTS[vtype.id])
            elif vtype.id == "variant":
                value = _const(None)
            else:
                conv = self.type_expr(node.type, vtype)
                value = ast.Call(ast.Attribute(conv, "new", ast.Load()), [], [])
            out.append(ast.Assign([_name(pyname, True)], value))
        return out

    def _decl_ref(self, nm: n.Name) -> tuple[Any, ...]:
        scope = self.ann.globals if self.fn.proc is None else None
        if scope is not None:
            info = scope.vars.get(nm.key)
            if info is not None:
                return ("var", info, -1)
        return ("var", VarInfo(nm.name, T.VARIANT), 0)

    def s_Let(self, node: n.Let) -> list[ast.stmt]:
        value = self.expr(node.value)
        out: list[ast.stmt] = []
        if not node.unpack:
            nm = node.names[0]
            ref = self.ann.names.get(id(nm)) or self._decl_ref(nm)
            out.append(ast.Assign([_name(self.store(nm, ref), True)], _call("copy", value)))
            return out
        tmp = self.temp("t")
        out.append(ast.Assign([_name(tmp, True)], _call("unpack", value, _const(len(node.names)))))
        for i, nm in enumerate(node.names):
            ref = self.ann.names.get(id(nm)) or self._decl_ref(nm)
            item = _call("copy", ast.Subscript(_name(tmp), _const(i), ast.Load()))
            out.append(ast.Assign([_name(self.store(nm, ref), True)], item))
        return out

    def s_ScopeMark(self, node: n.ScopeMark) -> list[ast.stmt]:
        return []

    def s_Break(self, node: n.Break) -> list[ast.stmt]:
        if not self.fn.loops:
            return [ast.Expr(_call("unsupported", _const("SORTIR outside a loop")))]
        return [ast.Break()]

    def s_Continue(self, node: n.Continue) -> list[ast.stmt]:
        if not self.fn.loops:
            return [ast.Expr(_call("unsupported", _const("CONTINUER outside a loop")))]
        return [*self.fn.loops[-1], ast.Continue()]

    def s_Return(self, node: n.Return) -> list[ast.stmt]:
        value = self.expr(node.value) if node.value is not None else None
        return [self._return(value, node)]

    def s_If(self, node: n.If) -> list[ast.stmt]:
        orelse: list[ast.stmt] = []
        if node.other is not None:
            orelse = self.body(node.other, node.line)
            if node.other and not node.one_line:
                self._else_line(orelse, node.other[0].line)
            elif not node.one_line:  # an empty SINON: on the line of its keyword
                last = max(x.line for x in _walk(node.arms))
                line = min((x for x in self.else_lines if x > last), default=last + 1)
                _set_else_line(orelse, line)
                _relocate(orelse[0], line, 1)
        for cond, body in reversed(node.arms[1:]):
            arm = ast.If(self.test(cond), self.body(body, cond.line), orelse)
            orelse = [_at(arm, cond)]
        head = node.arms[0]
        return [ast.If(self.test(head[0]), self.body(head[1], node.line), orelse)]

    def _else_line(self, body: list[ast.stmt], first: int) -> None:
        """Where the ``else:`` goes: the line of the SINON before the first else statement."""
        line = max((x for x in self.else_lines if x < first), default=first - 1)
        _set_else_line(body, line)

    def s_Switch(self, node: n.Switch) -> list[ast.stmt]:
        subject = self.expr(node.subject)
        tmp = self.temp("selon")
        out: list[ast.stmt] = [ast.Assign([_name(tmp, True)], subject)]
        orelse: list[ast.stmt] = []
        if node.other is not None:
            orelse = self.body(node.other, node.line)
            if node.other:
                self._else_line(orelse, node.other[0].line)
        for case in reversed(node.cases):
            tests = [self.label(lb, _name(tmp)) for lb in case.labels]
            test = tests[0] if len(tests) == 1 else ast.BoolOp(ast.Or(), tests)
            orelse = [_at(ast.If(test, self.body(case.body, case.line), orelse), case)]
        return out + orelse

    def label(self, lb: n.CaseLabel, subject: ast.expr) -> ast.expr:
        a = self.expr(lb.a) if lb.a is not None else None
        b = self.expr(lb.b) if lb.b is not None else None
        if lb.kind == "value" and a is not None:
            return _call("eq", subject, a)
        if lb.kind == "range" and a is not None and b is not None:
            return _call("between", subject, a, b)
        if lb.kind == "upto" and b is not None:
            return _call("le", subject, b)
        if lb.kind == "from" and a is not None:
            return _call("ge", subject, a)
        if lb.kind == "cmp" and a is not None:
            return self.compare_call(lb.op, subject, a)
        assert a is not None and b is not None
        return ast.BoolOp(
            ast.And(), [self.compare_call(lb.op, a, subject), self.compare_call(lb.op2, subject, b)]
        )

    def s_For(self, node: n.For) -> list[ast.stmt]:
        ref = self.ann.names.get(id(node.var)) or self._decl_ref(node.var)
        var = self.store(node.var, ref)
        vtype: T.VType = ref[1].vtype if ref[0] == "var" else T.VARIANT
        start, stop = self.expr(node.start), self.expr(node.stop)
        step = self.expr(node.step) if node.step is not None else None
        if self._simple_for(node):
            args = [start, stop] + ([step] if step is not None else [])
            self.fn.loops.append([])
            body = self.body(node.body, node.line)
            self.fn.loops.pop()
            return [ast.For(_name(var, True), _call("upto", *args), body, [])]
        # the bound is read again on every turn (but with _À_), and the body may change the
        # variable: a while loop that does what the interpreter does
        out: list[ast.stmt] = []
        if node.once:
            limit = self.temp("limit")
            out.append(ast.Assign([_name(limit, True)], _call("num", stop)))
            stop = _name(limit)
        if step is not None and not isinstance(step, ast.Constant):
            inc_name = self.temp("step")
            out.append(ast.Assign([_name(inc_name, True)], _call("num", step)))
            step = _name(inc_name)
        inc = step if step is not None else _const(1)
        advance = ast.Assign([_name(var, True)], self.coerce(vtype, _call("add", _name(var), inc)))
        self.fn.loops.append([_at(advance, node)])
        body = self.body(node.body, node.line)
        self.fn.loops.pop()
        cond: ast.expr = _call("le", _name(var), stop)
        upward = isinstance(step, ast.Constant) and _nonnegative(step.value)
        if step is not None and not upward:
            going_up = ast.Compare(inc, [ast.GtE()], [_const(0)])
            cond = ast.IfExp(going_up, cond, _call("ge", _name(var), stop))
        init = ast.Assign([_name(var, True)], self.coerce(vtype, _call("num", start)))
        return [*out, init, ast.While(cond, [*body, _at(advance, node.line)], [])]

    def _simple_for(self, node: n.For) -> bool:
        """A Python ``for`` over ``wl.upto`` does the same: the body changes neither the
        variable nor the bound, and nothing reads the variable after the loop."""
        written = _assigned(node.body)
        bounds = [node.stop] + ([node.step] if node.step is not None else [])
        fixed = all(self._fixed(b, written) for b in bounds)
        return node.var.key not in written and fixed and not self._used_outside(node)

    def _fixed(self, node: n.Node, written: set[str]) -> bool:
        """A bound whose value the loop body cannot change: literals and scalar variables."""
        if isinstance(node, n.Num):
            return True
        if isinstance(node, n.Name):
            ref = self.ann.names.get(id(node), ("unknown",))
            if ref[0] == "const":
                return True
            return ref[0] == "var" and node.key not in written and ref[1].vtype.id in T.SCALARS
        if isinstance(node, n.BinOp | n.UnOp):
            return all(self._fixed(c, written) for c in _children(node))
        return False

    def _used_outside(self, loop: n.For) -> bool:
        """The loop variable is read outside the loop (it would see the value after the end)."""
        scope_body = self.fn.proc.body if self.fn.proc is not None else self.program.body
        inside = {id(x) for x in _walk(loop)}
        for node in _walk(scope_body):
            if id(node) in inside or isinstance(node, n.ProcDef):
                continue
            if isinstance(node, n.For) and node.var.key == loop.var.key:
                inside |= {id(x) for x in _walk(node)}
                continue
            if isinstance(node, n.Name) and node.key == loop.var.key and id(node) not in inside:
                return True
        return False

    def s_ForEach(self, node: n.ForEach) -> list[ast.stmt]:
        targets: list[ast.expr] = []
        types: list[ast.expr] = []
        typed = False
        for var in node.vars:
            ref = self.ann.names.get(id(var)) or self._decl_ref(var)
            targets.append(_name(self.store(var, ref), True))
            vtype = ref[1].vtype if ref[0] == "var" else T.VARIANT
            if vtype.id != "variant":
                typed = True
                types.append(self.type_expr(None, vtype))
            else:
                types.append(_const(None))
        source = self.expr(node.iterable)
        kwargs: dict[str, ast.expr] = {}
        if node.separator is not None:
            kwargs["sep"] = self.expr(node.separator)
        args: list[ast.expr] = [source]
        if typed:
            kwargs["types"] = ast.Tuple(types, ast.Load())
        elif len(targets) > 1:
            args.append(_const(len(targets)))
        target: ast.expr = targets[0] if len(targets) == 1 else ast.Tuple(targets, ast.Store())
        self.fn.loops.append([])
        body = self.body(node.body, node.line)
        self.fn.loops.pop()
        return [ast.For(target, _call("each", *args, **kwargs), body, [])]

    def s_While(self, node: n.While) -> list[ast.stmt]:
        self.fn.loops.append([])
        body = self.body(node.body, node.line)
        self.fn.loops.pop()
        return [ast.While(self.test(node.cond), body, [])]

    def s_Loop(self, node: n.Loop) -> list[ast.stmt]:
        check: list[ast.stmt] = []
        if node.until is not None:
            test = ast.UnaryOp(ast.Not(), self.test(node.until))
            check = [_at(ast.If(test, [_at(ast.Break(), node.until)], []), node.until)]
        self.fn.loops.append(check)
        body = self.body(node.body, node.line)
        self.fn.loops.pop()
        return [ast.While(_const(True), body + check, [])]

    def s_LoopCount(self, node: n.LoopCount) -> list[ast.stmt]:
        self.fn.loops.append([])
        body = self.body(node.body, node.line)
        self.fn.loops.pop()
        return [ast.For(_name("_", True), _call("times", self.expr(node.count)), body, [])]

    def s_WhenException(self, node: n.WhenException) -> list[ast.stmt]:
        assert node.body is not None
        body = self.body(node.body, node.line)
        handler = self.body(node.handler, node.line)
        caught = _at(ast.Expr(_call("caught", _name("_err"))), handler[0].lineno)
        first = node.handler[0].line if node.handler else node.line + 1
        line = max((x for x in self.else_lines if x < first), default=first - 1)
        except_ = ast.ExceptHandler(_wl("FatalError"), "_err", [caught, *handler])
        _at(except_, line, 1)
        orelse: list[ast.stmt] = []
        if node.other is not None:
            orelse = self.body(node.other, node.line)
            if node.other:
                self._else_line(orelse, node.other[0].line)
        return [ast.Try(body, [except_], orelse, [])]

    def _general_handler(self, node: n.WhenException, rest: list[n.Node]) -> list[ast.stmt]:
        """``QUAND EXCEPTION`` covers what follows it; after the handler the procedure ends."""
        body = self.body(rest, node.line)
        handler = self.body(node.handler, node.line)
        caught = _at(ast.Expr(_call("caught", _name("_err"))), node)
        end = _at(self._return(None, node), node.handler[-1] if node.handler else node)
        except_ = _at(ast.ExceptHandler(_wl("FatalError"), "_err", [caught, *handler, end]), node)
        try_ = ast.Try(body, [except_], [], [])
        first = rest[0].line if rest else node.line
        return [_at(try_, first - 1 if first > node.line else node.line, 1)]

    def s_ConstBlock(self, node: n.ConstBlock) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for d in node.defs:
            pyname = _pyname(d.name.name)
            self.fn.globals.add(pyname)
            out.append(_at(ast.Assign([_name(pyname, True)], self.expr(d.value)), d))
        return out

    def s_ProcDef(self, node: n.ProcDef) -> list[ast.stmt]:
        return [self.procedure(node)]

    def s_StructDecl(self, node: n.StructDecl) -> list[ast.stmt]:
        self.struct(node)
        return []

    def s_Extern(self, node: n.Extern) -> list[ast.stmt]:
        """``EXTERNE nom``: a variant that exists at run time; ``EXTERNE "fichier"`` is spliced
        by the project loader, so one left here cannot be exported."""
        if node.path is not None:
            return [ast.Expr(self.unsupported(node, f"EXTERN of file '{node.path}'"))]
        out: list[ast.stmt] = []
        for nm in node.names:
            ref = self.ann.names.get(id(nm)) or self._decl_ref(nm)
            pyname = self.store(nm, ref) if ref[0] == "var" else _pyname(nm.name)
            out.append(_at(ast.Assign([_name(pyname, True)], _const(None)), node))
        return out

    # -- expressions ------------------------------------------------------------------------------
    def expr(self, node: n.Node) -> ast.expr:
        method: Callable[[Any], ast.expr] | None = getattr(self, "x_" + type(node).__name__, None)
        if method is None:
            return _at(self.unsupported(node, _not_yet(node)), node)  # type: ignore[no-any-return]
        result: ast.expr = _at(method(node), node)
        return result

    def test(self, node: n.Node) -> ast.expr:
        """A condition: a bool as it is, anything else through ``wl.truth``."""
        value = self.expr(node)
        if self.static(node) == "bool":
            return value
        result: ast.expr = _at(_call("truth", value), node)
        return result

    def static(self, node: n.Node) -> str:
        """The type the declarations give an expression, or ""."""
        if isinstance(node, n.Num):
            return "int" if isinstance(node.value, int) else "real"
        if isinstance(node, n.Str | n.Interp | n.Substring | n.OptConcat):
            return "string"
        if isinstance(node, n.Index) and len(node.args) == 1 and node.args[0].kind != "one":
            return "string"
        if isinstance(node, n.Compare | n.Not | n.Logic | n.CompareRange | n.InList):
            return "bool"
        if isinstance(node, n.CompareChain):
            return "bool"
        if isinstance(node, n.Name):
            ref = self.ann.names.get(id(node), ("unknown",))
            if ref[0] == "var":
                return str(ref[1].vtype.id)
            if ref[0] == "const":
                value = ref[1].value
                kinds = ((bool, "bool"), (int, "int"), (float, "real"), (str, "string"))
                return next((k for t, k in kinds if isinstance(value, t)), "")
            return ""
        if isinstance(node, n.BinOp):  # kept: `a + b + c…` asks about its left at every level
            known = self.statics.get(id(node))
            if known is not None and known[0] is node:
                return known[1]
            kind = ""
            if node.op in PY_ARITH and self.static(node.left) in INT_TYPES:
                kind = "int" if self.static(node.right) in INT_TYPES else ""
            if not kind and node.op == "PLUS" and self.static(node.left) == "string":
                kind = "string"
            self.statics[id(node)] = (node, kind)
            return kind
        return ""

    def x_Num(self, node: n.Num) -> ast.expr:
        return _const(node.value)

    def x_Str(self, node: n.Str) -> ast.expr:
        return _const(node.value)

    def x_Interp(self, node: n.Interp) -> ast.expr:
        parts: list[ast.expr] = [
            _const(p) if isinstance(p, str) else _call("string", self.expr(p)) for p in node.parts
        ]
        if not parts:
            return _const("")
        out = parts[0]
        if not isinstance(node.parts[0], str) and len(parts) == 1:
            return out
        for part in parts[1:]:
            out = ast.BinOp(out, ast.Add(), part)
        return out

    def x_Name(self, node: n.Name) -> ast.expr:
        ref = self.ann.names.get(id(node), ("unknown",))
        kind = ref[0]
        if kind == "var":
            return _name(_pyname(ref[1].name))
        if kind == "const":
            entry: Entry = ref[1]
            value = entry.value
            if isinstance(value, bool) or value is None:
                return _const(value)
            if isinstance(value, dict) and value.get("kind") == "null":
                return _const(None)
            return _wl(entry.name(self.lang))
        if kind == "func":
            return self.builtin(node, ref[1], [])
        if kind == "proc":
            return _name(_pyname(ref[1].name))
        return self.unknown(node, node.name)

    def unknown(self, node: n.Node, name: str) -> ast.expr:
        self.problems.append(Unsupported(self.filename, node.line, node.col, f"unknown '{name}'"))
        return _call("unknown", _const(name))

    def arith(self, op: str, left: n.Node, right: n.Node, a: ast.expr, b: ast.expr) -> ast.expr:
        if op in PY_ARITH and self.static(left) in INT_TYPES and self.static(right) in INT_TYPES:
            return ast.BinOp(a, PY_ARITH[op](), b)
        if op == "PLUS" and self.static(left) == "string":
            # text + anything is text (decision 6)
            right_text = b if self.static(right) == "string" else _call("string", b)
            return ast.BinOp(a, ast.Add(), right_text)
        return _call(ARITH_NAMES[op], a, b)

    def x_BinOp(self, node: n.BinOp) -> ast.expr:
        return self.arith(
            node.op, node.left, node.right, self.expr(node.left), self.expr(node.right)
        )

    def x_OptConcat(self, node: n.OptConcat) -> ast.expr:
        return _call("opt_concat", self.expr(node.left), self.expr(node.right))

    def x_UnOp(self, node: n.UnOp) -> ast.expr:
        operand = self.expr(node.operand)
        if node.op == "PLUS":
            return _call("num", operand)
        if self.static(node.operand) in INT_TYPES:
            return ast.UnaryOp(ast.USub(), operand)
        return _call("neg", operand)

    def x_Logic(self, node: n.Logic) -> ast.expr:
        left, right = self.test(node.left), self.test(node.right)
        short = node.op in ("AND_SC", "OR_SC")
        both = node.op in ("AND", "AND_SC")
        if short or (self._harmless(node.left) and self._harmless(node.right)):
            return ast.BoolOp(ast.And() if both else ast.Or(), [left, right])
        return _call("both" if both else "either", left, right)

    def _harmless(self, node: n.Node) -> bool:
        """Evaluating it can neither fail nor do anything: skipping it changes nothing."""
        if isinstance(node, n.Num | n.Str):
            return True
        if isinstance(node, n.Name):
            ref = self.ann.names.get(id(node), ("unknown",))
            kind = ref[1].vtype.id if ref[0] == "var" else ""
            return ref[0] == "const" or kind in ("bool", "int", "int8", "real")
        if isinstance(node, n.Compare) and node.op in COMPARE_NAMES:
            return all(self._harmless(c) for c in (node.left, node.right))
        if isinstance(node, n.Not | n.Logic):
            return all(self._harmless(c) for c in _children(node))
        return False

    def x_Not(self, node: n.Not) -> ast.expr:
        return ast.UnaryOp(ast.Not(), self.test(node.operand))

    def compare_call(self, op: str, a: ast.expr, b: ast.expr) -> ast.expr:
        if op in COMPARE_NAMES:
            return _call(COMPARE_NAMES[op], a, b)
        return _call("compare", _const(op), a, b)

    def x_Compare(self, node: n.Compare) -> ast.expr:
        a, b = self.expr(node.left), self.expr(node.right)
        left, right = self.static(node.left), self.static(node.right)
        if node.op in PY_COMPARE and left in INT_TYPES and right in INT_TYPES:
            return ast.Compare(a, [PY_COMPARE[node.op]()], [b])
        if node.op in ("EQ", "NE") and left == right == "string":
            return ast.Compare(a, [PY_COMPARE[node.op]()], [b])
        return self.compare_call(node.op, a, b)

    def x_CompareRange(self, node: n.CompareRange) -> ast.expr:
        return _call("between", self.expr(node.value), self.expr(node.low), self.expr(node.high))

    def x_CompareChain(self, node: n.CompareChain) -> ast.expr:
        if not _pure(node.mid):
            return self.unsupported(node, "a chained comparison around a call")
        mid = self.expr(node.mid)
        return ast.BoolOp(
            ast.And(),
            [
                self.compare_call(node.op1, self.expr(node.left), mid),
                self.compare_call(node.op2, self.expr(node.mid), self.expr(node.right)),
            ],
        )

    def x_InList(self, node: n.InList) -> ast.expr:
        value = self.expr(node.value)
        if all(_pure(i) for i in node.items):
            items = ast.List([self.expr(i) for i in node.items], ast.Load())
            test: ast.expr = _call("in_list", value, items)
        else:  # stop at the first equal item, as the interpreter does
            tmp = self.temp("v")
            tests: list[ast.expr] = []
            for i, item in enumerate(node.items):
                subject = ast.NamedExpr(_name(tmp, True), value) if i == 0 else _name(tmp)
                tests.append(_call("eq", subject, self.expr(item)))
            test = tests[0] if len(tests) == 1 else ast.BoolOp(ast.Or(), tests)
        return ast.UnaryOp(ast.Not(), test) if node.negate else test

    def x_Ternary(self, node: n.Ternary) -> ast.expr:
        return ast.IfExp(self.test(node.cond), self.expr(node.then), self.expr(node.other))

    def x_TupleExpr(self, node: n.TupleExpr) -> ast.expr:
        return ast.Tuple([self.expr(i) for i in node.items], ast.Load())

    def x_ArrayLit(self, node: n.ArrayLit) -> ast.expr:
        return _call("new_array", *[self.expr(i) for i in node.items])

    def x_DefaultArg(self, node: n.DefaultArg) -> ast.expr:
        return _wl("DEFAULT")

    def x_ElseArg(self, node: n.ElseArg) -> ast.expr:
        return self.unsupported(node, "SINON outside SELON(...)")

    def x_Member(self, node: n.Member) -> ast.expr:
        return _call("get", self.expr(node.target), _const(node.name))

    def x_Index(self, node: n.Index) -> ast.expr:
        target = self.expr(node.target)
        if len(node.args) == 1 and node.args[0].kind != "one":
            return self._chars(target, node.args[0])
        return _call("at", target, *[self.expr(a.a) for a in node.args if a.a is not None])

    def x_Substring(self, node: n.Substring) -> ast.expr:
        return self._chars(self.expr(node.target), node.arg)

    def _chars(self, target: ast.expr, arg: n.IndexArg) -> ast.expr:
        a = self.expr(arg.a) if arg.a is not None else _const(None)
        args: list[ast.expr] = [target, _const(arg.kind), a]
        if arg.b is not None:
            args.append(self.expr(arg.b))
        return _call("chars", *args)

    # -- calls ------------------------------------------------------------------------------------
    def x_Call(self, node: n.Call) -> ast.expr:
        kind = self.ann.calls.get(id(node), ("unknown",))
        func = node.func
        if kind[0] == "switch":
            return self.compact_switch(node)
        if kind[0] == "proc":
            if self._writes_back(kind[1]):
                return self.unsupported(
                    node, "a procedure that changes a parameter, called inside an expression"
                )
            return self.proc_call(node, kind[1])
        if kind[0] == "func":
            return self.builtin(node, kind[1], node.args)
        if kind[0] == "func_on" and isinstance(func, n.Member):
            return self.builtin(node, kind[1], [func.target, *node.args])
        if kind[0] == "method" and isinstance(func, n.Member):
            obj = self.expr(func.target)
            return _call("call_method", obj, _const(func.name), *self.args(node.args))
        if kind[0] == "value":
            return _call("call_value", self.expr(func), *self.args(node.args))
        name = func.name if isinstance(func, n.Name | n.Member) else "?"
        return self.unknown(func, name)

    def proc_call(self, node: n.Call, proc: Proc) -> ast.expr:
        """A call of a procedure of the script; a wrong number of arguments is the fatal
        error the interpreter raises; ``*`` passes the parameter's default value."""
        target = self._proc_node(proc)
        params = target.params if target is not None else None
        args = self.args(node.args)
        if params is not None:
            if len(node.args) > len(params):
                return _call(
                    "fault",
                    _const("too_many_args"),
                    name=_const(proc.name),
                    count=_const(len(node.args)),
                    high=_const(len(params)),
                )
            for i, p in enumerate(params):
                given = i < len(node.args) and not isinstance(node.args[i], n.DefaultArg)
                if not given and p.default is None:
                    return _call(
                        "fault",
                        _const("missing_arg"),
                        name=_const(p.name.name),
                        proc=_const(proc.name),
                    )
                if i < len(node.args) and isinstance(node.args[i], n.DefaultArg):
                    args[i] = self.default(p)
        return ast.Call(_name(_pyname(proc.name)), args, [])

    def args(self, nodes: list[n.Node]) -> list[ast.expr]:
        return [self.expr(a) for a in nodes]

    def builtin(self, node: n.Node, entry: Entry, args: list[n.Node]) -> ast.expr:
        shown = entry.name(self.lang)
        if entry.status == "unsupported":
            return self.unsupported(node, f"{shown} is not available in wlmail: {entry.reason}")
        if not entry.min_args <= len(args) <= entry.max_args:
            return self.unsupported(node, f"{shown} with {len(args)} arguments")
        attr = shown if shown.isidentifier() and not keyword.iskeyword(shown) else entry.id
        return ast.Call(_wl(attr), self.args(args), [])

    def compact_switch(self, node: n.Call) -> ast.expr:
        if not node.args or not all(_pure(a) for a in node.args):
            return self.unsupported(node, "SELON(...) with calls in its values")
        values = [a for a in node.args[1:] if not isinstance(a, n.ElseArg)]
        other = next((a.value for a in node.args[1:] if isinstance(a, n.ElseArg)), None)
        kwargs = {"default": self.expr(other)} if other is not None else {}
        return _call("choose", self.expr(node.args[0]), *self.args(values), **kwargs)

    def _writes_back(self, proc: Proc) -> bool:
        node = self._proc_node(proc)
        return node is not None and id(node) in self.byref

    def _proc_node(self, proc: Proc) -> n.ProcDef | None:
        for node in _walk(self.program):
            if isinstance(node, n.ProcDef) and self.ann.procs.get(id(node)) is proc:
                return node
        return None

    def _writeback_call(self, call: n.Call) -> tuple[ast.expr, ast.expr] | None:
        """A statement-level call of a procedure that assigns by-reference parameters:
        ``_, (x,) = P(x)`` writes the new values back into the caller's variables."""
        kind = self.ann.calls.get(id(call), ())
        if not kind or kind[0] != "proc":
            return None
        node = self._proc_node(kind[1])
        if node is None or id(node) not in self.byref:
            return None
        targets: list[ast.expr] = []
        for i in self.byref[id(node)]:
            arg = call.args[i] if i < len(call.args) else None
            if isinstance(arg, n.Name):
                ref = self.ann.names.get(id(arg), ("unknown",))
                if ref[0] == "var" and not ref[1].const:
                    targets.append(_name(self.store(arg, ref), True))
                    continue
            targets.append(_name("_", True))
        return self.proc_call(call, kind[1]), ast.Tuple(targets, ast.Store())


def _hoist(stmts: list[n.Node]) -> list[n.Node]:
    """Internal procedures used before the line defining them go first (Python defines a
    function when its ``def`` runs; WLangage knows them from the start of the block)."""
    early: list[n.Node] = []
    for i, stmt in enumerate(stmts):
        if isinstance(stmt, n.ProcDef):
            used = {x.key for x in _walk(stmts[:i]) if isinstance(x, n.Name)}
            if stmt.name.key in used:
                early.append(stmt)
    if not early:
        return stmts
    return early + [s for s in stmts if all(s is not e for e in early)]


def _nonnegative(value: object) -> bool:
    return isinstance(value, int | float) and value >= 0


def _ends_with_return(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[-1], ast.Return)


def _relocate(stmt: ast.AST, line: int, col: int) -> None:
    for child in ast.walk(stmt):
        if isinstance(child, ast.stmt | ast.expr):
            child.lineno = child.end_lineno = line
            child.col_offset = child.end_col_offset = col - 1


def _set_else_line(body: list[ast.stmt], line: int) -> None:
    if body:
        body[0]._wl_else_line = line  # type: ignore[attr-defined]


def _is_const(exp: _Exporter, node: n.Node) -> bool:
    if isinstance(node, n.Name):
        return bool(exp.ann.names.get(id(node), ("",))[0] == "const")
    if isinstance(node, n.UnOp):
        return isinstance(node.operand, n.Num)
    return False


def _literal_fits(type_id: str, value: Any) -> bool:
    if type_id in INT_TYPES:
        return type(value) is int and -(2**31) <= value < 2**31
    if type_id == "string":
        return isinstance(value, str)
    if type_id == "real":
        return type(value) is float
    if type_id == "bool":
        return isinstance(value, bool)
    return False


def _type_name(key: str) -> str:
    name = key.replace("wl.", "").upper()
    return "".join(c if c.isalnum() else "_" for c in name)


def _walk(node: Any) -> Iterator[n.Node]:
    if isinstance(node, list | tuple):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, n.Node):
        yield node
        for key, value in vars(node).items():
            if key not in ("line", "col"):
                yield from _walk(value)


def _assigned(body: Any) -> set[str]:
    """Folded names assigned anywhere in ``body`` (not in nested procedures)."""
    found: set[str] = set()

    def target(node: n.Node) -> None:
        if isinstance(node, n.Name):
            found.add(node.key)
        elif isinstance(node, n.TupleExpr):
            for item in node.items:
                target(item)

    for node in _walk(body):
        if isinstance(node, n.Assign | n.AugAssign | n.IncDec):
            target(node.target)
        elif isinstance(node, n.For):
            found.add(node.var.key)
        elif isinstance(node, n.ForEach):
            found.update(v.key for v in node.vars)
        elif isinstance(node, n.Let):
            found.update(v.key for v in node.names)
    return found


# ---- layout: each statement on its WLangage line ------------------------------------------------
Mark = tuple[int, int, int]  # (column in the program line, WLangage line, WLangage column)


class _Layout:
    """Writes a module line by line: a statement goes to its WLangage line when that line is
    still free, else to the next line; simple statements of one WLangage line share a program
    line (``a = 0; b = 0``). ``where`` tells, for every program line, which WLangage statement
    starts at which column (the support module turns it back into WLangage positions)."""

    def __init__(self, comments: dict[int, str]) -> None:
        self.lines: list[str] = [""]  # lines[0] unused: 1-based
        self.comments = comments
        self.closed: set[int] = set()  # lines holding a compound statement
        self.where: dict[int, list[Mark]] = {}

    def place(self, line: int, indent: int, text: str, marks: list[Mark], simple: bool) -> None:
        current = len(self.lines) - 1
        pad = "    " * indent
        last = self.lines[-1]
        if (
            simple
            and line == current
            and current not in self.closed
            and last.startswith(pad)
            and last.strip()
            and not last.startswith(pad + " ")
        ):
            code, comment = _split_comment(last)
            base = len(code) + 2
            self.lines[-1] = f"{code}; {text}{comment}"
        else:
            if line > current:
                while len(self.lines) < line:
                    self.lines.append("")
            self.lines.append(pad + text)
            base = len(pad)
            comment = self.comments.pop(len(self.lines) - 1, "") if line > current else ""
            if comment:
                self.lines[-1] += "  # " + comment
        at = len(self.lines) - 1
        if not simple:
            self.closed.add(at)
        self.where.setdefault(at, []).extend((base + off, wl, col) for off, wl, col in marks)

    def finish(self) -> str:
        for line, comment in sorted(self.comments.items()):
            while len(self.lines) <= line:
                self.lines.append("")
            text = self.lines[line]
            if text.strip():
                self.lines[line] = f"{text}  # {comment}"
            else:  # indented like the code that follows it
                after = next((t for t in self.lines[line + 1 :] if t.strip()), "")
                pad = after[: len(after) - len(after.lstrip())] if after.startswith(" ") else ""
                self.lines[line] = f"{pad}# {comment}"
        return "\n".join(self.lines[1:]).rstrip("\n") + "\n"

    # -- statements -------------------------------------------------------------------------------
    def stmts(self, body: list[ast.stmt], indent: int) -> None:
        for stmt in body:
            self.stmt(stmt, indent)

    def stmt(self, stmt: ast.stmt, indent: int) -> None:
        line = stmt.lineno
        silent = isinstance(stmt, ast.Global | ast.Nonlocal | ast.Pass)  # cannot fail
        mark = [] if silent else [(0, line, stmt.col_offset + 1)]
        if isinstance(stmt, ast.FunctionDef):
            args = ast.unparse(stmt.args)
            self.place(line, indent, f"def {stmt.name}({args}):", mark, False)
            self.stmts(stmt.body, indent + 1)
        elif isinstance(stmt, ast.If):
            self._if(stmt, indent, "if")
        elif isinstance(stmt, ast.For):
            target = stmt.target
            names = target.elts if isinstance(target, ast.Tuple) else [target]
            head = f"for {', '.join(ast.unparse(t) for t in names)} in {ast.unparse(stmt.iter)}:"
            self._compound(stmt, indent, head, stmt.body)
        elif isinstance(stmt, ast.While):
            self._compound(stmt, indent, f"while {ast.unparse(stmt.test)}:", stmt.body)
        elif isinstance(stmt, ast.Try):
            self.place(line, indent, "try:", mark, False)
            self.stmts(stmt.body, indent + 1)
            for handler in stmt.handlers:
                assert isinstance(handler, ast.ExceptHandler) and handler.type is not None
                head = f"except {ast.unparse(handler.type)} as {handler.name}:"
                self.place(handler.lineno, indent, head, [], False)
                self.stmts(handler.body, indent + 1)
            if stmt.orelse:
                self.place(_else_line(stmt.orelse), indent, "else:", [], False)
                self.stmts(stmt.orelse, indent + 1)
        else:
            self.place(line, indent, ast.unparse(stmt), mark, True)

    def _compound(
        self, head_of: ast.stmt | int, indent: int, head: str, body: list[ast.stmt]
    ) -> None:
        line = head_of if isinstance(head_of, int) else head_of.lineno
        marks = [] if isinstance(head_of, int) else [(0, line, head_of.col_offset + 1)]
        one = body[0]
        if len(body) == 1 and _one_liner(one) and one.lineno == line:
            if not isinstance(one, ast.Pass):
                marks.append((len(head) + 1, one.lineno, one.col_offset + 1))
            self.place(line, indent, f"{head} {ast.unparse(one)}", marks, False)
            return
        self.place(line, indent, head, marks, False)
        self.stmts(body, indent + 1)

    def _if(self, stmt: ast.If, indent: int, word: str) -> None:
        self._compound(stmt, indent, f"{word} {ast.unparse(stmt.test)}:", stmt.body)
        orelse = stmt.orelse
        if not orelse:
            return
        first = orelse[0]
        if (
            len(orelse) == 1
            and isinstance(first, ast.If)
            and not hasattr(first, "_wl_else_line")
            and first.lineno > stmt.lineno
        ):
            self._if(first, indent, "elif")
            return
        self._compound(_else_line(orelse), indent, "else:", orelse)


def _split_comment(text: str) -> tuple[str, str]:
    idx = text.find("  # ")
    return (text[:idx], text[idx:]) if idx >= 0 else (text, "")


def _positions(where: dict[int, list[Mark]], text: str) -> dict[int, tuple[Mark, ...]]:
    """The program lines whose statements do not start where the WLangage line does."""
    wl_lines = text.split("\n")
    out: dict[int, tuple[Mark, ...]] = {}
    for line, marks in sorted(where.items()):
        if not marks:
            continue
        own = wl_lines[line - 1] if line <= len(wl_lines) else ""
        first_col = len(own) - len(own.lstrip(" \t")) + 1
        if len(marks) > 1 or marks[0][1:] != (line, first_col):
            out[line] = tuple(marks)
    return out


def _else_line(body: list[ast.stmt]) -> int:
    line = getattr(body[0], "_wl_else_line", None)
    return int(line) if line is not None else body[0].lineno


def _one_liner(stmt: ast.stmt) -> bool:
    return not isinstance(stmt, ast.If | ast.For | ast.While | ast.Try | ast.FunctionDef)


def _comments(text: str, tokens: list[Token]) -> dict[int, str]:
    """``//`` and ``/* */`` comments by line, read between the tokens (never inside strings)."""
    found: dict[int, str] = {}
    pos = 0
    for tok in [*tokens, None]:
        end = tok.start_pos if tok is not None else len(text)
        gap = text[pos:end]
        _gap_comments(text, pos, gap, found)
        if tok is not None:
            pos = max(pos, tok.end_pos)
    return found


def _gap_comments(text: str, start: int, gap: str, found: dict[int, str]) -> None:
    i = 0
    while i < len(gap):
        if gap.startswith("//", i):
            stop = gap.find("\n", i)
            stop = len(gap) if stop < 0 else stop
            line = text.count("\n", 0, start + i) + 1
            found[line] = gap[i + 2 : stop].strip() or "."
            i = stop
        elif gap.startswith("/*", i):
            stop = gap.find("*/", i)
            stop = len(gap) if stop < 0 else stop + 2
            first = text.count("\n", 0, start + i) + 1
            for k, piece in enumerate(gap[i + 2 : stop - 2].split("\n")):
                if piece.strip():
                    found[first + k] = piece.strip()
            i = stop
        else:
            i += 1


# ---- public API ---------------------------------------------------------------------------------
def export_python(
    text: str, filename: str = "script.wl", allow_unsupported: bool = False
) -> Export:
    """The Python program for ``text``. Raises :class:`WLSyntaxError` for a syntax error and
    :class:`ExportError` for unsupported constructs (unless ``allow_unsupported``)."""
    exporter = _Exporter(text, filename, allow_unsupported)
    module = exporter.module()
    if exporter.problems and not allow_unsupported:
        raise ExportError(exporter.problems)
    ast.fix_missing_locations(module)
    layout = _Layout(_comments(text, exporter.tokens))
    layout.stmts(module.body, 0)
    exporter.positions = _positions(layout.where, text)
    source = layout.finish() + "\n".join(exporter.trailer()) + "\n"
    compile(source, filename.removesuffix(".wl") + ".py", "exec")  # the exporter's own check
    return Export(source, exporter.problems)


def export_command(
    path: str,
    output: str | None = None,
    allow_unsupported: bool = False,
    read: Callable[[str], str] | None = None,
) -> int:
    """``wlmail export --python FILE [-o OUT] [--allow-unsupported]``.

    Exit 0 written, 1 unsupported constructs (listed on stderr; nothing written), 65 syntax
    error, 66 unreadable file.
    """
    try:
        text = read(path) if read is not None else Path(path).read_text(encoding="utf-8-sig")
    except OSError as err:
        print(escape(f"wlmail: {path}: {err.strerror}"), file=sys.stderr)
        return 66
    try:
        result = export_python(text, path, allow_unsupported)
    except WLSyntaxError as err:
        lang = detect_lang(text)
        print(err.render(text, "erreur" if lang == "fr" else "error"), file=sys.stderr)
        return 65
    except ExportError as err:
        for problem in err.problems:
            print(problem.text(), file=sys.stderr)
        print(
            f"wlmail: {len(err.problems)} construct(s) not exported; "
            "--allow-unsupported writes them as run-time errors",
            file=sys.stderr,
        )
        return 1
    for problem in result.unsupported:
        print(problem.text(), file=sys.stderr)
    if output is None or output == "-":
        sys.stdout.write(result.source)
    else:
        Path(output).write_text(result.source, encoding="utf-8")
    return 0
