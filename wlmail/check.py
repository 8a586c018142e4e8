"""``wlmail check``: find problems in scripts without running them.

Syntax errors, unknown names (with "did you mean"), wrong argument counts, functions and types
that wlmail does not support (with the reason), SORTIR outside a loop. Output in the compiler
format ``file:line:col: severity: message``, in the script's language, or JSON.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from wlmail.catalog import get_catalog
from wlmail.errors import WLSyntaxError
from wlmail.runtime.driver import Interpreter
from wlmail.runtime.host import CaptureHost
from wlmail.syntax.lexer import detect_lang

WARNING_CODES = {"unsupported_function", "unsupported_type"}


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    column: int
    severity: str
    code: str
    message: str

    def text(self, lang: str) -> str:
        word = get_catalog().message(f"severity_{self.severity}", lang)
        return f"{self.file}:{self.line}:{self.column}: {word}: {self.message}"


def check_text(text: str, filename: str, lang: str | None = None) -> list[Problem]:
    """All problems of one script, in source order."""
    interp = Interpreter(CaptureHost(), filename, lang)
    try:
        diags = interp.check(text)
    except WLSyntaxError as err:
        return [Problem(filename, err.line, err.column, "error", "syntax", err.message)]
    problems = [
        Problem(
            filename,
            d.line,
            d.col,
            "warning" if d.code in WARNING_CODES else "error",
            d.code,
            d.message,
        )
        for d in diags
    ]
    return sorted(problems, key=lambda p: (p.line, p.column))


def _files(paths: list[str]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in (".wl", ".wdw"))
        else:
            yield path


def check_command(paths: list[str], lang: str | None, fmt: str, read: Callable[[str], str]) -> int:
    """Exit 0 when every file is clean, 1 when problems were found, 66 when a file is missing."""
    found: list[Problem] = []
    status = 0
    for path in _files(paths):
        try:
            text = read(str(path))
        except OSError as err:
            print(f"wlmail: {path}: {err.strerror}", file=sys.stderr)
            status = 66
            continue
        problems = check_text(text, str(path), lang)
        found.extend(problems)
        if fmt == "text":
            shown = lang or detect_lang(text)
            for p in problems:
                print(p.text(shown))
    if fmt == "json":
        print(json.dumps([asdict(p) for p in found], ensure_ascii=False, indent=2))
    if status:
        return status
    return 1 if found else 0
