"""Text from outside made safe for a terminal: controls, escape sequences and bidi shown escaped.

A server's reply, an OAuth provider's error description, a file name or an exception text may hold
bytes a terminal obeys: ESC (``\\x1b]0;title\\x07`` retitles the window, ``\\x1b[2J`` clears it),
the 8-bit CSI (``\\x9b``), BEL, backspace and carriage return (which overwrite what was shown), DEL,
and the invisible Unicode format characters that reorder or hide part of a line ("Trojan Source":
U+202A-202E, U+2066-2069, U+200E/F, U+061C). :func:`escape` shows each of them as a visible escape,
``\\x1b``, ``\\u202e``, ``\\U000e0041``, the way git and curl show control characters.

Kept as they are: every printable character, space, tab (it only moves the cursor right and cannot
hide text) and, with ``newlines=True``, ``\\n`` (for wlmail's own multi-line texts: a diagnostic
with its source line, a traceback). ZWNJ and ZWJ (U+200C, U+200D) are kept too: emoji sequences and
Persian or Indic words need them, and they reorder nothing. A backslash is not doubled, so that a
Windows path stays readable and the function stays idempotent: ``escape(escape(s)) == escape(s)``.

This module is pure (no import of the rest of wlmail) so that every writer can use it: the SMTP
trace, ``ErreurInfo`` texts (through the catalog's message formatting), diagnostics and the REPL.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["escape", "is_safe", "json_safe", "one_line", "unsafe_pattern"]

#: the code points :func:`escape` rewrites (``\t`` and ``\n`` are the callers' choice below)
_RANGES = (
    (0x00, 0x08),  # C0 but tab and LF…
    (0x0B, 0x1F),  # …(VT, FF, CR, ESC, FS-US)
    (0x7F, 0x9F),  # DEL, C1 (0x85 NEL, 0x9B CSI, 0x9D OSC…)
    # Unicode general category Cf ("format": invisible), minus ZWNJ/ZWJ U+200C/U+200D
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200B),
    (0x200E, 0x200F),  # LRM, RLM
    (0x2028, 0x2029),  # line and paragraph separators (Zl, Zp)
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2064),
    (0x2066, 0x206F),  # bidi isolates, deprecated format characters
    (0xD800, 0xDFFF),  # lone surrogates (undecodable bytes): unprintable, even unwritable
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),  # tag characters
)


@cache
def unsafe_pattern(newlines: bool = True) -> re.Pattern[str]:
    """A regex matching one character :func:`escape` rewrites (``\\n`` too unless
    ``newlines``); compiled on first use (wlmail's start-up does not pay for it)."""
    parts = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in _RANGES)
    return re.compile(f"[{'' if newlines else chr(92) + 'n'}{parts}]")


_SHORT = {"\n": "\\n", "\r": "\\r"}
_BLANKS = re.compile(r"[ \t\r\n]+")


def _shown(ch: str) -> str:
    short = _SHORT.get(ch)
    if short is not None:
        return short
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


@cache
def _table(newlines: bool) -> dict[int, str]:
    """``str.translate`` table: every unsafe code point to its escape (built on first use)."""
    table = {code: _shown(chr(code)) for a, b in _RANGES for code in range(a, b + 1)}
    if not newlines:
        table[0x0A] = "\\n"
    return table


def escape(text: str, *, newlines: bool = False) -> str:
    """``text`` with every character a terminal would obey shown as an escape (see the module).

    ``newlines``: keep ``\\n`` as a line break (wlmail's own multi-line output); otherwise it is
    shown as ``\\n`` like ``\\r``.
    """
    if text.isprintable():
        return text  # the common case, at C speed: nothing to do, no copy
    return text.translate(_table(newlines))


def one_line(text: str) -> str:
    """A server's reply or an error detail on one safe line: runs of spaces, tabs, CR and LF
    become one space (a multi-line SMTP reply reads as one line), everything else as
    :func:`escape`."""
    if text.isprintable() and "  " not in text:
        return text.strip(" ")  # the common case: a clean line
    return escape(_BLANKS.sub(" ", text).strip(" "))


def is_safe(text: str, *, newlines: bool = False) -> bool:
    """True when :func:`escape` would leave ``text`` unchanged."""
    return unsafe_pattern(newlines).search(text) is None


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON writes a character beyond the BMP as a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_safe(dumped: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with every unsafe character
    written as a JSON ``\\uXXXX`` escape: the same data for a program, nothing a terminal obeys.
    (Outside strings JSON text is ASCII, and ``json`` already escapes C0 and lone surrogates.)"""
    pattern = unsafe_pattern()
    if pattern.search(dumped) is None:
        return dumped
    return pattern.sub(_json_escape, dumped)
