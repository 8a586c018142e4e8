"""SMTP PIPELINING (RFC 2920) and chained asynchronous sending (issue 17, items 1 and 2).

Two real servers on loopback: aiosmtpd with PIPELINING added to its EHLO answer (it reads
commands from one stream, so it serves a pipelined group), recording every chunk it receives,
and :class:`hostile_server.HostileSMTP` with ``pipelining=True`` for the per-reply refusals a
real server rarely gives. On loopback each chunk the server receives is one write of the
client, so ``reads`` shows how the commands were grouped: MAIL, RCPT and DATA in one write, the
text (with the final dot) in the next, and with an asynchronous session the text of a message
in the same write as the next message's commands.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import SMTP, Envelope, Session
from hostile_server import DROP, STALL, HostileSMTP, Pause, Step
from mail_support import BIND, Result, ServerThread, run_wl

SERVER = "smtp.exemple.test"


class _Handler:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_EHLO(
        self, server: SMTP, session: Session, envelope: Envelope, hostname: str, responses: Any
    ) -> list[str]:
        session.host_name = hostname
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        self.messages.append((str(envelope.mail_from), list(envelope.rcpt_tos), content))
        return "250 2.0.0 Ok: queued"


class PipeliningAiosmtpd:
    """aiosmtpd advertising PIPELINING; ``reads``: each chunk received, per connection."""

    def __init__(self, thread: ServerThread) -> None:
        self.thread = thread
        self.handler = _Handler()
        self.reads: list[list[bytes]] = []
        self.server: asyncio.Server | None = None
        self.port = 0

    def start(self) -> PipeliningAiosmtpd:
        owner = self

        class Recording(SMTP):  # type: ignore[misc]
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                self._reads: list[bytes] = []
                owner.reads.append(self._reads)
                super().connection_made(transport)

            def data_received(self, data: bytes) -> None:
                self._reads.append(bytes(data))
                super().data_received(data)

        async def start() -> asyncio.Server:
            loop = asyncio.get_running_loop()
            return await loop.create_server(
                lambda: Recording(self.handler, hostname="pipe.test"), BIND, 0
            )

        self.server = self.thread.call(start())
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        async def stop() -> None:
            assert self.server is not None
            self.server.close()

        self.thread.call(stop())


@pytest.fixture(scope="module")
def thread() -> Iterator[ServerThread]:
    th = ServerThread()
    yield th
    th.stop()


@pytest.fixture
def aiosmtpd_pipe(thread: ServerThread) -> Iterator[PipeliningAiosmtpd]:
    srv = PipeliningAiosmtpd(thread).start()
    yield srv
    srv.stop()


def run(port: int, source: str, **options: Any) -> Result:
    options.setdefault("connect_to", [(SERVER, 0, BIND, port)])
    options.setdefault("timeout", 5)
    return run_wl(source, **options)


def hostile(script: dict[str, Step | list[Step]]) -> HostileSMTP:
    return HostileSMTP(dict(script), pipelining=True)


def verbs(chunk: bytes) -> list[str]:
    """The command verbs of one chunk (a message's text shows as TEXT, its end as END)."""
    found = []
    for line in chunk.split(b"\r\n")[:-1]:
        word = line.split(b" ", 1)[0].split(b":", 1)[0].upper()
        if word in (b"EHLO", b"MAIL", b"RCPT", b"DATA", b"RSET", b"QUIT"):
            found.append(word.decode())
        elif line == b".":
            found.append("END")
        elif not found or found[-1] != "TEXT":
            found.append("TEXT")
    return found


SYNC_FR = """
s est un emailSessionSMTP
s.AdresseServeur = "smtp.exemple.test"
SI PAS EmailOuvreSession(s) ALORS
    Info(ErreurInfo())
    RETOUR
FIN
POUR i = 1 À 3
    m est un Email
    m.Expéditeur = "alice@exemple.fr"
    Ajoute(m.Destinataire, "bob" + i + "@exemple.fr")
    SI i = 2 ALORS Ajoute(m.Cc, "carole@exemple.fr")
    m.Sujet = "n° " + i
    m.Message = "Bonjour " + i
    SI EmailEnvoieMessage(s, m) ALORS
        Info("m" + i + " envoyé")
    SINON
        Info("m" + i + " : " + ErreurInfo())
    FIN
FIN
EmailFermeSession(s)
"""

ASYNC_EN = """
s is an emailSMTPSession
s.ServerAddress = "smtp.exemple.test"
s.Asynchronous = True
IF NOT EmailStartSession(s) THEN
    Info(ErrorInfo())
    RETURN
END
arrIds is array of int
FOR i = 1 TO 5
    m is an Email
    m.Sender = "alice@example.com"
    Add(m.Recipient, "bob" + i + "@example.com")
    m.Subject = "no. " + i
    m.Message = "Hello " + i
    IF EmailSendMessage(s, m) THEN Add(arrIds, m.ID)
END
Info("queued " + arrIds.Count)
FOR EACH nId OF arrIds
    WHILE EmailStatus(nId) = emailPending
    END
    SWITCH EmailStatus(nId)
        CASE emailSent: Info("m" + nId + " sent")
        CASE emailError: Info("m" + nId + " failed: " + ErrorInfo())
    END
END
EmailCloseSession(s)
"""


# ---- a real server that pipelines ----------------------------------------------------------------
def test_a_synchronous_loop_sends_each_message_in_two_writes(
    aiosmtpd_pipe: PipeliningAiosmtpd,
) -> None:
    result = run(aiosmtpd_pipe.port, SYNC_FR)
    assert (result.code, result.out, result.err) == (0, "m1 envoyé\nm2 envoyé\nm3 envoyé\n", "")
    got = aiosmtpd_pipe.handler.messages
    assert [(sender, rcpts) for sender, rcpts, _ in got] == [
        ("alice@exemple.fr", ["bob1@exemple.fr"]),
        ("alice@exemple.fr", ["bob2@exemple.fr", "carole@exemple.fr"]),
        ("alice@exemple.fr", ["bob3@exemple.fr"]),
    ]
    assert b"Subject: =?utf-8?q?n=C2=B0_2?=" in got[1][2] and b"Bonjour 2" in got[1][2]
    [reads] = aiosmtpd_pipe.reads
    assert [verbs(chunk) for chunk in reads] == [
        ["EHLO"],
        ["MAIL", "RCPT", "DATA"],
        ["TEXT", "END"],
        ["MAIL", "RCPT", "RCPT", "DATA"],
        ["TEXT", "END"],
        ["MAIL", "RCPT", "DATA"],
        ["TEXT", "END"],
        ["QUIT"],
    ]


def test_an_asynchronous_session_chains_each_text_with_the_next_commands() -> None:
    """The first group's replies come late, so the script has queued every message by then:
    from there on each write carries one message's text and the next message's commands."""
    with hostile({"MAIL#1": [Pause(0.8), "250 2.1.0 OK"]}) as srv:
        result = run(srv.port, ASYNC_EN)
    assert result.code == 0 and result.err == ""
    assert result.lines == ["queued 5", *(f"m{n} sent" for n in range(1, 6))]
    assert len(srv.messages) == 5
    assert [b"Hello 3" in m for m in srv.messages] == [False, False, True, False, False]
    [conn] = srv.connections
    assert [verbs(chunk) for chunk in conn.reads] == [
        ["EHLO"],
        ["MAIL", "RCPT", "DATA"],
        *[["TEXT", "END", "MAIL", "RCPT", "DATA"]] * 4,
        ["TEXT", "END"],
        ["QUIT"],
    ]


# ---- per-reply refusals (raw-socket server) ----------------------------------------------------
TWO = """
s est un emailSessionSMTP
s.AdresseServeur = "smtp.exemple.test"
EmailOuvreSession(s)
POUR i = 1 À 2
    m est un Email
    m.Expéditeur = "alice@exemple.fr"
    Ajoute(m.Destinataire, "bob" + i + "@exemple.fr")
    SI i = 1 ALORS Ajoute(m.Destinataire, "carole@exemple.fr")
    m.Sujet = "n" + i
    SI EmailEnvoieMessage(s, m) ALORS
        Info("m" + i + " envoyé : " + m.ID)
    SINON
        Info("m" + i + " : " + ErreurInfo(errCode) + " " + ErreurInfo())
    FIN
FIN
"""


def test_a_refused_recipient_sends_nothing_even_after_data_was_accepted() -> None:
    """bob1 accepted, carole refused, DATA already answered 354: the connection is dropped
    before any text (no partial delivery), and the next message opens a new one."""
    with hostile({"RCPT#2": "550 5.1.1 <carole@exemple.fr>: unknown user"}) as srv:
        result = run(srv.port, TWO)
        assert srv.wait_ended()
    assert result.code == 0 and result.err == ""
    assert result.lines == [
        "m1 : 550 destinataire <carole@exemple.fr> refusé par le serveur : "
        "550 5.1.1 <carole@exemple.fr>: unknown user ; rien n'a été envoyé",
        "m2 envoyé : 2",
    ]
    first, second = srv.connections
    assert first.verbs == ["EHLO", "MAIL", "RCPT", "RCPT", "DATA"]
    assert first.ended_by == "client" and len(srv.messages) == 1
    assert b"To: bob2@exemple.fr" in srv.messages[0]
    assert second.verbs == ["EHLO", "MAIL", "RCPT", "DATA", "QUIT"]


def test_every_recipient_refused_and_data_refused_resets() -> None:
    script: dict[str, Step | list[Step]] = {
        "RCPT#1": "550 5.1.1 no such user",
        "RCPT#2": "550 5.1.1 no such user",
        "DATA#1": "554 5.5.1 Error: no valid recipients",
    }
    with hostile(script) as srv:
        result = run(srv.port, TWO)
    assert result.code == 0 and result.err == ""
    assert result.lines[0] == (
        "m1 : 550 destinataire <bob1@exemple.fr> refusé par le serveur : "
        "550 5.1.1 no such user ; rien n'a été envoyé"
    )
    assert result.lines[1] == "m2 envoyé : 2"
    [conn] = srv.connections
    first = ["EHLO", "MAIL", "RCPT", "RCPT", "DATA", "RSET"]
    assert conn.verbs == [*first, "MAIL", "RCPT", "DATA", "QUIT"]
    assert len(srv.messages) == 1


def test_every_recipient_refused_but_data_accepted_ends_with_a_lone_dot() -> None:
    """RFC 2920 §3.1: the client must look at DATA's reply; after a 354 a single dot ends the
    transaction, with no text."""
    script: dict[str, Step | list[Step]] = {
        "RCPT#1": "550 5.1.1 no",
        "RCPT#2": "550 5.1.1 no",
        "END#1": "554 5.5.1 Error: no valid recipients",
    }
    with hostile(script) as srv:
        result = run(srv.port, TWO)
    assert result.code == 0 and result.err == ""
    assert result.lines[0].startswith("m1 : 550 destinataire <bob1@exemple.fr> refusé")
    assert result.lines[1] == "m2 envoyé : 2"
    [conn] = srv.connections
    assert [verbs(chunk) for chunk in conn.reads[:3]] == [
        ["EHLO"],
        ["MAIL", "RCPT", "RCPT", "DATA"],
        ["END"],
    ]
    assert len(srv.messages) == 1 and b"Subject: n2" in srv.messages[0]


@pytest.mark.parametrize(
    ("script", "expected", "reset"),
    [
        (
            {"DATA#1": "451 4.3.0 Try again later"},
            "m1 : 451 message refusé par le serveur : 451 4.3.0 Try again later",
            True,
        ),
        (
            {
                "MAIL#1": "553 5.7.1 Sender address rejected",
                "RCPT#1": "503 5.5.1 Error: need MAIL command",
                "RCPT#2": "503 5.5.1 Error: need MAIL command",
                "DATA#1": "503 5.5.1 Error: need RCPT command",
            },
            "m1 : 553 expéditeur <alice@exemple.fr> refusé par le serveur : "
            "553 5.7.1 Sender address rejected",
            True,
        ),
        (
            {"END#1": "552 5.3.4 Message too big"},
            "m1 : 552 message refusé par le serveur : 552 5.3.4 Message too big",
            False,
        ),
    ],
    ids=["DATA-refused", "MAIL-refused", "text-refused"],
)
def test_a_refusal_fails_that_message_only(
    script: dict[str, Step | list[Step]], expected: str, reset: bool
) -> None:
    with hostile(script) as srv:
        result = run(srv.port, TWO)
    assert result.code == 0 and result.err == ""
    assert result.lines == [expected, "m2 envoyé : 2"]
    [conn] = srv.connections
    assert ("RSET" in conn.verbs) is reset
    assert len(srv.messages) == 1 and b"Subject: n2" in srv.messages[0]


def test_a_connection_dropped_between_messages_is_reopened_once() -> None:
    with hostile({"MAIL#2": DROP}) as srv:
        result = run(srv.port, TWO.replace("SI i = 1 ALORS Ajoute", "SI Faux ALORS Ajoute"))
    assert result.code == 0 and result.err == ""
    assert result.lines == ["m1 envoyé : 1", "m2 envoyé : 2"]
    assert [c.verbs[:4] for c in srv.connections] == [
        ["EHLO", "MAIL", "RCPT", "DATA"],
        ["EHLO", "MAIL", "RCPT", "DATA"],
    ]
    assert len(srv.messages) == 2


ASYNC_FR = """
s est un emailSessionSMTP
s.AdresseServeur = "smtp.exemple.test"
s.Asynchrone = Vrai
EmailOuvreSession(s)
POUR i = 1 À 3
    m est un Email
    m.Expéditeur = "alice@exemple.fr"
    m.Destinataire = "bob" + i + "@exemple.fr"
    m.Sujet = "n" + i
    EmailEnvoieMessage(s, m)
FIN
POUR i = 1 À 3
    TANTQUE EmailEtat(i) = emailEnAttente
    FIN
    SI EmailEtat(i) = emailEnvoyé ALORS
        Info("m" + i + " envoyé")
    SINON
        Info("m" + i + " : " + ErreurInfo())
    FIN
FIN
"""


def test_a_hang_up_after_a_chained_text_is_not_confirmed_and_the_next_is_sent_again() -> None:
    """Message 1's text went with message 2's commands and the server hung up: 1 is not
    confirmed (never sent again), 2 and 3 go on a new connection."""
    with hostile({"MAIL#1": [Pause(0.6), "250 2.1.0 OK"], "END#1": DROP}) as srv:
        result = run(srv.port, ASYNC_FR)
    assert result.code == 0 and result.err == ""
    assert result.lines == [
        "m1 : le serveur SMTP smtp.exemple.test:25 a coupé la connexion (DATA) : "
        "le message n'est pas confirmé",
        "m2 envoyé",
        "m3 envoyé",
    ]
    first, second = srv.connections
    assert verbs(first.reads[2]) == ["TEXT", "END", "MAIL", "RCPT", "DATA"]
    assert second.verbs[:4] == ["EHLO", "MAIL", "RCPT", "DATA"]
    assert [re.search(rb"Subject: (n\d)", m).group(1) for m in srv.messages] == [b"n2", b"n3"]  # type: ignore[union-attr]


def test_a_server_without_pipelining_gets_one_command_per_write() -> None:
    with HostileSMTP() as srv:
        result = run(srv.port, TWO.replace("SI i = 1 ALORS Ajoute", "SI Faux ALORS Ajoute"))
    assert result.code == 0 and result.err == ""
    assert result.lines == ["m1 envoyé : 1", "m2 envoyé : 2"]
    [conn] = srv.connections
    assert [verbs(chunk) for chunk in conn.reads[:4]] == [["EHLO"], ["MAIL"], ["RCPT"], ["DATA"]]


def test_ctrl_c_while_a_chained_queue_drains_names_every_message_not_confirmed(
    tmp_path: Path,
) -> None:
    """A real ``wlmail run``: message 2's text left with message 3's commands and the server
    went silent; Ctrl-C during the exit drain: exit 130, 2 and 3 named, no QUIT glued."""
    from test_interrupts import BOUND, QUEUED, Child

    with hostile({"MAIL#1": [Pause(0.8), "250 2.1.0 OK"], "END#2": STALL}) as srv:
        child = Child(tmp_path, QUEUED, srv.port)
        child.wait_for_output("en file")
        assert srv.wait_stalled()
        time.sleep(0.1)
        code, out, err, elapsed = child.stop()
        assert srv.wait_ended()
    assert code == 130 and out == "" and elapsed < BOUND
    assert err.splitlines() == [
        "envoi de 3 email(s) asynchrone(s) encore en file avant la fin du programme",
        "interrompu (Ctrl-C)",
        "email asynchrone 2 non envoyé : interrompu (Ctrl-C)",
        "email asynchrone 3 non envoyé : interrompu (Ctrl-C)",
    ]
    [conn] = srv.connections
    assert verbs(conn.reads[-1]) == ["TEXT", "END", "MAIL", "RCPT", "DATA"]
    assert len(srv.messages) == 1 and b"QUIT" not in conn.after_stall


def test_replies_that_arrive_together_or_in_pieces_are_each_read_once_in_order() -> None:
    """MAIL's and RCPT's replies in one segment (aiosmtplib's own protocol would keep the first
    and drop the second), DATA's cut in three with pauses, the final reply glued to nothing."""
    script: dict[str, Step | list[Step]] = {
        "MAIL#1": b"250 2.1.0 sender ok\r\n250 2.1.5 recipient ok\r\n",
        "RCPT#1": [],
        "DATA#1": [b"35", Pause(0.05), b"4 go ", Pause(0.05), "ahead"],
    }
    with hostile(script) as srv:
        result = run(srv.port, TWO.replace("SI i = 1 ALORS Ajoute", "SI Faux ALORS Ajoute"))
    assert (result.code, result.err) == (0, "")
    assert result.lines == ["m1 envoyé : 1", "m2 envoyé : 2"]
    assert len(srv.messages) == 2 and [c.verbs for c in srv.connections] == [
        ["EHLO", "MAIL", "RCPT", "DATA", "MAIL", "RCPT", "DATA", "QUIT"]
    ]


def test_a_partly_refused_recipient_list_in_a_chained_queue_sends_that_message_nowhere() -> None:
    """Message 2 (two recipients, one refused, DATA already answered 354) is refused whole and
    its connection closed before any text; message 3 goes on a new connection."""
    source = ASYNC_FR.replace(
        'm.Destinataire = "bob" + i + "@exemple.fr"',
        'm.Destinataire = "bob" + i + "@exemple.fr"\n'
        '    SI i = 2 ALORS Ajoute(m.Cc, "x@exemple.fr")',
    )
    script: dict[str, Step | list[Step]] = {
        "MAIL#1": [Pause(0.6), "250 2.1.0 OK"],
        "RCPT#3": "550 5.1.1 <x@exemple.fr>: unknown",
    }
    with hostile(script) as srv:
        result = run(srv.port, source)
    assert (result.code, result.err) == (0, "")
    assert result.lines == [
        "m1 envoyé",
        "m2 : destinataire <x@exemple.fr> refusé par le serveur : 550 5.1.1 <x@exemple.fr>: "
        "unknown ; rien n'a été envoyé",
        "m3 envoyé",
    ]
    first, second = srv.connections
    assert first.verbs == ["EHLO", "MAIL", "RCPT", "DATA", "MAIL", "RCPT", "RCPT", "DATA"]
    assert verbs(first.reads[-1]) == ["TEXT", "END", "MAIL", "RCPT", "RCPT", "DATA"]
    assert second.verbs[:4] == ["EHLO", "MAIL", "RCPT", "DATA"]
    assert [re.search(rb"Subject: (n\d)", m).group(1) for m in srv.messages] == [b"n1", b"n3"]  # type: ignore[union-attr]


@pytest.mark.parametrize("stage", ["RCPT#2", "END#1"])
def test_a_pipelined_reply_that_never_comes_times_out_and_the_next_message_goes_anew(
    stage: str,
) -> None:
    """A group reply (carole's RCPT) or the final reply never comes: that message fails after
    the session's timeout, not confirmed; the next one is sent on a new connection."""
    with hostile({stage: STALL}) as srv:
        started = time.monotonic()
        result = run(srv.port, TWO, timeout=1)
        elapsed = time.monotonic() - started
        assert srv.wait_stalled()
    assert (result.code, result.err) == (0, "")
    where = "RCPT TO" if stage == "RCPT#2" else "DATA"
    assert result.lines == [
        f"m1 : 1 pas de réponse du serveur SMTP smtp.exemple.test:25 en 1 s ({where})",
        "m2 envoyé : 2",
    ]
    assert 1 <= elapsed < 4
    assert len(srv.messages) == 1  # (the stalled one is not kept by the server)
    assert len(srv.connections) == 2
