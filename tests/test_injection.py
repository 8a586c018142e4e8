"""Injection and trust (issue 8, SECURITY.md §5).

* CR, LF or NUL in any header, address, user name, password, server name or AUTH argument is
  refused before anything is sent: for a session, before connecting; for a message, before
  MAIL FROM (the server sees the EHLO of the open session and nothing else).
* Certificates are always verified (implicit TLS and STARTTLS, typed and legacy functions, expired,
  self-signed, unknown CA, wrong name); ``IgnoreErreur`` is the only way around and says so on
  stderr every time.
* The OAuth redirect listener answers only on loopback, only on its path, only with the right
  ``state``, once; everything else (favicon, other paths, other methods, garbage, oversized
  requests, silent clients) is ignored without crashing and without ending the wait.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from mail_support import Result, ServerThread, run_wl
from test_faults_more import FaultSMTP

from wlmail.oauth.errors import OAuthFailure
from wlmail.oauth.listener import CallbackListener, parse_redirect
from wlmail.sandbox.certs import RunCA
from wlmail.sandbox.smtp_server import SandboxSMTP

SERVER = "smtp.exemple.test"
#: every line separator of ``str.splitlines()`` (the ``email`` package folds at each: the class of
#: CPython's CVE-2024-6923), NUL, and samples of the other C0/C1 controls and DEL
SEPARATORS = {
    "CR": 13, "LF": 10, "VT": 11, "FF": 12, "FS": 28, "GS": 29, "RS": 30, "NEL": 133,
    "LS": 8232, "PS": 8233, "NUL": 0, "SOH": 1, "ESC": 27, "DEL": 127, "CSI": 155,
}  # fmt: skip
FORBIDDEN = {"CRLF": "RC", **{name: f"Caract({code})" for name, code in SEPARATORS.items()}}
#: the first character of each FORBIDDEN value, as the refusal names it
CODE = {"CRLF": "U+000D", **{name: f"U+{code:04X}" for name, code in SEPARATORS.items()}}
REFUSED = (
    "saut de ligne ou caractère de contrôle ({char}) interdit dans {field} : rien n'a été envoyé"
)


@pytest.fixture(scope="module")
def thread() -> Iterator[ServerThread]:
    th = ServerThread()
    yield th
    th.stop()


@pytest.fixture
def sink(thread: ServerThread) -> Iterator[FaultSMTP]:
    srv = thread.call(FaultSMTP(starttls=False, auth=True).start())
    yield srv
    thread.call(srv.stop())


def run(srv: FaultSMTP, source: str, **options: Any) -> Result:
    options.setdefault("connect_to", [(SERVER, 0, "127.0.0.1", srv.port)])
    return run_wl(source, **options)


# ---- message fields -----------------------------------------------------------------------------
EMAIL_FIELDS = {
    "m.Expéditeur": ("alice@exemple.fr", "Expéditeur"),
    "m.AdresseExpéditeur": ("alice@exemple.fr", "Expéditeur"),  # alone: it is the sender
    "m.Destinataire": ("bob@exemple.fr", "Destinataire[1]"),
    "m.Cc": ("carole@exemple.fr", "Cc[1]"),
    "m.Cci": ("dan@exemple.fr", "Cci[1]"),
    "m.Sujet": ("Bonjour", "Sujet"),
    "m.RépondreA": ("eve@exemple.fr", "RépondreA"),
    "m.MessageID": ("<1@exemple.fr>", "MessageID"),
    "m.Catégorie": ("compta", "Catégorie[1]"),
    "m.Attache[1].Nom": ("a.txt", "Attache[1].Nom"),
    "m.Attache[1].ContentType": ("text/plain", "Attache[1].ContentType"),
    "m.Attache[1].ContentDescription": ("pièce", "Attache[1].ContentDescription"),
    "m.Attache[1].Identifiant": ("logo", "Attache[1].Identifiant"),
}


@pytest.mark.parametrize("char", list(FORBIDDEN))
@pytest.mark.parametrize("target", list(EMAIL_FIELDS))
def test_every_email_field(sink: FaultSMTP, target: str, char: str) -> None:
    good, field = EMAIL_FIELDS[target]
    sender = "" if target == "m.AdresseExpéditeur" else 'm.Expéditeur = "alice@exemple.fr"'
    result = run(
        sink,
        f"""
        EmailOuvreSessionSMTP("alice", "smtp.exemple.test")
        m est un Email
        {sender}
        m.Destinataire = "bob@exemple.fr"
        m.Attache[1].Nom = "a.txt"
        m.Attache[1].Contenu = "abc"
        {target} = "{good}" + {FORBIDDEN[char]} + "Bcc: victime@exemple.fr"
        SI EmailEnvoieMessage("alice", m) ALORS Info("envoyé") SINON Info(ErreurInfo())
        SI EmailConstruitSource(m) ALORS Info("construit") SINON Info(ErreurInfo())
        """,
    )
    assert result.lines == [REFUSED.format(field=field, char=CODE[char])] * 2, result.lines
    assert "MAIL" not in sink.verbs() and sink.messages == []


STRUCTURE_FIELDS = {
    "Email.Expéditeur": "Expéditeur",
    "Email.Destinataire[2]": "Destinataire[2]",
    "Email.Cc[1]": "Cc[1]",
    "Email.Cci[1]": "Cci[1]",
    "Email.Sujet": "Sujet",
    "Email.RépondreA": "RépondreA",
    "Email.ID": "ID",
    "Email.IdentifiantAttache[1]": "Attache[1].Identifiant",
}


@pytest.mark.parametrize("char", ["CRLF", "NUL", "VT", "NEL", "LS"])
@pytest.mark.parametrize("target", list(STRUCTURE_FIELDS))
def test_every_field_of_the_legacy_structure(
    sink: FaultSMTP, tmp_path: Path, target: str, char: str
) -> None:
    attachment = tmp_path / "pj.txt"
    attachment.write_text("abc")
    result = run(
        sink,
        f"""
        EmailOuvreSessionSMTP("alice", "smtp.exemple.test")
        Email.Expéditeur = "alice@exemple.fr"
        Email.Destinataire = "bob@exemple.fr"
        Email.Attache[1] = "{attachment}"
        {target} = "x@exemple.fr" + {FORBIDDEN[char]} + "RCPT TO:<victime@exemple.fr>"
        SI EmailEnvoieMessage("alice") ALORS Info("envoyé") SINON Info(ErreurInfo())
        """,
    )
    assert result.lines == [REFUSED.format(field=STRUCTURE_FIELDS[target], char=CODE[char])], (
        result.lines
    )
    assert "MAIL" not in sink.verbs() and sink.messages == []


def test_attachment_name_given_to_email_load_attachment(sink: FaultSMTP, tmp_path: Path) -> None:
    attachment = tmp_path / "pj.txt"
    attachment.write_text("abc")
    result = run(
        sink,
        f"""
        m est un Email
        SI EmailChargeFichierAttaché(m, "{attachment}", "n" + RC + "Bcc: x@y.fr") ALORS
            Info("chargé")
        SINON
            Info(ErreurDétectée, m.Attache..Occurrence)
        FIN
        """,
    )
    assert result.lines == ["1", "0"], result.lines


# ---- session settings and AUTH arguments --------------------------------------------------------
SESSION_FIELDS = {
    "AdresseServeur": ("smtp.exemple.test", "l'adresse du serveur"),
    "Nom": ("alice@exemple.fr", "le nom d'utilisateur"),
    "MotDePasse": ("mdp", "le mot de passe"),
}


@pytest.mark.parametrize("char", list(FORBIDDEN))
@pytest.mark.parametrize("prop", list(SESSION_FIELDS))
def test_every_session_setting_is_checked_before_connecting(
    sink: FaultSMTP, prop: str, char: str
) -> None:
    values = {"AdresseServeur": '"smtp.exemple.test"', "Nom": '"alice"', "MotDePasse": '"mdp"'}
    good, field = SESSION_FIELDS[prop]
    values[prop] = f'"{good[:3]}" + {FORBIDDEN[char]} + "{good[3:]}"'
    lines = "\n".join(f"s.{k} = {v}" for k, v in values.items())
    result = run(
        sink,
        f"""
s est un emailSessionSMTP
{lines}
SI EmailOuvreSession(s) ALORS Info("ouverte") SINON Info(ErreurInfo())
""",
    )
    assert result.lines == [REFUSED.format(field=field, char=CODE[char])], result.lines
    assert sink.connections == 0


LEGACY_CALLS = {
    "smtp-user": ('EmailOuvreSessionSMTP("al" + RC + "ice", "mdp", "smtp.exemple.test")', "user"),
    "smtp-password": (
        'EmailOuvreSessionSMTP("a", "m" + Caract(0) + "p", "smtp.exemple.test")',
        "pw",
    ),
    "smtp-server": ('EmailOuvreSessionSMTP("a", "mdp", "smtp" + RC + ".exemple.test")', "server"),
    "session-user": (
        'EmailOuvreSession("a" + Caract(10) + "b", "mdp", "", "smtp.exemple.test")',
        "user",
    ),
    "session-password": (
        'EmailOuvreSession("a", "m" + Caract(13) + "p", "", "smtp.exemple.test")',
        "pw",
    ),
}
LEGACY_FIELDS = {
    "user": "le nom d'utilisateur",
    "pw": "le mot de passe",
    "server": "l'adresse du serveur",
}


@pytest.mark.parametrize("name", list(LEGACY_CALLS))
def test_legacy_session_functions(sink: FaultSMTP, name: str) -> None:
    call, field = LEGACY_CALLS[name]
    char = "U+0000" if "Caract(0)" in call else "U+000A" if "Caract(10)" in call else "U+000D"
    result = run(sink, f'SI {call} ALORS Info("ouverte") SINON Info(ErreurInfo())\n')
    assert result.lines == [REFUSED.format(field=LEGACY_FIELDS[field], char=char)], result.lines
    assert sink.connections == 0


@pytest.mark.parametrize("char", ["CRLF", "NUL"])
def test_auth_token_is_an_auth_argument_too(sink: FaultSMTP, char: str) -> None:
    result = run(
        sink,
        f"""
        s est un emailSessionSMTP
        s.AdresseServeur = "smtp.exemple.test"
        s.Nom = "alice@gmail.com"
        s.AuthToken = "ya29.abc" + {FORBIDDEN[char]} + "MAIL FROM:<x@y.fr>"
        SI EmailOuvreSession(s) ALORS Info("ouverte") SINON Info(ErreurInfo())
        """,
    )
    assert result.lines[0] != "ouverte" and sink.connections == 0, (result.lines, sink.verbs())


@pytest.mark.parametrize("where", ["user", "token"])
def test_xoauth2_separator_in_user_or_token_is_refused(sink: FaultSMTP, where: str) -> None:
    user = '"alice" + Caract(1) + "auth=Bearer volé"' if where == "user" else '"alice"'
    token = '"ya29" + Caract(1) + "x"' if where == "token" else '"ya29.abc"'
    result = run(
        sink,
        f"""
        s est un emailSessionSMTP
        s.AdresseServeur = "smtp.exemple.test"
        s.Nom = {user}
        s.AuthToken = {token}
        SI EmailOuvreSession(s) ALORS Info("ouverte") SINON Info(ErreurInfo())
        """,
    )
    assert result.lines[0] != "ouverte" and "AUTH" not in sink.verbs(), result.lines


@pytest.mark.parametrize("char", ["SOH", "CRLF", "NUL"])
def test_auth_token_object_value_is_checked_too(sink: FaultSMTP, char: str) -> None:
    code = {"SOH": "Caract(1)", "CRLF": "RC", "NUL": "Caract(0)"}[char]
    result = run(
        sink,
        f"""
        tok est un AuthToken
        tok.Valeur = "ya29" + {code} + "auth=Bearer volé"
        s est un emailSessionSMTP
        s.AdresseServeur = "smtp.exemple.test"
        s.Nom = "alice@gmail.com"
        s.AuthToken = tok
        SI EmailOuvreSession(s) ALORS Info("ouverte") SINON Info(ErreurInfo())
        """,
    )
    assert result.lines[0] != "ouverte" and sink.connections == 0, (result.lines, sink.verbs())


@pytest.mark.parametrize(
    "call",
    [
        'fChargeTexte("pj" + Caract(0) + ".txt")',
        'fSauveTexte("pj" + Caract(0) + ".txt", "x")',
        'EmailChargeFichierAttaché(m, "pj" + Caract(0) + ".txt")',
    ],
    ids=["fChargeTexte", "fSauveTexte", "EmailChargeFichierAttaché"],
)
def test_nul_in_a_file_path_is_a_failure_not_a_crash(call: str) -> None:
    result = run_wl(f"m est un Email\nx est un variant = {call}\nInfo(ErreurDétectée)\n")
    assert result.code == 0 and result.lines == ["1"], result.err


@pytest.mark.parametrize("call", ["fFichierExiste", "fRépertoireExiste"])
def test_nul_in_an_existence_test_is_false(call: str) -> None:
    result = run_wl(f'Info({call}("." + Caract(0) + "x"))\n')
    assert (result.code, result.lines, result.err) == (0, ["0"], ""), result.err


# ---- certificates -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tls(thread: ServerThread, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A trusted server, one with a certificate from an unknown CA, one self-signed (its own CA
    issued it and nobody trusts that CA), and one whose certificate has expired."""
    tmp = tmp_path_factory.mktemp("tls")
    trusted = RunCA([SERVER])
    cafile = str(trusted.write_ca_pem(tmp / "ca.pem"))
    servers = {
        "good": SandboxSMTP(trusted, hostname="good.test"),
        "stranger": SandboxSMTP(RunCA([SERVER]), hostname="stranger.test"),
    }
    for srv in servers.values():
        thread.call(srv.start())
    expired = _ExpiredTLS(tmp)
    thread.call(expired.start())
    yield {"cafile": cafile, "expired": expired, **servers}
    thread.call(expired.stop())
    for srv in servers.values():
        thread.call(srv.stop())


class _ExpiredTLS:
    """Implicit TLS with a certificate, from a trusted CA, that expired yesterday."""

    def __init__(self, tmp: Path) -> None:
        self.ca = trustme.CA()
        yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
        leaf = self.ca.issue_cert(SERVER, not_after=yesterday)
        self.ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        leaf.configure_cert(self.ctx)
        self.cafile = str(tmp / "expired-ca.pem")
        self.ca.cert_pem.write_to_path(self.cafile)
        self.server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> None:
        async def greet(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            writer.write(b"220 expired.test ESMTP\r\n")
            writer.close()

        self.server = await asyncio.start_server(greet, "127.0.0.1", 0, ssl=self.ctx)
        self.port = self.server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()


OPEN_TYPED = """
s est un emailSessionSMTP
s.AdresseServeur = "smtp.exemple.test"
s.Port = {port}
s.Option = {option}
SI EmailOuvreSession(s) ALORS Info("ouverte") SINON Info(ErreurInfo())
"""
OPEN_LEGACY = (
    'SI EmailOuvreSessionSMTP("alice", "", "smtp.exemple.test", {port}, Faux, {option}) ALORS\n'
    '    Info("ouverte")\nSINON\n    Info(ErreurInfo())\nFIN\n'
)


@pytest.mark.parametrize("api", ["typed", "legacy"])
@pytest.mark.parametrize("option", ["emailOptionSécuriséTLS", "emailProtocoleSMTPS"])
@pytest.mark.parametrize("port", [465, 587])
def test_certificate_from_an_unknown_authority_is_refused(
    tls: dict[str, Any], api: str, option: str, port: int
) -> None:
    stranger: SandboxSMTP = tls["stranger"]
    listener = stranger.implicit_port if port == 465 else stranger.starttls_port
    template = OPEN_TYPED if api == "typed" else OPEN_LEGACY
    result = run_wl(
        template.format(port=port, option=option),
        connect_to=[(SERVER, port, "127.0.0.1", listener)],
        cafile=tls["cafile"],
    )
    assert result.lines == [
        f"certificat du serveur SMTP {SERVER} refusé : unable to get local issuer certificate"
    ], result.lines
    assert stranger.messages == []


def test_the_same_server_is_accepted_with_its_authority(tls: dict[str, Any]) -> None:
    """The control experiment: the refusals above are about trust, not about the setup."""
    good: SandboxSMTP = tls["good"]
    result = run_wl(
        OPEN_TYPED.format(port=465, option="emailOptionSécuriséTLS"),
        connect_to=[(SERVER, 465, "127.0.0.1", good.implicit_port)],
        cafile=tls["cafile"],
    )
    assert result.lines == ["ouverte"] and result.err == ""


def test_expired_certificate_is_refused(tls: dict[str, Any]) -> None:
    expired: _ExpiredTLS = tls["expired"]
    result = run_wl(
        OPEN_TYPED.format(port=465, option="emailOptionSécuriséTLS"),
        connect_to=[(SERVER, 465, "127.0.0.1", expired.port)],
        cafile=expired.cafile,
    )
    assert result.lines == [
        f"certificat du serveur SMTP {SERVER} refusé : certificate has expired"
    ], result.lines


def test_without_cafile_the_test_authority_is_not_trusted(tls: dict[str, Any]) -> None:
    """Without --cafile the run's CA is unknown: nothing is trusted by default."""
    good: SandboxSMTP = tls["good"]
    result = run_wl(
        OPEN_TYPED.format(port=465, option="emailOptionSécuriséTLS"),
        connect_to=[(SERVER, 465, "127.0.0.1", good.implicit_port)],
    )
    assert result.lines[0].startswith(f"certificat du serveur SMTP {SERVER} refusé"), result.lines


@pytest.mark.parametrize(
    ("value", "opens"),
    [("Vrai", True), ("1", True), ("emailIgnoreNomCertificatInvalide", False)],
)
def test_ignore_error_is_the_only_way_around_and_says_so(
    tls: dict[str, Any], value: str, opens: bool
) -> None:
    stranger: SandboxSMTP = tls["stranger"]
    result = run_wl(
        OPEN_TYPED.replace("SI Email", f"s.IgnoreErreur = {value}\nSI Email").format(
            port=465, option="emailOptionSécuriséTLS"
        ),
        connect_to=[(SERVER, 465, "127.0.0.1", stranger.implicit_port)],
        cafile=tls["cafile"],
    )
    assert (result.lines == ["ouverte"]) is opens, result.lines
    warning = [line for line in result.err.splitlines() if SERVER in line]
    assert len(warning) == 1, result.err  # said on stderr, every time it is used


@pytest.mark.parametrize("value", ["Faux", "0"])
def test_ignore_error_off_is_silent_and_verifies(tls: dict[str, Any], value: str) -> None:
    stranger: SandboxSMTP = tls["stranger"]
    result = run_wl(
        OPEN_TYPED.replace("SI Email", f"s.IgnoreErreur = {value}\nSI Email").format(
            port=465, option="emailOptionSécuriséTLS"
        ),
        connect_to=[(SERVER, 465, "127.0.0.1", stranger.implicit_port)],
        cafile=tls["cafile"],
    )
    assert result.lines[0].startswith("certificat du serveur SMTP") and result.err == ""


# ---- the OAuth redirect listener ----------------------------------------------------------------
def _request(port: int, raw: bytes, host: str = "127.0.0.1") -> Any:
    async def go() -> bytes:
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(raw)
        await writer.drain()
        try:
            return await asyncio.wait_for(reader.read(), 5)
        finally:
            writer.close()

    return go()


def _status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else 0


async def _exercise(url: str, state: str) -> tuple[list[int], Any, list[str], list[str]]:
    listener = CallbackListener(parse_redirect(url), state)
    await listener.start()
    addresses = [s.getsockname()[0] for srv in listener._servers for s in srv.sockets]
    port = listener.port
    statuses = []
    _silent_reader, silent_writer = await asyncio.open_connection("127.0.0.1", port)  # says nothing
    bad = [
        b"GET /favicon.ico HTTP/1.1\r\nHost: x\r\n\r\n",
        f"GET /other?code=c&state={state} HTTP/1.1\r\n\r\n".encode(),
        f"GET /callback/../callback?code=c&state={state} HTTP/1.1\r\n\r\n".encode(),
        f"POST /callback?code=c&state={state} HTTP/1.1\r\nContent-Length: 0\r\n\r\n".encode(),
        b"garbage\r\n\r\n",
        b"GET /callback?code=c&state=forged HTTP/1.1\r\n\r\n",
        b"GET /callback?code=c HTTP/1.1\r\n\r\n",
        f"GET /callback?state={state} HTTP/1.1\r\n\r\n".encode(),
        f"GET /callback?code=c&state={state}x HTTP/1.1\r\n\r\n".encode(),
        b"GET /callback?code=c&state=" + b"A" * 20000 + b" HTTP/1.1\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64 + b"\r\n\r\n",  # TLS hello
    ]
    for raw in bad:
        statuses.append(_status(await _request(port, raw)))
    still_waiting = not listener._result.done()  # type: ignore[union-attr]
    good = f"GET /callback?code=the-code&state={state} HTTP/1.1\r\n\r\n".encode()
    statuses.append(_status(await _request(port, good)))
    callback = await listener.wait(5)
    statuses.append(_status(await _request(port, good)))  # a replay after the answer
    silent_writer.close()
    await listener.close()
    return [*statuses, int(still_waiting)], callback, addresses, listener.ignored


def test_listener_ignores_everything_but_the_right_callback() -> None:
    statuses, callback, addresses, ignored = asyncio.run(
        _exercise("http://127.0.0.1:0/callback", "s" * 32)
    )
    *refused, accepted, replay, still_waiting = statuses
    assert refused == [404, 404, 404, 405, 400, 400, 400, 400, 400, 0, 400], refused
    assert still_waiting == 1 and accepted == 200 and replay == 409
    assert callback.params["code"] == "the-code"
    assert addresses == ["127.0.0.1"]
    assert "state mismatch" in ignored and "no state" in ignored


def test_listener_for_localhost_binds_loopback_addresses_only() -> None:
    async def bind() -> list[str]:
        listener = CallbackListener(parse_redirect("http://localhost:0/cb"), "s")
        await listener.start()
        try:
            return [s.getsockname()[0] for srv in listener._servers for s in srv.sockets]
        finally:
            await listener.close()

    addresses = asyncio.run(bind())
    assert addresses and set(addresses) <= {"127.0.0.1", "::1"}


def test_wrong_state_never_ends_the_wait() -> None:
    async def go() -> str:
        listener = CallbackListener(parse_redirect("http://127.0.0.1:0/cb"), "right")
        await listener.start()
        try:
            for _ in range(3):
                await _request(listener.port, b"GET /cb?code=c&state=wrong HTTP/1.1\r\n\r\n")
            await listener.wait(0.3)
            return "accepted"
        except OAuthFailure as failure:
            return failure.kind
        finally:
            await listener.close()

    assert asyncio.run(go()) == "timeout"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1@evil.example:9000/cb",
        "http://evil.example:9000/#@127.0.0.1",
        "http://[::ffff:192.0.2.1]:9000/cb",
        "http://127.0.0.1.nip.io:9000/cb",
        "http://2130706433:9000/cb",
    ],
)
def test_tricky_non_loopback_redirects_are_refused(url: str) -> None:
    with pytest.raises(OAuthFailure) as caught:
        parse_redirect(url)
    assert caught.value.kind in ("redirect_not_loopback", "redirect_bad")
