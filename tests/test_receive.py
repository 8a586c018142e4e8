"""Reading mail (issue 12) in WLangage against the private Dovecot: POP3 and IMAP, legacy functions
with the user-name key and typed sessions, French and English, the ``Email`` structure and typed
``Email`` variables, ``EnDehors``/``Out``, deletions (POP3 at QUIT, IMAP marked until
EmailDétruit), ``EmailRécupèreTout`` (headers first, body on use; ertNonLus), ``POUR TOUT … DE``
a session, failures as Faux + ErreurInfo, and a documentation example run verbatim.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from email import message_from_bytes
from email import policy as email_policy
from pathlib import Path

import pytest
import trustme
from dovecot import BIND, HOST, Dovecot, require
from mail_support import Result, ServerThread, run_wl
from test_faults_more import FaultSMTP

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "tests" / "doc_examples" / "receive"


def message(n: int, *, subject: str = "Relev=C3=A9") -> bytes:
    return (
        f"From: Bob <bob@exemple.fr>\r\nTo: alice@exemple.fr\r\n"
        f"Subject: =?utf-8?q?{subject}_{n}?=\r\nMessage-ID: <m{n}@exemple.fr>\r\n"
        f"Date: Thu, 03 Dec 2026 08:0{n}:00 +0000\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        f"corps {n} \u00e9t\u00e9\r\n"
    ).encode()


@pytest.fixture(scope="module")
def dovecot(ca: trustme.CA) -> Iterator[Dovecot]:
    require()
    server = Dovecot(ca, users={"alice": "secret", "user": "secret"}).start()
    yield server
    server.stop()


@pytest.fixture
def box(dovecot: Dovecot) -> Dovecot:
    """Alice's INBOX with three messages, the first one already read."""
    dovecot.clear("alice")
    for n in range(3):
        dovecot.deliver("alice", message(n), seen=n == 0)
    return dovecot


def routes(dovecot: Dovecot, host: str = HOST) -> list[tuple[str, int, str, int]]:
    ports = dovecot.ports
    return [
        (host, 110, BIND, ports["pop3"]),
        (host, 995, BIND, ports["pop3s"]),
        (host, 143, BIND, ports["imap"]),
        (host, 993, BIND, ports["imaps"]),
    ]


def run(dovecot: Dovecot, cafile: str, source: str, host: str = HOST) -> Result:
    return run_wl(source, connect_to=routes(dovecot, host), cafile=cafile)


def test_pop3_legacy_loop_delete_and_commit_at_close(box: Dovecot, cafile: str) -> None:
    result = run(
        box,
        cafile,
        """
        SI EmailOuvreSessionPOP3("alice", "secret", "imap.exemple.test", 995, optionSSL) ALORS
            Info(EmailNbMessage("alice"))
            EmailLitPremier("alice")
            TANTQUE PAS Email.EnDehors
                Info(Email.Expéditeur + " | " + Email.Sujet + " | " + Email.Message)
                EmailLitSuivant("alice")
            FIN
            EmailLitMessage("alice", 2)
            EmailSupprimeMessage("alice")
            Info(Email.EnDehors, EmailNbMessage("alice"))
            EmailLitMessage("alice", 2)
            Info(Email.EnDehors)
            EmailFermeSession("alice")
        SINON
            Info(ErreurInfo())
        FIN
        """,
    )
    assert (result.code, result.err) == (0, "")
    assert result.lines == [
        "3",
        "Bob <bob@exemple.fr> | Relevé 0 | corps 0 été",
        "Bob <bob@exemple.fr> | Relevé 1 | corps 1 été",
        "Bob <bob@exemple.fr> | Relevé 2 | corps 2 été",
        "1",
        "3",  # POP3: the count of the session's start (the doc)
        "1",  # a deleted number reads as EnDehors
    ]
    assert len(box.messages("alice")) == 2  # committed by the QUIT of EmailFermeSession


def test_pop3_typed_session_in_english_with_an_email_variable(box: Dovecot, cafile: str) -> None:
    result = run(
        box,
        cafile,
        """
        MySession is emailPOP3Session
        MySession.ServerAddress = "imap.exemple.test"
        MySession.Name = "alice"
        MySession.Password = "secret"
        MySession.Option = emailOptionSecuredTLS
        IF EmailStartSession(MySession) THEN
            MyMessage is Email
            EmailReadLast(MySession, MyMessage)
            WHILE NOT MyMessage.Out
                Info(MyMessage.Subject, MyMessage.SenderAddress, MyMessage.MessageID)
                EmailReadPrevious(MySession, MyMessage)
            END
            EmailCloseSession(MySession)
        ELSE
            Info(ErrorInfo())
        END
        """,
    )
    assert (result.code, result.err) == (0, "")
    assert result.lines == [
        f"{line}"
        for n in (2, 1, 0)
        for line in (f"Relevé {n}", "bob@exemple.fr", f"<m{n}@exemple.fr>")
    ]
    assert len(box.messages("alice")) == 3


def test_imap_get_all_unread_for_each_and_destroy(box: Dovecot, cafile: str) -> None:
    result = run(
        box,
        cafile,
        """
        s est une emailSessionIMAP
        s.AdresseServeur = "imap.exemple.test"
        s.Nom = "alice"
        s.MotDePasse = "secret"
        s.Option = optionSSL
        SI PAS EmailOuvreSession(s) ALORS Info(ErreurInfo())
        Info(EmailNbMessage(s), s)
        nonlus est un tableau de Email = EmailRécupèreTout(s, ertNonLus)
        POUR TOUT m DE nonlus
            Info(m.Sujet + " : " + m.Message)
        FIN
        POUR TOUT m DE s
            Info("tout " + m.Sujet)
        FIN
        EmailLitPremier(s)
        EmailSupprimeMessage(s)
        Info(EmailNbMessage(s), TableauOccurrence(EmailRécupèreTout(s)))
        EmailDétruit(s)
        Info(EmailNbMessage(s))
        EmailFermeSession(s)
        """,
    )
    assert (result.code, result.err) == (0, "")
    assert result.lines == [
        "3",
        "emailSessionIMAP alice@imap.exemple.test:993 (ouverte)",
        "Relevé 1 : corps 1 été",
        "Relevé 2 : corps 2 été",
        "tout Relevé 0",
        "tout Relevé 1",
        "tout Relevé 2",
        "3",  # marked \\Deleted only: still counted until EmailDétruit
        "2",  # but no longer listed
        "2",
    ]
    assert len(box.messages("alice")) == 2


def test_imap_reading_changes_no_flag(box: Dovecot, cafile: str) -> None:
    source = """
        EmailOuvreSessionIMAP("alice", "secret", "imap.exemple.test")
        t est un tableau de Email = EmailRécupèreTout("alice", ertComplet)
        Info(TableauOccurrence(t), TableauOccurrence(EmailRécupèreTout("alice", ertNonLus)))
        EmailFermeSession("alice")
    """
    first = run(box, cafile, source)
    again = run(box, cafile, source)
    assert first.lines == again.lines == ["3", "2"], (first, again)


def test_failures_are_faux_and_erreurinfo(box: Dovecot, cafile: str) -> None:
    result = run(
        box,
        cafile,
        """
        SI PAS EmailOuvreSessionPOP3("alice", "faux", "imap.exemple.test") ALORS Info(ErreurInfo())
        SI PAS EmailOuvreSessionIMAP("alice", "faux", "imap.exemple.test") ALORS Info(ErreurInfo())
        SI PAS EmailLitPremier("bob") ALORS Info(ErreurDétectée, ErreurInfo(), Email.EnDehors)
        Info(TableauOccurrence(EmailRécupèreTout("bob")))
        """,
    )
    assert (result.code, result.err) == (0, "")
    assert result.lines == [
        "authentification refusée par le serveur POP3 imap.exemple.test : "
        "[AUTH] Authentication failed.",
        "authentification refusée par le serveur IMAP imap.exemple.test : "
        "[AUTHENTICATIONFAILED] Authentication failed.",
        "1",
        "aucune session POP3 ou IMAP ouverte pour l'utilisateur « bob »",
        "1",
        "0",
    ]


def test_an_untrusted_certificate_is_refused(box: Dovecot) -> None:
    result = run_wl(
        'SI PAS EmailOuvreSessionPOP3("alice", "secret", "imap.exemple.test", 995, optionSSL) '
        "ALORS Info(ErreurInfo())\n",
        connect_to=routes(box),
    )
    assert (result.code, result.err) == (0, "")
    assert result.lines[0].startswith("certificat du serveur POP3 imap.exemple.test refusé : ")


def test_ert_not_read_on_pop3_is_explained(box: Dovecot, cafile: str) -> None:
    result = run(
        box,
        cafile,
        """
        EmailOuvreSessionPOP3("alice", "secret", "imap.exemple.test")
        t est un tableau de Email = EmailRécupèreTout("alice", ertNonLus)
        Info(TableauOccurrence(t), ErreurDétectée, ErreurInfo())
        """,
    )
    assert (result.code, result.err) == (0, "")
    assert result.lines == [
        "0",
        "1",
        "ertNonLus n'est pas disponible en POP3 (le protocole ne sait pas quels messages ont "
        "été lus)",
    ]


def test_the_documentation_loop_runs_verbatim(dovecot: Dovecot, cafile: str) -> None:
    """The overview page's step 1 + step 2 loop as written (user "user", password "secret"), its
    server routed to Dovecot; --trace shows each message read once, then QUIT."""
    dovecot.clear("user")
    for n in range(2):
        dovecot.deliver("user", message(n))
    path = EXAMPLES / "managing_emails_pop3smtp_3032031_en_readfirst_variable.wl"
    args = [sys.executable, "-m", "wlmail", "run", "--trace", "--cafile", cafile]
    for host1, port1, host2, port2 in routes(dovecot, "pop.mycompany.us"):
        args += ["--connect-to", f"{host1}:{port1}:{host2}:{port2}"]
    done = subprocess.run([*args, str(path)], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, "")
    commands = [line for line in done.stderr.splitlines() if line.startswith("pop3: C: ")]
    assert commands == [
        "pop3: C: CAPA",
        "pop3: C: USER user",
        "pop3: C: PASS ****",
        "pop3: C: STAT",
        "pop3: C: UIDL",
        "pop3: C: RETR 1",
        "pop3: C: RETR 2",
        "pop3: C: QUIT",
    ], done.stderr
    assert "secret" not in done.stderr
    assert len(dovecot.messages("user")) == 2


def test_the_four_string_form_opens_pop3_and_smtp_under_one_key(box: Dovecot, cafile: str) -> None:
    """EmailOuvreSession(user, password, pop3, smtp): read with the POP3 half, answer with the
    SMTP half, close both with one EmailFermeSession(user)."""
    thread = ServerThread()
    smtp = thread.call(FaultSMTP(starttls=False, auth=True).start())
    try:
        result = run_wl(
            """
            SI EmailOuvreSession("alice", "secret", "imap.exemple.test", "smtp.exemple.test") ALORS
                EmailLitPremier("alice")
                Info(Email.Sujet)
                Email.Destinataire = Email.AdresseExpéditeur
                Email.Expéditeur = "alice@exemple.fr"
                Email.Sujet = "Re: " + Email.Sujet
                Info(EmailEnvoieMessage("alice"))
                EmailFermeSession("alice")
                Info(EmailLitSuivant("alice"), ErreurInfo())
            SINON
                Info(ErreurInfo())
            FIN
            """,
            connect_to=[*routes(box), ("smtp.exemple.test", 25, BIND, smtp.port)],
            cafile=cafile,
        )
    finally:
        thread.call(smtp.stop())
        thread.stop()
    assert (result.code, result.err) == (0, "")
    assert result.lines == [
        "Relevé 0",
        "1",
        "0",
        "aucune session POP3 ou IMAP ouverte pour l'utilisateur « alice »",
    ]
    assert len(smtp.messages) == 1
    sent = message_from_bytes(smtp.messages[0], policy=email_policy.default)
    assert (sent["Subject"], sent["To"]) == ("Re: Relevé 0", "bob@exemple.fr")
