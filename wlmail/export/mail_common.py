"""What the exporter's mail modules share: the sessions and messages a script declares, what
a node designates, and the rule that mail values are folded only in the block declaring them.

The mail mapping is split by concern: sessions (:mod:`.mail_session`), messages and their
attachments (:mod:`.mail_message`), the statements and conditions that use them (:mod:`.mail`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wlmail.export.base import Py, Skip
from wlmail.export.mail_headers import fixed_texts
from wlmail.export.stmts import StmtMixin, walk
from wlmail.syntax import nodes as n

MAIL_ERRORS = "(OSError, smtplib.SMTPException)"
#: a plain string literal (not an f-string, whose fields may use a name)
_PLAIN_TEXT = re.compile(r"""(?<!\w)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")
LEGACY = "\0legacy"


@dataclass(slots=True)
class Session:
    py: str
    home: int = 0  # the block it was declared in: its properties are folded there only
    props: dict[str, Py] = field(default_factory=dict)
    option: int = 0  # emailOptionDéfaut; flags: 1 SMTPS, 2 secured TLS, 4 optionSSL
    asynchronous: bool = False  # Asynchrone: aiosmtplib, the sends queued as tasks
    sends: int = 0  # asynchronous sends written so far
    closed: bool = False
    typed: bool = True  # an emailSessionSMTP variable (else a legacy session named by its user)
    opened: bool = False
    sure: bool = False  # surely open here: its open's failure branch left the function
    maybe: bool = False  # some open's failure goes on: SMTP | None (mail_maybe.py)


@dataclass(slots=True)
class Message:
    py: str
    owner: str  # email or email_structure
    home: int = 0
    lists: dict[str, dict[int, Py]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    attachments: dict[int, dict[str, Py]] = field(default_factory=dict)
    headers: set[str] = field(default_factory=set)
    body: str = ""  # "", "text", "html"
    sent: int = 0  # the WLangage ID given by its send
    ready: bool = False
    queued: bool = False  # sent by an asynchronous session: it must not change any more
    priority: int = 3  # emailPrioritéNormale
    live: set[str] = field(default_factory=set)  # address lists kept in Python lists (mail_lists)
    flushed: set[int] = field(default_factory=set)  # attachments added already (mail_parts)
    # headers whose value may hold a line break: given to the EmailMessage (which raises
    # ValueError on one) inside the send's ``try``, as wlmail refuses the send (mail_message)
    pending: dict[str, Py] = field(default_factory=dict)
    vetted: set[tuple[str, int]] = field(default_factory=set)  # list entries from fixed_texts


class MailBase(StmtMixin):
    sessions: dict[str, Session]
    opened_keys: set[str]  # typed sessions the script opens (mail_async.py)
    changes: dict[str, list[int]]  # where each variable is assigned
    messages: dict[str, Message]
    unsure_keys: set[str]
    fixed_keys: set[str]  # variables holding a clean literal wherever read (mail_headers.py)
    timeout: str = "600"
    errors = MAIL_ERRORS  # what the mail statements being written raise
    functions: set[str]  # the functions the program defines (oauth_flow.py, mail_headers.py)
    calls_ok = False  # a header may be set from a call (class_mail.py: written where set)
    sends = 0

    def unsure_opens(self) -> set[str]:
        """Sessions some open of which may fail without the script leaving (mail_maybe.py)."""
        return set()

    def except_branch(
        self, errors: str, failed: list[n.Node], line: int, first: list[str] | None = None
    ) -> None:
        """``except <errors>:`` then the script's failure branch, where ``ErreurInfo()`` is the
        exception's text (``as err`` only when the branch reads it)."""
        uses = any(
            isinstance(x, n.Call)
            and self.ann.calls.get(id(x), ("",))[0] == "func"
            and self.ann.calls[id(x)][1].id == "error_info"
            for x in walk(failed)
        )
        self.out.emit(0, f"except {errors}{' as err' if uses else ''}:")
        outer = self.scope.error_name
        self.scope.error_name = "err" if uses else ""
        try:
            self.branch(failed, line, first)
        finally:
            self.scope.error_name = outer

    def mail_setup(self) -> None:
        self.sessions, self.messages = {}, {}
        self.changes = self.assignments()
        self.unsure_keys = self.unsure_opens()
        self.fixed_keys = fixed_texts(self.program, self.ann.calls, self.changes)
        self.async_scan()

    # -- what a node designates --------------------------------------------------------------
    def var_kind(self, node: n.Node) -> tuple[str, str] | None:
        """(kind, key) of a mail variable: a typed session or message, or the global Email."""
        if not isinstance(node, n.Name):
            return None
        ref = self.ref(node)
        if ref[0] == "const" and ref[1].id == "email_global":
            return "email_structure", LEGACY
        if ref[0] == "var" and str(ref[1].vtype.id) in ("email", "email_smtp_session"):
            return str(ref[1].vtype.id), node.key
        return None

    def static(self, node: n.Node, what: str, home: int | None = None) -> None:
        """Mail values are folded while the exporter reads the script: only in the block
        (loop body, branch, procedure) where the variable was declared."""
        if home is None:
            home = 1  # the main code's block
        if self.here != home:
            raise Skip(node, f"{what} outside the block declaring the variable")

    def block(self, stmts: list[n.Node], line: int, prologue: list[str] | None = None) -> None:
        """A function's body; then the messages it never uses in Python (every property
        read back was folded) are not created (ruff F841)."""
        top, start = len(self.blocks) == 1, len(self.out.lines)
        super().block(stmts, line, prologue)
        if top:
            self.drop_unused(start)

    def drop_unused(self, start: int) -> None:
        lines = self.out.lines
        for msg in {m.py: m for m in self.messages.values()}.values():
            made = f"{msg.py} = EmailMessage(policy=policy.SMTP)"
            used = re.compile(rf"(?<![\w.]){re.escape(msg.py)}\b")
            at = [i for i in range(start, len(lines)) if lines[i].strip() == made]
            rest = [_PLAIN_TEXT.sub('""', x) for x in lines[start:] if x.strip() != made]
            if not at or any(used.search(x) for x in rest):
                continue
            for i in reversed(at):
                indent = len(lines[i]) - len(lines[i].lstrip())
                alone = lines[i - 1].rstrip().endswith(":") and (
                    i + 1 == len(lines)
                    or not lines[i + 1].strip()
                    or len(lines[i + 1]) - len(lines[i + 1].lstrip()) < indent
                )
                if alone:
                    lines[i] = " " * indent + "pass"
                else:
                    del lines[i]
        # the receive side reads with policy.default and annotates with EmailMessage
        if not any(re.search(r"\bEmailMessage\b", x) for x in lines):
            self.imports.discard("from email.message import EmailMessage")
        if not any(re.search(r"\bpolicy\.", x) for x in lines):
            self.imports.discard("from email import policy")

    def pure(self, value: n.Node) -> Py:
        """A value a mail property keeps: written where the message is sent or the session
        opened, so it must read the same there: no call, no variable the script changes
        later (WLangage copies the value when the property is set)."""
        if any(isinstance(x, n.Call) for x in walk(value)):
            raise Skip(value, "a mail property set from a call")
        changed = self.changed_later(value)
        if changed is not None:
            raise Skip(value, f"a mail property set from '{changed}', changed later")
        return self.expr(value)

    def changed_later(self, value: n.Node) -> str | None:
        """A variable of ``value`` the script assigns after ``value``'s line (its name)."""
        for x in walk(value):
            if isinstance(x, n.Name) and any(
                line > value.line for line in self.changes.get(x.key, [])
            ):
                return x.name
        return None

    def assignments(self) -> dict[str, list[int]]:
        """The lines where each variable is assigned (folded name: lines)."""
        found: dict[str, list[int]] = {}
        for node in walk(self.program.body):
            names: list[n.Name] = []
            if isinstance(node, n.Assign | n.AugAssign | n.IncDec):
                names = [node.target] if isinstance(node.target, n.Name) else []
            elif isinstance(node, n.For):
                names = [node.var]
            elif isinstance(node, n.ForEach):
                names = list(node.vars)
            for nm in names:
                found.setdefault(nm.key, []).append(node.line)
        return found

    # -- hooks the asynchronous mixin (mail_async.py) fills --------------------------------------
    def async_scan(self) -> None:
        """Decides, before anything is written, whether ``main`` is a coroutine."""

    def main_def(self) -> str:
        return "def main() -> None:"

    def main_run(self) -> str:
        return "main()"

    def async_open(self, node: n.Node, session: Session, host: str, port: str, mode: str) -> None:
        raise Skip(node, "an asynchronous session")

    def async_send(self, node: n.Node, session: Session, msg: Message) -> None:
        raise Skip(node, "an asynchronous send")

    def async_close(self, node: n.Node, session: Session) -> None:
        raise Skip(node, "an asynchronous session closed")

    def async_decl(self, key: str, py: str) -> list[str]:
        return []

    def async_check(self, node: n.Node, session: Session) -> None:
        """Refuses a session opened otherwise than its declaration said."""

    def close_smtp(self, node: n.Node, session: Session) -> None:
        """``EmailFermeSession``: never a failure the script sees (wlmail returns Faux), even
        when the server dropped the connection or the open failed (the name is then unbound)."""
        self.need("import contextlib")
        self.need("import smtplib")
        self.out.upto(node.line)  # a comment after the call ends the call's line
        if session.maybe and not session.sure:  # None when its open failed (mail_maybe.py)
            self.out.emit(0, f"if {session.py} is not None:")
            self.out.emit(0, f"    with contextlib.suppress{MAIL_ERRORS}:")
            self.out.emit(node.line, f"        {session.py}.quit()")
            session.sure = False
            return
        # an object's session (home -1) is always bound: only an unbound local needs NameError
        bound = session.sure or session.home == -1
        self.out.emit(0, f"with contextlib.suppress{unsure(MAIL_ERRORS, bound)}:")
        self.out.emit(node.line, f"    {session.py}.quit()")
        session.sure = False

    def changed(self, node: n.Node, msg: Message, what: str) -> None:
        """A message changed after it was sent: only its headers, and only synchronously."""
        if msg.queued or (msg.ready and what != "a header set"):
            raise Skip(node, f"{what} after the message was sent")


def list_name(py: str, header: str) -> str:
    """``m_to``, ``m_cc``, ``m_bcc``: the Python list of addresses beside message ``py``."""
    return f"{py}_{header.lower()}"


def with_value_error(errors: str) -> str:
    """``errors`` and ValueError: what ``safe_header`` (mail_headers.py) raises on a header value
    wlmail refuses, where wlmail's send returns Faux."""
    if "ValueError" in errors:
        return errors
    return errors.replace("(OSError, ", "(OSError, ValueError, ", 1)


def unsure(errors: str, sure: bool) -> str:
    """The errors a close suppresses: with ``NameError`` when the open may have failed (the
    session's name is then unbound in Python; wlmail's EmailFermeSession returns Faux)."""
    return errors if sure else "(NameError, " + errors[1:]


def leaves(stmts: list[n.Node]) -> bool:
    """A failure branch that ends the procedure: after the ``SI``, the session is open."""
    return bool(stmts) and isinstance(stmts[-1], n.Return)
