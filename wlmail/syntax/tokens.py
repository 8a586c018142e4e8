"""Tokens: a string (the token's text or value) with its type and position."""

from __future__ import annotations


class Token(str):
    """What the scanner produces and the parser shifts; compares equal to its value."""

    __slots__ = (
        "column",
        "end_column",
        "end_line",
        "end_pos",
        "line",
        "start_pos",
        "type",
        "value",
    )

    type: str
    value: str
    start_pos: int
    end_pos: int
    line: int
    column: int
    end_line: int
    end_column: int

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.value!r}, line={self.line}, col={self.column})"


def make_token(ttype: str, value: str, start: int, end: int, line: int, column: int) -> Token:
    tok = str.__new__(Token, value)
    tok.type, tok.value, tok.start_pos, tok.end_pos = ttype, value, start, end
    tok.line = tok.end_line = line
    tok.column = column
    tok.end_column = column + end - start
    return tok
