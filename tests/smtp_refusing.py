"""Helpers of the OAuth tests (no test here): an aiosmtpd server that refuses passwords.

``RefusingSMTP`` behaves like Exchange Online with basic authentication turned off: STARTTLS
(certificate from a :class:`~wlmail.sandbox.certs.RunCA` for the names asked for), AUTH PLAIN
and LOGIN refused with ``refusal`` (``535 5.7.139 Authentication unsuccessful, basic
authentication is disabled`` by default; tests set Gmail's and others), XOAUTH2 accepted when
``check_token(user, token)`` says so. It runs in a :class:`~mail_support.ServerThread`, so a
``wlmail run`` subprocess can use it, binds 127.0.0.1 on a free port and records every login.
"""

from __future__ import annotations

import base64
import binascii
import collections
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, Session
from mail_support import ServerThread

from wlmail.sandbox.certs import RunCA

MICROSOFT_REFUSAL = "535 5.7.139 Authentication unsuccessful, basic authentication is disabled"
LINE_LIMIT = 12288  # RFC 4954 §4; a JWT XOAUTH2 line is about 1.3 KB, aiosmtpd's default is 512


@dataclass
class Login:
    mechanism: str
    user: str
    accepted: bool


@dataclass
class Delivered:
    mail_from: str
    rcpt_tos: list[str]
    login: str


class _Protocol(SMTP):  # type: ignore[misc]
    line_length_limit = LINE_LIMIT + 2

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.command_size_limits = collections.defaultdict(
            lambda: SMTP.command_size_limit, {"AUTH": LINE_LIMIT}
        )


@dataclass
class _Handler:
    owner: RefusingSMTP

    async def auth_PLAIN(self, server: SMTP, args: list[str]) -> AuthResult:
        return await self._refuse(server, "PLAIN", args)

    async def auth_LOGIN(self, server: SMTP, args: list[str]) -> AuthResult:
        return await self._refuse(server, "LOGIN", args)

    async def _refuse(self, server: SMTP, mechanism: str, args: list[str]) -> AuthResult:
        user = ""
        if mechanism == "PLAIN" and len(args) > 1:
            try:
                user = base64.b64decode(args[1]).split(b"\x00")[1].decode("utf-8", "replace")
            except (binascii.Error, IndexError):
                user = "?"
        self.owner.logins.append(Login(mechanism, user, False))
        await server.push(self.owner.refusal)
        return AuthResult(success=False, handled=True)

    async def auth_XOAUTH2(self, server: SMTP, args: list[str]) -> AuthResult:
        blob = args[1] if len(args) > 1 else ""
        try:
            fields = base64.b64decode(blob, validate=True).decode("utf-8").split("\x01")
        except (binascii.Error, UnicodeDecodeError):
            await server.push("501 5.5.2 Cannot decode the XOAUTH2 response")
            return AuthResult(success=False, handled=True)
        values = dict(item.split("=", 1) for item in fields if "=" in item)
        user = values.get("user", "")
        token = values.get("auth", "").removeprefix("Bearer ")
        accepted = self.owner.check_token(user, token)
        self.owner.logins.append(Login("XOAUTH2", user, accepted))
        if accepted:
            return AuthResult(success=True, auth_data=user)
        await server.push("535 5.7.3 Authentication unsuccessful")
        return AuthResult(success=False, handled=True)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.owner.delivered.append(
            Delivered(
                str(envelope.mail_from), list(envelope.rcpt_tos), str(session.auth_data or "")
            )
        )
        return "250 2.0.0 OK queued"


@dataclass
class RefusingSMTP:
    """The server, started in its own thread on a free port of 127.0.0.1."""

    names: list[str]
    check_token: Callable[[str, str], bool]
    refusal: str = MICROSOFT_REFUSAL
    logins: list[Login] = field(default_factory=list)
    delivered: list[Delivered] = field(default_factory=list)

    def start(self, folder: Path) -> RefusingSMTP:
        self.ca = RunCA(self.names)
        self.cafile = str(self.ca.write_ca_pem(folder / "smtp-ca.pem"))
        self.thread = ServerThread()
        context = self.ca.server_context()
        handler = _Handler(self)

        async def serve() -> Any:
            return await self.thread.loop.create_server(
                lambda: _Protocol(
                    handler,
                    hostname="outlook.test",
                    tls_context=context,
                    require_starttls=True,
                    auth_require_tls=True,
                ),
                "127.0.0.1",
                0,
            )

        self.server = self.thread.call(serve())
        self.port: int = self.server.sockets[0].getsockname()[1]
        return self

    def reset(self, refusal: str = MICROSOFT_REFUSAL) -> None:
        self.refusal = refusal
        self.logins.clear()
        self.delivered.clear()

    def stop(self) -> None:
        async def close() -> None:
            self.server.close()

        self.thread.call(close())
        self.thread.stop()
