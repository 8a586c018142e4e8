"""``wlmail export --python`` of the receive samples: poplib and imaplib, proven on Dovecot.

Each sample (it sends a message to itself, then reads its mailbox over POP3 or IMAP) is
exported and run by the Python of a fresh venv without wlmail (standard library only), and by
``wlmail run``, against the same servers: the loopback SMTP sink of ``test_export.py`` and a
private Dovecot (``dovecot.py``) whose mailbox is seeded the same way before each run. Both
must print the same stdout and stderr with the same exit code, send the same message, and
leave the same messages with the same flags in the mailbox. The exported programs pass ruff
(E,F,W,I,UP,B), ruff format and mypy.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from dovecot import BIND, Dovecot, require
from test_export import _export, _lint, _Mail, _run, _wlmail, venv

from wlmail.export.program import ExportError, export_python

__all__ = ["venv"]  # the fresh-venv fixture, shared with test_export.py

SAMPLES = ["receive-pop3-fr.wl", "receive-pop3-en.wl", "receive-imap-fr.wl", "receive-imap-en.wl"]
USERS = {"moi@exemple.fr": "mot-de-passe-d-application", "me@example.com": "app-password"}
HOSTS = ["pop.exemple.fr", "imap.exemple.fr", "pop.example.com", "imap.example.com"]


class SampleCA(trustme.CA):
    """The test CA; every certificate it issues also names the samples' POP3/IMAP hosts, so
    the one Dovecot answers for all of them and TLS still checks the name the script used."""

    def issue_cert(self, *names: str, **kwargs: Any) -> trustme.LeafCert:
        return super().issue_cert(*names, *HOSTS, **kwargs)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return SampleCA()


@pytest.fixture(scope="module")
def dovecot(ca: trustme.CA) -> Iterator[Dovecot]:
    require()
    server = Dovecot(ca, users=dict(USERS)).start()
    yield server
    server.stop()


class Servers:
    """Dovecot and the SMTP sink, reached by the samples' host names (routes) with one
    bundle of trusted CAs."""

    def __init__(self, dovecot: Dovecot, mail: _Mail, cafile: str, tmp: Path) -> None:
        self.dovecot, self.mail = dovecot, mail
        self.cafile = tmp / "cas.pem"
        self.cafile.write_text(
            Path(cafile).read_text(encoding="ascii") + Path(mail.cafile).read_text("ascii"),
            encoding="ascii",
        )
        ports = dovecot.ports
        self.routes = [
            *mail.routes,
            *[
                (host, port, BIND, ports[kind])
                for host in HOSTS
                for port, kind in ((110, "pop3"), (995, "pop3s"), (143, "imap"), (993, "imaps"))
            ],
        ]

    def seed(self, user: str) -> None:
        """Three messages from Bob, the first one already read (an encoded subject each)."""
        self.dovecot.clear(user)
        for n in range(3):
            self.dovecot.deliver(user, message(n, user), seen=n == 0)

    def mailbox(self, user: str, folder: str = "INBOX") -> list[tuple[str, str, bytes]]:
        """What is left: each message's folder (new/cur), maildir flags and content."""
        return sorted(
            (path.parent.name, path.name.partition(":2,")[2], path.read_bytes())
            for path in self.dovecot.messages(user, folder)
        )

    def env(self) -> dict[str, str]:
        routes = " ".join(f"{h}:{p}={to}:{tp}" for h, p, to, tp in self.routes)
        return {
            "EXPORT_ROUTES": routes,
            "PYTHONPATH": str(self.mail.shim),
            "SSL_CERT_FILE": str(self.cafile),
        }


def message(n: int, user: str) -> bytes:
    return (
        f"From: =?utf-8?q?Bob_B=C3=A9rard?= <bob@exemple.fr>\r\nTo: {user}\r\n"
        f"Subject: =?utf-8?q?Relev=C3=A9_{n}?=\r\nMessage-ID: <m{n}@exemple.fr>\r\n"
        f"Date: Thu, 03 Dec 2026 08:0{n}:00 +0000\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        f"corps {n} \u00e9t\u00e9\r\n"
    ).encode()


@pytest.fixture(scope="module")
def servers(
    dovecot: Dovecot, cafile: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Servers]:
    tmp = tmp_path_factory.mktemp("receive")
    mail = _Mail(tmp)
    try:
        yield Servers(dovecot, mail, cafile, tmp)
    finally:
        mail.stop()


def both(
    script: str, user: str, servers: Servers, venv: Path, tmp_path: Path
) -> tuple[tuple[int, str, str], tuple[int, str, str], str]:
    """(by Python, by wlmail, the exported program), each run on a freshly seeded mailbox
    that must be left the same."""
    source = tmp_path / "script.wl"
    source.write_text(script, encoding="utf-8")
    program = tmp_path / "script.py"
    program.write_text(export_python(script, "script.wl").source, encoding="utf-8")
    _lint(program)
    servers.seed(user)
    by_python = _run(venv, program, servers.env())
    left_by_python = servers.mailbox(user)
    servers.seed(user)
    by_wlmail = _wlmail(source, connect_to=servers.routes, cafile=str(servers.cafile))
    assert servers.mailbox(user) == left_by_python
    servers.mail.delivered()
    return by_python, by_wlmail, program.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", SAMPLES)
def test_receive_sample_runs_the_same_without_wlmail(
    name: str, servers: Servers, venv: Path, tmp_path: Path
) -> None:
    user = "moi@exemple.fr" if name.endswith("-fr.wl") else "me@example.com"
    program = _export(tmp_path, name)
    servers.seed(user)
    by_python = _run(venv, program, servers.env())
    left_by_python = servers.mailbox(user)
    sent_by_python = servers.mail.delivered()
    servers.seed(user)
    by_wlmail = _wlmail(tmp_path / name, connect_to=servers.routes, cafile=str(servers.cafile))
    left_by_wlmail = servers.mailbox(user)
    sent_by_wlmail = servers.mail.delivered()
    assert by_python == by_wlmail
    code, out, err = by_wlmail
    assert code == 0 and err == ""
    assert "Bob Bérard <bob@exemple.fr>" in out and "Relevé 2" in out
    assert left_by_python == left_by_wlmail
    assert len(left_by_wlmail) == 3
    assert len(sent_by_python) == len(sent_by_wlmail) == 1
    assert sent_by_python[0][:5] == sent_by_wlmail[0][:5]  # envelope, auth, TLS
    assert sent_by_python[0][5] == sent_by_wlmail[0][5]  # MIME structure


@pytest.mark.parametrize("name", ["receive-pop3-fr.wl", "receive-imap-en.wl"])
def test_a_refused_login_takes_the_failure_branch(
    name: str, servers: Servers, venv: Path, tmp_path: Path
) -> None:
    """Both print the script's message on stderr and stop (RETURN): exit 0, nothing on
    stdout. The error text after the script's own words is the library's, not wlmail's."""
    text = (Path(__file__).parent.parent / "samples" / name).read_text(encoding="utf-8")
    password = "mot-de-passe-d-application" if name.endswith("-fr.wl") else "app-password"
    script = tmp_path / name
    # the SMTP login keeps its password; only the receive session's is wrong
    head, _, tail = text.rpartition(password)
    script.write_text(head + "wrong" + tail, encoding="utf-8")
    program = tmp_path / "refused.py"
    program.write_text(export_python(script.read_text("utf-8"), name).source, encoding="utf-8")
    servers.seed("moi@exemple.fr" if name.endswith("-fr.wl") else "me@example.com")
    code, out, err = _run(venv, program, servers.env())
    expected = _wlmail(script, connect_to=servers.routes, cafile=str(servers.cafile))
    servers.mail.delivered()
    assert (code, out) == (expected[0], expected[1]) == (0, "")
    prefix = {
        "receive-pop3-fr.wl": "Impossible d'ouvrir la session POP3 : ",
        "receive-imap-en.wl": "Cannot open the IMAP session: ",
    }[name]
    assert expected[2].startswith(prefix) and err.startswith(prefix)
    assert len(err.splitlines()) == len(expected[2].splitlines()) == 1
    assert "Traceback" not in err


POP3_DELETE = """
SI PAS EmailOuvreSessionPOP3("moi@exemple.fr", "mot-de-passe-d-application", ...
        "pop.exemple.fr", 110, emailOptionSécuriséTLS) ALORS
\tErreur(ErreurInfo())
\tRETOUR
FIN
EmailLitPremier("moi@exemple.fr") // STLS on 110
TANTQUE PAS Email.EnDehors
\tInfo(Email.AdresseExpéditeur + " | " + Email.Sujet + " | " + Email.Message)
\tSI Email.Sujet = "Relevé 1" ALORS EmailSupprimeMessage("moi@exemple.fr")
\tEmailLitSuivant("moi@exemple.fr")
FIN
EmailFermeSession("moi@exemple.fr")
"""

IMAP_DELETE = """
Inbox is emailIMAPSession
Inbox.ServerAddress = "imap.example.com"
Inbox.Name = "me@example.com"
Inbox.Password = "app-password"
Inbox.Option = optionSSL
IF EmailStartSession(Inbox) THEN
\tInfo(EmailNbMessage(Inbox))
\tEmailReadFirst(Inbox)
\tWHILE NOT Email.Out
\t\tInfo(Email.Sender + " | " + Email.Subject + " | " + Email.Message)
\t\tIF Email.Subject = "Relevé 0" THEN EmailDeleteMessage(Inbox)
\t\tEmailReadNext(Inbox)
\tEND
\tInfo(EmailNbMessage(Inbox))
\tEmailDestroy(Inbox)
\tInfo(EmailNbMessage(Inbox))
\tEmailCloseSession(Inbox)
ELSE
\tError(ErrorInfo())
END
"""


@pytest.mark.parametrize(
    ("script", "user", "lines"),
    [
        (
            POP3_DELETE,
            "moi@exemple.fr",
            [f"bob@exemple.fr | Relevé {n} | corps {n} été" for n in range(3)],
        ),
        (
            IMAP_DELETE,
            "me@example.com",
            [
                "3",
                *[f"Bob Bérard <bob@exemple.fr> | Relevé {n} | corps {n} été" for n in range(3)],
                "3",  # marked \\Deleted only: counted until EmailDestroy
                "2",
            ],
        ),
    ],
    ids=["pop3-fr", "imap-en"],
)
def test_a_reading_loop_that_deletes_leaves_the_same_mailbox(
    script: str, user: str, lines: list[str], servers: Servers, venv: Path, tmp_path: Path
) -> None:
    by_python, by_wlmail, _ = both(script, user, servers, venv, tmp_path)
    assert by_wlmail == (0, "\n".join(lines) + "\n", "")
    assert by_python == by_wlmail
    assert len(servers.mailbox(user)) == 2  # the deletion was committed (POP3 QUIT, IMAP EXPUNGE)


POP3_BACKWARDS = """
MySession is emailPOP3Session
MySession.ServerAddress = "pop.example.com"
MySession.Name = "me@example.com"
MySession.Password = "app-password"
MySession.Option = emailOptionSecuredTLS
IF EmailStartSession(MySession) THEN
\tMyMessage is Email
\tEmailReadLast(MySession, MyMessage)
\tWHILE NOT MyMessage.Out
\t\tInfo(MyMessage.Subject, MyMessage.SenderAddress, MyMessage.MessageID)
\t\tEmailReadPrevious(MySession, MyMessage)
\tEND
\tEmailCloseSession(MySession)
ELSE
\tInfo(ErrorInfo())
END
"""

IMAP_FOR_EACH = """
s est une emailSessionIMAP
s.AdresseServeur = "imap.exemple.fr"
s.Nom = "moi@exemple.fr"
s.MotDePasse = "mot-de-passe-d-application"
SI EmailOuvreSession(s) ALORS // emailOptionDéfaut: plain IMAP on 143
\tPOUR TOUT m DE s
\t\tInfo(m.Expéditeur + " : " + m.Sujet)
\t\tSI m.Sujet = "Relevé 2" ALORS EmailSupprimeMessage(s)
\tFIN
\tEmailDétruit(s)
\tInfo(EmailNbMessage(s))
\tEmailFermeSession(s)
FIN
"""

IMAP_LEGACY = """
IF NOT EmailStartIMAPSession("me@example.com", "app-password", ...
        "imap.example.com", 993, optionSSL) THEN
\tError(ErrorInfo())
\tRETURN
END
All is array of Email = EmailGetAll("me@example.com", ertFull)
FOR EACH Received OF All
\tInfo(Received.Subject + ": " + Received.Message)
END
EmailCloseSession("me@example.com")
"""


@pytest.mark.parametrize(
    ("script", "user", "lines", "left"),
    [
        (
            POP3_BACKWARDS,
            "me@example.com",
            [
                line
                for n in (2, 1, 0)
                for line in (f"Relevé {n}", "bob@exemple.fr", f"<m{n}@exemple.fr>")
            ],
            3,
        ),
        (
            IMAP_FOR_EACH,
            "moi@exemple.fr",
            [*[f"Bob Bérard <bob@exemple.fr> : Relevé {n}" for n in range(3)], "2"],
            2,
        ),
        (
            IMAP_LEGACY,
            "me@example.com",
            [f"Relevé {n}: corps {n} été" for n in range(3)],
            3,
        ),
    ],
    ids=["pop3-typed-backwards-en", "imap-for-each-session-fr", "imap-legacy-get-all-en"],
)
def test_other_reading_shapes_run_the_same(
    script: str,
    user: str,
    lines: list[str],
    left: int,
    servers: Servers,
    venv: Path,
    tmp_path: Path,
) -> None:
    by_python, by_wlmail, _ = both(script, user, servers, venv, tmp_path)
    assert by_wlmail == (0, "\n".join(lines) + "\n", "")
    assert by_python == by_wlmail
    assert len(servers.mailbox(user)) == left


IMAP_FOLDERS = """
s est une emailSessionIMAP
s.AdresseServeur = "imap.exemple.fr"
s.Nom = "moi@exemple.fr"
s.MotDePasse = "mot-de-passe-d-application"
s.Option = optionSSL
SI PAS EmailOuvreSession(s) ALORS
\tErreur(ErreurInfo())
\tRETOUR
FIN
EmailCréeRépertoire(s, "Mes archives")
EmailLitPremier(s)
TANTQUE PAS Email.EnDehors
\tSI Email.Sujet = "Relevé 1" ALORS EmailCopieMessage(s, "Mes archives")
\tSI Email.Sujet = "Relevé 2" ALORS EmailMarqueLu(s)
\tSI Email.Sujet = "Relevé 0" ALORS EmailMarqueNonLu(s, Email)
\tEmailLitSuivant(s)
FIN
EmailChangeRépertoire(s, "Mes archives")
POUR TOUT m DE s
\tInfo("archivé : " + m.Sujet)
FIN
EmailChangeRépertoire(s, "Absent") // refused: wlmail selects "Mes archives" again
Info(EmailNbMessage(s))
EmailFermeSession(s)
"""


def test_imap_folders_and_flags_leave_the_same_mailbox(
    servers: Servers, venv: Path, tmp_path: Path
) -> None:
    user = "moi@exemple.fr"
    source = tmp_path / "folders.wl"
    source.write_text(IMAP_FOLDERS, encoding="utf-8")
    program = tmp_path / "folders.py"
    program.write_text(export_python(IMAP_FOLDERS, "folders.wl").source, encoding="utf-8")
    _lint(program)
    assert "s.create('\"Mes archives\"')" in program.read_text(encoding="utf-8")
    left = []
    for run in (
        lambda: _run(venv, program, servers.env()),
        lambda: _wlmail(source, connect_to=servers.routes, cafile=str(servers.cafile)),
    ):
        servers.seed(user)
        result = run()
        left.append((result, servers.mailbox(user), servers.mailbox(user, "Mes archives")))
    assert left[1][0] == (0, "archivé : Relevé 1\n1\n", "")
    assert left[0] == left[1]
    inbox, archives = left[1][1], left[1][2]
    read = sorted(
        n
        for n in range(3)
        for _, flags, data in inbox
        if f"A9_{n}?=".encode() in data and "S" in flags
    )
    assert read == [2]  # 0 unread again, 1 left unread, 2 marked read
    assert len(archives) == 1 and b"Relev=C3=A9_1" in archives[0][2]


def test_exported_receive_samples_pass_ruff_and_mypy(tmp_path: Path) -> None:
    for name in SAMPLES:
        _export(tmp_path, name)
    _lint(*tmp_path.glob("*.py"))


def test_export_writes_poplib_and_imaplib(tmp_path: Path) -> None:
    pop = _export(tmp_path, "receive-pop3-fr.wl").read_text(encoding="utf-8")
    assert "import poplib" in pop and "import imaplib" not in pop
    assert 'pop3.user("moi@exemple.fr")' in pop
    assert "context=ssl.create_default_context()" in pop
    assert "for number in range(1, pop3.stat()[0] + 1):" in pop
    assert 'email.message_from_bytes(b"\\r\\n".join(lines), policy=policy.default)' in pop
    assert "except (OSError, poplib.error_proto) as err:" in pop
    imap = _export(tmp_path, "receive-imap-en.wl").read_text(encoding="utf-8")
    assert 'Reading = imaplib.IMAP4("imap.example.com", 143, timeout=600)' in imap
    assert "Reading.starttls(ssl.create_default_context())" in imap
    assert '_, found = Reading.uid("SEARCH", "UNSEEN", "UNDELETED")' in imap
    assert '"(BODY.PEEK[])"' in imap  # reading changes no flag, as with wlmail
    assert "Unread: list[EmailMessage] = []" in imap
    assert "        Reading.logout()" in imap  # in a contextlib.suppress: never a failure
    for program in (pop, imap):
        assert "_wl import" not in program  # mail code calls no helper


LEGACY_CLOSE = """
SI EmailOuvreSessionSMTP("moi@exemple.fr", "pw", "smtp.exemple.fr", 25) ALORS Info("smtp")
SI EmailOuvreSessionPOP3("moi@exemple.fr", "pw", "pop.exemple.fr") ALORS Info("pop")
SI EmailOuvreSessionPOP3("autre@exemple.fr", "pw", "pop.exemple.fr") ALORS Info("pop2")
EmailFermeSession("moi@exemple.fr")
EmailFermeSession("autre@exemple.fr")
"""


def test_closing_a_legacy_user_closes_its_smtp_session_too() -> None:
    """As in wlmail, EmailFermeSession(user) closes every session opened under that name."""
    program = export_python(LEGACY_CLOSE, "c.wl").source
    closes = [line.strip() for line in program.splitlines() if "quit" in line or "suppress" in line]
    assert closes[-6:] == [
        "with contextlib.suppress(NameError, OSError, poplib.error_proto):",
        "pop3.quit()",
        "with contextlib.suppress(OSError, smtplib.SMTPException):",  # under `if smtp is not None:`
        "smtp.quit()",
        "with contextlib.suppress(NameError, OSError, poplib.error_proto):",
        "pop3_2.quit()",
    ]
    assert 'pop3_2.user("autre@exemple.fr")' in program


RECEIVE_ONLY = """
SI EmailOuvreSessionPOP3("u", "p", "pop.exemple.fr", 995, optionSSL) ALORS
    EmailLitPremier("u")
    Info(Email.Sujet)
    EmailLitPremier("u")
    TANTQUE PAS Email.EnDehors
        EmailLitMessage("u", 2)
        EmailLitSuivant("u")
    FIN
    EmailSupprimeMessage("u")
FIN
"""


def test_what_is_not_mapped_is_listed_with_its_line() -> None:
    with pytest.raises(ExportError) as caught:
        export_python(RECEIVE_ONLY, "r.wl")
    lines = sorted({p.line for p in caught.value.problems})
    assert lines == [3, 6, 10], caught.value.problems
    messages = [p.message for p in caught.value.problems]
    assert "EmailSupprimeMessage outside a reading loop of that session" in messages
