"""``wlmail repl``: an interactive WLangage console.

This module is the console loop: the prompt, the worker thread, Ctrl-C, the meta-commands and
the entry point. What one input does (parse, run or show a value, ``:charge``) is
:mod:`wlmail.repl.evaluation`.

Threads and loops
-----------------
The prompt runs with ``prompt_async`` on one asyncio loop for the whole session (main thread).
WLangage code never runs on that loop: the Host drives its own event loop with
``run_until_complete``, which cannot nest inside a running loop. Every input is therefore
evaluated on **one dedicated worker thread** (a single-thread executor kept for the session), so
the Host's loop, and any SMTP connection or OAuth client living on it, is created and reused on
the same thread from one input to the next.

Ctrl-C while an input runs: the terminal is back in cooked mode, so the kernel sends SIGINT; a
handler installed on the prompt loop for the duration of the evaluation raises
``KeyboardInterrupt`` *in the worker thread* (``PyThreadState_SetAsyncExc``) and wakes the Host's
loop if it is waiting on the network, so a ``BOUCLE`` or a long send stops and the session stays.
Tasks started by the interrupted input on the Host's loop are cancelled; older ones (an SMTP
session opened earlier) are left alone.
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.history import History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.lexers import PygmentsLexer
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style

from wlmail.catalog import fold, get_catalog
from wlmail.repl.aide import describe
from wlmail.repl.completer import WLCompleter
from wlmail.repl.console_messages import HELP, message
from wlmail.repl.editing import key_bindings, toolbar
from wlmail.repl.evaluation import Evaluation
from wlmail.repl.lexer import WLangageLexer
from wlmail.repl.secrets import history_file, safe_display, terminal_text
from wlmail.repl.validate import WLValidator, examine, is_meta
from wlmail.runtime.host import Host, ProgramExit
from wlmail.textsafe import escape

#: typed alone, these leave the console like ``:quitter`` (what newcomers type first)
LEAVE_WORDS = frozenset({"exit", "quit", "quitter"})

STYLE = Style.from_dict(
    {
        "prompt": "ansigreen bold",
        "continuation": "ansigreen",
        "signature": "",
        "signature.name": "bold",
        "signature.current": "bold underline",
        "signature.summary": "italic",
    }
)


def default_lang() -> str:
    """French when the user's locale is French, English otherwise."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


class Console(Evaluation):
    """One REPL session: an Interpreter, its Host, the worker thread and the prompt (what one
    input does is :class:`~wlmail.repl.evaluation.Evaluation`)."""

    def __init__(
        self,
        host: Host | None = None,
        lang: str | None = None,
        history: History | None = None,
        input: Input | None = None,
        output: Output | None = None,
    ) -> None:
        from wlmail.runtime.driver import Interpreter

        self.host = host or Host()
        self.interp = Interpreter(self.host, "<repl>", None)
        self.pinned_lang = lang
        self.ui_lang = lang or default_lang()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wlmail-eval")
        self._lock = threading.Lock()
        self._worker: int | None = None
        self._running = False
        self.interrupts = 0
        self._secret_member = False  # the value being shown is a secret property (tok.Valeur)
        self._closed = False
        #: set when the program asked to end (FinProgramme: ProgramExit); the console's status
        self.exit_code: int | None = None
        self.completer = WLCompleter(self)
        self._history = history
        self._io = (input, output)
        self._session: PromptSession[str] | None = None

    @property
    def session(self) -> PromptSession[str]:
        """The prompt, made on first use (running from a pipe never needs one)."""
        if self._session is None:
            history = self._history if self._history is not None else history_file()
            self._session = PromptSession(
                message=[("class:prompt", "wl> ")],
                multiline=True,
                key_bindings=key_bindings(self),
                prompt_continuation=lambda width, line, soft: [
                    ("class:continuation", "... ".rjust(width))
                ],
                lexer=PygmentsLexer(WLangageLexer),
                style=STYLE,
                completer=self.completer,
                complete_while_typing=True,
                auto_suggest=AutoSuggestFromHistory(),
                history=history,
                validator=WLValidator(self.lang),
                validate_while_typing=False,
                bottom_toolbar=lambda: toolbar(self),
                enable_open_in_editor=True,
                input=self._io[0],
                output=self._io[1],
            )
        return self._session

    # ---- what the completer sees (read only while no input runs) ----------------------------
    def variables(self) -> dict[str, tuple[str, str, Any]]:
        values = self.interp.rt.globals
        return {
            key: (info.name, info.vtype.id, values.get(key))
            for key, info in list(self.interp.scope.vars.items())
        }

    def procedures(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        out: dict[str, tuple[str, tuple[str, ...]]] = {}
        for key, proc in list(self.interp.rt.procs.items()):
            params = tuple(p.name for p in proc.params or ())
            out[key] = (proc.name, params)
        return out

    # ---- the session -------------------------------------------------------------------------
    async def run(self) -> int:
        """Prompt, evaluate, repeat, until Ctrl-D or ``:quitter``."""
        from wlmail import __version__

        self.host.info([message("banner", self.lang(), version=__version__)])
        try:
            while True:
                try:
                    text = await self.session.prompt_async()
                except KeyboardInterrupt:
                    continue
                except EOFError:
                    break
                if not await self.handle(text):
                    break
        finally:
            await self.close()
        return self.exit_code or 0

    async def handle(self, text: str) -> bool:
        """Run one input; False when the session should end."""
        if not text.strip():
            return True
        if is_meta(text):
            return await self.meta(text.strip())
        if self.is_leave_word(text):
            return False
        await self.in_worker(self.evaluate, text)
        return self.exit_code is None

    def is_leave_word(self, text: str) -> bool:
        """``exit``, ``quit`` or ``quitter`` alone (``()`` allowed) leaves, as in Python 3.13,
        unless the session has a variable of that name."""
        word = text.strip().removesuffix("()").rstrip()
        return fold(word) in LEAVE_WORDS and fold(word) not in self.interp.scope.vars

    def run_lines(self, lines: Iterable[str]) -> int:
        """Without a terminal: gather lines into complete inputs (same rules) and run them."""
        pending: list[str] = []
        loop = asyncio.new_event_loop()
        try:
            for raw in lines:
                pending.append(raw.rstrip("\n"))
                text = "\n".join(pending)
                if examine(text, self.lang()).complete:
                    pending.clear()
                    if not loop.run_until_complete(self.handle(text)):
                        return self.exit_code or 0
            if pending:
                loop.run_until_complete(self.handle("\n".join(pending)))
            return self.exit_code or 0
        finally:
            loop.run_until_complete(self.close())
            loop.close()

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            await self.in_worker(self._close_host)  # Ctrl-C can cut a long wait at exit too
        finally:
            self._executor.shutdown(wait=False)

    def _close_host(self) -> None:
        try:
            self.host.close()
        except Exception as err:  # a hook failing at exit must not show a traceback
            self.host.error([terminal_text(str(err))])

    # ---- running code on the worker ---------------------------------------------------------
    async def in_worker(self, fn: Callable[..., None], *args: Any) -> None:
        """Run ``fn`` on the session's worker thread; Ctrl-C interrupts it, not the session."""
        loop = asyncio.get_running_loop()
        installed = False
        try:
            loop.add_signal_handler(signal.SIGINT, self.interrupt)
            installed = True
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not the main thread, or no signals here: Ctrl-C then only clears the prompt
        try:
            await loop.run_in_executor(self._executor, self._guarded, fn, args)
        except KeyboardInterrupt:  # an interrupt that escaped the worker's own handler
            self.host.error([self.interp.rt.msg("interrupted")])
        finally:
            if installed:
                loop.remove_signal_handler(signal.SIGINT)

    def interrupt(self) -> None:
        """Raise KeyboardInterrupt in the worker if an input is running (safe from any thread)."""
        with self._lock:
            if not self._running or self._worker is None:
                return
            self.interrupts += 1
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(self._worker), ctypes.py_object(KeyboardInterrupt)
            )
        loop: asyncio.AbstractEventLoop | None = getattr(self.host, "_loop", None)
        if loop is not None and loop.is_running():
            loop.call_soon_threadsafe(lambda: None)  # wake a select() waiting for the network

    def _guarded(self, fn: Callable[..., None], args: tuple[Any, ...]) -> None:
        before = self._host_tasks()
        try:
            try:
                with self._lock:
                    self._worker, self._running = threading.get_ident(), True
                fn(*args)
            finally:
                with self._lock:
                    self._running = False
            _settle()
        except (KeyboardInterrupt, asyncio.CancelledError):
            self._cancel_new_tasks(before)
            self.host.error([self.interp.rt.msg("interrupted")])
        except ProgramExit as end:  # FinProgramme/EndProgram: the session ends with its status
            self.exit_code = end.status

    def _host_tasks(self) -> set[asyncio.Task[Any]]:
        loop: asyncio.AbstractEventLoop | None = getattr(self.host, "_loop", None)
        if loop is None or loop.is_closed():
            return set()
        return set(asyncio.all_tasks(loop))

    def _cancel_new_tasks(self, before: set[asyncio.Task[Any]]) -> None:
        """Cancel what the interrupted input started on the Host's loop (a send, an OAuth wait)."""
        loop: asyncio.AbstractEventLoop | None = getattr(self.host, "_loop", None)
        if loop is None or loop.is_closed() or loop.is_running():
            return
        pending = [t for t in asyncio.all_tasks(loop) if t not in before and not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            try:
                loop.run_until_complete(asyncio.wait(pending, timeout=2))
            except BaseException:  # an interrupt during the clean-up: leave the rest
                pass

    # ---- meta-commands -----------------------------------------------------------------------
    async def meta(self, line: str) -> bool:
        command, _, arg = line.partition(" ")
        command, arg = command.lower(), arg.strip()
        lang = self.lang()
        if command in (":quitter", ":quit", ":q", ":exit", ":sortir"):
            return False
        if command in (":aide", ":help", ":h", ":?"):
            self.host.info([self.help(arg, lang)])
        elif command == ":vars":
            self.host.info([terminal_text(line) for line in self.vars_lines(lang)])
        elif command in (":charge", ":load"):
            if not arg:
                self.host.error([message("load_usage", lang)])
            else:
                await self.in_worker(self.load, arg.strip('"'))
        elif command in (":langue", ":lang", ":language"):
            if arg.lower() in ("fr", "en"):
                self.pinned_lang = self.ui_lang = arg.lower()
                self.interp.lang = self.pinned_lang
                self.host.info([message("lang_set", self.pinned_lang)])
            else:
                self.host.error([message("lang_usage", lang)])
        else:
            self.host.error([message("unknown_command", lang, name=command)])
        return True

    def vars_lines(self, lang: str) -> list[str]:
        cat = get_catalog()
        lines = []
        for name, type_id, value in self.variables().values():
            entry = cat.types.get(type_id)
            type_name = entry.name(lang) if entry else type_id
            lines.append(f"{name} ({type_name}) = {safe_display(value, name)}")
        return lines or [message("no_vars", lang)]

    def help(self, name: str, lang: str) -> str:
        if not name:
            return HELP[lang]
        return describe(name, lang, self) or message("not_found", lang, name=name)


def _settle() -> None:
    """A Python call: an interrupt sent just as the input ended is delivered here at the
    latest, inside the handler, never in the executor's own code."""


# ---- entry point -------------------------------------------------------------------------------
def make_host(options: Any) -> Host:
    """A terminal Host configured from command-line options (like ``wlmail run``)."""
    host = Host()
    host.options.update(
        connect_to=getattr(options, "connect_to", None) or [],
        cafile=getattr(options, "cafile", None),
        timeout=getattr(options, "timeout", None),
        answer=getattr(options, "answer", None),
        trace=bool(getattr(options, "trace", False)),
        no_browser=bool(getattr(options, "no_browser", False)),
    )
    return host


def main(options: Any = None, host: Host | None = None) -> int:
    """``wlmail repl``: ``options`` is the argparse namespace (``lang``, ``connect_to``,
    ``cafile``, ``timeout``, ``trace``, ``sandbox``, ``outbox``); pass ``host`` to use one
    already set up."""
    if host is None:
        host = make_host(options)
        if getattr(options, "sandbox", False):
            from wlmail.sandbox.run import SandboxUnavailable, start_sandbox

            try:  # no script to scan: a certificate for any name the session asks for
                start_sandbox(
                    host, "", getattr(options, "outbox", None), on_demand_certificates=True
                )
            except SandboxUnavailable as err:
                print(escape(f"wlmail: {err}"), file=sys.stderr)
                host.close()
                return 70
    lang = getattr(options, "lang", None)
    if not sys.stdin.isatty():
        console = Console(host, lang, history=InMemoryHistory())
        return console.run_lines(sys.stdin)
    console = Console(host, lang)
    try:
        return asyncio.run(console.run())
    except KeyboardInterrupt:  # a Ctrl-C between two prompts
        return 130
