"""The receiving half of ``--sandbox``: the run's mailbox and its POP3 and IMAP servers.

:class:`ReceiveServers` loads the outbox's ``.eml`` files into a
:class:`~wlmail.sandbox.mailstore.SandboxMailbox`, adds every message the SMTP sandbox accepts
(:meth:`ReceiveServers.add`), and serves it with :class:`~wlmail.sandbox.pop3_server.SandboxPOP3`
and :class:`~wlmail.sandbox.imap_server.SandboxIMAP`. Routing (``Host.options``): ports 110/995
(POP3) and 143/993 (IMAP) go to the plaintext/implicit-TLS listeners before the SMTP catch-all;
a session on another port goes to its protocol's listener through ``receive_route``, which the
receive functions consult with the session's protocol and TLS mode.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from wlmail.mail.connect import Route
from wlmail.sandbox.certs import RunCA
from wlmail.sandbox.imap_server import SandboxIMAP
from wlmail.sandbox.listeners import BIND_HOST, LineServer
from wlmail.sandbox.mailstore import SandboxMailbox
from wlmail.sandbox.pop3_server import SandboxPOP3

__all__ = ["ReceiveServers"]

#: ``check(user, password or token, "POP3" or "IMAP") -> bool``
LabelledCheck = Callable[[str, str, str], bool]


class ReceiveServers:
    def __init__(
        self,
        ca: RunCA,
        outbox: Path,
        *,
        check_password: LabelledCheck,
        check_token: LabelledCheck,
    ) -> None:
        self.outbox = outbox
        self.mailbox = SandboxMailbox()
        self.earlier = 0  # messages found in the outbox at start
        options: dict[str, Any] = {"mailbox": self.mailbox, "ca": ca}
        self.pop3 = SandboxPOP3(
            **options,
            check_password=lambda u, p: check_password(u, p, "POP3"),
            check_token=lambda u, t: check_token(u, t, "POP3"),
        )
        self.imap = SandboxIMAP(
            **options,
            check_password=lambda u, p: check_password(u, p, "IMAP"),
            check_token=lambda u, t: check_token(u, t, "IMAP"),
        )

    async def start(self) -> None:
        self.earlier = self.mailbox.load_outbox(self.outbox)
        await self.pop3.start()
        try:
            await self.imap.start()
        except BaseException:
            await self.pop3.stop()
            raise

    async def stop(self) -> None:
        for server in (self.pop3, self.imap):
            await server.stop()

    def add(self, record: Any) -> None:
        """A message the SMTP sandbox accepted joins the mailbox."""
        self.mailbox.add_received(record)

    def _server(self, protocol: str) -> LineServer:
        return self.pop3 if protocol == "pop3" else self.imap

    def route(self, protocol: str, implicit: bool) -> tuple[str, int]:
        """Where a POP3 or IMAP session of the script goes (``receive_route``)."""
        server = self._server(protocol)
        return BIND_HOST, server.implicit_port if implicit else server.plain_port

    def routes(self) -> list[Route]:
        """``--connect-to`` routes for the default ports, to put before the SMTP catch-all."""
        return [
            ("", 110, BIND_HOST, self.pop3.plain_port),
            ("", 995, BIND_HOST, self.pop3.implicit_port),
            ("", 143, BIND_HOST, self.imap.plain_port),
            ("", 993, BIND_HOST, self.imap.implicit_port),
        ]

    def banner(self) -> str:
        """The POP3/IMAP part of the sandbox's first stderr line (the outbox is named after it)."""
        return (
            f"POP3 on {BIND_HOST}:{self.pop3.plain_port} (STLS) and "
            f"{BIND_HOST}:{self.pop3.implicit_port} (TLS), IMAP on {BIND_HOST}:"
            f"{self.imap.plain_port} (STARTTLS) and {BIND_HOST}:{self.imap.implicit_port} (TLS) "
            f"over the outbox ({self.earlier} earlier message(s))"
        )
