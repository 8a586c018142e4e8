"""The documents ``wlmail lsp`` knows: the open ones, and the other files of their projects
(read from disk, analysed once per modification time).

Which files make a project is the :class:`ProjectFiles` seam; :class:`LoadedProjects` answers
with the project loader of ``wlmail run`` and ``check`` (lsp/context.py, wlmail/project.py): the
``.wl`` files of the document's folder (and below) when they form one project, the files its
``EXTERNE`` lines name. What the other files declare is known in each document (no false
"unknown name"), and definitions and references of globals, procedures, classes and their
members, and enumerations look in every document of the project.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlparse

from wlmail.lsp.analysis import Document
from wlmail.lsp.context import Context, build, folder_files, includes

LISTING_TTL = 2.0  # seconds a folder's listing is trusted


class ProjectFiles(Protocol):
    """The seam for the project loader: the files that make one project with ``path``."""

    def files_with(self, path: Path) -> list[Path]: ...


class LoadedProjects:
    """Projects as the project loader forms them, each document's context made again only
    when a file it was made from changed (``stamp_of``: an open document's text, else the
    file's modification time)."""

    def __init__(self, read: Callable[[str], str], stamp_of: Callable[[Path], Any]) -> None:
        self.read, self.stamp_of = read, stamp_of
        self.cache: dict[Path, Context] = {}
        self.main_code: dict[Path, bool] = {}
        self.listed: dict[Path, tuple[float, list[Path]]] = {}  # folder -> (when, its files)

    def context(self, path: Path, text: str, main_code: bool | None = None) -> Context:
        """What the other files of ``path``'s project declare, for the document ``text``
        (whose top level does more than declare: ``main_code``; None: as last time)."""
        if main_code is None:
            main_code = self.main_code.get(path, True)
        self.main_code[path] = main_code
        others = [p for p in self._listing(path) if p != path]
        externs = includes(text, path) if "extern" in text.lower() else {}
        used = [*others, *externs.values()]
        stamp = (main_code, tuple(externs), tuple((p, self.stamp_of(p)) for p in used))
        cached = self.cache.get(path)
        if cached is not None and cached.stamp == stamp:
            return cached
        ctx = build(path, others, externs, self.read, main_code)
        ctx.stamp = stamp
        self.cache[path] = ctx
        return ctx

    def _listing(self, path: Path) -> list[Path]:
        """The folder's files, listed again at most every :data:`LISTING_TTL` seconds (the
        editor asks at each keystroke)."""
        now = time.monotonic()
        listed = self.listed.get(path.parent)
        if listed is None or now - listed[0] > LISTING_TTL:
            listed = self.listed[path.parent] = (now, folder_files(path) or [])
        return listed[1]

    def peers(self, path: Path) -> list[Path]:
        """The documents whose project ``path`` is part of (as last made)."""
        return [p for p, ctx in self.cache.items() if p != path and path in ctx.files]

    def files_with(self, path: Path) -> list[Path]:
        ctx = self.cache.get(path)
        return ctx.files if ctx is not None else [path]


def uri_to_path(uri: str) -> Path | None:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return Path(unquote(parsed.path))


def path_to_uri(path: Path) -> str:
    return path.resolve().as_uri()


class Workspace:
    def __init__(self, project: ProjectFiles | None = None) -> None:
        self.projects = LoadedProjects(self._read, self._stamp)
        self.project: ProjectFiles = project or self.projects
        self.open: dict[str, Document] = {}
        self._disk: dict[str, tuple[float, Document]] = {}

    def document(self, uri: str) -> Document:
        doc = self.open.get(uri)
        if doc is None:
            path = uri_to_path(uri)
            doc = self.open[uri] = Document(uri, str(path) if path else uri)
        return doc

    def close(self, uri: str) -> None:
        self.open.pop(uri, None)

    def refresh(self, doc: Document, text: str) -> bool:
        """Analyse ``doc`` again if its text or what its project gives it changed."""
        path = uri_to_path(doc.uri)
        if path is None:
            if text != doc.text or not doc.version:
                doc.update(text)
                return True
            return False
        fresh = text == doc.text and doc.version
        if fresh and self.projects.context(path, text) is doc.context:
            return False
        doc.update(text, lambda main_code: self.projects.context(path, text, main_code))
        return True

    def _read(self, name: str) -> str:
        doc = self.open.get(path_to_uri(Path(name)))
        if doc is not None and doc.version:
            return doc.text
        with open(name, encoding="utf-8", errors="replace") as f:
            return f.read()

    def _stamp(self, path: Path) -> Any:
        doc = self.open.get(path_to_uri(path))
        if doc is not None and doc.version:
            return hash(doc.text)
        try:
            return os.stat(path).st_mtime_ns
        except OSError:
            return None

    def project_documents(self, uri: str) -> Iterator[Document]:
        """This document, then the open and on-disk documents of its project."""
        yield self.document(uri)
        path = uri_to_path(uri)
        if path is None:
            return
        for other in self.project.files_with(path):
            other_uri = path_to_uri(other)
            if other_uri == uri:
                continue
            doc = self.open.get(other_uri) or self._from_disk(other, other_uri)
            if doc is not None:
                yield doc

    def _from_disk(self, path: Path, uri: str) -> Document | None:
        try:
            mtime = os.stat(path).st_mtime
            cached = self._disk.get(uri)
            if cached is not None and cached[0] == mtime:
                self.refresh(cached[1], cached[1].text)  # another file may have changed
                return cached[1]
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        doc = Document(uri, str(path))
        self.refresh(doc, text)
        self._disk[uri] = (mtime, doc)
        return doc
