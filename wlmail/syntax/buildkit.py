"""What the AST builders share: positions, children filters, marker lists."""

from __future__ import annotations

from typing import Any

from wlmail.catalog import fold
from wlmail.syntax import nodes as n
from wlmail.syntax.tokens import Token

Children = list[Any]


def _pos(items: Children) -> tuple[int, int]:
    for item in items:
        if isinstance(item, Token):
            return item.line or 0, item.column or 0
        if isinstance(item, n.Node):
            return item.line, item.col
        if isinstance(item, list) and item:
            return _pos(item)
    return 0, 0


def _nodes(items: Children) -> list[Any]:
    return [c for c in items if not isinstance(c, Token)]


def _types(items: Children) -> list[str]:
    return [c.type for c in items if isinstance(c, Token)]


def _name(tok: Token) -> n.Name:
    return n.Name(tok.line or 0, tok.column or 0, str(tok), fold(str(tok)))


def _block_of(item: Any) -> list[Any]:
    return item if isinstance(item, list) else []


class Inline(list[Any]):
    """The children of a ``_rule``, spliced into its parent's children."""


class _Returns(list[Any]):
    """The return types of a procedure header (``: entier``)."""


class _CtorArgs(list[Any]):
    """``(a, b)`` after a class name in a declaration."""


_PROC_WORDS = ("NAME", "LOCAL", "GLOBAL", "PUBLIC", "PROTECTED", "PRIVATE")
_ACCESS = {"PUBLIC": "public", "PROTECTED": "protected", "PRIVATE": "private"}
