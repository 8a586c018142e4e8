"""Programming errors as WLangage raises them: a text as a condition, an index out of the
array under ``QUAND EXCEPTION``, a question without a terminal.

* ``SI s ALORS`` with a text ``s`` is an error in WLangage (never Python's truth of a text):
  the helper ``text_condition`` raises it, worded as ``wlmail run`` words it.
* Inside ``QUAND EXCEPTION DANS`` whose handler reads ``ExceptionInfo()``, ``t[i]`` reads the
  element through the helper ``item``, whose ``IndexError`` says what WLangage says (the index
  and the size of the array); elsewhere ``t[i - 1]`` stays (Python's words are never shown).
* ``OuiNon``/``YesNo`` asks on the terminal as ``wlmail run`` does (an empty answer is the
  first choice); without a terminal (cron, a pipe), or at the end of the input, it raises an
  error that ``QUAND EXCEPTION`` catches: a question is never answered on the user's behalf
  (issue 15's ruling; the exported program has no ``--answer``).

The messages are the catalog's (``stdlib/messages*.toml``), read at export time; the values
they quote are escaped as :func:`wlmail.textsafe.escape` does (``shown``).
"""

from __future__ import annotations

import ast
from typing import Any

from wlmail.catalog import get_catalog
from wlmail.export.base import Py, Skip
from wlmail.export.collections import CollectionsMixin
from wlmail.export.control import ControlMixin
from wlmail.export.exprs import const
from wlmail.export.stmts import walk
from wlmail.syntax import nodes as n


def _words(msg_id: str) -> str:
    """``{"fr": …, "en": …}``: a message's templates as a Python literal."""
    texts = get_catalog().messages[msg_id]
    return "{" + ", ".join(f"{lang!r}: {texts[lang]!r}" for lang in ("fr", "en")) + "}"


def _question_words() -> str:
    cat = get_catalog()
    rows = []
    for lang in ("fr", "en"):
        names = (
            cat.functions["yes_no"].name(lang),
            cat.constants["yes"].name(lang),
            cat.constants["no"].name(lang),
            cat.message("program_no_terminal", lang, name="{name}", question="{question}"),
            cat.message("program_no_answer", lang, name="{name}", question="{question}"),
        )
        rows.append(f"{lang!r}: {names!r}")
    return "{" + ", ".join(rows) + "}"


FAULT_HELPERS: dict[str, str] = {
    "shown": '''
def shown(text: str) -> str:
    """``text`` as WLangage's messages quote it: each control or invisible format character
    (ESC, CR, LF, a bidi override…) written as a visible escape, never obeyed by a terminal."""
    import unicodedata

    out = []
    for char in text:
        code = ord(char)
        unsafe = unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs")
        if char in "\\t\\u200c\\u200d" or not unsafe:
            out.append(char)
        elif char in "\\r\\n":
            out.append(repr(char)[1:-1])
        elif code <= 0xFF:
            out.append(f"\\\\x{code:02x}")
        else:
            out.append(f"\\\\u{code:04x}" if code <= 0xFFFF else f"\\\\U{code:08x}")
    return "".join(out)
''',
    "text_condition": f'''
def text_condition(value: str, lang: str) -> bool:
    """A text used as a condition (``SI s ALORS``): always an error in WLangage, never
    Python's truth of a text; raised as WLangage words it, in the script's language."""
    raise TypeError({_words("string_condition")}[lang].format(value=shown(value)))
''',
    "item": f'''
from typing import TypeVar

T = TypeVar("T")

def item(items: list[T], index: int, lang: str) -> T:
    """``t[index]``: the element at the 1-based ``index``; outside the array, an IndexError
    worded as WLangage words it (the index and the size), in the script's language ``lang``."""
    if not 1 <= index <= len(items):
        message = {_words("index_out_of_range")}[lang]
        raise IndexError(message.format(index=index, size=len(items)))
    return items[index - 1]
''',
    "yes_no": f'''
def yes_no(question: str, lang: str) -> bool:
    """OuiNon/YesNo on the terminal: yes (or an empty answer) is True, no is False. Without a
    terminal (cron, a pipe), or at the end of the input, an error: a question is never
    answered on the user's behalf."""
    import sys

    name, yes, no, no_terminal, no_answer = {_question_words()}[lang]
    quoted = shown(" ".join(question.split()))
    if not sys.stdin.isatty():
        raise RuntimeError(no_terminal.format(name=name, question=quoted))
    prompt = question.replace("\\r\\n", "\\n").replace("\\r", "\\n")
    while True:
        try:
            answer = input(f"{{prompt}} [{{yes}}/{{no}}] ").strip().casefold()
        except EOFError:
            raise RuntimeError(no_answer.format(name=name, question=quoted)) from None
        if not answer or yes.casefold().startswith(answer[:1]):
            return True
        if no.casefold().startswith(answer[:1]):
            return False
''',
}
FAULT_NEEDS: dict[str, list[str]] = {"text_condition": ["shown"], "yes_no": ["shown"]}


class LangFaultsMixin(ControlMixin, CollectionsMixin):
    worded: set[int]  # the t[i] of guarded code whose handler shows the message
    worded_done: set[int]  # … written with ``item``

    def fault_setup(self) -> None:
        if not hasattr(self, "worded"):
            self.worded, self.worded_done = set(), set()

    # -- a text used as a condition ----------------------------------------------------------
    def test(self, node: n.Node) -> ast.expr:
        value = self.expr(node)
        if value.type != "string":
            return super().test(node)
        return self.helper("text_condition", value.code, const(self.lang))

    # -- t[i] under QUAND EXCEPTION ----------------------------------------------------------
    def s_WhenException(self, node: n.WhenException) -> None:
        self.word_indexes(node.body or [], node.handler)
        super().s_WhenException(node)

    def s_GeneralHandler(self, node: Any) -> None:
        self.word_indexes(node.after, node.handler.handler)
        super().s_GeneralHandler(node)

    def word_indexes(self, guarded: list[n.Node], handler: list[n.Node]) -> None:
        """The reads ``t[i]`` of ``guarded`` are worded when ``handler`` shows a message."""
        self.fault_setup()
        calls = [self.ann.calls.get(id(x), ("",)) for x in walk(handler)]
        shows = any(c[0] == "func" and c[1].id == "exception_info" for c in calls)
        if not shows:
            return
        targets = {
            id(x.target) for x in walk(guarded) if isinstance(x, n.Assign | n.AugAssign | n.IncDec)
        }
        self.worded |= {id(x) for x in walk(guarded) if isinstance(x, n.Index)} - targets

    def x_Index(self, node: n.Index) -> Py:
        self.fault_setup()
        arg = node.args[0] if len(node.args) == 1 else None
        if id(node) not in self.worded or arg is None or arg.kind != "one" or arg.a is None:
            return super().x_Index(node)
        found = self.collection(node.target)
        if found is None or found[0] != "list":
            return super().x_Index(node)
        index = self.expr(arg.a)
        if index.type != "int":
            raise Skip(node, "an index that is not a whole number")
        array = self.expr(node.target)
        self.worded_done.add(id(node))
        code = self.helper("item", array.code, index.code, const(self.lang))
        return Py(code, self.elem_type(node.target))

    def exact_index(self, node: n.Index) -> bool:
        self.fault_setup()
        return id(node) in self.worded_done

    # -- OuiNon ------------------------------------------------------------------------------
    def builtin(self, node: n.Node, entry: Any, arg_nodes: list[n.Node]) -> Py:
        if entry.id != "yes_no":
            return super().builtin(node, entry, arg_nodes)
        if len(arg_nodes) != 1:
            raise Skip(node, f"{entry.name(self.lang)} with a default answer or several lines")
        question = self.expr(arg_nodes[0])
        if question.type != "string":
            raise Skip(node, f"{entry.name(self.lang)} of a value that is not a text")
        return Py(self.helper("yes_no", question.code, const(self.lang)), "bool")
