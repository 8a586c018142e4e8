"""A document's analysis as the completion module's session (:class:`wlmail.completion.
SessionView`): the variables in scope at a line, the project's procedures, and the members and
methods of the script's classes (after ``o.`` or, in a method, ``:``)."""

from __future__ import annotations

from typing import Any

from wlmail.catalog import fold, get_catalog
from wlmail.completion import Candidate
from wlmail.help import type_name
from wlmail.lsp.analysis import Document
from wlmail.syntax import nodes as n


def shown_type(type_id: str, doc: Document, lang: str) -> str:
    """A type id as the script writes it: a class or structure by its name."""
    kind, _, key = type_id.partition(":")
    if kind == "class" and key in doc.classes:
        return str(doc.classes[key][0])
    if kind in ("class", "struct"):
        return key
    return type_name(type_id, lang)


class DocumentSession:
    """:class:`wlmail.completion.SessionView` over a document's analysis at a line."""

    def __init__(self, docs: list[Document], line: int) -> None:
        self.doc = docs[0]
        self.docs = docs
        part = self.doc.part_at(line)
        proc = ""
        self.cls = ""  # the class whose method holds the line
        for occ in part.records:
            if occ.definition and occ.kind in ("procedure", "method"):
                proc = occ.key[2:]
                if occ.kind == "method":
                    self.cls, _, method = proc.partition(":")
                    proc = f"{self.cls}.{method}"
                break
        self.scopes = ("v::", f"v:{proc}:") if proc else ("v::",)

    def lang(self) -> str:
        return self.doc.lang

    def variables(self) -> dict[str, tuple[str, str, Any]]:
        """Folded name → (spelling, type id, a structure's shape as its value, else None)."""
        out: dict[str, tuple[str, str, Any]] = {}
        for doc in self.docs:  # the project's globals, then this document's own names
            for occ in doc.records():
                if not occ.definition or occ.key[0] != "v":
                    continue
                if occ.key.startswith(self.scopes) and (doc is self.doc or occ.key[2] == ":"):
                    struct = occ.type_id.startswith("struct:")
                    shape = self._structure(occ.type_id) if struct else None
                    if doc is self.doc or fold(occ.name) not in out:
                        out[fold(occ.name)] = (occ.name, occ.type_id, shape)
        if self.cls in self.doc.classes:  # in a method: `objet.`, `Ancêtre.` are objects
            parent = self.doc.classes[self.cls][1]
            for word, cls in (("OBJECT", self.cls), ("ANCESTOR", parent)):
                entry = get_catalog().keywords.get(word)
                for spelling in (*entry.fr, *entry.en) if entry is not None and cls else ():
                    out.setdefault(fold(spelling), (spelling, f"class:{cls}", None))
        return out

    def _structure(self, type_id: str) -> Any:
        """An empty instance of a structure of the document: completion reads its fields."""
        from wlmail.runtime.values import WLStruct

        key = type_id.partition(":")[2]
        for part in self.doc.parts:
            body = part.program.body if part.program is not None else []
            procs = part.program.procs if part.program is not None else []
            for node in [*body, *(x for p in procs for x in p.body)]:
                if isinstance(node, n.StructDecl) and node.name.key == key:
                    names = {nm.key: nm.name for decl in node.fields for nm in decl.names}
                    return WLStruct(node.name.name, names, dict.fromkeys(names), {})
        return None

    def procedures(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        out: dict[str, tuple[str, tuple[str, ...]]] = {}
        for doc in self.docs:
            for part in doc.parts[1:]:
                procs = part.program.procs if part.program is not None else []
                for proc in procs[:1]:
                    if proc.owner is None:
                        params = tuple(p.name.name for p in proc.params or ())
                        out.setdefault(proc.name.key, (proc.name.name, params))
        return out

    def class_members(self, key: str, prefix: str) -> list[Candidate]:
        """The members and methods of class ``key`` and of its ancestors, each with its
        declared type (a method: its parameters), starting like ``prefix``."""
        model, lang, want = self.doc.classes, self.doc.lang, fold(prefix)
        out: list[Candidate] = []
        seen: set[str] = set()
        while key in model and key not in seen:
            seen.add(key)
            owner, parent, members = model[key]
            for k, (shown, type_id, kind) in members.items():
                if not k.startswith(want) or any(c.key == k for c in out):
                    continue
                if kind == "method":
                    cand = Candidate(shown, k, "method", detail=f"{shown}({type_id}) · {owner}")
                else:
                    detail = (
                        f"{shown_type(type_id, self.doc, lang)} · {owner}" if type_id else owner
                    )
                    cand = Candidate(shown, k, "field", detail=detail)
                out.append(cand)
            key = parent
        return out
