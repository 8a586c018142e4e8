"""SMTP transport on aiosmtplib: one connection per WLangage session, reused for every message.

Rulings applied (design/decisions.md): TLS modes (10) are chosen by the caller and passed as
``mode``; certificates are always verified against the system store plus ``cafile`` unless the
session's IgnoreErreur relaxes it (``verify``); AUTH uses XOAUTH2 when a bearer token is available,
otherwise PLAIN/LOGIN with the password, otherwise nothing (12); one connection, reconnected once
when the server dropped it between messages (18); every server reply waits at most ``timeout``
seconds (20); ``--connect-to`` routes the TCP connection while TLS checks the name the script used
(21). A server that advertises PIPELINING (RFC 2920) gets the grouped exchange of
:mod:`wlmail.mail.smtp_chain` (2 waits a message, 1 when :meth:`SMTPTransport.send_chain`
chains a queue); any other gets the plain one below, one command at a time.

The socket is always dialled here and handed to aiosmtplib with ``hostname`` = the script's server
name: aiosmtplib then uses that name only for SNI and certificate checking (engineering.md, facts
learned with the sandbox). Every failure becomes an :class:`SMTPFailure` whose ``kind`` says what
went wrong and which carries the server's code and reply when there is one; nothing else escapes.
Secrets never reach the trace: AUTH arguments and the answers to AUTH challenges are masked.
Server text never reaches a terminal raw: every reply, in the trace and in the failures (hence
``ErreurInfo``), is one line with controls, escape sequences and bidi shown escaped (textsafe).
"""

from __future__ import annotations

import asyncio
import inspect
import re
import socket
import ssl
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import aiosmtplib
from aiosmtplib import SMTPResponse

from wlmail.mail.connect import (
    Mode,
    Route,
    Verify,
    dial,
    local_hostname,
    os_detail,
    tls_context,
)
from wlmail.mail.smtp_chain import Done, Dropped, Exchange, Take
from wlmail.mail.smtp_data import send_data
from wlmail.mail.smtp_failure import SMTPFailure, failure_of
from wlmail.mail.smtp_failure import reply_text as _reply
from wlmail.mail.smtp_pipe import Envelope, Message, PipeliningProtocol, adopt
from wlmail.mail.stream import MessageStream
from wlmail.textsafe import escape

__all__ = ["Envelope", "SMTPFailure", "SMTPSettings", "SMTPTransport"]


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class SMTPSettings:
    """Everything needed to reach and log in to one SMTP server."""

    host: str
    port: int = 25
    mode: Mode = "plain"
    user: str = ""
    password: str = field(default="", repr=False)
    #: returns (or, when async, resolves to) the XOAUTH2 bearer token, or None when there is no
    #: valid one (decision 12); called at each login, so it may refresh an expired token first
    token: Callable[[], str | Awaitable[str | None] | None] | None = field(default=None, repr=False)
    verify: Verify = "full"
    timeout: float = 600.0
    connect_to: Sequence[Route] = ()
    cafile: str | None = None
    local_hostname: str = ""
    trace: Callable[[str], None] | None = field(default=None, repr=False)


class _TracingSMTP(aiosmtplib.SMTP):
    """aiosmtplib's client, writing each command and reply to ``trace`` with secrets masked."""

    def __init__(self, *args: Any, trace: Callable[[str], None] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.trace = trace
        self._secret_next = False

    async def execute_command(self, *args: bytes, **kwargs: Any) -> SMTPResponse:
        trace = self.trace
        if trace is not None:
            trace("C: " + self._shown(args))
        response: SMTPResponse = await super().execute_command(*args, **kwargs)
        if (args and args[0].upper() == b"AUTH") or self._secret_next:
            self._secret_next = response.code == 334
        if trace is not None:
            trace("S: " + _reply(response.code, response.message))
        return response

    def _shown(self, args: tuple[bytes, ...]) -> str:
        if self._secret_next:
            return "****"
        words = [a.decode("ascii", "replace") for a in args]
        if words and words[0].upper() == "AUTH" and len(words) > 2:
            words = [*words[:2], "****"]
        return escape(" ".join(words))


class SMTPTransport:
    """One SMTP connection, opened on demand and reused; call everything on one event loop."""

    def __init__(self, settings: SMTPSettings) -> None:
        self.settings = settings
        self._smtp: _TracingSMTP | None = None
        self._sock: socket.socket | None = None
        self._stage = "connect"
        #: operations (open, send) begun and not finished: one cut short by a cancellation
        #: (Ctrl-C) leaves the connection mid-command, so it can only be aborted, never reused
        self._busy = 0
        #: every transport of the connection (the socket's, then TLS's): aborted at the end,
        #: even after aiosmtplib dropped its own reference on a timeout
        self._transports: list[asyncio.BaseTransport] = []
        self.messages_sent = 0
        self.connections = 0

    @property
    def is_open(self) -> bool:
        return self._smtp is not None and self._smtp.is_connected

    @property
    def pipe(self) -> PipeliningProtocol | None:
        """The connection's protocol when the server pipelines (RFC 2920), else None."""
        smtp = self._smtp
        if smtp is None or not smtp.is_connected or not smtp.supports_extension("pipelining"):
            return None
        return adopt(smtp)

    @property
    def interrupted(self) -> bool:
        """An operation was cut short (cancelled) and the connection is still held."""
        return self._busy > 0 and self._smtp is not None

    def set_timeout(self, seconds: float) -> None:
        """Change the per-reply timeout, also for the connection already open."""
        self.settings.timeout = seconds
        if self._smtp is not None:
            self._smtp.timeout = seconds

    # ---- public operations ------------------------------------------------------------------
    async def open(self) -> str:
        """Connect, greet, STARTTLS when asked, EHLO and log in; returns the greeting."""
        await self.close()
        self._busy += 1
        try:
            greeting = await self._connect()
        except Exception:
            self._busy -= 1
            raise
        self._busy -= 1
        return greeting

    async def _connect(self) -> str:
        settings = self.settings
        self._stage = "connect"
        # no TLS ever on a plain session (decision 10): the system store is not loaded for
        # nothing (a tenth of wlmail's startup); a --cafile is still read, and refused if bad
        context = self._context() if settings.mode != "plain" or settings.cafile else None
        sock = self._sock = await self._dial()
        smtp = _TracingSMTP(
            hostname=settings.host,
            sock=sock,
            use_tls=settings.mode == "implicit",
            start_tls=False,
            tls_context=context,
            local_hostname=settings.local_hostname or local_hostname(),
            timeout=settings.timeout,
            trace=settings.trace,
        )
        self._smtp = smtp
        try:
            self._stage = "greeting"
            greeting = await smtp.connect()
            self._remember(smtp)
            self._trace("S: " + _reply(greeting.code, greeting.message))
            self._stage = "EHLO"
            await smtp.ehlo()
            if settings.mode == "starttls":
                await self._starttls(smtp)
            await self._login(smtp)
        except SMTPFailure:
            self._abort(sock)
            raise
        except (aiosmtplib.SMTPException, OSError, ValueError) as exc:
            self._abort(sock)
            raise self._failure(exc) from None
        self.connections += 1
        return _reply(greeting.code, greeting.message)

    async def send(
        self, sender: str, recipients: Sequence[str], data: MessageStream | bytes
    ) -> str:
        """Run one mail transaction; returns the server's final reply to DATA (a 250).

        ``data`` is sent in a stream (``smtp_data``): dot-stuffed, CRLF, never copied whole.

        A connection the server dropped since the previous message (closed, or 421 at MAIL) is
        reopened once and the transaction retried; a failure after the message content started
        to flow is never retried (the server may have kept it). A connection an interrupted
        operation left mid-command is aborted and a new one opened.
        """
        if isinstance(data, bytes):
            data = MessageStream.of_bytes(data)
        if self.interrupted:
            await self.close()
        self._busy += 1
        try:
            reply = await self._send(sender, recipients, data)
        except Exception:
            self._busy -= 1
            raise
        self._busy -= 1
        return reply

    async def send_chain(self, take: Take, done: Done) -> None:
        """Send every message ``take()`` gives until it gives None, calling ``done(envelope,
        reply or SMTPFailure)`` for each once its final reply was read. With a server that
        pipelines, a message's text leaves with the next message's commands when ``take``
        already has one (smtp_chain); otherwise each goes as :meth:`send` would send it."""
        if self.interrupted:
            await self.close()
        self._busy += 1
        try:
            await Exchange(self).chain(take, done)
        except Exception:
            self._busy -= 1
            raise
        self._busy -= 1

    async def _send(self, sender: str, recipients: Sequence[str], data: MessageStream) -> str:
        reused = self.is_open
        if not reused:
            await self._reopen()
        try:
            return await self._transaction(sender, recipients, data, reused)
        except Dropped:
            self._trace("connection lost since the previous exchange: reconnecting once")
        await self._reopen()
        return await self._transaction(sender, recipients, data, reused=False)

    async def close(self, *, wait: bool = True) -> None:
        """QUIT politely (errors ignored) and release the socket now.

        The transport is aborted after QUIT and the loop given two turns: a TLS transport would
        otherwise wait for the peer's close_notify, and the socket would outlive the run's loop.
        With ``wait=False`` (the program was interrupted) QUIT is written and not waited for.
        After an interrupted operation there is no QUIT at all: a command is in flight (its
        reply, or the message content, still due) and the connection is aborted.
        """
        in_flight, self._busy = self._busy > 0, 0
        await self._release(quit=not in_flight, wait=wait)

    async def _reopen(self) -> str:
        await self._release(quit=True, wait=True)
        return await self._connect()

    async def _release(self, *, quit: bool, wait: bool) -> None:
        smtp, self._smtp = self._smtp, None
        sock, self._sock = self._sock, None
        try:
            if smtp is not None:
                self._remember(smtp)
                if smtp.is_connected and quit:
                    if wait:
                        try:
                            await smtp.quit(timeout=min(self.settings.timeout, 5.0))
                        except (aiosmtplib.SMTPException, OSError, ValueError):
                            pass
                    else:
                        self._quit_now(smtp)
        finally:  # also when Ctrl-C cancels the wait for the answer to QUIT
            if smtp is not None:
                smtp.close()
            self._abort_all()
        try:
            await asyncio.sleep(0)
            await asyncio.sleep(0)
        finally:
            if sock is not None:
                sock.close()

    def abort(self) -> None:
        """Drop the connection now, without a word and without the loop."""
        self._busy = 0
        self._drop()

    def _quit_now(self, smtp: _TracingSMTP) -> None:
        """Write QUIT without waiting for its answer (the socket takes it at once)."""
        transport = smtp.transport
        if isinstance(transport, asyncio.WriteTransport) and not transport.is_closing():
            self._trace("C: QUIT (not waiting for the answer)")
            try:
                transport.write(b"QUIT\r\n")
            except (OSError, RuntimeError):
                pass

    # ---- steps ------------------------------------------------------------------------------
    async def _dial(self) -> socket.socket:
        s = self.settings
        return await dial(
            s.host,
            s.port,
            timeout=s.timeout,
            routes=s.connect_to,
            trace=s.trace,
            what=s.mode,
            failure=SMTPFailure,
        )

    def _context(self) -> ssl.SSLContext:
        try:
            return tls_context(self.settings.cafile, self.settings.verify)
        except (OSError, ssl.SSLError) as exc:
            raise SMTPFailure(
                "cafile", detail=os_detail(exc), path=self.settings.cafile or ""
            ) from None

    async def _starttls(self, smtp: _TracingSMTP) -> None:
        self._stage = "STARTTLS"
        if not smtp.supports_extension("starttls"):
            raise SMTPFailure(
                "starttls_unsupported", host=self.settings.host, port=self.settings.port
            )
        self._trace("C: STARTTLS")
        response = await smtp.starttls()
        self._trace("S: " + _reply(response.code, response.message))
        self._remember(smtp)
        self._stage = "EHLO"
        await smtp.ehlo()  # aiosmtplib forgets the extensions after STARTTLS

    async def _login(self, smtp: _TracingSMTP) -> None:
        settings = self.settings
        token = settings.token() if settings.token is not None else None
        if inspect.isawaitable(token):
            token = await token
        if not token and not settings.password:
            return
        self._stage = "AUTH"
        if not smtp.supports_extension("auth"):
            hint = "tls" if settings.mode == "plain" else ""
            raise SMTPFailure("auth_unsupported", hint=hint, host=settings.host)
        methods = smtp.server_auth_methods
        if token:
            if "xoauth2" not in methods:
                raise SMTPFailure("xoauth2_unsupported", host=settings.host)
            await smtp.auth_xoauth2(settings.user, token)
        elif "plain" in methods:
            await smtp.auth_plain(settings.user, settings.password)
        elif "login" in methods:
            await smtp.auth_login(settings.user, settings.password)
        elif "cram-md5" in methods:
            await smtp.auth_crammd5(settings.user, settings.password)
        else:
            raise SMTPFailure("auth_unsupported", hint="", host=settings.host)

    async def _transaction(
        self, sender: str, recipients: Sequence[str], data: MessageStream, reused: bool
    ) -> str:
        """MAIL, RCPT…, DATA (pipelined when the server can). On a ``reused`` connection, a
        server that hung up (or said 421) before MAIL was answered raises Dropped so that the
        caller reconnects once."""
        smtp = self._smtp
        assert smtp is not None
        if self.pipe is not None:
            return await Exchange(self).single(Message(sender, recipients, data), reused)
        options = self._mail_options(data)
        try:
            self._stage = "MAIL FROM"
            try:
                await smtp.mail(sender, options=options)
            except (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPSenderRefused) as exc:
                dropped = not isinstance(exc, aiosmtplib.SMTPSenderRefused) or exc.code == 421
                if dropped and reused:
                    raise Dropped() from None
                raise
            self._stage = "RCPT TO"
            for recipient in recipients:
                await smtp.rcpt(recipient)
            self._stage = "DATA"
            self._trace(f"C: DATA ({data.size} bytes of message)")
            response = await send_data(smtp, data, smtp.timeout)
            self._trace("S: " + _reply(response.code, response.message))
        except Dropped:
            self._smtp = None
            smtp.close()
            raise
        except (aiosmtplib.SMTPException, OSError, ValueError) as exc:
            failure = self._failure(exc)
            await self._reset(smtp)
            raise failure from None
        self.messages_sent += 1
        return _reply(response.code, response.message)

    def _mail_options(self, data: MessageStream) -> list[str]:
        smtp = self._smtp
        assert smtp is not None
        options = []
        if smtp.supports_extension("size"):
            options.append(f"SIZE={data.size}")
        if not data.is_ascii and smtp.supports_extension("8bitmime"):
            options.append("BODY=8BITMIME")
        return options

    async def _reset(self, smtp: _TracingSMTP | None = None) -> None:
        """After a refused command, RSET so that the connection serves the next message."""
        smtp = smtp or self._smtp
        if smtp is None or not smtp.is_connected:
            return
        try:
            await smtp.rset()
        except (aiosmtplib.SMTPException, OSError, ValueError):
            smtp.close()

    # ---- helpers ----------------------------------------------------------------------------
    def _trace(self, line: str) -> None:
        if self.settings.trace is not None:
            self.settings.trace(escape(line))

    def _drop(self) -> None:
        """Drop the connection in the middle of an operation (no QUIT: it is out of step);
        the next message opens a new one."""
        smtp, self._smtp = self._smtp, None
        sock, self._sock = self._sock, None
        if smtp is not None:
            self._remember(smtp)
            smtp.close()
        self._abort_all()
        if sock is not None:
            sock.close()

    def _abort(self, sock: socket.socket) -> None:
        self._drop()
        sock.close()

    def _remember(self, smtp: _TracingSMTP) -> None:
        transport = smtp.transport
        if transport is not None and transport not in self._transports:
            self._transports.append(transport)

    def _abort_all(self) -> None:
        """Abort the TLS transport, then the socket's under it (a timeout after STARTTLS
        left the latter waiting for a close_notify that never comes)."""
        transports, self._transports = self._transports, []
        for transport in reversed(transports):
            _abort_transport(transport)

    def _failure(self, exc: BaseException) -> SMTPFailure:
        """Translate an aiosmtplib/ssl/OS exception into an :class:`SMTPFailure`."""
        settings = self.settings
        return failure_of(exc, settings.host, settings.port, self._stage, settings.timeout)


def _abort_transport(transport: asyncio.BaseTransport | None) -> None:
    """Drop a connection now (no TLS close_notify dance that would outlive the loop)."""
    if isinstance(transport, asyncio.WriteTransport):
        transport.abort()
