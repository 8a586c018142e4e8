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

__all__ = ["UNSAFE", "escape", "is_safe", "json_safe", "one_line"]

_FORMAT = (
    # Unicode general category Cf ("format": invisible), minus ZWNJ/ZWJ U+200C/U+200D
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
#: what :func:`escape` rewrites (``\t`` and ``\n`` are handled by the callers' choice below)
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but tab and LF, DEL, C1 (0x85 NEL, 0x9b CSI, 0x9d OSC…)
    "\u2028\u2029"  # line and paragraph separators
    "\ud800-\udfff"  # lone surrogates (from undecodable bytes): unprintable, even unwritable
    + _FORMAT
    + "]"
)
_UNSAFE_OR_LF = re.compile(UNSAFE.pattern[:-1] + "\n]")
_SHORT = {"\n": "\\n", "\r": "\\r"}
_BLANKS = re.compile(r"[ \t\r\n]+")


def _shown(match: re.Match[str]) -> str:
    ch = match.group()
    short = _SHORT.get(ch)
    if short is not None:
        return short
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape(text: str, *, newlines: bool = False) -> str:
    """``text`` with every character a terminal would obey shown as an escape (see the module).

    ``newlines``: keep ``\\n`` as a line break (wlmail's own multi-line output); otherwise it is
    shown as ``\\n`` like ``\\r``.
    """
    pattern = UNSAFE if newlines else _UNSAFE_OR_LF
    if pattern.search(text) is None:
        return text  # the common case: nothing to do, no copy
    return pattern.sub(_shown, text)


def one_line(text: str) -> str:
    """A server's reply or an error detail on one safe line: runs of spaces, tabs, CR and LF
    become one space (a multi-line SMTP reply reads as one line), everything else as
    :func:`escape`."""
    return escape(_BLANKS.sub(" ", text).strip())


def is_safe(text: str, *, newlines: bool = False) -> bool:
    """True when :func:`escape` would leave ``text`` unchanged."""
    return (UNSAFE if newlines else _UNSAFE_OR_LF).search(text) is None


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
    if UNSAFE.search(dumped) is None:
        return dumped
    return UNSAFE.sub(_json_escape, dumped)
