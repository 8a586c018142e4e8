"""A small asyncio IMAP4rev1 client (RFC 3501, STARTTLS, SASL-IR XOAUTH2) over streams.

Why not aioimaplib (the library the receive issue names): measured on Dovecot 2.3 with aioimaplib
2.0.3, ``FETCH 1:* (UID FLAGS)`` on a 3,000-message mailbox ends in ``RecursionError`` inside its
``data_received`` (it recurses once per line of a received chunk), and that library has no STARTTLS
nor a way to hand it a socket dialled by ``--connect-to``. The subset wlmail needs (login, select,
search, fetch, store, copy/move, expunge, list) is small; responses are read here line by line,
iteratively, with literals read as counted bytes, and every wait is bounded by ``timeout``.

Failures raise :class:`IMAPFailure` (kinds as POP3's: timeout, disconnected, refused — ``NO`` or
``BAD``, ``reply`` holding the server's text —, auth, protocol).
"""

from __future__ import annotations

import asyncio
import base64
import re
import ssl
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from wlmail.mail import mutf7
from wlmail.mail.connect import LineClient, ReceiveFailure
from wlmail.textsafe import escape

__all__ = ["IMAPClient", "IMAPFailure", "Response", "parse_list"]

LITERAL = re.compile(rb"\{(\d+)\+?\}\r\n$")
_ATOM_SAFE = re.compile(r"[A-Za-z0-9._@+-]+")
#: an item of a parsed response: bytes (atom, string or literal), None (NIL) or a list
Item = bytes | bytearray | None | list[Any]


class IMAPFailure(ReceiveFailure):
    """Why an IMAP exchange failed (same fields as a POP3 failure)."""


@dataclass
class Response:
    """A tagged completion with the untagged responses received while it ran."""

    status: str
    text: str
    untagged: list[list[Item]] = field(default_factory=list)

    def named(self, name: bytes) -> Iterator[list[Item]]:
        """Untagged responses ``* NAME …`` or ``* N NAME …`` (FETCH, EXISTS), items after it."""
        upper = name.upper()
        for items in self.untagged:
            if items and isinstance(items[0], bytes) and items[0].upper() == upper:
                yield items[1:]
            elif len(items) > 1 and isinstance(items[1], bytes) and items[1].upper() == upper:
                yield [items[0], *items[2:]]


class IMAPClient(LineClient):
    """One IMAP connection on ``reader``/``writer``; call everything on one event loop."""

    failure = IMAPFailure

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        *,
        timeout: float,
        trace: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(reader, writer, timeout=timeout, trace=trace)
        self.capabilities: set[str] = set()
        self._tag = 0

    # ---- the exchange ---------------------------------------------------------------------------
    async def greeting(self) -> str:
        self.stage = "greeting"
        items, text = await self._response_line()
        word = items[1].upper() if len(items) > 1 and isinstance(items[1], bytes) else b""
        if items[:1] != [b"*"] or word not in (b"OK", b"PREAUTH"):
            raise IMAPFailure("refused" if word == b"BYE" else "protocol", text, stage="greeting")
        return text

    async def hello(self) -> None:
        await self.greeting()
        await self.capability()

    def offers(self, what: str) -> bool:
        return ("STARTTLS" if what == "starttls" else f"AUTH={what.upper()}") in self.capabilities

    async def command(self, *words: str, shown: str | None = None) -> Response:
        """Send a tagged command; ``OK`` returns its response, ``NO``/``BAD`` raise ``refused``."""
        self._tag += 1
        tag = f"W{self._tag:04d}"
        self.stage = words[0].upper()
        line = " ".join(words)
        if self.trace is not None:
            self.trace(f"C: {tag} " + (shown if shown is not None else escape(line)))
        await self._send(f"{tag} {line}".encode() + b"\r\n")
        untagged: list[list[Item]] = []
        while True:
            items, text = await self._response_line()
            head = items[0] if items else None
            if head == tag.encode():
                status = items[1].decode().upper() if isinstance(items[1], bytes) else ""
                if status != "OK":
                    raise IMAPFailure("refused", text, stage=self.stage, status=status)
                return Response(status, text, untagged)
            if head == b"+" and self.stage == "AUTHENTICATE":
                # an XOAUTH2 error challenge (JSON, Gmail/Dovecot): an empty answer ends the
                # exchange, and the tagged NO that follows is the refusal
                await self._send(b"\r\n")
                continue
            if head == b"+":
                raise IMAPFailure("protocol", "unexpected continuation", stage=self.stage)
            untagged.append(items[1:])

    # ---- commands -------------------------------------------------------------------------------
    async def capability(self) -> set[str]:
        response = await self.command("CAPABILITY")
        caps = {
            w.decode("ascii", "replace").upper()
            for items in response.named(b"CAPABILITY")
            for w in items
            if isinstance(w, bytes)
        }
        self.capabilities = caps
        return caps

    async def starttls(self, context: ssl.SSLContext, server_hostname: str) -> None:
        await self.command("STARTTLS")
        self.stage = "STARTTLS"
        await self._upgrade(context, server_hostname)
        await self.capability()  # never trust capabilities sent before TLS (RFC 3501 §6.2.1)

    async def login(self, user: str, password: str) -> None:
        try:
            await self.command("LOGIN", quote(user), quote(password), shown="LOGIN ****")
        except IMAPFailure as failure:
            if failure.kind == "refused":
                raise IMAPFailure("auth", failure.reply) from None
            raise
        await self.capability()

    async def auth_xoauth2(self, user: str, token: str) -> None:
        blob = base64.b64encode(f"user={user}\x01auth=Bearer {token}\x01\x01".encode()).decode()
        if "SASL-IR" not in self.capabilities:
            raise IMAPFailure("protocol", "server without SASL-IR", stage="AUTHENTICATE")
        try:
            await self.command("AUTHENTICATE", "XOAUTH2", blob, shown="AUTHENTICATE XOAUTH2 ****")
        except IMAPFailure as failure:
            if failure.kind == "refused":
                raise IMAPFailure("auth", failure.reply) from None
            raise
        await self.capability()

    async def select(self, folder: str = "INBOX") -> int:
        """SELECT a folder; returns how many messages it holds (EXISTS)."""
        response = await self.command("SELECT", mailbox(folder))
        for items in response.named(b"EXISTS"):
            if isinstance(items[0], bytes) and items[0].isdigit():
                return int(items[0])
        return 0

    async def uid_search(self, *criteria: str) -> list[int]:
        response = await self.command("UID", "SEARCH", *criteria)
        return [
            int(w)
            for items in response.named(b"SEARCH")
            for w in items
            if isinstance(w, bytes) and w.isdigit()
        ]

    async def uid_fetch(self, uids: str, items: str) -> dict[int, dict[bytes, Item]]:
        """UID FETCH: for each UID, its data items by upper-case name (``BODY[HEADER]``…)."""
        response = await self.command("UID", "FETCH", uids, items)
        result: dict[int, dict[bytes, Item]] = {}
        for fetched in response.named(b"FETCH"):
            data = fetched[1] if len(fetched) > 1 and isinstance(fetched[1], list) else []
            pairs = {
                (key.upper() if isinstance(key, bytes) else b""): value
                for key, value in zip(data[::2], data[1::2], strict=False)
            }
            uid = pairs.get(b"UID")
            if isinstance(uid, bytes) and uid.isdigit():
                result[int(uid)] = pairs
        return result

    async def uid_store(self, uids: str, change: str, flags: str) -> None:
        await self.command("UID", "STORE", uids, change, f"({flags})")

    async def expunge(self) -> None:
        await self.command("EXPUNGE")

    # ---- folders (names travel in modified UTF-7, RFC 3501 §5.1.3) ------------------------------
    async def list_folders(self) -> list[tuple[str, list[str]]]:
        """Every folder the server lists (``LIST "" "*"``): readable name and its flags."""
        response = await self.command("LIST", '""', '"*"')
        found: list[tuple[str, list[str]]] = []
        for items in response.named(b"LIST"):
            if len(items) < 3 or not isinstance(items[2], bytes):
                continue
            flags = items[0] if isinstance(items[0], list) else []
            names = [f.decode("ascii", "replace") for f in flags if isinstance(f, bytes)]
            found.append((mutf7.decode(items[2].decode("utf-8", "replace")), names))
        return found

    async def create(self, folder: str) -> None:
        await self.command("CREATE", mailbox(folder))

    async def delete_folder(self, folder: str) -> None:
        await self.command("DELETE", mailbox(folder))

    async def uid_copy(self, uid: str, folder: str) -> None:
        await self.command("UID", "COPY", uid, mailbox(folder))

    async def uid_move(self, uid: str, folder: str) -> bool:
        """UID MOVE (RFC 6851) when offered; False when the server has no MOVE."""
        if "MOVE" not in self.capabilities:
            return False
        await self.command("UID", "MOVE", uid, mailbox(folder))
        return True

    async def goodbye(self) -> None:
        """LOGOUT; never CLOSE, which would expunge what is only marked deleted."""
        try:
            await self.command("LOGOUT")
        except IMAPFailure as failure:
            if failure.kind != "disconnected":  # the server may hang up right after its BYE
                raise

    # ---- reading ---------------------------------------------------------------------------------
    async def _literal(self, size: int) -> bytes | bytearray:
        """``size`` bytes, read by chunks into one buffer: ``readexactly`` would first gather
        them all in the stream's own buffer, then copy them (twice a large message's size)."""
        if size <= _CHUNK:
            data: bytes = await self._wait(self.reader.readexactly(size))
            return data
        buffer = bytearray()
        while len(buffer) < size:
            chunk = await self._wait(self.reader.read(min(size - len(buffer), _CHUNK)))
            if not chunk:
                raise IMAPFailure("disconnected", stage=self.stage)
            buffer += chunk
        return buffer  # a bytearray: every reader of a message takes bytes-like data

    async def _response_line(self) -> tuple[list[Item], str]:
        """One response, literals included, parsed; with its text after the status word."""
        chunks: list[bytes] = []
        literals: list[bytes | bytearray] = []
        while True:
            raw = await self._line()
            found = LITERAL.search(raw)
            if found is None:
                chunks.append(raw.rstrip(b"\r\n"))
                break
            chunks.append(raw[: found.start()])
            size = int(found.group(1))
            literals.append(await self._literal(size))
        text = b"".join(chunks).decode("utf-8", "replace")
        if self.trace is not None:
            shown = escape(text[:200])
            extra = f" (+{sum(map(len, literals))} bytes)" if literals else ""
            self.trace(f"S: {shown}{extra}")
        items = parse_list(chunks, literals)
        words = text.split(" ", 2)
        return items, words[2] if len(words) > 2 else ""


_CHUNK = 1 << 18


def mailbox(folder: str) -> str:
    """A folder name as a command argument: modified UTF-7, then an astring."""
    return quote(mutf7.encode(folder))


def quote(text: str) -> str:
    """An IMAP astring: an atom when safe, else a quoted string (no CR/LF can reach here)."""
    if _ATOM_SAFE.fullmatch(text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_TOKEN = re.compile(rb'\s*(?:(\()|(\))|"((?:[^"\\]|\\.)*)"|([^\s()"\[]+(?:\[[^\]]*\][^\s()]*)?))')


def parse_list(chunks: list[bytes], literals: Sequence[bytes | bytearray]) -> list[Item]:
    """Parse a response's words: atoms, quoted strings, NIL, parenthesised lists, literals.

    ``chunks`` are the text between literals, ``{n}`` markers removed (``len(chunks) ==
    len(literals) + 1``); each literal stands where its chunk ends. Iterative (a stack), so any
    size of response parses.
    """
    root: list[Item] = []
    stack: list[list[Item]] = [root]
    for index, chunk in enumerate(chunks):
        pos = 0
        while pos < len(chunk):
            found = _TOKEN.match(chunk, pos)
            if found is None or found.end() == pos:
                break
            pos = found.end()
            opening, closing, quoted, atom = found.groups()
            if opening:
                child: list[Item] = []
                stack[-1].append(child)
                stack.append(child)
            elif closing:
                if len(stack) > 1:
                    stack.pop()
            elif quoted is not None:
                stack[-1].append(re.sub(rb"\\(.)", rb"\1", quoted))
            elif atom is not None:
                stack[-1].append(None if atom.upper() == b"NIL" else atom)
        if index < len(literals):
            stack[-1].append(literals[index])
    return root
