"""Source text, positions and caret rendering for diagnostics."""

from __future__ import annotations

from wlmail.record import record
from wlmail.textsafe import escape


@record
class Span:
    """A 1-based line and column in a named source."""

    filename: str
    line: int
    column: int


def source_line(text: str, line: int) -> str:
    """Return line ``line`` (1-based) of ``text`` without its newline, or ""."""
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def caret_block(text: str, line: int, column: int) -> str:
    """The offending line and a caret under ``column`` (tabs kept so the caret lines up).

    The line is shown through textsafe: a control character, an escape sequence or a bidi
    override in the source is written as ``\\x1b``/``\\u202e``, and the caret still points at
    the right character (it moves by the width of each escape before it).
    """
    src = source_line(text, line)
    if not src and line > len(text.splitlines()):
        return ""
    before = src[: max(column - 1, 0)]
    prefix = "".join(c if c == "\t" else " " * len(escape(c)) for c in before)
    return f"    {escape(src)}\n    {prefix}^"
