"""The one-shot redirect listener of the authorization code flow (decision 14, RFC 8252 §7.3).

It listens only on the loopback address named by ``URLRedirection`` (``localhost`` means
127.0.0.1 and, when the machine has it, ::1), on its port, and accepts exactly one callback:

* a request for another path (``/favicon.ico``…) gets 404 and is otherwise ignored;
* a callback whose ``state`` is missing or wrong gets 400 and is ignored (it may be forged);
* a callback with the right ``state`` and either ``code`` or ``error`` ends the wait.

Requests are served concurrently (a browser may open idle preconnections) and each one has a short
deadline, so a silent client cannot block the real callback.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import html
import ipaddress
import socket
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from wlmail.oauth.errors import OAuthFailure

__all__ = ["Callback", "CallbackListener", "Redirect", "parse_redirect"]

HEAD_LIMIT = 16 * 1024
REQUEST_DEADLINE = 10.0
CLOSE_DEADLINE = 1.0

_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>wlmail</title></head>
<body style="font-family: sans-serif; margin: 3em">
<h1>{title}</h1><p>{text}</p></body></html>
"""


@dataclass(frozen=True)
class Redirect:
    """A validated ``URLRedirection``: where to listen and which path to accept."""

    url: str
    origin: str  # "http://localhost:9000", as written (the callback URL starts with it)
    host: str
    port: int
    path: str
    bind_hosts: tuple[str, ...]


def parse_redirect(url: str) -> Redirect:
    """Check that ``url`` is ``http://<loopback>[:port][/path]``; raises OAuthFailure."""
    text = url.strip()
    if not text:
        raise OAuthFailure("missing_param", param="redirection_url")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise OAuthFailure("redirect_bad", url=text) from None
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.scheme.lower() != "http" or not host:
        if parts.scheme.lower() == "https":
            raise OAuthFailure("redirect_https", url=text)
        raise OAuthFailure("redirect_bad", url=text)
    if parts.fragment:
        raise OAuthFailure("redirect_bad", url=text)
    if host == "localhost":
        binds: tuple[str, ...] = ("127.0.0.1", "::1")
    else:
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            raise OAuthFailure("redirect_not_loopback", url=text, host=host) from None
        if not address.is_loopback:
            raise OAuthFailure("redirect_not_loopback", url=text, host=host)
        binds = (str(address),)
    origin = f"http://{parts.netloc}"
    return Redirect(text, origin, host, port or 80, parts.path or "/", binds)


@dataclass
class Callback:
    """The accepted callback: its full URL (for authlib) and its query parameters."""

    url: str
    params: dict[str, str] = field(repr=False)

    @property
    def error(self) -> str:
        return self.params.get("error", "")


class CallbackListener:
    """Listen for the redirect of one authorization request (``state`` known in advance)."""

    def __init__(self, redirect: Redirect, state: str, *, any_port: bool = False) -> None:
        self.redirect = redirect
        self.state = state
        self.any_port = any_port
        self.ignored: list[str] = []  # why requests were ignored (tests, trace)
        self._servers: list[asyncio.Server] = []
        self._result: asyncio.Future[Callback] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = redirect.port

    @property
    def address(self) -> tuple[str, int]:
        """(IP, port) actually listened on (the first address when there are two)."""
        return self.redirect.bind_hosts[0], self.port

    async def start(self) -> None:
        """Bind every address of the redirect host; raises OAuthFailure("listen")."""
        loop = asyncio.get_running_loop()
        self._result = loop.create_future()
        port = 0 if self.any_port else self.redirect.port
        for index, host in enumerate(self.redirect.bind_hosts):
            try:
                server = await asyncio.start_server(
                    self._serve, host, port, family=_family(host), reuse_address=True
                )
            except OSError as exc:
                if index > 0:
                    continue  # e.g. no IPv6 on this machine: 127.0.0.1 is enough
                await self.close()
                raise OAuthFailure(
                    "listen",
                    host=self.redirect.host,
                    port=self.redirect.port,
                    detail=exc.strerror or str(exc),
                ) from None
            self._servers.append(server)
            if port == 0:
                port = self.port = server.sockets[0].getsockname()[1]

    async def wait(self, timeout: float) -> Callback:
        """The accepted callback; raises OAuthFailure("timeout") after ``timeout`` seconds."""
        assert self._result is not None, "start() first"
        try:
            return await asyncio.wait_for(asyncio.shield(self._result), timeout)
        except TimeoutError:
            raise OAuthFailure("timeout", seconds=f"{timeout:g}") from None

    def deliver(self, callback: Callback) -> bool:
        """End the wait with a callback obtained otherwise (pasted on the terminal)."""
        if self._result is None or self._result.done():
            return False
        self._result.set_result(callback)
        return True

    async def close(self) -> None:
        servers, self._servers = self._servers, []
        for server in servers:
            server.close()
        for task in list(self._tasks):
            task.cancel()
        for server in servers:
            with contextlib.suppress(Exception):
                await server.wait_closed()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._result is not None and not self._result.done():
            self._result.cancel()

    async def __aenter__(self) -> CallbackListener:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # ---- one HTTP exchange --------------------------------------------------------------
    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            await asyncio.wait_for(self._exchange(reader, writer), REQUEST_DEADLINE)
            writer.close()
            await asyncio.wait_for(writer.wait_closed(), CLOSE_DEADLINE)
        except (
            TimeoutError,
            OSError,
            asyncio.IncompleteReadError,
            asyncio.LimitOverrunError,
            asyncio.CancelledError,
        ):
            # CancelledError too: close() cancels the exchanges still open (a browser's idle
            # preconnection, a close_wait after the answer). A connection task that ends
            # cancelled makes asyncio's StreamReaderProtocol print "Exception in callback …
            # CancelledError" on stderr; this task is ours and nobody awaits its result.
            pass
        finally:
            writer.close()
            if task is not None:
                self._tasks.discard(task)

    async def _exchange(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        if len(head) > HEAD_LIMIT:
            return
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        parts = request_line.split(" ")
        if len(parts) != 3:
            self._respond(writer, 400, "Bad request", "")
            return
        method, target, _version = parts
        if method not in ("GET", "HEAD"):
            self._respond(writer, 405, "Method not allowed", "")
            return
        split = urlsplit(target)
        if split.path != self.redirect.path:
            self.ignored.append(f"path {split.path}")
            self._respond(writer, 404, "Not found", "")
            return
        params = dict(parse_qsl(split.query, keep_blank_values=True))
        state = params.get("state", "")
        if not hmac.compare_digest(state.encode(), self.state.encode()):
            self.ignored.append("state mismatch" if state else "no state")
            self._respond(
                writer,
                400,
                "Requête refusée / Request refused",
                "Paramètre state absent ou incorrect : réponse ignorée. "
                "/ Missing or wrong state parameter: answer ignored.",
            )
            return
        if "code" not in params and "error" not in params:
            self.ignored.append("no code")
            self._respond(writer, 400, "Requête incomplète / Incomplete request", "")
            return
        done = self._result
        if done is None or done.done():
            self._respond(writer, 409, "Déjà reçu / Already received", "")
            return
        if "error" in params:
            self._respond(
                writer,
                200,
                "Autorisation refusée / Authorization refused",
                "Vous pouvez fermer cet onglet. / You can close this tab.",
            )
        else:
            self._respond(
                writer,
                200,
                "Autorisation reçue / Authorization received",
                "Vous pouvez fermer cet onglet et revenir à wlmail. "
                "/ You can close this tab and return to wlmail.",
            )
        done.set_result(Callback(self.redirect.origin + target, params))

    @staticmethod
    def _respond(writer: asyncio.StreamWriter, status: int, title: str, text: str) -> None:
        body = _PAGE.format(title=html.escape(title), text=html.escape(text)).encode("utf-8")
        head = (
            f"HTTP/1.1 {status} {title.encode('ascii', 'replace').decode()}\r\n"
            "Content-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n"
            "Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\n"
            "Connection: close\r\n\r\n"
        )
        writer.write(head.encode("latin-1") + body)


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET
