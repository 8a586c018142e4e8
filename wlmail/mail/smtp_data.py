"""DATA sent in a stream over an aiosmtplib connection, with flow control and the session timeout.

aiosmtplib's ``SMTP.data(bytes)`` needs the whole message, then writes a line-normalised and a
dot-stuffed copy of it at once into the transport's buffer: about four encoded copies of every
attachment. :func:`send_data` writes :func:`~wlmail.mail.stream.wire_chunks` one at a time and
waits for the transport to drain after each, so only a chunk or two is ever in memory.

It uses three internals of aiosmtplib's ``SMTPProtocol`` (5.1), the same its own
``execute_data_command`` uses: ``_command_lock`` (held for the whole exchange, as there),
``_response_pending`` (set before writing, so that an early reply is not dropped) and
``_drain_helper`` (asyncio's flow control). Without them (another aiosmtplib), the message is
sent whole with ``SMTP.data``.

Failures keep ``SMTP.data``'s behaviour: a refusal of DATA or of the content raises
``SMTPDataError``; a timeout (no reply, or no progress writing, for ``timeout`` seconds) raises
``SMTPTimeoutError`` and a lost connection ``SMTPServerDisconnected``, after which the
connection is closed. A failure or cancellation while the content flows aborts the connection
(it is in the middle of a message: nothing else can be said on it), and a server that answered
before hanging up is reported with its reply.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiosmtplib
from aiosmtplib import SMTPResponse

from wlmail.mail.stream import MessageStream, wire_chunks

__all__ = ["send_data"]

_START_INPUT = 354
_COMPLETED = 250


async def send_data(
    smtp: aiosmtplib.SMTP, message: MessageStream, timeout: float | None
) -> SMTPResponse:
    """DATA, the content of ``message`` (dot-stuffed, CRLF) and the final dot; the 250 reply."""
    protocol: Any = smtp.protocol
    if protocol is None:
        raise aiosmtplib.SMTPServerDisconnected("Connection lost")
    if not all(
        hasattr(protocol, name) for name in ("_command_lock", "_response_pending", "_drain_helper")
    ):
        return await smtp.data(bytes(message), timeout=timeout)  # pragma: no cover
    lock: asyncio.Lock | None = protocol._command_lock
    if lock is None:
        raise aiosmtplib.SMTPServerDisconnected("Server not connected")
    try:
        async with lock:
            protocol._response_pending = True
            protocol.write(b"DATA\r\n")
            start = await protocol.read_response(timeout=timeout)
            if start.code != _START_INPUT:
                raise aiosmtplib.SMTPDataError(start.code, start.message)
            response = await _content(smtp, protocol, message, timeout)
    except (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPTimeoutError):
        smtp.close()
        raise
    if response.code != _COMPLETED:
        raise aiosmtplib.SMTPDataError(response.code, response.message)
    return response


async def _content(
    smtp: aiosmtplib.SMTP, protocol: Any, message: MessageStream, timeout: float | None
) -> SMTPResponse:
    try:
        protocol._response_pending = True
        for chunk in wire_chunks(message.chunks()):
            protocol.write(chunk)
            try:
                await asyncio.wait_for(protocol._drain_helper(), timeout)
            except TimeoutError:
                raise aiosmtplib.SMTPTimeoutError("Timed out sending the message") from None
            except ConnectionError as exc:
                raise aiosmtplib.SMTPServerDisconnected("Connection lost") from exc
        response: SMTPResponse = await protocol.read_response(timeout=timeout)
        return response
    except BaseException as exc:
        early = _early_reply(protocol)
        _abort(smtp)
        if early is not None and isinstance(exc, aiosmtplib.SMTPServerDisconnected):
            raise aiosmtplib.SMTPDataError(early.code, early.message) from None
        raise


def _early_reply(protocol: Any) -> SMTPResponse | None:
    """A refusal the server sent while the content was still flowing (then hung up), if any."""
    waiter = getattr(protocol, "_response_waiter", None)
    if waiter is None or not waiter.done() or waiter.cancelled() or waiter.exception():
        return None
    reply = waiter.result()
    return reply if isinstance(reply, SMTPResponse) and reply.code >= 400 else None


def _abort(smtp: aiosmtplib.SMTP) -> None:
    transport = smtp.transport
    if isinstance(transport, asyncio.WriteTransport):
        transport.abort()
    smtp.close()
