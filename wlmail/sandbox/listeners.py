"""What the sandbox POP3 and IMAP servers share: two loopback listeners, sessions, stopping.

A :class:`LineServer` binds, on ``127.0.0.1`` with ports the system picks, a plaintext listener
(which offers STLS/STARTTLS) and an implicit-TLS one, and runs one :meth:`LineServer.serve`
coroutine per client on asyncio streams. :meth:`LineServer.stop` closes the listeners and
cancels the sessions still open, so a script that never logs out cannot keep the run alive.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import logging
import ssl
from collections.abc import Callable
from typing import Any

from wlmail.sandbox.certs import RunCA
from wlmail.sandbox.mailstore import SandboxMailbox

__all__ = ["BIND_HOST", "Check", "LineServer", "Session", "decode_b64", "parse_plain"]

log = logging.getLogger("wlmail.sandbox.receive")

BIND_HOST = "127.0.0.1"
#: ``check(user, secret) -> bool``: a password, or the bearer token of XOAUTH2
Check = Callable[[str, str], bool]
#: longest command line accepted (an XOAUTH2 initial response carries a 1-3 KB JWT)
LINE_LIMIT = 16384


def _accept_non_empty(user: str, secret: str) -> bool:
    return bool(user) and bool(secret)


def decode_b64(text: str) -> bytes | None:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None


def parse_plain(blob: bytes) -> tuple[str, str] | None:
    """SASL PLAIN: ``authzid NUL authcid NUL password`` → (user, password)."""
    parts = blob.split(b"\x00")
    if len(parts) != 3:
        return None
    try:
        return parts[1].decode("utf-8"), parts[2].decode("utf-8")
    except UnicodeDecodeError:
        return None


class Session:
    """One client connection: streams, whether it is encrypted, and line I/O."""

    def __init__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, tls: bool
    ) -> None:
        self.reader = reader
        self.writer = writer
        self.tls = tls

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def line(self, timeout: float) -> bytes | None:
        """The next line without its line end; None when the client has gone or idled out."""
        try:
            raw = await asyncio.wait_for(self.reader.readline(), timeout)
        except (TimeoutError, ConnectionError, asyncio.LimitOverrunError, ValueError, ssl.SSLError):
            return None
        if not raw.endswith(b"\n"):
            return None
        return raw.rstrip(b"\r\n")

    async def start_tls(self, context: ssl.SSLContext) -> bool:
        try:
            await self.writer.start_tls(context)
        except (OSError, ssl.SSLError) as exc:
            log.debug("STLS/STARTTLS handshake failed: %r", exc)
            return False
        self.tls = True
        return True


class LineServer:
    """Base of the sandbox POP3 and IMAP servers (see the module)."""

    name = "line"

    def __init__(
        self,
        mailbox: SandboxMailbox,
        ca: RunCA | None = None,
        *,
        check_password: Check = _accept_non_empty,
        check_token: Check = _accept_non_empty,
        timeout: float = 300.0,
    ) -> None:
        self.mailbox = mailbox
        self.ca = ca if ca is not None else RunCA()
        self.check_password = check_password
        self.check_token = check_token
        self.timeout = timeout
        self._context = self.ca.server_context()
        self._servers: list[asyncio.Server] = []
        self._ports: tuple[int, int] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    async def start(self) -> None:
        if self._servers:
            raise RuntimeError(f"sandbox {self.name} server already started")
        plain = await asyncio.start_server(
            lambda r, w: self._client(r, w, tls=False), BIND_HOST, 0, limit=LINE_LIMIT
        )
        try:
            implicit = await asyncio.start_server(
                lambda r, w: self._client(r, w, tls=True),
                BIND_HOST,
                0,
                ssl=self._context,
                limit=LINE_LIMIT,
            )
        except BaseException:
            plain.close()
            await plain.wait_closed()
            raise
        self._servers = [plain, implicit]
        self._ports = (_port(plain), _port(implicit))

    async def stop(self, grace: float = 2.0) -> None:
        servers, self._servers = self._servers, []
        self._ports = None
        for server in servers:
            server.close()
        tasks = [t for t in self._tasks if not t.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=grace)
        for server in servers:
            await server.wait_closed()

    async def __aenter__(self) -> LineServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def plain_port(self) -> int:
        """The plaintext listener (STLS/STARTTLS offered): what ports 110 and 143 mean."""
        return self._require()[0]

    @property
    def implicit_port(self) -> int:
        """The implicit-TLS listener: what ports 995 and 993 mean."""
        return self._require()[1]

    @property
    def context(self) -> ssl.SSLContext:
        return self._context

    async def serve(self, session: Session) -> None:
        raise NotImplementedError

    def _require(self) -> tuple[int, int]:
        if self._ports is None:
            raise RuntimeError(f"sandbox {self.name} server is not started")
        return self._ports

    async def _client(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, tls: bool
    ) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            await self.serve(Session(reader, writer, tls=tls))
        except (ConnectionError, ssl.SSLError, asyncio.IncompleteReadError):
            pass
        except asyncio.CancelledError:
            pass  # stop(): the session ends with the run
        except Exception:
            log.warning("sandbox %s session error", self.name, exc_info=True)
        finally:
            if task is not None:
                self._tasks.discard(task)
            transport = writer.transport
            if isinstance(transport, asyncio.WriteTransport):
                transport.abort()
            with contextlib.suppress(Exception):
                writer.close()


def _port(server: asyncio.Server) -> int:
    port = server.sockets[0].getsockname()[1]
    assert isinstance(port, int)
    return port
