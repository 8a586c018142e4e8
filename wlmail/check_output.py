"""How ``wlmail check`` shows what it found, the way ruff does (issue 16).

* **text**: ``file:line:col: severity[code]: message``, then the source line and a caret, in
  colour on a terminal (``NO_COLOR`` turns colour off, ``FORCE_COLOR`` on when not a terminal);
* **json** (the list of problems, as before), **github** (workflow commands, annotations on a
  pull request), **sarif** (SARIF 2.1.0, for code-scanning tools);
* ``--select``/``--ignore`` keep or drop problems by code or code prefix (``property`` selects
  ``property_number``, ``property_range``…; ``ALL`` selects everything), ``--statistics`` counts
  them by code, ``--exit-zero`` exits 0 whatever was found.

Settings may also live in a ``wlmail.toml`` (top level) or in the ``[tool.wlmail]`` table of a
``pyproject.toml``, found in the current directory or the nearest one above it (``wlmail.toml``
wins); the command line adds to ``select``/``ignore`` and overrides the rest.

Exit status (ruling): 1 when an *error* is left after ``select``/``ignore``; warnings alone
(an unsupported function, an argument count the catalog cannot confirm) exit 0, as a compiler's
warnings do; 66 when a file cannot be read.
"""

from __future__ import annotations

import json
import os
import sys
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from wlmail.catalog import get_catalog
from wlmail.source import caret_block
from wlmail.textsafe import escape, json_safe

__all__ = ["FORMATS", "CheckOptions", "Reporter", "load_settings"]

FORMATS = ("text", "json", "github", "sarif")
SETTINGS_KEYS = frozenset({"select", "ignore", "exit-zero", "statistics", "format", "lang"})

_RED, _YELLOW, _BOLD, _DIM, _CYAN, _RESET = (
    "\x1b[31m",
    "\x1b[33m",
    "\x1b[1m",
    "\x1b[2m",
    "\x1b[36m",
    "\x1b[0m",
)


class SettingsError(ValueError):
    """A ``wlmail.toml``/``[tool.wlmail]`` that cannot be used (the message names the file)."""


@dataclass(slots=True)
class CheckOptions:
    """What the command line and the settings file ask of ``wlmail check``."""

    fmt: str = "text"
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    exit_zero: bool = False
    statistics: bool = False
    color: bool = False

    def keeps(self, code: str) -> bool:
        """Is a problem with this code shown (``select`` empty: every code)?"""

        def hit(patterns: Iterable[str]) -> bool:
            return any(p == "ALL" or code == p or code.startswith(p + "_") for p in patterns)

        return (not self.select or hit(self.select)) and not hit(self.ignore)


def load_settings(start: Path | None = None) -> tuple[dict[str, Any], Path | None]:
    """The nearest ``wlmail.toml`` or ``pyproject.toml`` ``[tool.wlmail]`` settings."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / "wlmail.toml"
        if own.is_file():
            return _settings(own, lambda data: data), own
        project = folder / "pyproject.toml"
        if project.is_file():
            found = _settings(project, lambda data: data.get("tool", {}).get("wlmail"))
            if found:
                return found, project
    return {}, None


def _settings(path: Path, pick: Any) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise SettingsError(f"{path}: {err}") from None
    table = pick(data) or {}
    if not isinstance(table, dict):
        raise SettingsError(f"{path}: [tool.wlmail] must be a table")
    unknown = sorted(set(table) - SETTINGS_KEYS)
    if unknown:
        known = ", ".join(sorted(SETTINGS_KEYS))
        raise SettingsError(f"{path}: unknown setting {unknown[0]!r} (known: {known})")
    for key in ("select", "ignore"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SettingsError(f"{path}: {key} must be a list of codes")
    if "format" in table and table["format"] not in FORMATS:
        raise SettingsError(f"{path}: format must be one of {', '.join(FORMATS)}")
    if "lang" in table and table["lang"] not in ("fr", "en"):
        raise SettingsError(f"{path}: lang must be fr or en")
    return dict(table)


def wants_color(stream: TextIO) -> bool:
    """Colour on a terminal unless ``NO_COLOR`` is set (no-color.org); ``FORCE_COLOR`` forces
    it elsewhere (CI logs that render ANSI); ``NO_COLOR`` wins over both."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)()) and os.environ.get("TERM") != "dumb"


class Reporter:
    """Collects the problems of each file and writes them in the chosen format."""

    def __init__(self, options: CheckOptions, out: TextIO | None = None) -> None:
        self.options = options
        self.out = out or sys.stdout
        self.kept: list[Any] = []  # Problem (wlmail.check), after select/ignore

    def add(self, problems: list[Any], text: str, lang: str) -> list[Any]:
        """Keep the selected problems of one file; in text format, print them at once."""
        kept = [p for p in problems if self.options.keeps(p.code)]
        self.kept.extend(kept)
        if self.options.fmt == "text":
            for problem in kept:
                self.out.write(self.text(problem, text, lang) + "\n")
        elif self.options.fmt == "github":
            for problem in kept:
                self.out.write(github(problem) + "\n")
        return kept

    def text(self, problem: Any, text: str, lang: str) -> str:
        word = get_catalog().message(f"severity_{problem.severity}", lang)
        where = escape(f"{problem.file}:{problem.line}:{problem.column}")
        message = escape(problem.message)
        block = caret_block(text, problem.line, problem.column)
        if not self.options.color:
            head = f"{where}: {word}[{problem.code}]: {message}"
            return f"{head}\n{block}" if block else head
        tone = _RED if problem.severity == "error" else _YELLOW
        head = (
            f"{_BOLD}{where}{_RESET}: {tone}{_BOLD}{word}{_RESET}{_DIM}[{problem.code}]{_RESET}: "
            f"{message}"
        )
        if not block:
            return head
        source, caret = block.split("\n", 1)
        return f"{head}\n{_CYAN}{source}{_RESET}\n{tone}{_BOLD}{caret}{_RESET}"

    def finish(self, summary_lines: list[str] | None, summary_data: Any = None) -> None:
        """Write what is written at the end: JSON/SARIF documents, the statistics."""
        fmt = self.options.fmt
        if fmt == "json":
            data: Any = [asdict(p) for p in self.kept]
            if summary_data is not None:
                data = {"problems": data, "summary": summary_data}
            self.out.write(json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")
        elif fmt == "sarif":
            self.out.write(json_safe(json.dumps(sarif(self.kept), ensure_ascii=False, indent=2)))
            self.out.write("\n")
        elif summary_lines is not None:
            self.out.write("\n".join(summary_lines) + "\n")
        if self.options.statistics and fmt in ("text", "github"):
            self.out.write(self.statistics())

    def statistics(self) -> str:
        counts = Counter((p.code, p.severity) for p in self.kept)
        rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return "".join(f"{n:>6}  {code:<24} {sev}\n" for (code, sev), n in rows)

    def status(self) -> int:
        if self.options.exit_zero:
            return 0
        return 1 if any(p.severity == "error" for p in self.kept) else 0


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def github(problem: Any) -> str:
    """A GitHub Actions workflow command: an annotation on the line of a pull request."""
    kind = "error" if problem.severity == "error" else "warning"
    props = ",".join(
        [
            f"file={_github_escape(problem.file, prop=True)}",
            f"line={problem.line}",
            f"col={problem.column}",
            f"title={_github_escape(f'wlmail {problem.code}', prop=True)}",
        ]
    )
    return escape(f"::{kind} {props}::{_github_escape(problem.message)}")


def sarif(problems: list[Any]) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run (what GitHub code scanning and IDEs read)."""
    from wlmail import __version__

    codes = sorted({p.code for p in problems})
    results = [
        {
            "ruleId": p.code,
            "ruleIndex": codes.index(p.code),
            "level": "error" if p.severity == "error" else "warning",
            "message": {"text": p.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": Path(p.file).as_posix()},
                        "region": {"startLine": p.line, "startColumn": p.column},
                    }
                }
            ],
        }
        for p in problems
    ]
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "wlmail",
                        "version": __version__,
                        "rules": [{"id": code, "name": code} for code in codes],
                    }
                },
                "results": results,
            }
        ],
    }
