"""Helpers of the mail tests (no test here): servers on loopback in a thread, script runner.

Servers run in their own event loop in a daemon thread, so they outlive one script run (the
script's host loop is closed at the end of every run) and serve it while it blocks. They bind
127.0.0.1 only and every test module stops them.

``ScriptedSMTP`` is a deliberately small SMTP server for fault injection: its greeting and its
replies to MAIL, RCPT and DATA can be replaced, it can stay silent, hang up in the middle of DATA
or after each message, and it counts connections.
"""

from __future__ import annotations

import asyncio
import textwrap
import threading
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

from wlmail.runtime.driver import run_source
from wlmail.runtime.host import CaptureHost

T = TypeVar("T")
BIND = "127.0.0.1"
CALL_TIMEOUT = 10.0


class ServerThread:
    """An event loop running in a daemon thread; ``call`` runs a coroutine there."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def call(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(CALL_TIMEOUT)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(CALL_TIMEOUT)
        self.loop.close()


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


def run_wl(source: str, **options: Any) -> Result:
    """Run a WLangage script with host options (connect_to, cafile, timeout, trace)."""
    host = CaptureHost()
    host.options.update(options)
    code = run_source(textwrap.dedent(source), "t.wl", host)
    return Result(code, host.out.getvalue(), host.err.getvalue())


@dataclass
class ScriptedMessage:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes


@dataclass
class ScriptedSMTP:
    """A scriptable SMTP server (plain TCP) for failures a real server rarely produces."""

    greeting: str | None = "220 fault.test ESMTP ready"  # None: accept and never say anything
    mail_reply: str = "250 2.1.0 OK"
    rcpt_replies: dict[str, str] = field(default_factory=dict)  # address → reply
    data_reply: str = "354 End data with <CR><LF>.<CR><LF>"
    end_reply: str = "250 2.0.0 queued"
    drop_during_data: bool = False  # hang up after the content, before the final reply
    close_after_message: bool = False  # hang up (no 221) after each accepted message
    hangup_after_ehlo: set[int] = field(default_factory=set)  # connection numbers (1-based)
    connections: int = 0
    messages: list[ScriptedMessage] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    server: asyncio.Server | None = None
    port: int = 0

    async def start(self) -> ScriptedSMTP:
        self.server = await asyncio.start_server(self._handle, BIND, 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            await self._session(reader, writer, self.connections)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def _session(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, number: int
    ) -> None:
        async def say(line: str) -> None:
            writer.write(line.encode() + b"\r\n")
            await writer.drain()

        if self.greeting is None:
            await reader.read()  # until the client gives up
            return
        await say(self.greeting)
        if not self.greeting.startswith("220"):
            return
        mail_from, rcpts = "", []
        while True:
            line = await reader.readline()
            if not line:
                return
            text = line.decode("ascii", "replace").strip()
            verb = text.split(" ", 1)[0].upper()
            self.commands.append(verb)
            if verb in ("EHLO", "HELO"):
                await say("250-fault.test\r\n250-SIZE 10000000\r\n250 HELP")
                if number in self.hangup_after_ehlo:
                    return  # like an idle timeout between two statements of the script
            elif verb == "MAIL":
                mail_from, rcpts = text.partition(":")[2].split(" ")[0].strip("<>"), []
                await say(self.mail_reply)
            elif verb == "RCPT":
                addr = text.partition(":")[2].strip().strip("<>")
                reply = self.rcpt_replies.get(addr, "250 2.1.5 OK")
                if reply.startswith("250"):
                    rcpts.append(addr)
                await say(reply)
            elif verb == "DATA":
                await say(self.data_reply)
                if not self.data_reply.startswith("354"):
                    continue
                data = await reader.readuntil(b"\r\n.\r\n")
                if self.drop_during_data:
                    return
                if self.end_reply.startswith("250"):
                    self.messages.append(ScriptedMessage(mail_from, rcpts, data[:-3]))
                await say(self.end_reply)
                if self.close_after_message and self.end_reply.startswith("250"):
                    return
            elif verb in ("RSET", "NOOP"):
                await say("250 2.0.0 OK")
            elif verb == "QUIT":
                await say("221 2.0.0 Bye")
                return
            else:
                await say("502 5.5.2 Command not implemented")
