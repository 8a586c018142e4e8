"""Reading mail when things go wrong (issue 12): malformed messages on Dovecot (a multipart without
its closing boundary, an unknown charset, a NUL in a header), and hostile POP3/IMAP servers of
our own on loopback (no STLS/STARTTLS offered, a drop in the middle of RETR/FETCH, a silent
server): each ends as Faux + ErreurInfo or a readable message, never a traceback or a hang.
Also the method forms on the session types.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
from dovecot import BIND, HOST, Dovecot
from mail_support import Result, ServerThread, run_wl


def on_dovecot(server: Dovecot, cafile: str, source: str) -> Result:
    ports = server.ports
    routes = [(HOST, 110, BIND, ports["pop3"]), (HOST, 143, BIND, ports["imap"])]
    return run_wl(source, connect_to=routes, cafile=cafile)


MALFORMED = [
    # a multipart whose closing boundary never comes
    b"From: a@exemple.fr\r\nSubject: coupe\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\n'
    b"Content-Type: text/plain\r\n\r\ndebut du texte\r\n",
    # a charset nobody knows
    b"From: a@exemple.fr\r\nSubject: charset\r\nContent-Type: text/plain; charset=x-inconnu\r\n"
    b"\r\ncaf\xe9\r\n",
    # a NUL in a header, 8-bit Latin-1 in another
    b"From: a@exemple.fr\r\nSubject: nul\x00ici\r\nX-Note: \xe9t\xe9\r\n\r\ncorps\r\n",
]


@pytest.mark.parametrize("protocol", ["POP3", "IMAP"])
def test_malformed_messages_are_read_as_well_as_they_can_be(
    dovecot: Dovecot, cafile: str, protocol: str
) -> None:
    dovecot.clear("alice")
    for data in MALFORMED:
        dovecot.deliver("alice", data)
    result = on_dovecot(
        dovecot,
        cafile,
        f"""
        EmailOuvreSession{protocol}("alice", "secret", "imap.exemple.test")
        EmailLitPremier("alice")
        TANTQUE PAS Email.EnDehors
            Info(Email.Sujet + " | " + Email.Message)
            EmailLitSuivant("alice")
        FIN
        EmailFermeSession("alice")
        """,
    )
    assert (result.code, result.err) == (0, "")
    assert result.lines[0] == "coupe | debut du texte"
    assert result.lines[1] == "charset | caf\ufffd"
    assert result.lines[2].startswith("nul") and result.lines[2].endswith(" | corps")
    assert len(result.lines) == 3


def test_method_forms_on_the_session_types(dovecot: Dovecot, cafile: str) -> None:
    dovecot.clear("alice")
    dovecot.deliver("alice", b"Subject: un\r\n\r\nx\r\n")
    result = on_dovecot(
        dovecot,
        cafile,
        """
        MySession is emailIMAPSession
        MySession.ServerAddress = "imap.exemple.test"
        MySession.Name = "alice"
        MySession.Password = "secret"
        IF MySession.StartSession() THEN
            Info(MySession.NbMessage())
            m is Email
            MySession.ReadFirst(m)
            Info(m.Subject, m.Out)
            all is array of Email = MySession.GetAll()
            Info(ArrayCount(all))
            MySession.CloseSession()
        END
        """,
    )
    assert (result.code, result.lines, result.err) == (0, ["1", "un", "0", "1"], "")


# ---- hostile servers of our own ------------------------------------------------------------------
Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Coroutine[Any, Any, None]]


@pytest.fixture(scope="module")
def thread() -> Iterator[ServerThread]:
    th = ServerThread()
    yield th
    th.stop()


def serve(thread: ServerThread, handler: Handler) -> tuple[asyncio.Server, int]:
    async def start() -> asyncio.Server:
        async def guarded(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                await handler(reader, writer)
            except (ConnectionError, asyncio.IncompleteReadError):
                pass
            finally:
                writer.close()

        return await asyncio.start_server(guarded, BIND, 0)

    server = thread.call(start())
    return server, server.sockets[0].getsockname()[1]


def stop(thread: ServerThread, server: asyncio.Server) -> None:
    async def close() -> None:
        server.close()

    thread.call(close())


async def pop3_dropping_mid_retr(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    writer.write(b"+OK hostile\r\n")
    while line := await reader.readline():
        verb = line.split(b" ")[0].strip().upper()
        if verb == b"CAPA":
            writer.write(b"+OK\r\nUSER\r\nUIDL\r\n.\r\n")
        elif verb == b"STAT":
            writer.write(b"+OK 1 5000\r\n")
        elif verb == b"UIDL":
            writer.write(b"+OK\r\n1 a\r\n.\r\n")
        elif verb == b"RETR":
            writer.write(b"+OK 5000 octets\r\nFrom: a@b.fr\r\nSubject: cut")
            await writer.drain()
            return
        else:
            writer.write(b"+OK\r\n")
        await writer.drain()


async def imap_without_starttls(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.write(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hostile\r\n")
    while line := await reader.readline():
        tag, _, rest = line.decode().partition(" ")
        if rest.upper().startswith("CAPABILITY"):
            writer.write(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n")
        writer.write(f"{tag} OK done\r\n".encode())
        await writer.drain()


async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.read()


def hostile(thread: ServerThread, handler: Handler, source: str) -> Result:
    server, port = serve(thread, handler)
    try:
        routes = [(HOST, 0, BIND, port)]
        return run_wl(source, connect_to=routes, timeout=2)
    finally:
        stop(thread, server)


def test_a_drop_in_the_middle_of_retr(thread: ServerThread) -> None:
    result = hostile(
        thread,
        pop3_dropping_mid_retr,
        """
        EmailOuvreSessionPOP3("alice", "secret", "imap.exemple.test")
        SI PAS EmailLitPremier("alice") ALORS Info(ErreurInfo(), Email.EnDehors)
        """,
    )
    assert (result.code, result.err) == (0, "")
    assert result.lines == [
        "le serveur POP3 imap.exemple.test:110 a coupé la connexion (RETR)",
        "1",
    ]


def test_starttls_never_falls_back_to_plain_text(thread: ServerThread) -> None:
    result = hostile(
        thread,
        imap_without_starttls,
        """
        s is emailIMAPSession
        s.ServerAddress = "imap.exemple.test"
        s.Name = "alice"
        s.Password = "secret"
        s.Option = emailOptionSecuredTLS
        IF NOT EmailStartSession(s) THEN Info(ErrorInfo())
        """,
    )
    assert (result.code, result.err) == (0, "")
    assert result.lines == [
        "IMAP server imap.exemple.test:143 does not offer STARTTLS: the connection cannot be "
        "encrypted"
    ]


def test_a_silent_server_times_out(thread: ServerThread) -> None:
    result = hostile(
        thread,
        silent,
        """
        IF NOT EmailStartPOP3Session("alice", "secret", "imap.exemple.test") THEN
            Info(ErrorInfo())
        END
        """,
    )
    assert (result.code, result.err) == (0, "")
    assert result.lines == [
        "no answer from POP3 server imap.exemple.test:110 within 2 s (greeting)"
    ]


async def pop3_hostile_text(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.write(b"+OK \x1b]0;pwned\x07ready\r\n")
    while line := await reader.readline():
        if line.upper().startswith(b"PASS"):
            writer.write(b"-ERR \x1b[2J\xe2\x80\xaerefused\x9b\r\n")
        elif line.upper().startswith(b"CAPA"):
            writer.write(b"-ERR no\r\n")
        else:
            writer.write(b"+OK\r\n")
        await writer.drain()


def test_server_text_is_escaped_in_the_trace_and_in_erreurinfo(thread: ServerThread) -> None:
    server, port = serve(thread, pop3_hostile_text)
    try:
        result = run_wl(
            'SI PAS EmailOuvreSessionPOP3("a", "b", "imap.exemple.test") ALORS '
            "Info(ErreurInfo())\n",
            connect_to=[(HOST, 0, BIND, port)],
            timeout=2,
            trace=True,
        )
    finally:
        stop(thread, server)
    assert result.code == 0
    for stream in (result.out, result.err):
        assert not any(c in stream for c in "\x1b\x07\x9b\u202e"), stream
    assert result.lines == [
        "authentification refusée par le serveur POP3 imap.exemple.test : "
        "\\x1b[2J\\u202erefused\ufffd"  # the raw 0x9b byte is no UTF-8: U+FFFD, harmless
    ]
    assert "pop3: S: +OK \\x1b]0;pwned\\x07ready" in result.err.splitlines()


def test_ctrl_c_cuts_the_session_and_deletes_nothing(
    dovecot: Dovecot, cafile: str, tmp_path: Path
) -> None:
    """A POP3 deletion is committed only by the QUIT of a session the script closes, or of the
    program's normal end: Ctrl-C cuts the connection (exit 130 at once) and keeps the message."""
    dovecot.clear("alice")
    dovecot.deliver("alice", b"Subject: garde-moi\r\n\r\nx\r\n")
    script = tmp_path / "script.wl"
    script.write_text(
        'EmailOuvreSessionPOP3("alice", "secret", "imap.exemple.test")\n'
        'EmailLitPremier("alice")\nEmailSupprimeMessage("alice")\nInfo("supprimé")\nBOUCLE\nFIN\n',
        encoding="utf-8",
    )
    route = f"{HOST}:110:{BIND}:{dovecot.ports['pop3']}"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wlmail",
            "run",
            "--cafile",
            cafile,
            "--connect-to",
            route,
            str(script),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "supprimé\n"
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    assert (proc.returncode, out, err) == (130, "", "interrompu (Ctrl-C)\n")
    assert time.monotonic() - started < 3
    assert len(dovecot.messages("alice")) == 1
