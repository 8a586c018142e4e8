"""A received MIME message split into its tree of parts, bodies left in place.

Python's ``email`` parser turns a body into one string per line before joining them again: a
30 MB attachment then costs some 240 MB at the peak, and seconds. Here each part's header is
parsed by the ``email`` package (``compat32``, headers only: a few hundred bytes), while the
bodies stay slices (``memoryview``) of the received bytes, cut at the boundary delimiters as
RFC 2046 §5.1.1 places them (a delimiter starts a line; the line break before it belongs to it),
and are decoded (base64, quoted-printable) only when asked, straight from the slice.

Malformed input is read as the ``email`` package reads it: a multipart without its closing
delimiter ends with the data; one without any delimiter is a leaf; nesting deeper than
``MAX_DEPTH`` is read as a leaf.
"""

from __future__ import annotations

import binascii
import re
from dataclasses import dataclass, field
from email import policy as email_policy
from email.message import Message
from email.parser import BytesParser

__all__ = ["MAX_DEPTH", "Part", "Raw", "decoded", "split"]

#: a message as received: IMAP reads a large one into a bytearray, never copied once more
Raw = bytes | bytearray

MAX_DEPTH = 64
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_HEADERS = BytesParser(policy=email_policy.compat32)


@dataclass
class Part:
    """One part: its header (a headers-only ``Message``), where its body lies in the received
    bytes, and its sub-parts."""

    headers: Message
    data: Raw
    start: int
    end: int
    parts: list[Part] = field(default_factory=list)

    @property
    def body(self) -> memoryview:
        return memoryview(self.data)[self.start : self.end]

    @property
    def multipart(self) -> bool:
        """A multipart with parts (one without any delimiter reads as a leaf, as in ``email``)."""
        return bool(self.parts)


def split(data: Raw) -> Part:
    """The tree of ``data``'s parts (the top part being the message itself)."""
    return _part(data, 0, len(data), 0)


def _part(data: Raw, start: int, end: int, depth: int) -> Part:
    if data.startswith(b"\n", start, end):  # no header at all
        head, body = b"", start + 1
    elif data.startswith(b"\r\n", start, end):
        head, body = b"", start + 2
    else:
        found = _BLANK_LINE.search(data, start, end)
        body = found.end() if found else end
        head = bytes(data[start:body])
    part = Part(_HEADERS.parsebytes(head, headersonly=True), data, body, end)
    multipart = part.headers.get_content_maintype() == "multipart"
    boundary = part.headers.get_boundary() if multipart else None
    if boundary and depth < MAX_DEPTH:
        delimiter = b"--" + boundary.encode("ascii", "surrogateescape")
        part.parts = [_part(data, a, b, depth + 1) for a, b in _pieces(data, body, end, delimiter)]
    return part


def _pieces(data: Raw, base: int, limit: int, delimiter: bytes) -> list[tuple[int, int]]:
    """Where the contents between the delimiter lines of a multipart body lie (preamble and
    epilogue dropped); the last one runs to the end when the closing delimiter is missing."""
    pieces: list[tuple[int, int]] = []
    start: int | None = None
    pos = base
    while True:
        at = data.find(delimiter, pos, limit)
        if at < 0:
            break
        pos = at + len(delimiter)
        if at > base and data[at - 1] != 0x0A:  # not at the start of a line
            continue
        line_end = data.find(b"\n", pos, limit)
        line_end = limit if line_end < 0 else line_end
        closing = data.startswith(b"--", pos, line_end)
        if not closing and data[pos:line_end].strip():  # "--B" followed by more: not ours
            continue
        if start is not None:
            stop = at - 2 if data[at - 2 : at] == b"\r\n" else at - 1
            pieces.append((start, max(stop, start)))
        if closing:
            return pieces
        start = pos = min(line_end + 1, limit)
    if start is not None:  # no closing delimiter: the last line break is not the content's
        stop = limit - 2 if data[limit - 2 : limit] == b"\r\n" else limit
        stop = stop - 1 if stop == limit and data[limit - 1 : limit] == b"\n" else stop
        pieces.append((start, max(stop, start)))
    return pieces


def decoded(part: Part) -> bytes:
    """A leaf's body decoded from its Content-Transfer-Encoding (7bit/8bit/binary: as is)."""
    cte = str(part.headers.get("content-transfer-encoding", "")).strip().lower()
    if cte == "base64":
        try:
            return binascii.a2b_base64(part.body)
        except binascii.Error:  # a missing padding, as the email package forgives
            try:
                return binascii.a2b_base64(bytes(part.body) + b"==")
            except binascii.Error:
                return bytes(part.body)
    if cte == "quoted-printable":
        return binascii.a2b_qp(part.body)
    return bytes(part.body)
