"""Reaching a mail server: DNS, TCP, ``--connect-to`` routing and TLS, for POP3 and IMAP.

The same rules as the SMTP transport (design/decisions.md 10, 21, 22): the socket is dialled here,
to the address ``--connect-to`` names when a route matches, while TLS checks the certificate
against the name the script used; certificates are verified against the system store plus
``--cafile`` unless the session's IgnoreErreur relaxes it; every wait is bounded by ``timeout``.
Failures raise :class:`ReceiveFailure` with the kinds of the SMTP side (resolve, connect, timeout,
certificate, tls, cafile).
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Callable, Sequence
from typing import Any

from wlmail.mail.pop3 import LINE_LIMIT, ReceiveFailure
from wlmail.mail.smtp import Route, Verify, route, tls_context
from wlmail.mail.smtp import _os_detail as os_detail
from wlmail.mail.smtp import _ssl_cause as ssl_cause

__all__ = ["context_for", "dial", "open_streams", "tls_failure"]

_CONTROL_HOST = frozenset(chr(c) for c in (*range(0x20), 0x7F))


async def dial(
    host: str,
    port: int,
    *,
    timeout: float,
    routes: Sequence[Route] = (),
    trace: Callable[[str], None] | None = None,
    what: str = "",
) -> socket.socket:
    """A connected non-blocking socket to host:port (or where ``--connect-to`` sends it)."""
    target = route(host, port, routes)
    address_host, address_port = target or (host, port)
    if trace is not None:
        via = f" via {address_host}:{address_port}" if target is not None else ""
        trace(f"connecting to {host}:{port}{via}" + (f" ({what})" if what else ""))
    where: dict[str, Any] = {"host": host, "port": port}
    if not address_host or any(c in _CONTROL_HOST for c in address_host):
        raise ReceiveFailure("resolve", detail=repr(address_host), **where)
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(
            loop.getaddrinfo(address_host, address_port, type=socket.SOCK_STREAM), timeout
        )
    except TimeoutError:
        raise ReceiveFailure("timeout", stage="DNS", seconds=f"{timeout:g}", **where) from None
    except (OSError, UnicodeError) as exc:
        raise ReceiveFailure("resolve", detail=os_detail(exc), **where) from None
    last: OSError | None = None
    for family, kind, proto, _name, address in infos:
        sock = socket.socket(family, kind, proto)
        sock.setblocking(False)
        try:
            await asyncio.wait_for(loop.sock_connect(sock, address), timeout)
        except TimeoutError:
            sock.close()
            raise ReceiveFailure(
                "timeout", stage="connect", seconds=f"{timeout:g}", **where
            ) from None
        except OSError as exc:
            sock.close()
            last = exc
            continue
        return sock
    detail = os_detail(last) if last is not None else "no address"
    raise ReceiveFailure("connect", detail=detail, **where)


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
