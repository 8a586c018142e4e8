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

from wlmail.export.base import py_name
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
#: calls whose text has no CR: numbers, and the message of a file function's failure (wlmail
#: words it, the names it quotes escaped: export/file_helpers.py)
CLEAN_CALLS = {"len", "int", "abs", "round", "error_message"}
#: calls of catalog functions: they never change a variable given as an argument to a text
#: with a CR (a user procedure or a method may, by reference)
BUILTIN = {"func", "func_on", "switch"}


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
        """Literals without CR, variables only ever given such texts (:meth:`clean_names`) and
        the text of the exception being handled (``{err}``: Python's words for an OSError or an
        smtplib/poplib/imaplib error, never a raw CR)."""
        allowed = (ast.Constant, ast.JoinedStr, ast.FormattedValue, ast.Load)
        error = self.scope.error_name
        clean = self.clean_names()
        numbers: set[int] = set()  # len(…), int(…): a number has no CR, whatever it counts
        for node in ast.walk(code):
            func = node.func if isinstance(node, ast.Call) else None
            if (isinstance(func, ast.Name) and func.id in CLEAN_CALLS) or self.clean_call(node):
                numbers.update(id(x) for x in ast.walk(node))
        for node in ast.walk(code):
            if id(node) in numbers:
                continue
            if isinstance(node, ast.Name) and (node.id in clean or (error and node.id == error)):
                continue
            if not isinstance(node, allowed):
                return False
            if isinstance(node, ast.Constant) and "\r" in str(node.value):
                return False
        return True

    def clean_names(self) -> set[str]:
        """The Python names of the variables whose every value is made of texts without CR:
        literals, constants that are not CR sources, other such variables, joined by ``+`` or
        ``[% %]``, or the items of such an array walked by ``POUR TOUT``. A variable written any
        other way (a call, a member, a parameter, a by-reference argument, ``SOIT``, a tuple)
        may hold anything."""
        found: set[str] | None = getattr(self, "_clean_names", None)
        if found is not None:
            return found
        values: dict[str, list[n.Node | None]] = {}
        spelled: dict[str, set[str]] = {}
        dirty: set[str] = set()
        for x in walk([self.program.body, self.program.procs]):
            if isinstance(x, n.Decl):
                for nm in x.names:
                    values.setdefault(nm.key, []).append(x.init)
                    spelled.setdefault(nm.key, set()).add(py_name(nm.name))
            elif isinstance(x, n.Assign | n.AugAssign) and isinstance(x.target, n.Name):
                values.setdefault(x.target.key, []).append(x.value)
            elif isinstance(x, n.ForEach) and x.separator is None and len(x.vars) == 1:
                values.setdefault(x.vars[0].key, []).append(x.iterable)
                spelled.setdefault(x.vars[0].key, set()).add(py_name(x.vars[0].name))
            elif isinstance(x, n.Assign | n.AugAssign | n.RefAssign | n.IncDec):
                dirty.update(nm.key for nm in walk(x.target) if isinstance(nm, n.Name))
            elif isinstance(x, n.Let | n.ForEach):
                dirty.update(nm.key for nm in (x.names if isinstance(x, n.Let) else x.vars))
            elif isinstance(x, n.ProcDef):
                dirty.update(p.name.key for p in x.params or [])
            elif isinstance(x, n.Call) and self.ann.calls.get(id(x), ("",))[0] not in BUILTIN:
                dirty.update(a.key for a in x.args if isinstance(a, n.Name))  # by reference
        clean = set(values) - dirty
        changed = True
        while changed:
            changed = False
            for key in sorted(clean):
                if not all(v is None or self.cr_free_node(v, clean) for v in values[key]):
                    clean.discard(key)
                    changed = True
        found = {name for key in clean for name in spelled.get(key, ())}
        self._clean_names = found
        return found

    def cr_free_node(self, node: n.Node, clean: set[str]) -> bool:
        if isinstance(node, n.Str):
            return "\r" not in node.value
        if isinstance(node, n.Num):
            return True
        if isinstance(node, n.Name):
            ref = self.ann.names.get(id(node), ("unknown",))
            if ref[0] == "var":
                return node.key in clean
            return ref[0] == "const" and not _cr_source(ref)
        if isinstance(node, n.BinOp) and node.op == "PLUS":
            return self.cr_free_node(node.left, clean) and self.cr_free_node(node.right, clean)
        if isinstance(node, n.ArrayLit):
            return all(self.cr_free_node(item, clean) for item in node.items)
        if isinstance(node, n.Interp):
            return all(
                "\r" not in part if isinstance(part, str) else self.cr_free_node(part, clean)
                for part in node.parts
            )
        return False

    def may_hold_cr(self) -> bool:
        """True when the program has a source of CR (module docstring)."""
        found: bool | None = getattr(self, "_may_hold_cr", None)
        if found is None:
            named = self.named_methods()  # d.VersChaîne(): the catalog functions it may be
            calls = [ref for key, ref in self.ann.calls.items() if key not in named]
            refs = [*self.ann.names.values(), *calls, *(r for rs in named.values() for r in rs)]
            found = any(_cr_source(ref) for ref in refs) or any(
                isinstance(node, n.Str) and "\r" in node.value for node in walk(self.program)
            )
            self._may_hold_cr = found
        return found

    def named_methods(self) -> dict[int, list[Any]]:
        """The method calls on a date, time or datetime variable (``d.VersChaîne()``), by id:
        each catalog function of that method name (any other method may be anything)."""
        found: dict[int, list[Any]] = {}
        for node in walk(self.program):
            if not isinstance(node, n.Call) or self.ann.calls.get(id(node)) != ("method",):
                continue
            func = node.func
            if not isinstance(func, n.Member) or not isinstance(func.target, n.Name):
                continue
            ref = self.ann.names.get(id(func.target), ("",))
            entries = self.cat.method_names.get(func.key, [])
            if ref[0] == "var" and str(ref[1].vtype.id) in ("date", "time", "datetime") and entries:
                found[id(node)] = [("func", e) for e in entries]
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
