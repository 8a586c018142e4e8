"""The sandbox's DATA: the message content streamed to its outbox file, never held whole.

aiosmtpd's ``smtp_DATA`` keeps every line as a ``bytearray`` (about twice the message's size),
then joins them into ``original_content`` and, for the handler, a parsed copy: several times an
attachment's size, in the same process as the script when running ``--sandbox``.
:func:`receive_data` reads the content in chunks instead, removes the dot-stuffing (RFC 5321
§4.5.2) and writes it to a :class:`Spool`: a temporary file in the outbox (renamed to its
``NNNN-<subject>.eml`` name once accepted) or, without an outbox, memory. Only the header section
is kept aside, to name the file and summarise the message.

aiosmtpd's rules are kept: the content counts against ``data_size_limit`` (552 at the end), a
line longer than ``line_length_limit`` gives 500 at the end, and a client that hangs up in the
middle leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

__all__ = ["HEADER_LIMIT", "OUTBOX_ERROR", "Spool", "receive_data", "serve_data"]

log = logging.getLogger("wlmail.sandbox.smtp")

#: the most of a message's start kept aside as its header section
HEADER_LIMIT = 1 << 20
_READ = 1 << 16
_END = b"\r\n.\r\n"
TOO_LONG = "500 Line too long (see RFC5321 4.5.3.1.6)"
TOO_MUCH = "552 Error: Too much mail data"
OUTBOX_ERROR = "451 4.3.0 Sandbox cannot write the message to its outbox"


class Spool:
    """Where one message's content goes: a temporary file in ``directory``, or memory."""

    def __init__(self, directory: Path | None) -> None:
        self.size = 0
        self.head = b""  # the header section (up to its blank line), at most HEADER_LIMIT
        self._head_done = False
        self._parts: list[bytes] = []
        self.path: Path | None = None
        self._file: BinaryIO | None = None
        if directory is not None:
            # opened like the .eml files always were (mode 0666 less the umask), never shared
            self.path = directory / f".incoming-{secrets.token_hex(8)}.part"
            self._file = self.path.open("xb")

    def write(self, data: bytes) -> None:
        if not data:
            return
        if not self._head_done:
            head = self.head + data[:HEADER_LIMIT]
            blank = head.find(b"\r\n\r\n")
            self._head_done = blank >= 0 or len(head) >= HEADER_LIMIT
            self.head = head[: blank + 2] if blank >= 0 else head[:HEADER_LIMIT]
        self.size += len(data)
        if self._file is not None:
            self._file.write(data)
        else:
            self._parts.append(data)

    def content(self) -> bytes | None:
        """The whole content when it is held in memory (no outbox), else None."""
        if self._file is not None:
            return None
        data = b"".join(self._parts)
        self._parts = [data]
        return data

    def close(self) -> None:
        """Flush the file (keep it); raises OSError when the disk refuses."""
        if self._file is not None:
            self._file.close()

    def discard(self) -> None:
        """Drop everything written (a refused or interrupted message)."""
        self._parts = []
        if self._file is not None:
            try:
                self._file.close()
            except OSError:
                pass
        if self.path is not None:
            try:
                self.path.unlink()
            except OSError:
                pass
            self.path = None


async def serve_data(
    server: Any, arg: str, outbox: Path | None, accept: Callable[[Spool], str]
) -> str | None:
    """DATA on aiosmtpd's ``server`` (HELO and AUTH already checked): the final reply to send,
    or None when the client hung up. ``accept`` records a whole message and gives the reply."""
    if not server.envelope.rcpt_tos:
        await server.push("503 Error: need RCPT command")
        return None
    if arg:
        await server.push("501 Syntax: DATA")
        return None
    try:
        spool = Spool(outbox)
    except OSError as exc:
        log.warning("sandbox: cannot write to outbox %s: %s", outbox, exc)
        return OUTBOX_ERROR
    await server.push("354 End data with <CR><LF>.<CR><LF>")
    try:
        error = await receive_data(
            server._reader,
            spool,
            size_limit=server.data_size_limit,
            line_limit=server.line_length_limit,
        )
        spool.close()
    except ConnectionError:
        return None  # the spool is discarded; aiosmtpd notices the lost connection
    except OSError as exc:
        spool.discard()
        log.warning("sandbox: cannot write to outbox %s: %s", outbox, exc)
        return OUTBOX_ERROR
    return error or accept(spool)


async def receive_data(
    reader: asyncio.StreamReader, spool: Spool, *, size_limit: int | None, line_limit: int
) -> str | None:
    """Read DATA content up to the lone dot into ``spool``; an error reply, or None when whole.

    On an error reply the content was read to its end and discarded. Raises (after discarding
    the spool) when the connection is lost, and ``OSError`` when the spool cannot be written.
    """
    error: str | None = None
    # A virtual CRLF (the one ending the DATA command) makes the end always "\r\n.\r\n" and
    # each dot to remove always follow a CRLF. ``pending`` starts with a CRLF (already counted
    # and written up to that point) and holds what cannot be decided yet.
    pending = b"\r\n"
    first = True
    received = 0
    try:
        while True:
            chunk = await reader.read(_READ)
            if not chunk:
                raise ConnectionResetError("connection lost during DATA")
            data = pending + chunk
            end = data.find(_END)
            if end >= 0:
                block, rest = data[: end + 2], data[end + len(_END) :]
            else:
                cut = max(data.rfind(b"\r\n"), 0)
                block, rest = data[:cut], data[cut:]
            received += max(len(block) - (2 if first else 0), 0)
            if error is None and size_limit and received > size_limit:
                error = TOO_MUCH
            if error is None and _too_long(block, rest if end < 0 else b"", line_limit):
                error = TOO_LONG
            if error is None and block:
                text = block.replace(b"\r\n.", b"\r\n")
                spool.write(text[2:] if first else text)
                first = False
            elif len(rest) > len(_END):
                rest = rest[-len(_END) :]  # discarding: only the end marker matters now
            if end >= 0:
                _give_back(reader, rest)
                break
            pending = rest
    except BaseException:
        spool.discard()
        raise
    if error is not None:
        spool.discard()
    return error


def _too_long(block: bytes, partial: bytes, limit: int) -> bool:
    """A line of ``block`` (or the unfinished one) longer than ``limit`` with its CRLF."""
    if len(partial) > limit + 2:
        return True
    if len(block) <= limit:
        return False
    return max(map(len, block.split(b"\r\n"))) + 2 > limit


def _give_back(reader: asyncio.StreamReader, data: bytes) -> None:
    """Commands a client sent right after the final dot go back to the reader for aiosmtpd."""
    buffer = getattr(reader, "_buffer", None)
    if data and isinstance(buffer, bytearray):
        buffer[0:0] = data
