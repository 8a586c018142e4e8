"""``wlmail check`` over several files: one project (names resolved across its files), or
separate scripts (a folder of samples, each with its own main code).

Files form one project when ``--main`` names the main file or when at most one of them has
code at its top level that does more than declare (wlmail/project.py); then a procedure,
global or constant declared in one file is known in all, and a name declared nowhere is
reported once, where it is first used, with the other places that use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from wlmail.catalog import fold, get_catalog
from wlmail.check import Problem, Usage, analyse, analyse_program
from wlmail.errors import WLSyntaxError
from wlmail.project import Loader, ProjectError, merge, project_files, read_files
from wlmail.syntax.lexer import detect_lang

MORE_PLACES = 3  # places listed after "and N other uses"


@dataclass(slots=True)
class FileResult:
    path: str
    lang: str
    problems: list[Problem] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)


def results(
    paths: list[str], lang: str | None, read: Callable[[str], str], main: str | None = None
) -> Iterator[FileResult]:
    """What check finds, file by file. Raises OSError for an unreadable file given alone and
    :class:`ProjectError` for one of several."""
    names = project_files(paths)
    if len(names) == 1 and main is None:
        text = read(names[0])
        if "extern" not in fold(text):  # one plain script: as it always was
            problems, usage = analyse(text, names[0], lang)
            yield FileResult(names[0], lang or detect_lang(text), problems, usage)
            return
    loader = read_files(paths, read, main, lang)
    if main is None and len(loader.main_candidates()) > 1:
        yield from _separately(names, loader, lang)
        return
    yield from _as_project(names, loader, lang, main)


def _syntax(err: WLSyntaxError) -> Problem:
    return Problem(err.filename, err.line, err.column, "error", "syntax", err.message)


def _separately(names: list[str], loader: Loader, lang: str | None) -> Iterator[FileResult]:
    parsed = {f.path: f for f in loader.top_level()}
    failed = {e.filename: e for e in loader.errors}
    for name in names:
        text = loader.texts.get(name, "")
        shown = lang or detect_lang(text)
        if name in failed:
            yield FileResult(name, shown, [_syntax(failed[name])])
        elif name in parsed:
            problems, usage = analyse_program(parsed[name].program, name, shown)
            yield FileResult(name, shown, problems, usage)


def _as_project(
    names: list[str], loader: Loader, lang: str | None, main: str | None
) -> Iterator[FileResult]:
    try:
        project = merge(loader, main, lang)
    except WLSyntaxError as err:  # no file parsed
        yield FileResult(err.filename, lang or "fr", [_syntax(err)])
        return
    except ProjectError:
        return
    shown = project.lang
    problems, usage = analyse_program(project.program, project.files[0].path, shown)
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
        yield FileResult(name, shown, found, usage if i == 0 else Usage())


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
