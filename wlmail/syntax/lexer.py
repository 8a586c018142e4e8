"""Scanner for WLangage, used as Lark's lexer.

It does the pre-lexing the language needs before LALR parsing: ``...`` continuations (also a
line that is only ``...``), no statement break inside ``( )`` and ``[ ]``, ``//`` and ``/* */``
comments, ``""`` inside strings, multi-line string literals (``= [`` … ``]`` and ``= "`` … ``"``),
and keywords resolved from the catalog. A word that is a keyword in some places and a name in
others (``A``, ``PAS``, ``DE``, ``FIN``…) is resolved against the parser's current state: the
first meaning the parser can accept wins, which is what a contextual lexer does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from wlmail.catalog import Catalog, fold, get_catalog
from wlmail.errors import WLSyntaxError
from wlmail.syntax import directives
from wlmail.syntax.tokens import Token

OPERATORS: dict[str, str] = {
    "[~~]": "CONTAINS_VFL",
    "[=]": "CONTAINS",
    "[~]": "CONTAINS_FL",
    "[~~": "STARTS_VFL",
    "~~]": "ENDS_VFL",
    "[=": "STARTS",
    "[~": "STARTS_FL",
    "=]": "ENDS",
    "~]": "ENDS_FL",
    "~=": "FLEQ",
    "~~": "VFLEQ",
    "<=": "LE",
    ">=": "GE",
    "<>": "NE",
    "!=": "NE",
    "+=": "PLUSEQ",
    "-=": "MINUSEQ",
    "*=": "STAREQ",
    "/=": "SLASHEQ",
    "++": "INC",
    "--": "DEC",
    "..": "DOTDOT",
    "::": "COLONCOLON",
    "<-": "LARROW",
    "=>": "ARROW",
    "[[": "LDSQB",
    "(": "LPAR",
    ")": "RPAR",
    "{": "LBRACE",
    "}": "RBRACE",
    "[": "LSQB",
    "]": "RSQB",
    ",": "COMMA",
    ".": "DOT",
    ":": "COLON",
    "?": "QMARK",
    "+": "PLUS",
    "-": "MINUS",
    "*": "STAR",
    "/": "SLASH",
    "%": "PERCENT",
    "^": "CARET",
    "&": "AMP",
    "=": "EQ",
    "<": "LT",
    ">": "GT",
}
# operators that need no bookkeeping (brackets open/close, `[` may start a multi-line text)
PLAIN_OPERATORS = {op: t for op, t in OPERATORS.items() if op not in "()[]{}" and op != "[["}
# Duration literals (`1min`, `10 s`, `2 min 8 s`, `500ms`): SI unit symbols, `j`/`d` for days.
# A unit letter followed by `'` is the elided `d'` of a declaration (`tableau de 5 d'entiers`).
_DURATION = r"\d+(?:\.\d+)?[ \t]*(?:ms|cs|min|mn|h|s|j|d)\b(?!')"
_OP_RE = "|".join(re.escape(op) for op in sorted(OPERATORS, key=len, reverse=True))

TOKEN_RE = re.compile(
    rf"""
    [ \t\f\r\ufeff]*
    (?:
    (?P<nl>\n|;)
  | (?P<cont>\.\.\.[ \t\r]*(?://[^\n]*)?(?=\n|\Z))
  | (?P<comment>//[^\n]*)
  | (?P<bcomment>/\*)
  | (?P<string>"(?:[^"\n]|"")*")
  | (?P<quote>")
  | (?P<bstring>`[^`\n]*`)
  | (?P<duration>{_DURATION}(?:[ \t]*{_DURATION})*)
  | (?P<number>0[xX][0-9a-fA-F]+|\d+(?:\.\d+)?)
  | (?P<elision>[dD]'(?=[^\W\d]))
  | (?P<squote>')
  | (?P<word>[^\W\d]\w*)
  | (?P<op>{_OP_RE})
  | (?P<eof>\Z)
    )
    """,
    re.VERBOSE,
)
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d]\w*)")
_LABEL = re.compile(r"([ \t]*:)[ \t\r]*(?://[^\n]*)?(?=\n|\Z)")
_BLANK_REST = re.compile(r"[ \t\r]*(?://[^\n]*)?(?=\n|\Z)")
# Tokens after which a `[` at the end of a line opens a multi-line string rather than an index.
_TEXT_OPENERS = {"EQ", "LPAR", "COMMA", "PLUS", "PLUSEQ", "RESULT", "RETURN", "_NL", None}

TextToken = tuple[str, str, int, int, int, int, int]  # type, value, pos, line, col, end, endcol


class Scanner:
    """Turns text into tokens; words keep their candidate keyword types for later resolution."""

    def __init__(self, text: str, filename: str = "<script>", catalog: Catalog | None = None):
        self.text = text
        self.filename = filename
        self.cat = catalog or get_catalog()
        if directives.has_directives(text):
            try:
                self.text = directives.apply(text, self.cat)
            except directives.DirectiveError as err:
                raise self.error(err.msg_id, err.pos) from None
        self.pos = 0
        self.line = 1
        self.line_start = 0
        self.brackets: list[str] = []
        self.opened: list[int] = []  # where each open bracket is
        self.last: str | None = None
        self.skip_nl = False

    def error(self, msg_id: str, pos: int, **values: object) -> WLSyntaxError:
        line = self.text.count("\n", 0, pos) + 1
        col = pos - (self.text.rfind("\n", 0, pos) + 1) + 1
        lang = detect_lang(self.text, self.cat)
        return WLSyntaxError(self.cat.message(msg_id, lang, **values), self.filename, line, col)

    def _token(self, ttype: str, value: str, start: int, end: int) -> Token:
        """A one-line token (multi-line ones fix their end afterwards)."""
        tok = str.__new__(Token, value)
        tok.type, tok.value, tok.start_pos, tok.end_pos = ttype, value, start, end
        tok.line = tok.end_line = self.line
        tok.column = start - self.line_start + 1
        tok.end_column = tok.column + end - start
        self.last = ttype
        return tok

    def _advance_lines(self, start: int, end: int) -> None:
        count = self.text.count("\n", start, end)
        if count:
            self.line += count
            self.line_start = self.text.rfind("\n", start, end) + 1

    def tokens(self) -> Iterator[Token]:
        """Yield tokens: WORD tokens still carry the original spelling."""
        text, match, plain_ops = self.text, TOKEN_RE.match, PLAIN_OPERATORS
        phrases, make = self.cat.phrases, self._token
        n = len(text)
        while self.pos < n:
            m = match(text, self.pos)
            if m is None:  # point at the character, not at the blanks before it
                bad = self.pos
                while bad < n - 1 and text[bad] in " \t":
                    bad += 1
                raise self.error("bad_character", bad, char=repr(text[bad]))
            kind = m.lastgroup or "eof"
            start, end = m.start(kind), m.end()
            self.pos = end
            # the most frequent kinds first: this loop runs once per token
            if kind == "op":
                op = m.group(kind)
                ttype = plain_ops.get(op)
                if ttype is not None:
                    yield make(ttype, op, start, end)
                else:
                    yield from self._operator(op, start, end)
            elif kind == "word":
                word = m.group(kind)
                if (
                    self.last in ("_NL", None)
                    and ":" in text[end : end + 3]
                    and not self.brackets
                    and _LABEL.match(text, end)
                ):
                    yield self._label(word, start)  # `fin:` alone on its line
                elif fold(word) in phrases:
                    yield self._word(word, start, end)
                else:
                    yield make("WORD", word, start, end)
            elif kind == "nl":
                tok = self._newline(start, end)
                if tok is not None:
                    yield tok
            elif kind == "number":
                yield make("NUMBER", m.group(kind), start, end)
            elif kind == "duration":
                yield make("DURATION", m.group(kind), start, end)
            elif kind == "squote":
                raise self.error("single_quote", start)
            elif kind == "string":
                yield make("STRING", m.group(kind)[1:-1].replace('""', '"'), start, end)
            elif kind == "comment" or kind == "eof":
                continue
            elif kind == "cont":
                self.skip_nl = True
            elif kind == "bcomment":
                close = text.find("*/", end)
                if close < 0:
                    raise self.error("unclosed_comment", start)
                self.pos = close + 2
                self._advance_lines(start, self.pos)
            elif kind == "quote":
                yield self._block_string(start, '"')
            elif kind == "bstring":
                yield make("STRING", m.group(kind)[1:-1], start, end)
            else:  # elision: d'
                yield make("OF", m.group(kind), start, end)
        if self.brackets:
            # newlines inside brackets are ignored, so point at the bracket, not at the end
            raise self.error("unclosed_bracket", self.opened[-1], bracket=text[self.opened[-1]])
        if self.last not in ("_NL", None):
            yield self._token("_NL", "", n, n)

    def _newline(self, start: int, end: int) -> Token | None:
        is_nl = self.text[start] == "\n"
        tok = None
        if is_nl and self.skip_nl:
            self.skip_nl = False
        elif not self.brackets and self.last not in ("_NL", None):
            tok = self._token("_NL", self.text[start:end], start, end)  # on the line it ends
        if is_nl:
            self.line += 1
            self.line_start = end
        return tok

    def _label(self, word: str, start: int) -> Token:
        """A label (``nom:`` alone on its line): one LABEL token, colon included."""
        m = _LABEL.match(self.text, start + len(word))
        assert m is not None
        self.pos = start + len(word) + len(m.group(1))
        return self._token("LABEL", self.text[start : self.pos], start, self.pos)

    def _word(self, word: str, start: int, end: int) -> Token:
        key = fold(word)
        for parts, ttype in self.cat.phrases.get(key, ()):
            stop = self._match_phrase(parts, end)
            if stop:
                self.pos = stop
                return self._token(ttype, self.text[start:stop], start, stop)
        return self._token("WORD", word, start, end)

    def _match_phrase(self, parts: tuple[str, ...], pos: int) -> int:
        for part in parts[1:]:
            m = _NEXT_WORD.match(self.text, pos)
            if m is None or fold(m.group(1)) != part:
                return 0
            pos = m.end()
        return pos

    def _operator(self, op: str, start: int, end: int) -> Iterator[Token]:
        ttype = OPERATORS[op]
        if ttype in ("LPAR", "LSQB", "LDSQB", "LBRACE"):
            if ttype == "LSQB" and self._opens_text_block(end):
                yield self._block_string(start, "[")
                return
            self.brackets.append(ttype)
            self.opened.append(start)
        elif ttype == "RSQB" and self.brackets and self.brackets[-1] == "LDSQB":
            if self.text.startswith("]", end):
                self.pos = end + 1
                self.brackets.pop()
                self.opened.pop()
                yield self._token("RDSQB", "]]", start, end + 1)
                return
            self.brackets.pop()
            self.opened.pop()
        elif ttype in ("RPAR", "RSQB", "RBRACE") and self.brackets:
            self.brackets.pop()
            self.opened.pop()
        yield self._token(ttype, op, start, end)

    def _opens_text_block(self, end: int) -> bool:
        if self.last not in _TEXT_OPENERS or not _BLANK_REST.match(self.text, end):
            return False
        for line in self.text[end:].split("\n")[1:]:
            stripped = line.strip()
            if stripped:
                return not (stripped[0] in '"[' or stripped[0].isdigit())
        return False

    def _block_string(self, start: int, opener: str) -> Token:
        """A literal whose opener ends its line and whose closer starts a later line."""
        closer = "]" if opener == "[" else '"'
        if not _BLANK_REST.match(self.text, start + 1):
            raise self.error("unterminated_string", start)
        first = self.text.find("\n", start)
        if first < 0:  # the opener ends the text: no line can close it (and find() would wrap)
            raise self.error("unterminated_string", start)
        lines: list[str] = []
        pos = first + 1
        while pos <= len(self.text):
            nxt = self.text.find("\n", pos)
            nxt = len(self.text) if nxt < 0 else nxt
            line = self.text[pos:nxt]
            if line.lstrip().startswith(closer):
                close = pos + len(line) - len(line.lstrip())
                self.pos = close + 1
                tok = self._token("STRING", _dedent(lines), start, self.pos)
                self._advance_lines(start, self.pos)
                tok.end_line, tok.end_column = self.line, self.pos - self.line_start + 1
                return tok
            lines.append(line.rstrip("\r"))
            pos = nxt + 1
        raise self.error("unterminated_string" if opener == '"' else "unterminated_block", start)


def _dedent(lines: list[str]) -> str:
    """Content of a multi-line literal: common indentation removed, lines joined by CR+LF."""
    indents = [len(s) - len(s.lstrip(" \t")) for s in lines if s.strip()]
    cut = min(indents, default=0)
    return "\r\n".join(s[cut:] for s in lines)


_NOT_CODE = re.compile(r'"(?:[^"\n]|"")*"|//[^\n]*|/\*.*?\*/', re.DOTALL)


def detect_lang(text: str, catalog: Catalog | None = None) -> str:
    """Guess whether a script is written in French or English, from its keywords and names."""
    cat = catalog or get_catalog()
    score = {"fr": 0, "en": 0}
    code = _NOT_CODE.sub(" ", text[:20000])  # words in strings and comments do not count
    for word in re.findall(r"[^\W\d]\w*", code):
        lang = cat.word_lang.get(fold(word))
        if lang:
            score[lang] += 1
    return "en" if score["en"] > score["fr"] else "fr"


def choose(cands: tuple[str, ...], accepts: dict[str, Any] | None, soft: bool) -> str:
    """The first meaning the parser accepts; a soft keyword falls back to a plain name."""
    if accepts is None:
        return cands[0]
    for cand in cands:
        if cand in accepts:
            return cand
    return "NAME" if soft and "NAME" in accepts else cands[0]
