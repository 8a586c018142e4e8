"""SMTP PIPELINING (RFC 2920) on aiosmtplib's own connection and reply parser.

aiosmtplib writes one command and waits for its reply; its ``SMTPProtocol`` parses the first
complete reply of what it received and drops whatever arrives while that reply waits to be
picked up (a guard against unsolicited data). A pipelined group gets several replies at once,
so :class:`PipeliningProtocol` (the same class, adopted after the greeting) keeps every byte
while replies are due (``expected`` > 0) and hands them out in order with :meth:`next_reply`;
the parsing is aiosmtplib's (``_read_response_from_buffer``), the flow control and the waiter
too. With ``expected`` at 0 it behaves exactly like aiosmtplib's protocol.

:func:`group` renders one message's MAIL FROM, every RCPT TO and DATA (the commands RFC 2920
§3.1 lets a client send in one write: DATA last, since its answer changes the state);
:func:`write_content` writes a message's text (dot-stuffed, CRLF, in chunks with flow control)
and puts ``tail`` (the next message's group, when one is queued) in the same last write, which
RFC 2920 §3.1 allows ("the actual transfer of message content is explicitly allowed to be the
first command in a group"). How replies are judged is in ``smtp.SMTPTransport._read_group``.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

import aiosmtplib
from aiosmtplib import SMTPResponse
from aiosmtplib.email import quote_address
from aiosmtplib.protocol import (
    COMMAND_INJECTION_REGEX,
    MAX_RESPONSE_LENGTH,
    SMTPProtocol,
)

from wlmail.mail.stream import MessageStream, wire_chunks

__all__ = ["Envelope", "Message", "PipeliningProtocol", "adopt", "group", "write_content"]

#: what aiosmtplib's protocol must have for the pipelined reads (5.x); without it: plain exchange
#: a dot-atom local part and a domain: parseaddr gives it back as it is
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")
#: bytes gathered before a write: a message's last lines, its dot and the next group go together
_WRITE = 1 << 16
_NEEDED = ("_buffer", "_response_waiter", "_read_response_from_buffer", "_drain_helper", "_paused")


class Envelope(Protocol):
    """One message to send: the envelope (decision 16) and the rendered text."""

    @property
    def sender(self) -> str: ...

    @property
    def recipients(self) -> Sequence[str]: ...

    @property
    def data(self) -> MessageStream: ...


@dataclass(frozen=True)
class Message:
    """An :class:`Envelope` and nothing else."""

    sender: str
    recipients: Sequence[str]
    data: MessageStream


class PipeliningProtocol(SMTPProtocol):
    """aiosmtplib's protocol that keeps every reply of a pipelined group (see the module)."""

    #: replies of the current group not read yet (a class default: instances are adopted)
    expected: int = 0

    def data_received(self, data: bytes) -> None:
        if self.expected <= 0:
            super().data_received(data)
            return
        if self._response_waiter is None:
            return
        self._buffer.extend(data)
        if len(self._buffer) > MAX_RESPONSE_LENGTH * max(1, self.expected):
            del self._buffer[:]
            waiter = self._response_waiter
            if not waiter.done():
                self._set_response_exception(
                    waiter, aiosmtplib.SMTPResponseException(-1, "Response too long")
                )
            return
        self._deliver()

    def _deliver(self) -> None:
        """Give the waiter the next complete reply of the buffer, if it has none yet."""
        waiter = self._response_waiter
        if waiter is None or waiter.done():
            return
        try:
            response = self._read_response_from_buffer()
        except Exception as exc:  # a malformed reply: aiosmtplib's error, as it would raise it
            self._set_response_exception(waiter, exc)
            return
        if response is not None:
            waiter.set_result(response)

    async def next_reply(self, timeout: float | None) -> SMTPResponse:
        """The next reply of the group, in order; what a server said before hanging up is
        still read from the buffer. What aiosmtplib's ``read_response`` does, without its
        ``wait_for`` (two turns of the loop for every reply, even one already received)."""
        self.expected -= 1
        if self._response_waiter is None:  # connection lost
            response = self._read_response_from_buffer()
            if response is None:
                raise aiosmtplib.SMTPServerDisconnected("Connection lost")
            return response
        self._response_pending = True
        self._deliver()
        waiter = self._response_waiter
        try:
            if not waiter.done():  # (a reply already read costs no turn of the loop)
                async with asyncio.timeout(timeout):
                    await waiter
        except TimeoutError as exc:
            raise aiosmtplib.SMTPReadTimeoutError("Timed out waiting for server response") from exc
        finally:  # as aiosmtplib's read_response
            self._response_pending = False
            self._response_waiter = None if self.transport is None else self._loop.create_future()
        return waiter.result()


def adopt(smtp: aiosmtplib.SMTP) -> PipeliningProtocol | None:
    """Make the connection's protocol a :class:`PipeliningProtocol` (same state, same object);
    None when this aiosmtplib lacks what the pipelined reads use."""
    protocol: Any = smtp.protocol
    if protocol is None or not all(hasattr(protocol, name) for name in _NEEDED):
        return None
    if not isinstance(protocol, PipeliningProtocol):
        if type(protocol) is not SMTPProtocol:
            return None  # someone else's subclass: leave it alone
        protocol.__class__ = PipeliningProtocol
    return cast(PipeliningProtocol, protocol)


def group(envelope: Envelope, options: Sequence[str]) -> list[bytes]:
    """MAIL FROM (with ``options``), one RCPT TO per recipient, DATA: one line each.

    Addresses are quoted and encoded as aiosmtplib's ``mail``/``rcpt`` do (ASCII: anything else
    raises ``UnicodeEncodeError``, a ``ValueError``), and refused like its ``execute_command``
    when a control character would inject a command (``ValueError``).
    """
    lines = [
        b" ".join(
            [b"MAIL", b"FROM:" + _quoted(envelope.sender)]
            + [option.encode("ascii") for option in options]
        )
    ]
    lines += [b"RCPT TO:" + _quoted(r) for r in envelope.recipients]
    for line in lines:
        if COMMAND_INJECTION_REGEX.search(line):
            raise ValueError("Command arg contains a prohibited control character")
    lines.append(b"DATA")
    return [line + b"\r\n" for line in lines]


def _quoted(address: str) -> bytes:
    """``<address>`` as aiosmtplib's ``quote_address`` makes it; a plain ``local@domain`` (what
    the envelope of a built message holds) skips its ``email.utils.parseaddr`` round, which
    would return it unchanged."""
    if _PLAIN_ADDRESS.fullmatch(address):
        return b"<" + address.encode("ascii") + b">"
    return quote_address(address).encode("ascii")


async def write_content(
    protocol: PipeliningProtocol, message: MessageStream, timeout: float | None, tail: bytes
) -> None:
    """The text of ``message`` as DATA carries it, then ``tail``, in the fewest writes: a small
    message and the next group leave in one segment. Flow control as in ``smtp_data``; a write
    that makes no progress for ``timeout`` seconds raises ``SMTPTimeoutError``, a lost
    connection ``SMTPServerDisconnected``."""
    held = bytearray()
    for chunk in wire_chunks(message.chunks()):
        if held and len(held) + len(chunk) > _WRITE:
            await _write(protocol, bytes(held), timeout)
            held.clear()
        held += chunk
    held += tail
    await _write(protocol, bytes(held), timeout)


async def _write(protocol: PipeliningProtocol, data: bytes, timeout: float | None) -> None:
    protocol.write(data)
    if not protocol._paused:
        return
    try:
        await asyncio.wait_for(protocol._drain_helper(), timeout)
    except TimeoutError:
        raise aiosmtplib.SMTPTimeoutError("Timed out sending the message") from None
    except ConnectionError as exc:
        raise aiosmtplib.SMTPServerDisconnected("Connection lost") from exc
