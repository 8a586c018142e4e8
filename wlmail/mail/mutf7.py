"""IMAP mailbox names in modified UTF-7 (RFC 3501 §5.1.3): ``Reçus`` travels as ``Re&AOc-us``.

Printable ASCII stands for itself except ``&``, written ``&-``; any other run of characters is
UTF-16BE, base64 with ``,`` for ``/`` and no padding, between ``&`` and ``-``.
"""

from __future__ import annotations

import base64
import re

__all__ = ["decode", "encode"]

_SHIFTED = re.compile(r"&([A-Za-z0-9+,]*)-")


def encode(name: str) -> str:
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            raw = "".join(pending).encode("utf-16-be")
            out.append("&" + base64.b64encode(raw).decode().rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for char in name:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    return "".join(out)


def decode(name: str) -> str:
    """The readable name; a malformed shifted run is kept as it was sent."""

    def shifted(found: re.Match[str]) -> str:
        body = found.group(1)
        if not body:
            return "&"
        data = body.replace(",", "/")
        try:
            return base64.b64decode(data + "=" * (-len(data) % 4)).decode("utf-16-be")
        except ValueError:
            return found.group(0)

    return _SHIFTED.sub(shifted, name)
