"""When is a REPL input finished? The grammar decides (engineering.md §5.3).

* The parser raises :class:`WLIncompleteInput` when the text ends inside a block (``SI`` without
  its ``FIN``): Enter then inserts a new line.
* An error at the very end of the text while a bracket is open, after a ``...`` continuation,
  inside ``/* …`` or inside a multi-line string literal also asks for another line.
* A top-level ``PROCÉDURE`` has no closing keyword in WLangage (it runs to the next one or to
  the end of the file), so in the REPL it ends with an empty line, as a Python ``def`` does.
* Any other error is shown at its position by :class:`WLValidator`; the input is kept.

Also here: the auto-indent rules for Enter (4 spaces per open block).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from prompt_toolkit.document import Document
from prompt_toolkit.validation import ValidationError, Validator

from wlmail.catalog import LANGS, fold, get_catalog
from wlmail.errors import WLIncompleteInput, WLSyntaxError
from wlmail.record import record
from wlmail.syntax.lexer import Scanner
from wlmail.syntax.parser import parse_expression, parse_program

INDENT = "    "
_BLANK_REST = re.compile(r"[ \t\r]*(?://[^\n]*)?(?=\n|\Z)")
_HEAD = re.compile(r"[ \t]*([^\W\d]\w*)(?:[ \t]+([^\W\d]\w*))?(?:[ \t]+([^\W\d]\w*))?")
_CONTINUED = re.compile(r"\.\.\.[ \t\r]*(?://[^\n]*)?$")
_LAST_WORD = re.compile(r"([^\W\d]\w*)[ \t]*$")


@record
class Verdict:
    """What Enter should do with an input, and what is wrong with it if anything."""

    complete: bool
    error: WLSyntaxError | None = None
    expression: bool = False  # valid only as a lone expression (``2 + 3``)


def is_meta(text: str) -> bool:
    """``:aide``, ``:vars``…: meta-commands start with a colon."""
    return text.lstrip().startswith(":")


def examine(text: str, lang: str | None = None) -> Verdict:
    """Decide whether ``text`` is a complete input, an unfinished one, or a wrong one."""
    if not text.strip() or is_meta(text):
        return Verdict(True)
    try:
        program = parse_program(text, "<repl>", lang=lang)
    except WLIncompleteInput as err:
        return Verdict(False, err)
    except WLSyntaxError as err:
        if _continues(text, err):
            return Verdict(False, err)
        try:
            parse_expression(text.strip(), "<repl>", lang=lang or "fr")
        except WLSyntaxError:
            return Verdict(True, err)
        return Verdict(True, None, expression=True)
    last_line = text.rsplit("\n", 1)[-1]
    if program.procs and last_line.strip():
        return Verdict(False)  # a procedure ends with an empty line
    if _CONTINUED.search(_code(last_line)):
        return Verdict(False)  # ``...`` joins the next line
    return Verdict(True)


def _at_end(text: str, err: WLSyntaxError) -> bool:
    return not text[offset(text, err.line, err.column) :].strip()


def _continues(text: str, err: WLSyntaxError) -> bool:
    """An error caused only by the text stopping early: open bracket, ``...``, literal, comment."""
    cat = get_catalog()
    try:
        scanner = Scanner(text, "<repl>", cat)  # <COMPILE SI> lines are read here already
    except WLSyntaxError as directive_err:  # a <COMPILE SI> block still being typed goes on
        return directive_err.message in _messages("unclosed_directive")
    try:
        for _ in scanner.tokens():
            pass
    except WLSyntaxError as lex_err:
        if lex_err.message in _messages("unclosed_comment"):
            return True
        if lex_err.message in _messages("unterminated_string", "unterminated_block"):
            start = offset(text, lex_err.line, lex_err.column)
            return _BLANK_REST.match(text, start + 1) is not None  # a multi-line literal
        if not scanner.brackets or scanner.pos < len(text):
            return False
    opened: list[int] = getattr(scanner, "opened", [])
    if scanner.brackets and offset(text, err.line, err.column) in opened:
        return True  # "( opened here is never closed": the user is still typing the call
    return _at_end(text, err) and bool(scanner.brackets or scanner.skip_nl)


@cache
def _messages(*msg_ids: str) -> frozenset[str]:
    cat = get_catalog()
    return frozenset(cat.message(i, lang) for i in msg_ids for lang in LANGS)


def offset(text: str, line: int, column: int) -> int:
    """Index in ``text`` of a 1-based line and column (clamped to the text)."""
    if line <= 0:
        return 0
    pos = 0
    for _ in range(line - 1):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return len(text)
        pos = nxt + 1
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    return min(pos + max(column - 1, 0), end)


class WLValidator(Validator):
    """Shows a syntax error at its position before anything runs; the input stays editable."""

    def __init__(self, lang: Callable[[], str] | None = None) -> None:
        self._lang = lang  # the session's language, for the messages

    def validate(self, document: Document) -> None:
        text = document.text
        lang = self._lang() if self._lang is not None else None
        verdict = examine(text, lang)
        err = verdict.error
        if err is None:
            return
        where = f"{err.line}:{err.column}: " if err.line else ""
        raise ValidationError(offset(text, err.line, err.column), f"{where}{err.message}")


# ---- auto-indent ---------------------------------------------------------------------------
_OPENERS = {"SWITCH", "FOR", "WHILE", "LOOP", "WHEN_EXCEPTION_IN", "WHEN_EXCEPTION"}
_OPENERS |= {"INTERNAL_PROC"}
_MIDDLES = {"ELSE", "DO"}
_HEADS = _OPENERS | _MIDDLES | {"IF", "END", "CASE", "OTHER_CASE", "DO_WHILE", "PROCEDURE"}
_HEADS |= {"CONSTANT"}


@cache
def _keyword(word: str) -> str | None:
    ids = get_catalog().keyword_words.get(word, ())
    return next((i for i in ids if i in _HEADS or i in ("THEN", "STRUCTURE")), None)


def _code(line: str) -> str:
    """The line without a trailing ``//`` comment (outside strings)."""
    in_string = False
    for i, ch in enumerate(line):
        if ch == '"':
            in_string = not in_string
        elif not in_string and line.startswith("//", i):
            return line[:i]
    return line


def line_kind(line: str) -> str | None:
    """How a line moves the indentation: open, middle, case, end, proc, or None."""
    code = _code(line)
    m = _HEAD.match(code)
    if m is None:
        return None
    words = [fold(w) for w in m.groups() if w]
    head: str | None = None
    for parts, ident in get_catalog().phrases.get(words[0], ()):
        if tuple(words[: len(parts)]) == parts:
            head = ident
            break
    if head is None:
        head = _keyword(words[0])
    last = _LAST_WORD.search(code.rstrip())
    last_kw = _keyword(fold(last.group(1))) if last else None
    if head is None:
        return "open" if last_kw == "STRUCTURE" else None
    if head == "IF":
        return "open" if last_kw == "THEN" or not _has_then(code) else None
    if head == "ELSE":
        rest = words[1:2]
        if not rest or _keyword(rest[0]) == "IF":
            return "middle"
        return None
    if head == "CONSTANT":
        return "open" if len(code.split()) == 1 else None
    return {
        "END": "end",
        "CASE": "case",
        "OTHER_CASE": "case",
        "DO_WHILE": "end",
        "PROCEDURE": "proc",
        "DO": "middle",
    }.get(head, "open" if head in _OPENERS else None)


def _has_then(code: str) -> bool:
    return any(_keyword(fold(w)) == "THEN" for w in re.findall(r"[^\W\d]\w*", code))


def _step(stack: list[str], kind: str | None) -> int:
    """Update the block stack for one line; return that line's own depth."""
    if kind == "proc":
        stack[:] = ["proc"]
        return 0
    if kind == "end":
        if stack and stack[-1] == "case":
            stack.pop()
        if stack:
            stack.pop()
        return len(stack)
    if kind == "middle":
        return max(len(stack) - 1, 0)
    if kind == "case":
        if stack and stack[-1] == "case":
            stack.pop()
        stack.append("case")
        return len(stack) - 1
    depth = len(stack)
    if kind == "open":
        stack.append("open")
    return depth


step = _step  # the language server's formatter reads blocks the same way


def indentation(lines: list[str]) -> tuple[int, int]:
    """For the lines typed so far: the depth of the last line and the depth of the next one."""
    stack: list[str] = []
    depth = 0
    for line in lines:
        depth = _step(stack, line_kind(line))
    return depth, len(stack)
