"""``export --python`` of receive scripts on their failure paths, and of more received fields.

Same harness as ``test_export_receive.py`` (its fixtures: the private Dovecot, the SMTP sink,
the fresh venv without wlmail): each script is exported, linted (ruff E,F,W,I,UP,B, ruff
format, mypy), run by that venv's Python and by ``wlmail run`` on the same seeded mailbox;
stdout, stderr, exit code and the mailbox left must be the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dovecot import BIND, Dovecot, require
from test_export import _lint, _Mail, _run, _wlmail
from test_export_receive import USERS, Servers, both, ca, servers, venv

from wlmail.export.program import ExportError, export_python
from wlmail.mail import mutf7

__all__ = ["ca", "servers", "venv"]  # fixtures shared with test_export_receive.py


NEVER_OPENED = """
Envoi est un emailSessionSMTP
Envoi.AdresseServeur = "nulle-part.invalid"
SI EmailOuvreSession(Envoi) ALORS Info("smtp ouverte")
EmailFermeSession(Envoi)
EmailOuvreSessionPOP3("moi@exemple.fr", "mot-de-passe-d-application", ...
        "nulle-part.invalid", 995, optionSSL)
EmailFermeSession("moi@exemple.fr")
SI EmailOuvreSessionIMAP("autre@exemple.fr", "faux", "imap.exemple.fr", 993, optionSSL) ALORS
\tInfo("imap ouverte")
SINON
\tErreur("imap refusée")
FIN
EmailFermeSession("autre@exemple.fr")
Info("fin")
"""


def test_closing_after_a_failed_open_is_silent(
    servers: Servers, venv: Path, tmp_path: Path
) -> None:
    """wlmail's EmailFermeSession returns Faux; the export's quit()/logout() must not raise
    (the name is unbound when the connection failed, the session half-open after a refused
    login)."""
    by_python, by_wlmail, program = both(NEVER_OPENED, "moi@exemple.fr", servers, venv, tmp_path)
    assert by_wlmail == (0, "fin\n", "imap refusée\n")
    assert by_python == by_wlmail
    # the SMTP session is None after its failed open (export/mail_maybe.py)
    assert "Envoi: smtplib.SMTP | None = None" in program
    assert "if Envoi is not None:" in program
    assert "with contextlib.suppress(NameError, OSError, poplib.error_proto):" in program


@pytest.fixture
def unreadable(servers: Servers) -> Iterator[Path]:
    """An INBOX Dovecot cannot read: it accepts the login, then answers SELECT with NO."""
    box = servers.dovecot.mailbox("me@example.com")
    yield box / "cur"
    (box / "cur").chmod(0o700)


SELECT_REFUSED = """
Inbox is emailIMAPSession
Inbox.ServerAddress = "imap.example.com"
Inbox.Name = "me@example.com"
Inbox.Password = "app-password"
Inbox.Option = optionSSL
IF EmailStartSession(Inbox) THEN
\tInfo(EmailNbMessage(Inbox))
ELSE
\tError("INBOX cannot be read")
END
EmailCloseSession(Inbox)
Info("done")
"""


def test_a_refused_select_inbox_fails_the_open(
    servers: Servers, venv: Path, tmp_path: Path, unreadable: Path
) -> None:
    source = tmp_path / "select.wl"
    source.write_text(SELECT_REFUSED, encoding="utf-8")
    program = tmp_path / "select.py"
    program.write_text(export_python(SELECT_REFUSED, "select.wl").source, encoding="utf-8")
    _lint(program)
    results = []
    for run in (
        lambda: _run(venv, program, servers.env()),
        lambda: _wlmail(source, connect_to=servers.routes, cafile=str(servers.cafile)),
    ):
        servers.seed("me@example.com")
        unreadable.chmod(0)
        results.append(run())
        unreadable.chmod(0o700)
    assert results[1] == (0, "done\n", "INBOX cannot be read\n")
    assert results[0] == results[1]


MOVE_FR = """
s est une emailSessionIMAP
s.AdresseServeur = "imap.exemple.fr"
s.Nom = "moi@exemple.fr"
s.MotDePasse = "mot-de-passe-d-application"
s.Option = optionSSL
SI PAS EmailOuvreSession(s) ALORS
\tErreur(ErreurInfo())
\tRETOUR
FIN
Info(EmailRépertoireEnCours(s))
EmailCréeRépertoire(s, "Classés")
POUR TOUT m DE s
\tInfo(m.Sujet + " du " + m.Date)
\tSI m.Sujet <> "Relevé 0" ALORS EmailDéplaceMessage(s, "Classés")
FIN
Info(EmailNbMessage(s))
EmailChangeRépertoire(s, "Classés")
POUR TOUT m DE s
\tInfo("classé : " + m.Sujet + ", reçu " + m.DateRéception)
FIN
EmailFermeSession(s)
"""

MOVE_EN = """
IF NOT EmailStartIMAPSession("me@example.com", "app-password", "imap.example.com") THEN
\tError(ErrorInfo())
\tRETURN
END
Info(EmailCurrentFolder("me@example.com"))
EmailCreateFolder("me@example.com", "Archives")
EmailReadFirst("me@example.com")
WHILE NOT Email.Out
\tInfo(Email.Subject + " of " + Email.ReceiveDate)
\tIF Email.Subject = "Relevé 1" THEN EmailMoveMessage("me@example.com", "Archives")
\tEmailReadNext("me@example.com")
END
EmailCloseSession("me@example.com")
"""


@pytest.mark.parametrize(
    ("script", "user", "lines", "folder", "moved"),
    [
        (
            MOVE_FR,
            "moi@exemple.fr",
            [
                "INBOX",
                *[f"Relevé {n} du 20261203080{n}0000" for n in range(3)],
                "1",
                *[f"classé : Relevé {n}, reçu 20261203080{n}0000" for n in (1, 2)],
            ],
            "Classés",
            2,
        ),
        (
            MOVE_EN,
            "me@example.com",
            ["INBOX", *[f"Relevé {n} of 20261203080{n}0000" for n in range(3)]],
            "Archives",
            1,
        ),
    ],
    ids=["typed-for-each-fr", "legacy-read-loop-en"],
)
def test_moving_messages_and_their_dates(
    script: str,
    user: str,
    lines: list[str],
    folder: str,
    moved: int,
    servers: Servers,
    venv: Path,
    tmp_path: Path,
) -> None:
    """EmailDéplaceMessage (UID MOVE: Dovecot offers it after the login), Date and
    DateRéception as wlmail shows a date-time, EmailRépertoireEnCours of a session in INBOX."""
    folder = mutf7.encode(folder)  # a maildir++ folder is named as IMAP names it
    by_python, by_wlmail, program = both(script, user, servers, venv, tmp_path)
    assert by_wlmail == (0, "\n".join(lines) + "\n", "")
    assert by_python == by_wlmail
    assert '.uid("MOVE", uid, ' in program
    assert len(servers.mailbox(user)) == 3 - moved  # after wlmail's run
    assert len(servers.mailbox(user, folder)) == moved


UNCHECKED_FR = """
s est une emailSessionPOP3
s.AdresseServeur = "pop.exemple.fr"
s.Nom = "moi@exemple.fr"
s.MotDePasse = "{password}"
s.Option = optionSSL
EmailOuvreSession(s) // sans test : en cas d'échec, rien n'est lu
POUR TOUT m DE s
\tInfo(m.Sujet + " pour " + m.Destinataire[1] + " (" + m.Date + ")")
FIN
EmailFermeSession(s)
Info("fin")
"""

UNCHECKED_EN = """
EmailStartIMAPSession("me@example.com", "{password}", "imap.example.com", 993, optionSSL)
All is array of Email = EmailGetAll("me@example.com", ertFull)
FOR EACH Received OF All
\tInfo(Received.Subject + " to " + Received.Recipient[1])
END
EmailReadFirst("me@example.com")
WHILE NOT Email.Out
\tInfo(Email.Subject + ", " + Email.NbRecipient + " to, " + Email.NbCc + " in copy")
\tEmailReadNext("me@example.com")
END
EmailCloseSession("me@example.com")
Info("done")
"""


@pytest.mark.parametrize("right", [True, False], ids=["opened", "refused"])
@pytest.mark.parametrize(
    ("script", "user", "password", "lines"),
    [
        (
            UNCHECKED_FR,
            "moi@exemple.fr",
            "mot-de-passe-d-application",
            [f"Relevé {n} pour moi@exemple.fr (20261203080{n}0000)" for n in range(3)],
        ),
        (
            UNCHECKED_EN,
            "me@example.com",
            "app-password",
            [
                *[f"Relevé {n} to me@example.com" for n in range(3)],
                *[f"Relevé {n}, 1 to, 0 in copy" for n in range(3)],
            ],
        ),
    ],
    ids=["typed-pop3-fr", "legacy-imap-en"],
)
def test_reading_after_an_unchecked_open(
    script: str,
    user: str,
    password: str,
    lines: list[str],
    right: bool,
    servers: Servers,
    venv: Path,
    tmp_path: Path,
) -> None:
    """An open whose result the script ignores: the reads run under a flag the open sets, so
    a refused login reads nothing and the program goes on, as with wlmail (no NameError)."""
    text = script.replace("{password}", password if right else "wrong")
    by_python, by_wlmail, program = both(text, user, servers, venv, tmp_path)
    last = "fin" if "fin" in script else "done"
    assert by_wlmail == (0, "\n".join([*(lines if right else []), last]) + "\n", "")
    assert by_python == by_wlmail
    assert "_open = True" in program and "Destinataire" not in program


DOC = Path(__file__).parent / "doc_examples" / "receive"
#: the documentation examples the export writes, with their user (password "secret")
DOC_EXPORTED = {
    "managing_emails_pop3smtp_3032031_en_foreach_session.wl": "user",
    "managing_emails_pop3smtp_3032031_en_readfirst_structure.wl": "user",
    "managing_emails_pop3smtp_3032031_en_readfirst_variable.wl": "user",
    "managing_emails_pop3smtp_3032031_fr_session.wl": "utilisateur",
    "managing_emails_pop3smtp_3032031_mixed_session.wl": "utilisateur",
}


@pytest.fixture(scope="module")
def dovecot(ca: Any) -> Iterator[Dovecot]:
    """As test_export_receive.py's, with the users of the documentation examples too."""
    require()
    server = Dovecot(ca, users={**USERS, "user": "secret", "utilisateur": "secret"}).start()
    yield server
    server.stop()


@pytest.mark.parametrize("name", sorted(DOC_EXPORTED))
def test_receive_doc_examples_run_the_same(
    name: str, servers: Servers, venv: Path, tmp_path: Path
) -> None:
    """The doc's 'Managing emails' fragments (an open whose result is ignored, a loop whose
    body is the doc's placeholder): exported, clean, and run as wlmail runs them."""
    ports = servers.dovecot.ports
    for host in ("pop.mycompany.us", "pop.masociete.fr"):
        servers.routes.append((host, 110, BIND, ports["pop3"]))
    script = (DOC / name).read_text(encoding="utf-8")
    by_python, by_wlmail, program = both(script, DOC_EXPORTED[name], servers, venv, tmp_path)
    assert by_wlmail == (0, "", "")
    assert by_python == by_wlmail
    assert "_open = True" in program or "for " not in program


def test_receive_doc_examples_not_exported_say_why() -> None:
    """The other receive doc examples are placeholders (USER, NomUser…) or shapes not mapped:
    each is refused with its reasons, never written wrong."""
    for path in sorted(DOC.glob("*.wl")):
        if path.name in DOC_EXPORTED:
            continue
        with pytest.raises(ExportError) as caught:
            export_python(path.read_text(encoding="utf-8"), path.name)
        assert caught.value.problems, path.name


LEFT_OPEN = """
IF NOT EmailStartPOP3Session("me@example.com", "app-password", ...
        "pop.example.com", 995, optionSSL) THEN
\tError(ErrorInfo())
\tRETURN
END
EmailReadFirst("me@example.com")
WHILE NOT Email.Out
\tIF Email.Subject = "Relevé 1" THEN EmailDeleteMessage("me@example.com")
\tEmailReadNext("me@example.com")
END
Info("no EmailCloseSession")
"""


def test_a_session_left_open_is_closed_at_the_end(
    servers: Servers, venv: Path, tmp_path: Path
) -> None:
    """wlmail QUITs the sessions a script leaves open when it ends, which commits a POP3
    deletion: the export closes them where main ends."""
    by_python, by_wlmail, program = both(LEFT_OPEN, "me@example.com", servers, venv, tmp_path)
    assert by_wlmail == (0, "no EmailCloseSession\n", "")
    assert by_python == by_wlmail
    assert "# wlmail closes the sessions a script leaves open" in program
    left = servers.mailbox("me@example.com")
    assert len(left) == 2 and not any(b"Relev=C3=A9_1" in data for _, _, data in left)


@pytest.fixture
def without_move(ca: Any, cafile: str, tmp_path: Path) -> Iterator[Servers]:
    """A Dovecot whose CAPABILITY does not list MOVE (it would still accept it)."""
    require()
    server = Dovecot(
        ca, users=dict(USERS), settings="imap_capability = IMAP4rev1 SASL-IR LITERAL+ UIDPLUS\n"
    ).start()
    mail = _Mail(tmp_path)
    try:
        yield Servers(server, mail, cafile, tmp_path)
    finally:
        mail.stop()
        server.stop()


def test_moving_without_move_copies_then_marks_deleted(
    without_move: Servers, venv: Path, tmp_path: Path
) -> None:
    """No MOVE in CAPABILITY: UID COPY then \\Deleted, as wlmail does; the original stays,
    marked deleted (T), until EmailDétruit."""
    close = 'EmailCloseSession("me@example.com")'
    script = MOVE_EN.replace(close, 'Info(EmailNbMessage("me@example.com"))\n' + close)
    by_python, by_wlmail, _ = both(script, "me@example.com", without_move, venv, tmp_path)
    assert by_wlmail[0] == 0 and by_wlmail[2] == ""
    assert by_wlmail[1].endswith("3\n")  # still counted: only marked deleted
    assert by_python == by_wlmail
    left = without_move.mailbox("me@example.com")
    assert len(left) == 3 and sum("T" in flags for _, flags, _ in left) == 1
    assert len(without_move.mailbox("me@example.com", "Archives")) == 1
