"""Logging in on a machine without a browser (issue 19, item 3): the pasted address.

The provider is oauth2-mock-server (``tests/oauth_peer``) on loopback http. The user's browser
is "on another machine": the test follows the authorization URL to the provider, reads the
address the provider redirects to, and, instead of letting that browser load it, pastes it on
wlmail's terminal: a pipe for the in-process tests, a real terminal in tmux for ``wlmail run
--no-browser``. ``state`` is checked on a pasted address; PKCE binds a pasted bare code.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time
import uuid
import webbrowser
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from test_oauth_flow import Peer, event, free_port, run, settings

from wlmail.catalog import get_catalog
from wlmail.oauth.errors import OAuthFailure
from wlmail.oauth.flow import FlowOptions, authorize
from wlmail.oauth.headless import browser_available, pasted_callback, read_lines
from wlmail.oauth.listener import Callback, parse_redirect

NODE = shutil.which("node")
TMUX = shutil.which("tmux")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed (oauth2-mock-server)")


@pytest.fixture(scope="module")
def peer() -> Iterator[Peer]:
    if NODE is None:
        pytest.skip("node is not installed (oauth2-mock-server)")
    server = Peer("--port", "0")
    yield server
    server.stop()


def message(msg_id: str, lang: str, **fields: Any) -> str:
    return str(get_catalog().messages[msg_id][lang]).format(**fields)


def provider_redirect(url: str) -> str:
    """What the user's browser ends on: the provider's redirect, not loaded."""
    with httpx.Client(trust_env=False, timeout=10) as client:
        answer = client.get(url)
    assert answer.status_code == 302, answer.text
    return answer.headers["location"]


# ---- what a pasted line stands for ---------------------------------------------------------
REDIRECT = parse_redirect("http://localhost:9000/retour")


def test_pasted_address_with_the_right_state() -> None:
    found = pasted_callback("  http://localhost:9000/retour?code=abc&state=S1  \r", REDIRECT, "S1")
    assert isinstance(found, Callback)
    assert found.params == {"code": "abc", "state": "S1"}
    assert found.url == "http://localhost:9000/retour?code=abc&state=S1"
    # another loopback spelling, or the query alone, are the same answer
    for text in ("http://127.0.0.1:9000/retour?state=S1&code=abc", "?code=abc&state=S1"):
        again = pasted_callback(text, REDIRECT, "S1")
        assert isinstance(again, Callback) and again.params["code"] == "abc"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("http://localhost:9000/retour?code=abc&state=forged", "state"),
        ("http://localhost:9000/retour?code=abc", "state"),
        ("http://localhost:9000/favicon.ico?code=abc&state=S1", "not_redirect"),
        ("http://localhost:9000/retour?state=S1", "no_code"),
        ("two words", "no_code"),
        ("   ", "empty"),
    ],
)
def test_pasted_lines_that_are_refused(text: str, why: str) -> None:
    assert pasted_callback(text, REDIRECT, "S1") == why


def test_a_bare_code_is_taken_with_this_login_state() -> None:
    found = pasted_callback("4/0AbCd-xyz_123", REDIRECT, "S1")
    assert isinstance(found, Callback)
    assert found.params == {"code": "4/0AbCd-xyz_123", "state": "S1"}


def test_browser_available_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    assert browser_available({"BROWSER": "firefox"})
    if sys.platform not in ("darwin", "win32"):
        assert not browser_available({})  # no display: console browsers are not used

    def nothing() -> None:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", nothing)
    assert not browser_available({"DISPLAY": ":0"})
    monkeypatch.setattr(webbrowser, "get", lambda: object())
    assert browser_available({"DISPLAY": ":0"})


# ---- the flow with a terminal (a pipe), in process -------------------------------------------
class Terminal:
    """A pipe standing for the terminal, and the lines wlmail printed."""

    def __init__(self) -> None:
        self.read_fd, self.write_fd = os.pipe()
        self.notes: list[tuple[str, dict[str, Any]]] = []
        self.urls: asyncio.Queue[str] = asyncio.Queue()

    def notify(self, kind: str, **fields: Any) -> None:
        self.notes.append((kind, fields))
        if kind == "open_url":
            self.urls.put_nowait(fields["url"])

    def type(self, line: str) -> None:
        os.write(self.write_fd, line.encode() + b"\n")

    def options(self, **changes: Any) -> FlowOptions:
        values: dict[str, Any] = {
            "terminal": lambda: read_lines(self.read_fd),
            "browser_check": lambda: False,
            "notify": self.notify,
            "timeout": 10,
        }
        values.update(changes)
        return FlowOptions(**values)

    def close(self) -> None:
        for fd in (self.read_fd, self.write_fd):
            os.close(fd)


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal()
    yield term
    term.close()


@needs_node
def test_pasted_address_logs_in(peer: Peer, terminal: Terminal) -> None:
    s = settings(peer)

    async def user() -> None:
        url = await terminal.urls.get()
        location = await asyncio.to_thread(provider_redirect, url)
        terminal.type("hello there")  # not a code (a code is one word)
        terminal.type(location.replace("state=", "state=forged"))
        terminal.type(location.replace("/callback", "/other"))
        terminal.type(location)

    async def both() -> Any:
        token, _ = await asyncio.gather(authorize(s, terminal.options()), user())
        return token

    token = run(both())
    assert token.valid and token.refresh_token
    kinds = [kind for kind, _ in terminal.notes]
    assert kinds == [
        "open_url",
        "waiting",
        "paste",
        "paste_no_code",
        "paste_state",
        "paste_not_redirect",
    ]
    assert terminal.notes[2][1] == {"redirect": s.redirect_url}
    events = peer.take_events()
    assert event(events, "authorize")["code_challenge_method"] == "S256"
    assert event(events, "token", grant_type="authorization_code")["code_verifier"]


@needs_node
def test_pasted_bare_code_logs_in(peer: Peer, terminal: Terminal) -> None:
    async def user() -> None:
        location = await asyncio.to_thread(provider_redirect, await terminal.urls.get())
        terminal.type(parse_qs(urlsplit(location).query)["code"][0])

    async def both() -> Any:
        return (await asyncio.gather(authorize(settings(peer), terminal.options()), user()))[0]

    assert run(both()).valid
    assert event(peer.take_events(), "token", grant_type="authorization_code")["code_verifier"]


@needs_node
def test_the_loopback_callback_still_works_in_paste_mode(peer: Peer, terminal: Terminal) -> None:
    """--no-browser on the machine whose browser the user opens by hand: the listener wins."""

    async def user() -> None:
        location = await asyncio.to_thread(provider_redirect, await terminal.urls.get())
        async with httpx.AsyncClient(trust_env=False) as client:
            assert (await client.get(location)).status_code == 200

    async def both() -> Any:
        options = terminal.options(no_browser=True, browser_check=lambda: True)
        return (await asyncio.gather(authorize(settings(peer), options), user()))[0]

    assert run(both()).valid
    assert [kind for kind, _ in terminal.notes] == ["open_url", "waiting", "paste"]


def test_no_terminal_and_no_browser_fails_before_anything_is_shown() -> None:
    notes: list[str] = []
    s = settings_without_peer()
    options = FlowOptions(browser_check=lambda: False, notify=lambda kind, **f: notes.append(kind))
    started = time.monotonic()
    with pytest.raises(OAuthFailure) as caught:
        run(authorize(s, options))
    assert caught.value.kind == "nobody" and notes == []
    assert time.monotonic() - started < 2


def settings_without_peer() -> Any:
    from wlmail.oauth.flow import OAuthSettings

    return OAuthSettings(
        client_id="app",
        auth_url="https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
        token_url="https://login.microsoftonline.com/common/oauth2/v2.0/token",
        redirect_url=f"http://localhost:{free_port()}/",
    )


# ---- wlmail run --no-browser on a real terminal (tmux) ---------------------------------------
@needs_node
@pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install -y tmux)")
def test_no_browser_paste_in_a_terminal(peer: Peer, tmp_path: Path) -> None:
    port = free_port()
    (tmp_path / "login.wl").write_text(
        "p is OAuth2Parameters\n"
        'p.ClientID = "wlmail-tests"\np.ClientSecret = "s3cret-of-the-app"\n'
        f'p.AuthURL = "{peer.issuer}/authorize"\np.TokenURL = "{peer.issuer}/token"\n'
        'p.Scope = "https://outlook.office.com/SMTP.Send offline_access"\n'
        f'p.RedirectionURL = "http://localhost:{port}/"\n'
        "t is AuthToken = AuthIdentify(p)\n"
        'Info(t.Valid, t.Refresh <> "", ErrorInfo())\n',
        encoding="utf-8",
    )
    socket_name = f"wlmail-{uuid.uuid4().hex[:8]}"
    tmux = [str(TMUX), "-L", socket_name]
    shell = (
        f"cd {tmp_path} && {sys.executable} -m wlmail run --no-browser login.wl "
        "> out.txt 2> err.txt; echo $? > rc.txt; sleep 30"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("BROWSER", "DISPLAY", "TMUX")}
    subprocess.run([*tmux, "new-session", "-d", "-s", "t", "-x", "300", "-y", "40", shell],
                   check=True, env=env, timeout=10)  # fmt: skip
    try:
        err_file, rc_file = tmp_path / "err.txt", tmp_path / "rc.txt"
        url = wait_for(lambda: auth_url_in(err_file))
        location = provider_redirect(url)
        for line in (location.replace("state=", "state=forged"), location):
            subprocess.run([*tmux, "send-keys", "-t", "t", "-l", line], check=True, timeout=10)
            subprocess.run([*tmux, "send-keys", "-t", "t", "Enter"], check=True, timeout=10)
        wait_for(lambda: rc_file.read_text().strip() if rc_file.exists() else "")
        assert rc_file.read_text().strip() == "0"
        assert (tmp_path / "out.txt").read_text() == "1\n1\n\n"
        assert err_file.read_text().splitlines() == [
            message("oauth_open_url", "en", url=url),
            message("oauth_waiting", "en", redirect=f"http://localhost:{port}/", seconds="300"),
            message("oauth_paste", "en", redirect=f"http://localhost:{port}/"),
            message("oauth_paste_state", "en"),
        ]
    finally:
        subprocess.run([*tmux, "kill-server"], timeout=10, check=False)
    assert event(peer.take_events(), "token", grant_type="authorization_code")["code_verifier"]


def auth_url_in(path: Path) -> str:
    if not path.exists():
        return ""
    for line in path.read_text().splitlines():
        if "/authorize?" in line:
            return line[line.index("http") :]
    return ""


def wait_for(probe: Any, seconds: float = 20) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return str(value)
        time.sleep(0.05)
    raise AssertionError("timed out")
