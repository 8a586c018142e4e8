"""What a printed text looks like on the terminal: WLangage's line break becomes the terminal's.

``wlmail run`` writes the text of ``Info``/``Erreur``/``Avertissement``/``Trace`` with each
CR LF (``RC``), and each lone CR, turned into LF (``wlmail/runtime/host.py``, ``_terminal``);
Python's ``print`` writes a "\\r\\n" as is. So a printed text that may hold a CR is written
``text.replace("\\r\\n", "\\n").replace("\\r", "\\n")``, and a literal one is changed at export
time (``print("ligne 1\\nligne 2")``).

A text may hold a CR only when the program has a source of one: a literal holding one (a
multiline ``[ … ]`` string), the ``RC`` constant, ``Caract``, ``TableauVersChaîne`` (RC is its
default separator), ``EmailConstruitSource`` (a MIME source), a function that reads text from
outside (files) or words an error (``ErreurInfo(errComplet)`` joins with RC), or a method the
pass could not name. By induction, every other text of the program is built of literals
without CR, of functions that only rearrange their arguments (the ``strings``, ``arrays``,
``dates`` and ``core`` modules) and of what the mail/receive/OAuth mapping reads (see
SAFE_MODULES): it is printed as it is. So is ``f"… {err}"`` in a failure branch.
"""

from __future__ import annotations

import ast
from typing import Any

from wlmail.export.exprs import const
from wlmail.export.stmts import StmtMixin, walk
from wlmail.syntax import nodes as n

#: the catalog modules whose functions never add a CR to texts without one
SAFE_MODULES = {"strings", "arrays", "dates", "date_difference", "core", "dialogs"}
#: mail, receive and OAuth: what their Python mapping gives a program to print has no raw CR
#: (parsed headers are unfolded, a received body is read with LF by its template, failures
#: are Python's words for the exception), but for the MIME source EmailConstruitSource builds
SAFE_MODULES |= {"mail", "mail_messages", "mail_run", "mail_html", "oauth"}
SAFE_MODULES |= {"receive", "receive_folders", "receive_files"}
#: ids that make a CR from nothing (``Caract(13)``, ``RC``, ``TableauVersChaîne``'s separator,
#: a MIME source)
CR_SOURCES = {"cr", "charact", "array_to_string", "email_build_source"}
#: the non-fatal error of ErreurDéclenche holds the program's own text (export/thrown.py, which
#: refuses errComplet; other fallible functions are CR sources themselves)
SAFE_IDS = {"error_throw", "error_occurred", "error_info"}


class TerminalMixin(StmtMixin):
    def printable(self, value: Any) -> ast.expr:
        code = super().printable(value)
        if value.type != "string":
            return code
        code = _fold(code)
        if self.cr_free(code) or not self.may_hold_cr():
            return code
        for old, new in (("\r\n", "\n"), ("\r", "\n")):
            method = ast.Attribute(code, "replace", ast.Load())
            code = ast.Call(method, [const(old), const(new)], [])
        return code

    def cr_free(self, code: ast.expr) -> bool:
        """Literals without CR and the text of the exception being handled (``{err}``: Python's
        words for an OSError or an smtplib/poplib/imaplib error, never a raw CR)."""
        allowed = (ast.Constant, ast.JoinedStr, ast.FormattedValue, ast.Load)
        error = self.scope.error_name
        for node in ast.walk(code):
            if isinstance(node, ast.Name) and error and node.id == error:
                continue
            if not isinstance(node, allowed):
                return False
            if isinstance(node, ast.Constant) and "\r" in str(node.value):
                return False
        return True

    def may_hold_cr(self) -> bool:
        """True when the program has a source of CR (module docstring)."""
        found: bool | None = getattr(self, "_may_hold_cr", None)
        if found is None:
            refs = [*self.ann.names.values(), *self.ann.calls.values()]
            found = any(_cr_source(ref) for ref in refs) or any(
                isinstance(node, n.Str) and "\r" in node.value for node in walk(self.program)
            )
            self._may_hold_cr = found
        return found


def _cr_source(ref: Any) -> bool:
    kind = ref[0]
    if kind == "method":
        return True
    if kind in ("const", "func", "func_on"):
        entry = ref[1]
        if entry.id in CR_SOURCES:
            return True
        if entry.id in SAFE_IDS:
            return False
        return kind != "const" and getattr(entry, "module", "") not in SAFE_MODULES
    return False


def _fold(code: ast.expr) -> ast.expr:
    """A literal text, or the literal parts of an f-string (not what its fields compute), as
    the terminal shows it; new nodes, the value's own are left as they are."""
    if isinstance(code, ast.Constant) and isinstance(code.value, str):
        return const(_terminal(code.value))
    if isinstance(code, ast.JoinedStr):
        parts = [
            const(_terminal(p.value))
            if isinstance(p, ast.Constant) and isinstance(p.value, str)
            else p
            for p in code.values
        ]
        return ast.JoinedStr(parts)
    return code


def _terminal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
