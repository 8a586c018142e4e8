"""A value of the wrong type assigned to a typed property (issue 15, item 7), as a user sees it.

``MaSession.Option = "TLS"`` used to pass ``check`` and connect in plain text; ``Port = "cinq"``
became 0. Now ``wlmail check`` reports them (code, line:col, the script's language) and
``wlmail run`` stops with a fatal error (exit 70) before connecting. The server here is a real
aiosmtpd server on loopback that records every connection and whether the message came over TLS:
a wrong Option must give no connection at all, a right one STARTTLS.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import SMTP, Envelope, Session
from mail_support import ServerThread
from test_cli import script, wlmail

from wlmail.catalog import get_catalog
from wlmail.runtime.proptypes import checked, is_number_text
from wlmail.runtime.values import WLFault
from wlmail.sandbox.certs import RunCA

SERVER = "smtp.exemple.test"


class Recorder:
    """An aiosmtpd server (STARTTLS offered, not required) that counts what it sees."""

    def __init__(self, tmp: Path) -> None:
        self.ca = RunCA([SERVER])
        self.cafile = str(self.ca.write_ca_pem(tmp / "ca.pem"))
        self.connections = 0
        self.starttls = 0
        self.received: list[bool] = []  # one per message: True when it came over TLS
        self.server: asyncio.Server | None = None
        self.port = 0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.received.append(session.ssl is not None)
        return "250 OK"

    async def start(self) -> None:
        owner, context = self, self.ca.server_context()

        class Counting(SMTP):
            counted = False

            def connection_made(self, transport: Any) -> None:
                if not self.counted:  # called again when STARTTLS completes
                    self.counted = True
                    owner.connections += 1
                super().connection_made(transport)

            async def smtp_STARTTLS(self, arg: str) -> None:
                owner.starttls += 1
                await super().smtp_STARTTLS(arg)

        def factory() -> SMTP:
            return Counting(owner, hostname="recorder.test", tls_context=context)

        self.server = await asyncio.get_running_loop().create_server(factory, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    def reset(self) -> None:
        self.connections, self.starttls, self.received = 0, 0, []

    def options(self, port: int = 587) -> list[str]:
        route = f"{SERVER}:{port}:127.0.0.1:{self.port}"
        return ["--connect-to", route, "--cafile", self.cafile, "--timeout", "10"]


@pytest.fixture(scope="module")
def recorder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recorder]:
    thread = ServerThread()
    rec = Recorder(tmp_path_factory.mktemp("rec"))
    thread.call(rec.start())
    yield rec
    thread.call(rec.stop())
    thread.stop()


@pytest.fixture
def server(recorder: Recorder) -> Recorder:
    recorder.reset()
    return recorder


SEND_FR = """MaSession est un emailSessionSMTP
MaSession.AdresseServeur = "smtp.exemple.test"
MaSession.Port = {port}
MaSession.Option = {option}
SI PAS EmailOuvreSession(MaSession) ALORS
\tErreur(ErreurInfo())
\tRETOUR
FIN
m est un Email
m.Expéditeur = "alice@exemple.fr"
Ajoute(m.Destinataire, "bob@exemple.fr")
m.Sujet = "essai"
m.Message = "bonjour"
SI EmailEnvoieMessage(MaSession, m) ALORS Info("envoyé") SINON Erreur(ErreurInfo())
EmailFermeSession(MaSession)
"""

SEND_EN = """MySession is emailSMTPSession
MySession.ServerAddress = "smtp.exemple.test"
MySession.Port = {port}
MySession.Option = {option}
IF NOT EmailStartSession(MySession) THEN
\tError(ErrorInfo())
\tRETURN
END
m is Email
m.Sender = "alice@example.com"
Add(m.Recipient, "bob@example.com")
m.Subject = "test"
m.Message = "hello"
IF EmailSendMessage(MySession, m) THEN Info("sent") ELSE Error(ErrorInfo())
EmailCloseSession(MySession)
"""

REFUSED_FR = (
    "erreur fatale: emailSessionSMTP.Option n'accepte que emailOptionDéfaut, "
    "emailOptionSécuriséTLS, emailProtocoleSMTPS, optionSSL (ou leur combinaison) : « TLS » refusé"
)
REFUSED_EN = (
    "fatal error: emailSMTPSession.Option only accepts emailOptionDefault, "
    "emailOptionSecuredTLS, emailProtocolSMTPS, optionSSL (or a combination of them): 'TLS' refused"
)


# ---- wlmail run: never plain text ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("template", "refused"), [(SEND_FR, REFUSED_FR), (SEND_EN, REFUSED_EN)], ids=["fr", "en"]
)
def test_option_string_stops_before_connecting(
    server: Recorder, tmp_path: Path, template: str, refused: str
) -> None:
    path = script(tmp_path, template.format(port=587, option='"TLS"'))
    res = wlmail("run", *server.options(), path)
    assert (res.returncode, res.stdout) == (70, ""), res.stderr
    assert res.stderr.splitlines()[0] == f"{path}:4:1: {refused}"
    assert "Traceback" not in res.stderr
    assert server.connections == 0 and server.received == []


@pytest.mark.parametrize(
    "option", ['"2"', "emailOptionSécuriséTLS", "emailOptionSécuriséTLS + emailProtocoleSMTPS"]
)
def test_a_right_option_goes_through_starttls(
    server: Recorder, tmp_path: Path, option: str
) -> None:
    path = script(tmp_path, SEND_FR.format(port=587, option=option))
    res = wlmail("run", *server.options(), path)
    assert (res.returncode, res.stdout, res.stderr) == (0, "envoyé\n", "")
    assert server.connections == 1 and server.starttls == 1 and server.received == [True]


def test_port_as_a_numeric_string_still_works(server: Recorder, tmp_path: Path) -> None:
    source = SEND_FR.format(port='"587"', option="emailOptionSécuriséTLS")
    res = wlmail("run", *server.options(), script(tmp_path, source))
    assert (res.returncode, res.stdout, res.stderr) == (0, "envoyé\n", "")
    assert server.received == [True]


def test_port_cinq_is_a_fatal_error_not_port_25(server: Recorder, tmp_path: Path) -> None:
    path = script(tmp_path, SEND_FR.format(port='"cinq"', option="emailOptionSécuriséTLS"))
    res = wlmail("run", "--connect-to", f"{SERVER}:25:127.0.0.1:{server.port}", path)
    assert (res.returncode, res.stdout) == (70, "")
    assert res.stderr.splitlines()[0] == (
        f"{path}:3:1: erreur fatale: emailSessionSMTP.Port attend un nombre : "
        "« cinq » n'en est pas un"
    )
    assert server.connections == 0


def test_when_exception_catches_it(server: Recorder, tmp_path: Path) -> None:
    source = (
        's est un emailSessionSMTP\nQUAND EXCEPTION DANS\n\ts.Option = "TLS"\nFAIRE\n'
        '\tInfo("refusé")\nFIN\nInfo(s.Option = emailOptionDéfaut)\n'
    )
    res = wlmail("run", script(tmp_path, source))
    assert (res.returncode, res.stdout, res.stderr) == (0, "refusé\n1\n", "")


def test_legacy_function_option_string_never_connects(server: Recorder, tmp_path: Path) -> None:
    source = 'EmailOuvreSessionSMTP("u", "p", "smtp.exemple.test", 587, Faux, "TLS")\n'
    res = wlmail("run", *server.options(), script(tmp_path, source))
    assert res.returncode == 70 and "« TLS » refusé" in res.stderr and res.stdout == ""
    assert server.connections == 0


# ---- wlmail check -------------------------------------------------------------------------------
CHECK_FR = """s est un emailSessionSMTP
s.Port = "587"
s.Port = "cinq"
s.Option = "TLS"
s.Option = emailPrioritéHaute
s.Option = emailOptionSécuriséTLS
s.Asynchrone = "Vrai"
s.IgnoreErreur = Vrai
"""


def test_check_reports_each_wrong_type_fr(tmp_path: Path) -> None:
    path = script(tmp_path, CHECK_FR)
    res = wlmail("check", path)
    assert (res.returncode, res.stderr) == (1, "")
    assert [line for line in res.stdout.splitlines() if line.startswith(path)] == [
        f"{path}:3:10: erreur[property_number]: emailSessionSMTP.Port attend un nombre : "
        "« cinq » n'en est pas un",
        f"{path}:4:12: erreur[property_constant]: emailSessionSMTP.Option n'accepte que "
        "emailOptionDéfaut, emailOptionSécuriséTLS, emailProtocoleSMTPS, optionSSL (ou leur "
        "combinaison) : « TLS » refusé",
        f"{path}:5:12: erreur[property_constant]: emailSessionSMTP.Option n'accepte que "
        "emailOptionDéfaut, emailOptionSécuriséTLS, emailProtocoleSMTPS, optionSSL (ou leur "
        "combinaison) : "
        "« emailPrioritéHaute » refusé",
        f"{path}:7:16: erreur[property_boolean]: emailSessionSMTP.Asynchrone attend un booléen "
        "(Vrai, Faux ou un nombre) : « Vrai » n'en est pas un",
    ]


def test_check_english_script_and_json_codes(tmp_path: Path) -> None:
    path = script(
        tmp_path,
        's is emailSMTPSession\ns.Option = "TLS"\ns.Port = -1\ns.Asynchronous = "True"\n',
    )
    res = wlmail("check", path)
    assert res.returncode == 1
    assert [line for line in res.stdout.splitlines() if line.startswith(path)] == [
        f"{path}:2:12: error[property_constant]: emailSMTPSession.Option only accepts "
        "emailOptionDefault, emailOptionSecuredTLS, emailProtocolSMTPS, optionSSL (or a "
        "combination of them): 'TLS' refused",
        f"{path}:3:10: error[property_range]: emailSMTPSession.Port must be between 0 and 65535: "
        "-1 refused",
        f"{path}:4:18: error[property_boolean]: emailSMTPSession.Asynchronous expects a boolean "
        "(True, False or a number): 'True' is not one",
    ]
    problems = json.loads(wlmail("check", "--format", "json", path).stdout)
    assert [(p["line"], p["column"], p["severity"], p["code"]) for p in problems] == [
        (2, 12, "error", "property_constant"),
        (3, 10, "error", "property_range"),
        (4, 18, "error", "property_boolean"),
    ]


def test_check_does_not_flag_right_values_or_variables(tmp_path: Path) -> None:
    source = (
        's est un emailSessionSMTP\nn est un entier = 587\ns.Port = n\ns.Port = "465"\n'
        "s.Option = emailOptionSécuriséTLS + emailProtocoleSMTPS\ns.Option = 2\n"
        's.Asynchrone = emailAsynchrone\ns.Asynchrone = "1"\ns.IgnoreErreur = 2\n'
        "Email.Priorité = emailPrioritéHaute\nm est un Email\nm.Sujet = 12\n"
    )
    res = wlmail("check", script(tmp_path, source))
    assert (res.returncode, res.stdout, res.stderr) == (0, "", "")


# ---- the rules, from the catalog data -----------------------------------------------------------
def _prop(pid: str) -> Any:
    return get_catalog().properties[f"email_smtp_session.{pid}"]


@pytest.mark.parametrize(
    ("pid", "value", "stored"),
    [
        ("port", "587", 587),
        ("port", " 2525 ", 2525),
        ("port", 465.0, 465.0),
        ("port", None, None),
        ("option", "2", 2),
        ("option", 3, 3),
        ("option", 0, 0),
        ("asynchronous", "0", 0),
        ("asynchronous", True, True),
        ("ignore_error", True, True),
        ("ignore_error", 6, 6),
        ("server_address", 12, 12),  # a string property takes anything (formatted later)
    ],
)
def test_accepted(pid: str, value: Any, stored: Any) -> None:
    assert checked(_prop(pid), value, "fr") == stored


@pytest.mark.parametrize(
    ("pid", "value", "code"),
    [
        ("port", "cinq", "property_number"),
        ("port", "", "property_number"),
        ("port", "58 7", "property_number"),
        ("port", 65536, "property_range"),
        ("option", "TLS", "property_constant"),
        ("option", None, "property_constant"),
        ("option", True, "property_constant"),
        ("option", 8, "property_constant"),  # 4 is optionSSL (issue 13)
        ("option", -1, "property_constant"),
        ("option", 2.5, "property_constant"),
        ("asynchronous", "Vrai", "property_boolean"),
        ("ignore_error", "oui", "property_constant"),
        ("ignore_error", 8, "property_constant"),
    ],
)
def test_refused(pid: str, value: Any, code: str) -> None:
    with pytest.raises(WLFault) as caught:
        checked(_prop(pid), value, "en")
    assert caught.value.msg_id == code


@pytest.mark.parametrize(
    ("text", "number"),
    [("587", True), ("-1", True), ("2,5", True), (".5", True), ("1e3", True), ("", False)],
)
def test_number_text(text: str, number: bool) -> None:
    assert is_number_text(text) is number


def test_allowed_names_constants() -> None:
    cat = get_catalog()
    for prop in cat.properties.values():
        for ident in prop.allowed:
            assert ident in cat.constants, (prop.id, ident)
        assert not prop.bounds or len(prop.bounds) == 2, prop.id
