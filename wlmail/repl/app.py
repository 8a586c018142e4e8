"""``wlmail repl``: an interactive WLangage console.

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
import re
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app_or_none
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.buffer import CompletionState
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.completion.base import get_common_complete_suffix
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.lexers import PygmentsLexer
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style

from wlmail.catalog import fold, get_catalog
from wlmail.errors import WLError, WLRuntimeError, WLSyntaxError
from wlmail.help import MESSAGES as HELP_MESSAGES
from wlmail.help import catalog_help, type_name
from wlmail.repl.completer import WLCompleter, signal_lang, signature
from wlmail.repl.lexer import WLangageLexer
from wlmail.repl.validate import INDENT, WLValidator, examine, indentation, is_meta, line_kind
from wlmail.runtime.host import Host, ProgramExit
from wlmail.textsafe import escape

SECRET_NAME = re.compile(r"motdepasse|password|passwd|pwd|secret|token|jeton|apikey|cleapi")
_SECRET_ASSIGN = re.compile(SECRET_NAME.pattern + r"\w*\s*=\s*\"")
MASK = "********"

#: typed alone, these leave the console like ``:quitter`` (what newcomers type first)
LEAVE_WORDS = frozenset({"exit", "quit", "quitter"})

MESSAGES: dict[str, dict[str, str]] = {
    "banner": {
        "fr": "wlmail {version}, console WLangage. « :aide » pour l'aide, Ctrl-D pour quitter.",
        "en": "wlmail {version}, WLangage console. ':help' for help, Ctrl-D to quit.",
    },
    "unknown_command": {
        "fr": "commande inconnue : {name} (« :aide » les liste)",
        "en": "unknown command: {name} (':help' lists them)",
    },
    "not_found": {
        "fr": "« {name} » : ni fonction, ni type, ni propriété, ni mot-clé connus",
        "en": "'{name}' is not a known function, type, property or keyword",
    },
    "no_vars": {"fr": "aucune variable", "en": "no variables"},
    "lang_set": {"fr": "langue : français", "en": "language: English"},
    "lang_usage": {"fr": "usage : :langue fr|en", "en": "usage: :lang fr|en"},
    "load_usage": {"fr": "usage : :charge FICHIER", "en": "usage: :load FILE"},
    "file_error": {"fr": "{path} : {error}", "en": "{path}: {error}"},
    "hint": {
        "fr": " Entrée : exécuter · Échap Entrée : forcer · Tab : compléter · :aide"
        " · Ctrl-D : quitter",
        "en": " Enter: run · Esc Enter: force · Tab: complete · :help · Ctrl-D: quit",
    },
    **HELP_MESSAGES,
}

HELP: dict[str, str] = {
    "fr": """\
Touches
  Entrée          exécute si la saisie est complète ; dans un bloc ouvert (SI, POUR, SELON,
                  PROCÉDURE…), va à la ligne avec l'indentation ; une PROCÉDURE se termine
                  par une ligne vide
  Échap Entrée    (Meta+Entrée) exécute tout de suite
  Tab             complète (mots-clés, fonctions, types, constantes, variable. → propriétés,
                  chemins dans les chaînes) ; en début de ligne, indente
  → ou Ctrl-E     accepte la suggestion grisée (historique)
  ↑ ↓, Ctrl-R     historique
  Ctrl-X Ctrl-E   édite la saisie dans $EDITOR
  Ctrl-C          efface la saisie ; pendant une exécution, l'interrompt
  Ctrl-D          quitte (sur une ligne vide)
Commandes
  :aide NOM       l'entrée du catalogue : noms français et anglais, paramètres, statut
  :vars           les variables et leurs valeurs (mots de passe et jetons masqués)
  :charge FICHIER exécute un fichier .wl dans la session
  :langue fr|en   langue des messages et de la complétion
  :quitter        quitte (comme Ctrl-D, exit ou quit)
Une expression seule affiche sa valeur : 2 + 3 affiche 5.""",
    "en": """\
Keys
  Enter           runs when the input is complete; inside an open block (IF, FOR, SWITCH,
                  PROCEDURE…), starts a new indented line; a PROCEDURE ends with an empty line
  Esc Enter       (Meta+Enter) runs now
  Tab             completes (keywords, functions, types, constants, variable. → properties,
                  paths inside strings); at the start of a line, indents
  → or Ctrl-E     accepts the greyed suggestion (history)
  Up Down, Ctrl-R history
  Ctrl-X Ctrl-E   edits the input in $EDITOR
  Ctrl-C          clears the input; while something runs, interrupts it
  Ctrl-D          quits (on an empty line)
Commands
  :help NAME      the catalog entry: French and English names, parameters, status
  :vars           variables and their values (passwords and tokens masked)
  :load FILE      runs a .wl file in this session
  :lang fr|en     language of messages and completion
  :quit           quits (like Ctrl-D, exit or quit)
A lone expression prints its value: 2 + 3 prints 5.""",
}

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


def message(msg_id: str, lang: str, **values: object) -> str:
    texts = MESSAGES[msg_id]
    safe = {k: v if isinstance(v, int | float) else escape(str(v)) for k, v in values.items()}
    return (texts.get(lang) or texts["en"]).format(**safe)


def terminal_text(text: str) -> str:
    """What the REPL itself writes about a value: line breaks kept, every control character,
    escape sequence and bidi override shown escaped (textsafe), whoever made the value."""
    return escape(text.replace("\r\n", "\n"), newlines=True)


def default_lang() -> str:
    """French when the user's locale is French, English otherwise."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def is_secret_name(name: str) -> bool:
    return SECRET_NAME.search(fold(name)) is not None


def safe_display(value: Any, name: str = "") -> str:
    """``display`` with passwords and tokens masked (by name, and by the object itself)."""
    from wlmail.oauth.token import PrivateBytes
    from wlmail.runtime.values import WLArray, WLAssoc, WLStruct, display

    if name and is_secret_name(name) and value not in (None, ""):
        return MASK
    if isinstance(value, PrivateBytes):  # made by Sérialise: holds tokens and client secrets
        return MASK
    if isinstance(value, WLStruct):
        inner = ", ".join(
            f"{value.names[k]}={safe_display(v, value.names[k])}" for k, v in value.fields.items()
        )
        return f"{value.type_name}({inner})"
    if isinstance(value, WLArray):
        return "[" + ", ".join(safe_display(v, name) for v in value.items) + "]"
    if isinstance(value, WLAssoc):
        items = ", ".join(f"{k!r}: {safe_display(v, str(k))}" for k, v in value.items.items())
        return "{" + items + "}"
    return display(value)


def _is_secret_member(rt: Any, obj: Any, key: str) -> bool:
    """``obj.key`` is a property its object keeps secret (``AuthToken.Valeur``…)."""
    secret: frozenset[str] = getattr(obj, "secret_props", frozenset())
    entry = rt.catalog.prop(getattr(obj, "wl_type", ""), key) if secret else None
    return entry is not None and entry.id.partition(".")[2] in secret


class PrivateHistory(FileHistory):
    """File history that keeps inputs assigning a literal password or token in memory only."""

    def store_string(self, string: str) -> None:
        if _SECRET_ASSIGN.search(fold(string)):
            return
        super().store_string(string)


def history_file() -> History:
    """History in the user's state directory (``platformdirs``), private to the user."""
    try:
        import platformdirs

        directory = Path(platformdirs.user_state_dir("wlmail"))
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / "repl_history"
        os.close(os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600))
        return PrivateHistory(str(path))
    except OSError:
        return InMemoryHistory()


class Console:
    """One REPL session: an Interpreter, its Host, the worker thread and the prompt."""

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
                key_bindings=self._key_bindings(),
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
                bottom_toolbar=self._toolbar,
                enable_open_in_editor=True,
                input=self._io[0],
                output=self._io[1],
            )
        return self._session

    # ---- what the completer sees (read only while no input runs) ----------------------------
    def lang(self) -> str:
        return self.pinned_lang or self.ui_lang

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

    # ---- key bindings ------------------------------------------------------------------------
    def _key_bindings(self) -> KeyBindings:
        kb = KeyBindings()
        lang = self.lang

        @kb.add("enter")
        def _enter(event: KeyPressEvent) -> None:
            buf = event.current_buffer
            state = buf.complete_state
            if state is not None and state.current_completion is not None:
                buf.complete_state = None  # Enter on a chosen completion just keeps it
                return
            _reindent_current_line(buf)
            doc = buf.document
            if not doc.text_after_cursor.strip() and examine(doc.text, lang()).complete:
                buf.validate_and_handle()
                return
            _newline(buf)

        @kb.add("escape", "enter")
        def _force(event: KeyPressEvent) -> None:
            event.current_buffer.validate_and_handle()

        at_line_start = Condition(_current_app_line_blank)

        @kb.add("tab", filter=at_line_start)
        def _indent(event: KeyPressEvent) -> None:
            event.current_buffer.insert_text(INDENT)

        @kb.add("tab", filter=~at_line_start)
        def _complete(event: KeyPressEvent) -> None:
            # Synchronous: prompt_toolkit drops a Tab that arrives while the completion started
            # by typing is still running, which a fast typist or a paste easily does.
            buf = event.current_buffer
            if buf.complete_state is not None:
                buf.complete_next()
                return
            event_ = CompleteEvent(completion_requested=True)
            found = list(self.completer.get_completions(buf.document, event_))
            if len(found) == 1:
                buf.apply_completion(found[0])
                return
            common = get_common_complete_suffix(buf.document, found) if found else ""
            if common:
                buf.insert_text(common)
            elif found:
                buf.complete_state = CompletionState(buf.document, found)
                buf.go_to_completion(0)

        @kb.add("backspace", filter=at_line_start)
        def _dedent(event: KeyPressEvent) -> None:
            buf = event.current_buffer
            before = buf.document.current_line_before_cursor
            width = len(before) % len(INDENT) or len(INDENT)
            buf.delete_before_cursor(min(width, len(before)) or 1)

        return kb

    def _toolbar(self) -> StyleAndTextTuples:
        app = get_app_or_none()
        if app is None:
            return []
        doc = app.current_buffer.document
        lang = self.completer.lang_of(doc.text)
        sig = signature(doc.text_before_cursor, self, lang)
        return sig or [("", message("hint", self.lang()))]

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

    # ---- evaluation (worker thread) ---------------------------------------------------------
    def _lang_for(self, text: str) -> str:
        if self.pinned_lang:
            return self.pinned_lang
        found = signal_lang(text)
        if found:
            self.ui_lang = found
        return found or self.ui_lang

    def evaluate(self, text: str) -> None:
        """Run one input: statements, or a lone expression whose value is printed."""
        lang = self._lang_for(text)
        self.interp.lang = lang
        try:
            self._evaluate(text, lang)
        except WLError as err:
            from wlmail.runtime.driver import report

            report(self.host, err, text, lang)
        except Exception as err:  # never a traceback for anything typed
            self._internal_error(err)

    def _evaluate(self, text: str, lang: str) -> None:
        from wlmail.syntax import nodes as n
        from wlmail.syntax.parser import parse_expression, parse_program

        try:
            program = parse_program(text, "<repl>", lang=lang)
        except WLSyntaxError as err:
            try:
                node = parse_expression(text.strip(), "<repl>", lang=lang)
            except WLSyntaxError:
                raise err from None
            self._show(node, self._value(node, lang))
            return
        body = program.body
        if not program.procs and len(body) == 1 and isinstance(body[0], n.ExprStmt):
            expr = body[0].expr
            if not isinstance(expr, n.Name) or self._is_value_name(expr.key):
                self._show(expr, self._value(expr, lang))
                return
        self.interp.execute(text)

    def is_leave_word(self, text: str) -> bool:
        """``exit``, ``quit`` or ``quitter`` alone (``()`` allowed) leaves, as in Python 3.13,
        unless the session has a variable of that name."""
        word = text.strip().removesuffix("()").rstrip()
        return fold(word) in LEAVE_WORDS and fold(word) not in self.interp.scope.vars

    def _is_value_name(self, key: str) -> bool:
        """A name whose value can be shown: a variable, a constant, ``ErreurDétectée``…"""
        if key in self.interp.scope.vars:
            return True
        cat = get_catalog()
        function = cat.function(key)
        return cat.constant(key) is not None or (function is not None and function.variable)

    def _value(self, node: Any, lang: str) -> Any:
        """Evaluate an expression node against the session's globals."""
        from wlmail.runtime.compiler import Compiler
        from wlmail.runtime.state import Frame
        from wlmail.runtime.values import WLFault
        from wlmail.syntax import nodes as n
        from wlmail.syntax.parser import parse_program

        rt = self.interp.rt
        rt.lang = lang
        compiler = Compiler(rt, parse_program("", "<repl>", lang=lang), self.interp.scope)
        fn = compiler.expr(node)
        self._secret_member = False
        if isinstance(node, n.Member):  # evaluate the object once, and see whose member it is
            target = compiler.expr(node.target)

            def fn(f: Frame) -> Any:
                obj = target(f)
                value = rt.get_member(obj, node.key, node.name)
                self._secret_member = _is_secret_member(rt, obj, node.key)
                return value

        try:
            return fn(Frame(rt.globals))
        except WLRuntimeError as err:
            if not err.line:
                err.line, err.column = node.line, node.col
            err.filename = err.filename or "<repl>"
            if isinstance(err, WLFault) and err.message == err.msg_id:
                err.message = rt.msg(err.msg_id, **err.values)
            raise
        except RecursionError:
            fault = WLFault("stack_overflow")
            fault.message, fault.line, fault.column = rt.msg("stack_overflow"), node.line, node.col
            raise fault from None

    def _show(self, node: Any, value: Any) -> None:
        from wlmail.syntax import nodes as n

        if value is None and isinstance(node, n.Call):
            return  # a procedure or function without a result: nothing to show
        name = node.name if isinstance(node, n.Member | n.Name) else ""
        if self._secret_member and value not in (None, "", b""):
            self.host.info([MASK])
            return
        self.host.info([terminal_text(safe_display(value, name))])

    def _internal_error(self, err: Exception) -> None:
        self.host.error(
            [self.interp.rt.msg("internal_error", error=f"{type(err).__name__}: {err}")]
        )
        if os.environ.get("WLMAIL_DEBUG"):
            self.host.error([terminal_text("".join(traceback.format_exception(err)))])

    def load(self, path: str) -> None:
        """``:charge``: run a whole file in the session (worker thread)."""
        from wlmail.runtime.driver import report

        lang = self.lang()
        try:
            data = Path(path).expanduser().read_bytes()
        except OSError as err:
            self.host.error([message("file_error", lang, path=path, error=err.strerror or err)])
            return
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        lang = self._lang_for(text)
        interp, rt = self.interp, self.interp.rt
        saved = interp.filename, rt.filename, interp.lang
        interp.filename = rt.filename = path
        interp.lang = lang
        try:
            interp.execute(text)
        except WLError as err:
            report(self.host, err, text, lang)
        except Exception as err:
            self._internal_error(err)
        finally:
            interp.filename, rt.filename, interp.lang = saved

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


# ---- :aide -------------------------------------------------------------------------------------
def describe(name: str, lang: str, console: Console | None = None) -> str:
    """The catalog entries matching ``name`` (any spelling, ``Type.Propriété`` too), else the
    console's variable or procedure of that name."""
    found = catalog_help(name, lang)
    if console is not None and not found:
        found += _describe_local(fold(name.strip()), lang, console)
    return "\n\n".join(found)


def _describe_local(key: str, lang: str, console: Console) -> list[str]:
    var = console.variables().get(key)
    if var is not None:
        name, type_id, value = var
        kind = message("kind_variable", lang)
        shown = terminal_text(safe_display(value, name))
        return [f"{name}: {kind} ({type_name(type_id, lang)}) = {shown}"]
    proc = console.procedures().get(key)
    if proc is not None:
        return [f"{proc[0]}({', '.join(proc[1])}): {message('kind_procedure', lang)}"]
    return []


def _settle() -> None:
    """A Python call: an interrupt sent just as the input ended is delivered here at the
    latest, inside the handler, never in the executor's own code."""


# ---- editing helpers ---------------------------------------------------------------------------
def _current_app_line_blank() -> bool:
    app = get_app_or_none()
    if app is None:
        return False
    doc = app.current_buffer.document
    before = doc.current_line_before_cursor
    return bool(before) and not before.strip()


def _reindent_current_line(buf: Any) -> None:
    """``FIN``, ``SINON``, ``CAS``… typed one level too deep move back to their block's column."""
    doc = buf.document
    line = doc.current_line
    if line_kind(line) not in ("end", "middle", "case", "proc"):
        return
    lines = doc.lines[: doc.cursor_position_row + 1]
    depth, _ = indentation(lines)
    stripped = line.lstrip()
    wanted = INDENT * depth
    if line[: len(line) - len(stripped)] == wanted:
        return
    col = doc.cursor_position_col
    start = doc.cursor_position - col
    new_col = max(col - (len(line) - len(stripped)) + len(wanted), len(wanted))
    buf.text = buf.text[:start] + wanted + stripped + buf.text[start + len(line) :]
    buf.cursor_position = start + new_col


def _newline(buf: Any) -> None:
    """A new line indented for the blocks still open above it."""
    doc = buf.document
    lines = doc.text_before_cursor.split("\n")
    _, depth = indentation(lines)
    buf.insert_text("\n" + INDENT * depth)


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
