"""Microsoft 365 end to end (issue 19): the samples, a real provider, an Exchange-like server.

* the provider is oauth2-mock-server (``tests/oauth_peer``) over HTTPS as
  ``login.microsoftonline.com`` with Microsoft's v2.0 paths (``/organizations/oauth2/v2.0/
  authorize`` and ``…/token``) and **strict rotation**: a refresh token works once, as
  Microsoft's do; its events say whether each refresh token presented was the live one;
* the SMTP server (:mod:`smtp_refusing`) refuses passwords with ``535 5.7.139`` and accepts
  XOAUTH2 tokens signed by the provider (checked against its JWKS);
* ``wlmail run`` runs as a user runs it, in a subprocess: the first login with a ``BROWSER``
  command and no terminal, then "cron" runs (standard input not a terminal, no ``BROWSER``, no
  display) from the token the script saved with ``Sérialise``.

Each run asserts stdout, stderr and the exit code. Skipped only when node is missing.
"""

from __future__ import annotations

import os
import shutil
import ssl
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import trustme
from smtp_refusing import MICROSOFT_REFUSAL, RefusingSMTP
from test_oauth_flow import Peer, free_port, jwt_checker

from wlmail.catalog import get_catalog

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
AUTHORITY = "https://login.microsoftonline.com"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed (oauth2-mock-server)")


# ---- servers ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def ms_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def ms_peer(tmp_path_factory: pytest.TempPathFactory, ms_ca: trustme.CA) -> Iterator[Peer]:
    folder = tmp_path_factory.mktemp("ms-peer")
    leaf = ms_ca.issue_cert("login.microsoftonline.com", "127.0.0.1")
    key, cert = folder / "key.pem", folder / "cert.pem"
    leaf.private_key_pem.write_to_path(str(key))
    leaf.cert_chain_pems[0].write_to_path(str(cert))
    server = Peer(
        "--port", "0", "--key", str(key), "--cert", str(cert),
        "--issuer", f"{AUTHORITY}/organizations/v2.0",
        "--authorize", "/organizations/oauth2/v2.0/authorize",
        "--token", "/organizations/oauth2/v2.0/token",
    )  # fmt: skip
    server.command("strict-rotation")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def office365(
    tmp_path_factory: pytest.TempPathFactory, ms_peer: Peer, ms_ca: trustme.CA
) -> Iterator[RefusingSMTP]:
    ctx = ssl.create_default_context()
    ms_ca.configure_trust(ctx)
    jwks = httpx.get(f"https://127.0.0.1:{ms_peer.port}/jwks", verify=ctx, trust_env=False)
    valid = jwt_checker(jwks.json())
    server = RefusingSMTP(["smtp.office365.com"], check_token=lambda user, token: valid(token))
    server.start(tmp_path_factory.mktemp("o365"))
    yield server
    server.stop()


class World:
    """A folder a user runs the sample from, and how ``wlmail run`` reaches the servers."""

    def __init__(self, tmp: Path, peer: Peer, smtp: RefusingSMTP, ca: trustme.CA) -> None:
        self.dir = tmp
        self.peer = peer
        self.smtp = smtp
        self.cafile = tmp / "cas.pem"
        self.cafile.write_bytes(ca.cert_pem.bytes() + Path(smtp.cafile).read_bytes())
        self.browser = tmp / "browser"
        self.browser.write_text(
            f"#!{sys.executable}\n"
            "# follows the authorization URL to the provider, then its redirect to wlmail\n"
            "import sys, httpx\n"
            f"url = sys.argv[1].replace({AUTHORITY!r}, 'https://127.0.0.1:{peer.port}', 1)\n"
            f"with httpx.Client(verify={str(self.cafile)!r}, trust_env=False, timeout=10,\n"
            "                  follow_redirects=True) as client:\n"
            "    client.get(url)\n"
        )
        self.browser.chmod(self.browser.stat().st_mode | stat.S_IXUSR)

    def script(self, name: str, redirect_port: int) -> Path:
        """The sample, with its redirect on a free port (9000 may be taken on a busy machine)."""
        text = (SAMPLES / name).read_text(encoding="utf-8")
        text = text.replace("http://localhost:9000", f"http://localhost:{redirect_port}")
        path = self.dir / name
        path.write_text(text, encoding="utf-8")
        return path

    def run(
        self, script: Path, *, browser: bool, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY")
        }
        if browser:
            env["BROWSER"] = str(self.browser)
        command = [
            sys.executable, "-m", "wlmail", "run",
            "--connect-to", f"login.microsoftonline.com:443:127.0.0.1:{self.peer.port}",
            "--connect-to", f"smtp.office365.com:587:127.0.0.1:{self.smtp.port}",
            "--cafile", str(self.cafile),
            str(script),
        ]  # fmt: skip
        return subprocess.run(
            command,
            cwd=self.dir,
            env=env,
            stdin=subprocess.DEVNULL,  # no terminal, as under cron
            capture_output=True,
            text=True,
            timeout=timeout,
        )


@pytest.fixture
def world(tmp_path: Path, ms_peer: Peer, office365: RefusingSMTP, ms_ca: trustme.CA) -> World:
    ms_peer.take_events()
    office365.reset()
    return World(tmp_path, ms_peer, office365, ms_ca)


def refreshes(events: list[dict[str, Any]]) -> list[str | None]:
    return [
        e.get("refresh_token_state")
        for e in events
        if e.get("event") == "token" and e.get("grant_type") == "refresh_token"
    ]


def grants(events: list[dict[str, Any]]) -> list[str | None]:
    return [e.get("grant_type") for e in events if e.get("event") == "token"]


def message(msg_id: str, lang: str, **fields: Any) -> str:
    return str(get_catalog().messages[msg_id][lang]).format(**fields)


SENT = {"fr": "envoyé", "en": "sent"}
SAMPLE = {"fr": "oauth-microsoft365-fr.wl", "en": "oauth-microsoft365-en.wl"}


# ---- the whole story, in each language -------------------------------------------------------
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_login_then_cron_runs_refresh_with_rotation(world: World, lang: str) -> None:
    port = free_port()
    script = world.script(SAMPLE[lang], port)
    token_file = world.dir / "token-microsoft365.bin"

    # 1. the one interactive login: a BROWSER command, no terminal (issue 19 §4). The provider
    #    gives its tokens 30 s, inside wlmail's 60 s leeway (so they count as expired) but long
    #    enough for the SMTP server's JWT check: the session refreshes before XOAUTH2,
    #    and the script saves the rotated one (its own copy of the token follows the session's)
    world.peer.command("expires 30")
    world.peer.command("expires 30")
    first = world.run(script, browser=True)
    assert (first.returncode, first.stdout) == (0, SENT[lang] + "\n"), first.stderr
    lines = first.stderr.splitlines()
    # issue 15 §5: nothing but the two documented lines (no "Exception in callback …")
    assert len(lines) == 2, first.stderr
    assert lines[0].startswith(message("oauth_open_url", lang, url=""))
    assert f"{AUTHORITY}/organizations/oauth2/v2.0/authorize?" in lines[0]
    assert "offline_access" in lines[0] and "code_challenge_method=S256" in lines[0]
    assert lines[1] == message(
        "oauth_waiting", lang, redirect=f"http://localhost:{port}", seconds="300"
    )
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    events = world.peer.take_events()
    assert grants(events) == ["authorization_code", "refresh_token"]
    assert refreshes(events) == ["live"]
    saved_once = token_file.read_bytes()

    # 2. cron: no terminal, no browser; the expired token is refreshed before XOAUTH2 and the
    #    rotated refresh token is what the script saves
    world.peer.command("expires 30")
    second = world.run(script, browser=False)
    assert (second.returncode, second.stdout, second.stderr) == (0, SENT[lang] + "\n", "")
    assert refreshes(world.peer.take_events()) == ["live"]
    assert token_file.read_bytes() != saved_once

    # 3. cron again: the refresh token saved by run 2 is the live one (an old one would be
    #    refused: strict rotation)
    third = world.run(script, browser=False)
    assert (third.returncode, third.stdout, third.stderr) == (0, SENT[lang] + "\n", "")
    assert refreshes(world.peer.take_events()) == ["live"]

    assert [(x.mechanism, x.accepted) for x in world.smtp.logins] == [("XOAUTH2", True)] * 3
    user = "utilisateur" if lang == "fr" else "user"
    assert [d.login for d in world.smtp.delivered] == [f"{user}@contoso.onmicrosoft.com"] * 3


@pytest.mark.parametrize("lang", ["fr"])  # the English messages: the next tests
def test_refused_refresh_in_cron_says_to_log_in_again_and_never_waits(
    world: World, lang: str
) -> None:
    script = world.script(SAMPLE[lang], free_port())
    world.peer.command("expires 30")
    world.peer.command("expires 30")
    assert world.run(script, browser=True).returncode == 0
    world.peer.take_events()
    world.smtp.reset()
    world.peer.command("token-error")  # the refresh token was revoked meanwhile

    started = time.monotonic()
    cron = world.run(script, browser=False)
    assert time.monotonic() - started < 20
    assert (cron.returncode, cron.stdout) == (0, "")
    lines = cron.stderr.splitlines()
    # Trace("Token gardé refusé : " + ErreurInfo()): why, and that a new login is needed
    assert "invalid_grant" in lines[0] and "Bad code (test peer)" in lines[0]
    assert lines[1] == message("oauth_login_again", lang)
    # the script then tries AuthIdentifie: no terminal, no browser: it fails at once
    assert lines[2:] == [
        "Impossible d'ouvrir la session SMTP" if lang == "fr" else "Cannot open the SMTP session",
        message("oauth_nobody", lang),
    ]
    assert grants(world.peer.take_events()) == ["refresh_token"]
    assert world.smtp.logins == [] and world.smtp.delivered == []


def test_no_token_no_terminal_no_browser_fails_at_once(world: World) -> None:
    script = world.script(SAMPLE["en"], free_port())
    started = time.monotonic()
    cron = world.run(script, browser=False)
    assert time.monotonic() - started < 20
    assert (cron.returncode, cron.stdout) == (0, "")
    assert cron.stderr.splitlines() == ["Microsoft login failed", message("oauth_nobody", "en")]
    assert world.peer.take_events() == []  # not even the authorization URL was used


def test_the_same_script_with_a_password_gets_the_explanation(world: World) -> None:
    script = world.dir / "password.wl"
    script.write_text(
        "MaSession est un emailSessionSMTP\n"
        'MaSession.AdresseServeur = "smtp.office365.com"\nMaSession.Port = 587\n'
        "MaSession.Option = emailOptionSécuriséTLS\n"
        'MaSession.Nom = "utilisateur@contoso.onmicrosoft.com"\n'
        'MaSession.MotDePasse = "mot de passe"\n'
        "SI PAS EmailOuvreSession(MaSession) ALORS\n"
        '\tErreur("Impossible d\'ouvrir la session SMTP", ErreurInfo())\nFIN\n',
        encoding="utf-8",
    )
    result = world.run(script, browser=False)
    assert (result.returncode, result.stdout) == (0, "")
    lines = result.stderr.splitlines()
    assert lines[0] == "Impossible d'ouvrir la session SMTP"
    assert lines[1].endswith(MICROSOFT_REFUSAL)
    assert lines[2:] == [message("mail_refusal_oauth", "fr")]
