"""Reaching a mail server, for SMTP, POP3 and IMAP alike: DNS, TCP, ``--connect-to`` and TLS.

Rulings applied (design/decisions.md 10, 20-22): the socket is dialled here, to the address
``--connect-to`` names when a route matches (curl's rules), while TLS checks the certificate
against the name the script used; certificates are verified against the system store plus
``--cafile`` unless the session's IgnoreErreur relaxes it; every wait is bounded by ``timeout``.
Failures raise the caller's failure class (``SMTPFailure`` or :class:`ReceiveFailure`) with the
same kinds: resolve, connect, timeout, certificate, tls, cafile.
"""

from __future__ import annotations

import asyncio
import os
import socket
import ssl
from collections.abc import Callable, Sequence
from typing import Any, Literal

__all__ = [
    "LINE_LIMIT",
    "LineClient",
    "Mode",
    "ReceiveFailure",
    "Route",
    "Verify",
    "context_for",
    "dial",
    "local_hostname",
    "open_streams",
    "os_detail",
    "route",
    "ssl_cause",
    "tls_context",
    "tls_failure",
]

Mode = Literal["plain", "starttls", "implicit"]
Verify = Literal["full", "chain", "none"]
#: ``--connect-to`` entries: (host1 lower-cased or "", port1 or 0, host2, port2)
Route = tuple[str, int, str, int]
#: longest line accepted from a POP3/IMAP server: message lines may be long, replies are short
LINE_LIMIT = 1 << 20

_CONTROL_HOST = frozenset(chr(c) for c in (*range(0x20), 0x7F))
_BAD_LABEL = frozenset(c for c in map(chr, range(128)) if not (c.isalnum() or c in ".-"))
_CONTEXTS: dict[tuple[str | None, int, int, Verify], ssl.SSLContext] = {}


class ReceiveFailure(Exception):
    """Why reaching or reading a mailbox failed; ``reply`` is the server's answer if any.

    ``kind``: resolve, connect, timeout, certificate, tls, cafile, starttls_unsupported, auth,
    xoauth2_unsupported, refused, disconnected, protocol, unexpected; ``fields`` fill the message
    (host, port, stage, detail, seconds…).
    """

    def __init__(self, kind: str, reply: str = "", **fields: Any) -> None:
        self.kind = kind
        self.reply = reply
        self.fields = fields
        super().__init__(f"{kind}: {reply or fields.get('detail', '')}".strip())


class LineClient:
    """What the POP3 and IMAP clients share: the streams, the per-reply timeout, the trace.

    Every wait is bounded by ``timeout`` (``asyncio.timeout``: no task per wait, unlike
    ``wait_for``); a failure raises the client's ``failure`` class with the stage it was in.
    The mailbox talks to either through the same few steps: ``hello``, ``offers``,
    ``starttls``, ``login``/``auth_xoauth2``, ``goodbye``, ``abort``.
    """

    failure: type[ReceiveFailure] = ReceiveFailure

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        *,
        timeout: float,
        trace: Callable[[str], None] | None = None,
    ) -> None:
        self.reader = reader
        self.writer = writer
        self.timeout = timeout
        self.trace = trace
        self.stage = "greeting"

    async def hello(self) -> None:
        """The server's greeting, then its capabilities."""
        raise NotImplementedError

    def offers(self, what: str) -> bool:
        """Whether the server offers ``"starttls"`` or ``"xoauth2"``."""
        raise NotImplementedError

    async def starttls(self, context: ssl.SSLContext, server_hostname: str) -> None:
        raise NotImplementedError

    async def login(self, user: str, password: str) -> None:
        raise NotImplementedError

    async def auth_xoauth2(self, user: str, token: str) -> None:
        raise NotImplementedError

    async def goodbye(self) -> None:
        """End the session politely (POP3 QUIT commits the deletions)."""
        raise NotImplementedError

    def abort(self) -> None:
        """Drop the connection now (a POP3 server then deletes nothing)."""
        transport = self.writer.transport
        if isinstance(transport, asyncio.WriteTransport):
            transport.abort()
        self.writer.close()

    async def _upgrade(self, context: ssl.SSLContext, server_hostname: str) -> None:
        await self._wait(self.writer.start_tls(context, server_hostname=server_hostname or None))

    async def _send(self, data: bytes) -> None:
        self.writer.write(data)
        await self._wait(self.writer.drain())

    async def _line(self) -> bytes:
        try:
            raw: bytes = await self._wait(self.reader.readline())
        except (asyncio.LimitOverrunError, ValueError):
            raise self.failure("protocol", detail="line too long", stage=self.stage) from None
        if not raw:
            raise self.failure("disconnected", stage=self.stage)
        return raw

    async def _wait(self, awaitable: Any) -> Any:
        try:
            async with asyncio.timeout(self.timeout):
                return await awaitable
        except TimeoutError:
            raise self.failure("timeout", stage=self.stage, seconds=f"{self.timeout:g}") from None
        except asyncio.IncompleteReadError:
            raise self.failure("disconnected", stage=self.stage) from None
        except (ConnectionError, OSError) as exc:
            if isinstance(exc, ssl.SSLError):
                raise
            raise self.failure("disconnected", stage=self.stage, detail=str(exc)) from None


def route(host: str, port: int, routes: Sequence[Route]) -> tuple[str, int] | None:
    """Where ``--connect-to`` sends a connection to host:port (curl's rules), or None."""
    wanted = host.strip("[]").lower()
    for host1, port1, host2, port2 in routes:
        if (not host1 or host1 == wanted) and (not port1 or port1 == port):
            return host2, port2
    return None


def tls_context(cafile: str | None, verify: Verify = "full") -> ssl.SSLContext:
    """A client context: system store (``SSL_CERT_FILE`` honoured) plus ``cafile``.

    ``verify``: "full" checks the chain and the name; "chain" skips the name only; "none" checks
    nothing (IgnoreErreur). Contexts are cached (loading the system store takes a while) as long
    as ``cafile`` is unchanged.
    """
    stamp = os.stat(cafile) if cafile else None
    key = (cafile, stamp.st_mtime_ns if stamp else 0, stamp.st_size if stamp else 0, verify)
    ctx = _CONTEXTS.get(key)
    if ctx is None:
        ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
        if cafile:
            ctx.load_verify_locations(cafile=cafile)
        if verify != "full":
            ctx.check_hostname = False
        if verify == "none":
            ctx.verify_mode = ssl.CERT_NONE
        _CONTEXTS[key] = ctx
    return ctx


def local_hostname() -> str:
    """The EHLO name: this machine's name when it is a usable DNS name, else ``localhost``.

    ``socket.getfqdn()`` (aiosmtplib's default) is avoided: it can block for seconds.
    """
    name = socket.gethostname().strip(".")
    if not name or any(c in _BAD_LABEL or not c.isascii() for c in name) or len(name) > 253:
        return "localhost"
    return name


def ssl_cause(exc: BaseException) -> ssl.SSLError | None:
    """The TLS error behind an exception (aiosmtplib and asyncio wrap it), if any."""
    seen: BaseException | None = exc
    for _ in range(4):
        if seen is None:
            return None
        if isinstance(seen, ssl.SSLError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def os_detail(exc: BaseException) -> str:
    """A short reason: "Connection refused", not asyncio's "Connect call failed (…)"."""
    if isinstance(exc, ssl.SSLError):
        return " ".join((exc.reason or str(exc)).split())
    if isinstance(exc, OSError) and not isinstance(exc, socket.gaierror) and exc.errno:
        return os.strerror(exc.errno)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return " ".join(str(exc).split()) or type(exc).__name__


async def dial(
    host: str,
    port: int,
    *,
    timeout: float,
    routes: Sequence[Route] = (),
    trace: Callable[[str], None] | None = None,
    what: str = "",
    failure: Callable[..., Exception] = ReceiveFailure,
) -> socket.socket:
    """A connected non-blocking socket to host:port (or where ``--connect-to`` sends it);
    ``failure(kind, **fields)`` builds what is raised."""
    target = route(host, port, routes)
    address_host, address_port = target or (host, port)
    if trace is not None:
        via = f" via {address_host}:{address_port}" if target is not None else ""
        trace(f"connecting to {host}:{port}{via}" + (f" ({what})" if what else ""))
    where: dict[str, Any] = {"host": host, "port": port}
    if not address_host or any(c in _CONTROL_HOST for c in address_host):
        raise failure("resolve", detail=repr(address_host), **where)
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(
            loop.getaddrinfo(address_host, address_port, type=socket.SOCK_STREAM), timeout
        )
    except TimeoutError:
        raise failure("timeout", stage="DNS", seconds=f"{timeout:g}", **where) from None
    except (OSError, UnicodeError) as exc:
        raise failure("resolve", detail=os_detail(exc), **where) from None
    last: OSError | None = None
    for family, kind, proto, _name, address in infos:
        sock = socket.socket(family, kind, proto)
        sock.setblocking(False)
        try:
            await asyncio.wait_for(loop.sock_connect(sock, address), timeout)
        except asyncio.CancelledError:  # Ctrl-C while connecting
            sock.close()
            raise
        except TimeoutError:
            sock.close()
            raise failure("timeout", stage="connect", seconds=f"{timeout:g}", **where) from None
        except OSError as exc:
            sock.close()
            last = exc
            continue
        return sock
    detail = os_detail(last) if last is not None else "no address"
    raise failure("connect", detail=detail, **where)


def context_for(cafile: str | None, verify: Verify, **where: Any) -> ssl.SSLContext:
    try:
        return tls_context(cafile, verify)
    except (OSError, ssl.SSLError) as exc:
        raise ReceiveFailure("cafile", detail=os_detail(exc), path=cafile or "", **where) from None


async def open_streams(
    sock: socket.socket, *, host: str, context: ssl.SSLContext | None, timeout: float
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """Streams on a dialled socket; with ``context``, after an implicit TLS handshake."""
    try:
        return await asyncio.wait_for(
            asyncio.open_connection(
                sock=sock,
                ssl=context,
                server_hostname=host if context is not None else None,
                limit=LINE_LIMIT,
                ssl_handshake_timeout=timeout if context is not None else None,
            ),
            timeout,
        )
    except TimeoutError:
        sock.close()
        raise ReceiveFailure("timeout", stage="TLS", seconds=f"{timeout:g}", host=host) from None
    except (OSError, ssl.SSLError) as exc:
        sock.close()
        raise tls_failure(exc, host=host, stage="TLS") from None


def tls_failure(exc: BaseException, **where: Any) -> ReceiveFailure:
    """A certificate or TLS error as a failure (``certificate`` names the check that failed)."""
    cause = ssl_cause(exc)
    if isinstance(cause, ssl.SSLCertVerificationError):
        detail = cause.verify_message or str(cause)
        return ReceiveFailure("certificate", detail=" ".join(detail.split()), **where)
    if cause is not None:
        return ReceiveFailure("tls", detail=" ".join((cause.reason or str(cause)).split()), **where)
    return ReceiveFailure("disconnected", detail=os_detail(exc), **where)
