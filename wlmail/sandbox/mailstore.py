"""The sandbox mailbox: what the sandbox POP3 and IMAP servers serve, over the SMTP outbox.

Rulings (issue 12, item 5; written in the README's sandbox section too):

* **One mailbox for every login.** The sandbox accepts any user name with any non-empty
  password (or a live token of the sandbox OAuth provider, XOAUTH2), like its SMTP side, and every
  login sees the same mailbox: a script that sends to itself and then reads finds its message
  whatever address it used.
* **What the mailbox holds.** The ``.eml`` files already in the outbox when the run starts (in
  file-name order, so ``0001-…`` first: earlier runs' messages), then each message the sandbox SMTP
  server accepts during the run, in the order accepted. UIDs are 1, 2… in that order; UIDVALIDITY
  changes with every run.
* **Deleting forgets, never erases.** A POP3 ``DELE`` committed by ``QUIT``, or an IMAP
  ``EXPUNGE`` of a ``\\Deleted`` message, removes the message from the sandbox mailbox for the rest
  of the run; its ``.eml`` file stays in the outbox (the outbox is the record of what the script
  sent) and is served again by the next run. Flags (``\\Seen``, ``\\Deleted``…) live for the run.
* Messages are read from their ``.eml`` file when a client fetches them (only their size is kept
  in memory); line ends are served as CRLF whatever the file holds.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["SandboxMailbox", "Stored", "crlf"]


def crlf(data: bytes) -> bytes:
    """``data`` with every line end as CRLF (what POP3 and IMAP carry)."""
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").replace(b"\n", b"\r\n")


@dataclass
class Stored:
    """One message of the sandbox mailbox."""

    uid: int
    size: int
    path: Path | None = None
    data: bytes | None = field(default=None, repr=False)
    flags: set[str] = field(default_factory=set)

    def content(self) -> bytes:
        """The message source, CRLF line ends (read from its file when it has one)."""
        if self.data is not None:
            return self.data
        assert self.path is not None
        return crlf(self.path.read_bytes())

    def header(self) -> bytes:
        """The header block, the blank line that ends it included."""
        data = self.content()
        end = data.find(b"\r\n\r\n")
        return data if end < 0 else data[: end + 4]


class SandboxMailbox:
    """The messages the sandbox serves, shared by every POP3 and IMAP session of the run."""

    def __init__(self) -> None:
        self._items: dict[int, Stored] = {}
        self.uidvalidity = int(time.time()) & 0x7FFFFFFF or 1
        self.next_uid = 1

    @property
    def messages(self) -> list[Stored]:
        """The messages now in the mailbox, oldest first."""
        return list(self._items.values())

    def _uid(self) -> int:
        uid, self.next_uid = self.next_uid, self.next_uid + 1
        return uid

    def load_outbox(self, outbox: Path) -> int:
        """Add the ``.eml`` files of ``outbox`` (file-name order); how many were added."""
        if not outbox.is_dir():
            return 0
        paths = sorted(p for p in outbox.glob("*.eml") if p.is_file())
        for path in paths:
            self._add_file(path)
        return len(paths)

    def add(self, raw: bytes | None = None, path: Path | None = None) -> Stored:
        """Add one message, from its bytes or from its file."""
        if path is not None and raw is None:
            return self._add_file(path)
        data = crlf(raw or b"")
        stored = Stored(self._uid(), len(data), path=path, data=data if path is None else None)
        self._items[stored.uid] = stored
        return stored

    def add_received(self, record: Any) -> Stored:
        """Add a message the sandbox SMTP server accepted (its ``.eml`` file when it has one)."""
        path = getattr(record, "eml_path", None)
        if isinstance(path, Path) and path.is_file():
            return self._add_file(path)
        raw = getattr(record, "raw", b"")
        return self.add(raw if isinstance(raw, bytes) else b"")

    def remove(self, uids: Iterable[int]) -> None:
        """Forget these messages for the rest of the run (their files are kept)."""
        for uid in uids:
            self._items.pop(uid, None)

    def uids_after(self, uid: int) -> list[int]:
        """UIDs of the messages added after ``uid``, ascending (cheap when there are none)."""
        if self.next_uid <= uid + 1:
            return []
        return [u for u in range(uid + 1, self.next_uid) if u in self._items]

    def by_uid(self, uid: int) -> Stored | None:
        return self._items.get(uid)

    def _add_file(self, path: Path) -> Stored:
        try:
            size = len(crlf(path.read_bytes()))
        except OSError:
            size = 0
        stored = Stored(self._uid(), size, path=path)
        self._items[stored.uid] = stored
        return stored
