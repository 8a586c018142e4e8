"""Folders of the sandbox IMAP server: LIST/LSUB, STATUS, CREATE, DELETE, COPY and MOVE (RFC 6851),
by sequence number or UID.

Rulings: ``INBOX`` is the run's mailbox (what the SMTP sandbox receives, what POP3 serves); other
folders live in memory for the run, shared by every IMAP login, and start empty. Names are kept
as the client sends them (modified UTF-7), ``INBOX`` in any case; the hierarchy separator is
``/``. A copy keeps the flags; a copy or move into the selected folder is announced to the other
sessions like any new message. ``INBOX`` cannot be deleted.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from wlmail.sandbox.imap_syntax import Bad, astr
from wlmail.sandbox.mailstore import SandboxMailbox, Stored

if TYPE_CHECKING:
    from wlmail.sandbox.imap_server import SandboxIMAP

__all__ = ["FolderCommands", "folder_key"]

_NAME = re.compile(r"[\x20\x21\x23-\x5b\x5d-\x7e]+")  # printable ASCII but " and backslash


def folder_key(name: str) -> str:
    return "INBOX" if name.upper() == "INBOX" else name


def _shown(name: str) -> str:
    """A folder name in a response: an atom when it can be one, else a quoted string."""
    return name if re.fullmatch(r"[A-Za-z0-9&+,._-]+", name) else f'"{name}"'


def _pattern(pattern: str) -> re.Pattern[str]:
    """An IMAP LIST pattern: ``*`` matches anything, ``%`` anything but the separator."""
    parts = (re.escape(p).replace(r"\*", ".*") for p in pattern.split("%"))
    return re.compile("[^/]*".join(parts), re.IGNORECASE)


class FolderCommands:
    """The folder commands of an IMAP session (mixed into the session class)."""

    server: SandboxIMAP
    folder: str
    view: list[int] | None

    async def untagged(self, text: str) -> None:
        raise NotImplementedError

    def _need_login(self) -> None:
        raise NotImplementedError

    def _targets(self, spec: Any, by_uid: bool) -> list[tuple[int, Stored]]:
        raise NotImplementedError

    def _box(self) -> SandboxMailbox:
        return self.server.folders[self.folder]

    def _existing(self, item: Any) -> str | None:
        key = folder_key(astr(item))
        return key if key in self.server.folders else None

    async def do_LIST(self, _tag: str, args: list[Any], verb: str = "LIST") -> str:
        self._need_login()
        if len(args) != 2:
            raise Bad(f"{verb} reference mailbox")
        reference, pattern = astr(args[0]), astr(args[1])
        if pattern == "":
            await self.untagged(f'{verb} (\\Noselect) "/" ""')
            return f"OK {verb} completed"
        matcher = _pattern(reference + pattern)
        for name in self.server.folders:
            if matcher.fullmatch(name):
                await self.untagged(f'{verb} (\\HasNoChildren) "/" {_shown(name)}')
        return f"OK {verb} completed"

    async def do_LSUB(self, tag: str, args: list[Any]) -> str:
        return await self.do_LIST(tag, args, "LSUB")

    async def do_STATUS(self, _tag: str, args: list[Any]) -> str:
        self._need_login()
        if len(args) != 2 or not isinstance(args[1], list):
            raise Bad("STATUS mailbox (items)")
        name = self._existing(args[0])
        if name is None:
            return "NO [NONEXISTENT] no such folder"
        box = self.server.folders[name]
        messages = box.messages
        values = {
            "MESSAGES": len(messages),
            "RECENT": 0,
            "UIDNEXT": box.next_uid,
            "UIDVALIDITY": box.uidvalidity,
            "UNSEEN": sum("\\Seen" not in m.flags for m in messages),
        }
        asked = [astr(a).upper() for a in args[1]]
        if any(a not in values for a in asked):
            raise Bad("unknown STATUS item")
        shown = " ".join(f"{a} {values[a]}" for a in asked)
        await self.untagged(f"STATUS {_shown(name)} ({shown})")
        return "OK STATUS completed"

    async def do_CREATE(self, _tag: str, args: list[Any]) -> str:
        self._need_login()
        if len(args) != 1:
            raise Bad("CREATE mailbox")
        name = folder_key(astr(args[0]).rstrip("/"))
        if not name or not _NAME.fullmatch(name):
            return "NO [CANNOT] folder names are printable ASCII without quote or backslash"
        if name in self.server.folders:
            return "NO [ALREADYEXISTS] folder exists"
        self.server.folders[name] = SandboxMailbox()
        return "OK CREATE completed"

    async def do_DELETE(self, _tag: str, args: list[Any]) -> str:
        self._need_login()
        if len(args) != 1:
            raise Bad("DELETE mailbox")
        name = self._existing(args[0])
        if name is None:
            return "NO [NONEXISTENT] no such folder"
        if name == "INBOX":
            return "NO [CANNOT] INBOX cannot be deleted"
        del self.server.folders[name]
        if self.folder == name:
            self.folder, self.view = "INBOX", None
        return "OK DELETE completed"

    async def _copy(self, args: list[Any], by_uid: bool, move: bool) -> str:
        if len(args) != 2:
            raise Bad("COPY sequence mailbox")
        found = self._targets(args[0], by_uid)
        name = self._existing(args[1])
        if name is None:
            return "NO [TRYCREATE] no such folder"
        target = self.server.folders[name]
        for _number, message in found:
            copy = target.add(message.data, message.path)
            copy.flags = set(message.flags) - {"\\Recent"}
        if move:
            source = self._box()
            view = self.view or []
            for number, message in sorted(found, key=lambda pair: -pair[0]):
                source.remove([message.uid])
                if number <= len(view) and view[number - 1] == message.uid:
                    del view[number - 1]
                    await self.untagged(f"{number} EXPUNGE")
        return f"OK {'MOVE' if move else 'COPY'} completed"

    async def do_COPY(self, _tag: str, args: list[Any]) -> str:
        return await self._copy(args, by_uid=False, move=False)

    async def do_UID_COPY(self, _tag: str, args: list[Any]) -> str:
        return await self._copy(args, by_uid=True, move=False)

    async def do_MOVE(self, _tag: str, args: list[Any]) -> str:
        return await self._copy(args, by_uid=False, move=True)

    async def do_UID_MOVE(self, _tag: str, args: list[Any]) -> str:
        return await self._copy(args, by_uid=True, move=True)
