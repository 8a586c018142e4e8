"""The sandbox SMTP server: its listeners, run in the caller's event loop.

:class:`SandboxSMTP` opens two listeners on ``127.0.0.1`` (ports chosen by the system):

* ``starttls_port``: plaintext, STARTTLS offered (optionally required), AUTH after STARTTLS;
* ``implicit_port``: TLS from the first byte (SMTPS, what port 465 means to a script).

Both offer AUTH PLAIN, LOGIN and XOAUTH2 and check credentials through injected callables.
Every accepted message becomes a :class:`Received` record, optionally written to an outbox
directory as ``NNNN-<subject>.eml``. Secrets (passwords, tokens) are never stored.

This module holds the server: settings, lifecycle, open connections, the record and the outbox
name of each message. One client connection, aiosmtpd's protocol with the sandbox's AUTH and
TLS bookkeeping, is :class:`~wlmail.sandbox.smtp_protocol.SandboxProtocol`
(:mod:`wlmail.sandbox.smtp_protocol`); the DATA it streams is :mod:`wlmail.sandbox.smtp_data`.

Why not ``aiosmtpd.controller.Controller``: it runs its own loop in a thread and cannot use
port 0 (aiosmtpd#388). The protocol is started with ``loop.create_server`` instead, as
aiosmtplib's own tests do (engineering.md §2.1). Other aiosmtpd traps handled here:

* a hostname is always passed, or aiosmtpd calls ``socket.getfqdn()``, which can block (#178);
* on an ``ssl=`` listener aiosmtpd does not know the session is encrypted and hides AUTH
  (#274, #281), hence ``auth_require_tls=False`` on the implicit listener;
* ``AuthResult(success=False)`` means "reply already sent"; ``handled=False`` is used to get 535;
* handlers.Message parses with compat32; messages are re-parsed with ``policy.default``;
* ``smtp_DATA`` holds a message several times over: DATA is streamed to the outbox instead
  (``smtp_data``), and :class:`Received` reads the file back when asked for its content.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import ssl
import weakref
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from os import PathLike
from pathlib import Path
from types import TracebackType
from typing import Any

from aiosmtpd.smtp import Envelope, Session

from wlmail.sandbox.certs import RunCA
from wlmail.sandbox.received import Received, TLSMode, parse_xoauth2, safe_filename, summary_line
from wlmail.sandbox.smtp_data import OUTBOX_ERROR, Spool
from wlmail.sandbox.smtp_protocol import MECHANISMS, AuthInfo, SandboxHandler, SandboxProtocol

__all__ = [
    "BIND_HOST",
    "DATA_SIZE_LIMIT",
    "MECHANISMS",
    "PasswordCheck",
    "Received",
    "SandboxSMTP",
    "TLSMode",
    "TokenCheck",
    "accept_non_empty",
    "parse_xoauth2",
    "safe_filename",
    "summary_line",
]

log = logging.getLogger("wlmail.sandbox.smtp")

#: The only address the sandbox listens on.
BIND_HOST = "127.0.0.1"
#: Largest message accepted by default (EHLO ``SIZE``): room for a 70 MiB attachment in base64.
DATA_SIZE_LIMIT = 100 * 1024 * 1024

#: ``check_password(user, password) -> bool``
PasswordCheck = Callable[[str, str], bool]
#: ``check_token(user, token) -> bool`` (the bearer token of XOAUTH2)
TokenCheck = Callable[[str, str], bool]

_EML_NUMBER = re.compile(r"^(\d{4,})-")


def accept_non_empty(user: str, secret: str) -> bool:
    """Default credential check: any non-empty user with any non-empty password or token."""
    return bool(user) and bool(secret)


class SandboxSMTP:
    """An SMTP server on loopback for ``--sandbox`` and tests, run in the caller's loop.

    >>> async with SandboxSMTP(RunCA(["smtp.gmail.com"]), outbox="outbox") as smtp:
    ...     smtp.starttls_port, smtp.implicit_port   # doctest: +SKIP
    ...     smtp.messages                             # list[Received]

    :param ca: the run's CA; its leaf certificate is presented on both listeners. A new one
        (valid for ``127.0.0.1`` and ``localhost`` only) when omitted.
    :param hostname: name in the greeting and EHLO reply (no DNS lookup is ever made).
    :param require_starttls: refuse commands other than EHLO/HELO/NOOP/QUIT/STARTTLS on the
        plaintext listener until STARTTLS (530), like a submission server.
    :param auth_required: refuse MAIL/RCPT/DATA before a successful AUTH (530).
    :param check_password: ``(user, password) -> bool`` for PLAIN and LOGIN.
    :param check_token: ``(user, bearer_token) -> bool`` for XOAUTH2.
    :param mechanisms: the SASL mechanisms to offer, a subset of :data:`MECHANISMS`.
    :param allow_plaintext_auth: also offer AUTH before STARTTLS (real servers don't).
    :param on_clear_login: called with the user name of each password login accepted without
        TLS (``allow_plaintext_auth``), to warn that the password crossed in clear.
    :param outbox: directory for ``NNNN-<subject>.eml`` files (created on start), or None.
    :param on_message: called with each :class:`Received` once it is recorded.
    :param timeout: idle timeout of a client session, in seconds.
    :param data_size_limit: largest message accepted (EHLO ``SIZE``), in bytes.
    """

    def __init__(
        self,
        ca: RunCA | None = None,
        *,
        hostname: str = "sandbox.wlmail.localhost",
        require_starttls: bool = False,
        auth_required: bool = False,
        check_password: PasswordCheck = accept_non_empty,
        check_token: TokenCheck = accept_non_empty,
        mechanisms: Iterable[str] = MECHANISMS,
        allow_plaintext_auth: bool = False,
        on_clear_login: Callable[[str], None] | None = None,
        outbox: str | PathLike[str] | None = None,
        on_message: Callable[[Received], None] | None = None,
        timeout: float = 300.0,
        data_size_limit: int = DATA_SIZE_LIMIT,
    ) -> None:
        if not hostname or any(ch.isspace() or not ch.isprintable() for ch in hostname):
            raise ValueError(f"invalid server hostname: {hostname!r}")
        wanted = tuple(m.upper() for m in mechanisms)
        unknown = sorted(set(wanted) - set(MECHANISMS))
        if unknown:
            raise ValueError(f"unsupported SASL mechanisms: {', '.join(unknown)}")
        self.ca = ca if ca is not None else RunCA()
        self.hostname = hostname
        self.require_starttls = require_starttls
        self.auth_required = auth_required
        self.check_password = check_password
        self.check_token = check_token
        self.mechanisms: tuple[str, ...] = wanted
        self.allow_plaintext_auth = allow_plaintext_auth
        self.on_clear_login = on_clear_login
        self.outbox = None if outbox is None else Path(outbox)
        self.on_message = on_message
        self.timeout = timeout
        self.data_size_limit = data_size_limit
        self.messages: list[Received] = []
        self._handler = SandboxHandler(self)
        self._starttls_context = self.ca.server_context()
        self._implicit_context = self.ca.server_context()
        for ctx in (self._starttls_context, self._implicit_context):
            ctx.sni_callback = self._remember_sni
        self._sni_names: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()
        self._servers: list[asyncio.Server] = []
        self._ports: tuple[int, int] | None = None
        self._connections: weakref.WeakSet[SandboxProtocol] = weakref.WeakSet()
        self._next_eml_number: int | None = None

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        """Create the outbox, bind both listeners on 127.0.0.1 (free ports) and serve."""
        if self._servers:
            raise RuntimeError("SandboxSMTP is already started")
        if self.outbox is not None:
            self.outbox.mkdir(parents=True, exist_ok=True)
        loop = asyncio.get_running_loop()
        plain = await loop.create_server(lambda: self._new_protocol(False), BIND_HOST, 0)
        try:
            implicit = await loop.create_server(
                lambda: self._new_protocol(True), BIND_HOST, 0, ssl=self._implicit_context
            )
        except BaseException:
            plain.close()
            await plain.wait_closed()
            raise
        self._servers = [plain, implicit]
        self._ports = (_bound_port(plain), _bound_port(implicit))

    async def stop(self, grace: float = 2.0) -> None:
        """Stop listening, drop open client connections and wait (at most ``grace`` s) for them."""
        servers, self._servers = self._servers, []
        self._ports = None
        for server in servers:
            server.close()
        tasks = [
            task
            for conn in list(self._connections)
            if not conn.closed.done() and (task := conn.abort()) is not None
        ]
        if tasks:
            await asyncio.wait(tasks, timeout=grace)
        for server in servers:
            await server.wait_closed()
        await asyncio.sleep(0)  # let the aborted transports run their connection_lost

    async def __aenter__(self) -> SandboxSMTP:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def starttls_port(self) -> int:
        """Port of the plaintext listener that offers STARTTLS."""
        return self._require_ports()[0]

    @property
    def implicit_port(self) -> int:
        """Port of the implicit-TLS (SMTPS) listener."""
        return self._require_ports()[1]

    @property
    def is_serving(self) -> bool:
        return bool(self._servers)

    # -- internals -----------------------------------------------------------------------------

    def _require_ports(self) -> tuple[int, int]:
        if self._ports is None:
            raise RuntimeError("SandboxSMTP is not started")
        return self._ports

    def _new_protocol(self, implicit_tls: bool) -> SandboxProtocol:
        return SandboxProtocol(self, implicit_tls=implicit_tls)

    def _remember_sni(self, ssl_object: Any, server_name: str | None, _ctx: ssl.SSLContext) -> None:
        self.ca.choose_certificate(ssl_object, server_name, _ctx)  # RunCA(on_demand=True)
        if server_name:
            self._sni_names[ssl_object] = server_name

    def _accept(
        self, server: SandboxProtocol, session: Session, envelope: Envelope, spool: Spool
    ) -> str:
        """Record a message whose content is in ``spool`` (its file moved to its .eml name)."""
        headers = BytesHeaderParser(EmailMessage, policy=policy.default).parsebytes(
            spool.head.replace(b"\r\n", b"\n")
        )
        assert isinstance(headers, EmailMessage)
        auth = session.auth_data if isinstance(session.auth_data, AuthInfo) else None
        subject = headers.get("Subject")
        eml_path: Path | None = None
        if spool.path is not None:
            try:
                eml_path = self._place_eml(spool.path, "" if subject is None else str(subject))
            except OSError as exc:
                spool.discard()
                log.warning("sandbox: cannot write to outbox %s: %s", self.outbox, exc)
                return OUTBOX_ERROR
        record = Received(
            number=len(self.messages) + 1,
            mail_from=envelope.mail_from or "",
            rcpt_tos=tuple(envelope.rcpt_tos),
            headers=headers,
            auth_mechanism=None if auth is None else auth.mechanism,
            login=None if auth is None else auth.login,
            tls=server.tls_mode(),
            timestamp=datetime.now(UTC),
            sni=server.sni(),
            mail_options=tuple(envelope.mail_options),
            eml_path=eml_path,
            size=spool.size,
            content=spool.content(),
        )
        self.messages.append(record)
        if self.on_message is not None:
            self.on_message(record)
        return f"250 2.0.0 OK: message {record.number} accepted by the sandbox"

    def _place_eml(self, written: Path, subject: str) -> Path:
        """Give ``written`` a new ``NNNN-<subject>.eml`` name in the outbox (never overwrites)."""
        assert self.outbox is not None
        if self._next_eml_number is None:
            self._next_eml_number = _first_free_number(self.outbox)
        slug = safe_filename(subject)
        while True:
            path = self.outbox / f"{self._next_eml_number:04d}-{slug}.eml"
            self._next_eml_number += 1
            try:
                os.link(written, path)
            except FileExistsError:
                continue
            except OSError:  # no hard links here (some network or FAT file systems)
                if path.exists():
                    continue
                os.replace(written, path)
                return path
            os.unlink(written)
            return path


def _first_free_number(directory: Path) -> int:
    """1 + the highest ``NNNN-`` prefix already in ``directory`` (earlier runs are kept)."""
    numbers = [
        int(m.group(1)) for p in directory.iterdir() if (m := _EML_NUMBER.match(p.name)) is not None
    ]
    return max(numbers, default=0) + 1


def _bound_port(server: asyncio.Server) -> int:
    sockets: Sequence[Any] = server.sockets
    port = sockets[0].getsockname()[1]
    assert isinstance(port, int)
    return port
