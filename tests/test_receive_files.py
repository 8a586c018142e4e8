"""EmailSauveFichierAttaché / EmailSaveAttachment on messages read from the private Dovecot: the
legacy structure's attachment names (French), a typed Email's emailAttach (English), a folder as
destination with a hostile attachment name kept inside it, an unknown name as Faux + ErreurInfo.
"""

from __future__ import annotations

from pathlib import Path

from dovecot import Dovecot
from test_receive import run

MESSAGE = (
    b"From: bob@exemple.fr\r\nTo: alice@exemple.fr\r\nSubject: pieces\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\n'
    b"Voir pieces.\r\n--B\r\nContent-Type: application/pdf\r\n"
    b"Content-Disposition: attachment; filename*=utf-8''relev%C3%A9.pdf\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--B\r\n"
    b'Content-Type: text/plain\r\nContent-Disposition: attachment; filename="../../evil.sh"\r\n'
    b"\r\necho pwned\r\n--B--\r\n"
)


def test_legacy_structure_names_and_a_folder(dovecot: Dovecot, cafile: str, tmp_path: Path) -> None:
    dovecot.clear("alice")
    dovecot.deliver("alice", MESSAGE)
    out = tmp_path / "recus"
    out.mkdir()
    result = run(
        dovecot,
        cafile,
        f"""
        EmailOuvreSessionPOP3("alice", "secret", "imap.exemple.test", 995, optionSSL)
        EmailLitPremier("alice")
        POUR i = 1 _À_ Email.NbAttache
            Info(Email.Attache[i], EmailSauveFichierAttaché(Email.Attache[i], "{out}"))
        FIN
        Info(EmailSauveFichierAttaché("relevé.pdf", "{tmp_path / "copie.pdf"}"))
        Info(EmailSauveFichierAttaché("absent.doc", "{out}"), ErreurInfo())
        EmailFermeSession("alice")
        """,
    )
    assert (result.code, result.err) == (0, "")
    assert result.lines == [
        "relevé.pdf",
        "1",
        "../../evil.sh",
        "1",
        "1",
        "0",
        "aucune pièce jointe « absent.doc » dans le message lu (Email.Attache)",
    ]
    assert sorted(p.name for p in out.iterdir()) == ["evil.sh", "relevé.pdf"]
    assert (out / "relevé.pdf").read_bytes() == b"%PDF-1.4\n"
    assert (tmp_path / "copie.pdf").read_bytes() == b"%PDF-1.4\n"
    assert not (tmp_path.parent / "evil.sh").exists()


def test_typed_email_attachment_in_english(dovecot: Dovecot, cafile: str, tmp_path: Path) -> None:
    dovecot.clear("alice")
    dovecot.deliver("alice", MESSAGE)
    result = run(
        dovecot,
        cafile,
        f"""
        MySession is emailIMAPSession
        MySession.ServerAddress = "imap.exemple.test"
        MySession.Name = "alice"
        MySession.Password = "secret"
        MySession.Option = optionSSL
        EmailStartSession(MySession)
        all is array of Email = EmailGetAll(MySession)
        Info(EmailSaveAttachment(all[1].Attach[2], "{tmp_path}"))
        EmailCloseSession(MySession)
        """,
    )
    assert (result.code, result.err) == (0, "")
    assert result.lines == ["1"]
    assert (tmp_path / "evil.sh").read_bytes() == b"echo pwned"
