"""Statements: declarations with annotations, control flow, procedures as ``def``.

Each statement is written through :class:`~wlmail.export.writer.Writer` on behalf of its
WLangage line, so comments stay with it. A statement that cannot be exported is reported
(``Skip``) and, with ``--allow-unsupported``, written as ``raise NotImplementedError``
naming its WLangage line.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from wlmail.export.base import PY_TYPES, Py, Scope, Skip, py_name
from wlmail.export.exprs import NUMERIC, ExprMixin, call, const, name
from wlmail.syntax import nodes as n

DEFAULTS = {"int": "0", "real": "0.0", "string": '""', "bool": "False"}
DIALOGS = {"info": "", "error": "sys.stderr", "warning": "sys.stderr"}


class StmtMixin(ExprMixin):
    blocks: list[int]  # the blocks being written, innermost last
    blocks_made = 0

    @property
    def here(self) -> int:
        return self.blocks[-1]

    def block(self, stmts: list[n.Node], line: int, prologue: list[str] | None = None) -> None:
        """The statements of a body, indented; ``pass`` when nothing was written."""
        with self.out.block():
            before = len(self.out.lines)  # a prologue's statements count: no ``pass`` after
            for text in prologue or []:
                self.out.emit(0, text)
            self.blocks_made += 1
            self.blocks.append(self.blocks_made)
            try:
                for stmt in stmts:
                    self.stmt(stmt)
            finally:
                self.blocks.pop()
            if not any(
                x.strip() and not x.strip().startswith("#") for x in self.out.lines[before:]
            ):
                self.out.emit(0, "pass")

    def stmt(self, node: n.Node) -> None:
        method: Callable[[Any], None] | None = getattr(self, "s_" + type(node).__name__, None)
        mark = len(self.out.lines)
        try:
            if method is None:
                raise Skip(node, f"the statement {type(node).__name__}")
            method(node)
        except Skip as skip:
            self.not_written(node, skip, mark)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError) as err:
            # a construct added to the language after this exporter: reported, never a crash
            self.not_written(node, Skip(node, f"cannot be written ({type(err).__name__})"), mark)

    def not_written(self, node: n.Node, skip: Skip, mark: int) -> None:
        del self.out.lines[mark:]
        where = skip.node if skip.node.line else node
        self.report(where, skip.what)
        self.out.emit(node.line, f"raise NotImplementedError({self.not_done(node, skip)!r})")

    def not_done(self, node: n.Node, skip: Skip) -> str:
        return f"{self.short_name}:{node.line}: {skip.what}"

    def line(self, node: n.Node, code: ast.AST | str) -> None:
        text = code if isinstance(code, str) else ast.unparse(code)
        for i, piece in enumerate(text.split("\n")):
            self.out.emit(node.line if i == 0 else 0, piece)

    # -- expressions as statements -----------------------------------------------------------
    def s_ExprStmt(self, node: n.ExprStmt) -> None:
        expr = node.expr
        if isinstance(expr, n.Name) and self.ann.calls.get(id(node)) == ("bare",):
            ref = self.ref(expr)
            if ref[0] == "proc":
                self.line(node, ast.Call(name(py_name(ref[1].name)), [], []))
                return
            if ref[0] == "func":
                self.call_statement(node, n.Call(expr.line, expr.col, expr, []), ref[1])
                return
        if isinstance(expr, n.Call):
            kind = self.ann.calls.get(id(expr), ("unknown",))
            found = self.mail_function(expr)
            if found is not None:
                self.call_statement(node, found[1], found[0])
                return
            if kind[0] == "func":
                self.call_statement(node, expr, kind[1])
                return
        self.line(node, self.expr(expr).code)

    def call_statement(self, node: n.Node, expr: n.Call, entry: Any) -> None:
        if entry.id in DIALOGS or entry.id == "trace":
            args = [self.expr(a) for a in expr.args]
            shown = [self.printable(a) for a in args]
            kw: dict[str, ast.expr] = {}
            if len(shown) > 1:
                kw["sep"] = const(", " if entry.id == "trace" else "\n")
            if entry.id != "info":
                self.need("import sys")
                kw["file"] = name("sys.stderr")
            self.line(node, call("print", *shown, **kw))
            return
        if self.mail_statement(node, expr, entry):
            return
        self.line(node, self.builtin(expr, entry, expr.args).code)

    def printable(self, value: Any) -> ast.expr:
        if value.type in ("string", "int", "error"):
            return value.code  # type: ignore[no-any-return]
        if value.type == "bool":  # print(1) shows what WLangage shows for Vrai
            if isinstance(value.code, ast.Constant):
                return const(int(bool(value.code.value)))
            return call("int", value.code)
        return self.text(value)

    # -- assignments and declarations --------------------------------------------------------
    def s_Assign(self, node: n.Assign) -> None:
        target = node.target
        if isinstance(target, n.Member | n.Index) and self.mail_assign(node):
            return
        value = self.expr(node.value)
        if isinstance(target, n.Name):
            ref = self.ref(target)
            if ref[0] != "var" or ref[1].const:
                raise Skip(target, f"assignment to '{target.name}'")
            kind = self.var_type(ref[1].vtype)
            if kind == "variant":  # an untyped parameter: the type its calls give (infer.py)
                kind = self.inferred(target) or kind
            value = self.fit(node, kind, value)
            self.line(node, f"{self.store(target, ref)} = {value.src}")
            return
        if isinstance(target, n.Index):
            place = self.x_Index(target)
            self.line(node, f"{ast.unparse(place.code)} = {value.src}")
            return
        raise Skip(node, "assignment to this expression")

    def fit(self, node: n.Node, kind: str, value: Py) -> Py:
        """``value`` as a variable of type ``kind`` holds it: WLangage converts on assignment
        (``n est un entier = 3.7`` is 3); the conversions Python writes are in infer.py."""
        fits = kind == value.type or (kind == "real" and value.type == "int") or kind == "any"
        converted = None if fits else self.convert(kind, value)
        if converted is not None:
            return Py(converted, kind)
        self.check_fits(node, kind, value.type)
        return value

    def check_fits(self, node: n.Node, kind: str, value: str) -> None:
        fits = kind == value or (kind == "real" and value == "int") or kind == "any"
        if not fits:
            raise Skip(node, f"assigning a {value} value to a {kind} variable (conversion)")

    def store(self, target: n.Name, ref: tuple[Any, ...]) -> str:
        return py_name(ref[1].name)  # a main-code variable: `global` (module_vars.py)

    def s_AugAssign(self, node: n.AugAssign) -> None:
        target, value = self.expr(node.target), self.expr(node.value)
        ok = (target.type in NUMERIC and value.type in NUMERIC) or (
            target.type == value.type == "string" and node.op == "+"
        )
        if not ok or not isinstance(node.target, n.Name | n.Index):
            raise Skip(node, "this compound assignment")
        self.check_fits(node, target.type, value.type)
        self.line(node, f"{target.src} {node.op}= {value.src}")

    def s_IncDec(self, node: n.IncDec) -> None:
        target = self.expr(node.target)
        if target.type not in NUMERIC or not isinstance(node.target, n.Name | n.Index):
            raise Skip(node, "++ or -- on a value that is not a number variable")
        self.line(node, f"{target.src} {'+' if node.op == '+' else '-'}= 1")

    def s_Decl(self, node: n.Decl) -> None:
        vtype = self.ann.vtypes.get(id(node.type))
        if vtype is None or self.mail_decl(node, vtype):
            return
        kind = self.var_type(vtype)
        annotation = self.annotation(vtype)
        if annotation is None:
            raise Skip(node, f"a variable of type {' '.join(node.type.words) or kind}")
        init = self.expr(node.init) if node.init is not None else None
        if init is not None:
            init = self.fit(node, kind, init)
        value = (
            init.src if init is not None else DEFAULTS.get(kind, "[]" if kind == "list" else "{}")
        )
        alone = init is not None and len(node.names) == 1 and self.unread(node.names[0])
        if alone and any(isinstance(x, n.Call) for x in walk(node.init)):  # for its effects
            self.line(node, f"{value}  # {node.names[0].name}")
            return
        for nm in node.names:
            self.line(node, f"{py_name(nm.name)}: {annotation} = {value}")

    def unread(self, var: n.Name) -> bool:
        """Does no other name of the program denote the variable ``var`` declares?"""
        return not any(
            isinstance(x, n.Name) and x.key == var.key and x is not var
            for x in walk([self.program.body, self.program.procs])
        )

    def annotation(self, vtype: Any) -> str | None:
        kind = self.var_type(vtype)
        if kind in DEFAULTS:
            return self.py_type(str(vtype.id))
        if kind in ("list", "dict") and vtype.elem is not None:
            inner = self.annotation(vtype.elem)
            if inner is None or vtype.elem.id == "array":
                return None
            return f"list[{inner}]" if kind == "list" else f"dict[str, {inner}]"
        return None

    def s_ScopeMark(self, node: n.ScopeMark) -> None:
        return None

    def s_ConstBlock(self, node: n.ConstBlock) -> None:
        if self.scope.proc is not None:
            raise Skip(node, "a CONSTANT block inside a procedure")
        for d in node.defs:
            self.const_types[d.name.key] = self.expr(d.value).type
            self.module_consts.append(
                (d.line, f"{py_name(d.name.name)} = {self.expr(d.value).src}")
            )
            self.out.comments.pop(d.line, None)

    # -- control flow ------------------------------------------------------------------------
    def s_If(self, node: n.If) -> None:
        if self.mail_if(node):
            return
        for i, (cond, body) in enumerate(node.arms):
            word = "if" if i == 0 else "elif"
            self.out.emit(cond.line if i else node.line, f"{word} {ast.unparse(self.test(cond))}:")
            self.branch(body, cond.line)
        if node.other:
            self.out.emit(0, "else:")
            self.branch(node.other, node.line)

    def branch(self, body: list[n.Node], line: int, prologue: list[str] | None = None) -> None:
        self.scope.branch_depth += 1
        try:
            self.block(body, line, prologue)
        finally:
            self.scope.branch_depth -= 1

    def loop(self, body: list[n.Node], line: int) -> None:
        self.scope.loop_depth += 1
        try:
            self.block(body, line)
        finally:
            self.scope.loop_depth -= 1

    def s_Switch(self, node: n.Switch) -> None:
        subject = self.expr(node.subject)
        self.out.emit(node.line, f"match {subject.src}:")
        with self.out.block():
            for case in node.cases:
                pats = []
                for lb in case.labels:
                    if lb.kind != "value" or not isinstance(lb.a, n.Num | n.Str):
                        raise Skip(lb, "a CASE label that is not a literal")
                    pats.append(self.expr(lb.a).src)
                self.out.emit(case.line, f"case {' | '.join(pats)}:")
                self.branch(case.body, case.line)
            if node.other:
                self.out.emit(0, "case _:")
                self.branch(node.other, node.line)

    def s_For(self, node: n.For) -> None:
        start, stop = self.expr(node.start), self.expr(node.stop)
        step = self.expr(node.step) if node.step is not None else None
        ref = self.ref(node.var)
        if start.type != "int" or stop.type != "int" or (step is not None and step.type != "int"):
            raise Skip(node, "a FOR loop over values that are not whole numbers")
        if ref[0] == "var" and self.var_type(ref[1].vtype) not in ("int", "any"):
            raise Skip(node, "a FOR loop on a variable that is not a whole number")
        written = assigned(node.body)
        bounds = [node.stop] + ([node.step] if node.step is not None else [])
        read = {x.key for b in bounds for x in walk(b) if isinstance(x, n.Name)}
        calls = any(isinstance(x, n.Call) for b in bounds for x in walk(b))
        changing = calls or self.bound_may_change(node)
        if node.var.key in written or ((read & written or changing) and not node.once):
            if self.while_loop(node, start, stop, step):
                return
            raise Skip(node, "a FOR loop whose body changes its counter or its bound")
        if self.counter_read_after(node):
            if self.while_loop(node, start, stop, step):
                return
            raise Skip(node, "a FOR counter read after its loop (WLangage: past the bound)")
        var = "_" if self.counter_unused(node) else py_name(node.var.name)
        negative = isinstance(step.code, ast.UnaryOp) if step is not None else False
        bound = ast.BinOp(stop.code, ast.Sub() if negative else ast.Add(), const(1))
        args = [start.code, bound] + ([step.code] if step is not None else [])
        if step is not None and not isinstance(step.code, ast.Constant | ast.UnaryOp):
            raise Skip(node, "a FOR loop whose step is not a literal")
        self.out.emit(node.line, f"for {var} in {ast.unparse(call('range', *args))}:")
        self.loop(node.body, node.line)

    def s_ForEach(self, node: n.ForEach) -> None:
        source = self.expr(node.iterable)
        if node.separator is not None or source.type not in ("list", "string"):
            raise Skip(node, "a FOR EACH over this kind of value")
        names = [py_name(v.name) for v in node.vars]
        if len(names) == 1 and not any(
            isinstance(x, n.Name) and x.key == node.vars[0].key for x in walk(node.body)
        ):
            names = ["_"]  # the body never reads it
        elem = self.elem_type(node.iterable) if source.type == "list" else "string"
        self.loop_types[node.vars[0].key] = elem
        if len(node.vars) > 1:
            self.loop_types[node.vars[1].key] = "int"
        if len(names) == 1:
            head = f"for {names[0]} in {source.src}:"
        elif len(names) == 2:
            head = f"for {names[1]}, {names[0]} in enumerate({source.src}, 1):"
        else:
            raise Skip(node, "a FOR EACH with more than two variables")
        self.out.emit(node.line, head)
        self.loop(node.body, node.line)

    def elem_type(self, node: n.Node) -> str:
        if isinstance(node, n.Name):
            ref = self.ref(node)
            vtype = self.inferred_vtype(node) if ref[0] == "var" else None
            elem = (vtype or ref[1].vtype).elem if ref[0] == "var" else None
            if elem is not None:
                return self.var_type(elem)
        return "any"

    def s_While(self, node: n.While) -> None:
        self.out.emit(node.line, f"while {ast.unparse(self.test(node.cond))}:")
        self.loop(node.body, node.line)

    def s_Loop(self, node: n.Loop) -> None:
        self.out.emit(node.line, "while True:")
        body = list(node.body)
        self.loop(body, node.line)
        if node.until is not None:
            with self.out.block():
                self.out.emit(node.until.line, f"if not ({ast.unparse(self.test(node.until))}):")
                with self.out.block():
                    self.out.emit(0, "break")

    def s_LoopCount(self, node: n.LoopCount) -> None:
        count = self.expr(node.count)
        if count.type != "int":
            raise Skip(node, "a LOOP whose count is not a whole number")
        self.out.emit(node.line, f"for _ in range({count.src}):")
        self.loop(node.body, node.line)

    def s_Break(self, node: n.Break) -> None:
        if not self.scope.loop_depth:
            raise Skip(node, "BREAK outside a loop")
        self.out.emit(node.line, "break")

    def s_Continue(self, node: n.Continue) -> None:
        if not self.scope.loop_depth:
            raise Skip(node, "CONTINUE outside a loop")
        self.out.emit(node.line, "continue")

    def s_Return(self, node: n.Return) -> None:
        if node.value is None:
            self.out.emit(node.line, "return")
            return
        proc = self.scope.proc
        if proc is None:
            raise Skip(node, "RETURN with a value in the main code")
        value = self.expr(node.value)
        if len(proc.returns) == 1:
            rtype = self.ann.vtypes.get(id(proc.returns[0]))
            if rtype is not None:
                value = self.fit(node, self.var_type(rtype), value)
        self.line(node, f"return {value.src}")

    # -- procedures --------------------------------------------------------------------------
    def s_ProcDef(self, node: n.ProcDef) -> None:
        raise Skip(node, "an internal procedure")

    def procedure(self, node: n.ProcDef) -> None:
        outer = self.scope
        self.scope = Scope(proc=node)
        try:
            self.out.blank_line()
            self.out.blank_line()
            self.out.emit(node.line, self.signature(node))
            self.block(node.body, node.line, self.globals_line(node))
        except Skip as skip:
            self.report(skip.node if skip.node.line else node, skip.what)
        finally:
            self.scope = outer

    def signature(self, node: n.ProcDef) -> str:
        if node.params is None:
            raise Skip(node, "a procedure with a variable number of parameters")
        written, returned = assigned(node.body), self.written_back(node)
        params = []
        for p in node.params:
            text = py_name(p.name.name)
            vtype = self.ann.vtypes.get(id(p.type)) if p.type is not None else None
            shared = vtype is not None and self.var_type(vtype) in ("list", "dict")
            if not p.local and p.name.key in written and not shared and p not in returned:
                raise Skip(p, f"parameter '{p.name.name}' passed by reference and changed")
            if vtype is not None:
                note = self.annotation(vtype)
                if note is None:
                    raise Skip(p, f"parameter '{p.name.name}' of this type")
                text += f": {note}"
            elif self.param_type(node, p):  # untyped: the type every call gives (infer.py)
                text += f": {self.param_type(node, p)}"
            if p.default is not None:
                default = self.expr(p.default)
                typed = p.type is not None or self.param_type(node, p)
                text += f" = {default.src}" if typed else f"={default.src}"
            params.append(text)
        returns = ""
        if len(node.returns) == 1:
            rtype = self.ann.vtypes.get(id(node.returns[0]))
            note = self.annotation(rtype) if rtype is not None else None
            returns = f" -> {note}" if note else ""
        elif self.return_type(node):
            returns = f" -> {PY_TYPES[self.return_type(node)]}"
        elif not node.returns and not any(
            isinstance(x, n.Return) and x.value is not None for x in walk(node.body)
        ):
            returns = " -> None"
        return f"def {py_name(node.name.name)}({', '.join(params)}){returns}:"

    # -- hooks: module variables (module_vars.py), then the mail mixin -----------------------
    def written_back(self, proc: n.ProcDef) -> list[n.Param]:
        return []  # parameters returned to the caller (byref.py)

    def globals_line(self, proc: n.ProcDef | None) -> list[str]:
        return []

    def counter_read_after(self, node: n.For) -> bool:
        return False

    def counter_unused(self, node: n.For) -> bool:
        return False

    def bound_may_change(self, node: n.For) -> bool:
        return False

    def while_loop(self, node: n.For, start: Py, stop: Py, step: Py | None) -> bool:
        return False

    def mail_statement(self, node: n.Node, expr: n.Call, entry: Any) -> bool:
        return False

    def clean_call(self, node: ast.AST) -> bool:
        return False  # a call whose text never holds a CR (terminal.py; ini.py)

    def mail_function(self, expr: n.Call) -> tuple[Any, n.Call] | None:
        return None

    def mail_assign(self, node: n.Assign) -> bool:
        return False

    def mail_decl(self, node: n.Decl, vtype: Any) -> bool:
        return False

    def mail_if(self, node: n.If) -> bool:
        return False

    short_name = "script.wl"


def walk(node: Any) -> Any:
    if isinstance(node, list | tuple):
        for item in node:
            yield from walk(item)
    elif isinstance(node, n.Node):
        yield node
        for key, value in vars(node).items():
            if key not in ("line", "col"):
                yield from walk(value)


def assigned(body: Any) -> set[str]:
    """Folded names assigned anywhere in ``body``."""
    found: set[str] = set()
    for node in walk(body):
        if isinstance(node, n.Assign | n.AugAssign | n.IncDec) and isinstance(node.target, n.Name):
            found.add(node.target.key)
        elif isinstance(node, n.For):
            found.add(node.var.key)
        elif isinstance(node, n.ForEach):
            found.update(v.key for v in node.vars)
    return found
