"""Folders of the sandbox IMAP server, checked with Python's imaplib (LIST, CREATE, COPY, MOVE,
STATUS, DELETE) and with a WLangage script under ``wlmail run --sandbox`` that files the message it
sent: the same folder functions as on Dovecot (tests/test_receive_folders.py)."""

from __future__ import annotations

from pathlib import Path

from test_sandbox_receive import Servers, imaps, sandbox_lines, servers, wlmail_run

__all__ = ["servers"]  # the fixture, imported for this module's tests


def test_imaplib_create_copy_move_status_delete(servers: Servers) -> None:
    client = imaps(servers)
    client.login("alice", "secret")
    assert client.create("Archives")[0] == "OK"
    assert client.create("Re&AOc-us")[0] == "OK"
    assert client.create("archives")[0] == "OK"  # only INBOX ignores case
    assert client.create("inbox")[0] == "NO"
    listed = client.list()[1]
    assert {line.decode().rsplit(" ", 1)[1] for line in listed if isinstance(line, bytes)} == {
        "INBOX",
        "Archives",
        "Re&AOc-us",
        "archives",
    }
    assert client.select("INBOX")[1] == [b"2"]
    assert client.uid("COPY", "1", "Archives")[0] == "OK"
    assert client.uid("MOVE", "2", "Re&AOc-us")[0] == "OK"
    assert client.status("Archives", "(MESSAGES)")[1] == [b"Archives (MESSAGES 1)"]
    assert client.select("Re&AOc-us")[1] == [b"1"]
    fetched = client.fetch("1", "(BODY.PEEK[HEADER])")[1][0]
    assert isinstance(fetched, tuple) and b"<m2@exemple.fr>" in fetched[1]
    assert client.select("INBOX")[1] == [b"1"]  # the move left one message
    assert client.uid("COPY", "1", "Nowhere")[0] == "NO"
    assert client.delete("Archives")[0] == "OK"
    assert client.delete("INBOX")[0] == "NO"
    assert client.select("Archives")[0] == "NO"
    client.logout()
    assert [m.uid for m in servers.mailbox.messages] == [1]  # POP3 sees INBOX alone


def test_a_script_files_the_message_it_sent(tmp_path: Path) -> None:
    result = wlmail_run(
        tmp_path,
        """
        Envoi est un emailSessionSMTP
        Envoi.AdresseServeur = "smtp.exemple.fr"
        Envoi.Port = 587
        Envoi.Nom = "alice@exemple.fr"
        Envoi.MotDePasse = "secret"
        Envoi.Option = emailOptionSécuriséTLS
        EmailOuvreSession(Envoi)
        m est un Email
        m.Expéditeur = "alice@exemple.fr"
        Ajoute(m.Destinataire, "alice@exemple.fr")
        m.Sujet = "À classer"
        m.Message = "corps"
        EmailEnvoieMessage(Envoi, m)
        EmailFermeSession(Envoi)
        EmailOuvreSessionIMAP("alice@exemple.fr", "secret", "imap.exemple.fr", 993, optionSSL)
        Info(EmailCréeRépertoire("alice@exemple.fr", "Reçus"))
        EmailLitPremier("alice@exemple.fr")
        Info(Email.Sujet, EmailDéplaceMessage("alice@exemple.fr", "Reçus"))
        Info(EmailNbMessage("alice@exemple.fr"), EmailChangeRépertoire("alice@exemple.fr", "Reçus"))
        Info(EmailRépertoireEnCours("alice@exemple.fr"), EmailNbMessage("alice@exemple.fr"))
        Info(Remplace(EmailListeRépertoire("alice@exemple.fr"), RC, ","))
        EmailFermeSession("alice@exemple.fr")
        """,
        "--outbox",
        str(tmp_path / "outbox"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "1",
        "À classer",
        "1",
        "0",
        "1",
        "Reçus",
        "1",
        "INBOX,Reçus",
    ]
    outbox = tmp_path / "outbox"
    assert sandbox_lines(result.stderr) == [
        "sandbox: SMTP login with password as alice@exemple.fr accepted",
        "sandbox: message 1 accepted from <alice@exemple.fr> to <alice@exemple.fr>; "
        'subject "À classer"; auth PLAIN as alice@exemple.fr; TLS starttls; '
        f"saved as {outbox}/0001-A-classer.eml",
        "sandbox: IMAP login with password as alice@exemple.fr accepted",
        f"sandbox: 1 message(s) accepted, written to {outbox}",
    ]
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1  # the outbox keeps the record
