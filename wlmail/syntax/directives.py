"""Conditional compilation: ``<COMPILE SI …>`` / ``<SINON SI …>`` / ``<SINON>`` / ``<FIN>``.

https://doc.pcsoft.fr/?1510021 (``<COMPILE SI Configuration = "…" OU TypeConfiguration = Android>``)
and https://doc.pcsoft.fr/?1510028 (``<SI CibleExécution = Site>``). The code of a branch that is
not taken is not compiled at all, so it is blanked out here, before any token is made: lines,
columns and the text outside the directives stay exactly where they were (errors point at the
script as written, and ``translate`` rewrites only the tokens of the branches that are kept).

The configuration is chosen by ``wlmail run|check --configuration NAME``; without it, the
configuration is the executable's (``Exécutable Windows``, of type ``ExécutableWindows``):
ruling written in the README.
"""

from __future__ import annotations

import re

from wlmail.catalog import Catalog, fold

DEFAULT_CONFIGURATION = "Exécutable Windows"
_current = [DEFAULT_CONFIGURATION]
# what `TypeConfiguration` / `CibleExécution` match for the default configuration
_DEFAULT_TYPES = frozenset(
    {
        "executablewindows",
        "windowsexecutable",
        "windows",
        "applicationwindows",
        "windowsapplication",
    }
)

_LINE = re.compile(r"^[ \t]*<(?P<body>[^\n>]*(?:>[^\n>]*)*?)>[ \t]*(?://[^\n]*)?\r?$", re.M)
_TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"]|"")*")|(?P<op><>|!=|=)|(?P<par>[()])|(?P<word>[^\W\d]\w*|\d+))'
)


def set_configuration(name: str | None) -> None:
    """The configuration `<COMPILE SI>` tests (None: the executable's)."""
    _current[0] = name or DEFAULT_CONFIGURATION


def configuration() -> str:
    return _current[0]


def _squash(text: str) -> str:
    return fold(text).replace(" ", "").replace("_", "")


class DirectiveError(Exception):
    def __init__(self, msg_id: str, pos: int) -> None:
        super().__init__(msg_id)
        self.msg_id, self.pos = msg_id, pos


def has_directives(text: str) -> bool:
    return "<" in text and _LINE.search(text) is not None


def apply(text: str, cat: Catalog) -> str:
    """``text`` with directive lines and the branches not taken replaced by spaces."""
    out = list(text)
    # one frame per open `<COMPILE SI>`: [this branch is compiled, a branch was taken, where]
    stack: list[tuple[bool, bool, int]] = []
    segment = 0  # where the code since the last directive line starts
    for m in _LINE.finditer(text):
        kind, cond = _classify(m.group("body"), cat)
        if kind is None:
            continue
        start, end = m.start(), m.end()
        active = all(frame[0] for frame in stack)
        outer = all(frame[0] for frame in stack[:-1])
        if kind == "if":
            taken = active and _evaluate(cond, cat, start)
            stack.append((taken, taken, start))
        elif not stack:
            raise DirectiveError("directive_without_if", start)
        elif kind == "elif":
            _, done, where = stack[-1]
            taken = outer and not done and _evaluate(cond, cat, start)
            stack[-1] = (taken, done or taken, where)
        elif kind == "else":
            _, done, where = stack[-1]
            stack[-1] = (outer and not done, True, where)
        else:
            stack.pop()
        _blank(out, text, start if active else segment, end)
        segment = end
    if stack:
        raise DirectiveError("unclosed_directive", stack[-1][2])
    return "".join(out)


def _blank(out: list[str], text: str, start: int, end: int) -> None:
    for i in range(start, end):
        if text[i] not in "\r\n":
            out[i] = " "


def _classify(body: str, cat: Catalog) -> tuple[str | None, str]:
    words = body.split()
    if not words:
        return None, ""
    first = fold(words[0])
    two = " ".join(fold(w) for w in words[:2])
    meaning = cat.keyword_words.get(first, ())
    phrase = {ident for parts, ident in cat.phrases.get(first, ()) if " ".join(parts) == two}
    if "COMPILE_IF" in phrase:
        return "if", body.split(None, 2)[2] if len(words) > 2 else ""
    if "IF" in meaning and len(words) > 1 and _is_target(words[1], cat):
        return "if", body.split(None, 1)[1]
    if "ELSE" in meaning and len(words) > 1 and "IF" in cat.keyword_words.get(fold(words[1]), ()):
        return "elif", body.split(None, 2)[2] if len(words) > 2 else ""
    if len(words) == 1 and "ELSE" in meaning:
        return "else", ""
    if len(words) == 1 and "END" in meaning:
        return "end", ""
    return None, ""


def _is_target(word: str, cat: Catalog) -> bool:
    head = re.match(r"[^\W\d]\w*", word)
    ids = cat.keyword_words.get(fold(head.group(0)), ()) if head else ()
    return bool({"CONFIGURATION", "CONFIGURATION_TYPE", "EXECUTION_TARGET"} & set(ids))


def _evaluate(cond: str, cat: Catalog, pos: int) -> bool:
    """``A = v``, ``A <> v`` joined by ET/OU (left to right, like the language), PAS, ( )."""
    tokens: list[tuple[str, str]] = []
    at = 0
    while at < len(cond) and cond[at:].strip():
        m = _TOKEN.match(cond, at)
        if m is None:
            raise DirectiveError("bad_directive", pos)
        kind = m.lastgroup or ""
        tokens.append((kind, m.group(kind)))
        at = m.end()
    value, rest = _or(tokens, cat, pos)
    if rest:
        raise DirectiveError("bad_directive", pos)
    return value


def _kw(tok: tuple[str, str], cat: Catalog) -> tuple[str, ...]:
    return cat.keyword_words.get(fold(tok[1]), ()) if tok[0] == "word" else ()


Tokens = list[tuple[str, str]]


def _or(tokens: Tokens, cat: Catalog, pos: int) -> tuple[bool, Tokens]:
    value, rest = _atom(tokens, cat, pos)
    while rest and {"AND", "OR", "AND_SC", "OR_SC"} & set(_kw(rest[0], cat)):
        is_and = {"AND", "AND_SC"} & set(_kw(rest[0], cat))
        right, rest = _atom(rest[1:], cat, pos)
        value = (value and right) if is_and else (value or right)
    return value, rest


def _atom(tokens: Tokens, cat: Catalog, pos: int) -> tuple[bool, Tokens]:
    if not tokens:
        raise DirectiveError("bad_directive", pos)
    if "NOT" in _kw(tokens[0], cat):
        value, rest = _atom(tokens[1:], cat, pos)
        return not value, rest
    if tokens[0] == ("par", "("):
        value, rest = _or(tokens[1:], cat, pos)
        if not rest or rest[0] != ("par", ")"):
            raise DirectiveError("bad_directive", pos)
        return value, rest[1:]
    if len(tokens) < 3 or tokens[1][0] != "op" or tokens[2][0] not in ("str", "word"):
        raise DirectiveError("bad_directive", pos)
    subject = set(_kw(tokens[0], cat))
    raw = tokens[2][1]
    wanted = raw[1:-1].replace('""', '"') if tokens[2][0] == "str" else raw
    if "CONFIGURATION" in subject:
        same = fold(wanted) == fold(configuration())
    elif subject & {"CONFIGURATION_TYPE", "EXECUTION_TARGET"}:
        same = _matches_type(wanted)
    else:
        raise DirectiveError("bad_directive", pos)
    return (same if tokens[1][1] == "=" else not same), tokens[3:]


def _matches_type(wanted: str) -> bool:
    current = configuration()
    if current == DEFAULT_CONFIGURATION:
        return _squash(wanted) in _DEFAULT_TYPES
    return _squash(wanted) == _squash(current)
