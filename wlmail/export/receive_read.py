"""``EmailLitMessage(s, n)`` in straight-line code: message ``n`` of a POP3 session read into
the ``Email`` structure, then the statements after it in the same block.

Written as ``RETR n`` parsed into ``Email``, with ``Email_out`` (``Email.EnDehors``) ``True``
until the read succeeds: an absent or deleted number reads nothing, as in wlmail. wlmail keeps
the previous message's fields when a read fails, which a Python variable unbound before the
first read cannot do: so the other fields are read only where ``Email.EnDehors`` is surely
``Faux`` (in the branch of ``SI Email.EnDehors <> Vrai``, ``= Faux`` or ``SI PAS
Email.EnDehors``, or the ``SINON`` of the opposite test); anything else is reported. IMAP is
not written: wlmail numbers IMAP messages by the UIDs it listed at the open.
"""

from __future__ import annotations

import ast

from wlmail.export.base import Py, Skip
from wlmail.export.exprs import name
from wlmail.export.mail import LEGACY
from wlmail.export.receive import JOINED, PARSE
from wlmail.export.receive_sessions import ERRORS
from wlmail.export.receive_values import ReceiveValuesMixin
from wlmail.export.stmts import walk
from wlmail.record import record
from wlmail.syntax import nodes as n


@record
class ReadThen(n.Node):
    """``EmailLitMessage(s, n)`` and the statements after it in its block."""

    first: n.ExprStmt
    rest: list[n.Node]


class ReceiveReadMixin(ReceiveValuesMixin):
    out_flags: dict[str, str]  # received key -> the Python name of its EnDehors

    def mail_setup(self) -> None:
        super().mail_setup()
        self.out_flags = {}

    def block(self, stmts: list[n.Node], line: int, prologue: list[str] | None = None) -> None:
        super().block(self.read_then(stmts), line, prologue)

    def read_then(self, stmts: list[n.Node]) -> list[n.Node]:
        for i, stmt in enumerate(stmts):
            if isinstance(stmt, n.ExprStmt) and isinstance(stmt.expr, n.Call):
                found = self.mail_function(stmt.expr)
                if found is not None and found[0].id == "email_read_message":
                    rest = self.read_then(stmts[i + 1 :])
                    return [*stmts[:i], ReadThen(stmt.line, stmt.col, stmt, rest)]
        return stmts

    def s_ReadThen(self, node: ReadThen) -> None:
        call = node.first.expr
        assert isinstance(call, n.Call)
        box = self.box_of(call.args[0]) if len(call.args) == 2 else None
        if box is None or box.protocol != "pop3":
            raise Skip(node, "EmailLitMessage other than (POP3 session, number)")
        self.surely_open(node, box)
        number = self.expr(call.args[1])
        if number.type != "int":
            raise Skip(node, "EmailLitMessage of a number that is not an integer")
        py, flag = "Email", "Email_out"
        self.received[LEGACY], self.out_flags[LEGACY] = py, flag
        try:
            self.check_guarded(node.rest, False)
            used = {self.field_of(x, LEGACY) for x in walk(node.rest) if isinstance(x, n.Member)}
            self.mail_imports()
            self.need("import contextlib")
            self.line(node.first, f"{flag} = True")
            self.out.emit(0, f"with contextlib.suppress{ERRORS['pop3']}:")
            self.out.emit(0, f"    lines = {box.py}.retr({number.src})[1]")
            self.out.emit(0, f"    {py} = {PARSE.format(JOINED)}")
            self.out.emit(0, f"    {flag} = False")
            before = [
                text.format(m=py)
                for prop, spec in self.map["received_fields"].items()
                for text in (spec.get("before", []) if prop in used else [])
            ]
            for text in dict.fromkeys(before):
                self.out.emit(0, "    " + text)
            for stmt in self.pair_reads(node.rest):
                self.stmt(stmt)
        finally:
            del self.received[LEGACY], self.out_flags[LEGACY]

    def check_guarded(self, stmts: list[n.Node], safe: bool) -> None:
        """Every field of ``Email`` but ``EnDehors`` is read where the read surely succeeded."""
        for stmt in stmts:
            if isinstance(stmt, n.If) and len(stmt.arms) == 1:
                cond, body = stmt.arms[0]
                self.check_guarded([n.ExprStmt(cond.line, cond.col, cond)], safe)
                sense = self.out_test(cond)
                self.check_guarded(body, safe or sense is False)
                self.check_guarded(stmt.other or [], safe or sense is True)
                continue
            for x in walk(stmt):
                if isinstance(x, n.Call) and self.rereads(x):
                    raise Skip(x, "another read after EmailLitMessage in the same block")
                if safe or not isinstance(x, n.Member):
                    continue
                field = self.field_of(x, LEGACY)
                if field and field != "out":
                    raise Skip(x, "a field of Email read where EmailLitMessage may have failed")

    def out_test(self, cond: n.Node) -> bool | None:
        """``True``: ``cond`` is ``Email.EnDehors`` (or ``= Vrai``); ``False``: its opposite."""
        if isinstance(cond, n.Not):
            inner = self.out_test(cond.operand)
            return None if inner is None else not inner
        if isinstance(cond, n.Member):
            return True if self.field_of(cond, LEGACY) == "out" else None
        if isinstance(cond, n.Compare) and cond.op in ("EQ", "NE"):
            left = self.out_test(cond.left)
            ref = self.ref(cond.right) if isinstance(cond.right, n.Name) else ("",)
            value = ref[1].id if ref[0] == "const" else ""
            if left is None or value not in ("true", "false"):
                return None
            return (value == "true") == (cond.op == "EQ")
        return None

    def x_Compare(self, node: n.Compare) -> Py:
        """``Email.EnDehors <> Vrai``: ``not Email_out`` (never ``== True``, ruff E712)."""
        sense = self.out_test(node) if LEGACY in self.out_flags else None
        if sense is None or not isinstance(node.left, n.Member):
            return super().x_Compare(node)
        flag = self.x_Member(node.left)
        code = flag.code if sense else ast.UnaryOp(ast.Not(), flag.code)
        return Py(code, "bool")

    def x_Member(self, node: n.Member) -> Py:
        key = self.received_key(node.target)
        if key is not None and key in self.out_flags and self.field_of(node, key) == "out":
            return Py(name(self.out_flags[key]), "bool")
        return super().x_Member(node)
