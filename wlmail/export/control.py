"""Statements of control: exceptions, ``SOIT``/``LET``, ``SELON`` over ranges.

``QUAND EXCEPTION DANS … FAIRE … SINON … FIN`` is ``try``/``except Exception``/``else``; the
general ``QUAND EXCEPTION … FIN`` covers what follows it in its block (``try`` around the rest)
and then ends the procedure or the program (``return``), as the runtime does.
``ExceptionDéclenche(n, message)`` raises the helper module's ``WLException``;
``ExceptionInfo()`` inside a handler reads the exception being handled, with the runtime's
words for the errors Python raises (``division par zéro``). Where Python would word the
message differently (an index out of range), a handler that shows the message is not
exported. ``SOIT x = valeur`` is a plain assignment (the type is the value's);
``SELON`` with ``CAS 3 À 5``, ``CAS > 100``, ``CAS 10 < * < 20`` is an ``if``/``elif`` chain.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from wlmail.export.base import Py, Skip, py_name
from wlmail.export.exprs import COMPARE, NUMERIC, const, name
from wlmail.export.stmts import StmtMixin, assigned, walk
from wlmail.record import record
from wlmail.syntax import nodes as n

SCALARS = ("int", "real", "string", "bool")
# catalog functions whose Python raises nothing a handler could show (ExceptionInfo stays exact)
NEVER_FAIL = frozenset(
    [
        "info",
        "trace",
        "error",
        "warning",
        "exception_throw",
        "exception_info",
        "length",
        "upper",
        "lower",
        "no_space",
        "left",
        "right",
        "middle",
        "position",
        "string_build",
        "val",
        "abs",
        "max",
        "min",
        "date_sys",
        "today",
        "time_sys",
        "now",
        "date_valid",
        "time_valid",
        "leap_year",
    ]
)


@record
class GeneralHandler(n.Node):
    """``QUAND EXCEPTION`` (general) and the statements after it in its block, which it covers."""

    handler: n.WhenException
    after: list[n.Node]


@record
class _Step(n.Node):
    """The step a FOR loop written as ``while`` adds at the end of each turn."""

    code: str


@dataclass(slots=True)
class Handler:
    """An ``except`` clause being written: its variable, and whether ExceptionInfo may read it."""

    name: str
    exact: bool  # the guarded code raises only errors whose message the helper words right
    used: bool = False
    shadowed: bool = False  # a handler inside this one ran: the runtime's ExceptionInfo moved


class ControlMixin(StmtMixin):
    handlers: list[Handler]

    # -- QUAND EXCEPTION ---------------------------------------------------------------------
    def handler_stack(self) -> list[Handler]:
        """The ``except`` clauses being written, innermost last."""
        if not hasattr(self, "handlers"):
            self.handlers = []
        return self.handlers

    def block(self, stmts: list[n.Node], line: int, prologue: list[str] | None = None) -> None:
        for i, stmt in enumerate(stmts):
            if isinstance(stmt, n.WhenException) and stmt.body is None:
                general = GeneralHandler(stmt.line, stmt.col, stmt, stmts[i + 1 :])
                stmts = [*stmts[:i], general]
                break
        super().block(stmts, line, prologue)

    def s_WhenException(self, node: n.WhenException) -> None:
        assert node.body is not None  # the general form is a GeneralHandler (block above)
        self.out.emit(node.line, "try:")
        self.block(node.body, node.line)
        self.except_clause(node, node.handler, node.body, ends=False)
        if node.other is not None:
            self.out.emit(0, "else:")
            self.block(node.other, node.line)

    def s_GeneralHandler(self, node: GeneralHandler) -> None:
        proc = self.scope.proc
        if proc is not None and (
            proc.returns or any(isinstance(x, n.Return) and x.value for x in walk(proc.body))
        ):
            raise Skip(node, "a general WHEN EXCEPTION in a procedure that returns a value")
        if not node.after:
            return  # nothing is covered: the handler can never run
        self.out.emit(node.line, "try:")
        self.block(node.after, node.line)
        self.except_clause(node, node.handler.handler, node.after, ends=True)

    def except_clause(
        self, node: n.Node, body: list[n.Node], guarded: list[n.Node], ends: bool
    ) -> None:
        stack = self.handler_stack()
        for outer in stack:
            outer.shadowed = True
        handler = Handler("exc" if not stack else f"exc{len(stack) + 1}", self.exact(guarded))
        mark = len(self.out.lines)
        self.out.emit(0, "except Exception:")
        last = len(self.blocks) == 2  # the try ends its function: no return needed
        if ends and not last and not (body and isinstance(body[-1], n.Return)):
            body = [*body, n.Return(0, 0, None, "RETURN")]
        stack.append(handler)
        try:
            self.block(body, node.line)
        finally:
            stack.pop()
        if handler.used:
            self.out.lines[mark] = self.out.lines[mark].replace(
                "except Exception:", f"except Exception as {handler.name}:"
            )

    def exact(self, guarded: list[n.Node]) -> bool:
        """Whether every error ``guarded`` (and the procedures it calls) may raise has the
        runtime's message in the helper: no index (IndexError, KeyError), no modulo
        (math.fmod's ValueError), no catalog function outside NEVER_FAIL (a helper's or the
        standard library's own words)."""
        seen: set[int] = set()
        todo: list[Any] = [guarded]
        while todo:
            for x in walk(todo.pop()):
                if (isinstance(x, n.Index) and not self.exact_index(x)) or (
                    isinstance(x, n.BinOp) and x.op in ("MODULO", "PERCENT")
                ):
                    return False
                kind = self.ann.calls.get(id(x), ("",))
                if kind[0] == "bare" and isinstance(x, n.ExprStmt):
                    kind = self.ref(x.expr) if isinstance(x.expr, n.Name) else kind
                if kind[0] in ("func", "func_on") and kind[1].id not in NEVER_FAIL:
                    return False
                if kind[0] == "proc" and id(kind[1]) not in seen:
                    seen.add(id(kind[1]))
                    target = self.proc_node(kind[1])
                    if target is not None:
                        todo.append(target.body)
        return True

    def exact_index(self, node: n.Index) -> bool:
        """Whether ``t[i]`` is written to fail with the runtime's message (lang_faults.py)."""
        return False

    def s_ExprStmt(self, node: n.ExprStmt) -> None:
        expr = node.expr
        kind = self.ann.calls.get(id(expr), ("",)) if isinstance(expr, n.Call) else ("",)
        if isinstance(expr, n.Call) and kind[0] == "func" and kind[1].id == "exception_throw":
            self.throw(node, expr.args)
            return
        super().s_ExprStmt(node)

    def throw(self, node: n.Node, args: list[n.Node]) -> None:
        """``ExceptionDéclenche(n, message…)``: ``raise WLException(n, "message")``."""
        if not args:
            raise Skip(node, "ExceptionDéclenche without a number")
        number = self.expr(args[0])
        if number.type != "int":
            raise Skip(node, "ExceptionDéclenche with a number that is not a whole number")
        parts: list[Py] = []
        for i, arg in enumerate(args[1:]):
            if i:
                parts.append(Py(const(" "), "string"))
            parts.append(self.expr(arg))
        values = [number.code] + ([self.fstring(parts).code] if parts else [])
        self.helpers.add("WLException")
        self.helper_calls += 1
        cause: ast.expr | None = None
        if self.handler_stack() or self.scope.error_name:
            cause = const(None)  # a new exception, not a consequence of the one handled
        self.line(node, ast.Raise(ast.Call(name("WLException"), values, []), cause))

    def builtin(self, node: n.Node, entry: Any, arg_nodes: list[n.Node]) -> Py:
        if entry.id == "exception_info":
            return self.exception_info(node, entry, arg_nodes)
        if entry.id == "exception_throw":
            raise Skip(node, f"{entry.name(self.lang)} inside an expression")
        return super().builtin(node, entry, arg_nodes)

    def exception_info(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py:
        stack = self.handler_stack()
        what = "err_message"
        if args:
            ref = self.ref(args[0]) if isinstance(args[0], n.Name) else ("",)
            what = ref[1].id if len(args) == 1 and ref[0] == "const" else ""
        if what not in ("err_message", "err_code"):
            raise Skip(node, f"{entry.name(self.lang)} with this argument")
        if not stack:
            if any(isinstance(x, n.WhenException) for x in walk(self.program)):
                raise Skip(node, f"{entry.name(self.lang)} outside a WHEN EXCEPTION handler")
            # no exception is ever handled: nothing to tell
            return Py(const(0), "int") if what == "err_code" else Py(const(""), "string")
        handler = stack[-1]
        if handler.shadowed:
            raise Skip(node, f"{entry.name(self.lang)} after a WHEN EXCEPTION inside its handler")
        handler.used = True
        if what == "err_code":
            return Py(self.helper("exception_code", name(handler.name)), "int")
        if not handler.exact:
            what = "an error Python words its own way (index, modulo, a function)"
            raise Skip(node, f"{entry.name(self.lang)} of {what}")
        return Py(self.helper("exception_message", name(handler.name), const(self.lang)), "string")

    # -- SOIT --------------------------------------------------------------------------------
    def s_Let(self, node: n.Let) -> None:
        if node.unpack:
            value = node.value
            if not isinstance(value, n.TupleExpr) or len(value.items) != len(node.names):
                raise Skip(node, "SOIT (a, b) = a value that is not a list of as many values")
            values = [self.expr(item) for item in value.items]
        elif len(node.names) == 1:
            values = [self.expr(node.value)]
        else:
            raise Skip(node, "SOIT with several names")
        for nm, val in zip(node.names, values, strict=True):
            if val.type not in SCALARS:
                raise Skip(node, f"SOIT '{nm.name}' = a value of type {val.type}")
            self.loop_types[nm.key] = val.type  # read back where the name is a variant
        targets = ", ".join(py_name(nm.name) for nm in node.names)
        shown = ", ".join(v.src for v in values)
        self.line(node, f"{targets} = {shown}")

    # -- POUR whose body changes its counter; += of a number on text ---------------------------
    def s_For(self, node: n.For) -> None:
        if node.var.key not in assigned(node.body):
            super().s_For(node)
            return
        # the runtime adds the step to the counter as the body left it: a while loop
        start, stop = self.expr(node.start), self.expr(node.stop)
        step = self.expr(node.step) if node.step is not None else Py(const(1), "int")
        literal = isinstance(step.code, ast.Constant) or (
            isinstance(step.code, ast.UnaryOp) and isinstance(step.code.operand, ast.Constant)
        )
        ref = self.ref(node.var)
        if start.type != "int" or stop.type != "int" or step.type != "int" or not literal:
            raise Skip(node, "a FOR loop changing its counter over values that are not literal")
        if ref[0] == "var" and self.var_type(ref[1].vtype) not in ("int", "any"):
            raise Skip(node, "a FOR loop on a variable that is not a whole number")
        if node.once or any(isinstance(x, n.Continue) for x in walk(node.body)):
            raise Skip(node, "a FOR loop changing its counter, with CONTINUE or _TO_")
        var = py_name(node.var.name)
        down = isinstance(step.code, ast.UnaryOp)
        self.line(node, f"{var} = {start.src}")
        self.out.emit(0, f"while {var} {'>=' if down else '<='} {stop.src}:")
        by = step.code.operand if isinstance(step.code, ast.UnaryOp) else step.code
        add = f"{var} {'-' if down else '+'}= {ast.unparse(by)}"
        self.loop([*node.body, _Step(0, 0, add)], node.line)

    def s__Step(self, node: _Step) -> None:
        self.out.emit(0, node.code)

    def s_AugAssign(self, node: n.AugAssign) -> None:
        target = self.expr(node.target)
        value = self.expr(node.value)
        if not (target.type == "string" and node.op == "+" and value.type in ("int", "real")):
            super().s_AugAssign(node)
            return
        if not isinstance(node.target, n.Name):
            raise Skip(node, "this compound assignment")
        literal = isinstance(value.code, ast.Constant) and value.type == "int"
        shown = self.fstring([value]) if literal else None
        self.line(node, f"{target.src} += {ast.unparse(shown.code if shown else self.text(value))}")

    def elem_type(self, node: n.Node) -> str:
        """``POUR TOUT x DE [1, 0, 2]``: the type of a literal array's items, when they agree."""
        if not isinstance(node, n.ArrayLit) or not node.items:
            return super().elem_type(node)
        literal = (n.Num, n.Str)
        if not all(
            isinstance(i, literal) or (isinstance(i, n.UnOp) and isinstance(i.operand, n.Num))
            for i in node.items
        ):
            return "any"
        kinds = {self.expr(i).type for i in node.items}
        if kinds <= {"int", "real"}:
            return "int" if kinds == {"int"} else "real"
        return kinds.pop() if kinds == {"string"} else "any"

    # -- SELON(v, a, b, SINON c) -------------------------------------------------------------
    def x_Call(self, node: n.Call) -> Py:
        if self.ann.calls.get(id(node), ("",))[0] != "switch":
            return super().x_Call(node)
        if not node.args:
            raise Skip(node, "SELON() without a value")
        subject = self.expr(node.args[0])
        if subject.type != "int" or not isinstance(subject.code, ast.Name):
            raise Skip(node, "SELON(…) on a value that is not a whole number variable")
        rest = node.args[1:]
        other: n.Node = n.Str(0, 0, "")
        if rest and isinstance(rest[-1], n.ElseArg):
            other, rest = rest[-1].value, rest[:-1]
        if not rest or any(isinstance(x, n.Call | n.ElseArg) for x in walk(rest)):
            raise Skip(node, "SELON(…) whose values call something (only one is evaluated)")
        values = [self.expr(v) for v in rest]
        default = self.expr(other)
        kinds = {v.type for v in values} | {default.type}
        if len(kinds) != 1 or kinds.pop() not in SCALARS:
            raise Skip(node, "SELON(…) with values of different or unknown types")
        choices = ast.Tuple([v.code for v in values], ast.Load())
        index = ast.BinOp(subject.code, ast.Sub(), const(1))
        picked = ast.Subscript(choices, index, ast.Load())
        inside = ast.Compare(const(1), [ast.LtE(), ast.LtE()], [subject.code, const(len(values))])
        return Py(ast.IfExp(inside, picked, default.code), default.type)

    # -- SELON with ranges and comparisons ---------------------------------------------------
    def s_Switch(self, node: n.Switch) -> None:
        labels = [lb for case in node.cases for lb in case.labels]
        if all(lb.kind == "value" and isinstance(lb.a, n.Num | n.Str) for lb in labels):
            super().s_Switch(node)
            return
        subject = self.expr(node.subject)
        if not isinstance(subject.code, ast.Name) or subject.type not in NUMERIC:
            raise Skip(node, "a CASE range or comparison on a value that is not a number variable")
        for i, case in enumerate(node.cases):
            tests = [self.label_test(subject, lb) for lb in case.labels]
            test = tests[0] if len(tests) == 1 else ast.BoolOp(ast.Or(), tests)
            word = "if" if i == 0 else "elif"
            self.out.emit(node.line if i == 0 else case.line, f"{word} {ast.unparse(test)}:")
            self.branch(case.body, case.line)
        if node.other:
            self.out.emit(0, "else:")
            self.branch(node.other, node.line)

    def label_test(self, subject: Py, lb: n.CaseLabel) -> ast.expr:
        a = self.bound(lb, lb.a)
        b = self.bound(lb, lb.b)
        v = subject.code
        Link = tuple[ast.expr | None, ast.cmpop, ast.expr | None]
        ops: dict[str, list[Link]] = {
            "value": [(v, ast.Eq(), a)],
            "range": [(a, ast.LtE(), v), (v, ast.LtE(), b)],
            "upto": [(v, ast.LtE(), b)],
            "from": [(v, ast.GtE(), a)],
            "cmp": [(v, COMPARE[lb.op](), a)] if lb.op in COMPARE else [],
        }
        if lb.kind == "interval" and lb.op in COMPARE and lb.op2 in COMPARE:
            ops["interval"] = [(a, COMPARE[lb.op](), v), (v, COMPARE[lb.op2](), b)]
        chain = ops.get(lb.kind)
        if not chain or any(x is None for pair in chain for x in (pair[0], pair[2])):
            raise Skip(lb, "this CASE label")
        left, rights = chain[0][0], [right for _, _, right in chain]
        assert left is not None and None not in rights
        return ast.Compare(left, [op for _, op, _ in chain], [r for r in rights if r is not None])

    def bound(self, lb: n.CaseLabel, node: n.Node | None) -> ast.expr | None:
        if node is None:
            return None
        value = self.expr(node)
        if value.type not in NUMERIC:
            raise Skip(lb, "a CASE label that is not a number")
        return value.code
