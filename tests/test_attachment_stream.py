"""Attachments encoded and sent in a stream (issue 15, item 6), and the sandbox's streamed DATA.

Correctness only (memory figures: ``benchmarks/attachments.py``; the tracemalloc bounds are in
test_limits.py): the streamed rendering is byte for byte the ``email`` package's, its size is
exact, DATA is dot-stuffed and CRLF exactly as aiosmtplib would send it, an independent aiosmtpd
server receives the exact attachment, nothing counts as sent before the final 250, and the
sandbox writes what it receives to its outbox without keeping it.
"""

from __future__ import annotations

import asyncio
import base64
import os
import random
import time
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import SMTP as AiosmtpdSMTP
from aiosmtplib.protocol import PERIOD_REGEX, normalize_message_line_endings
from hypothesis import given, settings
from hypothesis import strategies as st
from mail_support import BIND, ServerThread, run_wl

from wlmail.mail.mime import POLICY, Attachment, MailSpec, build_message, render, render_stream
from wlmail.mail.stream import CHUNK, MessageStream, base64_size, wire_chunks
from wlmail.sandbox.certs import RunCA
from wlmail.sandbox.smtp_server import DATA_SIZE_LIMIT, SandboxSMTP

SERVER = "smtp.exemple.test"
MIB = 1024 * 1024
DOTTED = "Bonjour,\n.\n..deux\n.cachée\nfin."


def _content(size: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(size)


def _spec(*attachments: Attachment, html: str = "") -> MailSpec:
    return MailSpec(
        sender="Zoé <zoe@exemple.fr>",
        to=["jean@exemple.fr"],
        subject="Pièces jointes",
        text=DOTTED,
        html=html,
        attachments=list(attachments),
    )


# ---- rendering ----------------------------------------------------------------------------------
SIZES = [0, 1, 2, 3, 56, 57, 58, 114, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 100]


def test_streamed_rendering_is_the_email_packages_rendering_byte_for_byte() -> None:
    attachments = [Attachment(f"f{size}.bin", _content(size, size)) for size in SIZES]
    attachments.append(Attachment("logo.png", _content(500), content_id="logo"))
    msg, _ = build_message(_spec(*attachments, html='<img src="cid:logo">'))
    streamed = render(msg)
    # the same message with the bodies the email package itself encodes (57 bytes per line)
    for part in msg.walk():
        marker = part.get_payload() if not part.is_multipart() else None
        if isinstance(marker, str) and marker in msg.bodies:
            part.set_payload(base64.encodebytes(msg.bodies[marker]).decode("ascii"))
    assert streamed == msg.as_bytes(policy=POLICY)


def test_stream_size_is_exact_and_chunks_are_bounded_and_repeatable() -> None:
    attachments = [Attachment(f"f{size}.bin", _content(size, size)) for size in SIZES]
    stream = render_stream(build_message(_spec(*attachments))[0])
    first = list(stream.chunks())
    assert b"".join(first) == b"".join(stream.chunks()) == bytes(stream)
    assert stream.size == len(bytes(stream)) and stream.is_ascii
    assert max(map(len, first)) <= CHUNK * 4 // 3 + 2 * 1024
    for size in SIZES:
        assert base64_size(size) == len(base64.encodebytes(_content(size)).replace(b"\n", b"\r\n"))


def test_attachments_parse_back_exactly() -> None:
    attachments = [Attachment(f"f{size}.bin", _content(size, size)) for size in SIZES]
    data = render(build_message(_spec(*attachments))[0])
    parsed = message_from_bytes(data, policy=policy.default)
    got = [(part.get_filename(), part.get_content()) for part in parsed.iter_attachments()]
    assert got == [(att.name, att.content) for att in attachments]
    assert parsed["Subject"] == "Pièces jointes" and parsed["To"] == "jean@exemple.fr"


def test_text_that_looks_like_a_body_marker_is_kept_as_text() -> None:
    spec = _spec(Attachment("a.bin", b"abc"))
    spec.text = "=_wlmail_body_" + "0" * 24
    data = render(build_message(spec)[0])
    parsed = message_from_bytes(data, policy=policy.default)
    body = parsed.get_body(("plain",))
    assert body is not None and body.get_content().strip() == spec.text
    assert [p.get_content() for p in parsed.iter_attachments()] == [b"abc"]


def test_many_attachments_render_in_one_pass() -> None:
    attachments = [Attachment(f"f{i}.bin", b"x" * i) for i in range(500)]
    started = time.monotonic()
    data = render(build_message(_spec(*attachments))[0])
    assert time.monotonic() - started < 30  # not quadratic in the number of attachments
    parsed = message_from_bytes(data, policy=policy.default)
    assert [p.get_content() for p in parsed.iter_attachments()] == [b"x" * i for i in range(500)]


def test_source_text_is_the_rendering() -> None:
    stream = render_stream(build_message(_spec(Attachment("a.bin", _content(3 * CHUNK))))[0])
    assert stream.text().encode("ascii") == bytes(stream)
    utf8 = MessageStream.of_bytes("é\r\n".encode() * 400_000)  # groups cut inside a character
    assert not utf8.is_ascii and utf8.text() == "é\r\n" * 400_000


# ---- what DATA carries --------------------------------------------------------------------------
def _aiosmtplib_wire(data: bytes) -> bytes:
    """What aiosmtplib's own SMTP.data() writes for ``data``."""
    return PERIOD_REGEX.sub(b"..", normalize_message_line_endings(data)) + b".\r\n"


_LINES = st.lists(
    st.sampled_from([b".", b"..", b".x", b"x.", b"", b"abc", b"\r", b"\n", b" ."]),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(pieces=st.lists(st.tuples(_LINES, st.sampled_from([b"\r\n", b"\n", b"\r"])), max_size=10))
def test_wire_chunks_are_what_aiosmtplib_would_send(
    pieces: list[tuple[list[bytes], bytes]],
) -> None:
    chunks = [b"".join(line + end for line in lines) for lines, end in pieces]
    chunks = [c for c in chunks if not (c.endswith(b"\r"))]  # never cut between CR and LF
    assert b"".join(wire_chunks(chunks)) == _aiosmtplib_wire(b"".join(chunks))


def test_wire_chunks_dot_stuff_across_chunk_boundaries_and_end_with_crlf_dot() -> None:
    wire = b"".join(wire_chunks([b"a\r\n", b".b\r\n", b"..c\r\n.", b"d"]))
    assert wire == b"a\r\n..b\r\n...c\r\n..d\r\n.\r\n"
    assert b"".join(wire_chunks([])) == b"\r\n.\r\n"
    big = MessageStream.of_bytes(b".x\n" * (CHUNK // 2))  # cut at LF into several chunks
    assert b"".join(wire_chunks(big.chunks())) == _aiosmtplib_wire(bytes(big))


# ---- against an independent server (aiosmtpd's own DATA) ----------------------------------------
class Recorder:
    """aiosmtpd's SMTP with its own smtp_DATA, any size: records content and MAIL options."""

    def __init__(self) -> None:
        self.messages: list[tuple[bytes, list[str]]] = []
        self.server: Any = None
        self.port = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.original_content, list(envelope.mail_options)))
        return "250 2.0.0 queued"

    async def start(self) -> Recorder:
        loop = asyncio.get_running_loop()
        self.server = await loop.create_server(
            lambda: AiosmtpdSMTP(self, hostname="recorder.test", data_size_limit=10**8), BIND, 0
        )
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        self.server.close()
        await self.server.wait_closed()


@pytest.fixture(scope="module")
def thread() -> Iterator[ServerThread]:
    th = ServerThread()
    yield th
    th.stop()


@pytest.fixture(scope="module")
def attachment(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("att") / "données.bin"
    path.write_bytes(os.urandom(3 * MIB + 17))
    return path


SEND = """
m est un Email
m.Expéditeur = "Zoé <zoe@exemple.fr>"
m.Destinataire = "bob@exemple.fr"
m.Sujet = "Été"
m.Message = "Bonjour," + RC + "." + RC + "..deux" + RC + ".cachée"
SI PAS EmailChargeFichierAttaché(m, "{path}") ALORS Info(ErreurInfo())
EmailConstruitSource(m)
fSauveTexte("{out}", m.Source)
SI PAS EmailOuvreSessionSMTP("alice", "smtp.exemple.test") ALORS Info(ErreurInfo())
SI EmailEnvoieMessage("alice", m) ALORS Info("envoyé") SINON Info("non", ErreurInfo())
EmailFermeSession("alice")
"""


def _check_received(raw: bytes, source: bytes, attachment: Path) -> None:
    assert raw == source  # the bytes of EmailConstruitSource, dots and CRLF restored
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == "Été" and parsed["From"] == "Zoé <zoe@exemple.fr>"
    body = parsed.get_body(("plain",))
    assert body is not None
    assert body.get_content().replace("\r\n", "\n") == "Bonjour,\n.\n..deux\n.cachée\n"
    (part,) = parsed.iter_attachments()
    assert part.get_filename() == "données.bin"
    assert part.get_content() == attachment.read_bytes()


def test_an_independent_server_receives_the_exact_attachment(
    thread: ServerThread, attachment: Path, tmp_path: Path
) -> None:
    recorder = thread.call(Recorder().start())
    try:
        out = tmp_path / "source.eml"
        result = run_wl(
            SEND.format(path=attachment, out=out),
            connect_to=[(SERVER, 0, BIND, recorder.port)],
        )
    finally:
        thread.call(recorder.stop())
    assert (result.code, result.out, result.err) == (0, "envoyé\n", "")
    ((raw, options),) = recorder.messages
    _check_received(raw, out.read_bytes(), attachment)
    assert f"SIZE={len(raw)}" in options  # computed without rendering, exact


def test_the_sandbox_streams_a_big_message_to_its_outbox(
    thread: ServerThread, attachment: Path, tmp_path: Path
) -> None:
    outbox = tmp_path / "outbox"
    sandbox = SandboxSMTP(RunCA([SERVER]), outbox=outbox)
    thread.call(sandbox.start())
    try:
        out = tmp_path / "source.eml"
        result = run_wl(
            SEND.format(path=attachment, out=out),
            connect_to=[(SERVER, 0, BIND, sandbox.starttls_port)],
        )
    finally:
        thread.call(sandbox.stop())
    assert (result.code, result.out, result.err) == (0, "envoyé\n", "")
    (record,) = sandbox.messages
    assert record.eml_path == outbox / "0001-Ete.eml" and record.content is None
    assert sorted(p.name for p in outbox.iterdir()) == ["0001-Ete.eml"]  # no .part left
    assert record.subject == "Été" and record.size == record.eml_path.stat().st_size
    _check_received(record.raw, out.read_bytes(), attachment)
    assert record.message.get_body(("plain",)) is not None


def test_the_sandbox_accepts_more_than_aiosmtpds_32_mib(thread: ServerThread) -> None:
    assert DATA_SIZE_LIMIT >= 70 * 10**6  # a 50 MB attachment is about 68 MB in base64
    sandbox = SandboxSMTP(RunCA([SERVER]))
    thread.call(sandbox.start())
    try:
        reply = thread.call(_exchange(sandbox.starttls_port, [b"EHLO me\r\n"]))
    finally:
        thread.call(sandbox.stop())
    assert f"250-SIZE {DATA_SIZE_LIMIT}".encode() in reply


# ---- the sandbox's DATA, from a raw client ------------------------------------------------------
async def _exchange(port: int, writes: list[bytes], pause: float = 0.02) -> bytes:
    """Send each of ``writes`` (a pause between them), then read until the server is quiet."""
    reader, writer = await asyncio.open_connection(BIND, port)
    got = await reader.readline()
    for data in writes:
        writer.write(data)
        await writer.drain()
        await asyncio.sleep(pause)
    while True:
        try:
            more = await asyncio.wait_for(reader.read(65536), 0.3)
        except TimeoutError:
            break
        if not more:
            break
        got += more
    writer.close()
    return got


HELLO = [b"EHLO me\r\n", b"MAIL FROM:<a@b.fr>\r\n", b"RCPT TO:<c@d.fr>\r\n", b"DATA\r\n"]


@pytest.fixture
def sandbox(thread: ServerThread, tmp_path: Path) -> Iterator[SandboxSMTP]:
    srv = SandboxSMTP(RunCA([SERVER]), outbox=tmp_path / "outbox", data_size_limit=200_000)
    thread.call(srv.start())
    yield srv
    thread.call(srv.stop())


def test_sandbox_unstuffs_dots_split_anywhere_and_answers_pipelined_quit(
    thread: ServerThread, sandbox: SandboxSMTP
) -> None:
    content = b"Subject: points\r\n\r\n..\r\n...deux\r\n.x\r\nfin\r\n"
    wire = content + b".\r\nQUIT\r\n"
    pieces = [wire[:19], wire[19:22], wire[22:23], wire[23:-9], wire[-9:-8], wire[-8:]]
    reply = thread.call(_exchange(sandbox.starttls_port, [*HELLO, *pieces]))
    assert b"250 2.0.0 OK: message 1" in reply and reply.endswith(b"221 Bye\r\n")
    (record,) = sandbox.messages
    assert record.raw == b"Subject: points\r\n\r\n.\r\n..deux\r\nx\r\nfin\r\n"
    assert record.subject == "points"


def test_sandbox_empty_message(thread: ServerThread, sandbox: SandboxSMTP) -> None:
    reply = thread.call(_exchange(sandbox.starttls_port, [*HELLO, b".\r\n"]))
    assert b"250 2.0.0 OK: message 1" in reply
    assert sandbox.messages[0].raw == b"" and sandbox.messages[0].subject == ""


def test_sandbox_client_hanging_up_mid_data_leaves_nothing(
    thread: ServerThread, sandbox: SandboxSMTP
) -> None:
    thread.call(_exchange(sandbox.starttls_port, [*HELLO, b"Subject: x\r\n\r\n" + b"a" * 5000]))
    assert sandbox.outbox is not None
    deadline = time.monotonic() + 3
    while list(sandbox.outbox.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert list(sandbox.outbox.iterdir()) == [] and sandbox.messages == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"Subject: x\r\n\r\n" + b"a" * 13000 + b"\r\n", b"500 Line too long"),
        (b"Subject: x\r\n\r\n" + b"a" * 900 + b"\r\n" + b"b" * 13000, b"500 Line too long"),
        (b"Subject: x\r\n\r\n" + (b"a" * 70 + b"\r\n") * 4000, b"552 Error: Too much mail data"),
    ],
    ids=["long-line", "long-last-line", "too-big"],
)
def test_sandbox_refusals_keep_nothing_and_the_session_goes_on(
    thread: ServerThread, sandbox: SandboxSMTP, content: bytes, expected: bytes
) -> None:
    again = [b"MAIL FROM:<a@b.fr>\r\n", b"RCPT TO:<c@d.fr>\r\n", b"DATA\r\n"]
    end = b"" if content.endswith(b"\r\n") else b"\r\n"
    writes = [*HELLO, content + end + b".\r\n", *again, b"Subject: ok\r\n\r\nok\r\n.\r\n"]
    reply = thread.call(_exchange(sandbox.starttls_port, writes))
    assert expected in reply and b"250 2.0.0 OK: message 1" in reply
    assert [r.subject for r in sandbox.messages] == ["ok"]
    assert sandbox.outbox is not None
    assert sorted(p.name for p in sandbox.outbox.iterdir()) == ["0001-ok.eml"]


# ---- nothing is reported sent before the final 250 ----------------------------------------------
class Staller:
    """Answers up to 354, then (``read``) reads the content and never answers, or stops reading."""

    def __init__(self, read: bool, final: str = "") -> None:
        self.read, self.final = read, final
        self.server: Any = None
        self.port = 0
        self.received = 0
        self.tasks: set[asyncio.Task[Any]] = set()

    async def start(self) -> Staller:
        self.server = await asyncio.start_server(self._handle, BIND, 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        """Close the listener and end the sessions still stalling (none outlives the loop)."""
        self.server.close()
        for task in self.tasks:
            task.cancel()
        if self.tasks:
            await asyncio.wait(set(self.tasks), timeout=5)
        await self.server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self.tasks.add(task)
        writer.write(b"220 staller.test\r\n")
        try:
            while line := await reader.readline():
                verb = line[:4].upper()
                if verb == b"EHLO":
                    writer.write(b"250-staller.test\r\n250 SIZE 100000000\r\n")
                elif verb == b"DATA":
                    writer.write(b"354 go\r\n")
                    await writer.drain()
                    if not self.read:
                        await asyncio.sleep(5)
                        break
                    tail = b""
                    while chunk := await reader.read(65536):
                        self.received += len(chunk)
                        if (tail + chunk).endswith(b"\r\n.\r\n"):
                            break
                        tail = chunk[-4:]
                    if self.final:
                        writer.write(self.final.encode() + b"\r\n")
                    else:
                        await asyncio.sleep(5)
                        break
                elif verb == b"QUIT":
                    writer.write(b"221 bye\r\n")
                    break
                else:
                    writer.write(b"250 ok\r\n")
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()
            if task is not None:
                self.tasks.discard(task)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "gros.bin"
    path.write_bytes(os.urandom(24 * MIB))  # more than the loopback socket buffers hold
    return path


TRY = """
m est un Email
m.Expéditeur = "zoe@exemple.fr"
m.Destinataire = "bob@exemple.fr"
SI PAS EmailChargeFichierAttaché(m, "{path}") ALORS Info(ErreurInfo())
SI PAS EmailOuvreSessionSMTP("alice", "smtp.exemple.test") ALORS Info(ErreurInfo())
SI EmailEnvoieMessage("alice", m) ALORS Info("envoyé") SINON Info("non", ErreurInfo())
"""


@pytest.mark.parametrize(
    ("read", "final", "expected"),
    [
        (False, "", "pas de réponse du serveur SMTP smtp.exemple.test:25 en 0.5 s (DATA)"),
        (True, "", "pas de réponse du serveur SMTP smtp.exemple.test:25 en 0.5 s (DATA)"),
        (True, "554 5.6.0 too big for us", "message refusé par le serveur : 554 5.6.0 too big"),
    ],
    ids=["server-stops-reading", "no-final-reply", "refused-after-content"],
)
def test_a_big_message_is_not_sent_until_the_final_250(
    thread: ServerThread, big: Path, read: bool, final: str, expected: str
) -> None:
    staller = thread.call(Staller(read, final).start())
    try:
        started = time.monotonic()
        result = run_wl(
            TRY.format(path=big), connect_to=[(SERVER, 0, BIND, staller.port)], timeout=0.5
        )
        elapsed = time.monotonic() - started
    finally:
        thread.call(staller.stop())
    assert result.lines[0] == "non" and result.lines[1].startswith(expected), result.lines
    assert result.code == 0 and "Traceback" not in result.err
    assert elapsed < 15  # the timeout is per reply or per stalled write, not per message
    if read:
        assert staller.received > 24 * MIB  # the whole content went out before the verdict
