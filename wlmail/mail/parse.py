"""Received messages read back into a ``MailSpec``: the inverse of ``mime.build_message``.

Pure, like ``mime.py`` (its sibling for building): Python's ``email`` package parses the
structure into raw ``compat32`` values (policy.default's header objects made reading a plain
message 3x slower: every Content-Type look-up re-parsed it), and the fields are decoded here,
structured ones with policy.default's header factory; the text and HTML bodies are the parts
``EmailMessage.get_body`` would choose. Display names and unstructured headers are decoded
with the legacy RFC 2047 decoder, which drops the white space between encoded words as the RFC
says (3.11's header objects keep a space there).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from email import policy as email_policy
from email.errors import MessageError
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

from wlmail.mail import mimetree
from wlmail.mail.mime import _SENSITIVITY, _SPEC_HEADERS, Attachment, MailSpec, _mime_types
from wlmail.mail.mimetree import Part

__all__ = ["parse_source"]

_PARSE_POLICY = email_policy.default
_PARSE_ERRORS = (ValueError, LookupError, AttributeError, TypeError, MessageError)


def parse_source(data: bytes | bytearray | str, *, headers_only: bool = False) -> MailSpec:
    """Read a message source back into a ``MailSpec`` (the inverse of ``build_message``).

    Body line breaks come back as ``\\n`` without the final one; unknown headers go to
    ``extra_headers``; attachments without a file name get ``partN.ext``. ``headers_only``
    reads the header fields and leaves the bodies and attachments empty (a received header).
    """
    raw = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
    text_part = html_part = tree = None
    if headers_only:  # raw values (compat32): every field is decoded below
        msg = BytesParser(policy=email_policy.compat32).parsebytes(raw, headersonly=True)
    else:  # the bodies stay slices of ``raw`` until decoded (mimetree)
        tree = mimetree.split(raw)
        msg = tree.headers
        text_part, html_part = _find_body(tree, "plain"), _find_body(tree, "html")
    fields = _index(msg)
    return MailSpec(
        sender=next(iter(_addresses(fields, "From")), ""),
        to=_addresses(fields, "To"),
        cc=_addresses(fields, "Cc"),
        bcc=_addresses(fields, "Bcc"),
        subject=_first(fields, "Subject"),
        text=_body_text(text_part),
        html=_body_text(html_part),
        attachments=[] if tree is None else _attachments(tree, {id(text_part), id(html_part)}),
        reply_to=next(iter(_addresses(fields, "Reply-To")), ""),
        priority=_priority(fields),
        receipt=bool(_raw_values(fields, "Disposition-Notification-To")),
        read_confirmation=bool(_raw_values(fields, "X-Confirm-Reading-To")),
        sensitivity=_SENSITIVITY.get(_first(fields, "Sensitivity").strip().lower(), ""),
        categories=_categories(fields),
        date=_parsed_date(fields),
        message_id=next(iter(_raw_values(fields, "Message-ID")), "").strip(),
        extra_headers=_extra_headers(msg),
    )


def _unfold(value: object) -> str:
    text = re.sub(r"[\r\n]", "", str(value))
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


#: a header's raw values by lower-case field name, unfolded, in order
Fields = dict[str, list[str]]


def _index(msg: Message) -> Fields:
    fields: Fields = {}
    for key, value in msg.raw_items():
        fields.setdefault(key.lower(), []).append(_unfold(value))
    return fields


def _raw_values(fields: Fields, name: str) -> list[str]:
    return fields.get(name.lower(), [])


def _decoded(name: str, raw: str) -> str:
    if "=?" not in raw:  # no encoded word: the header object would give the same text back
        return raw.strip()
    try:
        return str(_PARSE_POLICY.header_factory(name, raw))
    except _PARSE_ERRORS:
        return _decode_words(raw)


def _decode_words(text: str) -> str:
    if "=?" not in text:
        return text
    try:
        return str(make_header(decode_header(text)))
    except _PARSE_ERRORS:
        return text


def _first(fields: Fields, name: str) -> str:
    values = _raw_values(fields, name)
    return _decoded(name, values[0]) if values else ""


def _addresses(fields: Fields, name: str) -> list[str]:
    pairs = getaddresses(_raw_values(fields, name))
    return [f"{_decode_words(dn)} <{addr}>" if dn else addr for dn, addr in pairs if addr]


def _priority(fields: Fields) -> int:
    level = _first(fields, "X-Priority")[:1]
    if level:
        return 1 if level in "12" else -1 if level in "45" else 0
    importance = _first(fields, "Importance").strip().lower()
    return {"high": 1, "low": -1}.get(importance, 0)


def _categories(fields: Fields) -> list[str]:
    values = (_decoded("Keywords", raw) for raw in _raw_values(fields, "Keywords"))
    return [word.strip() for value in values for word in value.split(",") if word.strip()]


def _parsed_date(fields: Fields) -> datetime | None:
    values = _raw_values(fields, "Date")
    try:
        return parsedate_to_datetime(values[0]) if values else None
    except (ValueError, TypeError, IndexError):
        return None


def _extra_headers(msg: Message) -> list[tuple[str, str]]:
    return [
        (name, _decoded(name, _unfold(value)))
        for name, value in msg.raw_items()
        if name.lower() not in _SPEC_HEADERS and not name.lower().startswith("content-")
    ]


def _find_body(part: Part, subtype: str) -> Part | None:
    """The first ``text/<subtype>`` part that is not an attachment, walking the tree as
    ``EmailMessage.get_body`` does: every sub-part of a multipart, but only the start part of a
    ``multipart/related``."""
    headers = part.headers
    if _is_attachment(headers):
        return None
    maintype, sub = headers.get_content_maintype(), headers.get_content_subtype()
    if maintype == "text":
        return part if sub == subtype else None
    if maintype != "multipart":
        return None
    candidates = part.parts
    if sub == "related":  # its start part (the one named by start=, else the first)
        start = headers.get_param("start")
        named = [p for p in part.parts if p.headers.get("content-id") == start]
        candidates = named[:1] if start and named else part.parts[:1]
    for sub_part in candidates:
        found = _find_body(sub_part, subtype)
        if found is not None:
            return found
    return None


def _is_attachment(headers: Message) -> bool:
    disposition = str(headers.get("content-disposition", ""))
    return disposition.split(";")[0].strip().lower() == "attachment"


def _body_text(part: Part | None) -> str:
    if part is None:
        return ""
    data = mimetree.decoded(part)
    # Without a declared charset, 8-bit text is far more likely UTF-8 than ASCII.
    charset = part.headers.get_content_charset() or "utf-8"
    try:
        content = data.decode(charset, "replace")
    except LookupError:  # an unknown charset
        content = data.decode("utf-8", "replace")
    text = content.replace("\r\n", "\n")
    return text[:-1] if text.endswith("\n") else text


def _leaves(part: Part) -> Iterator[Part]:
    if part.multipart:
        for sub in part.parts:
            yield from _leaves(sub)
    else:
        yield part


def _attachments(tree: Part, skip: set[int]) -> list[Attachment]:
    leaves = [part for part in _leaves(tree) if id(part) not in skip]
    return [_attachment_of(part, index) for index, part in enumerate(leaves, 1)]


def _attachment_of(part: Part, index: int) -> Attachment:
    headers = part.headers
    fields = _index(headers)
    content_type = headers.get_content_type()
    content_id = next(iter(_raw_values(fields, "Content-ID")), "").strip()
    if content_id.startswith("<") and content_id.endswith(">"):
        content_id = content_id[1:-1]
    name = _decode_words(headers.get_filename() or "")
    if not name and not content_id:
        name = f"part{index}{_mime_types().guess_extension(content_type) or '.bin'}"
    return Attachment(
        name=name,
        content=mimetree.decoded(part),  # message/rfc822: the embedded message as received
        content_type=content_type,
        description=_first(fields, "Content-Description"),
        content_id=content_id,
    )
