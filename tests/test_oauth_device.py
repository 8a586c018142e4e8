"""The device authorization grant (RFC 8628, wlmail's ``URLCodeAppareil`` extension) and the
Microsoft 365 samples, against the sandbox provider (authlib's server-side device grant).

The provider answers the polls as its :class:`DevicePolicy` says (``authorization_pending``,
``slow_down``…) with a small interval, so nothing sleeps for real intervals; it records when
each poll came, which shows that the interval and the ``slow_down`` rule are honoured.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from wlmail.catalog import get_catalog
from wlmail.runtime.driver import run_source
from wlmail.runtime.host import CaptureHost
from wlmail.sandbox.oauth_device import EARLY, DevicePolicy
from wlmail.sandbox.run import Sandbox

ROOT = Path(__file__).resolve().parent.parent
DEVICE_URL = "https://login.microsoftonline.com/organizations/oauth2/v2.0/devicecode"
TOKEN_URL = "https://login.microsoftonline.com/organizations/oauth2/v2.0/token"
STEP = 0.1  # the slow_down increment for these tests (RFC 8628: 5 s)


def device_script(lang: str = "fr") -> str:
    if lang == "fr":
        return (
            "p est un OAuth2Paramètres\n"
            'p.ClientID = "app-device"\n'
            f'p.URLToken = "{TOKEN_URL}"\n'
            f'p.URLCodeAppareil = "{DEVICE_URL}"\n'
            'p.Scope = "https://outlook.office.com/SMTP.Send offline_access"\n'
            "t est un AuthToken = AuthIdentifie(p)\n"
            'Info(t.Valide, ErreurInfo(), t.Actualisation <> "")\n'
        )
    return (
        "p is OAuth2Parameters\n"
        'p.ClientID = "app-device"\n'
        f'p.TokenURL = "{TOKEN_URL}"\n'
        f'p.DeviceCodeURL = "{DEVICE_URL}"\n'
        'p.Scope = "https://outlook.office.com/SMTP.Send offline_access"\n'
        "t is AuthToken = AuthIdentify(p)\n"
        'Info(t.Valid, ErrorInfo(), t.Refresh <> "")\n'
    )


def sandboxed(
    text: str, tmp: Path, policy: DevicePolicy, **options: Any
) -> tuple[int, str, str, Sandbox]:
    host = CaptureHost()
    host.options.update(oauth_slow_down=STEP, **options)
    sandbox = Sandbox(host, text, tmp / "outbox", device=policy)
    sandbox.start()
    code = run_source(text, "device.wl", host)
    return code, host.out.getvalue(), host.err.getvalue(), sandbox


def message(msg_id: str, lang: str, **fields: Any) -> str:
    return str(get_catalog().messages[msg_id][lang]).format(**fields)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_device_flow_with_pending_and_slow_down(tmp_path: Path, lang: str) -> None:
    policy = DevicePolicy(
        interval=0.05, answers=("authorization_pending", "slow_down", "authorization_pending")
    )
    started = time.monotonic()
    code, out, err, sandbox = sandboxed(device_script(lang), tmp_path, policy)
    assert time.monotonic() - started < 10
    assert (code, out) == (0, "1\n\n1\n"), err
    answers = [answer for _, _, answer in policy.polls]
    assert answers == ["authorization_pending", "slow_down", "authorization_pending", "approve"]
    times = [when for when, _, _ in policy.polls]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert gaps[0] >= 0.05 - EARLY  # the interval is honoured
    assert all(gap >= 0.05 + STEP - EARLY for gap in gaps[1:])  # slow_down: for good
    [device] = [e for e in sandbox.provider.events if e.kind == "device"]
    assert device.client_id == "app-device"
    shown = [line for line in err.splitlines() if "login.microsoftonline.com/device" in line]
    assert len(shown) == 1
    code_shown = re.findall(r"\b[A-Z]{4}-[A-Z]{4}\b", shown[0])[0]  # like BCDF-GHJK
    assert err.splitlines() == [
        err.splitlines()[0],  # the sandbox's banner
        'sandbox: OAuth device code issued to client "app-device"; the sandbox user approves it',
        message(
            "oauth_device_code",
            lang,
            url="https://login.microsoftonline.com/device",
            code=code_shown,
            seconds="20",
        ),
        'sandbox: OAuth device login of client "app-device": authorization_pending',
        'sandbox: OAuth device login of client "app-device": slow_down',
        'sandbox: OAuth device login of client "app-device": authorization_pending',
        'sandbox: OAuth token issued to client "app-device" '
        "(urn:ietf:params:oauth:grant-type:device_code)",
        "sandbox: 0 message(s) accepted",
    ]


def test_device_flow_refused_by_the_user(tmp_path: Path) -> None:
    policy = DevicePolicy(interval=0.01, answers=("authorization_pending", "access_denied"))
    code, out, err, _ = sandboxed(device_script("en"), tmp_path, policy)
    assert code == 0, err
    valid, info, refresh = out.splitlines()
    assert (valid, refresh) == ("0", "0")
    why = " (The resource owner or authorization server denied the request)"
    assert info == message("oauth_denied", "en", error="access_denied", description=why)


def test_device_code_that_expires(tmp_path: Path) -> None:
    policy = DevicePolicy(interval=0.05, expires_in=1, answers=("authorization_pending",) * 100)
    started = time.monotonic()
    code, out, err, _ = sandboxed(device_script("fr"), tmp_path, policy)
    assert time.monotonic() - started < 5
    assert code == 0, err
    assert out.splitlines() == ["0", message("oauth_device_expired", "fr", seconds="1"), "0"]


def test_device_flow_without_a_terminal_fails_at_once() -> None:
    """No sandbox, no terminal: nobody will ever read the code, so nothing is even asked."""
    host = CaptureHost()
    started = time.monotonic()
    code = run_source(device_script("en"), "device.wl", host)
    assert time.monotonic() - started < 2
    assert (code, host.err.getvalue()) == (0, "")
    assert host.out.getvalue().splitlines() == ["0", message("oauth_nobody", "en"), "0"]


def test_device_url_must_be_https() -> None:
    host = CaptureHost()
    text = device_script("en").replace(DEVICE_URL, "http://login.example/devicecode")
    code = run_source(text, "device.wl", host)
    assert (code, host.err.getvalue()) == (0, "")
    lines = host.out.getvalue().splitlines()
    assert lines[0] == "0" and "DeviceCodeURL" in lines[1] and "https" in lines[1]


@pytest.mark.parametrize(
    "tenant",
    ["common", "organizations", "contoso.onmicrosoft.com", "8eaef023-2b34-4da1-9baa-8bc8c9d6a490"],
)
def test_microsoft_authorities_for_every_kind_of_tenant(tmp_path: Path, tenant: str) -> None:
    """The authorization code flow with any tenant segment (the sandbox routes the host)."""
    base = f"https://login.microsoftonline.com/{tenant}/oauth2/v2.0"
    text = (
        "p is OAuth2Parameters\n"
        'p.ClientID = "app"\n'
        f'p.AuthURL = "{base}/authorize"\np.TokenURL = "{base}/token"\n'
        'p.Scope = "https://outlook.office.com/SMTP.Send offline_access"\n'
        'p.RedirectionURL = "http://localhost:9000"\n'
        "t is AuthToken = AuthIdentify(p)\n"
        'Info(t.Valid, t.Refresh <> "", t.Scope)\n'
    )
    code, out, err, _ = sandboxed(text, tmp_path, DevicePolicy())
    assert (code, out) == (0, "1\n1\nhttps://outlook.office.com/SMTP.Send offline_access\n"), err
    assert f"{base}/authorize?response_type=code&client_id=app&" in err


# ---- the Microsoft 365 samples in the sandbox -----------------------------------------------
@pytest.mark.parametrize(("name", "sent"), [("fr", "envoyé"), ("en", "sent")])
def test_microsoft365_sample_runs_in_the_sandbox_twice(
    tmp_path: Path, name: str, sent: str
) -> None:
    """``wlmail run --sandbox``: the first run logs in and saves the token; the second starts
    from the saved token, which a new sandbox does not know: the sample logs in again."""
    sample = ROOT / "samples" / f"oauth-microsoft365-{name}.wl"
    command = [sys.executable, "-m", "wlmail", "run", "--sandbox", str(sample)]
    first = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert (first.returncode, first.stdout) == (0, sent + "\n"), first.stderr
    assert "login.microsoftonline.com/organizations/oauth2/v2.0/authorize?" in first.stderr
    assert "sandbox: SMTP login XOAUTH2 as " in first.stderr
    assert "sandbox: 1 message(s) accepted, written to outbox" in first.stderr
    assert "Traceback" not in first.stderr and "Exception" not in first.stderr
    assert (tmp_path / "token-microsoft365.bin").stat().st_mode & 0o077 == 0
    second = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert (second.returncode, second.stdout) == (0, sent + "\n"), second.stderr
    assert "refused (unknown or expired token)" in second.stderr
    assert second.stderr.count("OAuth token issued") == 1
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2
