"""The servers and the browser the OAuth export tests run both ``wlmail run`` and the exported
program against (tests/test_export_oauth.py): oauth2-mock-server under Google's names over
HTTPS, the XOAUTH2-checking sandbox SMTP server, a routing shim and a ``BROWSER`` command."""

from __future__ import annotations

import os
import re
import socket
import ssl
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import trustme
from mail_support import ServerThread
from test_export import _structure
from test_oauth_flow import Peer, follower, jwt_checker

from wlmail.runtime.driver import run_source
from wlmail.runtime.host import CaptureHost
from wlmail.sandbox.certs import RunCA
from wlmail.sandbox.smtp_server import SandboxSMTP

# Routes the program's connections (smtplib, and requests through urllib3) as --connect-to does.
ROUTING = """
import os, socket
_routes = dict(r.rsplit("=", 1) for r in os.environ.get("EXPORT_ROUTES", "").split() if r)
_getaddrinfo = socket.getaddrinfo
def getaddrinfo(host, port, *args, **kwargs):
    to = _routes.get(f"{host}:{port}")
    if to:
        host, port = to.rsplit(":", 1)[0], int(to.rsplit(":", 1)[1])
    return _getaddrinfo(host, port, *args, **kwargs)
socket.getaddrinfo = getaddrinfo
"""

# The user's browser: follows the authorization address, then the redirect to the listener.
BROWSER = """#!{python}
import sys
import requests
first = requests.get(sys.argv[1], allow_redirects=False, timeout=10)
requests.get(first.headers["location"], timeout=10)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True, slots=True)
class Provider:
    """Where a sample logs in and sends: the provider's host names and paths, the SMTP host."""

    hosts: tuple[str, ...] = ("accounts.google.com", "oauth2.googleapis.com")
    issuer: str = "https://accounts.google.com"
    authorize: str = "/o/oauth2/auth"
    smtp: str = "smtp.gmail.com"


MICROSOFT = Provider(
    ("login.microsoftonline.com",),
    "https://login.microsoftonline.com/organizations/v2.0",
    "/organizations/oauth2/v2.0/authorize",
    "smtp.office365.com",
)


class Servers:
    """The provider under Google's (or another provider's) names and the XOAUTH2-checking SMTP
    server."""

    def __init__(
        self, tmp: Path, token_path: str, python: Path, provider: Provider = Provider()
    ) -> None:
        ca = trustme.CA()
        leaf = ca.issue_cert(*provider.hosts, "127.0.0.1")
        key, cert = tmp / "key.pem", tmp / "cert.pem"
        leaf.private_key_pem.write_to_path(str(key))
        leaf.cert_chain_pems[0].write_to_path(str(cert))
        self.peer = Peer(
            "--port", "0", "--key", str(key), "--cert", str(cert),
            "--issuer", provider.issuer,
            "--authorize", provider.authorize, "--token", token_path,
        )  # fmt: skip
        ctx = ssl.create_default_context()
        ca.configure_trust(ctx)
        jwks = httpx.get(self.peer.jwks_url, verify=ctx, trust_env=False).json()
        valid = jwt_checker(jwks)
        self.logins: list[tuple[str, bool]] = []

        def check(user: str, token: str) -> bool:
            self.logins.append((user, valid(token)))
            return self.logins[-1][1]

        smtp_ca = RunCA([provider.smtp])
        self.smtp = SandboxSMTP(smtp_ca, hostname="smtp.test", check_token=check)
        self.thread = ServerThread()
        self.thread.call(self.smtp.start())
        self.cafile = str(tmp / "cas.pem")
        Path(self.cafile).write_bytes(ca.cert_pem.bytes() + smtp_ca.ca_pem_bytes)
        self.routes = [(name, 443, "127.0.0.1", self.peer.port) for name in provider.hosts]
        self.routes.append((provider.smtp, 587, "127.0.0.1", self.smtp.starttls_port))
        self.shim = tmp / "shim"
        self.shim.mkdir()
        (self.shim / "sitecustomize.py").write_text(ROUTING, encoding="utf-8")
        self.browser = tmp / "browser"
        self.browser.write_text(BROWSER.format(python=python), encoding="utf-8")
        self.browser.chmod(0o755)

    def wlmail(self, text: str) -> tuple[int, str, str]:
        host = CaptureHost()
        host.options.update(
            connect_to=self.routes,
            cafile=self.cafile,
            oauth_browser=follower(self.cafile, tuple(self.routes)),
            oauth_timeout=300,  # a real run's wait (CaptureHost's is shorter), as exported
        )
        code = run_source(text, "script.wl", host)
        return code, host.out.getvalue(), host.err.getvalue()

    def python(
        self, python: Path, program: Path, browser: Path | None = None
    ) -> tuple[int, str, str]:
        routes = " ".join(f"{h}:{p}={to}:{tp}" for h, p, to, tp in self.routes)
        done = subprocess.run(
            [python, program.name],
            capture_output=True,
            text=True,
            cwd=program.parent,
            timeout=60,
            env={
                "PATH": os.environ.get("PATH", ""),
                "EXPORT_ROUTES": routes,
                "PYTHONPATH": str(self.shim),
                "SSL_CERT_FILE": self.cafile,
                "REQUESTS_CA_BUNDLE": self.cafile,
                "BROWSER": str(browser or self.browser),
            },
        )
        return done.returncode, done.stdout, done.stderr

    def seen(self) -> tuple[list[dict[str, Any]], list[tuple[Any, ...]], list[tuple[str, bool]]]:
        """What the provider and the SMTP server saw since the last call."""
        events = [e for e in self.peer.take_events() if e.get("event") in ("authorize", "token")]
        sent = [
            (m.mail_from, m.rcpt_tos, m.auth_mechanism, m.login, m.tls, _structure(m.raw))
            for m in self.smtp.messages
        ]
        logins = self.logins[:]
        self.smtp.messages.clear()
        self.logins.clear()
        return events, sent, logins

    def stop(self) -> None:
        self.thread.call(self.smtp.stop())
        self.thread.stop()
        self.peer.stop()


def masked(result: tuple[int, str, str]) -> tuple[int, str, str]:
    """The random values of the printed authorization address hidden."""
    err = re.sub(r"(state|code_challenge)=[^&\s]+", r"\1=…", result[2])
    return result[0], result[1], err
