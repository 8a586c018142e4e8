"""What the other files of a project give a document: their declarations, read by the project
loader of ``wlmail run`` and ``check`` (:mod:`wlmail.project`), so that a global, procedure,
class or enumeration declared in another file is known where it is used.

Which files make the document's project: the ``.wl`` files of its folder and the folders below
(what ``wlmail check FOLDER`` reads), when they form one project as ``check`` decides it (at
most one of them has code that does more than declare); otherwise the document is a script of
its own. Either way, the files its ``EXTERNE "…"`` lines name are part of it.

The other files are parsed by the project loader at lines from :data:`FOREIGN` on, so that
nothing of theirs can be taken for the document's: their top-level declarations and their
procedures' first lines (bodies left out) are compiled with the document, and what the
checker notes or reports past :data:`FOREIGN` is dropped.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wlmail.errors import WLSyntaxError
from wlmail.lsp.recorder import FOREIGN
from wlmail.project import (
    SUFFIXES,
    Loader,
    ProjectError,
    SourceFile,
    is_declaration,
    resolve_include,
)
from wlmail.syntax import nodes as n
from wlmail.syntax.classfile import bind_methods

MAX_FILES = 500  # a folder holding more .wl files than this is not taken as a project
MAX_FOLDERS = 200  # nor one with more folders below it (a home directory)
_EXTERN = re.compile(r'(?im)^[ \t]*extern[e]?[ \t]+"([^"\r\n]+)"')
Reader = Callable[[str], str]


@dataclass(eq=False)
class Context:
    """The other files' declarations, as one document of the project sees them."""

    stamp: Any = None  # what it was made from: equal stamps, same context
    body: list[n.Node] = field(default_factory=list)  # their top-level declarations
    procs: list[n.ProcDef] = field(default_factory=list)  # their procedures, first lines only
    loaded: set[str] = field(default_factory=set)  # the document's EXTERNE files found
    files: list[Path] = field(default_factory=list)  # the project's files, the document first
    sources: list[SourceFile] = field(default_factory=list)

    @property
    def classes(self) -> bool:
        return any(isinstance(s, n.ClassDecl | n.EnumDecl) for s in self.body)

    def describe(self, line: int, here: int) -> str:
        """How a message names a line: another file's line with that file's name."""
        if line < FOREIGN:
            return str(line)
        for f in self.sources:
            if f.offset < line <= f.offset + f.lines:
                return f"{line - f.offset} ({f.path})"
        return str(line)


EMPTY = Context()


def folder_files(path: Path) -> list[Path] | None:
    """The ``.wl`` files of ``path``'s folder and the folders below, sorted; None beyond
    :data:`MAX_FILES` files or :data:`MAX_FOLDERS` folders (the document is then a script
    of its own)."""
    found: list[Path] = []
    for count, (root, dirs, files) in enumerate(os.walk(path.parent)):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
        found += [Path(root) / f for f in files if Path(f).suffix.lower() in SUFFIXES]
        if len(found) > MAX_FILES or count >= MAX_FOLDERS:
            return None
    return sorted(found)


def includes(text: str, path: Path) -> dict[str, Path]:
    """The files the ``EXTERNE "…"`` lines of ``text`` name, by the spelling written."""
    out: dict[str, Path] = {}
    for spec in _EXTERN.findall(text):
        found = resolve_include(spec, str(path))
        if found is not None:
            out[spec] = found
    return out


def build(
    path: Path, others: list[Path], externs: dict[str, Path], read: Reader, main_code: bool
) -> Context:
    """The context of the document at ``path`` (whose own top level has ``main_code`` or
    not): ``others`` are the other files of its folder, ``externs`` what it includes."""
    loader = _load(path, others, externs, read)
    if main_code + len(loader.main_candidates()) > 1:  # separate scripts: each one alone
        loader, others = _load(path, [], externs, read), []
    ctx = Context(files=[path, *others, *(externs.values())])
    ctx.loaded = {spec for spec, p in externs.items() if str(p) in loader.texts}
    for f in loader.files:
        bind_methods(f.program)  # the class-file rule, file by file (as the loader's merge)
        ctx.body += [s for s in f.program.body if is_declaration(s)]
        for proc in f.program.procs:
            head = copy.copy(proc)
            head.body = []
            ctx.procs.append(head)
    ctx.sources = loader.files
    ctx.files = list(dict.fromkeys(ctx.files))
    return ctx


def _load(own: Path, others: list[Path], externs: dict[str, Path], read: Reader) -> Loader:
    loader = Loader(read, None)
    loader.next_line = FOREIGN
    # the document itself, included by another file with EXTERNE, is the editor's, not
    # a second copy of its declarations
    nothing = n.Program(1, 1, [], [])
    loader.by_path[os.path.realpath(own)] = SourceFile(str(own), "", nothing, FOREIGN, True)
    for p in [*others, *externs.values()]:
        try:
            loader.add(str(p), included=p in externs.values())
        except (WLSyntaxError, ProjectError, OSError, RecursionError):
            continue  # that file's own problems are shown when it is opened
    return loader
