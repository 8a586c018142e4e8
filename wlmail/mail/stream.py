"""A rendered message as a stream of CRLF byte chunks, so that attachments are never copied whole.

``mime.build_message`` renders everything but the attachment bodies with the ``email`` package
(headers, boundaries, text parts: the "skeleton") and leaves a random marker where each body goes;
:class:`MessageStream` splits the skeleton at the markers and encodes each attachment to base64
only when its chunks are read, 57 input bytes per 76-character line, exactly as the ``email``
package does. Its exact byte length (MAIL FROM's ``SIZE=``) is computed without encoding anything.

:func:`wire_chunks` turns a stream into what DATA carries: line ends normalised to CRLF (as
aiosmtplib does), lines starting with "." doubled (RFC 5321 §4.5.2) and the final ``.\\r\\n``.

Memory (measured by ``benchmarks/attachments.py``): sending holds the attachment once plus a
chunk; ``text()`` (``EmailConstruitSource``) holds the Source text plus about 1 MiB.
"""

from __future__ import annotations

import binascii
import codecs
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["CHUNK", "MessageStream", "base64_size", "wire_chunks"]

#: raw bytes encoded per chunk: 1,024 lines of 57 bytes (about 78 KiB on the wire)
_LINE_BYTES = 57
CHUNK = _LINE_BYTES * 1024
_TEXT_GROUP = 1 << 20
_LINE_ENDS = re.compile(rb"\r\n|\n|\r(?!\n)")


def base64_size(length: int) -> int:
    """Bytes of the CRLF base64 body of ``length`` bytes (76-character lines)."""
    lines = -(-length // _LINE_BYTES)
    return 4 * -(-length // 3) + 2 * lines


@dataclass(frozen=True)
class _Base64:
    """An attachment body, encoded when read."""

    content: bytes

    def chunks(self) -> Iterator[bytes]:
        view = memoryview(self.content)
        b2a = binascii.b2a_base64
        for start in range(0, len(view), CHUNK):
            piece = view[start : start + CHUNK]
            lines = [
                b2a(piece[i : i + _LINE_BYTES], newline=False)
                for i in range(0, len(piece), _LINE_BYTES)
            ]
            lines.append(b"")
            yield b"\r\n".join(lines)


_Piece = bytes | _Base64


class MessageStream:
    """The bytes of one message, re-readable: literal pieces and attachment bodies.

    ``size`` is the exact length of ``bytes(stream)``; ``is_ascii`` tells whether every byte is
    ASCII (base64 always is). Reading chunks again gives the same bytes (the retry after a
    reconnection, a send after ``EmailConstruitSource``).
    """

    def __init__(self, pieces: Sequence[_Piece]) -> None:
        self._pieces = tuple(piece for piece in pieces if piece)
        self.size = sum(
            base64_size(len(p.content)) if isinstance(p, _Base64) else len(p) for p in self._pieces
        )
        self.is_ascii = all(isinstance(p, _Base64) or p.isascii() for p in self._pieces)

    @classmethod
    def of_bytes(cls, data: bytes) -> MessageStream:
        """A ready-made message (a source file, bytes given by a caller)."""
        return cls([data])

    @classmethod
    def of_skeleton(
        cls, skeleton: bytes, bodies: Mapping[str, bytes], marker: re.Pattern[bytes]
    ) -> MessageStream:
        """Split the ``email`` package's rendering where ``marker`` matches a key of ``bodies``
        (marker → content), once per key, in one pass; other matches stay text. Every key must
        occur (the markers are random: text cannot hold one by chance)."""
        pieces: list[_Piece] = []
        seen: set[str] = set()
        at = 0
        for match in marker.finditer(skeleton):
            key = match.group().decode("ascii")
            if key not in bodies or key in seen:
                continue  # a look-alike in the text
            seen.add(key)
            pieces += [skeleton[at : match.start()], _Base64(bodies[key])]
            at = match.end()
        if len(seen) != len(bodies):
            raise ValueError("a body marker is missing from the rendering")
        pieces.append(skeleton[at:])
        return cls(pieces)

    def chunks(self) -> Iterator[bytes]:
        """The message bytes, in chunks of at most about 80 KiB (literal pieces are cut at LF)."""
        for piece in self._pieces:
            if isinstance(piece, _Base64):
                yield from piece.chunks()
            else:
                yield from _cut(piece)

    def __bytes__(self) -> bytes:
        return bytes(self._filled())

    def text(self) -> str:
        """The message as text (``EmailConstruitSource``): ASCII, or UTF-8 with replacements.

        Grown by ``+=`` about 1 MiB at a time: CPython then resizes the string in place, so the
        text costs its own size plus a group (about twice its size if it ever cannot).
        """
        decoder = codecs.getincrementaldecoder("ascii" if self.is_ascii else "utf-8")("replace")
        text = ""
        group: list[bytes] = []
        grouped = 0
        for chunk in self.chunks():
            group.append(chunk)
            grouped += len(chunk)
            if grouped >= _TEXT_GROUP:
                text += decoder.decode(b"".join(group))
                group, grouped = [], 0
        text += decoder.decode(b"".join(group), final=True)
        return text

    def _filled(self) -> bytearray:
        buffer = bytearray(self.size)
        view = memoryview(buffer)
        at = 0
        for chunk in self.chunks():
            view[at : at + len(chunk)] = chunk
            at += len(chunk)
        view.release()
        assert at == self.size
        return buffer


def _cut(data: bytes) -> Iterator[bytes]:
    """``data`` in slices of about CHUNK bytes, each ending after an LF when there is one."""
    if len(data) <= CHUNK:
        yield data
        return
    view = memoryview(data)
    start = 0
    while start < len(data):
        end = min(start + CHUNK, len(data))
        if end < len(data):
            newline = data.rfind(b"\n", start, end)
            if newline >= start:
                end = newline + 1
            elif data[end - 1 : end] == b"\r":
                end += 1  # never split a CRLF pair
        yield bytes(view[start:end])
        start = end


def wire_chunks(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """What DATA carries for ``chunks``: CRLF line ends, leading dots doubled, then ``.\\r\\n``
    (the same bytes as aiosmtplib's ``SMTP.data`` for the whole message).

    Chunks are expected to end at a line end or inside a line, never between CR and LF.
    """
    at_line_start, empty = True, True
    for chunk in chunks:
        if not chunk:
            continue
        empty = False
        crlf = chunk.count(b"\r\n")
        lone = chunk.count(b"\n") != crlf or chunk.count(b"\r") != crlf
        data = _LINE_ENDS.sub(b"\r\n", chunk) if lone else chunk
        if b"\n." in data:
            data = data.replace(b"\n.", b"\n..")
        if at_line_start and data[:1] == b".":
            data = b"." + data
        at_line_start = data.endswith(b"\n")
        yield data
    # an empty message is one empty line, as aiosmtplib sends it
    yield b".\r\n" if at_line_start and not empty else b"\r\n.\r\n"
