"""Lines of the exported program: indentation, and the script's comments kept on their lines.

A comment alone on its WLangage line becomes a ``#`` line before the code that follows it; a
comment after code ends the first Python line written for that WLangage line. Blank lines of
the script separate the code the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from wlmail.syntax.tokens import Token


class Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.indent = 0
        self.comments: dict[int, str] = {}
        self.own_line: set[int] = set()  # WLangage lines holding only a comment
        self.blank: set[int] = set()
        self.done = 0  # last WLangage line whose comments and blanks were written

    def load(self, text: str, tokens: list[Token]) -> None:
        self.comments = comments(text, tokens)
        source = text.split("\n")
        code_lines = {t.line for t in tokens if t.value.strip()}
        for number, line in enumerate(source, 1):
            if not line.strip():
                self.blank.add(number)
            elif number not in code_lines and number in self.comments:
                self.own_line.add(number)
        # a multi-line comment's inner lines have no code either
        self.own_line |= {k for k in self.comments if k not in code_lines}

    @contextmanager
    def block(self) -> Iterator[None]:
        self.indent += 1
        try:
            yield
        finally:
            self.indent -= 1

    def upto(self, line: int) -> None:
        """Write the comments and blank lines of the script before WLangage ``line``."""
        pad = "    " * self.indent
        last = max([0, *self.comments, *self.blank]) + 1
        for number in range(self.done + 1, min(line, last)):
            if number in self.own_line:
                self.lines.append(f"{pad}# {self.comments.pop(number)}")
            elif number in self.blank and self.lines and self.lines[-1].strip():
                self.lines.append("")
        self.done = max(self.done, line - 1)

    def emit(self, line: int, text: str) -> None:
        """One Python line for the statement on WLangage ``line`` (0: no line of its own)."""
        if line > 0:
            self.upto(line)
        code = "    " * self.indent + text
        if line > 0 and line in self.comments and line not in self.own_line:
            code += "  # " + self.comments.pop(line)
        if line > 0:
            self.done = max(self.done, line)
        self.lines.append(code)

    def blank_line(self) -> None:
        if self.lines and self.lines[-1].strip():
            self.lines.append("")


def comments(text: str, tokens: list[Token]) -> dict[int, str]:
    """``//`` and ``/* */`` comments by line, read between the tokens (never inside strings)."""
    found: dict[int, str] = {}
    pos = 0
    for tok in [*tokens, None]:
        end = tok.start_pos if tok is not None else len(text)
        _gap_comments(text, pos, text[pos:end], found)
        if tok is not None:
            pos = max(pos, tok.end_pos)
    return found


def _gap_comments(text: str, start: int, gap: str, found: dict[int, str]) -> None:
    i = 0
    while i < len(gap):
        if gap.startswith("//", i):
            stop = gap.find("\n", i)
            stop = len(gap) if stop < 0 else stop
            line = text.count("\n", 0, start + i) + 1
            found[line] = _comment_text(gap[i + 2 : stop])
            i = stop
        elif gap.startswith("/*", i):
            stop = gap.find("*/", i)
            stop = len(gap) if stop < 0 else stop + 2
            first = text.count("\n", 0, start + i) + 1
            for k, piece in enumerate(gap[i + 2 : stop - 2].split("\n")):
                if piece.strip():
                    found[first + k] = _comment_text(piece.strip())
            i = stop
        else:
            i += 1


def _comment_text(text: str) -> str:
    """A comment's text without the one space that follows ``//`` (its indentation kept)."""
    text = text.rstrip()
    return (text[1:] if text.startswith(" ") else text) or "."
