"""Friendly messages for the typical slips of a WINDEV developer (issue 16).

The LALR parser knows which tokens it expected; that is parser-speak for three everyday slips,
which get a message of their own here (the parser's error path calls :func:`explain`):

* ``SI n == 2``: ``==`` is not WLangage, a comparison is a single ``=``;
* a line that ends with an operator or a comma (``s = "a" +``) without the ``...`` that
  continues a statement on the next line;
* a missing ``FIN`` is blamed on the outermost open block when the file ends; the indentation
  usually shows which one lacks it: the ``FIN`` aligned with an outer block closes that block,
  so the inner block opened more deeply is the one missing its ``FIN``.

Anything else keeps the parser's message.
"""

from __future__ import annotations

from collections.abc import Iterable

from wlmail.catalog import Catalog
from wlmail.syntax.tokens import Token

__all__ = ["Slip", "explain_eol", "explain_equal", "misplaced_end"]

#: tokens that cannot end a statement: the line must go on (with ``...``)
CONTINUING = {
    "PLUS": "+",
    "MINUS": "-",
    "STAR": "*",
    "SLASH": "/",
    "COMMA": ",",
    "EQ": "=",
    "AND": "",
    "OR": "",
    "LT": "<",
    "GT": ">",
    "LE": "<=",
    "GE": ">=",
    "NE": "<>",
}

Slip = tuple[str, int, int]  # message, line, column


def explain_equal(tok: Token, text: str, cat: Catalog, lang: str) -> Slip | None:
    """``==``: the second ``=`` is unexpected right after the first."""
    if tok.value != "=" or tok.start_pos == 0 or text[tok.start_pos - 1] != "=":
        return None
    return cat.message("double_equal", lang), tok.line, max(tok.column - 1, 1)


def explain_eol(tok: Token, previous: Token | None, cat: Catalog, lang: str) -> Slip | None:
    """An operator or a comma at the end of a line: ``...`` is missing."""
    if tok.type != "_NL" or previous is None or previous.line != tok.line:
        return None
    if previous.type not in CONTINUING:
        return None
    shown = CONTINUING[previous.type] or str(previous.value)
    message = cat.message("missing_continuation", lang, op=shown)
    return message, tok.line, tok.column


def misplaced_end(tokens: Iterable[Token], text: str, cat: Catalog, lang: str) -> Slip | None:
    """The first ``FIN`` written at the indentation of an outer open block: the block opened
    in between is the one that misses its ``FIN`` (``None`` when the indentation says nothing).
    """
    from wlmail.syntax.parser import OPENERS

    lines = text.split("\n")

    def indent(line: int) -> int:
        src = lines[line - 1] if 0 < line <= len(lines) else ""
        return len(src.expandtabs(4)) - len(src.lstrip(" \t").expandtabs(4))

    stack: list[Token] = []
    statement: list[Token] = []
    for tok in (*tokens, None):
        if tok is not None and tok.type != "_NL":
            statement.append(tok)
            continue
        if statement:
            first = statement[0]
            opens = first.type in OPENERS and (first.type != "IF" or statement[-1].type == "THEN")
            if first.type == "PROCEDURE":
                stack.clear()
            elif opens:
                stack.append(first)
            elif first.type in ("END", "DO_WHILE") and stack:
                inner, column = stack[-1], indent(first.line)
                outer = next((o for o in reversed(stack[:-1]) if indent(o.line) == column), None)
                if column < indent(inner.line) and outer is not None:
                    message = cat.message(
                        "missing_end_aligned",
                        lang,
                        end=cat.keyword_name("END", lang),
                        block=cat.keyword_name(inner.type, lang),
                        line=inner.line,
                        end_line=first.line,
                        outer=cat.keyword_name(outer.type, lang),
                        outer_line=outer.line,
                    )
                    return message, inner.line, inner.column
                stack.pop()
        statement = []
    return None
