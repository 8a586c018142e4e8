"""The host seam: everything a script does to the outside world goes through a Host.

The terminal host writes dialogs per decision 8 (question dialogs without a terminal: issue 15,
see ``builtins/dialogs.py``); tests swap in a capturing host. Mail and OAuth
code run their coroutines on the host's one event loop, so sessions live across statements.

Signals (SECURITY.md §2): while a coroutine runs, Ctrl-C (SIGINT) and, under ``wlmail run``,
SIGTERM cancel it at its current ``await`` instead of raising in the middle of the loop's
machinery; :meth:`Host.run` then raises :class:`KeyboardInterrupt` (:class:`Terminated` for
SIGTERM) once the coroutine has unwound, at most :data:`UNWIND` seconds later. A handler someone
else installed (an embedding application) is left alone.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")

#: seconds a cancelled coroutine (or the tasks left at close) may take to unwind
UNWIND = 0.8

# The C functions under ``signal.signal``/``getsignal``: the same, without the conversions of
# handlers to enums (ten times the cost of the call, and :meth:`Host.run` sets and restores two
# handlers at every network wait: 15 us of each message a synchronous loop sends).
_C_SIGNAL = sys.modules.get("_signal")
_getsignal: Callable[[int], Any] = getattr(_C_SIGNAL, "getsignal", signal.getsignal)
_setsignal: Callable[[int, Any], Any] = getattr(_C_SIGNAL, "signal", signal.signal)


class Terminated(KeyboardInterrupt):
    """SIGTERM under ``wlmail run``: stops the program like Ctrl-C, exit code 143."""


class ProgramExit(SystemExit):
    """Ends the program with an exit status chosen by the script (the seam for
    ``FinProgramme``/``EndProgram``): a SystemExit, so neither ``QUAND EXCEPTION`` nor the
    mail code's ``except Exception`` stops it; ``run_source`` closes sessions, then exits with
    :attr:`status` (an exported program, which has no ``run_source``, simply exits with it)."""

    def __init__(self, status: int = 0) -> None:
        super().__init__(status)
        self.status = status


class Outcome:
    """What decides the exit status of a run besides fatal errors (README, "Exit codes")."""

    def __init__(self) -> None:
        #: an exit status the script set without stopping (None: the usual 0)
        self.exit_code: int | None = None
        #: ``Erreur()`` dialogs displayed (a failure for ``--strict``)
        self.errors_shown = 0
        #: the last non-fatal failure (``Faux`` + ``ErreurInfo``) the script never looked at
        #: with ``ErreurDétectée``/``ErreurInfo`` ("" when none; a failure for ``--strict``)
        self.unseen_failure = ""


def raise_terminated(signum: int, frame: object) -> None:
    """The SIGTERM handler of ``wlmail run`` (outside network waits)."""
    raise Terminated()


def interruption_id(exc: BaseException) -> str:
    """Message id of the line that says the program was stopped."""
    return "terminated" if isinstance(exc, Terminated) else "interrupted"


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
        #: the interruption already told to the user (the exit code follows it)
        self.interrupted: KeyboardInterrupt | None = None
        #: a signal ended a network wait: the exit hooks start no new wait (no exit drain)
        self.wait_interrupted = False
        #: what the exit status depends on (``--strict``, ``FinProgramme``)
        self.outcome = Outcome()

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
        """Run a coroutine to completion on the host's loop; a signal cancels it (see above)."""
        loop = self.loop
        task = loop.create_task(coro)
        caught: list[KeyboardInterrupt] = []
        try:
            with _cancel_on_signals(loop, task, caught):
                result = loop.run_until_complete(task)
        except BaseException as exc:
            if not task.done() and not caught:  # raised into the loop (REPL worker thread…)
                _unwind(loop, [task])
            if caught:
                self.wait_interrupted = True
                raise caught[0] from None
            if isinstance(exc, KeyboardInterrupt):
                self.wait_interrupted = True
            raise
        if caught:  # the coroutine swallowed its cancellation: the program still stops
            self.wait_interrupted = True
            raise caught[0]
        return result

    def interrupt(self, exc: KeyboardInterrupt, line: str) -> None:
        """Say once (``line``) that the program was stopped by ``exc``."""
        if self.interrupted is None:
            self.interrupted = exc
            self.error([line])

    def close(self) -> None:
        """Run the exit hooks, then cancel what is left on the loop and close it.

        An interruption during a hook does not skip the others; it is raised again at the end.
        """
        hooks = self.options.pop("at_exit", [])
        stopped: KeyboardInterrupt | None = None
        for hook in reversed(hooks):
            try:
                hook()
            except KeyboardInterrupt as exc:
                stopped = stopped or exc
        loop, self._loop = self._loop, None
        if loop is not None:
            import asyncio

            try:
                _unwind(loop, [t for t in asyncio.all_tasks(loop) if not t.done()])
                loop.run_until_complete(loop.shutdown_asyncgens())
            except KeyboardInterrupt as exc:
                stopped = stopped or exc
            finally:
                loop.close()
        if stopped is not None:
            raise stopped


def _handler_for(signum: int) -> Any:
    """The handler that stands for "raise" for this signal, or None when signals are not ours."""
    if threading.current_thread() is not threading.main_thread():
        return None
    current = _getsignal(signum)
    ours = signal.default_int_handler if signum == signal.SIGINT else raise_terminated
    return current if current is ours else None


@contextmanager
def _cancel_on_signals(
    loop: asyncio.AbstractEventLoop, task: asyncio.Task[Any], caught: list[KeyboardInterrupt]
) -> Iterator[None]:
    """While ``task`` runs: the first SIGINT/SIGTERM cancels it and is recorded in ``caught``;
    if it has not unwound :data:`UNWIND` s later, or at a second signal, the loop is stopped."""
    previous: dict[int, Any] = {}

    def give_up() -> None:
        if not task.done():
            loop.stop()  # run_until_complete raises RuntimeError: the interruption wins

    def on_signal(signum: int, frame: object) -> None:
        if caught:
            loop.call_soon_threadsafe(give_up)
            return
        caught.append(KeyboardInterrupt() if signum == signal.SIGINT else Terminated())
        task.cancel()
        loop.call_soon_threadsafe(loop.call_later, UNWIND, give_up)  # also wakes select()

    for signum in (signal.SIGINT, signal.SIGTERM):
        handler = _handler_for(signum)
        if handler is not None:
            previous[signum] = handler
            _setsignal(signum, on_signal)
    try:
        yield
    finally:
        for number, handler in previous.items():
            _setsignal(number, handler)


def _unwind(loop: asyncio.AbstractEventLoop, tasks: list[asyncio.Task[Any]]) -> None:
    """Cancel ``tasks`` and give them :data:`UNWIND` s to finish; their outcome is consumed
    (no "Task exception was never retrieved" at exit)."""
    import asyncio

    if loop.is_closed() or loop.is_running():
        return
    for task in tasks:
        task.cancel()
    if tasks:
        gathered = asyncio.wait(tasks, timeout=UNWIND)
        caught: list[KeyboardInterrupt] = []
        waiter = loop.create_task(gathered)
        try:
            with _cancel_on_signals(loop, waiter, caught):
                loop.run_until_complete(waiter)
        except (RuntimeError, asyncio.CancelledError):
            pass
        if caught:
            raise caught[0]
    for task in tasks:
        if task.done() and not task.cancelled():
            task.exception()


class CaptureHost(Host):
    """A host that records output (tests, REPL evaluation)."""

    def __init__(self) -> None:
        import io

        self.out = io.StringIO()
        self.err = io.StringIO()
        super().__init__(self.out, self.err, io.StringIO(), interactive=False)
        # nobody will ever open a browser for a captured run: do not wait 300 s for one
        self.options["oauth_timeout"] = 20.0
