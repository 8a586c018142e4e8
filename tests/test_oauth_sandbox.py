"""``--sandbox``: the embedded OAuth 2.0 provider (authlib's grants) and the whole run.

The provider is exercised with raw HTTPS requests (PKCE, code reuse, refresh rotation, client
secrets, redirect URIs) and through the interpreter with the seed's doc example, unchanged.
No node, no network: everything listens on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import inspect
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from wlmail.builtins.oauth import AuthTokenObject
from wlmail.mail.smtp import SMTPFailure
from wlmail.oauth.flow import FlowOptions, OAuthSettings, authorize
from wlmail.oauth.http import transport
from wlmail.runtime.driver import run_source
from wlmail.runtime.host import CaptureHost
from wlmail.runtime.state import Runtime
from wlmail.sandbox.certs import RunCA
from wlmail.sandbox.oauth_provider import SandboxOAuthProvider
from wlmail.sandbox.run import Sandbox, scan_hosts

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "doc-emailsessionsmtp-fr.wl"
HOST = "oauth.test"
REDIRECT = "http://127.0.0.1:9/cb"


def run(coro: Coroutine[Any, Any, Any]) -> Any:
    async def bounded() -> Any:
        async with asyncio.timeout(15):
            return await coro

    return asyncio.run(bounded())


def challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def ca() -> RunCA:
    return RunCA([HOST])


@pytest.fixture(scope="module")
def cafile(ca: RunCA, tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(ca.write_ca_pem(tmp_path_factory.mktemp("ca") / "ca.pem"))


@asynccontextmanager
async def provider_client(
    ca: RunCA, cafile: str, **kwargs: Any
) -> AsyncIterator[tuple[SandboxOAuthProvider, httpx.AsyncClient]]:
    """The provider, and an HTTPS client that reaches it as https://oauth.test (the way
    --connect-to and --cafile do)."""
    async with SandboxOAuthProvider(ca, **kwargs) as provider:
        routes = [(HOST, 443, "127.0.0.1", provider.port)]
        async with httpx.AsyncClient(
            transport=transport(cafile, routes), base_url=f"https://{HOST}", timeout=5
        ) as client:
            yield provider, client


async def get_code(
    client: httpx.AsyncClient, verifier: str | None = "v" * 50, **changes: str
) -> httpx.Response:
    params = {
        "response_type": "code",
        "client_id": "app",
        "redirect_uri": REDIRECT,
        "scope": "https://mail.google.com/",
        "state": "xyz",
    }
    if verifier is not None:
        params.update(code_challenge=challenge(verifier), code_challenge_method="S256")
    params.update(changes)
    return await client.get("/o/oauth2/auth", params=params)


def query(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 302, response.text
    return {k: v[0] for k, v in parse_qs(urlsplit(response.headers["location"]).query).items()}


async def exchange(client: httpx.AsyncClient, code: str, **changes: str) -> httpx.Response:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "client_id": "app",
        "client_secret": "secret",
        "code_verifier": "v" * 50,
    }
    form.update(changes)
    return await client.post("/o/oauth2/token", data={k: v for k, v in form.items() if v})


# ---- the provider ----------------------------------------------------------------------
def test_code_flow_checks_pkce_and_consumes_the_code(ca: RunCA, cafile: str) -> None:
    async def scenario() -> None:
        async with provider_client(ca, cafile) as (provider, client):
            answer = query(await get_code(client))
            assert answer["state"] == "xyz" and answer["code"]
            wrong = await exchange(client, answer["code"], code_verifier="w" * 50)
            assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
            missing = await exchange(client, answer["code"], code_verifier="")
            assert missing.status_code == 400
            good = await exchange(client, answer["code"])
            assert good.status_code == 200, good.text
            token = good.json()
            assert token["token_type"] == "Bearer" and token["expires_in"] == 3600
            assert token["refresh_token"] and token["scope"] == "https://mail.google.com/"
            again = await exchange(client, answer["code"])
            assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
            assert provider.check_token("alice@example.com", token["access_token"])
            assert not provider.check_token("mallory@example.com", token["access_token"])
            assert not provider.check_token("alice@example.com", "forged")
            kinds = [e.kind for e in provider.events]
            assert kinds[0] == "consent" and "token" in kinds and "refused" in kinds

    run(scenario())


@pytest.mark.parametrize(
    ("verifier", "changes", "error"),
    [
        (None, {}, "invalid_request"),  # PKCE is required, also for confidential clients
        ("v" * 50, {"code_challenge_method": "plain"}, "invalid_request"),
        ("v" * 50, {"response_type": "token"}, "unsupported_response_type"),
    ],
)
def test_authorization_errors_go_back_to_the_client(
    ca: RunCA, cafile: str, verifier: str | None, changes: dict[str, str], error: str
) -> None:
    async def scenario() -> None:
        async with provider_client(ca, cafile) as (_, client):
            answer = query(await get_code(client, verifier, **changes))
            assert answer["error"] == error and answer["state"] == "xyz"

    run(scenario())


@pytest.mark.parametrize(
    "redirect", ["https://client.example/cb", "http://192.0.2.7/cb", "http://evil.example/cb"]
)
def test_non_loopback_redirect_uris_are_refused_without_redirecting(
    ca: RunCA, cafile: str, redirect: str
) -> None:
    async def scenario() -> None:
        async with provider_client(ca, cafile) as (_, client):
            answer = await get_code(client, redirect_uri=redirect)
            assert answer.status_code == 400 and "location" not in answer.headers

    run(scenario())


def test_redirect_uri_must_match_at_the_token_endpoint(ca: RunCA, cafile: str) -> None:
    async def scenario() -> None:
        async with provider_client(ca, cafile) as (_, client):
            code = query(await get_code(client))["code"]
            other = await exchange(client, code, redirect_uri="http://127.0.0.1:9/other")
            assert other.status_code == 400 and other.json()["error"] == "invalid_grant"

    run(scenario())


def test_refresh_rotates_and_secrets_are_pinned(ca: RunCA, cafile: str) -> None:
    async def scenario() -> None:
        async with provider_client(ca, cafile) as (provider, client):
            code = query(await get_code(client))["code"]
            first = (await exchange(client, code)).json()
            form = {"grant_type": "refresh_token", "client_id": "app", "client_secret": "secret"}
            second = await client.post(
                "/token", data={**form, "refresh_token": first["refresh_token"]}
            )
            assert second.status_code == 200, second.text
            renewed = second.json()
            assert renewed["refresh_token"] != first["refresh_token"]
            assert renewed["access_token"] != first["access_token"]
            reused = await client.post(
                "/token", data={**form, "refresh_token": first["refresh_token"]}
            )
            assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
            stolen = await client.post(
                "/token",
                data={**form, "client_secret": "guess", "refresh_token": renewed["refresh_token"]},
            )
            assert stolen.status_code in (400, 401) and stolen.json()["error"] == "invalid_client"
            assert provider.check_token("a@b.c", renewed["access_token"])

    run(scenario())


def test_public_clients_stay_public(ca: RunCA, cafile: str) -> None:
    async def scenario() -> None:
        async with provider_client(ca, cafile) as (_, client):
            code = query(await get_code(client))["code"]
            token = await exchange(client, code, client_secret="")
            assert token.status_code == 200, token.text
            code = query(await get_code(client))["code"]
            late = await exchange(client, code, client_secret="now-a-secret")
            assert late.status_code in (400, 401) and late.json()["error"] == "invalid_client"

    run(scenario())


def test_expired_tokens_are_refused(ca: RunCA, cafile: str) -> None:
    async def scenario() -> None:
        async with provider_client(ca, cafile, expires_in=0) as (provider, client):
            code = query(await get_code(client))["code"]
            token = (await exchange(client, code)).json()
            assert "expires_in" not in token or token["expires_in"] == 0
            assert not provider.check_token("a@b.c", token["access_token"])

    run(scenario())


def test_refresh_if_expired_renews_the_token_in_place(ca: RunCA, cafile: str) -> None:
    """The mail seam: an (almost) expired token is refreshed before XOAUTH2."""
    host = CaptureHost()
    rt = Runtime(host)

    async def scenario() -> None:
        async with SandboxOAuthProvider(ca, expires_in=30) as provider:
            routes = [(HOST, 443, "127.0.0.1", provider.port)]
            host.options.update(oauth_connect_to=routes, cafile=cafile)
            settings = OAuthSettings(
                client_id="app",
                client_secret="secret",
                auth_url=f"https://{HOST}/auth",
                token_url=f"https://{HOST}/token",
                redirect_url="http://localhost:9000/",
            )
            sandbox = Sandbox(host)
            sandbox._cafile = cafile  # its in-process browser, without starting its servers
            flow = FlowOptions(
                connect_to=routes, cafile=cafile, browser=sandbox._browse, any_port=True
            )
            token = AuthTokenObject(await authorize(settings, flow))
            assert token.data.expired()  # 30 s is inside the 60 s leeway
            old = token.data.refresh_token
            assert await token.refresh_if_expired(rt)
            assert token.data.refresh_token != old and token.bearer()
            assert provider.check_token("a@b.c", token.bearer() or "")
            token.data.refresh_token = "revoked"
            # issue 19: a refused refresh is the session's failure (Faux + ErreurInfo), and
            # says that a new interactive login is needed
            with pytest.raises(SMTPFailure) as caught:
                await token.refresh_if_expired(rt)
            assert caught.value.kind == "oauth_refresh"
            detail, note = caught.value.fields["detail"], caught.value.fields["note"]
            assert "invalid_grant" in detail and "identification interactive" in note
            assert host.err.getvalue() == ""

    run(scenario())


# ---- the whole run ---------------------------------------------------------------------
def test_scan_hosts_finds_the_script_hosts() -> None:
    text = SEED.read_text(encoding="utf-8") + (
        's = "192.168.1.20"\nu = "https://[::1]:8443/x"\nv = "1.5"\nw = "un ""mot"" cité"\n'
    )
    assert scan_hosts(text) == [
        "accounts.google.com",
        "mail.google.com",
        "smtp.gmail.com",
        "192.168.1.20",
        "::1",
    ]


def sandboxed(text: str, tmp_path: Path, **kwargs: Any) -> tuple[int, str, str, Sandbox]:
    host = CaptureHost()
    sandbox = Sandbox(host, text, tmp_path / "outbox", **kwargs)
    sandbox.start()
    code = run_source(text, "script.wl", host)
    return code, host.out.getvalue(), host.err.getvalue(), sandbox


def test_seed_example_runs_unchanged_in_the_sandbox(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    code, out, err, sandbox = sandboxed(text, tmp_path)
    assert code == 0, err
    assert out == "" and "Traceback" not in err and "Impossible" not in err
    assert 'sandbox: OAuth consent given to client "ID de l\'application"' in err
    assert "sandbox: SMTP login XOAUTH2 as utilisateur@gmail.com accepted" in err
    assert "https://accounts.google.com/o/oauth2/auth?response_type=code" in err
    assert "sandbox: 0 message(s) accepted" in err
    assert sandbox._cafile is None and not sandbox._running  # stopped, CA file removed


FILLED_EN = """MySession is emailSMTPSession
Google is OAuth2Parameters
Google.ClientID = "my-app"
Google.ClientSecret = "my-secret"
Google.AuthURL = "https://accounts.google.com/o/oauth2/auth"
Google.TokenURL = "https://oauth2.googleapis.com/token"
Google.Scope = "https://mail.google.com/"
Google.RedirectionURL = "http://localhost:9000"
Google.ResponseType = oauth2ResponseTypeCode
MySession.ServerAddress = "smtp.gmail.com"
MySession.Name = "me@gmail.com"
MySession.Port = {port}
MySession.Option = emailOptionSecuredTLS
MySession.AuthToken = AuthIdentify(Google)
IF MySession.AuthToken = Null THEN
	Error("OAuth failed", ErrorInfo())
	RETURN
END
IF NOT EmailStartSession(MySession) THEN
	Error("Cannot open the SMTP session", ErrorInfo())
	RETURN
END
MyEmail is Email
MyEmail.Sender = "me@gmail.com"
Add(MyEmail.Recipient, "you@example.com")
MyEmail.Subject = "OAuth 2.0 test"
MyEmail.Message = "Sent with XOAUTH2."
IF EmailSendMessage(MySession, MyEmail) THEN
	Info("sent")
ELSE
	Error("Send failed", ErrorInfo())
END
EmailCloseSession(MySession)
"""


@pytest.mark.parametrize(("port", "tls"), [(587, "starttls"), (465, "implicit")])
def test_filled_in_example_delivers_one_message(tmp_path: Path, port: int, tls: str) -> None:
    code, out, err, sandbox = sandboxed(FILLED_EN.format(port=port), tmp_path)
    assert code == 0, err
    assert out.strip() == "sent"
    [message] = sandbox.smtp.messages
    assert (message.auth_mechanism, message.login, message.tls) == ("XOAUTH2", "me@gmail.com", tls)
    assert message.sni == "smtp.gmail.com"
    [eml] = (tmp_path / "outbox").glob("*.eml")
    assert b"Subject: OAuth 2.0 test" in eml.read_bytes()
    assert f"saved as {eml}" in err and "sandbox: 1 message(s) accepted" in err
    assert "my-secret" not in err


def test_busy_port_9000_does_not_matter_in_the_sandbox(tmp_path: Path) -> None:
    with socket.socket() as busy:
        try:
            busy.bind(("127.0.0.1", 9000))
            busy.listen()
        except OSError:
            pass  # already taken by something else: same situation
        code, out, err, _ = sandboxed(FILLED_EN.format(port=587), tmp_path)
    assert code == 0, err
    assert out.strip() == "sent"


def test_refresh_in_the_sandbox(tmp_path: Path) -> None:
    text = FILLED_EN.format(port=587).split("MySession.AuthToken")[0] + (
        "t is AuthToken = AuthIdentify(Google)\n"
        "t2 is AuthToken = t.RefreshToken()\n"
        "t3 is AuthToken = AuthRefreshToken(t)\n"
        "Info(t2.Valid, t2.Refresh <> t.Refresh, t3.Valid)\n"
        "Info(ErrorInfo())\n"
    )
    code, out, err, _ = sandboxed(text, tmp_path)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[:3] == ["1", "1", "0"]  # the old refresh token was rotated away
    assert "invalid_grant" in lines[3]
    assert 'sandbox: OAuth token issued to client "my-app" (refresh_token)' in err


def test_password_login_in_the_sandbox(tmp_path: Path) -> None:
    text = (
        "s est un emailSessionSMTP\n"
        's.AdresseServeur = "smtp.exemple.fr"\ns.Port = 465\n'
        "s.Option = emailOptionSécuriséTLS\n"
        's.Nom = "moi@exemple.fr"\ns.MotDePasse = "mot-de-passe"\n'
        "Info(EmailOuvreSession(s))\nEmailFermeSession(s)\n"
    )
    code, out, err, _ = sandboxed(text, tmp_path)
    assert code == 0, err
    assert out.strip() == "1"
    assert "SMTP login with password as moi@exemple.fr accepted" in err
    assert "mot-de-passe" not in err


def test_expired_token_is_refreshed_before_smtp_in_the_sandbox(tmp_path: Path) -> None:
    code, out, err, sandbox = sandboxed(FILLED_EN.format(port=587), tmp_path, token_lifetime=30)
    assert code == 0, err
    assert out.strip() == "sent"
    assert "(refresh_token)" in err
    assert [e.detail for e in sandbox.provider.events if e.kind == "token"] == [
        "authorization_code",
        "refresh_token",
    ]


def test_the_scripts_token_follows_the_sessions_refresh(tmp_path: Path) -> None:
    """Issue 19: the session refreshes *its copy* of the token (``given = tok`` copies a
    token, as WLangage copies values); the provider rotates the refresh token (the old one is
    revoked). The script's variable and what Sérialise saves must be the new one, or the next
    run could never refresh again."""
    text = (
        "p is OAuth2Parameters\n"
        'p.ClientID = "app"\np.AuthURL = "https://login.microsoftonline.com/common/oauth2/v2.0/'
        'authorize"\np.TokenURL = "https://login.microsoftonline.com/common/oauth2/v2.0/token"\n'
        'p.RedirectionURL = "http://localhost:9000"\n'
        "tok is AuthToken = AuthIdentify(p)\n"
        "first is string = tok.Refresh\n"
        "s is emailSMTPSession\n"
        's.ServerAddress = "smtp.office365.com"\ns.Port = 587\n'
        's.Option = emailOptionSecuredTLS\ns.Name = "me@contoso.com"\n'
        "given is AuthToken = tok\n"
        "s.AuthToken = given\n"
        "Info(EmailStartSession(s))\n"
        "Info(tok.Refresh <> first, tok.Refresh = s.AuthToken.Refresh, tok.Value = "
        "s.AuthToken.Value)\n"
        "buf is Buffer\nSerialize(tok, buf, psdJSON)\n"
        "again is AuthToken\nDeserialize(again, buf, psdJSON)\n"
        "Info(again.Refresh = s.AuthToken.Refresh)\n"
        "copy is AuthToken = AuthRefreshToken(again)\n"  # the saved refresh token is live
        "Info(copy.Valid, ErrorInfo())\n"
        "EmailCloseSession(s)\n"
    )
    code, out, err, sandbox = sandboxed(text, tmp_path, token_lifetime=30)
    assert code == 0, err
    assert out.splitlines() == ["1", "1", "1", "1", "1", "1", ""]
    assert [e.detail for e in sandbox.provider.events if e.kind == "token"] == [
        "authorization_code",
        "refresh_token",
        "refresh_token",
    ]
    assert "refused" not in err


def _cli_has_sandbox() -> bool:
    import wlmail.cli as cli

    return "--sandbox" in inspect.getsource(cli)


@pytest.mark.skipif(not _cli_has_sandbox(), reason="wlmail/cli.py has no --sandbox option yet")
def test_command_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wlmail", "run", "--sandbox", "--outbox", "sent", str(SEED)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "SMTP login XOAUTH2 as utilisateur@gmail.com accepted" in result.stderr
    assert (tmp_path / "sent").is_dir()
