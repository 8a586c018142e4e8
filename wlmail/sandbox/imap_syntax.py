"""The small IMAP syntax of the sandbox server: flags, SEARCH keys, FETCH items, sequence sets."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = [
    "FLAGS",
    "LITERAL",
    "MACROS",
    "MAX_LITERAL",
    "SEARCH_FLAGS",
    "SECTION",
    "Bad",
    "astr",
    "canonical",
    "flag_list",
    "flatten",
    "sequence",
]

LITERAL = re.compile(rb"\{(\d+)(\+?)\}$")
FLAGS = ("\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft")
SEARCH_FLAGS = {
    "SEEN": ("\\Seen", True),
    "UNSEEN": ("\\Seen", False),
    "DELETED": ("\\Deleted", True),
    "UNDELETED": ("\\Deleted", False),
    "FLAGGED": ("\\Flagged", True),
    "UNFLAGGED": ("\\Flagged", False),
    "ANSWERED": ("\\Answered", True),
    "UNANSWERED": ("\\Answered", False),
    "DRAFT": ("\\Draft", True),
    "UNDRAFT": ("\\Draft", False),
}
MACROS = {
    "FAST": ["FLAGS", "INTERNALDATE", "RFC822.SIZE"],
    "ALL": ["FLAGS", "INTERNALDATE", "RFC822.SIZE"],
    "FULL": ["FLAGS", "INTERNALDATE", "RFC822.SIZE"],
}
SECTION = re.compile(r"^(BODY(?:\.PEEK)?)\[(|HEADER|TEXT)\]$")
MAX_LITERAL = 1 << 16


class Bad(Exception):
    """A command the sandbox cannot parse or does not implement: tagged BAD."""


def astr(item: Any) -> str:
    if isinstance(item, bytes):
        return item.decode("utf-8", "replace")
    if item is None:
        return "NIL"
    raise Bad("expected a string")


def flag_list(flags: Iterable[str]) -> str:
    return "(" + " ".join(sorted(flags)) + ")"


def sequence(spec: str, highest: int) -> set[int]:
    """A sequence set (``1:*``, ``2,4:6``, ``*``) as numbers, ``*`` standing for ``highest``."""
    numbers: set[int] = set()
    for part in spec.split(","):
        first, _, last = part.partition(":")
        try:
            low = highest if first == "*" else int(first)
            high = low if not last else highest if last == "*" else int(last)
        except ValueError:
            raise Bad("invalid sequence set") from None
        low, high = min(low, high), max(low, high)
        numbers.update(range(max(low, 1), min(high, highest) + 1))
    return numbers


def flatten(items: list[Any]) -> Iterator[Any]:
    for item in items:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item


def canonical(flag: str) -> str:
    for known in FLAGS:
        if flag.lower() == known.lower():
            return known
    return flag
