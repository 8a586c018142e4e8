"""A small asyncio POP3 client (RFC 1939, STLS from RFC 2595, SASL from RFC 5034) over streams.

The protocol is a handful of commands, so it is written here rather than run through ``poplib``
in a thread: every reply then waits at most ``timeout`` seconds on the session's event loop, a
Ctrl-C cancels it like any SMTP wait, and the trace masks secrets the way the SMTP trace does.

Nothing is lost (issue 12): DELE only marks; the server removes marked messages when it gets a
clean QUIT, so ``close`` sends QUIT only when asked to commit and otherwise drops the connection
(RFC 1939 §6: a connection that ends without QUIT deletes nothing).
Failures raise :class:`POP3Failure`, whose ``kind`` says what went wrong: timeout, disconnected,
refused (``-ERR``: ``reply`` holds the server's text), auth, protocol, tls.
"""

from __future__ import annotations

import asyncio
import base64
import ssl

from wlmail.mail.connect import LineClient, ReceiveFailure
from wlmail.textsafe import escape

__all__ = ["POP3Client", "POP3Failure", "ReceiveFailure"]


class POP3Failure(ReceiveFailure):
    """A failure of the POP3 exchange."""


class POP3Client(LineClient):
    """One POP3 connection on ``reader``/``writer``; call everything on one event loop."""

    failure = POP3Failure
    capabilities: dict[str, list[str]]

    # ---- the exchange ---------------------------------------------------------------------------
    async def greeting(self) -> str:
        self.stage = "greeting"
        self.capabilities = {}
        return await self._status()

    async def hello(self) -> None:
        await self.greeting()
        await self.capa()

    def offers(self, what: str) -> bool:
        if what == "starttls":
            return "STLS" in self.capabilities
        return what.upper() in self.capabilities.get("SASL", [])

    async def command(self, line: str, *, shown: str | None = None) -> str:
        """Send one command, return the text after ``+OK``; ``-ERR`` raises ``refused``."""
        self.stage = line.split(" ", 1)[0].upper()
        if self.trace is not None:
            self.trace("C: " + (shown if shown is not None else escape(line)))
        await self._send(line.encode("utf-8") + b"\r\n")
        return await self._status()

    async def multiline(self, line: str) -> bytes:
        """A command whose answer is ``+OK`` then lines up to a lone ``.``; dots unstuffed.

        The lines come back joined with CRLF, the final one included, as a message source.
        """
        await self.command(line)
        return await self._body()

    async def pipelined(self, lines: list[str]) -> list[bytes | None]:
        """Several multi-line commands in one write (RFC 2449 PIPELINING), answers read in
        order; ``None`` for a command the server refused (``-ERR``)."""
        if self.trace is not None:
            for line in lines:
                self.trace("C: " + escape(line))
        self.stage = lines[0].split(" ", 1)[0].upper() if lines else "PIPELINING"
        await self._send(b"".join(line.encode() + b"\r\n" for line in lines))
        answers: list[bytes | None] = []
        for _ in lines:
            try:
                await self._status()
            except POP3Failure as failure:
                if failure.kind != "refused":
                    raise
                answers.append(None)
                continue
            answers.append(await self._body())
        return answers

    async def _body(self) -> bytes:
        """The lines of a multi-line answer up to the lone dot, dots unstuffed.

        Read as blocks ending in ``.\\r\\n`` (not line by line: a message of thousands of lines
        costs a few waits, not one per line); the answer starts right after the status line's
        CRLF, which is put back in front so that the terminator is always CRLF "." CRLF.
        """
        acc = bytearray(b"\r\n")
        while True:
            try:
                acc += await self._wait(self.reader.readuntil(b".\r\n"))
            except asyncio.LimitOverrunError as over:  # no dot yet in a full buffer
                acc += await self._wait(self.reader.readexactly(over.consumed))
                continue
            if acc.endswith(b"\r\n.\r\n"):
                break
        del acc[-3:], acc[:2]  # in place: a large message is not copied once more
        data = bytes(acc.replace(b"\r\n..", b"\r\n.") if b"\r\n.." in acc else acc)
        del acc
        if self.trace is not None:
            self.trace(f"S: ({len(data)} bytes)")
        return data

    # ---- commands -------------------------------------------------------------------------------
    async def capa(self) -> dict[str, list[str]]:
        """CAPA (RFC 2449); a server without it simply has no known capabilities."""
        try:
            text = await self.multiline("CAPA")
        except POP3Failure as failure:
            if failure.kind != "refused":
                raise
            text = b""
        caps: dict[str, list[str]] = {}
        for raw in text.decode("ascii", "replace").splitlines():
            words = raw.split()
            if words:
                caps[words[0].upper()] = [w.upper() for w in words[1:]]
        self.capabilities = caps
        return caps

    async def starttls(self, context: ssl.SSLContext, server_hostname: str) -> None:
        """STLS (RFC 2595), then the capabilities again."""
        await self.command("STLS")
        self.stage = "STLS"
        await self._upgrade(context, server_hostname)
        await self.capa()  # capabilities may change once encrypted (RFC 2595 §4)

    async def login(self, user: str, password: str) -> None:
        """USER/PASS, or SASL PLAIN when the server offers it and refuses USER."""
        try:
            await self.command(f"USER {user}")
            await self.command(f"PASS {password}", shown="PASS ****")
        except POP3Failure as failure:
            if failure.kind == "refused":
                raise POP3Failure("auth", failure.reply) from None
            raise

    async def auth_xoauth2(self, user: str, token: str) -> None:
        """SASL XOAUTH2 (Gmail, Outlook): ``user=…\\x01auth=Bearer …\\x01\\x01``, base64."""
        blob = base64.b64encode(f"user={user}\x01auth=Bearer {token}\x01\x01".encode()).decode()
        try:
            await self._sasl("AUTH XOAUTH2", blob)
        except POP3Failure as failure:
            if failure.kind == "refused":
                raise POP3Failure("auth", failure.reply) from None
            raise

    async def stat(self) -> tuple[int, int]:
        words = (await self.command("STAT")).split()
        try:
            return int(words[0]), int(words[1])
        except (IndexError, ValueError):
            raise POP3Failure("protocol", detail="STAT") from None

    async def listing(self, verb: str) -> list[tuple[int, str]]:
        """LIST or UIDL for every message: (number, size or unique id)."""
        entries: list[tuple[int, str]] = []
        for raw in (await self.multiline(verb)).decode("ascii", "replace").splitlines():
            number, _, value = raw.strip().partition(" ")
            if number.isdigit():
                entries.append((int(number), value.strip()))
        return entries

    async def retr(self, number: int) -> bytes:
        return await self.multiline(f"RETR {number}")

    async def top(self, number: int, lines: int = 0) -> bytes:
        return await self.multiline(f"TOP {number} {lines}")

    async def dele(self, number: int) -> None:
        await self.command(f"DELE {number}")

    async def goodbye(self) -> None:
        await self.command("QUIT")  # commits the deletions (RFC 1939 §6)

    # ---- reading ---------------------------------------------------------------------------------
    async def _sasl(self, first: str, response: str) -> str:
        self.stage = "AUTH"
        if self.trace is not None:
            self.trace(f"C: {first}")
        await self._send(first.encode() + b"\r\n")
        raw = await self._line()
        if _challenge(raw):
            if self.trace is not None:
                self.trace("S: +")
                self.trace("C: ****")
            await self._send(response.encode() + b"\r\n")
            raw = await self._line()
            if _challenge(raw):  # an error challenge (JSON for XOAUTH2): end the exchange
                await self._send(b"\r\n")
                raw = await self._line()
        return self._parse_status(raw)

    async def _status(self) -> str:
        return self._parse_status(await self._line())

    def _parse_status(self, raw: bytes) -> str:
        text = raw.decode("utf-8", "replace").rstrip("\r\n")
        if self.trace is not None:
            self.trace("S: " + escape(text))
        if text.startswith("+OK"):
            return text[3:].strip()
        if text.startswith("-ERR"):
            raise POP3Failure("refused", text[4:].strip(), stage=self.stage)
        raise POP3Failure("protocol", text[:200], stage=self.stage)


def _challenge(raw: bytes) -> bool:
    """A SASL continuation ``+ …`` (not ``+OK``, which also starts with a plus)."""
    return raw.startswith(b"+ ") or raw.rstrip(b"\r\n") == b"+"
