"""Helpers for tests that read ``wlmail check``'s text output."""

from __future__ import annotations

import re


def heads(stdout: str) -> str:
    """``check``'s diagnostic lines alone (no source line, no caret), without the ``[code]``."""
    return "".join(
        re.sub(r"^(.+?:\d+:\d+: \w+)\[\w+\]:", r"\1:", line) + "\n"
        for line in stdout.splitlines()
        if re.match(r".+:\d+:\d+: ", line)
    )
