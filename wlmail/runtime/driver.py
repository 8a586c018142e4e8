"""Run a script: parse, compile, execute, and turn every failure into a message and exit code.

Exit codes (decision 9): 0 done (also after RETOUR at top level), 65 syntax error, 70 uncaught
fatal error, 130 interrupted by Ctrl-C (SIGINT), 143 stopped by SIGTERM (``wlmail run``). A script
never gets a Python traceback. Issue 16 adds 1, "finished but failed", under ``--strict`` (an
``Erreur()`` displayed, or a failure nobody looked at: see :func:`strict_failure`), and the
status a script chooses through :class:`~wlmail.runtime.host.ProgramExit`.
"""

from __future__ import annotations

import gc
import os
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from wlmail.errors import WLError, WLRuntimeError, WLSyntaxError
from wlmail.runtime.compiler import COMPILE_ERRORS, Compiler, Diagnostic, InternalError, Scope
from wlmail.runtime.host import Host, ProgramExit, Terminated, interruption_id
from wlmail.runtime.state import Frame, Runtime
from wlmail.syntax.lexer import detect_lang
from wlmail.syntax.parser import parse_program
from wlmail.textsafe import escape

if TYPE_CHECKING:
    from wlmail.project import Project
    from wlmail.syntax import nodes as n

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_SYNTAX, EXIT_FATAL, EXIT_INTERRUPTED = 0, 1, 64, 65, 70, 130
EXIT_TERMINATED = 143

#: set by :func:`freeze_after_compile` for a process that runs one script (or one check) and exits
_freeze = False


def freeze_after_compile() -> None:
    """For a one-shot process (``wlmail run``, ``wlmail check``): after each compile, move what
    was built out of the cyclic collector's sight (``gc.freeze``). Never for a long-lived
    embedding or the REPL: frozen objects are never freed, garbage of earlier runs included."""
    global _freeze
    _freeze = True


class Interpreter:
    """One running program; the REPL feeds it several inputs that share globals and sessions."""

    def __init__(self, host: Host, filename: str = "<script>", lang: str | None = None) -> None:
        self.host = host
        self.filename = filename
        self.lang = lang
        self.scope = Scope("main")
        self.rt = Runtime(host, lang or "fr", filename)

    def compile(self, text: str, program: n.Program | None = None) -> tuple[Compiler, object]:
        """Compile ``text``, or ``program`` when it is already parsed (a project)."""
        lang = self.lang or (program.lang if program is not None else detect_lang(text))
        self.rt.lang = lang
        with gc_paused(), too_deep_is_a_syntax_error(self.filename, lang):
            if program is None:
                program = parse_program(text, self.filename, lang=lang)
            compiler = Compiler(self.rt, program, self.scope)
            return compiler, compiler.compile_program()

    def execute(self, text: str, program: n.Program | None = None) -> None:
        """Parse, compile and run ``text`` (or the parsed ``program``); errors propagate as
        :class:`WLError`.

        Structural errors (SORTIR outside a loop, a constant assigned, an unknown type) stop
        the script before it starts, as WINDEV's compiler does; an unknown name does not: it is
        a fatal error when its line runs (decision 7), which ``QUAND EXCEPTION`` can catch.
        """
        compiler, main = self.compile(text, program)
        for diag in compiler.diags:
            if diag.code in COMPILE_ERRORS:
                raise WLSyntaxError(diag.message, self.filename, diag.line, diag.col)
        main(Frame(self.rt.globals))  # type: ignore[operator]

    def check(self, text: str) -> list[Diagnostic]:
        compiler, _ = self.compile(text)
        return compiler.diags


@contextmanager
def gc_paused() -> Iterator[None]:
    """Parsing and compiling allocate a great many objects that all stay alive: the cyclic
    garbage collector would scan them again and again for nothing (it doubled the time of
    ``wlmail check`` on a large script). Pause it; in a one-shot process, then move what was
    built out of its sight (see :func:`freeze_after_compile`)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _freeze:
            gc.freeze()
        elif was_enabled:
            # What was built now sits in the youngest generation: the first collection after
            # enabling would scan all of it at once (a third of a 20,000-line check). Promote
            # it to the oldest generation unscanned instead (freeze, then unfreeze: both only
            # move lists); the oldest generation is collected by CPython's usual rule, when it
            # has grown by a quarter.
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


@contextmanager
def too_deep_is_a_syntax_error(filename: str, lang: str) -> Iterator[None]:
    """Thousands of nested blocks or parentheses exhaust Python's stack while compiling."""
    try:
        yield
    except RecursionError:
        from wlmail.catalog import get_catalog

        raise WLSyntaxError(get_catalog().message("too_deep", lang), filename, 1, 1) from None


def report(host: Host, err: WLError, text: str, lang: str, project: Project | None = None) -> None:
    """Print an error the way a compiler does: ``file:line:col: error: …``, line, caret
    (in the file of a project where the error is)."""
    from wlmail.catalog import get_catalog
    from wlmail.diagnose import refine

    if project is not None:
        text = project.relocate(err) or text
    cat = get_catalog()
    refine(err, text, lang)  # the caret under what failed, "did you mean" (issue 16)
    severity = (
        cat.message("fatal_error", lang)
        if isinstance(err, WLRuntimeError)
        else ("erreur" if lang == "fr" else "error")
    )
    host.error([err.render(text, severity)])
    if isinstance(err, InternalError) and os.environ.get("WLMAIL_DEBUG") and err.__cause__:
        host.error([escape("".join(traceback.format_exception(err.__cause__)), newlines=True)])


def strict_failure(host: Host, lang: str) -> str:
    """Why a run that ended normally failed for ``--strict`` ("" when it did not)."""
    from wlmail.catalog import get_catalog

    cat = get_catalog()
    outcome = host.outcome
    if outcome.errors_shown:
        return cat.message("strict_error_shown", lang, count=outcome.errors_shown)
    if outcome.unseen_failure:
        first = outcome.unseen_failure.replace("\r\n", "\n").split("\n", 1)[0]
        return cat.message("strict_unseen_failure", lang, message=first)
    return ""


def run_source(
    text: str,
    filename: str = "<script>",
    host: Host | None = None,
    lang: str | None = None,
    *,
    strict: bool = False,
    project: Project | None = None,
) -> int:
    """Run a whole script (or a loaded ``project``, whose main file is ``text``) and return
    its exit code.

    Interrupted (Ctrl-C, SIGTERM) while it runs or while the exit hooks drain what is queued,
    it says so once and exits 130 (143 for SIGTERM); the hooks still close every session.
    With ``strict``, a run that displayed ``Erreur()`` or left a failure unlooked-at exits 1.
    """
    host = host or Host()
    interp = Interpreter(host, filename, lang)
    shown_lang = lang or (project.lang if project is not None else detect_lang(text))
    code = EXIT_OK
    try:
        interp.execute(text, project.program if project is not None else None)
    except WLSyntaxError as err:
        report(host, err, text, shown_lang, project)
        code = EXIT_SYNTAX
    except WLError as err:
        report(host, err, text, shown_lang, project)
        code = EXIT_FATAL
    except KeyboardInterrupt as exc:
        host.interrupt(exc, interp.rt.msg(interruption_id(exc)))
    except ProgramExit as end:
        host.outcome.exit_code = end.status
    except BaseException:
        host.close()
        raise
    try:
        host.close()
    except KeyboardInterrupt as exc:
        host.interrupt(exc, interp.rt.msg(interruption_id(exc)))
    if host.interrupted is not None:
        terminated = isinstance(host.interrupted, Terminated)
        return EXIT_TERMINATED if terminated else EXIT_INTERRUPTED
    if code == EXIT_OK and host.outcome.exit_code is not None:
        return host.outcome.exit_code
    if code == EXIT_OK and strict:
        why = strict_failure(host, shown_lang)
        if why:
            host.error([f"wlmail: {why}"])
            return EXIT_FAILED
    return code
