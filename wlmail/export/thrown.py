"""``ErreurDéclenche``/``ErrorThrow``: a non-fatal error the script raises itself (decision 7).

``wlmail run`` records it (``wlmail/builtins/errors.py``): ``ErreurDétectée`` becomes true,
``ErreurInfo()``/``ErreurInfo(errMessage)`` is its message, ``ErreurInfo(errCode)`` its number,
``Erreur()`` without argument shows the message; nothing is raised (``QUAND EXCEPTION`` does
not catch it) and the program goes on. The exported program keeps that state in ``last_error``,
an object of the helper module (``last_error.throw(5, "oups")``, ``last_error.occurred``,
``last_error.message``, ``last_error.code``).

Every other fallible function of WLangage empties that state before it runs, and sets it when
it fails; the exporter writes ``last_error`` only when ``ErreurDéclenche`` is the one fallible
function of the program (no file, mail or OAuth call, no method it cannot name): whatever ran
last before a read, the state is then the one ``wlmail run`` has. Otherwise, and for the other
``ErreurInfo`` fields (``errComplet``, the system ones), the read is reported.
"""

from __future__ import annotations

import ast
from typing import Any

from wlmail.builtins import implementation
from wlmail.export.base import Py, Skip
from wlmail.export.exprs import call, name
from wlmail.export.stmts import StmtMixin, walk
from wlmail.syntax import nodes as n

STATE = "last_error"
READS = {"error_occurred", "error_info"}

THROWN_HELPERS: dict[str, str] = {
    STATE: '''
class ErrorState:
    """The last non-fatal error (ErreurDéclenche/ErrorThrow), as ErreurDétectée/ErrorOccurred
    and ErreurInfo/ErrorInfo read it."""

    def __init__(self) -> None:
        self.occurred = False
        self.code = 0
        self.message = ""

    def throw(self, code: int, message: str = "") -> None:
        """ErreurDéclenche/ErrorThrow: records the error; the program goes on."""
        self.occurred, self.code, self.message = True, code, message


last_error = ErrorState()
''',
}


class ThrownMixin(StmtMixin):
    def mail_call(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        if entry.id == "error_throw" or (entry.id in READS and self.throws()):
            return self.thrown(node, entry, args)
        return super().mail_call(node, entry, args)

    def call_statement(self, node: n.Node, expr: n.Call, entry: Any) -> None:
        if entry.id == "error" and not expr.args and self.throws():
            self.state(node)
            shown = self.printable(Py(ast.Attribute(name(STATE), "message", ast.Load()), "string"))
            self.need("import sys")
            self.line(node, call("print", shown, file=name("sys.stderr")))
            return
        super().call_statement(node, expr, entry)

    def thrown(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py:
        self.state(node)
        if entry.id == "error_throw":
            if not isinstance(self.writing_stmt(node), n.ExprStmt):
                raise Skip(node, f"{entry.name(self.lang)} inside an expression")
            values = [self.expr(a) for a in args]
            if values[0].type != "int":
                raise Skip(node, f"{entry.name(self.lang)} with a number that is not whole")
            shown = [values[0].code, *[self.text(v) for v in values[1:]]]
            return Py(call(f"{STATE}.throw", *shown), "none")
        if entry.id == "error_occurred":
            return Py(ast.Attribute(name(STATE), "occurred", ast.Load()), "bool")
        what = "err_message"
        if args:
            ref = self.ref(args[0]) if isinstance(args[0], n.Name) else ("",)
            what = ref[1].id if len(args) == 1 and ref[0] == "const" else ""
        if what not in ("err_message", "err_code"):
            raise Skip(node, f"{entry.name(self.lang)} with this argument")
        field = "code" if what == "err_code" else "message"
        return Py(
            ast.Attribute(name(STATE), field, ast.Load()), "int" if field == "code" else "string"
        )

    def state(self, node: n.Node) -> None:
        """The program uses ``last_error``: only when ErreurDéclenche is its one fallible
        function (module docstring)."""
        if not self.only_thrown_failures():
            raise Skip(node, "ErreurDéclenche with other functions that may fail")
        self.helpers.add(STATE)

    def throws(self) -> bool:
        found: bool | None = getattr(self, "_throws", None)
        if found is None:
            refs = [self.ann.calls.get(id(x), ("",)) for x in walk(self.program)]
            found = any(r[0] == "func" and r[1].id == "error_throw" for r in refs)
            self._throws = found
        return found

    def only_thrown_failures(self) -> bool:
        for node in walk(self.program):
            if isinstance(node, n.Call):
                kind = self.ann.calls.get(id(node), ("unknown",))
            elif isinstance(node, n.Name):
                kind = self.ref(node)
            else:
                continue
            if kind[0] in ("func", "func_on"):
                impl = implementation(kind[1])
                if (impl is None or impl.fallible) and kind[1].id != "error_throw":
                    return False
            elif kind[0] not in ("proc", "var", "const") and isinstance(node, n.Call):
                return False  # a method or something unknown: it may fail
        return True

    def writing_stmt(self, node: n.Node) -> n.Node | None:
        """The statement ``node`` is written for: a bare call is an ``ExprStmt`` of it."""
        for stmt in walk(self.program):
            if isinstance(stmt, n.ExprStmt) and stmt.expr is node:
                return stmt
        return None
