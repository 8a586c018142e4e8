"""LALR tables of ``grammar/wlangage.lark``, built by Lark once and kept as plain data.

Lark is the grammar compiler: it checks the grammar (``strict``: any conflict is an error) and
computes the LALR(1) automaton. The automaton and the rules' shapes are then saved with
``marshal`` in the user cache directory, keyed by the grammar's hash, so ``wlmail run`` loads a
few kilobytes instead of importing Lark (whose import alone costs more than the rest of a run).
"""

from __future__ import annotations

import hashlib
import marshal
from functools import cache
from typing import Any

from wlmail.catalog import cache_file, write_atomically
from wlmail.resources import read_text

FORMAT = 2
START_SYMBOLS = ["start", "expr"]

# One rule: (origin, alias, children spec, expand1, length). Spec items: (index, splice) where
# splice means the child is an inlined `_rule` whose own children take its place.
RuleShape = tuple[str, str, tuple[tuple[int, bool], ...], bool, int]


def build_lark(grammar: str | None = None, **options: Any) -> Any:
    """The Lark LALR parser for the grammar (strict: conflicts are errors)."""
    from lark import Lark
    from lark.lexer import Lexer

    class NoLexer(Lexer):  # tokens come from wlmail.syntax.lexer, never from Lark
        def __init__(self, conf: Any) -> None:
            pass

        def lex(self, *args: Any) -> Any:
            raise NotImplementedError

    text = grammar if grammar is not None else read_text("grammar", "wlangage.lark")
    return Lark(
        text,
        parser="lalr",
        lexer=NoLexer,
        strict=True,
        start=START_SYMBOLS,
        maybe_placeholders=False,
        **options,
    )


def compute_tables(grammar: str) -> dict[str, Any]:
    """Run Lark's LALR analysis and flatten its result into marshal-able data."""
    from lark.parsers.lalr_analysis import Shift

    lark = build_lark(grammar)
    inner = lark.parser.parser.parser
    rules: list[RuleShape] = []
    index: dict[Any, int] = {}
    states: dict[int, dict[str, Any]] = {}
    for state, actions in inner.parse_table.states.items():
        row: dict[str, Any] = {}
        for term, (action, arg) in actions.items():
            term = str(term)  # lark's names can be str subclasses, which marshal refuses
            if action is Shift:
                row[term] = int(arg)
                continue
            if arg not in index:
                index[arg] = len(rules)
                rules.append(_shape(arg))
            row[term] = (len(arg.expansion), str(arg.origin.name), index[arg])
        states[int(state)] = row
    return {
        "format": FORMAT,
        "states": states,
        "rules": rules,
        "start": {str(k): int(v) for k, v in inner.parse_table.start_states.items()},
        "end": {str(k): int(v) for k, v in inner.parse_table.end_states.items()},
    }


def _shape(rule: Any) -> RuleShape:
    spec = tuple(
        (i, not sym.is_term and sym.name.startswith("_"))
        for i, sym in enumerate(rule.expansion)
        if not (sym.is_term and (sym.filter_out or sym.name.startswith("_")))
    )
    alias = str(rule.alias) if rule.alias else ""
    expand1 = bool(rule.options.expand1 and not alias)
    return (str(rule.origin.name), alias, spec, expand1, len(rule.expansion))


@cache
def load_tables() -> dict[str, Any]:
    """The tables, from the cache when the grammar has not changed."""
    grammar = read_text("grammar", "wlangage.lark")
    key = hashlib.sha256(f"{FORMAT}\n{grammar}".encode()).hexdigest()[:20]
    path = cache_file(f"tables-{key}.marshal")
    if path is not None:
        try:
            data: dict[str, Any] = marshal.loads(path.read_bytes())
            if data.get("format") == FORMAT:
                return data
        except (OSError, ValueError, EOFError, TypeError):
            pass
    data = compute_tables(grammar)
    if path is not None:
        write_atomically(path, marshal.dumps(data))
    return data
