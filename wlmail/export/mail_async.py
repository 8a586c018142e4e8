"""Asynchronous sessions (``Asynchrone``, decision 19) as an aiosmtplib program.

An asynchronous session queues each message and the script goes on at once; ``wlmail run``
sends the queue in the background, ``EmailFermeSession`` waits for it, and the program does
not end before it is sent. The exported program says the same with asyncio: ``main`` is a
coroutine run by ``asyncio.run``, the session an ``aiosmtplib.SMTP`` (TLS verified with
``ssl.create_default_context()``, never an opportunistic STARTTLS: decision 10), each send a
task (aiosmtplib sends one message at a time on a connection, in the order they were
queued), and closing the session gathers the tasks before ``QUIT``; a session the script
leaves open is closed the same way at the end of ``main``. A message once queued is sent as
it was then, so the exporter refuses a change to it afterwards (Python would send the change).
"""

from __future__ import annotations

from typing import Any

from wlmail.export.base import Skip
from wlmail.export.mail_common import MailBase, Message, Session
from wlmail.export.mail_shapes import literal
from wlmail.export.stmts import walk
from wlmail.syntax import nodes as n

ASYNC_ERRORS = "(OSError, aiosmtplib.SMTPException)"
FAILED = {
    "fr": "email asynchrone non envoyé : {sent}",
    "en": "asynchronous email not sent: {sent}",
}


class Drain(n.Node):
    """Where ``main`` ends: the asynchronous sessions still open are sent and closed."""

    def __init__(self) -> None:
        self.line, self.col = 0, 0


def truthy(value: Any) -> bool:
    return value is True or (type(value) is int and value != 0) or value == "1"


class AsyncMixin(MailBase):
    async_keys: set[str]  # typed sessions the script makes asynchronous somewhere
    asynchronous_main = False

    def async_scan(self) -> None:
        """Before writing: which sessions are opened, which are asynchronous (their
        declaration says so) and so whether ``main`` must be a coroutine."""
        self.opened_keys = set()
        self.async_keys, opened = set(), self.opened_keys
        for node in walk(self.program.body):
            call = self.mail_function(node) if isinstance(node, n.Call) else None
            if call is not None and call[0].id == "email_start_session" and call[1].args:
                found = self.var_kind(call[1].args[0])
                opened.add(found[1] if found else "")
            if isinstance(node, n.Assign) and isinstance(node.target, n.Member):
                found = self.var_kind(node.target.target)
                entry = self.cat.prop("email_smtp_session", node.target.name)
                if found is None or found[0] != "email_smtp_session" or entry is None:
                    continue
                if entry.id.endswith(".asynchronous") and truthy(literal(self, node.value)):
                    self.async_keys.add(found[1])
            elif isinstance(node, n.Call) and len(node.args) > 4:
                kind = self.ann.calls.get(id(node), ("",))
                if kind[0] == "func" and kind[1].id == "email_start_smtp_session":
                    self.asynchronous_main |= truthy(literal(self, node.args[4]))
        self.async_keys &= opened  # a session never opened stays an smtplib.SMTP
        self.asynchronous_main |= bool(self.async_keys)
        if self.asynchronous_main:
            self.need("import asyncio")  # asyncio.run(main()), written after the imports

    def main_def(self) -> str:
        return f"{'async ' if self.asynchronous_main else ''}def main() -> None:"

    def main_run(self) -> str:
        return "asyncio.run(main())" if self.asynchronous_main else "main()"

    def async_decl(self, key: str, py: str) -> list[str]:
        """A typed session's declaration: an aiosmtplib client and the tasks it sends."""
        if key not in self.async_keys:
            return []
        self.async_imports()
        return [f"{py}: aiosmtplib.SMTP", f"{py}_sending: list[asyncio.Task[Any]] = []"]

    def async_imports(self) -> None:
        self.need("import aiosmtplib")
        self.need("import asyncio")
        self.need("from typing import Any")

    def async_check(self, node: n.Node, session: Session) -> None:
        """A typed session is declared an aiosmtplib client when the script makes it
        asynchronous anywhere: it must then be asynchronous where it is opened."""
        key = next((k for k, s in self.sessions.items() if s is session), "")
        if session.typed and (key in self.async_keys) != session.asynchronous:
            raise Skip(node, "a session opened both synchronous and asynchronous")

    # -- opening, sending, closing -----------------------------------------------------------
    def async_open(self, node: n.Node, session: Session, host: str, port: str, mode: str) -> None:
        if self.scope.proc is not None or not self.asynchronous_main:
            raise Skip(node, "an asynchronous session opened in a procedure")
        self.async_imports()
        props, py = session.props, session.py
        args = [f"hostname={host}", f"port={port}"]
        if "password" in props and "user" in props:
            args += [f"username={props['user'].src}", f"password={props['password'].src}"]
        if mode == "implicit":
            args += ["use_tls=True", "tls_context=ssl.create_default_context()"]
        elif mode == "starttls":
            args += ["start_tls=True", "tls_context=ssl.create_default_context()"]
        else:
            args.append("start_tls=False")  # decision 10: no opportunistic STARTTLS
        args.append(f"timeout={self.timeout}")
        if not session.typed:
            self.out.emit(node.line, f"{py}_sending: list[asyncio.Task[Any]] = []")
        self.errors = ASYNC_ERRORS
        self.out.emit(node.line, f"{py} = aiosmtplib.SMTP({', '.join(args)})")
        self.out.emit(0, f"await {py}.connect()")

    def async_send(self, node: n.Node, session: Session, msg: Message) -> None:
        if self.scope.proc is not None:
            raise Skip(node, "an asynchronous send in a procedure")
        if session.closed:
            raise Skip(node, "a send on an asynchronous session already closed")
        msg.queued = True
        session.sends += 1
        task = f"asyncio.create_task({session.py}.send_message({msg.py}))"
        self.out.emit(node.line, f"{session.py}_sending.append({task})")

    def async_close(self, node: n.Node, session: Session) -> None:
        """``EmailFermeSession``: wait for the queue (a failure said on stderr, as ``wlmail
        run`` says it), then QUIT if the connection is still there."""
        if self.scope.proc is not None:
            raise Skip(node, "an asynchronous session closed in a procedure")
        self.static(node, "an asynchronous session closed", session.home)
        self.need("import sys")
        py = session.py
        self.out.emit(
            node.line, f"for sent in await asyncio.gather(*{py}_sending, return_exceptions=True):"
        )
        self.out.emit(0, "    if isinstance(sent, Exception):")
        text = FAILED["en" if self.lang == "en" else "fr"]
        self.out.emit(0, f'        print(f"{text}", file=sys.stderr)')
        self.out.emit(0, f"if {py}.is_connected:")
        self.out.emit(0, f"    await {py}.quit()")
        session.closed = True

    # -- the end of main, RETOUR -------------------------------------------------------------
    def block(self, stmts: list[n.Node], line: int, prologue: list[str] | None = None) -> None:
        if self.asynchronous_main and self.scope.proc is None and len(self.blocks) == 1:
            stmts = [*stmts, Drain()]
        super().block(stmts, line, prologue)

    def s_Drain(self, node: Drain) -> None:
        for session in self.sessions.values():
            if session.asynchronous and session.sends and not session.closed:
                self.async_close(node, session)

    def s_Return(self, node: n.Return) -> None:
        if self.scope.proc is None and self.asynchronous_main:
            opened = [s for s in self.sessions.values() if s.asynchronous and not s.closed]
            if any(s.sends for s in opened) or (opened and self.scope.loop_depth):
                raise Skip(node, "RETOUR while asynchronous sends are queued")
        super().s_Return(node)
