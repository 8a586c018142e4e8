"""A refused password that means "use OAuth" or "use an app password" (issue 19, item 2).

Against an aiosmtpd server that, like Exchange Online with basic authentication off, refuses
AUTH PLAIN/LOGIN (``535 5.7.139 …`` by default, other providers' replies set per test) and
accepts XOAUTH2: ``ErreurInfo`` keeps the server's text and adds one line, in the script's
language, saying what to do; the same session with an ``AuthToken`` gets in.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from mail_support import run_wl
from smtp_refusing import MICROSOFT_REFUSAL, RefusingSMTP

from wlmail.catalog import get_catalog
from wlmail.mail.hints import refusal_hint

TOKEN = "eyJ.good.token"
GMAIL_BAD = (
    "535-5.7.8 Username and Password not accepted. For more information, go to\n"
    "535 5.7.8  https://support.google.com/mail/?p=BadCredentials a1-20020a05 - gsmtp"
)


@pytest.fixture(scope="module")
def office365(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RefusingSMTP]:
    server = RefusingSMTP(
        ["smtp.office365.com"], check_token=lambda user, token: token == TOKEN
    ).start(tmp_path_factory.mktemp("o365"))
    yield server
    server.stop()


def script(lang: str, login: str) -> str:
    if lang == "fr":
        return (
            "s est un emailSessionSMTP\n"
            's.AdresseServeur = "smtp.office365.com"\ns.Port = 587\n'
            "s.Option = emailOptionSécuriséTLS\n"
            's.Nom = "alice@contoso.onmicrosoft.com"\n'
            f"{login}\n"
            'SI EmailOuvreSession(s) ALORS\n\tInfo("ouverte")\n\tEmailFermeSession(s)\n'
            "SINON\n\tInfo(ErreurInfo())\nFIN\n"
        )
    return (
        "s is emailSMTPSession\n"
        's.ServerAddress = "smtp.office365.com"\ns.Port = 587\n'
        "s.Option = emailOptionSecuredTLS\n"
        's.Name = "alice@contoso.onmicrosoft.com"\n'
        f"{login}\n"
        'IF EmailStartSession(s) THEN\n\tInfo("open")\n\tEmailCloseSession(s)\n'
        "ELSE\n\tInfo(ErrorInfo())\nEND\n"
    )


def run(server: RefusingSMTP, text: str) -> tuple[int, list[str], str]:
    routes = [("smtp.office365.com", 587, "127.0.0.1", server.port)]
    result = run_wl(text, connect_to=routes, cafile=server.cafile)
    return result.code, result.lines, result.err


def hint(lang: str, name: str) -> str:
    return str(get_catalog().messages[f"mail_refusal_{name}"][lang])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_microsoft_password_refusal_says_to_use_oauth(office365: RefusingSMTP, lang: str) -> None:
    office365.reset()
    password = 's.MotDePasse = "hunter2"' if lang == "fr" else 's.Password = "hunter2"'
    code, lines, err = run(office365, script(lang, password))
    assert (code, err) == (0, "")
    assert len(lines) == 2, lines
    assert lines[0].endswith(MICROSOFT_REFUSAL)  # the server's text, kept
    assert "smtp.office365.com" in lines[0]
    assert lines[1] == hint(lang, "oauth")
    assert ("AuthIdentifie" if lang == "fr" else "AuthIdentify") in lines[1]
    assert [(x.mechanism, x.accepted) for x in office365.logins] == [("PLAIN", False)]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_same_session_with_a_token_gets_in(office365: RefusingSMTP, lang: str) -> None:
    office365.reset()
    if lang == "fr":
        login = (
            f's.MotDePasse = "hunter2"\nt est un AuthToken\nt.Valeur = "{TOKEN}"\ns.AuthToken = t'
        )
    else:
        login = f's.Password = "hunter2"\nt is AuthToken\nt.Value = "{TOKEN}"\ns.AuthToken = t'
    code, lines, err = run(office365, script(lang, login))
    assert (code, lines, err) == (0, ["ouverte" if lang == "fr" else "open"], "")
    assert [(x.mechanism, x.user, x.accepted) for x in office365.logins] == [
        ("XOAUTH2", "alice@contoso.onmicrosoft.com", True)
    ]


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("550 5.7.30 Basic authentication is not supported for Client Submission", "oauth"),
        (
            "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled "
            "for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.",
            "oauth",
        ),
        (
            "534-5.7.9 Application-specific password required. For more information, go to\n"
            "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor - gsmtp",
            "app_password",
        ),
        (
            "534 5.7.14 <https://accounts.google.com/signin> Please log in via your web browser",
            "app_password",
        ),
        (GMAIL_BAD, "app_password"),
    ],
)
def test_other_refusals_over_smtp(office365: RefusingSMTP, reply: str, expected: str) -> None:
    office365.reset(refusal=reply)
    code, lines, err = run(office365, script("en", 's.Password = "hunter2"'))
    assert (code, err) == (0, "")
    assert lines[-1] == hint("en", expected)
    last_server_line = reply.splitlines()[-1].split(" ", 1)[1]
    assert last_server_line.split()[0] in "\n".join(lines[:-1])  # the enhanced code is kept


@pytest.mark.parametrize(
    "reply",
    [
        "535 5.7.8 Authentication credentials invalid",  # a wrong password elsewhere: no hint
        "535 5.7.3 Authentication unsuccessful",
        "454 4.7.0 Temporary authentication failure",
        "",
    ],
)
def test_plain_wrong_passwords_get_no_hint(reply: str) -> None:
    assert refusal_hint(reply) == ""


def test_hint_needs_the_enhanced_code_not_a_lookalike() -> None:
    assert refusal_hint("535 15.7.1390 nonsense") == ""
    assert refusal_hint("535 5.7.139 x") == "oauth"
    assert refusal_hint(GMAIL_BAD) == "app_password"


def test_wrong_password_elsewhere_shows_only_the_server_text(
    office365: RefusingSMTP, tmp_path: Path
) -> None:
    office365.reset(refusal="535 5.7.8 Authentication credentials invalid")
    code, lines, err = run(office365, script("fr", 's.MotDePasse = "faux"'))
    assert (code, err) == (0, "")
    assert len(lines) == 1 and lines[0].endswith("535 5.7.8 Authentication credentials invalid")
