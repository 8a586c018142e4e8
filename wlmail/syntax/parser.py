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
from lark.parsers.lalr_analysis import Shift

from wlmail.catalog import Catalog, fold, get_catalog
from wlmail.errors import WLIncompleteInput, WLSyntaxError
from wlmail.resources import read_text
from wlmail.syntax import nodes as n
from wlmail.syntax.build import Builder
from wlmail.syntax.lexer import OPERATORS, Scanner, WLLexer, _choose, detect_lang

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
        for value in vars(node).values():
            _relocate(value, line, col)
    elif isinstance(node, list | tuple):
        for item in node:
            _relocate(item, line, col)


class Driver:
    """The LALR automaton of the Lark parser, run by a loop of our own.

    Same tables, same inline builder as ``Lark.parse``; the loop resolves each word of the
    scanner against the current state (the contextual lexer) and avoids hashing grammar rules
    on every reduction, which doubles the parse speed.
    """

    def __init__(self, parser: Lark) -> None:
        inner: Any = parser.parser.parser.parser  # frontend -> LALR_Parser -> _Parser
        table, callbacks = inner.parse_table, inner.callbacks
        self.rows: dict[int, dict[str, Any]] = {}
        for state, actions in table.states.items():
            row: dict[str, Any] = {}
            for term, (action, arg) in actions.items():
                if action is Shift:
                    row[term] = arg
                elif _passes_through(arg):
                    row[term] = (1, arg.origin.name, None)
                else:
                    row[term] = (len(arg.expansion), arg.origin.name, callbacks[arg])
            self.rows[state] = row
        self.start_states: dict[str, int] = table.start_states
        self.end_states: dict[str, int] = table.end_states
        self.catalog = get_catalog()
        # (state below, state on top, lookahead) -> state after a chain of unit reductions
        self.units: dict[tuple[int, int, str], int] = {}

    def parse(self, text: str, filename: str, start: str, sink: list[Token] | None) -> Any:
        rows, cat, units = self.rows, self.catalog, self.units
        words, soft = cat.keyword_words, cat.soft_words
        states: list[int] = [self.start_states[start]]
        values: list[Any] = []
        scanner = Scanner(text, filename, cat)
        expr_mode = start == "expr"
        end_state = self.end_states[start]
        tokens = scanner.tokens()
        end = None
        while True:
            tok = next(tokens, None)
            if tok is None:
                end = Token("$END", "", len(text), scanner.line, 1, scanner.line, 1, len(text))
                tok = end
            ttype = tok.type
            if ttype == "WORD":
                key = fold(tok.value)
                cands = words.get(key)
                ttype = _choose(cands, rows[states[-1]], key in soft) if cands else "NAME"
                tok.type = scanner.last = ttype
            elif ttype == "_NL" and expr_mode:
                continue  # a lone expression (``[% %]``, the REPL) has no statement breaks
            if sink is not None and end is None:
                sink.append(tok)
            while True:
                top = states[-1]
                action = rows[top].get(ttype)
                if action is None:
                    raise _Unexpected(tok, rows[top], values, scanner)
                if type(action) is int:
                    states.append(action)
                    values.append(tok)
                    break
                size, origin, callback = action
                if callback is None:  # `?rule: x` passes its child up: skip the whole chain
                    below = states[-2]
                    after = units.get((below, top, ttype))
                    if after is None:
                        after = units[(below, top, ttype)] = self._unit_chain(below, top, ttype)
                    states[-1] = after
                    if after == end_state and end is not None:
                        return values[-1]
                    continue
                if size:
                    children = values[-size:]
                    del states[-size:]
                    del values[-size:]
                else:
                    children = []
                values.append(callback(children))
                states.append(rows[states[-1]][origin])
                if states[-1] == end_state and end is not None:
                    return values[-1]

    def _unit_chain(self, below: int, top: int, ttype: str) -> int:
        rows = self.rows
        action = rows[top].get(ttype)
        while isinstance(action, tuple) and action[2] is None:
            top = rows[below][action[1]]
            action = rows[top].get(ttype)
        return top


def _passes_through(rule: Any) -> bool:
    """A ``?rule`` reduced from one child returns that child unchanged."""
    return bool(rule.options.expand1 and len(rule.expansion) == 1 and not rule.alias)


class _Unexpected(Exception):
    def __init__(
        self, token: Token, row: dict[str, Any], values: list[Any], scanner: Scanner
    ) -> None:
        super().__init__(token)
        self.token = token
        self.expected = {k for k in row if k.isupper() or k.startswith("_") or k == "$END"}
        self.values = values
        self.scanner = scanner


@cache
def get_driver() -> Driver:
    return Driver(get_parser())


def _parse(text: str, filename: str, start: str, lang: str, tokens: list[Token] | None) -> Any:
    try:
        return get_driver().parse(text, filename, start, tokens)
    except _Unexpected as err:
        raise _syntax_error(err, text, filename, lang) from None


def describe(ttype: str, cat: Catalog, lang: str) -> str:
    """How a token type is shown to the user: keyword spelling, symbol or a word."""
    if ttype in cat.keywords:
        return cat.keyword_name(ttype, lang)
    if ttype in _SYMBOLS:
        return f"'{_SYMBOLS[ttype]}'"
    return cat.message(f"token_{ttype.lower().lstrip('_$')}", lang)


def _open_block(err: _Unexpected) -> Token | None:
    for value in reversed(err.values):
        if isinstance(value, Token) and value.type in OPENERS:
            return value
    return None


def _syntax_error(err: _Unexpected, text: str, filename: str, lang: str) -> WLSyntaxError:
    cat = get_catalog()
    tok = err.token
    line, col = tok.line or 0, tok.column or 0
    scanner = err.scanner
    if scanner.opened and text.count("\n", scanner.opened[-1], tok.start_pos or 0):
        # a bracket left open swallowed the line breaks: the bracket is the real problem
        pos = scanner.opened[-1]
        return scanner.error("unclosed_bracket", pos, bracket=text[pos])
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
    if at_end or tok.type == "_NL":
        msg = cat.message("unexpected_eof" if at_end else "unexpected_eol", lang, expected=shown)
    else:
        msg = cat.message("unexpected", lang, found=f"'{tok}'", expected=shown)
    cls = WLIncompleteInput if at_end else WLSyntaxError
    return cls(msg, filename, line, col)


def _loop_tails(expected: set[str]) -> set[str]:
    return {"END"} if "DO_WHILE" in expected else set()


def _end_position(text: str) -> tuple[int, int]:
    lines = text.rstrip("\n").split("\n")
    return len(lines), len(lines[-1]) + 1 if lines else 1
