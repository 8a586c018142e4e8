"""The language tested in the language: ``tests/wl/*.wl`` files with expectations inline.

A file holds cases separated by ``//== title`` lines. Inside a case:

* ``//> text``  one expected line of standard output (``Info``), in order;
* ``//! text``  one expected line of standard error (``Trace``, ``Erreur``), in order;
* ``//!! regex`` at the end of a line: the run must stop with an error (syntax or fatal)
  reported on that line, whose message matches ``regex`` (case-insensitive search);
* ``//exit N``  the expected exit code (default 0; 65 or 70 with ``//!!``);
* ``//answer X``  run as ``wlmail run --answer X`` (X: no, yes or default).

Expectation markers may end a code line (``Info(1 + 1) //> 2``) or stand alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

MARK = re.compile(r"//(>|!!|!|exit|answer)(?: (.*))?$")


@dataclass
class Case:
    path: Path
    title: str
    first_line: int
    source: str
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    error_line: int = 0
    error_regex: str = ""
    exit_code: int | None = None
    answer: str | None = None


def load_cases(path: Path) -> list[Case]:
    cases: list[Case] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    current: Case | None = None
    body: list[str] = []

    def close() -> None:
        if current is not None:
            current.source = "\n".join(body) + "\n"
            cases.append(current)

    for number, line in enumerate(lines, 1):
        if line.startswith("//=="):
            close()
            current = Case(path, line[4:].strip() or f"line {number}", number + 1, "")
            body = []
            continue
        if current is None:
            continue
        body.append(line)
        m = MARK.search(line)
        if m is None:
            continue
        kind, text = m.group(1), m.group(2) or ""
        local_line = len(body)
        if kind == ">":
            current.stdout.append(text)
        elif kind == "!":
            current.stderr.append(text)
        elif kind == "!!":
            current.error_line, current.error_regex = local_line, text
        elif kind == "answer":
            current.answer = text.strip()
        else:
            current.exit_code = int(text)
    close()
    return cases
