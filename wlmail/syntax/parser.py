"""The LALR parser: tables from :mod:`wlmail.syntax.tables`, run by a loop of our own.

The loop is also the contextual lexer: a word the catalog knows as a keyword becomes the first
of its meanings that the current state accepts (``A`` is TO in a POUR header, a name
elsewhere). Errors become :class:`WLSyntaxError` with ``file:line:col``, what was expected
and, for an unclosed block, which block is missing its ``FIN`` — in the language of the script.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from wlmail.catalog import Catalog, fold, get_catalog
from wlmail.errors import WLIncompleteInput, WLSyntaxError
from wlmail.syntax import nodes as n
from wlmail.syntax import slips
from wlmail.syntax.build import Builder, Inline
from wlmail.syntax.lexer import OPERATORS, Scanner, choose, detect_lang
from wlmail.syntax.tables import load_tables
from wlmail.syntax.tokens import Token, make_token

OPENERS = {
    "IF",
    "SWITCH",
    "FOR",
    "WHILE",
    "LOOP",
    "WHEN_EXCEPTION_IN",
    "WHEN_EXCEPTION",
    "INTERNAL_PROC",
    "CONSTANT",
    "STRUCTURE",
    "CLASS",
    "INTERFACE",
    "ENUMERATION",
}
_SYMBOLS = {ttype: op for op, ttype in OPERATORS.items()}
_SYMBOLS["RDSQB"] = "]]"  # made by the scanner from two `]`, not in the operator table
Callback = Callable[[list[Any]], Any]


def _callback(
    builder: Builder,
    origin: str,
    alias: str,
    spec: tuple[tuple[int, bool], ...],
    expand1: bool,
    length: int,
) -> Callback:
    """What a reduction does: keep the significant children, splice ``_rules``, build."""
    build = None if origin.startswith("_") else getattr(builder, alias or origin, None)
    plain = all(not splice for _, splice in spec)
    keep = [i for i, _ in spec]
    everything = plain and keep == list(range(length))  # the slice the parser passes is ours

    def reduce(children: list[Any]) -> Any:
        if everything:
            kept = children
        elif plain:
            kept = [children[i] for i in keep]
        else:
            kept = []
            for n_item, (i, splice) in enumerate(spec):
                child = children[i]
                if splice and isinstance(child, Inline):
                    if n_item == 0 and build is None:
                        # `(x)*` grows one item per reduction: extend in place, not by copy
                        # (copying made parsing quadratic in the number of statements)
                        kept = child
                    else:
                        kept.extend(child)
                else:
                    kept.append(child)
        if build is None:
            return Inline(kept)
        if expand1 and len(kept) == 1:
            return kept[0]
        return build(kept)

    return reduce


class Driver:
    """The LALR automaton with the AST builder plugged into its reductions."""

    def __init__(self, tables: dict[str, Any] | None = None) -> None:
        tables = tables or load_tables()
        builder = Builder(_parse_interpolated)
        callbacks: list[Callback | None] = []
        for origin, alias, spec, expand1, length in tables["rules"]:
            # `?rule: x` (one symbol, no alias) hands its child up unchanged, and so does a
            # `_rule: x` (its parent splices an Inline or takes a single value alike)
            single = length == 1 and len(spec) == 1
            unit = single and (origin.startswith("_") or (expand1 and not spec[0][1]))
            callbacks.append(
                None if unit else _callback(builder, origin, alias, spec, expand1, length)
            )
        self.rows: dict[int, dict[str, Any]] = {}
        for state, row in tables["states"].items():
            self.rows[state] = {
                term: act if type(act) is int else (act[0], act[1], callbacks[act[2]])
                for term, act in row.items()
            }
        self.start_states: dict[str, int] = tables["start"]
        self.end_states: dict[str, int] = tables["end"]
        self.catalog: Catalog = get_catalog()
        # (state below, state on top, lookahead) -> state after a chain of unit reductions
        self.units: dict[tuple[int, int, str], int] = {}

    def parse(
        self, text: str, filename: str, start: str, sink: list[Token] | None, first_line: int = 1
    ) -> Any:
        rows, cat, units = self.rows, self.catalog, self.units
        words, soft = cat.keyword_words, cat.soft_words
        states: list[int] = [self.start_states[start]]
        values: list[Any] = []
        scanner = Scanner(text, filename, cat)
        scanner.line = first_line  # a project's file gets a line range of its own
        expr_mode = start == "expr"
        end_state = self.end_states[start]
        tokens = scanner.tokens()
        pending: list[Token] = []
        end = None
        while True:
            tok = pending.pop() if pending else next(tokens, None)
            if tok is None:
                end = tok = make_token("$END", "", len(text), len(text), scanner.line, 1)
            ttype = tok.type
            if ttype == "WORD":
                key = fold(tok.value)
                cands = words.get(key)
                ttype = choose(cands, rows[states[-1]], key in soft) if cands else "NAME"
                if ttype in _NAME_LIKE and "NAME" in rows[states[-1]]:
                    ttype = _name_or_keyword(ttype, tok, text, values, words)
                if ttype == "EXTERN" and not _extern_operand(text, tok.end_pos):
                    ttype = "NAME"  # `Externe()`, `Externe = 1`: a procedure or a variable
                tok.type = scanner.last = ttype
            elif ttype == "_NL" and expr_mode:
                continue  # a lone expression (``[% %]``, the REPL) has no statement breaks
            elif ttype in _CONTEXTUAL and not self._shifts(states, ttype):
                ttype, tok = _contextual(tok, pending)
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

    def _shifts(self, states: list[int], ttype: str) -> bool:
        """Would ``ttype`` be shifted here, after the reductions it triggers? (An LALR row
        also holds reductions for lookaheads that a later state then refuses.)"""
        rows, stack = self.rows, list(states)
        while True:
            action = rows[stack[-1]].get(ttype)
            if action is None:
                return False
            if type(action) is int:
                return True
            size, origin = action[0], action[1]
            if size:
                del stack[-size:]
            stack.append(rows[stack[-1]][origin])

    def _unit_chain(self, below: int, top: int, ttype: str) -> int:
        rows = self.rows
        action = rows[top].get(ttype)
        while isinstance(action, tuple) and action[2] is None:
            top = rows[below][action[1]]
            action = rows[top].get(ttype)
        return top


# Keywords of issue 13 that real code also uses as names (`Objet = "Bonjour"`, a procedure
# `Libérer()`): followed by `(`, by `est`/`is`, or by `=` at the start of a statement, they are
# names.
_NAME_LIKE = frozenset({"OBJECT", "SELF", "ANCESTOR", "NEW", "DELETE", "CONSTRUCTOR"})
_AFTER = re.compile(r"[ \t]*(?:(\()|(=)(?![=\]])|([^\W\d]\w*))")


def _name_or_keyword(
    ttype: str, tok: Token, text: str, values: list[Any], words: dict[str, tuple[str, ...]]
) -> str:
    m = _AFTER.match(text, tok.end_pos)
    if m is None:
        return ttype
    paren, eq, word = m.groups()
    at_start = not values or (isinstance(values[-1], Token) and values[-1].type == "_NL")
    if paren or (eq and at_start) or (word and {"IS", "ARE"} & set(words.get(fold(word), ()))):
        tok.type = "NAME"
        return "NAME"
    return ttype


# `:` that no rule can take here starts `:membre`; `<-` that is no reference assignment here is
# `<` then `-` (`SI x<-1`)
_CONTEXTUAL = ("COLON", "LARROW")


def _contextual(tok: Token, pending: list[Token]) -> tuple[str, Token]:
    if tok.type == "COLON":
        tok.type = "MCOLON"
        return "MCOLON", tok
    lt = make_token("LT", "<", tok.start_pos, tok.start_pos + 1, tok.line, tok.column)
    pending.append(
        make_token("MINUS", "-", tok.start_pos + 1, tok.end_pos, tok.line, tok.column + 1)
    )
    return "LT", lt


class _Unexpected(Exception):
    def __init__(
        self, token: Token, row: dict[str, Any], values: list[Any], scanner: Scanner
    ) -> None:
        super().__init__(token)
        self.token = token
        self.expected = {k for k in row if k.isupper() or k in ("_NL", "$END")}
        self.values = values
        self.scanner = scanner


@cache
def get_driver() -> Driver:
    return Driver()


def _extern_operand(text: str, pos: int) -> bool:
    """``EXTERNE`` is the keyword only before its operand: a string or a name."""
    rest = text[pos : pos + 80].lstrip(" \t")
    return bool(rest) and (rest[0] == '"' or rest[0].isalpha() or rest[0] == "_")


def parse_program(
    text: str,
    filename: str = "<script>",
    tokens: list[Token] | None = None,
    lang: str | None = None,
    first_line: int = 1,
) -> n.Program:
    """Parse a whole script; ``tokens`` (if given) receives every token with its final type.
    ``first_line``: the number of its first line (a file of a project, wlmail/project.py)."""
    lang = lang or detect_lang(text)
    tree = _parse(text, filename, "start", lang, tokens, first_line)
    assert isinstance(tree, n.Program)
    tree.filename, tree.text, tree.lang = filename, text, lang
    return tree


def parse_expression(text: str, filename: str = "<expr>", lang: str = "fr") -> n.Node:
    node = _parse(text, filename, "expr", lang, None)
    assert isinstance(node, n.Node)
    return node


def _parse(
    text: str,
    filename: str,
    start: str,
    lang: str,
    tokens: list[Token] | None,
    first_line: int = 1,
) -> Any:
    try:
        return get_driver().parse(text, filename, start, tokens, first_line)
    except _Unexpected as err:
        raise _syntax_error(err, text, filename, lang) from None


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
    line, col = tok.line, tok.column
    scanner = err.scanner
    if scanner.opened and text.count("\n", scanner.opened[-1], tok.start_pos):
        # a bracket left open swallowed the line breaks: the bracket is the real problem
        pos = scanner.opened[-1]
        return scanner.error("unclosed_bracket", pos, bracket=text[pos])
    at_end = tok.type == "$END"
    if at_end:
        line, col = _end_position(text)
    cls = WLIncompleteInput if at_end else WLSyntaxError
    opener = _open_block(err)
    closes = "END" in err.expected or "DO_WHILE" in err.expected
    if opener is not None and closes and (at_end or tok.type == "PROCEDURE"):
        aligned = _misplaced_end(text, filename, lang)
        if aligned is not None:
            return cls(aligned[0], filename, aligned[1], aligned[2])
        msg = cat.message(
            "missing_end",
            lang,
            end=cat.keyword_name("END", lang),
            block=cat.keyword_name(opener.type, lang),
            line=opener.line,
        )
        return cls(msg, filename, line, col)
    previous = err.values[-1] if err.values and isinstance(err.values[-1], Token) else None
    slip = slips.explain_equal(tok, text, cat, lang) or slips.explain_eol(tok, previous, cat, lang)
    if slip is not None:
        return cls(slip[0], filename, slip[1], slip[2])
    shown = ", ".join(describe(t, cat, lang) for t in sorted(err.expected - {"$END"})[:8])
    if at_end or tok.type == "_NL":
        msg = cat.message("unexpected_eof" if at_end else "unexpected_eol", lang, expected=shown)
    else:
        msg = cat.message("unexpected", lang, found=f"'{tok}'", expected=shown)
    return cls(msg, filename, line, col)


def _misplaced_end(text: str, filename: str, lang: str) -> slips.Slip | None:
    """Parse again keeping the tokens, and ask the indentation which block lacks its FIN."""
    tokens: list[Token] = []
    try:
        get_driver().parse(text, filename, "start", tokens)
    except _Unexpected:
        pass
    return slips.misplaced_end(tokens, text, get_catalog(), lang)


def _end_position(text: str) -> tuple[int, int]:
    lines = text.rstrip("\n").split("\n")
    return len(lines), len(lines[-1]) + 1 if lines else 1
