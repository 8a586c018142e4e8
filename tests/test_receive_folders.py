"""IMAP folders and flags (issue 12) against the private Dovecot: EmailListeRépertoire,
EmailChangeRépertoire, EmailRépertoireEnCours, EmailCréeRépertoire, EmailSupprimeRépertoire,
EmailCopieMessage, EmailDéplaceMessage, EmailMarqueLu/EmailMarqueNonLu, in French with the
user-name key and in English with a typed session and the Emails of EmailGetAll. What the script
prints is checked, and so is what Dovecot's maildir holds afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from dovecot import Dovecot
from test_receive import message, run

INJECTION = 'Caract(13) + Caract(10) + "W9 DELETE INBOX"'


def flags(path: Path) -> str:
    return path.name.rpartition(":2,")[2]


@pytest.fixture
def box(dovecot: Dovecot) -> Dovecot:
    dovecot.clear("alice")
    for n in range(3):
        dovecot.deliver("alice", message(n))
    dovecot.deliver("alice", message(7), folder="Archives")
    return dovecot


def test_folders_copy_move_and_flags_in_french(box: Dovecot, cafile: str) -> None:
    result = run(
        box,
        cafile,
        f"""
        SI PAS EmailOuvreSessionIMAP("alice", "secret", "imap.exemple.test", 993, optionSSL) ALORS
            Info(ErreurInfo())
            RETOUR
        FIN
        Info(EmailRépertoireEnCours("alice"))
        Info(EmailCréeRépertoire("alice", "Reçus"))
        Info(EmailListeRépertoire("alice"))
        EmailLitPremier("alice")
        Info(EmailCopieMessage("alice", "Reçus"))
        EmailLitSuivant("alice")
        Info(EmailDéplaceMessage("alice", "Archives"), Email.EnDehors)
        Info(EmailNbMessage("alice"))
        EmailLitMessage("alice", 2)
        Info(Email.Sujet, EmailMarqueLu("alice"))
        Info(EmailChangeRépertoire("alice", "Reçus"), EmailRépertoireEnCours("alice"))
        Info(EmailNbMessage("alice"))
        EmailLitPremier("alice")
        Info(Email.Sujet)
        Info(EmailChangeRépertoire("alice", "Inexistant"))
        Info(ErreurInfo())
        Info(EmailRépertoireEnCours("alice"), EmailNbMessage("alice"))
        Info(EmailCréeRépertoire("alice", "x" + {INJECTION}))
        Info(ErreurInfo())
        Info(EmailChangeRépertoire("alice", "INBOX"), EmailSupprimeRépertoire("alice", "Reçus"))
        EmailFermeSession("alice")
        """,
    )
    assert result.err == ""
    assert result.code == 0
    lines = result.lines
    assert lines[:2] == ["INBOX", "1"]
    assert set(lines[2:5]) == {"INBOX", "Archives", "Reçus"}
    assert lines[5:] == [
        "1",  # copied
        "1",  # moved…
        "1",  # …and EnDehors
        "2",  # IMAP: the count follows the move
        "Relevé 2",
        "1",  # marked read
        "1",
        "Reçus",
        "1",
        "Relevé 0",  # the copy
        "0",
        lines[16],
        "Reçus",
        "1",  # a refused SELECT leaves the session where it was
        "0",
        lines[20],
        "1",
        "1",
    ]
    assert "Inexistant" in lines[16]
    assert "U+000D" in lines[20]
    archives = box.messages("alice", "Archives")
    assert len(archives) == 2  # message 7 and the moved message 1
    assert any(b"Relev=C3=A9_1" in p.read_bytes() for p in archives)
    inbox = box.messages("alice")
    assert len(inbox) == 2
    read = [p for p in inbox if b"Relev=C3=A9_2" in p.read_bytes()]
    assert len(read) == 1 and "S" in flags(read[0])
    assert not (box.root / "mail" / "alice" / ".Re&AOc-us").exists()  # deleted at the end
    assert not any("W9" in p.name for p in (box.root / "mail" / "alice").iterdir())


def test_typed_session_in_english_acts_on_the_emails_given(box: Dovecot, cafile: str) -> None:
    result = run(
        box,
        cafile,
        """
        MySession is emailIMAPSession
        MySession.ServerAddress = "imap.exemple.test"
        MySession.Name = "alice"
        MySession.Password = "secret"
        MySession.Option = emailOptionSecuredTLS
        IF NOT EmailStartSession(MySession) THEN
            Info(ErrorInfo())
            RETURN
        END
        arr is array of Email = EmailGetAll(MySession)
        Info(arr.Count)
        Info(EmailMarkRead(MySession, arr[3]), EmailMoveMessage(MySession, arr[1], "Archives"))
        Info(arr[1].Out)
        unread is array of Email = EmailGetAll(MySession, ertNotRead)
        Info(unread.Count, unread[1].Subject)
        Info(EmailMarkUnread(MySession, arr[3]))
        unread = EmailGetAll(MySession, ertNotRead)
        Info(unread.Count)
        Info(EmailChangeFolder(MySession, "Archives"), EmailCurrentFolder(MySession))
        all is array of Email = EmailGetAll(MySession)
        Info(all.Count)
        EmailCloseSession(MySession)
        """,
    )
    assert (result.code, result.err) == (0, "")
    assert result.lines == ["3", "1", "1", "1", "1", "Relevé 1", "1", "2", "1", "Archives", "2"]
    assert {flags(p) for p in box.messages("alice")} <= {"", "S"}
    assert all("S" not in flags(p) for p in box.messages("alice"))  # marked unread again


def test_pop3_has_no_folders(box: Dovecot, cafile: str) -> None:
    result = run(
        box,
        cafile,
        """
        EmailOuvreSessionPOP3("alice", "secret", "imap.exemple.test", 995, optionSSL)
        Info(EmailRépertoireEnCours("alice"))
        Info(EmailListeRépertoire("alice") = "", ErreurDétectée)
        Info(ErreurInfo())
        EmailLitPremier("alice")
        Info(EmailDéplaceMessage("alice", "Archives"))
        EmailFermeSession("alice")
        """,
    )
    assert (result.code, result.err) == (0, "")
    assert result.lines[:3] == ["INBOX", "1", "1"]
    assert "IMAP" in result.lines[3] and "POP3" in result.lines[3]
    assert result.lines[4] == "0"
    assert len(box.messages("alice")) == 3
