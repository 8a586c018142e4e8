"""A Pygments lexer for WLangage, its word classes generated from the catalog.

Registered as a Pygments plugin (entry point ``pygments.lexers``: ``wlangage``), so
``pygmentize -l wlangage script.wl`` works once wlmail is installed; the REPL uses it through
prompt_toolkit's ``PygmentsLexer``.

Words are classified by folding them the way the language does (decision 1: case and accents
never matter), so ``procedure`` and ``PROCÉDURE`` get the same colour. The classes come from the
catalog on first use, so importing this module stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from pygments.lexer import RegexLexer, bygroups  # type: ignore[import-untyped,unused-ignore]
from pygments.token import (  # type: ignore[import-untyped,unused-ignore]
    Comment,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Whitespace,
)

from wlmail.catalog import fold, get_catalog

_WORD = re.compile(r"[^\W\d]\w*")
_CALL_AFTER = re.compile(r"[ \t]*\(")
_LITERALS = {"true", "false", "null"}  # catalog constant ids shown as keyword constants


@cache
def word_classes() -> dict[str, Any]:
    """Folded single word → Pygments token type, from the catalog (keywords win over types)."""
    cat = get_catalog()
    classes: dict[str, Any] = {}
    for entry in cat.functions.values():
        for spelling in (*entry.spellings, *entry.methods_fr, *entry.methods_en):
            classes[fold(spelling)] = Name.Builtin
    for entry in cat.constants.values():
        token = Keyword.Constant if entry.id in _LITERALS else Name.Constant
        if isinstance(entry.value, dict) and "type" in entry.value:
            token = Name.Builtin.Pseudo  # a predefined object (the legacy ``Email``)
        for spelling in entry.spellings:
            classes[fold(spelling)] = token
    for entry in cat.types.values():
        for spelling in entry.spellings:
            if " " not in spelling:
                classes[fold(spelling)] = Keyword.Type
    for word in cat.keyword_words:
        classes[word] = Keyword.Type if classes.get(word) is Keyword.Type else Keyword
    return classes


@cache
def _phrases() -> dict[str, list[tuple[str, ...]]]:
    """First folded word → the multi-word keywords it starts (longest first)."""
    cat = get_catalog()
    return {first: [parts for parts, _ in plist] for first, plist in cat.phrases.items()}


def _words_callback(lexer: Any, match: re.Match[str]) -> Iterator[tuple[int, Any, str]]:
    """Classify a run of words: multi-word keywords first (``AUTRE CAS``), then single words."""
    text, base = match.group(), match.start()
    words = [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text)]
    classes, phrases = word_classes(), _phrases()
    pos, i = 0, 0
    while i < len(words):
        start, end, key = words[i]
        if start > pos:
            yield base + pos, Whitespace, text[pos:start]
        token: Any = None
        for parts in phrases.get(key, ()):
            folded = tuple(w[2] for w in words[i : i + len(parts)])
            if folded == parts:
                end = words[i + len(parts) - 1][1]
                i += len(parts)
                token = Keyword
                break
        if token is None:
            i += 1
            token = classes.get(key)
            if token is None:
                follows_call = _CALL_AFTER.match(match.string, base + end)
                token = Name.Function if i == len(words) and follows_call else Name
        yield base + start, token, text[start:end]
        pos = end
    if pos < len(text):
        yield base + pos, Whitespace, text[pos:]


class WLangageLexer(RegexLexer):  # type: ignore[misc,unused-ignore]
    """WLangage (PC SOFT WINDEV, WEBDEV, WINDEV Mobile), French and English spellings."""

    name = "WLangage"
    aliases = ["wlangage", "wl", "windev"]  # noqa: RUF012 (Pygments reads class attributes)
    filenames = ["*.wl"]  # noqa: RUF012
    mimetypes = ["text/x-wlangage"]  # noqa: RUF012
    url = "https://doc.pcsoft.fr/"
    flags = re.MULTILINE | re.UNICODE

    tokens = {  # noqa: RUF012
        "root": [
            (r"//.*?$", Comment.Single),
            (r"/\*", Comment.Multiline, "comment"),
            (r'"', String.Double, "string"),
            (r"`[^`\n]*`", String.Backtick),
            (r"0[xX][0-9a-fA-F]+", Number.Hex),
            (r"\d+\.\d+", Number.Float),
            (r"\d+", Number.Integer),
            (r"\.\.\.", Punctuation),
            (r"\.\.", Operator),
            (r"(\.)([ \t]*)([^\W\d]\w*)", bygroups(Punctuation, Whitespace, Name.Attribute)),
            (r"[dD]'(?=[^\W\d])", Keyword),
            (r"[^\W\d]\w*+(?:[ \t]+[^\W\d]\w*+(?!'))*", _words_callback),
            (r"<>|!=|<=|>=|\+\+|--|\+=|-=|\*=|/=|~=|~~|\[~~\]|\[=\]|\[~\]", Operator),
            (r"[-+*/%^=<>~]", Operator),
            (r"[()\[\],.:;?]", Punctuation),
            (r"\s+", Whitespace),
            (r".", Text),
        ],
        "comment": [
            (r"[^*]+", Comment.Multiline),
            (r"\*/", Comment.Multiline, "#pop"),
            (r"\*", Comment.Multiline),
        ],
        "string": [
            (r'""', String.Escape),
            (r'"', String.Double, "#pop"),
            (r"\[%.*?%\]", String.Interpol),
            (r'[^"\n\[]+', String.Double),
            (r"\[", String.Double),
            (r"\n", String.Double, "#pop"),  # recover at the end of the line while typing
        ],
    }
