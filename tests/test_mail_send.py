"""WLangage mail scripts against real SMTP servers on loopback (aiosmtpd, trustme TLS).

Three sandbox servers: ``plain`` (no TLS required, AUTH offered in clear), ``secure`` (STARTTLS
required + implicit TLS, AUTH required, PLAIN/LOGIN/XOAUTH2) and ``login`` (LOGIN only). Scripts
name ``smtp.exemple.test`` / ``login.exemple.test`` on ports 25, 587 and 465; ``--connect-to``
routes send them to the listeners, and TLS still checks the certificate against the script's name.
"""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from mail_support import ServerThread, run_wl

from wlmail.runtime.driver import Interpreter
from wlmail.runtime.host import CaptureHost
from wlmail.sandbox.certs import RunCA
from wlmail.sandbox.smtp_server import Received, SandboxSMTP

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PASSWORD = "s3cret-Pa55"
TOKEN = "ya29.good-token"
NAMES = ["smtp.exemple.test", "login.exemple.test", "smtp.exemple.fr", "smtp.example.com"]


def check_password(user: str, password: str) -> bool:
    return password == PASSWORD and bool(user)


def check_token(user: str, token: str) -> bool:
    return token == TOKEN and bool(user)


class Servers:
    def __init__(self, tmp: Path) -> None:
        self.thread = ServerThread()
        self.ca = RunCA(NAMES)
        self.cafile = str(self.ca.write_ca_pem(tmp / "ca.pem"))
        common: dict[str, Any] = {"check_password": check_password, "check_token": check_token}
        self.plain = SandboxSMTP(
            self.ca, hostname="plain.test", allow_plaintext_auth=True, **common
        )
        self.secure = SandboxSMTP(
            self.ca, hostname="secure.test", require_starttls=True, auth_required=True, **common
        )
        self.login = SandboxSMTP(
            self.ca,
            hostname="login.test",
            require_starttls=True,
            auth_required=True,
            mechanisms=["LOGIN"],
            **common,
        )
        self.samples = SandboxSMTP(self.ca, hostname="samples.test", auth_required=True)
        for srv in self.all:
            self.thread.call(srv.start())
        self.routes = [
            ("smtp.exemple.test", 25, "127.0.0.1", self.plain.starttls_port),
            ("smtp.exemple.test", 587, "127.0.0.1", self.secure.starttls_port),
            ("smtp.exemple.test", 465, "127.0.0.1", self.secure.implicit_port),
            ("login.exemple.test", 587, "127.0.0.1", self.login.starttls_port),
            ("login.exemple.test", 465, "127.0.0.1", self.login.implicit_port),
            ("smtp.exemple.fr", 465, "127.0.0.1", self.samples.implicit_port),
            ("smtp.exemple.fr", 0, "127.0.0.1", self.samples.starttls_port),
            ("smtp.example.com", 465, "127.0.0.1", self.samples.implicit_port),
            ("smtp.example.com", 0, "127.0.0.1", self.samples.starttls_port),
        ]

    @property
    def all(self) -> list[SandboxSMTP]:
        return [self.plain, self.secure, self.login, self.samples]

    def run(self, source: str, **options: Any) -> Any:
        options.setdefault("connect_to", self.routes)
        options.setdefault("cafile", self.cafile)
        return run_wl(source, **options)

    def stop(self) -> None:
        for srv in self.all:
            self.thread.call(srv.stop())
        self.thread.stop()


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    srv = Servers(tmp_path_factory.mktemp("mail"))
    yield srv
    srv.stop()


@pytest.fixture
def net(servers: Servers) -> Servers:
    for srv in servers.all:
        srv.messages.clear()
    return servers


def parts(msg: EmailMessage) -> list[str]:
    return [part.get_content_type() for part in msg.walk()]


# -- typed API ------------------------------------------------------------------------------------


def test_typed_fr_starttls_plain_auth_full_message(net: Servers, tmp_path: Path) -> None:
    pdf = tmp_path / "facture.pdf"
    pdf.write_bytes(b"%PDF-1.4 fake")
    result = net.run(
        f"""
        MaSession est un emailSessionSMTP
        MaSession.AdresseServeur = "smtp.exemple.test"
        MaSession.Port = 587
        MaSession.Nom = "alice@exemple.fr"
        MaSession.MotDePasse = "{PASSWORD}"
        MaSession.Option = emailOptionSécuriséTLS
        SI PAS EmailOuvreSession(MaSession) ALORS
            Info("échec : " + ErreurInfo())
            RETOUR
        FIN
        MonMessage est un Email
        MonMessage.Expediteur = "Alice Dupré <alice@exemple.fr>"
        Ajoute(MonMessage.Destinataire, "bob@exemple.fr")
        Ajoute(MonMessage.Destinataire, "Zoé <zoe@exemple.fr>")
        Ajoute(MonMessage.Cc, "carole@exemple.fr")
        Ajoute(MonMessage.Cci, "dave@exemple.fr")
        MonMessage.Sujet = "Réunion d'été ✓"
        MonMessage.Message = "Bonjour," + RC + "à demain à 9 h."
        MonMessage.HTML = "<p>Bonjour <img src=""cid:logo""></p>"
        MonMessage.Priorité = emailPrioritéHaute
        MonMessage.AccuséRéception = Vrai
        MonMessage.Attache[1].Nom = "logo.png"
        MonMessage.Attache[1].Contenu = "PNGDATA"
        MonMessage.Attache[1].Identifiant = "logo"
        SI PAS EmailChargeFichierAttaché(MonMessage, "{pdf}") ALORS Info(ErreurInfo())
        Info(MonMessage.Attache..Occurrence, MonMessage.Attache[2].ContentType)
        SI EmailEnvoieMessage(MaSession, MonMessage, emailOptionEncodeEntête) ALORS
            Info("envoyé", MonMessage.ID)
        SINON
            Info("échec : " + ErreurInfo())
        FIN
        EmailFermeSession(MaSession)
        """
    )
    assert result.lines == ["2", "application/pdf", "envoyé", "1"], result.err
    [rec] = net.secure.messages
    assert rec.mail_from == "alice@exemple.fr"
    assert rec.rcpt_tos == (
        "bob@exemple.fr",
        "zoe@exemple.fr",
        "carole@exemple.fr",
        "dave@exemple.fr",
    )
    assert (rec.auth_mechanism, rec.login, rec.tls, rec.sni) == (
        "PLAIN",
        "alice@exemple.fr",
        "starttls",
        "smtp.exemple.test",
    )
    msg = rec.message
    assert msg["Subject"] == "Réunion d'été ✓"
    assert msg["From"] == "Alice Dupré <alice@exemple.fr>"
    assert msg["To"] == "bob@exemple.fr, Zoé <zoe@exemple.fr>"
    assert msg["Cc"] == "carole@exemple.fr" and msg["Bcc"] is None
    assert b"dave@" not in rec.raw
    assert msg["X-Priority"].startswith("1") and msg["Importance"] == "high"
    assert msg["Disposition-Notification-To"] == "Alice Dupré <alice@exemple.fr>"
    assert msg["Message-ID"] and msg["Date"] and msg["MIME-Version"] == "1.0"
    assert rec.raw.isascii()  # every header RFC 2047-encoded, bodies QP/base64
    assert parts(msg) == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "multipart/related",
        "text/html",
        "image/png",
        "application/pdf",
    ]
    text = msg.get_body(("plain",))
    assert text is not None and text.get_content() == "Bonjour,\nà demain à 9 h.\n"
    inline = [p for p in msg.walk() if p.get("Content-ID")]
    assert [(p["Content-ID"], p.get_content_disposition()) for p in inline] == [
        ("<logo>", "inline")
    ]
    [pdf_part] = [p for p in msg.walk() if p.get_filename() == "facture.pdf"]
    assert pdf_part.get_content() == b"%PDF-1.4 fake"


def test_typed_en_implicit_tls_login_method_syntax(net: Servers) -> None:
    result = net.run(
        f"""
        MySession is emailSMTPSession
        MySession.ServerAddress = "login.exemple.test"
        MySession.Port = 465
        MySession.Name = "bob@example.com"
        MySession.Password = "{PASSWORD}"
        MySession.Option = emailProtocolSMTPS
        IF NOT MySession.StartSession() THEN
            Info("failed: " + ErrorInfo())
            RETURN
        END
        MyMessage is Email
        MyMessage.Sender = "bob@example.com"
        MyMessage.Recipient = "ann@example.com"
        MyMessage.Subject = "Plain subject"
        MyMessage.HTML = "<b>HTML only</b>"
        IF MySession.SendMessage(MyMessage) THEN Info("sent") ELSE Info(ErrorInfo())
        MyMessage.Subject = "Second one"
        IF EmailSendMessage(MySession, MyMessage) THEN Info("sent again")
        MySession.CloseSession()
        """
    )
    assert result.lines == ["sent", "sent again"], result.err
    first, second = net.login.messages
    assert (first.auth_mechanism, first.tls, first.sni) == (
        "LOGIN",
        "implicit",
        "login.exemple.test",
    )
    assert parts(first.message) == ["text/html"]
    assert first.message["Subject"] == "Plain subject" and second.subject == "Second one"
    assert first.message["Message-ID"] != second.message["Message-ID"]


def test_emailprotocolsmtps_on_587_is_starttls(net: Servers) -> None:
    result = net.run(
        f"""
        s is emailSMTPSession
        s.ServerAddress = "smtp.exemple.test"
        s.Port = 587
        s.Name = "u@example.com"
        s.Password = "{PASSWORD}"
        s.Option = emailProtocolSMTPS
        IF s.OpenSession() THEN Info("open") ELSE Info(ErrorInfo())
        m is Email
        m.Sender = "u@example.com"
        Add(m.Recipient, "v@example.com")
        IF EmailSendMessage(s, m) THEN Info("sent")
        """
    )
    assert result.lines == ["open", "sent"], result.err
    assert [r.tls for r in net.secure.messages] == ["starttls"]


def test_default_option_is_plain_even_when_starttls_is_offered(net: Servers) -> None:
    result = net.run(
        """
        s est un emailSessionSMTP
        s.AdresseServeur = "smtp.exemple.test"
        SI PAS EmailOuvreSession(s) ALORS Info(ErreurInfo())
        m est un Email
        m.Expéditeur = "a@exemple.fr"
        m.Destinataire = "b@exemple.fr"
        SI EmailEnvoieMessage(s, m) ALORS Info("ok")
        """
    )
    assert result.lines == ["ok"], result.err
    [rec] = net.plain.messages
    assert (rec.tls, rec.auth_mechanism) == ("none", None)


def test_session_display_never_shows_the_password(net: Servers) -> None:
    host = CaptureHost()
    interp = Interpreter(host, "t.wl")
    interp.execute(
        f"""
        s est un emailSessionSMTP
        s.AdresseServeur = "smtp.exemple.test"
        s.Nom = "alice"
        s.MotDePasse = "{PASSWORD}"
        Info(s)
        Trace(s)
        """
    )
    from wlmail.runtime.values import display

    shown = display(interp.rt.globals["s"])
    host.close()
    assert PASSWORD not in host.out.getvalue() + host.err.getvalue() + shown
    assert "MotDePasse=****" in shown and "alice" in shown
    assert host.out.getvalue().strip() == "emailSessionSMTP alice@smtp.exemple.test:25 (fermée)"


def test_trace_shows_the_dialogue_with_secrets_masked(net: Servers) -> None:
    result = net.run(
        f"""
        s is emailSMTPSession
        s.ServerAddress = "smtp.exemple.test"
        s.Port = 587
        s.Option = emailOptionSecuredTLS
        s.Name = "alice@example.com"
        s.Password = "{PASSWORD}"
        IF NOT EmailStartSession(s) THEN Info(ErrorInfo())
        s2 is emailSMTPSession
        s2.ServerAddress = "login.exemple.test"
        s2.Port = 587
        s2.Option = emailOptionSecuredTLS
        s2.Name = "alice@example.com"
        s2.Password = "{PASSWORD}"
        IF NOT EmailStartSession(s2) THEN Info(ErrorInfo())
        """,
        trace=True,
    )
    assert result.lines == [], result.err
    assert "smtp: C: STARTTLS" in result.err and "smtp: C: AUTH PLAIN ****" in result.err
    assert "smtp: C: AUTH LOGIN ****" in result.err and "smtp: C: ****" in result.err
    assert "235" in result.err and PASSWORD not in result.err
    assert "YWxpY2" not in result.err  # no base64 of the user name either


# -- AUTH with a token (decision 12) ---------------------------------------------------------------


class FakeToken:
    """What the AuthToken of the OAuth issue must offer: ``bearer()`` → token or None."""

    def __init__(self, value: str | None) -> None:
        self.value = value

    def bearer(self) -> str | None:
        return self.value


def run_with_token(net: Servers, token: object, password: str) -> tuple[list[str], str]:
    host = CaptureHost()
    host.options.update(connect_to=net.routes, cafile=net.cafile)
    interp = Interpreter(host, "t.wl")
    interp.execute(
        f"""
        s est un emailSessionSMTP
        s.AdresseServeur = "smtp.exemple.test"
        s.Port = 465
        s.Option = emailOptionSécuriséTLS
        s.Nom = "alice@gmail.com"
        s.MotDePasse = "{password}"
        """
    )
    interp.rt.globals["s"].values["auth_token"] = token
    interp.execute(
        """
        SI EmailOuvreSession(s) ALORS
            m est un Email
            m.Expéditeur = "alice@gmail.com"
            m.Destinataire = "bob@exemple.fr"
            SI EmailEnvoieMessage(s, m) ALORS Info("envoyé")
        SINON
            Info(ErreurInfo(), ErreurInfo(errCode))
        FIN
        """
    )
    host.close()
    return host.out.getvalue().splitlines(), host.err.getvalue()


def test_valid_token_wins_over_the_password(net: Servers) -> None:
    lines, err = run_with_token(net, FakeToken(TOKEN), "wrong password")
    assert lines == ["envoyé"], err
    [rec] = net.secure.messages
    assert (rec.auth_mechanism, rec.login, rec.tls) == ("XOAUTH2", "alice@gmail.com", "implicit")


def test_invalid_token_falls_back_to_the_password(net: Servers) -> None:
    lines, err = run_with_token(net, FakeToken(None), PASSWORD)
    assert lines == ["envoyé"], err
    assert [r.auth_mechanism for r in net.secure.messages] == ["PLAIN"]


def test_rejected_token_is_535_in_errorinfo(net: Servers) -> None:
    lines, _ = run_with_token(net, FakeToken("expired"), PASSWORD)
    assert len(lines) == 2 and lines[1] == "535"
    assert "535 5.7.8" in lines[0] and "smtp.exemple.test" in lines[0]
    assert net.secure.messages == []


def test_token_given_as_a_string(net: Servers) -> None:
    result = net.run(
        f"""
        s is emailSMTPSession
        s.ServerAddress = "smtp.exemple.test"
        s.Port = 587
        s.Option = emailOptionSecuredTLS
        s.Name = "alice@gmail.com"
        s.AuthToken = "{TOKEN}"
        IF EmailStartSession(s) THEN Info("open") ELSE Info(ErrorInfo())
        """
    )
    assert result.lines == ["open"], result.err
    assert TOKEN not in result.err


def test_wrong_password_is_false_with_535(net: Servers) -> None:
    result = net.run(
        """
        s est un emailSessionSMTP
        s.AdresseServeur = "smtp.exemple.test"
        s.Port = 587
        s.Option = emailOptionSécuriséTLS
        s.Nom = "alice@exemple.fr"
        s.MotDePasse = "pas le bon"
        r est un booléen = EmailOuvreSession(s)
        Info(r, ErreurDétectée, ErreurInfo(errCode))
        Info(ErreurInfo())
        """
    )
    assert result.lines[:3] == ["0", "1", "535"]
    assert result.lines[3] == (
        "authentification refusée par le serveur SMTP smtp.exemple.test : "
        "535 5.7.8 Authentication credentials invalid"
    )
    assert "pas le bon" not in result.out + result.err


# -- legacy API ------------------------------------------------------------------------------------


def test_legacy_structure_fr_with_counters(net: Servers, tmp_path: Path) -> None:
    doc = tmp_path / "rapport.txt"
    doc.write_text("contenu du rapport\n", encoding="utf-8")
    result = net.run(
        f"""
        SI PAS EmailOuvreSessionSMTP("alice@exemple.fr", "{PASSWORD}", "smtp.exemple.test") ALORS
            Info(ErreurInfo())
            RETOUR
        FIN
        Email.Expéditeur = "alice@exemple.fr"
        Email.Destinataire[1] = "bob@exemple.fr"
        Email.Destinataire[2] = "carole@exemple.fr"
        Email.Destinataire[3] = "oublie@exemple.fr"
        Email.NbDestinataire = 2
        Email.Cci[1] = "archive@exemple.fr"
        Email.Sujet = "Rapport n°4"
        Email.Message = "Voici le rapport."
        Email.Attache[1] = "{doc}"
        Email.NbAttache = 1
        SI EmailEnvoieMessage("alice@exemple.fr") ALORS
            Info("envoyé", Email.IdentifiantMail)
        SINON
            Info(ErreurInfo())
        FIN
        Info(Email.ID <> "")
        EmailFermeSession("alice@exemple.fr")
        SI PAS EmailEnvoieMessage("alice@exemple.fr") ALORS Info(ErreurInfo())
        """
    )
    assert result.lines == [
        "envoyé",
        "1",
        "1",
        "aucune session SMTP ouverte pour l'utilisateur « alice@exemple.fr »",
    ], result.err
    [rec] = net.plain.messages
    assert rec.rcpt_tos == ("bob@exemple.fr", "carole@exemple.fr", "archive@exemple.fr")
    assert (rec.auth_mechanism, rec.tls) == ("PLAIN", "none")
    assert rec.message["To"] == "bob@exemple.fr, carole@exemple.fr"
    [att] = [p for p in rec.message.walk() if p.get_filename()]
    assert att.get_filename() == "rapport.txt" and att.get_content() == "contenu du rapport\n"


def test_legacy_structure_en_starttls_and_typed_email_by_user_name(net: Servers) -> None:
    result = net.run(
        f"""
        EmailSetTimeOut(10)
        IF NOT EmailStartSMTPSession("bob@example.com", "{PASSWORD}", "smtp.exemple.test", ...
                587, False, emailOptionSecuredTLS) THEN
            Info(ErrorInfo())
            RETURN
        END
        Email.Sender = "bob@example.com"
        Email.Recipient = "ann@example.com"
        Email.NbRecipient = 1
        Email.Subject = "Legacy"
        Email.Message = "From the structure"
        IF EmailSendMessage("bob@example.com") THEN Info("structure sent")
        msg is Email
        msg.Sender = "bob@example.com"
        Add(msg.Recipient, "carl@example.com")
        msg.Subject = "Typed through a user name"
        IF EmailSendMessage("bob@example.com", msg) THEN Info("typed sent")
        EmailReset()
        Info("[" + Email.Subject + "]", Email.NbRecipient)
        EmailCloseSession("bob@example.com")
        """
    )
    assert result.lines == ["structure sent", "typed sent", "[]", "0"], result.err
    first, second = net.secure.messages
    assert first.tls == "starttls" and first.rcpt_tos == ("ann@example.com",)
    assert second.subject == "Typed through a user name"


def test_compat_syntax_opens_pop3_first(net: Servers) -> None:
    """The 4-string form opens the POP3 half first (the mandatory part); without a POP3 server
    nothing else is opened (tests/test_receive.py has the form working against Dovecot)."""
    result = net.run(
        f"""
        SI EmailOuvreSession("alice@exemple.fr", "{PASSWORD}", "pop.exemple.test", ...
                "smtp.exemple.test") ALORS
            Info("ouverte")
        SINON
            Info(ErreurInfo())
        FIN
        SI PAS EmailEnvoieMessage("alice@exemple.fr") ALORS Info(ErreurInfo())
        """,
        connect_to=[("pop.exemple.test", 110, "127.0.0.1", 9)],
    )
    assert result.lines[0].startswith(
        "connexion au serveur POP3 pop.exemple.test:110 impossible : "
    ), result.lines
    assert result.lines[1:] == [
        "aucune session SMTP ouverte pour l'utilisateur « alice@exemple.fr »"
    ]
    assert net.plain.messages == []


# -- source ---------------------------------------------------------------------------------------


def test_build_source_is_exactly_what_is_sent(net: Servers) -> None:
    result = net.run(
        f"""
        s est un emailSessionSMTP
        s.AdresseServeur = "smtp.exemple.test"
        s.Port = 465
        s.Option = emailOptionSécuriséTLS
        s.Nom = "alice@exemple.fr"
        s.MotDePasse = "{PASSWORD}"
        EmailOuvreSession(s)
        m est un Email
        m.Expéditeur = "alice@exemple.fr"
        m.Destinataire = "bob@exemple.fr"
        m.Cci = "cache@exemple.fr"
        m.Sujet = "Source exacte é"
        m.Message = "ligne 1" + RC + ".ligne qui commence par un point"
        SI m.ConstruitSource() ALORS
            SI EmailEnvoieMessage(s, m) ALORS Info(m.Source)
        FIN
        """
    )
    assert result.code == 0, result.err
    [rec] = net.secure.messages
    assert rec.raw == result.out[:-1].replace("\n", "\r\n").encode()  # Info adds "\n"
    assert rec.rcpt_tos == ("bob@exemple.fr", "cache@exemple.fr")


def test_sent_eml_file_with_email_send(net: Servers, tmp_path: Path) -> None:
    eml = tmp_path / "perso.eml"
    result = net.run(
        f"""
        m est un Email
        m.Expéditeur = "alice@exemple.fr"
        m.Destinataire = "bob@exemple.fr"
        m.Cci = "cache@exemple.fr"
        m.Sujet = "Fichier"
        m.ConstruitSource(emailOptionEntêteCci)
        Info(Position(m.Source, "Bcc: cache@exemple.fr") > 0)
        fSauveTexte("{eml}", m.Source)
        EmailOuvreSessionSMTP("alice@exemple.fr", "{PASSWORD}", "smtp.exemple.test")
        SI EmailEnvoie("alice@exemple.fr", "{eml}") ALORS Info("envoyé")
        SI PAS EmailEnvoie("alice@exemple.fr", "{tmp_path / "absent.eml"}") ALORS Info(ErreurInfo())
        """
    )
    assert result.lines[:2] == ["1", "envoyé"], result.err
    assert result.lines[2].startswith("fichier « ") and "absent.eml" in result.lines[2]
    [rec] = net.plain.messages
    assert rec.rcpt_tos == ("bob@exemple.fr", "cache@exemple.fr")
    assert b"Bcc" not in rec.raw and rec.subject == "Fichier"


def test_import_source_round_trip() -> None:
    result = run_wl(
        """
        m est un Email
        m.Expéditeur = "Zoé <zoe@exemple.fr>"
        Ajoute(m.Destinataire, "a@exemple.fr")
        Ajoute(m.Cc, "b@exemple.fr")
        m.Sujet = "Aller-retour ✓"
        m.Message = "Texte"
        m.HTML = "<i>html</i>"
        m.Attache[1].Nom = "n.txt"
        m.Attache[1].Contenu = "abc"
        m.ConstruitSource()
        c est un Email
        c.Source = m.Source
        SI c.ImporteSource() ALORS
            Info(c.Expéditeur, c.AdresseExpéditeur, c.Destinataire[1], c.Cc[1], c.Sujet)
            Info(c.Message, c.HTML, c.Attache[1].Nom, c.Attache[1].Contenu)
            Info(c.MessageID = m.MessageID)
        FIN
        """
    )
    assert result.lines == [
        "Zoé <zoe@exemple.fr>",
        "zoe@exemple.fr",
        "a@exemple.fr",
        "b@exemple.fr",
        "Aller-retour ✓",
        "Texte",
        "<i>html</i>",
        "n.txt",
        "abc",
        "1",
    ], result.err


# -- samples ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["mail-typed-fr.wl", "mail-typed-en.wl", "mail-legacy-fr.wl", "mail-legacy-en.wl"]
)
def test_samples_deliver(
    net: Servers, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rapport.txt").write_text("rapport\n", encoding="utf-8")
    result = net.run((SAMPLES / name).read_text(encoding="utf-8"))
    assert result.code == 0 and result.err == "", result.err
    assert result.lines and all("chec" not in line and "fail" not in line for line in result.lines)
    records: list[Received] = net.samples.messages
    assert records, result.out
    for rec in records:
        assert rec.auth_mechanism in ("PLAIN", "LOGIN") and rec.tls in ("starttls", "implicit")
        assert rec.message["Subject"] and rec.message["From"] and rec.rcpt_tos


def test_command_line_options_reach_the_mail_functions(
    net: Servers, capsys: pytest.CaptureFixture[str]
) -> None:
    from wlmail.cli import main

    port = net.samples.starttls_port
    code = main(
        [
            "run",
            "--connect-to",
            f"smtp.exemple.fr:587:127.0.0.1:{port}",
            "--cafile",
            net.cafile,
            "--timeout",
            "5",
            str(SAMPLES / "mail-typed-fr.wl"),
        ]
    )
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out == "Message envoyé (identifiant 1)\n"
    [rec] = net.samples.messages
    assert (rec.tls, rec.sni, rec.auth_mechanism) == ("starttls", "smtp.exemple.fr", "PLAIN")
