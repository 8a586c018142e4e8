"""A certificate authority made for one sandbox run.

``--sandbox`` routes the script's connections (``smtp.gmail.com:587``, the OAuth endpoints…) to
servers on loopback, but TLS still checks the certificate against the name the script used
(decision 21, same rule as ``--connect-to``). The run's leaf certificate therefore carries, as
Subject Alternative Names, ``127.0.0.1``, ``localhost`` and every host name the script talks to.

The CA and its key exist only in memory; nothing is written unless :meth:`RunCA.write_ca_pem` is
called (for instance to hand the CA to an external client with ``--cafile``).
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from os import PathLike
from pathlib import Path
from typing import Any

import trustme

__all__ = ["DEFAULT_NAMES", "RunCA"]

#: Names every leaf certificate is valid for, whatever the script uses.
DEFAULT_NAMES: tuple[str, ...] = ("127.0.0.1", "localhost")


def _clean_name(name: str) -> str:
    """Normalise one host name for the certificate (lower case, no trailing dot)."""
    cleaned = name.strip().rstrip(".").lower()
    if not cleaned:
        raise ValueError(f"empty host name for the sandbox certificate: {name!r}")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in cleaned):
        raise ValueError(f"invalid host name for the sandbox certificate: {name!r}")
    return cleaned


class RunCA:
    """A throw-away certificate authority and one leaf certificate, made with ``trustme``.

    ``RunCA(["smtp.gmail.com", "oauth2.googleapis.com"])`` issues a leaf valid for those names plus
    ``127.0.0.1`` and ``localhost``. Names are compared case-insensitively and de-duplicated; IP
    literals and IDNs (``café.example``) are accepted, as trustme does.
    """

    def __init__(self, hostnames: Iterable[str] = (), *, on_demand: bool = False) -> None:
        """``on_demand``: a TLS client asking (SNI) for a name the leaf does not carry gets a
        leaf of its own for that name, issued once (``wlmail repl --sandbox`` and ``wlmail
        sandbox``, where no script tells the names in advance)."""
        self.on_demand = on_demand
        self._on_demand_contexts: dict[str, ssl.SSLContext] = {}
        names: list[str] = []
        for name in (*DEFAULT_NAMES, *hostnames):
            cleaned = _clean_name(name)
            if cleaned not in names:
                names.append(cleaned)
        self._hostnames = tuple(names)
        self._ca = trustme.CA(organization_name="wlmail sandbox")
        self._leaf = self._ca.issue_cert(*self._hostnames, organization_name="wlmail sandbox")

    @property
    def hostnames(self) -> tuple[str, ...]:
        """Every name the leaf certificate is valid for (its SANs), defaults first."""
        return self._hostnames

    @property
    def ca_pem_bytes(self) -> bytes:
        """The CA certificate, PEM-encoded: what a client must trust."""
        return self._ca.cert_pem.bytes()

    def write_ca_pem(self, path: str | PathLike[str]) -> Path:
        """Write the CA certificate (PEM) to ``path`` and return it as a :class:`Path`."""
        target = Path(path)
        target.write_bytes(self.ca_pem_bytes)
        return target

    def server_context(self) -> ssl.SSLContext:
        """A new server-side context presenting the leaf certificate (TLS 1.2 or later).

        It asks for no client certificate. Each call returns a fresh context, so a caller may set
        options (e.g. ``sni_callback``) on it without affecting other listeners.
        """
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        self._leaf.configure_cert(ctx)
        if self.on_demand:
            ctx.sni_callback = self.choose_certificate
        return ctx

    def choose_certificate(self, ssl_object: Any, server_name: str | None, _ctx: Any) -> None:
        """SNI callback (``on_demand`` only): present a leaf for ``server_name`` if the run's
        leaf does not carry it. A server that sets its own ``sni_callback`` calls this first."""
        if not self.on_demand or not server_name:
            return
        try:
            name = _clean_name(server_name)
        except ValueError:
            return
        if name in self._hostnames:
            return
        ctx = self._on_demand_contexts.get(name)
        if ctx is None:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.minimum_version = ssl.TLSVersion.TLSv1_2
            self._ca.issue_cert(name, organization_name="wlmail sandbox").configure_cert(ctx)
            self._on_demand_contexts[name] = ctx
        ssl_object.context = ctx

    def client_context(self) -> ssl.SSLContext:
        """A new verifying client context that trusts **only** this run's CA.

        Certificates and host names are checked (``CERT_REQUIRED``, ``check_hostname=True``); the
        system store is *not* loaded, so such a context cannot reach a real server. It is meant
        for tests and for clients that must only ever talk to the sandbox. To keep the system
        store (and ``--cafile``) as well, build your own context and call
        :meth:`configure_trust` on it.
        """
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        self._ca.configure_trust(ctx)
        return ctx

    def configure_trust(self, ctx: ssl.SSLContext) -> None:
        """Add this run's CA to the trusted authorities of an existing client context."""
        self._ca.configure_trust(ctx)
