"""What one REPL input does, on the worker thread: :class:`Evaluation`, a part of the Console.

An input is parsed as statements; a lone expression (or a name with a value: a variable, a
constant, ``ErreurDétectée``) has its value shown instead, a secret property masked
(``repl/secrets.py``). ``:charge`` runs a whole file in the session. The session's language is
chosen here too: pinned by ``--lang``/``:langue``, else the one the input's words signal. Errors
are reported like ``wlmail run`` reports them, and anything else is an internal error, never a
traceback for something typed.

The console loop around it (prompt, worker thread, Ctrl-C, meta-commands) is
:class:`wlmail.repl.app.Console`, which inherits this class.
"""

from __future__ import annotations

import os
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wlmail.catalog import get_catalog
from wlmail.errors import WLError, WLRuntimeError, WLSyntaxError
from wlmail.repl.completer import signal_lang
from wlmail.repl.console_messages import message
from wlmail.repl.secrets import MASK, _is_secret_member, safe_display, terminal_text

if TYPE_CHECKING:
    from wlmail.runtime.driver import Interpreter
    from wlmail.runtime.host import Host


class Evaluation:
    """Evaluation and value display of a REPL session (the Console sets these attributes)."""

    host: Host
    interp: Interpreter
    #: the language given by ``--lang`` or ``:langue``, else None (then: the one last seen)
    pinned_lang: str | None
    ui_lang: str
    #: the value being shown is a secret property (``tok.Valeur``)
    _secret_member: bool

    def lang(self) -> str:
        return self.pinned_lang or self.ui_lang

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
