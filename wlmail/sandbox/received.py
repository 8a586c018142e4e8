"""What the sandbox SMTP server keeps of an accepted message (:class:`Received`), the one-line
summary printed on stderr, and the helpers the sandbox's POP3/IMAP servers share with it (the
XOAUTH2 initial response, outbox file names). No aiosmtpd here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from functools import cached_property
from pathlib import Path
from typing import Literal

__all__ = ["Received", "TLSMode", "parse_xoauth2", "safe_filename", "summary_line"]

TLSMode = Literal["starttls", "implicit", "none"]


@dataclass(frozen=True)
class Received:
    """One message accepted by the sandbox. Holds no password and no token.

    With an outbox, the content lives in ``eml_path`` only (``raw`` and ``message`` read it
    back); without one, in memory.
    """

    number: int
    """1-based position among the messages this server accepted."""
    mail_from: str
    """Envelope sender (``MAIL FROM``), ``""`` for the null sender."""
    rcpt_tos: tuple[str, ...]
    """Envelope recipients (``RCPT TO``), in order."""
    headers: EmailMessage = field(repr=False)
    """The header section alone, parsed with ``email.policy.default``."""
    auth_mechanism: str | None
    """``"PLAIN"``, ``"LOGIN"``, ``"XOAUTH2"``, or None without AUTH."""
    login: str | None
    """The user name that authenticated, or None."""
    tls: TLSMode
    """How the session was encrypted when the message was sent."""
    timestamp: datetime
    """When the message was accepted (aware, UTC)."""
    sni: str | None = None
    """Server name the client sent in its TLS handshake (SNI), if any."""
    mail_options: tuple[str, ...] = ()
    """Options of ``MAIL FROM`` (``SMTPUTF8``, ``BODY=8BITMIME``, ``SIZE=…``)."""
    eml_path: Path | None = None
    """Where the message was written, when the server has an outbox."""
    size: int = 0
    """Bytes of the DATA payload (dot-stuffing removed)."""
    content: bytes | None = field(default=None, repr=False)
    """The DATA payload when there is no outbox file."""

    @property
    def raw(self) -> bytes:
        """The DATA payload as received (CRLF line ends, dot-stuffing removed)."""
        if self.content is not None or self.eml_path is None:
            return self.content or b""
        return self.eml_path.read_bytes()

    @cached_property
    def message(self) -> EmailMessage:
        """``raw`` with LF line ends, parsed with ``email.policy.default`` (decoded headers)."""
        # SMTP carries CRLF; parsing with Python's own line ends gives get_content() == what the
        # client's EmailMessage.set_content() was given.
        parser = BytesParser(EmailMessage, policy=policy.default)
        return parser.parsebytes(self.raw.replace(b"\r\n", b"\n"))

    @property
    def subject(self) -> str:
        """The decoded ``Subject`` header, ``""`` when absent."""
        value = self.headers.get("Subject")
        return "" if value is None else str(value)


def parse_xoauth2(blob: bytes) -> tuple[str, str] | None:
    """Parse a decoded XOAUTH2 initial response: ``user=U\\x01auth=Bearer T\\x01\\x01``.

    Returns ``(user, token)``, or None when the response is malformed. An empty token is
    returned as ``""`` (and rejected by the token check, not as a syntax error).
    """
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError:
        return None
    fields: dict[str, str] = {}
    for part in text.split("\x01"):
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep:
            return None
        fields[key.strip().lower()] = value
    user = fields.get("user", "")
    scheme, _, token = fields.get("auth", "").strip().partition(" ")
    if not user or scheme.lower() != "bearer":
        return None
    return user, token.strip()


def safe_filename(subject: str, *, max_length: int = 60) -> str:
    """Turn a subject into a portable file-name fragment (ASCII letters, digits, ``-_.``).

    Accents are folded (``Réunion d'été`` → ``Reunion-d-ete``); anything else becomes ``-``.
    Returns ``"no-subject"`` when nothing is left.
    """
    folded = unicodedata.normalize("NFKD", subject)
    ascii_only = "".join(ch for ch in folded if not unicodedata.combining(ch))
    slug = re.sub(r"[^A-Za-z0-9_.]+", "-", ascii_only)
    slug = re.sub(r"([-.])[-.]+", r"\1", slug)[:max_length].strip("-._")
    return slug or "no-subject"


def _printable(text: str, limit: int = 120) -> str:
    """Keep terminal output safe: control characters become ``?``, long text is cut."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in text)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def summary_line(rec: Received) -> str:
    """One line for stderr: number, envelope, subject, AUTH and TLS. Never a secret.

    ``sandbox: message 1 accepted from <a@x.fr> to <b@y.fr>, <c@z.fr>; subject "Été";
    auth XOAUTH2 as a@x.fr; TLS starttls; saved as outbox/0001-Ete.eml``
    """
    recipients = ", ".join(f"<{_printable(r)}>" for r in rec.rcpt_tos) or "(nobody)"
    if rec.auth_mechanism is None:
        auth = "none"
    else:
        auth = f"{rec.auth_mechanism} as {_printable(rec.login or '?')}"
    line = (
        f"sandbox: message {rec.number} accepted from <{_printable(rec.mail_from)}> "
        f'to {recipients}; subject "{_printable(rec.subject)}"; auth {auth}; TLS {rec.tls}'
    )
    if rec.eml_path is not None:
        line += f"; saved as {rec.eml_path}"
    return line
