"""Projects: a folder or several files (and the files they include with ``EXTERNE``) taken as
one program, for ``wlmail run``, ``check``, ``translate`` and ``export``.

WINDEV code is rarely one file: the project's initialisation code declares globals, procedure
sets and classes live in their own files, a window calls procedures declared elsewhere. The
loader parses each file on its own (a syntax error names its own file and line), then merges
them into one :class:`~wlmail.syntax.nodes.Program` that the resolver, the interpreter and the
checker take as they take a single script:

* the **main file** (``--main FILE``, or the only file whose top level does more than declare)
  runs last; the top-level code of the other files (their global declarations, constants,
  structures) runs first, in path order, so the main code and every procedure see them;
* procedures of every file are known everywhere;
* ``EXTERNE "commun.wl"`` is replaced by the statements of that file, found relative to the
  including file (``\\`` or ``/``, any case), each file once; a missing file is an error at
  the ``EXTERNE`` line.

Positions: each file is parsed into a line range of its own (the first file read from line 1,
the next after it…), so a node's line tells its file; :meth:`Project.relocate` and
:meth:`Project.locate` turn such a "virtual" line back into the file and line a message must
name. A syntax error is reported from a parse of the file alone, with its own lines.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wlmail.catalog import fold, get_catalog
from wlmail.errors import WLError, WLSyntaxError
from wlmail.record import field, record
from wlmail.syntax import nodes as n
from wlmail.syntax.classfile import bind_methods

SUFFIXES = (".wl",)  # what run and translate take from a folder
CHECK_SUFFIXES = (".wl", ".wdw")  # check also reads windows exported as text (as it always did)
Reader = Callable[[str], str]
# Top-level statements that only declare: a file made of them is not a main file.
_DECLARATIONS = frozenset({"Decl", "Let", "ConstBlock", "StructDecl", "Extern", "ScopeMark"})


class ProjectError(Exception):
    """A project that cannot be formed: no main file or several (usage, exit 64), an
    unreadable file (exit 66)."""

    def __init__(self, message: str, exit_code: int = 64) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@record
class SourceFile:
    path: str  # as given and shown in messages
    text: str
    program: n.Program
    offset: int = 0  # virtual line = own line + offset
    included: bool = False  # brought in by an EXTERNE of another file

    @property
    def lines(self) -> int:
        return self.text.count("\n") + 1

    @property
    def has_main_code(self) -> bool:
        return any(not _declares(stmt) for stmt in self.program.body)


@record
class Project:
    files: list[SourceFile]  # the main (or first) file first
    main: SourceFile | None
    program: n.Program
    errors: list[WLSyntaxError] = field(default_factory=list)  # files that did not parse
    texts: dict[str, str] = field(default_factory=dict)  # every file read, by path

    def locate(self, line: int) -> tuple[SourceFile, int]:
        """The file and own line of a virtual line."""
        found = self.files[0]
        best = -1
        for f in self.files:
            if best < f.offset < line:
                found, best = f, f.offset
        if best < 0:  # before every range: the first file's own line
            found = min(self.files, key=lambda f: f.offset)
        return found, line - found.offset

    def relocate(self, err: WLError) -> str | None:
        """Point ``err`` (positioned in the program's virtual lines, under the main file's
        name) at its own file and line; return that file's text (for the caret)."""
        if err.filename != self.files[0].path or not err.line:
            return self.texts.get(err.filename)
        f, line = self.locate(err.line)
        err.filename, err.line = f.path, line
        return f.text

    @property
    def lang(self) -> str:
        return self.program.lang


def is_declaration(node: n.Node) -> bool:
    """Does this top-level statement only declare (a global, a constant, a class…)?"""
    return _declares(node)


def _declares(node: n.Node) -> bool:
    name = type(node).__name__
    return name in _DECLARATIONS or name.startswith(("Class", "Enum")) or name.endswith("Decl")


# ---- finding the files --------------------------------------------------------------------------
def project_files(paths: list[str], suffixes: tuple[str, ...] = SUFFIXES) -> list[str]:
    """Every script a folder holds (recursively, sorted), and the files given."""
    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += [str(p) for p in sorted(path.rglob("*")) if p.suffix.lower() in suffixes]
        else:
            found.append(raw)
    return list(dict.fromkeys(found))


def resolve_include(spec: str, including: str) -> Path | None:
    """The file ``EXTERNE spec`` names, relative to the including file's folder: ``\\`` or
    ``/`` separators, each part matched without regard to case (WINDEV code comes from
    Windows). A Windows absolute path (``C:\\…``) is looked for by its parts after the drive."""
    parts = [p for p in spec.replace("\\", "/").split("/") if p not in ("", ".")]
    if parts and len(parts[0]) == 2 and parts[0][1] == ":":
        parts = parts[1:]
    base = Path(including).parent if including not in ("", "-", "<script>") else Path.cwd()
    current = base
    for part in parts:
        if part == "..":
            current = current.parent
            continue
        exact = current / part
        if exact.exists():
            current = exact
            continue
        try:
            match = next((e for e in os.listdir(current) if fold(e) == fold(part)), None)
        except OSError:
            return None
        if match is None:
            return None
        current = current / match
    return current if current.is_file() else None


# ---- loading --------------------------------------------------------------------------------
def load_project(
    paths: list[str], read: Reader, main: str | None = None, lang: str | None = None
) -> Project:
    """Parse every file and merge them. A file with a syntax error is left out and its error
    kept in ``errors``; an unreadable file raises :class:`ProjectError`."""
    return merge(read_files(paths, read, main, lang), main, lang)


def read_files(
    paths: list[str],
    read: Reader,
    main: str | None = None,
    lang: str | None = None,
    suffixes: tuple[str, ...] = SUFFIXES,
) -> Loader:
    """Parse every file of ``paths`` (folders walked) and splice their includes."""
    names = project_files(paths, suffixes)
    if main is not None and not any(_same(main, p) for p in names):
        names.insert(0, main)
    from wlmail.runtime.driver import gc_paused

    loader = Loader(read, lang)
    with gc_paused():  # parsing allocates a great deal that all stays alive (see gc_paused)
        for name in names:
            loader.add(name)
    return loader


def merge(loader: Loader, main: str | None = None, lang: str | None = None) -> Project:
    """One program of the files ``loader`` parsed: the main (or first) file keeps its lines,
    the others move to line ranges of their own (see :meth:`Project.relocate`)."""
    files = loader.top_level()
    chosen = _main_file(files, main)
    first = chosen or (files[0] if files else None)
    if first is None and loader.errors:
        raise loader.errors[0]
    if first is None:
        raise ProjectError(get_catalog().message("project_empty", lang or "fr"))
    ordered = [first] + [f for f in loader.files if f is not first]
    for f in ordered:  # each file's class-file rule, before the files become one program
        bind_methods(f.program)
    body: list[n.Node] = []
    for f in files:
        if f is not first:
            body += f.program.body
    body += first.program.body
    procs = [p for f in ordered for p in f.program.procs]
    shown_lang = lang or first.program.lang
    program = n.Program(1, 1, body, procs, first.path, first.text, shown_lang)
    return Project(ordered, chosen, program, loader.errors, loader.texts)


def _same(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a == b


def _main_file(files: list[SourceFile], main: str | None) -> SourceFile | None:
    if main is not None:  # None when the main file did not parse (its error is reported)
        return next((f for f in files if _same(f.path, main)), None)
    candidates = [f for f in files if f.has_main_code]
    return candidates[0] if len(candidates) == 1 else None


def main_candidates(project: Project) -> list[str]:
    return [f.path for f in project.files if not f.included and f.has_main_code]


class Loader:
    """Parses files and splices their ``EXTERNE "…"`` includes, each file once."""

    def __init__(self, read: Reader, lang: str | None) -> None:
        self.read = read
        self.lang = lang
        self.files: list[SourceFile] = []
        self.errors: list[WLSyntaxError] = []
        self.by_path: dict[str, SourceFile] = {}
        self.texts: dict[str, str] = {}
        self.next_line = 0  # each file parsed gets the next free line range

    def top_level(self) -> list[SourceFile]:
        """The files given (or found in a folder), not those only included by another."""
        return [f for f in self.files if not f.included]

    def main_candidates(self) -> list[SourceFile]:
        return [f for f in self.top_level() if f.has_main_code]

    def add(self, name: str, included: bool = False) -> SourceFile | None:
        from wlmail.runtime.driver import too_deep_is_a_syntax_error
        from wlmail.syntax.parser import parse_program

        key = os.path.realpath(name) if name not in ("-", "<script>") else name
        known = self.by_path.get(key)
        if known is not None:
            known.included = known.included or included
            return known
        try:
            text = self.read(name)
        except OSError as err:
            raise ProjectError(f"{name}: {err.strerror}", 66) from err
        self.texts[name] = text
        offset, self.next_line = self.next_line, self.next_line + text.count("\n") + 1
        try:
            with too_deep_is_a_syntax_error(name, self.lang or "fr"):
                program = parse_program(text, name, lang=self.lang, first_line=offset + 1)
        except WLSyntaxError as err:
            self.errors.append(self._own_lines(err, text, name) if offset else err)
            return None
        source = SourceFile(name, text, program, offset, included)
        self.by_path[key] = source
        self.files.append(source)
        if "extern" in text.lower():  # walking the tree costs: only where an EXTERNE may be
            self._splice(source, program.body)
            for proc in program.procs:
                self._splice(source, proc.body)
        return source

    def _splice(self, source: SourceFile, block: list[Any]) -> None:
        """Replace each ``EXTERNE "file"`` of ``block`` (and of the blocks inside it) by the
        statements of that file, once; its procedures stay in its own program."""
        i = 0
        while i < len(block):
            stmt = block[i]
            if isinstance(stmt, n.Extern) and stmt.path is not None:
                included = self._include(source, stmt)
                spliced = included.program.body if included is not None else []
                if included is not None:
                    included.program.body = []  # an included file is included once
                block[i : i + 1] = spliced
                i += len(spliced)
                continue
            if isinstance(stmt, n.Node):
                for value in vars(stmt).values():
                    if isinstance(value, list):
                        self._splice(source, value)
                    elif isinstance(value, n.Node):
                        self._splice(source, [value])
            i += 1

    def _own_lines(self, err: WLSyntaxError, text: str, name: str) -> WLSyntaxError:
        """The error as a parse of the file alone reports it (its own line numbers)."""
        from wlmail.syntax.parser import parse_program

        try:
            parse_program(text, name, lang=self.lang)
        except WLSyntaxError as own:
            return own
        return err

    def _include(self, source: SourceFile, stmt: n.Extern) -> SourceFile | None:
        assert stmt.path is not None
        path = resolve_include(stmt.path, source.path)
        if path is None:
            message = get_catalog().message("extern_missing", source.program.lang, path=stmt.path)
            raise WLSyntaxError(message, source.path, stmt.line - source.offset, stmt.col)
        return self.add(str(path), included=True)


def settings_values(project: Project) -> list[str]:
    """The values of the ``.ini`` files in the project's folders (``Serveur=smtp.exemple.fr``),
    for ``--sandbox``: its certificate must carry the host names a script reads from them."""
    folders = {Path(f.path).resolve().parent for f in project.files if f.path not in ("-",)}
    values: list[str] = []
    for folder in sorted(folders):
        for ini in sorted(folder.rglob("*.ini"))[:100]:
            try:
                text = ini.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            values += [line.partition("=")[2].strip() for line in text.splitlines() if "=" in line]
    return values
