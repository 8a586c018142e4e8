"""The LALR parser: grammar from ``grammar/wlangage.lark``, tables cached in the user cache dir.

Errors become :class:`WLSyntaxError` with ``file:line:col``, what was expected, and — for an
unclosed block — which block is missing its ``FIN``, in the language of the script.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path
from typing import Any

import lark
from lark import Lark, Token
from lark.exceptions import UnexpectedInput, UnexpectedToken, VisitError

from wlmail.catalog import Catalog, get_catalog
from wlmail.errors import WLIncompleteInput, WLSyntaxError
from wlmail.resources import read_text
from wlmail.syntax import nodes as n
from wlmail.syntax.build import Builder
from wlmail.syntax.lexer import OPERATORS, WLLexer, detect_lang

OPENERS = {
    "IF": "if",
    "SWITCH": "switch",
    "FOR": "for",
    "WHILE": "while",
    "LOOP": "loop",
    "WHEN_EXCEPTION_IN": "exception",
    "WHEN_EXCEPTION": "exception",
    "INTERNAL_PROC": "proc",
    "CONSTANT": "const",
    "STRUCTURE": "struct",
}
_SYMBOLS = {ttype: op for op, ttype in OPERATORS.items()}


def _cache_path(grammar: str) -> str | None:
    """An explicit cache file in the user cache dir (never a shared temp dir)."""
    try:
        import platformdirs

        base = Path(platformdirs.user_cache_dir("wlmail"))
        base.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    key = hashlib.sha256(grammar.encode()).hexdigest()[:16]
    return str(base / f"grammar-{key}-lark{lark.__version__}.cache")


@cache
def get_parser() -> Lark:
    """Build (or load from cache) the LALR parser with the inline AST builder."""
    grammar = read_text("grammar", "wlangage.lark")
    builder = Builder(_parse_interpolated)
    options: dict[str, Any] = dict(
        parser="lalr",
        lexer=WLLexer,
        transformer=builder,
        start=["start", "expr"],
        maybe_placeholders=False,
        strict=True,
    )
    path = None if os.environ.get("WLMAIL_NO_GRAMMAR_CACHE") else _cache_path(grammar)
    if path:
        try:
            return Lark(grammar, cache=path, **options)
        except OSError:
            pass
    return Lark(grammar, **options)


def _lexer(parser: Lark) -> WLLexer:
    lexer: Any = parser.parser.lexer
    found = lexer if isinstance(lexer, WLLexer) else lexer.lexer
    assert isinstance(found, WLLexer)
    return found


def parse_program(
    text: str,
    filename: str = "<script>",
    tokens: list[Token] | None = None,
    lang: str | None = None,
) -> n.Program:
    """Parse a whole script; ``tokens`` (if given) receives every token with its final type."""
    lang = lang or detect_lang(text)
    tree = _parse(text, filename, "start", lang, tokens)
    assert isinstance(tree, n.Program)
    tree.filename, tree.text, tree.lang = filename, text, lang
    return tree


def parse_expression(text: str, filename: str = "<expr>", lang: str = "fr") -> n.Node:
    node = _parse(text, filename, "expr", lang, None)
    assert isinstance(node, n.Node)
    return node


def _parse_interpolated(text: str, line: int, col: int) -> n.Node:
    """Parse the expression inside ``[% %]`` of a string literal (positions of the string)."""
    try:
        node = parse_expression(text.strip())
    except WLSyntaxError as err:
        raise WLSyntaxError(err.message, err.filename, line, col) from None
    _relocate(node, line, col)
    return node


def _relocate(node: Any, line: int, col: int) -> None:
    if isinstance(node, n.Node):
        node.line, node.col = line, col
        for slot in type(node).__slots__:
            _relocate(getattr(node, slot, None), line, col)
    elif isinstance(node, list | tuple):
        for item in node:
            _relocate(item, line, col)


def _parse(text: str, filename: str, start: str, lang: str, tokens: list[Token] | None) -> Any:
    parser = get_parser()
    lexer = _lexer(parser)
    saved = lexer.filename, lexer.sink
    lexer.filename, lexer.sink = filename, tokens
    try:
        return parser.parse(text, start=start)
    except UnexpectedInput as err:
        raise _syntax_error(err, text, filename, lang) from None
    except VisitError as err:
        if isinstance(err.orig_exc, WLSyntaxError):
            raise err.orig_exc from None
        raise
    finally:
        lexer.filename, lexer.sink = saved


def describe(ttype: str, cat: Catalog, lang: str) -> str:
    """How a token type is shown to the user: keyword spelling, symbol or a word."""
    if ttype in cat.keywords:
        return cat.keyword_name(ttype, lang)
    if ttype in _SYMBOLS:
        return f"'{_SYMBOLS[ttype]}'"
    return cat.message(f"token_{ttype.lower().lstrip('_$')}", lang)


def _open_block(err: UnexpectedToken) -> Token | None:
    ip = err.interactive_parser
    stack = ip.parser_state.value_stack if ip is not None else []
    for value in reversed(stack):
        if isinstance(value, Token) and value.type in OPENERS:
            return value
    return None


def _syntax_error(err: UnexpectedInput, text: str, filename: str, lang: str) -> WLSyntaxError:
    cat = get_catalog()
    line, col = err.line, err.column
    if not isinstance(err, UnexpectedToken):
        return WLSyntaxError(cat.message("syntax", lang), filename, line, col)
    tok = err.token
    at_end = tok.type == "$END"
    if at_end:
        line, col = _end_position(text)
    expected = sorted(err.expected - {"$END"})
    opener = _open_block(err)
    if (
        opener is not None
        and "END" in err.expected | _loop_tails(err.expected)
        and (at_end or tok.type in ("PROCEDURE",))
    ):
        msg = cat.message(
            "missing_end",
            lang,
            end=cat.keyword_name("END", lang),
            block=cat.keyword_name(opener.type, lang),
            line=opener.line,
        )
        cls = WLIncompleteInput if at_end else WLSyntaxError
        return cls(msg, filename, line, col)
    shown = ", ".join(describe(t, cat, lang) for t in expected[:8])
    found = describe(tok.type, cat, lang) if at_end or not str(tok) else f"'{tok}'"
    msg = cat.message("unexpected", lang, found=found, expected=shown)
    cls = WLIncompleteInput if at_end else WLSyntaxError
    return cls(msg, filename, line, col)


def _loop_tails(expected: set[str]) -> set[str]:
    return {"END"} if "DO_WHILE" in expected else set()


def _end_position(text: str) -> tuple[int, int]:
    lines = text.rstrip("\n").split("\n")
    return len(lines), len(lines[-1]) + 1 if lines else 1
