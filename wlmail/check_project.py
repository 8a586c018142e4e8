"""``wlmail check`` over several files: one project (names resolved across its files), or
separate scripts (a folder of samples, each with its own main code).

Files form one project when ``--main`` names the main file or when at most one of them has
code at its top level that does more than declare (wlmail/project.py); then a procedure,
global or constant declared in one file is known in all, and a name declared nowhere is
reported once, where it is first used, with the other places that use it.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from wlmail.catalog import fold, get_catalog
from wlmail.check import Problem, Usage, analyse, analyse_program
from wlmail.check_families import family_counts, family_lines
from wlmail.check_summary import render_summary, summarize
from wlmail.errors import WLSyntaxError
from wlmail.project import (
    CHECK_SUFFIXES,
    Loader,
    ProjectError,
    merge,
    project_files,
    read_files,
)
from wlmail.syntax.lexer import detect_lang
from wlmail.textsafe import escape

MORE_PLACES = 3  # places listed after "and N other uses"


@dataclass(slots=True)
class FileResult:
    path: str
    lang: str
    problems: list[Problem] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    text: str = ""  # the file's source, for the source line and caret of each problem


def results(
    paths: list[str], lang: str | None, read: Callable[[str], str], main: str | None = None
) -> Iterator[FileResult]:
    """What check finds, file by file. Raises OSError for an unreadable file given alone and
    :class:`ProjectError` for one of several."""
    names = project_files(paths, CHECK_SUFFIXES)
    if len(names) == 1 and main is None:
        text = read(names[0])
        if "extern" not in fold(text):  # one plain script: as it always was
            name = "<stdin>" if names[0] == "-" else names[0]  # `wlmail check -`
            problems, usage = analyse(text, name, lang)
            yield FileResult(name, lang or detect_lang(text), problems, usage, text)
            return
    loader = read_files(paths, read, main, lang, CHECK_SUFFIXES)
    if main is None and len(loader.main_candidates()) > 1:
        # separate scripts; a subfolder that forms a project is still checked as one
        for unit in _units(paths, names):
            sub = _subset(loader, unit)
            if len(unit) > 1 and len(sub.main_candidates()) <= 1:
                yield from _as_project(unit, sub, lang, None)
            else:
                yield from _separately(unit, sub, lang)
        return
    yield from _as_project(names, loader, lang, main)


def _units(paths: list[str], names: list[str]) -> list[list[str]]:
    """The files given, each alone, and each subfolder of a folder given, as a group."""
    folders = [Path(p) for p in paths if Path(p).is_dir()]
    units: dict[str, list[str]] = {}
    for name in names:
        key = name
        for folder in folders:
            try:
                parts = Path(name).relative_to(folder).parts
            except ValueError:
                continue
            if len(parts) > 1:
                key = str(folder / parts[0])
            break
        units.setdefault(key, []).append(name)
    return list(units.values())


def _subset(loader: Loader, unit: list[str]) -> Loader:
    wanted = set(unit)
    sub = Loader(loader.read, loader.lang)
    sub.files = [f for f in loader.files if f.path in wanted]
    sub.errors = [e for e in loader.errors if e.filename in wanted]
    sub.texts = loader.texts
    return sub


def _syntax(err: WLSyntaxError) -> Problem:
    return Problem(err.filename, err.line, err.column, "error", "syntax", err.message)


def _separately(names: list[str], loader: Loader, lang: str | None) -> Iterator[FileResult]:
    parsed = {f.path: f for f in loader.top_level()}
    failed = {e.filename: e for e in loader.errors}
    for name in names:
        text = loader.texts.get(name, "")
        shown = lang or detect_lang(text)
        if name in failed:
            yield FileResult(name, shown, [_syntax(failed[name])], text=text)
        elif name in parsed:
            f = parsed[name]
            problems, usage = analyse_program(f.program, name, shown, _own_line(f.offset))
            own = [dataclasses.replace(p, line=p.line - f.offset) for p in problems]
            yield FileResult(name, shown, own, usage, text)


def _own_line(offset: int) -> Callable[[int, int], str]:
    """How a script checked alone names one of its lines (its parse started at ``offset``)."""

    def describe(line: int, here: int) -> str:
        return str(line - offset)

    return describe


def _as_project(
    names: list[str], loader: Loader, lang: str | None, main: str | None
) -> Iterator[FileResult]:
    try:
        project = merge(loader, main, lang)
    except WLSyntaxError as err:  # no file parsed
        yield FileResult(
            err.filename, lang or "fr", [_syntax(err)], text=loader.texts.get(err.filename, "")
        )
        return
    except ProjectError:
        return
    shown = project.lang

    def describe(line: int, here: int) -> str:
        there, own = project.locate(line)
        if there is project.locate(here)[0]:
            return str(own)
        return f"{own} ({there.path})"

    problems, usage = analyse_program(project.program, project.files[0].path, shown, describe)
    located = [_locate(project, p) for p in problems]
    if len(project.files) > 1:
        located = _unknown_once(located, shown)
    located += [_syntax(e) for e in project.errors]
    by_file: dict[str, list[Problem]] = {}
    for p in located:
        by_file.setdefault(p.file, []).append(p)
    order = [*names, *(f.path for f in project.files if f.path not in names)]
    for i, name in enumerate(dict.fromkeys(order)):
        found = sorted(by_file.get(name, []), key=lambda p: (p.line, p.column))
        text = loader.texts.get(name, "")
        yield FileResult(name, shown, found, usage if i == 0 else Usage(), text)


def _locate(project: object, p: Problem) -> Problem:
    from wlmail.project import Project

    assert isinstance(project, Project)
    f, line = project.locate(p.line)
    return Problem(f.path, line, p.column, p.severity, p.code, p.message)


def _unknown_once(problems: list[Problem], lang: str) -> list[Problem]:
    """One report per unknown name of a project: at its first use, with the others listed."""
    uses: dict[str, list[Problem]] = {}
    for p in problems:
        if p.code == "unknown_name":
            uses.setdefault(p.message, []).append(p)
    out: list[Problem] = []
    for p in problems:
        same = uses.get(p.message) if p.code == "unknown_name" else None
        if same is None:
            out.append(p)
            continue
        if same[0] is not p:
            continue
        others = same[1:]
        if others:
            places = ", ".join(f"{o.file}:{o.line}" for o in others[:MORE_PLACES])
            if len(others) > MORE_PLACES:
                places += ", …"
            more = get_catalog().message("unknown_name_more", lang, n=len(others), places=places)
            p = Problem(p.file, p.line, p.column, p.severity, p.code, p.message + more)
        out.append(p)
    return out


# ---- command ------------------------------------------------------------------------------------
def check_command(
    paths: list[str],
    lang: str | None,
    fmt: str,
    read: Callable[[str], str],
    summary: bool = False,
    main: str | None = None,
    options: Any = None,
) -> int:
    """Exit 0 when no error is left, 1 when one is, 66 when a file is missing (see
    :mod:`wlmail.check_output` for the formats, ``select``/``ignore`` and the statuses).

    Several files (or a folder) are checked as one project when they form one. With
    ``summary``, print the migration report instead of each problem.
    """
    from wlmail.check_output import CheckOptions, Reporter

    options = options or CheckOptions(fmt=fmt)
    reporter = Reporter(options)
    if summary and options.fmt not in ("json",):
        options.fmt = "summary"  # the report replaces the list of problems
    per_file: list[list[Problem]] = []
    usages: list[Usage] = []
    langs: list[str] = []
    status = 0
    try:
        for result in results(paths, lang, read, main):
            per_file.append(reporter.add(result.problems, result.text, result.lang))
            usages.append(result.usage)
            langs.append(result.lang)
    except (OSError, ProjectError) as err:
        shown = f"{err.filename}: {err.strerror}" if isinstance(err, OSError) else str(err)
        print(escape(f"wlmail: {shown}"), file=sys.stderr)
        status = 66
    report_lang = lang or max(("fr", "en"), key=lambda lg: (langs.count(lg), lg == "fr"))
    report = summarize(usages, per_file, report_lang) if summary else None
    reporter.finish(
        render_summary(report, report_lang) if report is not None else None,
        asdict(report) if report is not None else None,
    )
    if options.fmt == "text":
        for line in family_lines(family_counts(usages, report_lang), report_lang):
            print(line)
    return status or reporter.status()
