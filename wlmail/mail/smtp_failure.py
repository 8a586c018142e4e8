"""What an SMTP operation's failure is, in a form the builtins turn into an ``ErreurInfo`` text.

Every aiosmtplib, ssl or OS exception becomes an :class:`SMTPFailure` (:func:`failure_of`);
server text in it is one line, controls, escape sequences and bidi shown escaped (textsafe).
"""

from __future__ import annotations

import ssl
from typing import Any

import aiosmtplib

from wlmail.mail.connect import os_detail, ssl_cause
from wlmail.textsafe import one_line

__all__ = ["SMTPFailure", "failure_of", "reply_text"]


class SMTPFailure(Exception):
    """Why an SMTP operation failed, in a form the builtins turn into an ``ErreurInfo`` text.

    ``kind``: resolve, connect, timeout, certificate, tls, cafile, greeting, starttls_unsupported,
    auth, auth_unsupported, xoauth2_unsupported, sender, recipient, data, disconnected, reply,
    protocol, forbidden_char. ``code``/``reply``: the server's answer when there is one.
    ``fields``: values for the message template (host, port, stage, address, detail…).
    """

    def __init__(self, kind: str, code: int = 0, reply: str = "", **fields: Any) -> None:
        self.kind = kind
        self.code = code
        self.reply = reply
        self.fields = fields
        super().__init__(f"{kind}: {reply or fields.get('detail', '')}".strip())


def _one_line(text: str) -> str:
    return one_line(text)


def _reply(code: int, message: str) -> str:
    return f"{code} {_one_line(message)}".strip()


def reply_text(code: int, message: str) -> str:
    """A server reply on one line, made safe for a terminal."""
    return _reply(code, message)


def failure_of(exc: BaseException, host: str, port: int, stage: str, timeout: float) -> SMTPFailure:
    """Translate an aiosmtplib/ssl/OS exception into an :class:`SMTPFailure`."""
    where: dict[str, Any] = {"host": host, "port": port, "stage": stage}
    ssl_error = ssl_cause(exc)
    if isinstance(ssl_error, ssl.SSLCertVerificationError):
        detail = ssl_error.verify_message or str(ssl_error)
        return SMTPFailure("certificate", detail=_one_line(detail), **where)
    if ssl_error is not None:
        return SMTPFailure("tls", detail=_one_line(ssl_error.reason or str(ssl_error)), **where)
    if isinstance(exc, TimeoutError):
        return SMTPFailure("timeout", seconds=f"{timeout:g}", **where)
    if isinstance(exc, aiosmtplib.SMTPConnectResponseError):
        return SMTPFailure("greeting", exc.code, _reply(exc.code, exc.message), **where)
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        return SMTPFailure("auth", exc.code, _reply(exc.code, exc.message), **where)
    if isinstance(exc, aiosmtplib.SMTPSenderRefused):
        reply = _reply(exc.code, exc.message)
        return SMTPFailure("sender", exc.code, reply, address=exc.sender, **where)
    if isinstance(exc, aiosmtplib.SMTPRecipientRefused):
        reply = _reply(exc.code, exc.message)
        return SMTPFailure("recipient", exc.code, reply, address=exc.recipient, **where)
    if isinstance(exc, aiosmtplib.SMTPDataError):
        return SMTPFailure("data", exc.code, _reply(exc.code, exc.message), **where)
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return SMTPFailure("reply", exc.code, _reply(exc.code, exc.message), **where)
    if isinstance(exc, aiosmtplib.SMTPServerDisconnected | ConnectionError):
        return SMTPFailure("disconnected", **where)
    if isinstance(exc, aiosmtplib.SMTPException):
        return SMTPFailure("protocol", detail=_one_line(str(exc)), **where)
    if isinstance(exc, ValueError):
        return SMTPFailure("forbidden_char", detail=_one_line(str(exc)), **where)
    return SMTPFailure("connect", detail=os_detail(exc), **where)
