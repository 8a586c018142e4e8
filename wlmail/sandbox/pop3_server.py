"""The sandbox POP3 server (RFC 1939, CAPA from RFC 2449, STLS from RFC 2595, SASL from RFC 5034).

It serves the run's :class:`~wlmail.sandbox.mailstore.SandboxMailbox` on two loopback listeners:
plaintext with STLS (what port 110 means to a script) and implicit TLS (995). Commands: CAPA,
STLS, USER/PASS, AUTH (PLAIN, XOAUTH2), STAT, LIST, UIDL, RETR, TOP, DELE, RSET, NOOP, QUIT.

As on a real server, the session works on the messages present at login (their numbers never
change), ``DELE`` only marks, and the marked messages leave the mailbox at a clean ``QUIT``: a
connection that drops deletes nothing. Logging in before STLS is allowed (the sandbox listens on
loopback only, and the documentation's examples open plain sessions). A rejected XOAUTH2 token
gets Gmail's answer: a ``+`` challenge with a JSON error, then ``-ERR`` once the client replies.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

from wlmail.sandbox.listeners import LineServer, Session, decode_b64, parse_plain
from wlmail.sandbox.mailstore import Stored
from wlmail.sandbox.received import parse_xoauth2

__all__ = ["SandboxPOP3"]

_XOAUTH2_ERROR = {"status": "401", "schemes": "Bearer", "scope": "https://mail.google.com/"}


class _POP3Session:
    def __init__(self, server: SandboxPOP3, session: Session) -> None:
        self.server = server
        self.io = session
        self.user: str | None = None  # given by USER, waiting for PASS
        self.messages: list[Stored] | None = None  # the maildrop, once logged in
        self.deleted: set[int] = set()

    async def ok(self, text: str = "") -> None:
        await self.io.send(f"+OK {text}".rstrip().encode("utf-8") + b"\r\n")

    async def err(self, text: str) -> None:
        await self.io.send(f"-ERR {text}".encode() + b"\r\n")

    async def run(self) -> None:
        await self.ok("wlmail sandbox POP3 ready")
        while True:
            raw = await self.io.line(self.server.timeout)
            if raw is None:
                return  # dropped or idle: nothing marked is deleted
            verb, _, rest = raw.decode("utf-8", "replace").partition(" ")
            handler = getattr(self, f"do_{verb.upper()}", None) if verb.isalpha() else None
            if handler is None:
                await self.err("unknown command")
            elif await handler(rest):
                return

    # ---- any state ------------------------------------------------------------------------
    async def do_CAPA(self, _arg: str) -> bool:
        lines = ["TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "SASL PLAIN XOAUTH2"]
        if self.messages is None:
            lines.append("USER")
            if not self.io.tls:
                lines.append("STLS")
        lines.append("IMPLEMENTATION wlmail-sandbox")
        await self.ok("capability list follows")
        await self.io.send("".join(f"{line}\r\n" for line in lines).encode() + b".\r\n")
        return False

    async def do_QUIT(self, _arg: str) -> bool:
        if self.messages is not None and self.deleted:
            self.server.mailbox.remove(self.messages[n - 1].uid for n in self.deleted)
        await self.ok("wlmail sandbox POP3 signing off")
        return True

    async def do_NOOP(self, _arg: str) -> bool:
        if await self._need_login():
            await self.ok()
        return False

    # ---- authorization --------------------------------------------------------------------
    async def do_STLS(self, _arg: str) -> bool:
        if self.io.tls or self.messages is not None:
            await self.err("STLS not allowed now")
            return False
        await self.ok("begin TLS negotiation")
        return not await self.io.start_tls(self.server.context)

    async def do_USER(self, arg: str) -> bool:
        if self.messages is not None:
            await self.err("already logged in")
        else:
            self.user = arg.strip()
            await self.ok("send PASS")
        return False

    async def do_PASS(self, arg: str) -> bool:
        if self.messages is not None or self.user is None:
            await self.err("USER first")
            return False
        user, self.user = self.user, None
        if self.server.check_password(user, arg):
            await self._logged_in()
        else:
            await self.err("[AUTH] authentication failed")
        return False

    async def do_AUTH(self, arg: str) -> bool:
        if self.messages is not None:
            await self.err("already logged in")
            return False
        mechanism, _, initial = arg.strip().partition(" ")
        mechanism = mechanism.upper()
        if not mechanism:
            await self.ok()
            await self.io.send(b"PLAIN\r\nXOAUTH2\r\n.\r\n")
            return False
        if mechanism not in ("PLAIN", "XOAUTH2"):
            await self.err("unsupported SASL mechanism")
            return False
        response = initial.strip()
        if not response or response == "=":
            await self.io.send(b"+ \r\n")
            line = await self.io.line(self.server.timeout)
            if line is None:
                return True
            response = line.decode("ascii", "replace")
            if response.strip() == "*":
                await self.err("AUTH cancelled")
                return False
        blob = b"" if response == "=" else decode_b64(response)
        if blob is None:
            await self.err("invalid base64")
            return False
        if mechanism == "PLAIN":
            pair = parse_plain(blob)
            if pair is not None and self.server.check_password(*pair):
                await self._logged_in()
            else:
                await self.err("[AUTH] authentication failed")
            return False
        parsed = parse_xoauth2(blob)
        if parsed is None:
            await self.err("malformed XOAUTH2 initial response")
        elif self.server.check_token(*parsed):
            await self._logged_in()
        else:
            challenge = base64.b64encode(json.dumps(_XOAUTH2_ERROR).encode()).decode()
            await self.io.send(f"+ {challenge}\r\n".encode())
            if await self.io.line(self.server.timeout) is None:
                return True
            await self.err("[AUTH] invalid OAuth token (sandbox)")
        return False

    async def _logged_in(self) -> None:
        self.messages = self.server.mailbox.messages
        await self.ok(f"maildrop has {len(self.messages)} message(s)")

    # ---- transaction ----------------------------------------------------------------------
    async def do_STAT(self, _arg: str) -> bool:
        if await self._need_login():
            kept = self._kept()
            await self.ok(f"{len(kept)} {sum(m.size for _, m in kept)}")
        return False

    async def do_LIST(self, arg: str) -> bool:
        await self._listing(arg, lambda m: str(m.size))
        return False

    async def do_UIDL(self, arg: str) -> bool:
        validity = self.server.mailbox.uidvalidity
        await self._listing(arg, lambda m: f"{validity}.{m.uid}")
        return False

    async def do_RETR(self, arg: str) -> bool:
        found = await self._message(arg)
        if found is not None:
            await self._multiline(f"{found.size} octets", found.content())
        return False

    async def do_TOP(self, arg: str) -> bool:
        words = arg.split()
        if len(words) != 2 or not words[1].isdigit():
            await self.err("usage: TOP msg lines")
            return False
        found = await self._message(words[0])
        if found is not None:
            data = found.content()
            end = data.find(b"\r\n\r\n")
            head, body = (data, b"") if end < 0 else (data[: end + 4], data[end + 4 :])
            lines = body.split(b"\r\n")
            if body.endswith(b"\r\n"):
                lines.pop()
            kept = b"".join(line + b"\r\n" for line in lines[: int(words[1])])
            await self._multiline("top of message follows", head + kept)
        return False

    async def do_DELE(self, arg: str) -> bool:
        found = await self._message(arg)
        if found is not None:
            self.deleted.add(int(arg.strip()))
            await self.ok("message marked for deletion")
        return False

    async def do_RSET(self, _arg: str) -> bool:
        if await self._need_login():
            self.deleted.clear()
            await self.ok()
        return False

    # ---- helpers --------------------------------------------------------------------------
    async def _need_login(self) -> bool:
        if self.messages is None:
            await self.err("log in first")
            return False
        return True

    def _kept(self) -> list[tuple[int, Stored]]:
        assert self.messages is not None
        return [(n, m) for n, m in enumerate(self.messages, 1) if n not in self.deleted]

    async def _message(self, arg: str) -> Stored | None:
        if not await self._need_login():
            return None
        assert self.messages is not None
        text = arg.strip()
        number = int(text) if text.isdigit() else 0
        if not 1 <= number <= len(self.messages) or number in self.deleted:
            await self.err("no such message")
            return None
        return self.messages[number - 1]

    async def _listing(self, arg: str, value: Callable[[Stored], str]) -> None:
        if not arg.strip():
            if await self._need_login():
                kept = self._kept()
                lines = "".join(f"{n} {value(m)}\r\n" for n, m in kept)
                await self.ok(f"{len(kept)} message(s)")
                await self.io.send(lines.encode() + b".\r\n")
            return
        found = await self._message(arg)
        if found is not None:
            await self.ok(f"{int(arg.strip())} {value(found)}")

    async def _multiline(self, status: str, data: bytes) -> None:
        if data and not data.endswith(b"\r\n"):
            data += b"\r\n"
        stuffed = data.replace(b"\r\n.", b"\r\n..")
        if stuffed.startswith(b"."):
            stuffed = b"." + stuffed
        writer = self.io.writer
        writer.write(f"+OK {status}\r\n".encode())
        writer.write(stuffed)
        writer.write(b".\r\n")
        await writer.drain()


class SandboxPOP3(LineServer):
    """The sandbox POP3 server: ``plain_port`` (STLS) and ``implicit_port`` (TLS) on loopback."""

    name = "POP3"

    async def serve(self, session: Session) -> None:
        await _POP3Session(self, session).run()
