"""String functions: ``Taille``, ``Gauche``, ``Position``, ``ExtraitChaîne``, ``ChaîneFormate``…

Positions are 1-based. A buffer (``bytes``) is cut as bytes by ``Taille``/``Gauche``/``Droite``/
``Milieu``; every other value is first converted to text. Option values are the catalog constants
(``stdlib/constants-strings.toml``); Python only knows their numbers.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from wlmail.builtins import builtin
from wlmail.runtime.state import Runtime
from wlmail.runtime.values import WLArray, WLFault, to_int, to_str

# Search options (Position, PositionOccurrence, Remplace, ChaîneOccurrence, ExtraitChaîne).
FROM_END, WHOLE_WORD, IGNORE_CASE = 1, 2, 4
# ExtraitChaîne iteration ranks.
RANK_FIRST, RANK_NEXT, RANK_PREVIOUS, RANK_LAST = -2147483648, -2147483647, -2147483646, -2147483645
# SansEspace options.
SSC_START, SSC_END, SSC_INSIDE = 1, 2, 4
SSC_OUTSIDE = SSC_START | SSC_END
BLANKS = " \t\r\n"
# ChaîneFormate options.
CC_IGNORE_CASE, CC_IGNORE_SPACE, CC_IGNORE_ACCENT = 1, 2, 4
CC_IGNORE_PUNCTUATION, CC_IGNORE_INSIDE_SPACE, CC_UPPER, CC_LOWER = 8, 16, 32, 64

_EXTRACT_STATE = "strings.extract"


def _name(rt: Runtime, fid: str) -> str:
    return rt.catalog.functions[fid].name(rt.lang)


def _count(rt: Runtime, fid: str, value: Any) -> int:
    n = to_int(value)
    if n < 0:
        raise WLFault("negative_count", name=_name(rt, fid), value=n)
    return n


def _options(value: Any) -> int:
    return 0 if value is None else to_int(value)


# ---- lengths and slices ------------------------------------------------------------------------
@builtin("length")
def length(rt: Runtime, text: Any) -> int:
    if isinstance(text, bytes):
        return len(text)
    return len(to_str(text))


@builtin("left")
def left(rt: Runtime, text: Any, count: Any) -> Any:
    n = _count(rt, "left", count)
    if isinstance(text, bytes):
        return text[:n]
    return to_str(text)[:n]


@builtin("right")
def right(rt: Runtime, text: Any, count: Any) -> Any:
    n = _count(rt, "right", count)
    value: str | bytes = text if isinstance(text, bytes) else to_str(text)
    return value[len(value) - n :] if n < len(value) else value


@builtin("middle")
def middle(rt: Runtime, text: Any, start: Any, count: Any = None) -> Any:
    first = to_int(start)
    if first < 1:
        raise WLFault("bad_start_position", name=_name(rt, "middle"), value=first)
    value: str | bytes = text if isinstance(text, bytes) else to_str(text)
    if count is None:
        return value[first - 1 :]
    n = _count(rt, "middle", count)
    return value[first - 1 : first - 1 + n]


@builtin("upper")
def upper(rt: Runtime, text: Any) -> str:
    return to_str(text).upper()


@builtin("lower")
def lower(rt: Runtime, text: Any) -> str:
    return to_str(text).lower()


# ---- searching ---------------------------------------------------------------------------------
def _pattern(search: str, options: int) -> re.Pattern[str]:
    """A literal search; a whole word has no letter or digit right before or after it."""
    pat = re.escape(search)
    if options & WHOLE_WORD:
        pat = rf"(?<![^\W_]){pat}(?![^\W_])"
    return re.compile(pat, re.IGNORECASE if options & IGNORE_CASE else 0)


def _searches(search: Any) -> list[str]:
    items = search.items if isinstance(search, WLArray) else [search]
    return [s for s in (to_str(i) for i in items) if s]


def _spans(text: str, search: str, options: int) -> list[tuple[int, int]]:
    """Non-overlapping occurrences, left to right (0-based start, end)."""
    if not search:
        return []
    return [m.span() for m in _pattern(search, options).finditer(text)]


@builtin("position")
def position(rt: Runtime, text: Any, search: Any, start: Any = None, options: Any = None) -> int:
    s, opts = to_str(text), _options(options)
    patterns = [_pattern(p, opts) for p in _searches(search)]
    if opts & FROM_END:
        limit = len(s) if start is None or to_int(start) < 1 else min(to_int(start), len(s))
        for pos in range(limit - 1, -1, -1):
            if any(p.match(s, pos) for p in patterns):
                return pos + 1
        return 0
    first = 1 if start is None else max(to_int(start), 1)
    if first > len(s):
        return 0
    hits = [m.start() for m in (p.search(s, first - 1) for p in patterns) if m]
    return min(hits) + 1 if hits else 0


@builtin("contains")
def contains(rt: Runtime, text: Any, search: Any, options: Any = None) -> bool:
    """``Contient`` (issue 13; not on the stored doc pages): Position's search, as a boolean."""
    flags = (to_int(options) & ~FROM_END) if options else None
    return bool(position(rt, text, search, None, flags) > 0)


@builtin("position_occurrence")
def position_occurrence(rt: Runtime, text: Any, search: Any, rank: Any, options: Any = None) -> int:
    n, opts = to_int(rank), _options(options)
    if n < 1:
        raise WLFault("bad_rank", name=_name(rt, "position_occurrence"), value=n)
    spans = _spans(to_str(text), to_str(search), opts)
    if opts & FROM_END:
        spans.reverse()
    return spans[n - 1][0] + 1 if n <= len(spans) else 0


@builtin("string_count")
def string_count(rt: Runtime, text: Any, search: Any, options: Any = None) -> int:
    return len(_spans(to_str(text), to_str(search), _options(options)))


@builtin("replace")
def replace(rt: Runtime, text: Any, search: Any, by: Any, options: Any = None) -> str:
    s, old, new = to_str(text), to_str(search), to_str(by)
    if not old:
        return s
    return _pattern(old, _options(options)).sub(lambda _: new, s)


# ---- pieces ------------------------------------------------------------------------------------
def _pieces(text: str, seps: list[str]) -> list[str]:
    """Cut at the nearest separator each time (the first listed wins a tie)."""
    if not seps:
        return [text]
    pieces: list[str] = []
    pos = 0
    while True:
        best, size = -1, 0
        for sep in seps:
            k = text.find(sep, pos)
            if k >= 0 and (best < 0 or k < best):
                best, size = k, len(sep)
        if best < 0:
            pieces.append(text[pos:])
            return pieces
        pieces.append(text[pos:best])
        pos = best + size


@builtin("extract_string")
def extract_string(
    rt: Runtime, text: Any, rank: Any, sep: Any = "\t", direction: Any = None
) -> str:
    eot: str = rt.catalog.constants["eot"].value
    s = to_str(text)
    seps = _searches(sep)
    n = to_int(rank)
    if RANK_FIRST <= n <= RANK_LAST:
        backwards = n in (RANK_PREVIOUS, RANK_LAST)
        state: dict[tuple[str, tuple[str, ...], bool], int] = rt.extensions.setdefault(
            _EXTRACT_STATE, {}
        )
        key = (s, tuple(seps), backwards)
        if n in (RANK_FIRST, RANK_LAST):
            state[key] = 1
        elif key in state:
            state[key] += 1
        else:
            return eot
        pieces = _pieces(s, seps)
        if backwards:
            pieces.reverse()
        if state[key] > len(pieces):
            del state[key]
            return eot
        return pieces[state[key] - 1]
    if n < 1:
        raise WLFault("bad_rank", name=_name(rt, "extract_string"), value=n)
    pieces = _pieces(s, seps)
    if _options(direction) & FROM_END:
        pieces.reverse()
    return pieces[n - 1] if n <= len(pieces) else eot


# ---- spaces, padding, building ---------------------------------------------------------------
@builtin("no_space")
def no_space(rt: Runtime, text: Any, options: Any = None, chars: Any = None) -> str:
    s = to_str(text)
    opts = _options(options) or SSC_OUTSIDE
    blanks = BLANKS if chars is None else to_str(chars)
    if not blanks:
        return s
    if opts & SSC_START:
        s = s.lstrip(blanks)
    if opts & SSC_END:
        s = s.rstrip(blanks)
    if opts & SSC_INSIDE:
        cls = "".join(re.escape(c) for c in blanks)
        s = re.sub(rf"(?<=[^{cls}])([{cls}])[{cls}]+(?=[^{cls}])", r"\1", s)
    return s


@builtin("complete")
def complete(rt: Runtime, text: Any, size: Any, fill: Any = " ") -> str:
    s = to_str(text)
    n = _count(rt, "complete", size)
    pad = to_str(fill) or " "
    if len(s) >= n:
        return s[:n]
    missing = n - len(s)
    return s + (pad * (missing // len(pad) + 1))[:missing]


@builtin("repeat")
def repeat(rt: Runtime, text: Any, count: Any) -> str:
    return to_str(text) * _count(rt, "repeat", count)


_BUILD = re.compile(r"%(%|\d+)")


@builtin("string_build")
def string_build(rt: Runtime, fmt: Any, *values: Any) -> str:
    def one(m: re.Match[str]) -> str:
        ref = m.group(1)
        if ref == "%":
            return "%"
        k = int(ref)
        return to_str(values[k - 1]) if 1 <= k <= len(values) else ""

    return _BUILD.sub(one, to_str(fmt))


def _no_accent(s: str) -> str:
    decomposed = unicodedata.normalize("NFD", s)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept)


def _is_punct_or_space(c: str) -> bool:
    return c.isspace() or unicodedata.category(c)[0] in "PS"


def _format(s: str, opts: int, compare: bool = False) -> str:
    if opts & CC_IGNORE_SPACE:
        s = s.strip()
    if opts & CC_IGNORE_INSIDE_SPACE:
        body = s.strip()
        if body:
            head = s[: len(s) - len(s.lstrip())]
            tail = s[len(s.rstrip()) :]
            s = head + re.sub(r"\s+", "", body) + tail
    if opts & CC_IGNORE_PUNCTUATION:
        s = "".join(c for c in s if not _is_punct_or_space(c))
    if opts & CC_IGNORE_ACCENT:
        s = _no_accent(s)
    if opts & CC_IGNORE_CASE:
        s = s.casefold() if compare else s.upper()
    elif opts & CC_UPPER:
        s = s.upper()
    elif opts & CC_LOWER:
        s = s.lower()
    return s


@builtin("string_format")
def string_format(rt: Runtime, text: Any, options: Any) -> str:
    return _format(to_str(text), _options(options))


@builtin("string_starts_with")
def string_starts_with(rt: Runtime, text: Any, start: Any, options: Any = None) -> bool:
    opts = _options(options)
    return _format(to_str(text), opts, True).startswith(_format(to_str(start), opts, True))


@builtin("string_ends_with")
def string_ends_with(rt: Runtime, text: Any, end: Any, options: Any = None) -> bool:
    opts = _options(options)
    return _format(to_str(text), opts, True).endswith(_format(to_str(end), opts, True))


# ---- characters and encodings ------------------------------------------------------------------
@builtin("charact")
def charact(rt: Runtime, code: Any) -> str:
    n = to_int(code)
    if not 0 <= n <= 0x10FFFF or 0xD800 <= n <= 0xDFFF:
        raise WLFault("bad_char_code", name=_name(rt, "charact"), value=n)
    return chr(n)


@builtin("asc")
def asc(rt: Runtime, char: Any) -> int:
    if isinstance(char, bytes):
        return char[0] if char else 0
    s = to_str(char)
    return ord(s[0]) if s else 0


@builtin("string_to_utf8")
def string_to_utf8(rt: Runtime, text: Any) -> bytes:
    if isinstance(text, bytes):
        return text
    return to_str(text).encode("utf-8")


def _as_bytes(s: str) -> bytes | None:
    """The bytes a string read byte per character stands for (Windows-1252, else Latin-1)."""
    try:
        return s.encode("cp1252")
    except UnicodeEncodeError:
        pass
    try:
        return s.encode("latin-1")
    except UnicodeEncodeError:
        return None


@builtin("utf8_to_string")
def utf8_to_string(rt: Runtime, data: Any) -> str:
    if isinstance(data, bytes):
        return data.decode("utf-8-sig", errors="replace")
    s = to_str(data)
    raw = _as_bytes(s)
    if raw is None:
        return s
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return s


@builtin("ansi_to_unicode")
def ansi_to_unicode(rt: Runtime, text: Any, codepage: Any = None) -> str:
    if isinstance(text, bytes):
        return text.decode("cp1252", errors="replace")
    return to_str(text)


@builtin("unicode_to_ansi")
def unicode_to_ansi(rt: Runtime, text: Any, codepage: Any = None) -> str:
    return to_str(text)
