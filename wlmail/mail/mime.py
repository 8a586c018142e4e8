"""Pure MIME layer for WLangage ``Email`` messages: validate, build and render (``parse.py``
reads received messages back).

No I/O and no dependency on the rest of wlmail. Rulings applied (design/decisions.md):
non-ASCII header text is always RFC 2047-encoded and bodies are UTF-8 (15); a line break of any
kind or another control character in any header value or address is refused (15, widened: see
``forbidden_char``); Bcc never goes into the headers and the
envelope is sender / To + Cc + Bcc (16).

CPython 3.11's header refolder loses or adds spaces between encoded words, so every
non-ASCII header is encoded here with the legacy ``email.header.Header`` encoder and stored
with ``set_raw``; ``POLICY`` writes such raw values unchanged. So is every value the ``email``
package would write back as it is (``mime_raw``).
"""

import re
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email import charset as email_charset
from email.header import Header
from email.headerregistry import ContentTypeHeader
from email.message import EmailMessage, Message, MIMEPart
from email.utils import formataddr, make_msgid
from functools import cache
from typing import Any

from wlmail.mail.addresses import check_address_syntax, normalize_addr_spec, underscore_domain
from wlmail.mail.mime_raw import MAX_LINE as _MAX_LINE
from wlmail.mail.mime_raw import POLICY, set_date, set_header, text_part
from wlmail.mail.stream import MessageStream

__all__ = [
    "POLICY",
    "Attachment",
    "MailError",
    "MailSpec",
    "build_message",
    "build_with_envelope",
    "check_address_syntax",
    "envelope",
    "forbidden_char",
    "guess_content_type",
    "render",
    "render_stream",
    "underscore_domain",
]


_OCTET = "application/octet-stream"
_BODY_MARKER = re.compile(rb"=_wlmail_body_[0-9a-f]{24}")
_COMPRESSED = {
    "gzip": "application/gzip",
    "bzip2": "application/x-bzip2",
    "xz": "application/x-xz",
    "compress": "application/x-compress",
    "br": "application/x-brotli",
}
_UTF8_Q = email_charset.Charset("utf-8")
_UTF8_Q.header_encoding = email_charset.QP
_HEADERS = POLICY.header_factory

#: Refused in every header value, address and SMTP/SASL argument wlmail writes: each line
#: separator that ``str.splitlines()`` honours (VT, FF, FS, GS, RS, NEL, U+2028, U+2029 besides
#: CR and LF: the ``email`` package folds headers at all of them, the class of CPython's
#: CVE-2024-6923, so the check must not depend on the Python patch level), NUL, and the other C0
#: and C1 controls and DEL, which have no business in a header either. TAB is folding white space.
#: what no header may hold (an exported program writes the same class: export/mail_headers.py)
FORBIDDEN_CHARS = "[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]"
_FORBIDDEN = re.compile(FORBIDDEN_CHARS)
_HEADER_NAME = re.compile(r"[\x21-\x39\x3b-\x7e]+")
_ANGLE = re.compile(r"(?P<name>.*?)\s*<(?P<addr>[^<>]*)>\s*", re.DOTALL)
_ID_TEXT = re.compile(r"[\x21-\x3b\x3d\x3f-\x7e]+")
_SENSITIVITY = {
    "": "",
    "normal": "",
    "personal": "Personal",
    "private": "Private",
    "company-confidential": "Company-Confidential",
}
_SPEC_HEADERS = frozenset(
    {
        "from",
        "to",
        "cc",
        "bcc",
        "reply-to",
        "subject",
        "date",
        "message-id",
        "mime-version",
        "x-priority",
        "importance",
        "sensitivity",
        "keywords",
        "disposition-notification-to",
        "x-confirm-reading-to",
    }
)


class MailError(ValueError):
    """A message that cannot be built: ``code`` is a short stable id, ``field`` the culprit.

    Codes: header-injection (``char``: the refused character as ``U+000B``), no-sender,
    no-recipient, bad-address, bad-header, bad-content-type, bad-content-id, bad-message-id,
    bad-sensitivity.
    """

    def __init__(self, code: str, message: str = "", field: str = "", char: str = "") -> None:
        super().__init__(message or code)
        self.code = code
        self.field = field
        self.char = char


def forbidden_char(value: str) -> str | None:
    """The first character of ``value`` that no header may hold, written ``U+000B``; or None.

    The one header-safety check: every writer of a header, address or protocol argument calls it.
    """
    found = _FORBIDDEN.search(value)
    return f"U+{ord(found.group()):04X}" if found else None


@cache
def _mime_types() -> Any:
    """Made on first use: ``MimeTypes()`` reads the system's tables first (startup time)."""
    import mimetypes

    return mimetypes.MimeTypes()  # built-in table only, so every machine guesses alike


def guess_content_type(name: str) -> str:
    """MIME type for a file name, from Python's built-in table; octet-stream when unknown."""
    ctype, encoding = _mime_types().guess_type(name, strict=False)
    if encoding:
        return _COMPRESSED.get(encoding, _OCTET)
    return ctype or _OCTET


@dataclass(frozen=True)
class Attachment:
    """One attached part; a non-empty ``content_id`` makes it inline (``cid:`` in the HTML)."""

    name: str
    content: bytes
    content_type: str = ""
    description: str = ""
    content_id: str = ""

    def __post_init__(self) -> None:
        if not self.content_type:
            object.__setattr__(self, "content_type", guess_content_type(self.name))


@dataclass
class MailSpec:
    """Everything needed to build one message (the fields of a WLangage ``Email``).

    ``priority``: negative low, 0 normal, positive high. ``sensitivity``: "" or
    Personal / Private / Company-Confidential. ``date`` None means now; ``message_id``
    empty means generated.
    """

    sender: str = ""
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    bcc: list[str] = field(default_factory=list)
    subject: str = ""
    text: str = ""
    html: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    reply_to: str = ""
    priority: int = 0
    receipt: bool = False
    read_confirmation: bool = False
    sensitivity: str = ""
    categories: list[str] = field(default_factory=list)
    date: datetime | None = None
    message_id: str = ""
    extra_headers: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _Mailbox:
    name: str
    addr: str  # ASCII addr-spec (IDN domains in punycode)


@dataclass(frozen=True)
class _Checked:
    sender: _Mailbox
    to: list[_Mailbox]
    cc: list[_Mailbox]
    bcc: list[_Mailbox]
    reply_to: _Mailbox | None
    sensitivity: str


# --- addresses ---------------------------------------------------------------------------


def _parse_mailbox(value: str, where: str) -> _Mailbox:
    text = value.strip()
    match = _ANGLE.fullmatch(text)
    name, addr = (match["name"], match["addr"].strip()) if match else ("", text)
    # A domain-less address is fine for internal relays, hence no dot required here.
    spec = normalize_addr_spec(addr, require_dot=False)
    if spec is None:
        raise MailError("bad-address", f"{where}: invalid address {value!r}", where)
    return _Mailbox(_unquote(name.strip()), spec)


def _unquote(name: str) -> str:
    if len(name) >= 2 and name[0] == name[-1] == '"':
        return re.sub(r"\\(.)", r"\1", name[1:-1])
    return name


def _mailboxes(values: Iterable[str], key: str) -> list[_Mailbox]:
    return [
        _parse_mailbox(value, f"{key}[{index}]")
        for index, value in enumerate(values, 1)
        if value.strip()
    ]


def _format_mailbox(box: _Mailbox) -> str:
    if box.name.isascii():
        return formataddr((box.name, box.addr))
    words = Header(box.name, _UTF8_Q, maxlinelen=76).encode(linesep="\n")
    last_line = words.rpartition("\n")[2]
    space = "\n " if len(last_line) + len(box.addr) + 3 > _MAX_LINE else " "
    return f"{words}{space}<{box.addr}>"


# --- validation --------------------------------------------------------------------------


def _header_values(spec: MailSpec) -> Iterator[tuple[str, str]]:
    yield "sender", spec.sender
    yield "reply_to", spec.reply_to
    yield "subject", spec.subject
    yield "sensitivity", spec.sensitivity
    yield "message_id", spec.message_id
    lists = (("to", spec.to), ("cc", spec.cc), ("bcc", spec.bcc), ("categories", spec.categories))
    for key, values in lists:
        for index, value in enumerate(values, 1):
            yield f"{key}[{index}]", value
    for index, att in enumerate(spec.attachments, 1):
        yield f"attachments[{index}].name", att.name
        yield f"attachments[{index}].content_type", att.content_type
        yield f"attachments[{index}].description", att.description
        yield f"attachments[{index}].content_id", att.content_id
    for index, (name, value) in enumerate(spec.extra_headers, 1):
        yield f"extra_headers[{index}]", name
        yield f"extra_headers[{index}]", value


def _check(spec: MailSpec) -> _Checked:
    for where, value in _header_values(spec):
        char = forbidden_char(value)
        if char is not None:
            raise MailError("header-injection", f"{where}: {char} not allowed", where, char)
    if not spec.sender.strip():
        raise MailError("no-sender", "sender: missing", "sender")
    sender = _parse_mailbox(spec.sender, "sender")
    to, cc, bcc = _mailboxes(spec.to, "to"), _mailboxes(spec.cc, "cc"), _mailboxes(spec.bcc, "bcc")
    if not (to or cc or bcc):
        raise MailError("no-recipient", "to, cc, bcc: no recipient", "to")
    reply_to = _parse_mailbox(spec.reply_to, "reply_to") if spec.reply_to.strip() else None
    sensitivity = _SENSITIVITY.get(spec.sensitivity.strip().lower())
    if sensitivity is None:
        raise MailError(
            "bad-sensitivity", f"sensitivity: unknown {spec.sensitivity!r}", "sensitivity"
        )
    return _Checked(sender, to, cc, bcc, reply_to, sensitivity)


def envelope(spec: MailSpec) -> tuple[str, list[str]]:
    """SMTP envelope: (MAIL FROM address, RCPT TO addresses of To + Cc + Bcc, de-duplicated).

    Raises ``MailError`` like ``build_message``.
    """
    return _envelope(_check(spec))


def _envelope(checked: _Checked) -> tuple[str, list[str]]:
    seen: set[str] = set()
    recipients: list[str] = []
    for box in (*checked.to, *checked.cc, *checked.bcc):
        if box.addr.lower() not in seen:
            seen.add(box.addr.lower())
            recipients.append(box.addr)
    return checked.sender.addr, recipients


# --- building ----------------------------------------------------------------------------


class BuiltMessage(EmailMessage):
    """A built message whose attachment parts hold a marker instead of their base64 body.

    ``bodies`` maps each marker to the attachment's content; :func:`render_stream` puts the
    bodies back, encoded chunk by chunk, so that no encoded copy of an attachment is ever whole.
    """

    bodies: dict[str, bytes]


def build_message(spec: MailSpec, *, bcc_header: bool = False) -> tuple[BuiltMessage, str]:
    """Validate ``spec`` and build its MIME message; returns (message, Message-ID with <>).

    ``bcc_header`` writes a Bcc header (WLangage ``emailOptionHeaderBcc``, source building
    only); otherwise Bcc never appears in the headers. Raises ``MailError``. Render the result
    with :func:`render` or :func:`render_stream` (its attachment parts hold markers).
    """
    return _build(spec, _check(spec), bcc_header)


def build_with_envelope(
    spec: MailSpec, *, bcc_header: bool = False
) -> tuple[BuiltMessage, str, str, list[str]]:
    """``build_message(spec)`` and ``envelope(spec)`` at once (``spec`` checked once):
    (message, Message-ID, MAIL FROM, RCPT TO). Raises ``MailError``."""
    checked = _check(spec)
    msg, message_id = _build(spec, checked, bcc_header)
    sender, recipients = _envelope(checked)
    return msg, message_id, sender, recipients


def _build(spec: MailSpec, checked: _Checked, bcc_header: bool) -> tuple[BuiltMessage, str]:
    message_id = _message_id(spec.message_id, checked.sender.addr)
    msg = BuiltMessage(policy=POLICY)
    msg.bodies = {}
    set_date(msg, spec.date)
    _add_addresses(msg, checked, bcc_header=bcc_header)
    _set_text_header(msg, "Subject", spec.subject)
    msg.set_raw("Message-ID", message_id)
    _add_flags(msg, spec, checked)
    _add_extra_headers(msg, spec.extra_headers)
    msg.set_raw("MIME-Version", "1.0")
    body = _body(spec, msg.bodies)
    for name, value in body.raw_items():
        msg.set_raw(name, value)
    msg.set_payload(body.get_payload())
    return msg, message_id


def render(msg: Message) -> bytes:
    """The exact bytes sent for ``msg`` (CRLF line ends); the same bytes on every call."""
    return bytes(render_stream(msg))


def render_stream(msg: Message) -> MessageStream:
    """``render(msg)`` as a stream: attachment bodies are encoded only when read."""
    bodies = msg.bodies if isinstance(msg, BuiltMessage) else {}
    return MessageStream.of_skeleton(msg.as_bytes(policy=POLICY), bodies, _BODY_MARKER)


def _message_id(value: str, sender_addr: str) -> str:
    if not value.strip():
        return make_msgid(domain=sender_addr.rpartition("@")[2] or "wlmail.local")
    ident = value.strip()
    inner = ident[1:-1] if ident.startswith("<") and ident.endswith(">") else ident
    if not _ID_TEXT.fullmatch(inner):
        raise MailError("bad-message-id", f"message_id: invalid {value!r}", "message_id")
    return f"<{inner}>"


def _set_text_header(msg: Message, name: str, value: str) -> None:
    if value.isascii():
        set_header(msg, name, value)
    else:
        encoded = Header(value, _UTF8_Q, maxlinelen=78, header_name=name).encode(linesep="\n")
        msg.set_raw(name, encoded)


def _add_addresses(msg: Message, checked: _Checked, *, bcc_header: bool) -> None:
    groups = [("From", [checked.sender]), ("To", checked.to), ("Cc", checked.cc)]
    if bcc_header:
        groups.append(("Bcc", checked.bcc))
    if checked.reply_to:
        groups.append(("Reply-To", [checked.reply_to]))
    for name, boxes in groups:
        if boxes:
            msg.set_raw(name, ",\n ".join(_format_mailbox(box) for box in boxes))


def _add_flags(msg: Message, spec: MailSpec, checked: _Checked) -> None:
    if spec.priority:
        high = spec.priority > 0
        msg.set_raw("X-Priority", "1 (Highest)" if high else "5 (Lowest)")
        msg.set_raw("Importance", "high" if high else "low")
    if checked.sensitivity:
        msg.set_raw("Sensitivity", checked.sensitivity)
    categories = [category.strip() for category in spec.categories if category.strip()]
    if categories:
        _set_text_header(msg, "Keywords", ", ".join(categories))
    if spec.receipt or spec.read_confirmation:
        msg.set_raw("Disposition-Notification-To", _format_mailbox(checked.sender))
    if spec.read_confirmation:
        msg.set_raw("X-Confirm-Reading-To", _format_mailbox(checked.sender))


def _add_extra_headers(msg: Message, headers: Iterable[tuple[str, str]]) -> None:
    for index, (name, value) in enumerate(headers, 1):
        where = f"extra_headers[{index}]"
        lowered = name.lower()
        if not _HEADER_NAME.fullmatch(name) or lowered in _SPEC_HEADERS:
            raise MailError("bad-header", f"{where}: header name {name!r} not allowed", where)
        if lowered.startswith("content-"):
            raise MailError("bad-header", f"{where}: header name {name!r} not allowed", where)
        try:
            _set_text_header(msg, name, value)
        except ValueError as exc:  # e.g. a second Sender header
            raise MailError("bad-header", f"{where}: {exc}", where) from exc


def _body(spec: MailSpec, bodies: dict[str, bytes]) -> MIMEPart:
    inline, regular = _attachment_parts(spec.attachments, bodies)
    html = text_part(spec.html, "html") if spec.html else None
    if html is not None and inline:
        html = _multipart("related", [html, *inline])
    else:
        regular = inline + regular  # nothing can reference a cid: without HTML
    text = text_part(spec.text, "plain") if spec.text or html is None else None
    if text is not None and html is not None:
        core = _multipart("alternative", [text, html])
    else:
        core = text or html or text_part("", "plain")
    return _multipart("mixed", [core, *regular]) if regular else core


def _multipart(subtype: str, parts: list[MIMEPart]) -> MIMEPart:
    container = MIMEPart(policy=POLICY)
    container["Content-Type"] = f"multipart/{subtype}"
    # Fixed here rather than at generation time so that rendering is repeatable; "=_"
    # cannot occur in quoted-printable or base64 text.
    container.set_boundary(f"=_wlmail_{secrets.token_hex(12)}")
    for part in parts:
        container.attach(part)
    return container


def _attachment_parts(
    attachments: Iterable[Attachment], bodies: dict[str, bytes]
) -> tuple[list[MIMEPart], list[MIMEPart]]:
    inline: list[MIMEPart] = []
    regular: list[MIMEPart] = []
    for index, att in enumerate(attachments, 1):
        if not att.name and not att.content_id:
            continue  # WLangage does not send an attachment that has no name
        part = _attachment_part(att, f"attachments[{index}]", bodies)
        (inline if att.content_id else regular).append(part)
    return inline, regular


def _attachment_part(att: Attachment, where: str, bodies: dict[str, bytes]) -> MIMEPart:
    maintype, subtype, params = _content_type(att.content_type, where)
    cid = _content_id(att.content_id, where) if att.content_id else None
    part = MIMEPart(policy=POLICY)
    part.set_content(
        b"",  # the headers of a base64 part; the body is the marker, replaced when rendering
        maintype,
        subtype,
        disposition="inline" if cid else "attachment",
        filename=att.name or None,
        cid=cid,
        params=params,
    )
    if att.description:
        _set_text_header(part, "Content-Description", att.description)
    # "=_" cannot occur in quoted-printable or base64 text, and the marker is random.
    marker = f"=_wlmail_body_{secrets.token_hex(12)}"
    part.set_payload(marker)
    bodies[marker] = att.content
    return part


def _content_type(value: str, where: str) -> tuple[str, str, dict[str, str]]:
    header = _HEADERS("Content-Type", value)
    if "/" not in value or header.defects or not isinstance(header, ContentTypeHeader):
        raise MailError("bad-content-type", f"{where}: invalid content type {value!r}", where)
    if header.maintype in ("multipart", "message"):
        # Such parts may not be base64-encoded (RFC 2046), so carry them as opaque data.
        return "application", "octet-stream", {}
    return header.maintype, header.subtype, dict(header.params)


def _content_id(value: str, where: str) -> str:
    ident = value.strip()
    inner = ident[1:-1] if ident.startswith("<") and ident.endswith(">") else ident
    if not _ID_TEXT.fullmatch(inner):
        raise MailError("bad-content-id", f"{where}: invalid content id {value!r}", where)
    return f"<{inner}>"
