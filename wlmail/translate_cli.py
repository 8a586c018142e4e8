"""``wlmail translate``: read a script, write its translation, list what would not come back."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from wlmail.errors import WLSyntaxError
from wlmail.syntax.lexer import detect_lang
from wlmail.textsafe import escape
from wlmail.translate import _message, translate


# ---- command line --------------------------------------------------------------------------------
def _decode(data: bytes) -> tuple[str, Callable[[str], bytes]]:
    """Text and the function that encodes it back exactly (BOM and code page kept)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), lambda s: b"\xef\xbb\xbf" + s.encode("utf-8")
    try:
        return data.decode("utf-8"), lambda s: s.encode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), lambda s: s.encode("cp1252", "replace")


def translate_command(
    path: str, to: str, in_place: bool = False, keep_spelling: bool = False
) -> int:
    """``wlmail translate --to fr|en FILE [-i] [--keep-spelling]``: 0 done, 65 syntax error,
    66 unreadable file.

    The translation goes to standard output (bytes exactly as encoded in the file), or back
    into the file with ``-i``; what is lost (a word left as written because a name of the
    script takes its translation; with ``--keep-spelling``, a word the way back would not give
    back) is listed on stderr, one line per distinct word with its count.
    """
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as err:
        print(escape(f"wlmail: {path}: {err.strerror}"), file=sys.stderr)
        return 66
    text, encode = _decode(data)
    lang = detect_lang(text)
    try:
        result = translate(text, to, path, keep_spelling=keep_spelling)
    except WLSyntaxError as err:
        print(err.render(text, _message("syntax", lang)), file=sys.stderr)
        return 65
    warning = _message("warning", lang)
    counts = Counter((item.word, item.back, item.kept) for item in result.lossy)
    shown: set[tuple[str, str, bool]] = set()
    for item in result.lossy:  # one line per distinct loss, at its first place, with a count
        key = (item.word, item.back, item.kept)
        if key in shown:
            continue
        shown.add(key)
        msg = _message("kept" if item.kept else "lossy", lang, word=item.word, back=item.back)
        times = f" (×{counts[key]})" if counts[key] > 1 else ""
        print(f"{escape(path)}:{item.line}:{item.column}: {warning}: {msg}{times}", file=sys.stderr)
    out = encode(result.text)
    if in_place and path != "-":
        try:
            Path(path).write_bytes(out)
        except OSError as err:
            print(escape(f"wlmail: {path}: {err.strerror}"), file=sys.stderr)
            return 73
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(out)
        sys.stdout.buffer.flush()
    return 0
