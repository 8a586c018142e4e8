"""A mailbox read over POP3 or IMAP, behind one small interface numbered like WLangage (1…N).

Rulings (issue 12; the doc pages are summed up in ``tests/doc_examples/receive/NOTES.md``):

* Numbering. POP3: the numbers and ``count`` are those of the session's start and never change
  (the doc: EmailNbMessage stays constant for the session). IMAP: the numbers map to the UIDs
  listed when the folder was selected and again at each ``refresh`` (EmailNbMessage follows
  messages received or expunged, as the doc says), so a number never silently designates
  another message between two refreshes.
* Nothing lost. ``delete`` marks: POP3 ``DELE`` (committed only by the QUIT of a clean
  ``close``; ``abort`` deletes nothing), IMAP ``\\Deleted`` (removed only by ``expunge``, that is
  EmailDétruit; ``close`` logs out without CLOSE, which would expunge). Reading never changes a
  flag (IMAP ``BODY.PEEK``); a message marked deleted reads as absent (``None``: EnDehors).
* Messages are fetched one at a time, on demand: listing a 10,000-message mailbox downloads no body.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import ssl
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from wlmail.mail.connect import (
    LineClient,
    Mode,
    ReceiveFailure,
    Route,
    Verify,
    context_for,
    dial,
    open_streams,
    tls_failure,
)
from wlmail.mail.imap import IMAPClient
from wlmail.mail.mimetree import Raw
from wlmail.mail.pop3 import POP3Client

__all__ = [
    "IMAPMailbox",
    "Mailbox",
    "POP3Mailbox",
    "Raw",
    "ReadAhead",
    "ReceiveSettings",
    "open_mailbox",
]

Protocol = Literal["pop3", "imap"]
#: default ports by protocol and TLS mode (implicit TLS: 995/993)
DEFAULT_PORTS = {
    ("pop3", False): 110,
    ("pop3", True): 995,
    ("imap", False): 143,
    ("imap", True): 993,
}


@dataclass
class ReceiveSettings:
    """Everything needed to reach and log in to one POP3 or IMAP server."""

    protocol: Protocol
    host: str
    port: int
    mode: Mode = "plain"
    user: str = ""
    password: str = field(default="", repr=False)
    #: returns (or resolves to) the XOAUTH2 bearer token, or None (decision 12)
    token: Callable[[], str | Awaitable[str | None] | None] | None = field(default=None, repr=False)
    verify: Verify = "full"
    timeout: float = 600.0
    connect_to: Sequence[Route] = ()
    cafile: str | None = None
    folder: str = "INBOX"
    trace: Callable[[str], None] | None = field(default=None, repr=False)


class Mailbox:
    """What the receive functions need of a mailbox; see the module's rulings."""

    protocol: Protocol = "pop3"

    def __init__(self, settings: ReceiveSettings) -> None:
        self.settings = settings
        self.numbers: list[str] = []  # unique id (UIDL / UID) of message 1, 2…
        self.deleted: set[int] = set()

    @property
    def count(self) -> int:
        return len(self.numbers)

    client: LineClient | None = None

    def _new_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> LineClient:
        raise NotImplementedError

    async def _ready(self) -> None:
        """After the login: list the messages (and select the folder)."""
        raise NotImplementedError

    async def open(self) -> None:
        """Connect, STARTTLS/STLS when asked (never skipped), log in, list the messages."""
        s = self.settings
        (reader, writer), context = await self._connect()
        client = self.client = self._new_client(reader, writer)
        try:
            await client.hello()
            if s.mode == "starttls":
                if not client.offers("starttls"):
                    raise ReceiveFailure("starttls_unsupported", host=s.host, port=s.port)
                try:
                    await client.starttls(context, s.host)
                except (OSError, ssl.SSLError) as exc:
                    raise tls_failure(exc, host=s.host, port=s.port, stage=client.stage) from None
            token = await self._token()
            if token:
                if not client.offers("xoauth2"):
                    raise ReceiveFailure("xoauth2_unsupported", host=s.host)
                await client.auth_xoauth2(s.user, token)
            else:
                await client.login(s.user, s.password)
            await self._ready()
        except BaseException:
            self.abort()
            raise

    async def close(self) -> None:
        client, self.client = self.client, None
        if client is None:
            return
        try:
            await client.goodbye()
        finally:
            client.abort()

    def abort(self) -> None:
        client, self.client = self.client, None
        if client is not None:
            client.abort()

    async def refresh(self) -> int:
        return self.count

    async def fetch(self, number: int, *, header_only: bool = False) -> Raw | None:
        raise NotImplementedError

    async def fetch_many(
        self, numbers: Sequence[int], *, header_only: bool = False
    ) -> dict[int, Raw]:
        """Several messages in as few round trips as the protocol allows; absent ones left out."""
        found: dict[int, Raw] = {}
        for number in numbers:
            data = await self.fetch(number, header_only=header_only)
            if data is not None:
                found[number] = data
        return found

    async def size(self, number: int) -> int | None:
        raise NotImplementedError

    async def delete(self, number: int) -> bool:
        raise NotImplementedError

    async def unread(self) -> list[int] | None:
        """Numbers of the messages not read yet; None when the protocol cannot tell (POP3)."""
        return None

    async def expunge(self) -> None:
        """Remove what is marked deleted now (IMAP; POP3 does it at QUIT)."""

    # ---- folders and flags: IMAP only (a POP3 maildrop is one folder without flags) -------------
    async def folders(self) -> list[str]:
        raise ReceiveFailure("imap_only")

    async def change_folder(self, folder: str) -> int:
        raise ReceiveFailure("imap_only")

    async def create_folder(self, folder: str) -> None:
        raise ReceiveFailure("imap_only")

    async def delete_folder(self, folder: str) -> None:
        raise ReceiveFailure("imap_only")

    async def copy(self, number: int, folder: str) -> bool:
        raise ReceiveFailure("imap_only")

    async def move(self, number: int, folder: str) -> bool:
        raise ReceiveFailure("imap_only")

    async def mark_seen(self, number: int, seen: bool) -> bool:
        raise ReceiveFailure("imap_only")

    # ---- shared steps ----------------------------------------------------------------------------
    def _valid(self, number: int) -> bool:
        return 1 <= number <= self.count and number not in self.deleted

    async def _connect(
        self,
    ) -> tuple[tuple[asyncio.StreamReader, asyncio.StreamWriter], ssl.SSLContext]:
        s = self.settings
        where = {"host": s.host, "port": s.port}
        context = context_for(s.cafile, s.verify, **where)
        sock = await dial(
            s.host, s.port, timeout=s.timeout, routes=s.connect_to, trace=s.trace, what=s.mode
        )
        implicit = context if s.mode == "implicit" else None
        streams = await open_streams(sock, host=s.host, context=implicit, timeout=s.timeout)
        return streams, context

    async def _token(self) -> str | None:
        provider = self.settings.token
        value = provider() if provider is not None else None
        if inspect.isawaitable(value):
            value = await value
        return value or None


class POP3Mailbox(Mailbox):
    protocol: Protocol = "pop3"
    client: POP3Client | None = None

    def _new_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> POP3Client:
        s = self.settings
        return POP3Client(reader, writer, timeout=s.timeout, trace=s.trace)

    async def _ready(self) -> None:
        client = self._client()
        count, _size = await client.stat()
        ids = dict(await client.listing("UIDL")) if "UIDL" in client.capabilities else {}
        self.numbers = [ids.get(n, str(n)) for n in range(1, count + 1)]

    async def fetch(self, number: int, *, header_only: bool = False) -> Raw | None:
        if not self._valid(number):
            return None
        client = self._client()
        return await (client.top(number, 0) if header_only else client.retr(number))

    async def fetch_many(
        self, numbers: Sequence[int], *, header_only: bool = False
    ) -> dict[int, Raw]:
        client = self._client()
        wanted = [n for n in numbers if self._valid(n)]
        if "PIPELINING" not in client.capabilities or len(wanted) < 2:
            return await super().fetch_many(wanted, header_only=header_only)
        verb = "TOP {} 0" if header_only else "RETR {}"
        answers = await client.pipelined([verb.format(n) for n in wanted])
        return {n: data for n, data in zip(wanted, answers, strict=True) if data is not None}

    async def size(self, number: int) -> int | None:
        if not self._valid(number):
            return None
        text = await self._client().command(f"LIST {number}")
        words = text.split()
        return int(words[1]) if len(words) > 1 and words[1].isdigit() else None

    async def delete(self, number: int) -> bool:
        if not self._valid(number):
            return False
        await self._client().dele(number)
        self.deleted.add(number)
        return True

    def _client(self) -> POP3Client:
        if self.client is None:
            raise ReceiveFailure("disconnected", stage="POP3")
        return self.client


class IMAPMailbox(Mailbox):
    protocol: Protocol = "imap"
    client: IMAPClient | None = None

    def _new_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> IMAPClient:
        s = self.settings
        return IMAPClient(reader, writer, timeout=s.timeout, trace=s.trace)

    async def _ready(self) -> None:
        await self._client().select(self.settings.folder)
        await self.refresh()

    async def refresh(self) -> int:
        uids = await self._client().uid_search("ALL")
        kept = {self.numbers[n - 1] for n in self.deleted if n <= len(self.numbers)}
        self.numbers = [str(uid) for uid in uids]
        self.deleted = {n for n, uid in enumerate(self.numbers, 1) if uid in kept}
        return self.count

    async def fetch(self, number: int, *, header_only: bool = False) -> Raw | None:
        if not self._valid(number):
            return None
        uid = self.numbers[number - 1]
        part = "BODY.PEEK[HEADER]" if header_only else "BODY.PEEK[]"
        found = (await self._client().uid_fetch(uid, f"(UID FLAGS {part})")).get(int(uid))
        return None if found is None else self._content(found, header_only)  # None: expunged

    async def fetch_many(
        self, numbers: Sequence[int], *, header_only: bool = False
    ) -> dict[int, Raw]:
        wanted = {self.numbers[n - 1]: n for n in numbers if self._valid(n)}
        if not wanted:
            return {}
        part = "BODY.PEEK[HEADER]" if header_only else "BODY.PEEK[]"
        fetched = await self._client().uid_fetch(",".join(wanted), f"(UID FLAGS {part})")
        found: dict[int, Raw] = {}
        for uid, items in fetched.items():
            number = wanted.get(str(uid))
            data = self._content(items, header_only)
            if number is not None and data is not None:
                found[number] = data
        return dict(sorted(found.items()))

    @staticmethod
    def _content(items: dict[bytes, Any], header_only: bool) -> Raw | None:
        """The fetched text of a message, or None when it is marked deleted."""
        flags = items.get(b"FLAGS")
        if isinstance(flags, list) and b"\\DELETED" in (f.upper() for f in flags if f):
            return None
        data = items.get(b"BODY[HEADER]" if header_only else b"BODY[]")
        return data if isinstance(data, bytes | bytearray) else b""

    async def size(self, number: int) -> int | None:
        if not self._valid(number):
            return None
        uid = self.numbers[number - 1]
        found = (await self._client().uid_fetch(uid, "(UID RFC822.SIZE)")).get(int(uid), {})
        value = found.get(b"RFC822.SIZE")
        return int(value) if isinstance(value, bytes) and value.isdigit() else None

    async def delete(self, number: int) -> bool:
        if not self._valid(number):
            return False
        await self._client().uid_store(self.numbers[number - 1], "+FLAGS.SILENT", "\\Deleted")
        self.deleted.add(number)
        return True

    async def unread(self) -> list[int] | None:
        unseen = {str(uid) for uid in await self._client().uid_search("UNSEEN")}
        return [n for n, uid in enumerate(self.numbers, 1) if uid in unseen and self._valid(n)]

    async def expunge(self) -> None:
        await self._client().expunge()
        self.deleted.clear()
        await self.refresh()

    async def folders(self) -> list[str]:
        return [name for name, _flags in await self._client().list_folders()]

    async def change_folder(self, folder: str) -> int:
        """SELECT another folder; numbering starts again there. Nothing is expunged: messages
        marked deleted in the folder left stay marked (SELECT, unlike CLOSE, expunges nothing)."""
        client = self._client()
        try:
            await client.select(folder)
        except ReceiveFailure as failure:
            if failure.kind == "refused":  # a refused SELECT leaves no folder selected (§6.3.1)
                with contextlib.suppress(ReceiveFailure):
                    await client.select(self.settings.folder)
            raise
        self.settings.folder = folder
        self.numbers, self.deleted = [], set()
        return await self.refresh()

    async def create_folder(self, folder: str) -> None:
        await self._client().create(folder)

    async def delete_folder(self, folder: str) -> None:
        await self._client().delete_folder(folder)

    async def copy(self, number: int, folder: str) -> bool:
        if not self._valid(number):
            return False
        await self._client().uid_copy(self.numbers[number - 1], folder)
        return True

    async def move(self, number: int, folder: str) -> bool:
        """UID MOVE when offered; otherwise COPY, then the original is marked deleted, as
        EmailSupprimeMessage does (removed by EmailDétruit). Either way it then reads as absent."""
        if not self._valid(number):
            return False
        client, uid = self._client(), self.numbers[number - 1]
        if not await client.uid_move(uid, folder):
            await client.uid_copy(uid, folder)
            await client.uid_store(uid, "+FLAGS.SILENT", "\\Deleted")
        self.deleted.add(number)
        return True

    async def mark_seen(self, number: int, seen: bool) -> bool:
        if not self._valid(number):
            return False
        change = "+FLAGS.SILENT" if seen else "-FLAGS.SILENT"
        await self._client().uid_store(self.numbers[number - 1], change, "\\Seen")
        return True

    def _client(self) -> IMAPClient:
        if self.client is None:
            raise ReceiveFailure("disconnected", stage="IMAP")
        return self.client


class ReadAhead:
    """Whole messages read in the order a script walks them (an ``EmailRécupèreTout`` array,
    ``POUR TOUT … DE session``), several per round trip.

    The first message is read alone; while messages stay small, each following read also takes
    the next ones in order (IMAP ``UID FETCH`` of a set, pipelined POP3 ``RETR``), the window
    doubling up to ``MOST``. A batch over ``BUDGET`` bytes brings it back to one, so memory stays
    near one large message. Only what was read ahead and not used yet is kept; a jump elsewhere
    reads from there. A message deleted meanwhile reads as ``None``.
    """

    MOST = 64
    BUDGET = 8 << 20

    def __init__(self, mailbox: Mailbox) -> None:
        self.mailbox = mailbox
        self.order: list[int] = []
        self.position: dict[int, int] = {}
        self.ahead: dict[int, Raw] = {}
        self.window = 1

    def add(self, number: int) -> None:
        self.position[number] = len(self.order)
        self.order.append(number)

    async def take(self, number: int) -> Raw | None:
        if number in self.ahead and number not in self.mailbox.deleted:
            return self.ahead.pop(number)
        start = self.position.get(number, 0)
        batch = [number, *self.order[start + 1 : start + self.window]]
        fetched = await self.mailbox.fetch_many(batch)
        size = sum(map(len, fetched.values()))
        self.window = 1 if size > self.BUDGET else min(self.window * 2, self.MOST)
        data = fetched.pop(number, None)
        self.ahead = fetched
        return data


def open_mailbox(settings: ReceiveSettings) -> Mailbox:
    """A mailbox object for the settings' protocol (not connected yet: ``await box.open()``)."""
    return POP3Mailbox(settings) if settings.protocol == "pop3" else IMAPMailbox(settings)
