"""Logging in where no browser runs: is there one, and the address pasted on the terminal.

Rulings (README, "OAuth on servers and in cron"):

* a browser **can be opened** when ``BROWSER`` is set, or when there is a display
  (``DISPLAY``/``WAYLAND_DISPLAY``; always on macOS and Windows) and :mod:`webbrowser` finds
  one. Console browsers (lynx, w3m…) that :mod:`webbrowser` would start without a display are
  not used: the terminal is better spent on pasting. ``--no-browser`` says there is none;
* with no browser and a **terminal** (standard input is a TTY), the URL is printed and the user
  may paste, on that terminal, the address the browser ended on
  (``http://localhost:9000/?code=…&state=…``, even when that page failed to load) or the bare
  code; the loopback listener keeps listening meanwhile, whichever comes first wins. A pasted
  address must carry the login's ``state`` (checked in constant time); a bare code is bound to
  the login by PKCE, whose verifier never left this process;
* with **neither** a browser nor a terminal (cron, a service), ``AuthIdentifie`` fails at once:
  nobody can log in, and waiting 300 s for nobody helps no one.
"""

from __future__ import annotations

import asyncio
import hmac
import os
import sys
import webbrowser
from collections.abc import AsyncIterator, Callable
from urllib.parse import parse_qsl, urlencode, urlsplit

from wlmail.oauth.listener import Callback, Redirect

__all__ = ["browser_available", "pasted_callback", "read_lines"]

LINE_LIMIT = 16 * 1024


def browser_available(environ: dict[str, str] | None = None) -> bool:
    """True when :func:`webbrowser.open` can show a page to someone (see the module rulings)."""
    env = os.environ if environ is None else environ
    if env.get("BROWSER", "").strip():
        return True
    if sys.platform not in ("darwin", "win32") and not (
        env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")
    ):
        return False
    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True


async def read_lines(fd: int) -> AsyncIterator[str]:
    """The lines typed (or pasted) on the terminal ``fd``, read without blocking the loop.

    Uses the loop's reader callbacks, so nothing is left reading the terminal once the login is
    over (a thread blocked in ``readline`` would eat the script's next input). Ends at EOF.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[bytes] = asyncio.Queue()

    def readable() -> None:
        try:
            chunk = os.read(fd, 4096)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        if not chunk:
            loop.remove_reader(fd)
        queue.put_nowait(chunk)

    try:
        loop.add_reader(fd, readable)
    except (NotImplementedError, OSError, ValueError):  # e.g. Windows' proactor loop
        return  # no pasting; the loopback listener still works
    pending = b""
    try:
        while True:
            chunk = await queue.get()
            if not chunk:
                if pending.strip():
                    yield pending.decode("utf-8", "replace")
                return
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                yield line.decode("utf-8", "replace")
            if len(pending) > LINE_LIMIT:
                pending = b""
    finally:
        loop.remove_reader(fd)


def pasted_callback(text: str, redirect: Redirect, state: str) -> Callback | str:
    """The callback a pasted line stands for, or why it is refused (``"state"``, ``"empty"``,
    ``"not_redirect"``, ``"no_code"``).

    Accepted: the redirect address with its query (any loopback host spelling, the path of
    ``URLRedirection``), the query alone (``?code=…&state=…``), or a bare code.
    """
    line = "".join(ch for ch in text.strip() if ch.isprintable())
    if not line:
        return "empty"
    if "://" in line or line.startswith(("?", "/")) or ("code=" in line and "&" in line):
        parts = urlsplit(line if "://" in line or line.startswith("/") else "/" + line)
        query = parts.query or (parts.path.lstrip("/?") if "=" in parts.path else "")
        if "://" in line and (parts.path or "/") != redirect.path:
            return "not_redirect"
        params = dict(parse_qsl(query, keep_blank_values=True))
        if not hmac.compare_digest(params.get("state", "").encode(), state.encode()):
            return "state"
        if "code" not in params and "error" not in params:
            return "no_code"
        return Callback(f"{redirect.origin}{redirect.path}?{urlencode(params)}", params)
    if any(ch.isspace() for ch in line) or len(line) > 4096:
        return "no_code"
    params = {"code": line, "state": state}
    return Callback(f"{redirect.origin}{redirect.path}?{urlencode(params)}", params)


def on_terminal(fd: int | None) -> Callable[[], AsyncIterator[str]] | None:
    """A line source for :func:`read_lines` on ``fd``, or None without a terminal."""
    if fd is None:
        return None
    return lambda: read_lines(fd)
