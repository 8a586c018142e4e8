"""Mail transactions with a server that advertises PIPELINING (RFC 2920): fewer round trips.

A companion of :class:`wlmail.mail.smtp.SMTPTransport` (it drives the transport's connection,
stage, trace and failure mapping). A message costs two waits instead of four: MAIL FROM, every
RCPT TO and DATA leave in one write and their replies are read in order (wait 1), then the text
and the final dot (wait 2). When the next message is already queued (asynchronous sessions),
its group leaves in the same write as this message's text, so each message costs one wait.

Every reply is judged as the plain exchange judges it, and nothing is reported before its
reply was read (a message is sent only on the final 250):

* MAIL refused: the sender's failure; RSET.
* a recipient refused: that recipient's failure (``ErreurInfo`` names it and quotes the reply),
  and nothing is sent, as with the plain exchange. The server has already answered DATA by then:
  if it refused DATA, RSET; if it said 354 while every recipient was refused, a lone dot ends
  the empty transaction (RFC 2920 §3.1); if it said 354 while some were accepted, the
  connection is dropped before any text (a server delivers nothing whose end-of-data never
  came, RFC 5321 §4.1.1.4) and the next message opens a new one.
* DATA refused: the refusal; RSET.
* the final reply: 250 sent; anything else refused (no RSET: the transaction is over).

A reused connection found dropped at the MAIL reply (hang-up or 421) is reopened once and the
message sent again (decision 18), also when the previous message's text was what went unanswered
(its own outcome is then "not confirmed", never retried).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import aiosmtplib
from aiosmtplib import SMTPResponse

from wlmail.mail.smtp_failure import SMTPFailure, reply_text
from wlmail.mail.smtp_pipe import Envelope, PipeliningProtocol, group, write_content

if TYPE_CHECKING:
    from wlmail.mail.smtp import SMTPTransport

__all__ = ["Dropped", "Exchange", "Flight"]

_ACCEPTED, _COMPLETED, _START_INPUT, _CLOSING = (250, 251), 250, 354, 421

Take = Callable[[], Envelope | None]
Done = Callable[[Envelope, "str | SMTPFailure"], None]


class Dropped(Exception):
    """A reused connection was gone before the message content was sent: reconnect once."""


@dataclass
class Flight:
    """A message whose group is (being) sent; ``retry``: may be sent again on a new connection
    if this one turns out to be gone at its MAIL reply."""

    envelope: Envelope
    retry: bool


class _Accepted:
    """The group's replies say: send the text."""


ACCEPTED = _Accepted()


class Exchange:
    """Pipelined transactions over one transport's connection."""

    def __init__(self, transport: SMTPTransport) -> None:
        self.t = transport

    # ---- one message (a synchronous send): 2 waits ------------------------------------------
    async def single(self, envelope: Envelope, reused: bool) -> str:
        """Send one message; returns the final reply, raises SMTPFailure or :class:`Dropped`."""
        flight = Flight(envelope, retry=reused)
        _, outcome = await self.step(None, flight)
        if outcome is ACCEPTED:
            final, _ = await self.step(flight, None)
            outcome = final
        if isinstance(outcome, Dropped):
            raise outcome
        if isinstance(outcome, str):
            return outcome
        assert not isinstance(outcome, _Accepted) and outcome is not None
        raise outcome

    # ---- a queue (an asynchronous session): 1 wait per message when chained ---------------
    async def chain(self, take: Take, done: Done) -> None:
        """Send every message ``take`` gives (until None), calling ``done`` with each outcome
        once its final reply was read."""
        t = self.t
        pending: Flight | None = None
        flight = _flight(take)
        while pending is not None or flight is not None:
            if pending is None:
                assert flight is not None
                if not t.is_open or t.pipe is None:
                    await self._plain(flight, done)
                    flight = _flight(take)
                    continue
            first, second = await self.step(pending, flight)
            if pending is not None:
                assert first is not None and not isinstance(first, _Accepted | Dropped)
                done(pending.envelope, first)
                pending = None
            if flight is not None:
                if second is ACCEPTED:
                    pending = flight
                elif isinstance(second, Dropped):
                    t._trace("connection lost since the previous exchange: reconnecting once")
                    t._drop()
                    flight.retry = False
                    continue  # the same message, on a new connection
                else:
                    assert second is not None and not isinstance(second, _Accepted)
                    done(flight.envelope, second)
            flight = _flight(take)

    async def _plain(self, flight: Flight, done: Done) -> None:
        """A message with nothing in flight on a closed connection, or a server that does not
        pipeline: the transport's own send (it reopens, retries once, pipelines if it can)."""
        envelope = flight.envelope
        outcome: str | SMTPFailure
        try:
            outcome = await self.t._send(envelope.sender, envelope.recipients, envelope.data)
        except SMTPFailure as failure:
            outcome = failure
        done(envelope, outcome)

    # ---- one write, then its replies ----------------------------------------------------------
    async def step(
        self, pending: Flight | None, flight: Flight | None
    ) -> tuple[str | SMTPFailure | None, str | SMTPFailure | _Accepted | Dropped | None]:
        """Write ``pending``'s text (its group was accepted) and ``flight``'s group in one go,
        then read the final reply of the first and the group replies of the second."""
        t = self.t
        protocol = t.pipe
        if protocol is None:  # the server hung up since its last reply
            lost = aiosmtplib.SMTPServerDisconnected("Connection lost")
            return self._broken(None, lost, pending, flight)
        second: SMTPFailure | _Accepted | Dropped | None = None
        lines: list[bytes] = []
        if flight is not None:
            try:
                lines = group(flight.envelope, t._mail_options(flight.envelope.data))
            except ValueError as exc:
                second = t._failure(exc)  # nothing of it written
        if second is not None:
            flight = None
        protocol.expected = (1 if pending is not None else 0) + len(lines)
        if t.settings.trace is not None:
            for line in lines:
                t._trace("C: " + line.decode("ascii").rstrip("\r\n"))
        try:
            if pending is not None:
                t._stage = "DATA"
                t._trace(f"C: ({pending.envelope.data.size} bytes of message)")
                data, timeout = pending.envelope.data, t.settings.timeout
                await write_content(protocol, data, timeout, b"".join(lines))
            else:
                protocol.write(b"".join(lines))
        except (aiosmtplib.SMTPException, OSError) as exc:
            return self._broken(protocol, exc, pending, flight)
        first = await self._final(protocol) if pending is not None else None
        if flight is not None:
            second = await self._replies(protocol, flight)
        protocol.expected = 0
        return first, second

    def _broken(
        self,
        protocol: PipeliningProtocol | None,
        exc: BaseException,
        pending: Flight | None,
        flight: Flight | None,
    ) -> tuple[SMTPFailure | None, SMTPFailure | Dropped | None]:
        """The connection broke (or stalled) while writing: the text is not confirmed (or the
        refusal the server sent before hanging up is reported); the group is sent again."""
        t = self.t
        early = None
        if protocol is not None:
            if pending is not None:
                early = _early_reply(protocol)
            protocol.expected = 0
        t._drop()
        first = None
        if pending is not None:
            t._stage = "DATA"
            if early is not None and early.code >= 400:
                first = t._failure(aiosmtplib.SMTPDataError(early.code, early.message))
            else:
                first = t._failure(exc)
        second: SMTPFailure | Dropped | None = None
        if flight is not None:
            t._stage = "MAIL FROM"
            second = Dropped() if flight.retry else t._failure(exc)
        return first, second

    async def _read(self, protocol: PipeliningProtocol, stage: str) -> SMTPResponse:
        self.t._stage = stage
        reply = await protocol.next_reply(self.t.settings.timeout)
        if self.t.settings.trace is not None:
            self.t._trace("S: " + _text(reply))
        return reply

    async def _final(self, protocol: PipeliningProtocol) -> str | SMTPFailure:
        t = self.t
        try:
            reply = await self._read(protocol, "DATA")
        except (aiosmtplib.SMTPException, OSError) as exc:
            t._drop()  # a timeout leaves the replies out of step: this connection is done
            return t._failure(exc)
        if reply.code == _CLOSING:
            t._drop()
        if reply.code != _COMPLETED:
            return t._failure(aiosmtplib.SMTPDataError(reply.code, reply.message))
        t.messages_sent += 1
        return _text(reply)

    async def _replies(
        self, protocol: PipeliningProtocol, flight: Flight
    ) -> SMTPFailure | _Accepted | Dropped:
        t = self.t
        envelope = flight.envelope
        stages = ["MAIL FROM"] + ["RCPT TO"] * len(envelope.recipients) + ["DATA"]
        replies: list[SMTPResponse] = []
        for index, stage in enumerate(stages):
            try:
                reply = await self._read(protocol, stage)
            except (aiosmtplib.SMTPException, OSError) as exc:
                t._drop()
                lost = isinstance(exc, aiosmtplib.SMTPServerDisconnected)
                if index == 0 and lost and flight.retry:
                    return Dropped()
                return t._failure(exc)
            replies.append(reply)
            if reply.code == _CLOSING:  # the server is going away: read no more
                t._drop()
                if index == 0 and flight.retry:
                    return Dropped()
                break
        failure = self._judge(envelope, replies)
        if failure is None:
            return ACCEPTED
        await self._clean_up(protocol, envelope, replies)
        return failure

    def _judge(self, envelope: Envelope, replies: list[SMTPResponse]) -> SMTPFailure | None:
        """Why the group failed (the first refusal in command order), or None: send the text."""
        t = self.t
        mail = replies[0]
        if mail.code != _COMPLETED:
            t._stage = "MAIL FROM"
            refused = aiosmtplib.SMTPSenderRefused(mail.code, mail.message, envelope.sender)
            return t._failure(refused)
        for recipient, reply in zip(envelope.recipients, replies[1:], strict=False):
            if reply.code not in _ACCEPTED:
                t._stage = "RCPT TO"
                error = aiosmtplib.SMTPRecipientRefused(reply.code, reply.message, recipient)
                return t._failure(error)
        data = replies[len(envelope.recipients) + 1]
        if data.code != _START_INPUT:
            t._stage = "DATA"
            return t._failure(aiosmtplib.SMTPDataError(data.code, data.message))
        return None

    async def _clean_up(
        self, protocol: PipeliningProtocol, envelope: Envelope, replies: list[SMTPResponse]
    ) -> None:
        """After a refused group: leave the connection ready for the next message (see the
        module's list), or drop it when that is the only way to send nothing."""
        t = self.t
        if not t.is_open:
            return
        count = len(envelope.recipients)
        data = replies[count + 1] if len(replies) > count + 1 else None
        if data is None or data.code != _START_INPUT:
            await t._reset()
            return
        accepted = replies[0].code == _COMPLETED and any(
            reply.code in _ACCEPTED for reply in replies[1 : count + 1]
        )
        if accepted:
            t._trace("recipients refused after DATA was accepted: closing without the text")
            t._drop()
            return
        t._trace("C: .")
        try:
            protocol.expected = 1
            protocol.write(b".\r\n")
            await self._read(protocol, "DATA")
        except (aiosmtplib.SMTPException, OSError):
            t._drop()
        finally:
            protocol.expected = 0


def _early_reply(protocol: PipeliningProtocol) -> SMTPResponse | None:
    """What the server said before the connection broke while the text was written, if any:
    a reply already parsed for the waiter, else one complete in the buffer."""
    waiter = protocol._response_waiter
    done = waiter is not None and waiter.done() and not waiter.cancelled()
    if waiter is not None and done and waiter.exception() is None:
        return waiter.result()
    try:
        return protocol._read_response_from_buffer()
    except Exception:  # a malformed rest: nothing to report but the broken connection
        return None


def _text(reply: SMTPResponse) -> str:
    return reply_text(reply.code, reply.message)


def _flight(take: Take) -> Flight | None:
    envelope = take()
    return Flight(envelope, retry=True) if envelope is not None else None
