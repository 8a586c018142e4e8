"""The documents ``wlmail lsp`` knows: the open ones, and the other ``.wl`` files of their
folders (read from disk, analysed once per modification time).

Procedures are global to a project, so go-to-definition and references for a procedure look
in every document of the project. Which files make a project is the :class:`ProjectFiles`
seam: :class:`FolderFiles` (the other ``.wl`` files of the same folder) until the project
loader (``wlmail run`` with a project folder) can be asked instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlparse

from wlmail.lsp.analysis import Document


class ProjectFiles(Protocol):
    """The seam for the project loader: the files that make one project with ``path``."""

    def files_with(self, path: Path) -> list[Path]: ...


class FolderFiles:
    """A project is a folder: every ``.wl`` file beside the document."""

    def files_with(self, path: Path) -> list[Path]:
        try:
            return sorted(p for p in path.parent.glob("*.wl") if p.is_file())
        except OSError:
            return []


def uri_to_path(uri: str) -> Path | None:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return Path(unquote(parsed.path))


def path_to_uri(path: Path) -> str:
    return path.resolve().as_uri()


class Workspace:
    def __init__(self, project: ProjectFiles | None = None) -> None:
        self.project: ProjectFiles = project or FolderFiles()
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
                return cached[1]
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        doc = Document(uri, str(path))
        doc.update(text)
        self._disk[uri] = (mtime, doc)
        return doc
