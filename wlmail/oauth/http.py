"""HTTPS for the OAuth endpoints: the system trust store plus ``--cafile``, and ``--connect-to``.

``--connect-to H1:P1:H2:P2`` (decision 21) sends the TCP connection for ``H1:P1`` to ``H2:P2``
while TLS still checks the certificate against ``H1``, exactly as for SMTP. It is implemented as
an httpcore network backend that only changes where sockets connect: the request's ``Host``
header, SNI and certificate check keep the name of the URL.
"""

from __future__ import annotations

import ipaddress
import os
import ssl
import typing
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from wlmail.mail.connect import Route, route

__all__ = [
    "Route",
    "RoutingBackend",
    "client_context",
    "client_options",
    "is_loopback_host",
    "route",
    "transport",
]


_CONTEXTS: dict[tuple[str | None, int, int], ssl.SSLContext] = {}


def is_loopback_host(host: str) -> bool:
    """``localhost`` or a loopback IP literal (127.0.0.0/8, ::1)."""
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def url_port(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL; ValueError when it has no host."""
    parts = urlsplit(url)
    if not parts.hostname:
        raise ValueError(f"no host in {url!r}")
    scheme = parts.scheme.lower()
    port = parts.port or (443 if scheme == "https" else 80)
    return scheme, parts.hostname, port


def client_context(cafile: str | None) -> ssl.SSLContext:
    """A verifying client context: the system store (``SSL_CERT_FILE`` honoured) plus ``cafile``.

    Cached while ``cafile`` is unchanged (loading the system store takes a while).
    """
    stamp = os.stat(cafile) if cafile else None
    key = (cafile, stamp.st_mtime_ns if stamp else 0, stamp.st_size if stamp else 0)
    ctx = _CONTEXTS.get(key)
    if ctx is None:
        ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
        if cafile:
            ctx.load_verify_locations(cafile=cafile)
        _CONTEXTS[key] = ctx
    return ctx


class RoutingBackend(httpcore.AsyncNetworkBackend):
    """Connects to the ``--connect-to`` target of a host:port, else to the host itself."""

    def __init__(self, routes: Iterable[Route]) -> None:
        self.routes = tuple(routes)
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        target = route(host, port, self.routes)
        if target is not None:
            host, port = target
        return await self.inner.connect_tcp(host, port, timeout, local_address, socket_options)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:  # pragma: no cover - never used
        return await self.inner.connect_unix_socket(path, timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class _RoutedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport whose connection pool dials through a :class:`RoutingBackend`."""

    def __init__(self, ctx: ssl.SSLContext, routes: Sequence[Route]) -> None:
        super().__init__(verify=ctx, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ctx, network_backend=RoutingBackend(routes), max_connections=4
        )


def transport(cafile: str | None, routes: Sequence[Route]) -> httpx.AsyncHTTPTransport:
    """A verifying transport, routed when there is any ``--connect-to`` entry.

    An httpx client given a transport ignores the proxy variables of the environment: use
    :func:`client_options` for the OAuth endpoints themselves.
    """
    ctx = client_context(cafile)
    if routes:
        return _RoutedTransport(ctx, routes)
    return httpx.AsyncHTTPTransport(verify=ctx, trust_env=False)


def client_options(
    cafile: str | None, routes: Sequence[Route], *, direct: bool = False
) -> dict[str, Any]:
    """``httpx.AsyncClient`` arguments for an OAuth endpoint: routed through ``--connect-to``
    when there are routes; otherwise verified with ``--cafile`` and, unless ``direct``
    (loopback endpoints), through the proxies of the environment (``HTTPS_PROXY``…)."""
    if routes:
        return {"transport": transport(cafile, routes)}
    return {"verify": client_context(cafile), "trust_env": not direct}
