"""The sandbox IMAP server: the IMAP4rev1 subset (RFC 3501) wlmail and Python's ``imaplib`` use.

It serves the run's :class:`~wlmail.sandbox.mailstore.SandboxMailbox` as the folder ``INBOX``
on two loopback listeners: plaintext with STARTTLS (port 143 to a script) and implicit TLS (993).
Commands: CAPABILITY, NOOP, LOGOUT, STARTTLS, LOGIN, AUTHENTICATE (PLAIN, XOAUTH2, with SASL-IR
or a continuation), LIST/LSUB, STATUS, CREATE, DELETE, COPY, MOVE (imap_folders.py),
SELECT/EXAMINE, CHECK, CLOSE, UNSELECT, EXPUNGE, and
SEARCH, FETCH, STORE by sequence number or with UID. SEARCH keys: ALL, SEEN, UNSEEN, DELETED,
UNDELETED, FLAGGED, UNFLAGGED, ANSWERED, UNANSWERED, DRAFT, UNDRAFT (all must match). FETCH items:
UID, FLAGS, RFC822.SIZE, INTERNALDATE, RFC822, RFC822.HEADER, RFC822.TEXT, BODY[], BODY[HEADER],
BODY[TEXT] and their BODY.PEEK forms; the macros FAST, ALL and FULL (without ENVELOPE/BODY).

Rulings: reading with ``BODY[]``/``RFC822`` sets ``\\Seen`` (RFC 3501 §6.4.5), ``BODY.PEEK`` does
not; only ``EXPUNGE`` (or ``CLOSE``) removes ``\\Deleted`` messages; a rejected XOAUTH2 token is
answered ``NO`` at once (no JSON challenge). Messages the SMTP sandbox accepts while a folder is
selected are announced with ``* N EXISTS`` at the next command.
"""

from __future__ import annotations

import bisect
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from wlmail.mail.imap import parse_list
from wlmail.sandbox.imap_folders import FolderCommands
from wlmail.sandbox.imap_syntax import (
    FLAGS,
    LITERAL,
    MACROS,
    MAX_LITERAL,
    SEARCH_FLAGS,
    SECTION,
    Bad,
    astr,
    canonical,
    flag_list,
    flatten,
    sequence,
)
from wlmail.sandbox.listeners import LineServer, Session, decode_b64, parse_plain
from wlmail.sandbox.mailstore import SandboxMailbox, Stored
from wlmail.sandbox.received import parse_xoauth2

__all__ = ["SandboxIMAP"]


class _IMAPSession(FolderCommands):
    def __init__(self, server: SandboxIMAP, session: Session) -> None:
        self.server = server
        self.io = session
        self.user: str | None = None
        self.folder = "INBOX"
        self.view: list[int] | None = None  # UIDs by sequence number, once a folder is selected
        self.read_only = False

    async def untagged(self, text: str) -> None:
        await self.io.send(f"* {text}".encode() + b"\r\n")

    async def run(self) -> None:
        await self.untagged(
            "OK [CAPABILITY " + self._capabilities() + "] wlmail sandbox IMAP ready"
        )
        while True:
            parsed = await self._read_command()
            if parsed is None:
                return
            tag, words = parsed
            if not words or not isinstance(words[0], bytes):
                await self.io.send(f"{tag} BAD missing command\r\n".encode())
                continue
            verb = words[0].decode("ascii", "replace").upper()
            args = words[1:]
            if verb == "UID" and args and isinstance(args[0], bytes):
                verb, args = "UID " + args[0].decode("ascii", "replace").upper(), args[1:]
            handler = getattr(self, "do_" + verb.replace(" ", "_"), None)
            try:
                if handler is None:
                    raise Bad(f"unknown command {verb[:40]}")
                result = await handler(tag, args)
            except Bad as bad:
                await self.io.send(f"{tag} BAD {bad}\r\n".encode())
                continue
            if result is None:
                return
            if result:  # "": the handler has answered already (STARTTLS)
                await self.io.send(f"{tag} {result}\r\n".encode())

    async def _read_command(self) -> tuple[str, list[Any]] | None:
        chunks: list[bytes] = []
        literals: list[bytes] = []
        while True:
            raw = await self.io.line(self.server.timeout)
            if raw is None:
                return None
            found = LITERAL.search(raw)
            if found is None:
                chunks.append(raw)
                break
            size = int(found.group(1))
            if size > MAX_LITERAL:
                return None
            chunks.append(raw[: found.start()])
            if not found.group(2):
                await self.io.send(b"+ Ready for literal data\r\n")
            try:
                literals.append(await self.io.reader.readexactly(size))
            except Exception:
                return None
        tag, _, rest = chunks[0].partition(b" ")
        chunks[0] = rest
        return tag.decode("ascii", "replace") or "*", parse_list(chunks, literals)

    def _capabilities(self) -> str:
        caps = [
            "IMAP4rev1",
            "SASL-IR",
            "AUTH=PLAIN",
            "AUTH=XOAUTH2",
            "LITERAL+",
            "UNSELECT",
            "MOVE",
        ]
        if not self.io.tls and self.user is None:
            caps.append("STARTTLS")
        return " ".join(caps)

    # ---- any state ------------------------------------------------------------------------
    async def do_CAPABILITY(self, _tag: str, _args: list[Any]) -> str:
        await self.untagged("CAPABILITY " + self._capabilities())
        return "OK CAPABILITY completed"

    async def do_NOOP(self, _tag: str, _args: list[Any]) -> str:
        await self._sync(expunged=True)
        return "OK NOOP completed"

    do_CHECK = do_NOOP

    async def do_LOGOUT(self, tag: str, _args: list[Any]) -> None:
        await self.untagged("BYE wlmail sandbox IMAP logging out")
        await self.io.send(f"{tag} OK LOGOUT completed\r\n".encode())

    # ---- not authenticated ----------------------------------------------------------------
    async def do_STARTTLS(self, tag: str, _args: list[Any]) -> str | None:
        if self.io.tls or self.user is not None:
            return "BAD STARTTLS not allowed now"
        await self.io.send(f"{tag} OK begin TLS negotiation now\r\n".encode())
        return "" if await self.io.start_tls(self.server.context) else None

    async def do_LOGIN(self, _tag: str, args: list[Any]) -> str:
        if self.user is not None:
            return "BAD already authenticated"
        if len(args) != 2:
            raise Bad("LOGIN user password")
        user, password = astr(args[0]), astr(args[1])
        if not self.server.check_password(user, password):
            return "NO [AUTHENTICATIONFAILED] authentication failed"
        self.user = user
        return f"OK [CAPABILITY {self._capabilities()}] logged in"

    async def do_AUTHENTICATE(self, _tag: str, args: list[Any]) -> str | None:
        if self.user is not None:
            return "BAD already authenticated"
        if not args:
            raise Bad("AUTHENTICATE mechanism")
        mechanism = astr(args[0]).upper()
        if mechanism not in ("PLAIN", "XOAUTH2"):
            return "NO [CANNOT] unsupported SASL mechanism"
        if len(args) > 1:
            response = astr(args[1])
        else:
            await self.io.send(b"+ \r\n")
            line = await self.io.line(self.server.timeout)
            if line is None:
                return None
            response = line.decode("ascii", "replace")
        if response.strip() == "*":
            return "BAD AUTHENTICATE cancelled"
        blob = b"" if response == "=" else decode_b64(response)
        if blob is None:
            return "BAD invalid base64"
        if mechanism == "PLAIN":
            pair = parse_plain(blob)
            if pair is None or not self.server.check_password(*pair):
                return "NO [AUTHENTICATIONFAILED] authentication failed"
            user = pair[0]
        else:
            parsed = parse_xoauth2(blob)
            if parsed is None:
                return "BAD malformed XOAUTH2 initial response"
            if not self.server.check_token(*parsed):
                return "NO [AUTHENTICATIONFAILED] invalid OAuth token (sandbox)"
            user = parsed[0]
        self.user = user
        return f"OK [CAPABILITY {self._capabilities()}] authenticated"

    # ---- authenticated --------------------------------------------------------------------
    def _need_login(self) -> None:
        if self.user is None:
            raise Bad("log in first")

    async def do_SELECT(self, _tag: str, args: list[Any], read_only: bool = False) -> str:
        self._need_login()
        self.view = None
        if len(args) != 1:
            raise Bad("SELECT mailbox")
        name = self._existing(args[0])
        if name is None:
            return "NO [NONEXISTENT] no such folder"
        self.folder = name
        box = self._box()
        messages = box.messages
        self.view = [m.uid for m in messages]
        self.read_only = read_only
        await self.untagged("FLAGS " + flag_list(FLAGS))
        await self.untagged(f"OK [PERMANENTFLAGS {flag_list(FLAGS)}] flags permitted")
        await self.untagged(f"{len(messages)} EXISTS")
        await self.untagged("0 RECENT")
        unseen = next((n for n, m in enumerate(messages, 1) if "\\Seen" not in m.flags), 0)
        if unseen:
            await self.untagged(f"OK [UNSEEN {unseen}] first unseen")
        await self.untagged(f"OK [UIDVALIDITY {box.uidvalidity}] UIDs valid")
        await self.untagged(f"OK [UIDNEXT {box.next_uid}] predicted next UID")
        mode = "READ-ONLY" if read_only else "READ-WRITE"
        return f"OK [{mode}] {'EXAMINE' if read_only else 'SELECT'} completed"

    async def do_EXAMINE(self, tag: str, args: list[Any]) -> str:
        return await self.do_SELECT(tag, args, read_only=True)

    # ---- selected -------------------------------------------------------------------------
    def _selected(self) -> list[int]:
        self._need_login()
        if self.view is None:
            raise Bad("no folder selected")
        return self.view

    async def _sync(self, *, expunged: bool = False) -> None:
        """Announce what changed in the mailbox since the last command (other sessions)."""
        if self.view is None:
            return
        box = self._box()
        if expunged:
            number = 1
            while number <= len(self.view):
                if box.by_uid(self.view[number - 1]) is None:
                    del self.view[number - 1]
                    await self.untagged(f"{number} EXPUNGE")
                else:
                    number += 1
        known = self.view[-1] if self.view else 0  # UIDs ascend
        fresh = box.uids_after(known)
        if fresh:
            self.view.extend(fresh)
            await self.untagged(f"{len(self.view)} EXISTS")

    def _targets(self, spec: Any, by_uid: bool) -> list[tuple[int, Stored]]:
        view = self._selected()
        text = astr(spec)
        box = self._box()
        if by_uid:  # the view's UIDs ascend: find each one by bisection
            pairs = []
            for uid in sorted(sequence(text, view[-1] if view else 0)):
                index = bisect.bisect_left(view, uid)
                if index < len(view) and view[index] == uid:
                    pairs.append((index + 1, uid))
        else:
            numbers = sequence(text, len(view))
            pairs = [(n, view[n - 1]) for n in sorted(numbers)]
        found = []
        for number, uid in pairs:
            message = box.by_uid(uid)
            if message is not None:
                found.append((number, message))
        return found

    async def do_SEARCH(self, _tag: str, args: list[Any], by_uid: bool = False) -> str:
        view = self._selected()
        if by_uid:
            await self._sync()
        keys = [astr(a).upper() for a in flatten(args)]  # "(UNSEEN DELETED)": all must match
        if len(keys) >= 2 and keys[0] == "CHARSET":
            keys = keys[2:]
        for key in keys:
            if key != "ALL" and key not in SEARCH_FLAGS:
                raise Bad(f"unsupported SEARCH key {key[:40]}")
        box = self._box()
        hits = []
        for number, uid in enumerate(view, 1):
            message = box.by_uid(uid)
            if message is None:
                continue
            if all(
                key == "ALL" or ((SEARCH_FLAGS[key][0] in message.flags) == SEARCH_FLAGS[key][1])
                for key in keys
            ):
                hits.append(uid if by_uid else number)
        await self.untagged(" ".join(["SEARCH", *map(str, hits)]))
        return f"OK {'UID ' if by_uid else ''}SEARCH completed"

    async def do_UID_SEARCH(self, tag: str, args: list[Any]) -> str:
        return await self.do_SEARCH(tag, args, by_uid=True)

    async def do_FETCH(self, _tag: str, args: list[Any], by_uid: bool = False) -> str:
        self._selected()
        if by_uid:
            await self._sync()
        if len(args) != 2:
            raise Bad("FETCH set items")
        items = args[1] if isinstance(args[1], list) else [args[1]]
        names: list[str] = []
        for item in items:
            name = astr(item).upper()
            names.extend(MACROS.get(name, [name]))
        if by_uid and "UID" not in names:
            names.insert(0, "UID")
        for name in names:
            if name not in ("UID", "FLAGS", "RFC822.SIZE", "INTERNALDATE", "RFC822") and not (
                name in ("RFC822.HEADER", "RFC822.TEXT") or SECTION.match(name)
            ):
                raise Bad(f"unsupported FETCH item {name[:40]}")
        for number, message in self._targets(args[0], by_uid):
            await self._fetch_one(number, message, names)
        return f"OK {'UID ' if by_uid else ''}FETCH completed"

    async def do_UID_FETCH(self, tag: str, args: list[Any]) -> str:
        return await self.do_FETCH(tag, args, by_uid=True)

    async def _fetch_one(self, number: int, message: Stored, names: list[str]) -> None:
        # reading a body without PEEK sets \Seen (RFC 3501 §6.4.5): FLAGS then shows it
        seen = any(n in ("RFC822", "RFC822.TEXT") or n.startswith("BODY[") for n in names)
        if seen and not self.read_only and "\\Seen" not in message.flags:
            message.flags.add("\\Seen")
            if "FLAGS" not in names:
                names = [*names, "FLAGS"]
        parts: list[bytes] = []
        for name in names:
            section = SECTION.match(name)
            if name == "UID":
                parts.append(f"UID {message.uid}".encode())
            elif name == "FLAGS":
                parts.append(f"FLAGS {flag_list(message.flags)}".encode())
            elif name == "RFC822.SIZE":
                parts.append(f"RFC822.SIZE {message.size}".encode())
            elif name == "INTERNALDATE":
                stamp = format_datetime(datetime.now(UTC)).replace(",", "")
                parts.append(f'INTERNALDATE "{stamp}"'.encode())
            else:
                if section is None:  # RFC822, RFC822.HEADER, RFC822.TEXT
                    label, which = name, {"RFC822": ""}.get(name, name[7:])
                else:
                    label, which = f"BODY[{section.group(2)}]", section.group(2)
                data = self._section(message, which)
                parts.append(f"{label} {{{len(data)}}}\r\n".encode() + data)
        await self.io.send(f"* {number} FETCH (".encode() + b" ".join(parts) + b")\r\n")

    @staticmethod
    def _section(message: Stored, which: str) -> bytes:
        if which == "HEADER":
            return message.header()
        data = message.content()
        if which == "TEXT":
            end = data.find(b"\r\n\r\n")
            return b"" if end < 0 else data[end + 4 :]
        return data

    async def do_STORE(self, _tag: str, args: list[Any], by_uid: bool = False) -> str:
        self._selected()
        if self.read_only:
            return "NO [READ-ONLY] folder opened with EXAMINE"
        if len(args) != 3:
            raise Bad("STORE set item flags")
        action = astr(args[1]).upper()
        silent = action.endswith(".SILENT")
        action = action.removesuffix(".SILENT")
        if action not in ("FLAGS", "+FLAGS", "-FLAGS"):
            raise Bad("STORE FLAGS, +FLAGS or -FLAGS")
        given = args[2] if isinstance(args[2], list) else [args[2]]
        flags = {canonical(astr(f)) for f in given}
        for number, message in self._targets(args[0], by_uid):
            if action == "FLAGS":
                message.flags = set(flags)
            elif action == "+FLAGS":
                message.flags |= flags
            else:
                message.flags -= flags
            if not silent:
                uid = f"UID {message.uid} " if by_uid else ""
                await self.untagged(f"{number} FETCH ({uid}FLAGS {flag_list(message.flags)})")
        return f"OK {'UID ' if by_uid else ''}STORE completed"

    async def do_UID_STORE(self, tag: str, args: list[Any]) -> str:
        return await self.do_STORE(tag, args, by_uid=True)

    async def do_EXPUNGE(self, _tag: str, _args: list[Any], quiet: bool = False) -> str:
        view = self._selected()
        if self.read_only:
            return "NO [READ-ONLY] folder opened with EXAMINE"
        box = self._box()
        gone = []
        number = 1
        while number <= len(view):
            message = box.by_uid(view[number - 1])
            if message is None or "\\Deleted" in message.flags:
                gone.append(view.pop(number - 1))
                if not quiet:
                    await self.untagged(f"{number} EXPUNGE")
            else:
                number += 1
        box.remove(gone)
        return "OK EXPUNGE completed"

    async def do_CLOSE(self, tag: str, args: list[Any]) -> str:
        self._selected()
        if not self.read_only:
            await self.do_EXPUNGE(tag, args, quiet=True)
        self.view = None
        return "OK CLOSE completed"

    async def do_UNSELECT(self, _tag: str, _args: list[Any]) -> str:
        self._selected()
        self.view = None
        return "OK UNSELECT completed"


class SandboxIMAP(LineServer):
    """The sandbox IMAP server: ``plain_port`` (STARTTLS) and ``implicit_port`` (TLS)."""

    name = "IMAP"

    @property
    def folders(self) -> dict[str, SandboxMailbox]:
        """``INBOX`` (the run's mailbox) and the folders created by the run's clients."""
        found: dict[str, SandboxMailbox] | None = getattr(self, "_folders", None)
        if found is None:
            found = self._folders = {"INBOX": self.mailbox}
        return found

    async def serve(self, session: Session) -> None:
        await _IMAPSession(self, session).run()
