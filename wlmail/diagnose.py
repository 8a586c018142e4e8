"""Before a fatal error is shown: a caret under the faulty part, and "did you mean" (issue 16).

The interpreter knows the statement an error happened in, so its column is the statement's
first character: ``MaSession.Prot = 25`` put the caret under ``M``. The error itself says
what failed (``unknown_member`` and the name, ``division_by_zero``…), so the line of source is
enough to move the caret: under ``Prot`` for a property or a method, under the ``/`` for a
division by zero when the line holds one division, under the name for an unknown name. A
property or method unknown to the object's type gets the closest name of that type as a
suggestion, in the script's language (the same rule as ``wlmail check``).

Only the rendering changes: the message, the line and the exit code stay what they were.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from wlmail.catalog import Catalog, fold, get_catalog
from wlmail.errors import WLError
from wlmail.source import source_line

__all__ = ["member_column", "refine", "suggest_member"]

_MEMBER_FAULTS = frozenset({"unknown_member", "read_only_member", "unknown_method"})


def refine(err: WLError, text: str, lang: str) -> None:
    """Move ``err.column`` under what failed and add a suggestion, when the source tells."""
    msg_id = getattr(err, "msg_id", "")
    values: dict[str, Any] = getattr(err, "values", {})
    if not msg_id or not err.line:
        return
    line = source_line(text, err.line)
    name = str(values.get("name", ""))
    column = 0
    if msg_id in _MEMBER_FAULTS and name:
        column = member_column(line, err.column, name)
        if msg_id != "read_only_member" and "?" not in err.message[-3:]:
            err.message += suggest_member(values, name, lang)
    elif msg_id == "division_by_zero":
        slashes = [c for c, ch in _code_chars(line, err.column) if ch == "/"]
        column = slashes[0] if len(slashes) == 1 else 0
    elif msg_id in ("unknown_name", "too_many_args") and name:
        column = _word_column(line, err.column, name)  # the name, or the procedure called
    elif msg_id == "missing_arg" and values.get("proc"):
        column = _word_column(line, err.column, str(values["proc"]))
    if column:
        err.column = column


def member_column(line: str, start: int, name: str) -> int:
    """The 1-based column of ``name`` written after a dot at or after ``start`` (0: not found)."""
    wanted = fold(name)
    for col, ch in _code_chars(line, start):
        if ch != ".":
            continue
        rest = line[col:].lstrip(" \t")
        word = _leading_word(rest)
        if word and fold(word) == wanted:
            return len(line) - len(rest) + 1
    return 0


def suggest_member(values: dict[str, Any], name: str, lang: str) -> str:
    """`` ; vouliez-vous dire « Port » ?`` for the closest property or method of the type."""
    cat = get_catalog()
    type_id = _type_id(cat, values)
    if not type_id:
        return ""
    shown: dict[str, str] = {}
    for prop in cat.props_of(type_id):
        shown.update((fold(s), prop.name(lang)) for s in prop.spellings)
    for methods in cat.method_names.values():
        for entry in methods:
            if entry.owner == type_id:
                for spelling in _method_spellings(entry, lang):
                    shown[fold(spelling)] = spelling
    close = difflib.get_close_matches(fold(name), list(shown), n=1, cutoff=0.75)
    return cat.message("did_you_mean", lang, name=shown[close[0]]) if close else ""


def _method_spellings(entry: Any, lang: str) -> list[str]:
    """The method spellings in the script's language first (``OuvreSession``)."""
    mine, other = (entry.methods_fr, entry.methods_en)[:: 1 if lang == "fr" else -1]
    return [*other, *mine]  # later wins in ``shown``: the script's language


def _type_id(cat: Catalog, values: dict[str, Any]) -> str:
    if values.get("type_id"):
        return str(values["type_id"])
    owner = values.get("owner")
    entry = cat.type(str(owner)) if owner else None
    return entry.id if entry is not None else ""


def _word_column(line: str, start: int, name: str) -> int:
    wanted = fold(name)
    previous = ""
    for col, ch in _code_chars(line, start):
        if (ch.isalpha() or ch == "_") and not (previous.isalnum() or previous in "_."):
            word = _leading_word(line[col - 1 :])
            if fold(word) == wanted:
                return col
        previous = ch
    return 0


def _leading_word(text: str) -> str:
    end = 0
    while end < len(text) and (text[end].isalnum() or text[end] == "_"):
        end += 1
    return text[:end]


def _code_chars(line: str, start: int) -> Iterator[tuple[int, str]]:
    """(1-based column, character) of the code from ``start`` on: strings and the ``//``
    comment are skipped."""
    in_string = False
    i = max(start - 1, 0)
    while i < len(line):
        ch = line[i]
        if in_string:
            if ch == '"':
                if line[i + 1 : i + 2] == '"':
                    i += 2
                    continue
                in_string = False
        elif ch == '"':
            in_string = True
        elif line.startswith("//", i):
            return
        else:
            yield i + 1, ch
        i += 1
