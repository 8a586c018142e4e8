"""The sandbox POP3 and IMAP servers (issue 12, items 5 and 7).

First with third-party clients, Python's ``poplib`` and ``imaplib`` over TLS with the run's CA,
so the servers speak the protocols and not only what wlmail expects; then WLangage scripts run
with ``python -m wlmail run --sandbox`` that send a message and read it back (POP3 and IMAP,
French and English, passwords and XOAUTH2), and the four receive samples.
"""

from __future__ import annotations

import base64
import imaplib
import os
import poplib
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from mail_support import ServerThread

from wlmail.sandbox.certs import RunCA
from wlmail.sandbox.imap_server import SandboxIMAP
from wlmail.sandbox.mailstore import SandboxMailbox, crlf
from wlmail.sandbox.pop3_server import SandboxPOP3

ROOT = Path(__file__).resolve().parent.parent
HOST = "mail.exemple.fr"
TIMEOUT = 10


def message(n: int, body: str = "corps") -> bytes:
    return (
        f"From: Bob <bob@exemple.fr>\nTo: alice@exemple.fr\nSubject: Relevé {n}\n"
        f"Message-ID: <m{n}@exemple.fr>\n\n{body} {n}\n"
    ).encode()


def only_alice(user: str, secret: str) -> bool:
    return (user, secret) == ("alice", "secret")


def good_token(user: str, token: str) -> bool:
    return token == "ya29.good"


class Servers:
    def __init__(self, tmp: Path) -> None:
        self.ca = RunCA([HOST])
        self.outbox = tmp / "outbox"
        self.outbox.mkdir()
        (self.outbox / "0002-second.eml").write_bytes(message(2))
        (self.outbox / "0001-first.eml").write_bytes(message(1, ".leading dot"))
        self.mailbox = SandboxMailbox()
        self.mailbox.load_outbox(self.outbox)
        self.thread = ServerThread()
        checks = {"check_password": only_alice, "check_token": good_token}
        self.pop3 = SandboxPOP3(self.mailbox, self.ca, **checks)
        self.imap = SandboxIMAP(self.mailbox, self.ca, **checks)
        self.thread.call(self.pop3.start())
        self.thread.call(self.imap.start())
        self.context = self.ca.client_context()

    def stop(self) -> None:
        self.thread.call(self.pop3.stop())
        self.thread.call(self.imap.stop())
        self.thread.stop()


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[Servers]:
    s = Servers(tmp_path)
    yield s
    s.stop()


def pop3s(s: Servers) -> poplib.POP3_SSL:
    return poplib.POP3_SSL("127.0.0.1", s.pop3.implicit_port, context=s.context, timeout=TIMEOUT)


def imaps(s: Servers) -> imaplib.IMAP4_SSL:
    return imaplib.IMAP4_SSL(
        "127.0.0.1", s.imap.implicit_port, ssl_context=s.context, timeout=TIMEOUT
    )


# ---- the mailbox --------------------------------------------------------------------------------
def test_outbox_files_in_name_order_served_with_crlf(servers: Servers) -> None:
    first, second = servers.mailbox.messages
    assert (first.uid, first.path, second.uid) == (1, servers.outbox / "0001-first.eml", 2)
    assert first.content() == crlf(message(1, ".leading dot"))
    assert first.size == len(first.content()) and b"\r\n\r\n" in first.content()
    assert first.header().endswith(b"<m1@exemple.fr>\r\n\r\n")
    added = servers.mailbox.add(b"Subject: x\n\nbody\n")
    assert (added.uid, added.content()) == (3, b"Subject: x\r\n\r\nbody\r\n")


# ---- POP3 with poplib ---------------------------------------------------------------------------
def test_poplib_over_tls_lists_reads_and_deletes_at_quit(servers: Servers) -> None:
    client = pop3s(servers)
    assert client.getwelcome().startswith(b"+OK")
    caps = client.capa()
    assert {"TOP", "UIDL", "USER", "SASL"} <= caps.keys() and "STLS" not in caps
    assert caps["SASL"] == ["PLAIN", "XOAUTH2"]
    client.user("alice")
    client.pass_("secret")
    sizes = [m.size for m in servers.mailbox.messages]
    assert client.stat() == (2, sum(sizes))
    assert client.list()[1] == [f"1 {sizes[0]}".encode(), f"2 {sizes[1]}".encode()]
    validity = servers.mailbox.uidvalidity
    assert client.uidl()[1] == [f"1 {validity}.1".encode(), f"2 {validity}.2".encode()]
    lines = client.retr(1)[1]
    assert lines[-1] == b".leading dot 1"  # dot-stuffed on the wire, unstuffed by poplib
    assert b"Subject: Relev\xc3\xa9 1" in lines
    top = client.top(2, 0)[1]
    assert top[-1] == b"" and b"Message-ID: <m2@exemple.fr>" in top and b"corps 2" not in top
    client.dele(1)
    with pytest.raises(poplib.error_proto, match="no such message"):
        client.retr(1)
    assert client.stat()[0] == 1
    assert len(servers.mailbox.messages) == 2  # not before QUIT
    assert client.quit().startswith(b"+OK")
    assert [m.uid for m in servers.mailbox.messages] == [2]
    assert (servers.outbox / "0001-first.eml").exists()  # deleting forgets, never erases


def test_poplib_stls_and_a_dropped_connection_deletes_nothing(servers: Servers) -> None:
    client = poplib.POP3("127.0.0.1", servers.pop3.plain_port, timeout=TIMEOUT)
    assert "STLS" in client.capa()
    client.stls(context=servers.context)
    assert "STLS" not in client.capa()
    client.user("alice")
    client.pass_("secret")
    client.dele(1)
    client.dele(2)
    client.rset()
    client.dele(2)
    client.close()  # no QUIT
    client = pop3s(servers)
    client.user("alice")
    client.pass_("secret")
    assert client.stat()[0] == 2
    client.quit()


def test_poplib_wrong_password_and_commands_before_login(servers: Servers) -> None:
    client = pop3s(servers)
    with pytest.raises(poplib.error_proto, match="log in first"):
        client.stat()
    client.user("alice")
    with pytest.raises(poplib.error_proto, match=r"\[AUTH\] authentication failed"):
        client.pass_("wrong")
    client.quit()


def test_pop3_sasl_plain_and_xoauth2_on_the_wire(servers: Servers) -> None:
    def exchange(*lines: bytes) -> list[bytes]:
        raw = socket.create_connection(("127.0.0.1", servers.pop3.implicit_port), TIMEOUT)
        with servers.context.wrap_socket(raw, server_hostname=HOST) as sock:
            stream = sock.makefile("rb")
            answers = [stream.readline()]
            for line in lines:
                sock.sendall(line + b"\r\n")
                answers.append(stream.readline())
            return [a.rstrip() for a in answers]

    plain = base64.b64encode(b"\0alice\0secret")
    good = base64.b64encode(b"user=alice\x01auth=Bearer ya29.good\x01\x01")
    bad = base64.b64encode(b"user=alice\x01auth=Bearer expired\x01\x01")
    assert exchange(b"AUTH PLAIN " + plain, b"STAT")[1:] == [
        b"+OK maildrop has 2 message(s)",
        b"+OK 2 " + str(sum(m.size for m in servers.mailbox.messages)).encode(),
    ]
    assert exchange(b"AUTH XOAUTH2", good)[1:] == [b"+", b"+OK maildrop has 2 message(s)"]
    answers = exchange(b"AUTH XOAUTH2 " + bad, b"")
    assert answers[1].startswith(b"+ ") and b'"status": "401"' in base64.b64decode(answers[1][2:])
    assert answers[2] == b"-ERR [AUTH] invalid OAuth token (sandbox)"


# ---- IMAP with imaplib --------------------------------------------------------------------------
def test_imaplib_over_tls_search_fetch_store_expunge(servers: Servers) -> None:
    client = imaps(servers)
    assert {"IMAP4REV1", "AUTH=XOAUTH2", "SASL-IR"} <= set(client.capabilities)
    assert "STARTTLS" not in client.capabilities
    assert client.login("alice", "secret")[0] == "OK"
    status, folders = client.list()
    assert (status, folders) == ("OK", [b'(\\HasNoChildren) "/" INBOX'])
    assert client.select("INBOX") == ("OK", [b"2"])
    assert client.search(None, "ALL") == ("OK", [b"1 2"])
    assert client.uid("SEARCH", "UNSEEN") == ("OK", [b"1 2"])
    status, data = client.fetch("1", "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER])")
    head, header = data[0]
    size = servers.mailbox.messages[0].size
    assert head == f"1 (UID 1 FLAGS () RFC822.SIZE {size} BODY[HEADER] {{{len(header)}}}".encode()
    assert header.endswith(b"<m1@exemple.fr>\r\n\r\n")
    assert client.search(None, "SEEN") == ("OK", [b""])  # PEEK changes no flag
    status, data = client.uid("FETCH", "2", "(RFC822)")
    assert data[0][1] == crlf(message(2)) and b"FLAGS (\\Seen)" in data[1]
    assert client.uid("SEARCH", "SEEN") == ("OK", [b"2"])
    assert client.store("1", "+FLAGS", "(\\Deleted)") == ("OK", [b"1 (FLAGS (\\Deleted))"])
    assert client.uid("STORE", "2", "-FLAGS.SILENT", "(\\Seen)") == ("OK", [None])
    assert client.search(None, "UNSEEN", "UNDELETED") == ("OK", [b"2"])
    assert client.search(None, "(UNSEEN DELETED)") == ("OK", [b"1"])
    with pytest.raises(imaplib.IMAP4.error, match="unsupported SEARCH key FROM"):
        client.search(None, 'FROM "bob"')
    assert len(servers.mailbox.messages) == 2  # marked only
    assert client.expunge() == ("OK", [b"1"])
    assert [m.uid for m in servers.mailbox.messages] == [2]
    assert (servers.outbox / "0001-first.eml").exists()
    assert client.status("INBOX", "(MESSAGES UNSEEN UIDNEXT)") == (
        "OK",
        [b"INBOX (MESSAGES 1 UNSEEN 1 UIDNEXT 3)"],
    )
    assert client.select("Archives")[0] == "NO"
    assert client.logout()[0] == "BYE"


def test_imaplib_starttls_authenticate_and_new_mail(servers: Servers) -> None:
    client = imaplib.IMAP4("127.0.0.1", servers.imap.plain_port, timeout=TIMEOUT)
    assert "STARTTLS" in client.capabilities
    client.starttls(ssl_context=servers.context)
    assert "STARTTLS" not in client.capabilities
    with pytest.raises(imaplib.IMAP4.error, match="invalid OAuth token"):
        client.authenticate("XOAUTH2", lambda _: b"user=alice\x01auth=Bearer bad\x01\x01")
    token = b"user=alice\x01auth=Bearer ya29.good\x01\x01"
    assert client.authenticate("XOAUTH2", lambda _: token)[0] == "OK"
    assert client.select("INBOX", readonly=True) == ("OK", [b"2"])

    async def deliver() -> None:
        servers.mailbox.add(message(3))

    servers.thread.call(deliver())
    assert client.noop()[0] == "OK"
    assert client.response("EXISTS") == ("EXISTS", [b"2", b"3"])  # SELECT's, then NOOP's
    _status, data = client.fetch("3", "(BODY[])")
    assert data[0][1].endswith(b"corps 3\r\n")
    assert client.search(None, "SEEN") == ("OK", [b""])  # EXAMINE: reading marks nothing
    assert client.store("1", "+FLAGS", "(\\Deleted)")[0] == "NO"
    client.logout()


def test_imap_login_literal_and_plain_before_starttls(servers: Servers) -> None:
    with socket.create_connection(("127.0.0.1", servers.imap.plain_port), TIMEOUT) as sock:
        stream = sock.makefile("rb")
        assert stream.readline().startswith(b"* OK [CAPABILITY IMAP4rev1")
        sock.sendall(b"a1 LOGIN {5}\r\n")
        assert stream.readline() == b"+ Ready for literal data\r\n"
        sock.sendall(b'alice "secret"\r\n')
        assert stream.readline().startswith(b"a1 OK [CAPABILITY")
        sock.sendall(b"a2 UID FETCH 1:* (FLAGS)\r\n")
        assert stream.readline() == b"a2 BAD no folder selected\r\n"
        sock.sendall(b"a3 BOGUS\r\na4 LOGOUT\r\n")
        assert stream.readline() == b"a3 BAD unknown command BOGUS\r\n"
        assert stream.readline() == b"* BYE wlmail sandbox IMAP logging out\r\n"


# ---- WLangage scripts under python -m wlmail run --sandbox --------------------------------------
def wlmail_run(tmp: Path, source: str, *args: str) -> subprocess.CompletedProcess[str]:
    script = tmp / "script.wl"
    script.write_text(source, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "wlmail", "run", "--sandbox", *args, str(script)],
        capture_output=True,
        text=True,
        cwd=tmp,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def sandbox_lines(stderr: str) -> list[str]:
    """stderr without the banner lines, whose ports change from run to run."""
    return [line for line in stderr.splitlines() if not line.startswith("sandbox: SMTP on ")]


SEND_FR = """
Envoi est un emailSessionSMTP
Envoi.AdresseServeur = "smtp.exemple.fr"
Envoi.Port = 465
Envoi.Nom = "alice@exemple.fr"
Envoi.MotDePasse = "secret"
Envoi.Option = emailProtocoleSMTPS
EmailOuvreSession(Envoi)
m est un Email
m.Expéditeur = "alice@exemple.fr"
Ajoute(m.Destinataire, "alice@exemple.fr")
m.Sujet = "Note à moi-même"
m.Message = "Ligne 1" + RC + ".ligne 2"
SI PAS EmailEnvoieMessage(Envoi, m) ALORS Info(ErreurInfo())
EmailFermeSession(Envoi)
"""


def test_pop3_send_then_read_delete_in_french(tmp_path: Path) -> None:
    (tmp_path / "outbox").mkdir()
    (tmp_path / "outbox" / "0001-earlier.eml").write_bytes(message(1))
    result = wlmail_run(
        tmp_path,
        SEND_FR
        + """
SI PAS EmailOuvreSessionPOP3("alice@exemple.fr", "secret", "pop.exemple.fr", 1995, optionSSL) ALORS
    Info(ErreurInfo())
FIN
Info(EmailNbMessage("alice@exemple.fr"))
EmailLitDernier("alice@exemple.fr")
Info(Email.Expéditeur + " | " + Email.Sujet + " | " + Email.Message)
EmailSupprimeMessage("alice@exemple.fr")
EmailFermeSession("alice@exemple.fr")
EmailOuvreSessionPOP3("alice@exemple.fr", "secret", "pop.exemple.fr", 110, emailOptionSécuriséTLS)
Info(EmailNbMessage("alice@exemple.fr"))
EmailFermeSession("alice@exemple.fr")
SI PAS EmailOuvreSessionPOP3("alice@exemple.fr", "", "pop.exemple.fr") ALORS Info(ErreurInfo())
""",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "2\nalice@exemple.fr | Note à moi-même | Ligne 1\n.ligne 2\n1\n"
        "authentification refusée par le serveur POP3 pop.exemple.fr : "
        "[AUTH] authentication failed\n"
    )
    assert sandbox_lines(result.stderr) == [
        "sandbox: SMTP login with password as alice@exemple.fr accepted",
        'sandbox: message 1 accepted from <alice@exemple.fr> to <alice@exemple.fr>; subject "Note'
        ' à moi-même"; auth PLAIN as alice@exemple.fr; TLS implicit; saved as outbox/0002-Note-a-'
        "moi-meme.eml",
        "sandbox: POP3 login with password as alice@exemple.fr accepted",
        "sandbox: POP3 login with password as alice@exemple.fr accepted",
        "sandbox: POP3 login with password as alice@exemple.fr refused (empty user or password)",
        "sandbox: 1 message(s) accepted, written to outbox",
    ]
    assert sorted(p.name for p in (tmp_path / "outbox").iterdir()) == [
        "0001-earlier.eml",
        "0002-Note-a-moi-meme.eml",
    ]


def test_imap_send_then_read_with_xoauth2_in_english(tmp_path: Path) -> None:
    result = wlmail_run(
        tmp_path,
        """
Params is OAuth2Parameters
Params.ClientID = "app"
Params.ClientSecret = "secret"
Params.AuthURL = "https://accounts.google.com/o/oauth2/auth"
Params.TokenURL = "https://accounts.google.com/o/oauth2/token"
Params.Scope = "https://mail.google.com/"
Params.RedirectionURL = "http://localhost:9000"
Token is AuthToken = AuthIdentify(Params)
Sending is emailSMTPSession
Sending.ServerAddress = "smtp.gmail.com"
Sending.Port = 587
Sending.Name = "me@gmail.com"
Sending.Option = emailOptionSecuredTLS
Sending.AuthToken = Token
IF NOT EmailStartSession(Sending) THEN Info(ErrorInfo())
Memo is Email
Memo.Sender = "me@gmail.com"
Add(Memo.Recipient, "me@gmail.com")
Memo.Subject = "Memo"
Memo.HTML = "<p>Hi</p>"
EmailSendMessage(Sending, Memo)
EmailCloseSession(Sending)
Reading is emailIMAPSession
Reading.ServerAddress = "imap.gmail.com"
Reading.Name = "me@gmail.com"
Reading.Option = optionSSL
Reading.AuthToken = Token
IF NOT EmailStartSession(Reading) THEN Info(ErrorInfo())
Info(EmailNbMessage(Reading), ArrayCount(EmailGetAll(Reading, ertNotRead)))
FOR EACH Received OF Reading
    Info(Received.Sender + " | " + Received.Subject + " | " + Received.HTML)
    EmailDeleteMessage(Reading, Received)
END
EmailDestroy(Reading)
Info(EmailNbMessage(Reading))
EmailCloseSession(Reading)
""",
        "--outbox",
        "sent",
    )
    assert (result.returncode, result.stdout.splitlines()) == (
        0,
        ["1", "1", "me@gmail.com | Memo | <p>Hi</p>", "0"],
    ), result.stderr
    err = sandbox_lines(result.stderr)
    assert "sandbox: IMAP login XOAUTH2 as me@gmail.com accepted" in err
    assert "sandbox: SMTP login XOAUTH2 as me@gmail.com accepted" in err
    assert err[-1] == "sandbox: 1 message(s) accepted, written to sent"
    assert [p.name for p in (tmp_path / "sent").iterdir()] == ["0001-Memo.eml"]


# ---- the samples --------------------------------------------------------------------------------
SAMPLES = {
    "receive-pop3-fr.wl": [
        "Messages dans la boîte : 1",
        "Moi <moi@exemple.fr> : Pense-bête : relevé POP3",
    ],
    "receive-pop3-en.wl": [
        "Messages in the mailbox: 1",
        "Me <me@example.com>: Reminder: POP3 check",
    ],
    "receive-imap-fr.wl": [
        "Messages non lus : 1",
        "Moi <moi@exemple.fr> : Pense-bête : relevé IMAP",
    ],
    "receive-imap-en.wl": ["Unread messages: 1", "Me <me@example.com>: Reminder: IMAP check"],
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_receive_sample_runs_with_the_command_of_its_header(name: str, tmp_path: Path) -> None:
    text = (ROOT / "samples" / name).read_text(encoding="utf-8")
    assert f"//   wlmail run --sandbox samples/{name}\n" in text
    result = wlmail_run(tmp_path, text)
    protocol = "POP3" if "pop3" in name else "IMAP"
    assert (result.returncode, result.stdout.splitlines()) == (0, SAMPLES[name]), result.stderr
    err = sandbox_lines(result.stderr)
    assert len(err) == 4 and err[0].startswith("sandbox: SMTP login with password as ")
    assert err[2].startswith(f"sandbox: {protocol} login with password as ")
    assert err[3] == "sandbox: 1 message(s) accepted, written to outbox"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_exported_receive_sample_is_standalone_python(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``export --python`` writes the receive samples on poplib/imaplib (issue 14); that the
    program reads the same mailbox as ``wlmail run`` is proven on Dovecot in
    tests/test_export_receive.py."""
    from wlmail.export import export_command

    source = tmp_path / name
    source.write_bytes((ROOT / "samples" / name).read_bytes())
    assert export_command(str(source), str(tmp_path / "out.py")) == 0
    assert capsys.readouterr().err == ""
    program = (tmp_path / "out.py").read_text(encoding="utf-8")
    library = "imaplib" if "imap" in name else "poplib"
    code = [line for line in program.splitlines() if not line.lstrip().startswith("#")]
    assert f"import {library}" in code and not any("wlmail" in line for line in code)


# ---- documentation examples that need no placeholder ---------------------------------------------
VERBATIM = {
    "managing_emails_pop3smtp_3032031_en_readfirst_variable.wl": ("user", ["RETR 1", "RETR 2"]),
    "managing_emails_pop3smtp_3032031_en_readfirst_structure.wl": ("user", ["RETR 1", "RETR 2"]),
    "managing_emails_pop3smtp_3032031_en_foreach_session.wl": ("user", ["RETR 1", "RETR 2"]),
    "managing_emails_pop3smtp_3032031_fr_session.wl": ("utilisateur", []),
    "managing_emails_pop3smtp_3032031_mixed_session.wl": ("utilisateur", []),
}


@pytest.mark.parametrize("name", sorted(VERBATIM))
def test_documentation_example_runs_verbatim_in_the_sandbox(name: str, tmp_path: Path) -> None:
    """The overview page's steps as written, against the sandbox; the outbox holds two earlier
    messages, each read once (``--trace``), none deleted."""
    (tmp_path / "outbox").mkdir()
    for n in (1, 2):
        (tmp_path / "outbox" / f"000{n}-earlier.eml").write_bytes(message(n))
    text = (ROOT / "tests" / "doc_examples" / "receive" / name).read_text(encoding="utf-8")
    result = wlmail_run(tmp_path, text, "--trace")
    user, reads = VERBATIM[name]
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
    commands = [line[9:] for line in result.stderr.splitlines() if line.startswith("pop3: C: ")]
    assert commands == ["CAPA", f"USER {user}", "PASS ****", "STAT", "UIDL", *reads, "QUIT"]
    assert [line for line in sandbox_lines(result.stderr) if line.startswith("sandbox:")] == [
        f"sandbox: POP3 login with password as {user} accepted",
        "sandbox: 0 message(s) accepted",
    ]
    assert len(list((tmp_path / "outbox").iterdir())) == 2
