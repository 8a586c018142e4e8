"""``wlmail run --sandbox``: the script talks to embedded servers instead of the network.

:func:`start_sandbox` (decision 23), before the script runs:

1. scans the script's string literals for host names (``"smtp.gmail.com"``, the hosts of
   ``"https://accounts.google.com/o/oauth2/auth"``…) and makes a :class:`RunCA` whose leaf
   certificate carries them, so TLS is verified against the names the script uses, never
   turned off. A host name the script *computes* at run time is not in the certificate: the
   connection then fails with a certificate error that names it;
2. starts, on the run's event loop, the sandbox SMTP server (STARTTLS and implicit TLS;
   PLAIN, LOGIN, XOAUTH2 checked against the provider's tokens) and the OAuth provider
   (authorization code + PKCE S256, refresh, automatic consent), on 127.0.0.1 only, and the
   POP3 and IMAP servers that serve the outbox (``receiving.py``; rulings in ``mailstore.py``);
3. routes every connection of the script to them through ``Host.options``: ``connect_to``
   (POP3 110/995 and IMAP 143/993 first, then SMTP: port 465 to the implicit-TLS listener, any
   other port to the STARTTLS one; ``receive_route`` sends a POP3/IMAP session on another port
   to its server),
   ``oauth_connect_to`` (every OAuth URL to the provider) and ``cafile`` (a temporary file with
   the run's CA, plus ``--cafile`` if given);
4. makes ``AuthIdentifie``'s consent automatic: ``oauth_browser`` is an in-process HTTP client
   that follows the authorization URL to the provider and its redirect to the flow's listener
   (``oauth_any_port``: the listener takes a free port, so port 9000 being busy does not matter).

Accepted messages are written to the outbox (``./outbox`` by default) as ``.eml`` files and
summarised on stderr as they arrive; the provider's consents and token grants are reported the
same way (never a token). Everything stops in the host's ``at_exit`` hooks, after the mail
sessions are closed and before the loop is.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from wlmail.oauth.errors import OAuthFailure
from wlmail.oauth.listener import Redirect
from wlmail.runtime.host import Host
from wlmail.textsafe import escape

__all__ = ["DEFAULT_OUTBOX", "Sandbox", "SandboxUnavailable", "scan_hosts", "start_sandbox"]

DEFAULT_OUTBOX = "outbox"
LOOPBACK = "127.0.0.1"

_STRING = re.compile(r'"((?:[^"\n]|"")*)"')
_URL_HOST = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://(\[[0-9A-Fa-f:.]+\]|[^/\s:?#\"@]+)")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOSTNAME = re.compile(rf"^{_LABEL}(?:\.{_LABEL})+\.?$")
_IPV4 = re.compile(r"^(?:\d{1,3}\.){3}\d{1,3}$")
#: a bare ``name.ext`` ending so is a file name, not a host (``"releve-mensuel.txt"``); a URL's
#: host is always taken. Country codes that are also file suffixes (.md, .py, .sh) stay hosts
_FILE_SUFFIXES = frozenset(
    re.findall(
        r"\w+",
        "bat bin bmp cfg conf csv dat db doc docx eml gif gz htm html ics ini jpeg jpg json log "
        "msg odt pdf pem png ppt pptx rtf svg tar tgz tmp tsv txt wl wdw xls xlsx xml yaml yml",
    )
)


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot start (missing optional dependency, no loopback…)."""


def scan_hosts(text: str) -> list[str]:
    """Host names and IP literals found in the string literals of a script, in order."""
    found: list[str] = []

    def add(name: str) -> None:
        name = name.strip("[]").rstrip(".").lower()
        if name and name not in found:
            found.append(name)

    for match in _STRING.finditer(text):
        literal = match.group(1).replace('""', '"').strip()
        for url in _URL_HOST.finditer(literal):
            host = url.group(1)
            if _HOSTNAME.match(host) or _IPV4.match(host) or host.startswith("["):
                add(host)
        last_label = literal.rstrip(".").rsplit(".", 1)[-1]
        file_name = last_label.lower() in _FILE_SUFFIXES
        if _IPV4.match(literal) or (
            _HOSTNAME.match(literal) and not last_label.isdigit() and not file_name
        ):
            add(literal)
    return found


class Sandbox:
    """The embedded servers of one run, installed into ``host.options``."""

    def __init__(
        self,
        host: Host,
        script_text: str = "",
        outbox: str | os.PathLike[str] | None = None,
        *,
        extra_hosts: Iterable[str] = (),
        token_lifetime: int = 3600,
        device: Any = None,
        on_demand_certificates: bool = False,
    ) -> None:
        self.host = host
        #: issue a certificate for any name a client asks for (REPL, standalone: no script)
        self.on_demand_certificates = on_demand_certificates
        self.device = device  # a DevicePolicy for the provider, or None for the default
        self.hostnames = [*scan_hosts(script_text), *extra_hosts]
        self.outbox = Path(outbox if outbox is not None else DEFAULT_OUTBOX)
        self.token_lifetime = token_lifetime
        self.smtp: Any = None
        self.receive: Any = None  # the POP3 and IMAP servers (wlmail/sandbox/receiving.py)
        self.provider: Any = None
        self.ca: Any = None
        self._cafile: str | None = None
        self._running = False

    # ---- lifecycle ------------------------------------------------------------------------
    def start(self) -> None:
        try:
            from wlmail.sandbox.certs import RunCA
            from wlmail.sandbox.oauth_provider import SandboxOAuthProvider
            from wlmail.sandbox.receiving import ReceiveServers
            from wlmail.sandbox.smtp_server import SandboxSMTP
        except ImportError as exc:  # the "sandbox" extra (aiosmtpd, trustme) is missing
            raise SandboxUnavailable(
                f"--sandbox needs the packages aiosmtpd and trustme ({exc.name} is missing): "
                "pip install 'wlmail[sandbox]'"
            ) from None
        host = self.host
        options = host.options
        self.ca = RunCA(self.hostnames, on_demand=self.on_demand_certificates)
        self._cafile = self._write_cafile(options.get("cafile"))
        self.provider = SandboxOAuthProvider(
            self.ca, expires_in=self.token_lifetime, on_event=self._on_event, device=self.device
        )
        self.smtp = SandboxSMTP(
            self.ca,
            hostname="sandbox.wlmail.localhost",
            check_password=self._check_password,
            check_token=self._check_token,
            # the docs' examples log in on port 25 without TLS: accepted here, with a warning
            allow_plaintext_auth=True,
            on_clear_login=self._on_clear_login,
            outbox=self.outbox,
            on_message=self._on_message,
        )
        self.receive = ReceiveServers(
            self.ca,
            self.outbox,
            check_password=self._check_password,
            check_token=self._check_token,
        )
        try:
            host.run(self.smtp.start())
            host.run(self.provider.start())
            host.run(self.receive.start())
        except OSError as exc:
            self.stop()
            raise SandboxUnavailable(f"--sandbox: cannot listen on {LOOPBACK}: {exc}") from None
        self._running = True
        options["connect_to"] = [
            *self.receive.routes(),  # POP3 110/995, IMAP 143/993; before SMTP's catch-all
            ("", 465, LOOPBACK, self.smtp.implicit_port),
            ("", 0, LOOPBACK, self.smtp.starttls_port),
        ]
        options["receive_route"] = self.receive.route
        options["oauth_connect_to"] = [("", 0, LOOPBACK, self.provider.port)]
        options["cafile"] = self._cafile
        options["oauth_browser"] = self._browse
        options["oauth_any_port"] = True
        options["sandbox"] = self
        options.setdefault("at_exit", []).append(self.stop)
        names = ", ".join(self.hostnames) or "(none found in the script)"
        if self.on_demand_certificates:
            names = "any name a client asks for"
        self._say(
            f"sandbox: SMTP on {LOOPBACK}:{self.smtp.starttls_port} (STARTTLS) and "
            f"{LOOPBACK}:{self.smtp.implicit_port} (TLS), {self.receive.banner()}, OAuth 2.0 "
            f"provider on {LOOPBACK}:{self.provider.port}; certificate for {names}; "
            f"outbox {self.outbox}"
        )

    def stop(self) -> None:
        """Stop the servers, remove the temporary CA file, print the summary (idempotent)."""
        host = self.host
        running, self._running = self._running, False
        loop_open = getattr(host, "_loop", None) is not None and not host.loop.is_closed()
        for server in (self.receive, self.provider, self.smtp):
            if server is not None and loop_open:
                try:
                    host.run(server.stop())
                except Exception:
                    pass
        if self._cafile is not None:
            try:
                os.unlink(self._cafile)
            except OSError:
                pass
            self._cafile = None
        if running and self.smtp is not None:
            count = len(self.smtp.messages)
            where = f", written to {self.outbox}" if count else ""
            self._say(f"sandbox: {count} message(s) accepted{where}")

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- helpers --------------------------------------------------------------------------
    def _say(self, line: str) -> None:
        self.host.error([escape(line)])  # names paths from the command line: outside text

    def _write_cafile(self, user_cafile: str | None) -> str:
        """The run's CA (plus ``--cafile``) in a private temporary file."""
        pem = self.ca.ca_pem_bytes
        if user_cafile:
            try:
                pem += b"\n" + Path(user_cafile).read_bytes()
            except OSError:
                pass  # the SMTP/OAuth code reports an unreadable --cafile when it matters
        fd, path = tempfile.mkstemp(prefix="wlmail-sandbox-ca-", suffix=".pem")
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
        return path

    def _check_token(self, user: str, token: str, protocol: str = "SMTP") -> bool:
        """XOAUTH2: a live token of the sandbox provider (reported, never shown)."""
        accepted = bool(self.provider.check_token(user, token))
        verdict = "accepted" if accepted else "refused (unknown or expired token)"
        self._say(f"sandbox: {protocol} login XOAUTH2 as {_printable(user)} {verdict}")
        return accepted

    def _check_password(self, user: str, password: str, protocol: str = "SMTP") -> bool:
        """PLAIN/LOGIN: any non-empty user and password (reported, never shown)."""
        accepted = bool(user) and bool(password)
        verdict = "accepted" if accepted else "refused (empty user or password)"
        self._say(f"sandbox: {protocol} login with password as {_printable(user)} {verdict}")
        return accepted

    def _on_clear_login(self, user: str) -> None:
        self._say(
            f"sandbox: warning: {_printable(user)} logged in with a password without TLS; "
            "on a real network the password would cross in clear (use emailOptionSécuriséTLS "
            "/ emailOptionSecuredTLS, or port 465 with emailProtocoleSMTPS)"
        )

    def _on_message(self, record: Any) -> None:
        from wlmail.sandbox.smtp_server import summary_line

        self._say(summary_line(record))
        if self.receive is not None:
            self.receive.add(record)

    def _on_event(self, event: Any) -> None:
        shown = _printable(event.client_id)
        if event.kind == "consent":
            scope = f" for scope {_printable(event.detail)}" if event.detail else ""
            self._say(f'sandbox: OAuth consent given to client "{shown}"{scope}')
        elif event.kind == "token":
            self._say(f'sandbox: OAuth token issued to client "{shown}" ({event.detail})')
        elif event.kind == "device":
            self._say(
                f'sandbox: OAuth device code issued to client "{shown}"; '
                "the sandbox user approves it"
            )
        elif event.kind == "device_poll":
            self._say(f'sandbox: OAuth device login of client "{shown}": {event.detail}')
        else:
            self._say(
                f'sandbox: OAuth request of client "{shown}" refused: {_printable(event.detail)}'
            )

    async def _browse(self, url: str, redirect: Redirect, address: tuple[str, int]) -> None:
        """The in-process browser: authorization URL → provider's 302 → the flow's listener."""
        import httpx

        from wlmail.oauth.http import transport

        routes = self.host.options.get("oauth_connect_to") or ()
        async with httpx.AsyncClient(
            transport=transport(self._cafile, routes), follow_redirects=False, timeout=30
        ) as client:
            answer = await client.get(url)
        location = answer.headers.get("location", "")
        if answer.status_code not in (301, 302, 303, 307) or not location:
            text = " ".join(answer.text.split())[:200]
            raise OAuthFailure("browser", detail=f"HTTP {answer.status_code} {text}".strip())
        target = urlsplit(location)
        port = target.port or 80
        if (target.hostname or "").lower() != redirect.host or port != redirect.port:
            raise OAuthFailure("browser", detail=f"redirected elsewhere: {location.split('?')[0]}")
        to_listener = [(redirect.host, redirect.port, address[0], address[1])]
        async with httpx.AsyncClient(
            transport=transport(None, to_listener), follow_redirects=False, timeout=30
        ) as client:
            await client.get(location)


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text)[:120]


def start_sandbox(
    host: Host,
    script_text: str,
    outbox: str | os.PathLike[str] | None = None,
    *,
    extra_hosts: Iterable[str] = (),
    on_demand_certificates: bool = False,
) -> Sandbox:
    """Start the sandbox for a run (``wlmail run --sandbox [--outbox DIR]``, ``wlmail repl
    --sandbox``) or on its own (``wlmail sandbox``, which names more hosts for the certificate).

    Raises :class:`SandboxUnavailable` with a message for the user when it cannot start.
    """
    sandbox = Sandbox(
        host,
        script_text,
        outbox,
        extra_hosts=extra_hosts,
        on_demand_certificates=on_demand_certificates,
    )
    sandbox.start()
    return sandbox
