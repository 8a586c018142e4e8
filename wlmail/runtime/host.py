"""The host seam: everything a script does to the outside world goes through a Host.

The terminal host writes dialogs per decision 8 (question dialogs without a terminal: issue 15,
see ``builtins/dialogs.py``); tests swap in a capturing host. Mail and OAuth
code run their coroutines on the host's one event loop, so sessions live across statements.
"""

from __future__ import annotations

import sys
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")


def _terminal(text: str) -> str:
    """A script's own text for the terminal: WLangage's line break (CR LF, or a lone CR) becomes
    the terminal's LF; nothing else is touched.

    Ruling (SECURITY.md §6): what a script writes with ``Info``/``Erreur``/``Trace`` or asks with
    a dialog is the script's business, control characters included (``Info(Caract(27) +
    "[1m")`` still makes bold text). Text from outside is made safe before it gets here: when it
    enters a message (``ErreurInfo``, diagnostics: the catalog escapes every value it quotes) or
    in wlmail's own writers (the SMTP trace, the REPL), all through :mod:`wlmail.textsafe`.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


class Host:
    """Terminal I/O and the event loop used by network functions."""

    def __init__(
        self,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        stdin: TextIO | None = None,
        interactive: bool | None = None,
    ) -> None:
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.stdin = stdin or sys.stdin
        self.interactive = self.stdin.isatty() if interactive is None else interactive
        self._loop: asyncio.AbstractEventLoop | None = None  # made on first use: asyncio is slow
        # to import and most scripts never touch the network
        self.options: dict[str, Any] = {}

    # ---- dialogs (decision 8) --------------------------------------------------------------
    def info(self, lines: list[str]) -> None:
        for line in lines:
            self.stdout.write(_terminal(line) + "\n")
        self.stdout.flush()

    def error(self, lines: list[str]) -> None:
        for line in lines:
            self.stderr.write(_terminal(line) + "\n")
        self.stderr.flush()

    def trace(self, text: str) -> None:
        self.stderr.write(_terminal(text) + "\n")
        self.stderr.flush()

    def ask(self, question: str, choices: list[tuple[str, Any]], default: Any) -> Any:
        """Ask on the terminal (the caller checked ``interactive``); an empty line takes
        ``default``; None at the end of input (no answer)."""
        keys = "/".join(label for label, _ in choices)
        while True:
            self.stdout.write(f"{_terminal(question)} [{keys}] ")
            self.stdout.flush()
            answer = self.stdin.readline()
            if not answer:
                return None
            answer = answer.strip().casefold()
            if not answer:
                return default
            for label, value in choices:
                if label.casefold().startswith(answer[:1]):
                    return value

    # ---- event loop ------------------------------------------------------------------------
    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            import asyncio

            self._loop = asyncio.new_event_loop()
        return self._loop

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine to completion on the host's loop."""
        return self.loop.run_until_complete(coro)

    def close(self) -> None:
        hooks = self.options.pop("at_exit", [])
        for hook in reversed(hooks):
            hook()
        if self._loop is not None:
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
            self._loop.close()
            self._loop = None


class CaptureHost(Host):
    """A host that records output (tests, REPL evaluation)."""

    def __init__(self) -> None:
        import io

        self.out = io.StringIO()
        self.err = io.StringIO()
        super().__init__(self.out, self.err, io.StringIO(), interactive=False)
        # nobody will ever open a browser for a captured run: do not wait 300 s for one
        self.options["oauth_timeout"] = 20.0
