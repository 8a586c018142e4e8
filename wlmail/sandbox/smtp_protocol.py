"""The sandbox SMTP server's aiosmtpd protocol: one client connection of :class:`SandboxSMTP`.

:class:`SandboxProtocol` is aiosmtpd's ``SMTP`` protocol plus what the sandbox adds to it: SASL
XOAUTH2 (with Gmail's 334-then-535 answer to a bad token), PLAIN/LOGIN checked through the
owner's callables, "authentication required" when the owner asks for it, the message content
streamed to the outbox (``smtp_data``), and the TLS bookkeeping each :class:`Received` records
(none/STARTTLS/implicit, the SNI name). :class:`SandboxHandler` keeps aiosmtpd's expected errors
quiet; :class:`AuthInfo` is what a successful AUTH leaves in the session (never a secret).

The server that owns these connections (listeners, lifecycle, outbox names, the list of
received messages) is :mod:`wlmail.sandbox.smtp_server`; its docstring lists the aiosmtpd traps
handled across both modules.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import collections
import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiosmtpd.smtp import (
    SMTP,
    AuthResult,
    Envelope,
    LoginPassword,
    Session,
    TLSSetupException,
)

from wlmail.sandbox.received import TLSMode, parse_xoauth2
from wlmail.sandbox.smtp_data import serve_data

if TYPE_CHECKING:
    from wlmail.sandbox.smtp_server import SandboxSMTP

__all__ = ["AUTH_LINE_LIMIT", "MECHANISMS", "AuthInfo", "SandboxHandler", "SandboxProtocol"]

log = logging.getLogger("wlmail.sandbox.smtp")

#: SASL mechanisms the sandbox implements (and offers by default).
MECHANISMS: tuple[str, ...] = ("PLAIN", "LOGIN", "XOAUTH2")

# Gmail answers a rejected XOAUTH2 token with a 334 challenge carrying this kind of JSON, waits
# for the client's empty line, then sends 535 (Google's "OAuth 2.0 Mechanism" page; RFC 7628
# §3.2.2 describes the same dance for OAUTHBEARER).
_XOAUTH2_ERROR = {"status": "401", "schemes": "Bearer", "scope": "https://mail.google.com/"}
_CODE_BAD_TOKEN = "535 5.7.8 Username and Password not accepted (sandbox: invalid OAuth token)"
_CODE_AUTH_REQUIRED = "530 5.7.0 Authentication required"
AUTH_LINE_LIMIT = 12288


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class AuthInfo:
    """What a successful AUTH leaves in ``session.auth_data`` (no secret)."""

    mechanism: str
    login: str


class _QuietSession(Session):
    """A Session whose ``login_data`` does not log.

    After every successful AUTH, aiosmtpd 1.4 assigns the deprecated ``Session.login_data``,
    whose setter *logs* "Session.login_data is deprecated" at WARNING level (a log record, not
    a ``warnings.warn``). With no logging configured, Python's last-resort handler prints it on
    stderr during every sandbox run. This override keeps the attribute and drops the message.
    """

    @property
    def login_data(self) -> Any:
        return self._login_data

    @login_data.setter
    def login_data(self, value: Any) -> None:
        self._login_data = value


class SandboxHandler:
    """aiosmtpd event handler: keeps expected errors quiet (DATA is the protocol's own)."""

    def __init__(self, owner: SandboxSMTP) -> None:
        self._owner = owner

    async def handle_exception(self, error: Exception) -> str:
        # aiosmtpd would log a full traceback for a client that refuses our certificate during
        # STARTTLS (a normal event in tests of untrusted CAs); keep that one quiet.
        if isinstance(error, TLSSetupException):
            log.debug("STARTTLS handshake failed: %r", error.__cause__)
            return "454 4.7.0 TLS handshake failed"
        log.warning("sandbox SMTP session error", exc_info=error)
        return f"500 Error: ({type(error).__name__}) {error}"


class SandboxProtocol(SMTP):
    """aiosmtpd's SMTP protocol plus XOAUTH2, our auth rules and TLS bookkeeping."""

    #: RFC 4954 §4 lets an AUTH command line be 12288 octets long. An XOAUTH2 initial response
    #: carrying a JWT (Microsoft, oauth2-mock-server: 1-3 KB) exceeds aiosmtpd's 512-byte command
    #: limit and its 1001-byte line limit, and would get "500 Command line too long".
    line_length_limit = AUTH_LINE_LIMIT + 2

    def __init__(self, owner: SandboxSMTP, *, implicit_tls: bool) -> None:
        self._owner = owner
        self._implicit_tls = implicit_tls
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        excluded = [m for m in MECHANISMS if m not in owner.mechanisms]
        super().__init__(
            owner._handler,
            hostname=owner.hostname,
            ident="wlmail sandbox ESMTP",
            tls_context=None if implicit_tls else owner._starttls_context,
            require_starttls=owner.require_starttls and not implicit_tls,
            # auth_required is enforced by check_auth_needed() below: passing it together with
            # auth_require_tls=False (needed on the implicit listener, aiosmtpd#274) makes
            # aiosmtpd emit a UserWarning on every connection.
            auth_required=False,
            auth_require_tls=not (implicit_tls or owner.allow_plaintext_auth),
            auth_exclude_mechanism=excluded,
            authenticator=self._check_password,
            enable_SMTPUTF8=True,
            data_size_limit=owner.data_size_limit,
            timeout=owner.timeout,
            loop=asyncio.get_running_loop(),
        )
        # per instance: aiosmtpd's default dict is shared by every instance (and class)
        self.command_size_limits = collections.defaultdict(
            lambda: SMTP.command_size_limit, {"AUTH": AUTH_LINE_LIMIT}
        )

    # -- aiosmtpd hooks ------------------------------------------------------------------------

    async def smtp_DATA(self, arg: str) -> None:
        """aiosmtpd's DATA checks and replies, the content streamed to a Spool (smtp_data)."""
        if await self.check_helo_needed() or await self.check_auth_needed("DATA"):
            return
        assert self.envelope is not None and self.session is not None
        session, envelope, owner = self.session, self.envelope, self._owner
        status = await serve_data(
            self, arg, owner.outbox, lambda spool: owner._accept(self, session, envelope, spool)
        )
        if status is not None:
            self._set_post_data_state()  # type: ignore[no-untyped-call]
            await self.push(status)

    def _create_session(self) -> Session:
        return _QuietSession(self.loop)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        # Registered here, not in the factory: on the implicit listener a client that rejects
        # the certificate never reaches connection_made, so it never gets connection_lost.
        self._owner._connections.add(self)

    def connection_lost(self, error: Exception | None) -> None:
        try:
            super().connection_lost(error)
        finally:
            if not self.closed.done():
                self.closed.set_result(None)

    async def check_auth_needed(self, caller_method: str) -> bool:
        if self._owner.auth_required and not (self.session and self.session.authenticated):
            await self.push(_CODE_AUTH_REQUIRED)
            return True
        return False

    def _check_password(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        """aiosmtpd ``authenticator`` for the built-in PLAIN and LOGIN."""
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login = _text(auth_data.login)
        if self._owner.check_password(login, _text(auth_data.password)):
            if self.tls_mode() == "none" and self._owner.on_clear_login is not None:
                self._owner.on_clear_login(login)
            return AuthResult(success=True, auth_data=AuthInfo(mechanism, login))
        return AuthResult(success=False, handled=False)  # handled=False: aiosmtpd sends 535

    async def auth_XOAUTH2(self, _server: SMTP, args: list[str]) -> AuthResult:
        """SASL XOAUTH2 (Google/Microsoft): ``base64(user=U\\x01auth=Bearer T\\x01\\x01)``."""
        if len(args) > 1:
            try:
                blob = base64.b64decode(args[1], validate=True)
            except binascii.Error:
                await self.push("501 5.5.2 Can't decode base64")
                return AuthResult(success=False, handled=True)
        else:
            answer = await self.challenge_auth("")
            if not isinstance(answer, bytes):  # client sent "*" or bad base64: already answered
                return AuthResult(success=False, handled=True)
            blob = answer
        parsed = parse_xoauth2(blob)
        if parsed is None:
            await self.push("501 5.5.2 Malformed XOAUTH2 initial response")
            return AuthResult(success=False, handled=True)
        user, token = parsed
        if self._owner.check_token(user, token):
            return AuthResult(success=True, auth_data=AuthInfo("XOAUTH2", user))
        answer = await self.challenge_auth(json.dumps(_XOAUTH2_ERROR).encode("ascii"))
        if not isinstance(answer, bytes):
            return AuthResult(success=False, handled=True)
        return AuthResult(success=False, handled=False, message=_CODE_BAD_TOKEN)

    # -- bookkeeping ---------------------------------------------------------------------------

    def tls_mode(self) -> TLSMode:
        if self._implicit_tls:
            return "implicit"
        if self.session is not None and self.session.ssl is not None:
            return "starttls"
        return "none"

    def sni(self) -> str | None:
        transport = self.transport
        ssl_object = None if transport is None else transport.get_extra_info("ssl_object")
        return None if ssl_object is None else self._owner._sni_names.get(ssl_object)

    def abort(self) -> asyncio.Task[None] | None:
        """Drop the connection now; return aiosmtpd's session task (cancelled) to wait for.

        Closing ``self.transport`` is not enough: in the middle of a STARTTLS handshake it is
        the TLS layer, whose abort never reaches ``connection_lost`` (asyncio only forwards it
        once the handshake is done), and the session task would wait for its idle timeout.
        So the raw socket transport is aborted too and the session task cancelled.
        """
        for transport in (self.transport, self._original_transport):
            if isinstance(transport, asyncio.Transport):
                transport.abort()
        task = self._handler_coroutine
        if task is not None and not task.done():
            task.cancel()
        if not self.closed.done():
            self.closed.set_result(None)
        return task
