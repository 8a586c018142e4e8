"""Answers to the editor's questions, as lsprotocol types: diagnostics, completion, hover,
signature help, definitions, references, rename, document symbols.

Everything comes from the document's analysis (lsp/analysis.py: ``wlmail check``'s compiler),
the shared completion module (:mod:`wlmail.completion`, also the REPL's) and the catalog's help
(:mod:`wlmail.help`, also the REPL's ``:aide``). Lines and columns: the analysis counts from 1,
the protocol from 0.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from lsprotocol import types as lsp

from wlmail.catalog import Entry, fold, get_catalog
from wlmail.check import Problem
from wlmail.completion import (
    MEMBER,
    Candidate,
    complete,
    describe,
    resolve_owner,
    signature_of,
)
from wlmail.help import catalog_help, describe_entry, type_name
from wlmail.lsp.analysis import Document, Occurrence
from wlmail.lsp.session import DocumentSession, shown_type
from wlmail.lsp.workspace import Workspace

_WORD = re.compile(r"[^\W\d]\w*")
_KINDS = {
    "variable": lsp.CompletionItemKind.Variable,
    "procedure": lsp.CompletionItemKind.Function,
    "keyword": lsp.CompletionItemKind.Keyword,
    "function": lsp.CompletionItemKind.Function,
    "type": lsp.CompletionItemKind.Class,
    "constant": lsp.CompletionItemKind.Constant,
    "property": lsp.CompletionItemKind.Property,
    "method": lsp.CompletionItemKind.Method,
    "field": lsp.CompletionItemKind.Field,
}
_SYMBOLS = {
    "variable": lsp.SymbolKind.Variable,
    "parameter": lsp.SymbolKind.Variable,
    "constant": lsp.SymbolKind.Constant,
    "procedure": lsp.SymbolKind.Function,
    "structure": lsp.SymbolKind.Struct,
    "class": lsp.SymbolKind.Class,
    "interface": lsp.SymbolKind.Interface,
    "member": lsp.SymbolKind.Field,
    "method": lsp.SymbolKind.Method,
    "enumeration": lsp.SymbolKind.Enum,
    "enumvalue": lsp.SymbolKind.EnumMember,
}
_CALLED = ("procedure", "method")
_SELF = re.compile(r"(?<![\w:\])])::?[ \t]*\Z")  # `:` or `::` before a member, in a method
# keys of names a project shares (a variable of a procedure stays in its document)
_PROJECT_KEYS = ("p:", "s:", "c:", "m:", "e:", "ev:", "v::")


def _range(line: int, col: int, length: int) -> lsp.Range:
    return lsp.Range(
        lsp.Position(max(line - 1, 0), max(col - 1, 0)),
        lsp.Position(max(line - 1, 0), max(col - 1, 0) + max(length, 1)),
    )


def _line(doc: Document, line: int) -> str:
    """Line ``line`` (1-based) of the document, without its end."""
    return doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""


def word_at(doc: Document, line: int, col: int) -> tuple[str, int]:
    """The word touching (1-based) ``col`` of ``line``, and its first column."""
    for m in _WORD.finditer(_line(doc, line)):
        if m.start() + 1 <= col <= m.end() + 1:
            return m.group(), m.start() + 1
    return "", col


# ---- diagnostics ---------------------------------------------------------------------------------
def _suggestion(problem: Problem, lang: str) -> str | None:
    """The name a "did you mean" proposes, read back with the catalog's own message."""
    template = get_catalog().messages.get("did_you_mean", {}).get(lang, "")
    if "{name}" not in template:
        return None
    a, _, b = template.partition("{name}")
    m = re.search(re.escape(a) + r"(.+?)" + re.escape(b) + "$", problem.message)
    return m.group(1) if m else None


def diagnostics(doc: Document) -> list[lsp.Diagnostic]:
    """``wlmail check``'s problems: code, range of the word, related definition, suggestion."""
    out = []
    for p in doc.problems():
        word, start = word_at(doc, p.line, p.column)
        length = len(word) if word and start == p.column else 1
        if p.code == "unknown_member":  # the node starts at its target: show the member
            member = _member_at(doc, p)
            if member is not None:
                word, start = member
                p = replace(p, column=start)
                length = len(word)
        related = None
        if p.code.startswith("duplicate_") and word:
            occ = _first_definition(doc, word, p)
            if occ is not None:
                where = lsp.Location(doc.uri, _range(occ.line, occ.col, len(occ.name)))
                related = [lsp.DiagnosticRelatedInformation(where, occ.name)]
        severity = (
            lsp.DiagnosticSeverity.Error
            if p.severity == "error"
            else lsp.DiagnosticSeverity.Warning
        )
        suggestion = _suggestion(p, doc.lang)
        out.append(
            lsp.Diagnostic(
                range=_range(p.line, p.column, length),
                message=p.message,
                severity=severity,
                code=p.code,
                source="wlmail",
                related_information=related,
                data={"suggestion": suggestion} if suggestion else None,
            )
        )
    return out


def _member_at(doc: Document, p: Problem) -> tuple[str, int] | None:
    """The member name a problem's message quotes, after a dot from the problem's column."""
    line = _line(doc, p.line)
    for m in re.finditer(r"\.[ \t]*([^\W\d]\w*)", line[p.column - 1 :]):
        if re.search(rf"\b{re.escape(m.group(1))}\b", p.message):
            return m.group(1), p.column + m.start(1)
    return None


def _first_definition(doc: Document, word: str, p: Problem) -> Occurrence | None:
    key = fold(word)
    for occ in doc.records():
        if occ.definition and fold(occ.name) == key and (occ.line, occ.col) != (p.line, p.column):
            return occ
    return None


def session_at(ws: Workspace, uri: str, line: int) -> DocumentSession:
    return DocumentSession(list(ws.project_documents(uri)), line)


def _before(doc: Document, line: int, col: int) -> tuple[str, str]:
    """The part's text before the cursor, and the rest of the cursor's line."""
    part = doc.part_at(line)
    lines = doc.text.splitlines(keepends=True)
    head = "".join(lines[part.start - 1 : line - 1])
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    return head + current[: col - 1], current[col - 1 :].rstrip("\r\n")


# ---- completion ---------------------------------------------------------------------------------
def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _item(cand: Candidate, lang: str, prefix_range: lsp.Range) -> lsp.CompletionItem:
    plain = _ascii(cand.text)
    doc = _entry_help(cand.entry, cand.kind, lang) if cand.entry is not None else None
    return lsp.CompletionItem(
        label=cand.text,
        kind=_KINDS.get(cand.kind, lsp.CompletionItemKind.Text),
        detail=cand.detail or describe(cand.entry, cand.kind, lang),
        documentation=lsp.MarkupContent(lsp.MarkupKind.Markdown, doc) if doc else None,
        filter_text=cand.text if plain == cand.text else f"{cand.text} {plain}",
        text_edit=lsp.TextEdit(prefix_range, cand.text),
    )


def _entry_help(entry: Entry, kind: str, lang: str) -> str:
    if kind == "property":
        text = describe_entry(entry, "property_of", lang, owner=type_name(entry.owner, lang))
    elif kind == "method":
        text = describe_entry(entry, "method_of", lang, owner=type_name(entry.owner, lang))
    elif kind in ("function", "type", "constant"):
        text = describe_entry(entry, f"kind_{kind}", lang)
    else:
        return ""
    return _markdown(text)


def _markdown(text: str) -> str:
    """The catalog's help as Markdown: the names in bold, the signature as code."""
    head, _, rest = text.partition("\n")
    out = [f"**{head}**"]
    for line in rest.splitlines():
        line = line.strip()
        out.append(f"`{line}`" if re.fullmatch(r"[\w.]+\(.*\)", line) else line)
    return "\n\n".join(out)


def completion(ws: Workspace, uri: str, pos: lsp.Position) -> lsp.CompletionList:
    doc = ws.document(uri)
    line, col = pos.line + 1, pos.character + 1
    before, after = _before(doc, line, col)
    session = session_at(ws, uri, line)
    found = complete(before, after, session)
    head = before[: len(before) - len(found.prefix)]
    if session.cls and not found.member and _SELF.search(head):
        found.candidates = session.class_members(session.cls, found.prefix)
    prefix_range = lsp.Range(
        lsp.Position(pos.line, max(pos.character - len(found.prefix), 0)),
        lsp.Position(pos.line, pos.character),
    )
    items = [_item(c, found.lang, prefix_range) for c in found.candidates]
    return lsp.CompletionList(is_incomplete=False, items=items)


# ---- hover and signature help ------------------------------------------------------------------
def hover(ws: Workspace, uri: str, pos: lsp.Position) -> lsp.Hover | None:
    doc = ws.document(uri)
    line, col = pos.line + 1, pos.character + 1
    word, start = word_at(doc, line, col)
    if not word:
        return None
    rng = _range(line, start, len(word))
    lang = doc.lang
    occ = doc.occurrence_at(line, start)
    if occ is not None:
        return lsp.Hover(_md(_describe_user(ws, uri, occ, lang)), rng)
    session = session_at(ws, uri, line)
    text_before = _line(doc, line)[: start - 1]
    chain = MEMBER.search(text_before)
    found: list[str] = []
    if chain is not None:
        owner, _ = resolve_owner(chain.group(1), session)
        if owner:
            found = catalog_help(f"{type_name(owner, 'fr')}.{word}", lang)
    if not found:
        proc = session.procedures().get(fold(word))
        if proc is not None:
            found = [f"{proc[0]}({', '.join(proc[1])})"]
        else:
            found = catalog_help(word, lang)
    if not found:
        return None
    return lsp.Hover(_md("\n\n".join(_markdown(t) for t in found)), rng)


def _md(text: str) -> lsp.MarkupContent:
    return lsp.MarkupContent(lsp.MarkupKind.Markdown, text)


def _describe_user(ws: Workspace, uri: str, occ: Occurrence, lang: str) -> str:
    kind = {
        "fr": {"variable": "variable", "parameter": "paramètre", "constant": "constante"},
        "en": {"variable": "variable", "parameter": "parameter", "constant": "constant"},
    }[lang]
    if occ.kind == "procedure":
        proc = session_at(ws, uri, occ.line).procedures().get(occ.key[2:])
        params = ", ".join(proc[1]) if proc else ""
        word = "procédure" if lang == "fr" else "procedure"
        return f"**{occ.name}**({params}): {word}"
    if occ.kind == "structure":
        return f"**{occ.name}**: structure"
    if occ.key.startswith(("c:", "e:", "ev:", "m:")):
        return _describe_class_name(ws, uri, occ, lang)
    defn = ws.document(uri).definition(occ.key) or occ
    shown = type_name(defn.type_id, lang) if defn.type_id else ""
    head = f"**{occ.name}**: {kind.get(occ.kind, occ.kind)}"
    return f"{head} ({shown})" if shown else head


_CLASS_WORDS = {
    "fr": {
        "class": "classe",
        "interface": "interface",
        "enumeration": "énumération",
        "enumvalue": "valeur de {}",
        "member": "membre de {}",
        "constant": "constante de {}",
        "method": "méthode de {}",
    },
    "en": {
        "class": "class",
        "interface": "interface",
        "enumeration": "enumeration",
        "enumvalue": "value of {}",
        "member": "member of {}",
        "constant": "constant of {}",
        "method": "method of {}",
    },
}


def _describe_class_name(ws: Workspace, uri: str, occ: Occurrence, lang: str) -> str:
    """A class, enumeration, member or method: what it is, of which class, its type."""
    doc = ws.document(uri)
    owner_key, _, member = occ.key.partition(":")[2].partition(":")
    kind = "constant" if occ.kind == "constant" else occ.kind
    word = _CLASS_WORDS[lang].get(kind, kind)
    if occ.kind == "enumvalue":
        enum = _defined_name(ws, uri, f"e:{owner_key}") or owner_key
        return f"**{occ.name}**: {word.format(enum)}"
    if not member:
        return f"**{occ.name}**: {word}"
    cls = doc.classes.get(owner_key)
    owner = cls[0] if cls else (_defined_name(ws, uri, f"c:{owner_key}") or owner_key)
    info = cls[2].get(member) if cls else None
    if occ.kind == "method":
        params = info[1] if info else ""
        return f"**{occ.name}**({params}): {word.format(owner)}"
    type_id = info[1] if info else occ.type_id
    shown = f" ({shown_type(type_id, doc, lang)})" if type_id else ""
    return f"**{occ.name}**: {word.format(owner)}{shown}"


def _defined_name(ws: Workspace, uri: str, key: str) -> str:
    for doc in _docs_for(ws, uri, key):
        occ = doc.definition(key)
        if occ is not None:
            return occ.name
    return ""


def signature_help(ws: Workspace, uri: str, pos: lsp.Position) -> lsp.SignatureHelp | None:
    doc = ws.document(uri)
    line, col = pos.line + 1, pos.character + 1
    before, _ = _before(doc, line, col)
    sig = signature_of(before, session_at(ws, uri, line), doc.lang)
    if sig is None:
        return None
    label = f"{sig.name}({', '.join(sig.params)})"
    params = [lsp.ParameterInformation(label=p) for p in sig.params]
    info = lsp.SignatureInformation(
        label=label,
        documentation=_md(_entry_help(sig.entry, "function", doc.lang)) if sig.entry else None,
        parameters=params,
        active_parameter=sig.current,
    )
    return lsp.SignatureHelp([info], active_signature=0, active_parameter=sig.current)


# ---- definitions, references, rename, symbols ------------------------------------------------
def _target(ws: Workspace, uri: str, pos: lsp.Position) -> tuple[str, str] | None:
    """(key, word) of the user name at the cursor; a name only another file defines is taken
    as a procedure of the project."""
    doc = ws.document(uri)
    line, col = pos.line + 1, pos.character + 1
    occ = doc.occurrence_at(line, col)
    if occ is not None:
        return occ.key, occ.name
    word, _ = word_at(doc, line, col)
    if word and _lookup_proc(ws, uri, fold(word)):
        return f"p:{fold(word)}", word
    return None


def _lookup_proc(ws: Workspace, uri: str, key: str) -> bool:
    return any(d.definition(f"p:{key}") is not None for d in ws.project_documents(uri))


def _docs_for(ws: Workspace, uri: str, key: str) -> list[Document]:
    """A procedure, a global, a class… is the project's; a variable of a procedure belongs
    to its document."""
    if key.startswith(_PROJECT_KEYS):
        return list(ws.project_documents(uri))
    return [ws.document(uri)]


def definition(ws: Workspace, uri: str, pos: lsp.Position) -> list[lsp.Location]:
    target = _target(ws, uri, pos)
    if target is None:
        return []
    for doc in _docs_for(ws, uri, target[0]):
        occ = doc.definition(target[0])
        if occ is not None and occ.definition:
            return [lsp.Location(doc.uri, _range(occ.line, occ.col, len(occ.name)))]
    occ = ws.document(uri).definition(target[0])  # declared nowhere: its first use here
    if occ is not None:
        return [lsp.Location(uri, _range(occ.line, occ.col, len(occ.name)))]
    return []


def references(
    ws: Workspace, uri: str, pos: lsp.Position, include_declaration: bool = True
) -> list[lsp.Location]:
    target = _target(ws, uri, pos)
    if target is None:
        return []
    out = []
    for doc in _docs_for(ws, uri, target[0]):
        for occ in doc.records():
            if occ.key == target[0] and (include_declaration or not occ.definition):
                out.append(lsp.Location(doc.uri, _range(occ.line, occ.col, len(occ.name))))
        if target[0].startswith("p:"):
            out += _unresolved_calls(doc, target[1])
    return out


def _unresolved_calls(doc: Document, word: str) -> list[lsp.Location]:
    """Calls to another file's procedure: the checker did not know it (``unknown_name``)."""
    key = fold(word)
    out = []
    for p in doc.problems():
        if p.code in ("unknown_name", "unknown_function"):
            found, start = word_at(doc, p.line, p.column)
            if fold(found) == key and start == p.column:
                out.append(lsp.Location(doc.uri, _range(p.line, p.column, len(found))))
    return out


def prepare_rename(ws: Workspace, uri: str, pos: lsp.Position) -> lsp.Range | None:
    doc = ws.document(uri)
    occ = doc.occurrence_at(pos.line + 1, pos.character + 1)
    return _range(occ.line, occ.col, len(occ.name)) if occ is not None else None


def rename(ws: Workspace, uri: str, pos: lsp.Position, new_name: str) -> lsp.WorkspaceEdit | None:
    if not re.fullmatch(r"[^\W\d]\w*", new_name):
        return None
    changes: dict[str, list[lsp.TextEdit]] = {}
    for loc in references(ws, uri, pos):
        changes.setdefault(loc.uri, []).append(lsp.TextEdit(loc.range, new_name))
    return lsp.WorkspaceEdit(changes=changes) if changes else None


def document_symbols(doc: Document) -> list[lsp.DocumentSymbol]:
    out: list[lsp.DocumentSymbol] = []
    for part in doc.parts:
        defs = [o for o in part.records if o.definition]
        proc = next((o for o in defs if o.kind in ("procedure", "method")), None)
        symbols = _nested([o for o in defs if o is not proc and o.kind not in _CALLED])
        if proc is None:
            out += symbols
            continue
        whole = lsp.Range(lsp.Position(part.start - 1, 0), lsp.Position(part.end, 0))
        sel = _range(proc.line, proc.col, len(proc.name))
        out.append(
            lsp.DocumentSymbol(
                name=proc.name,
                kind=_SYMBOLS[proc.kind],
                range=whole,
                selection_range=sel,
                children=symbols,
            )
        )
    return out


def _nested(defs: list[Occurrence]) -> list[lsp.DocumentSymbol]:
    """Symbols of definitions; a class's members and an enumeration's values as its children."""
    out: list[lsp.DocumentSymbol] = []
    owners: dict[str, lsp.DocumentSymbol] = {}
    for occ in defs:
        kind, _, rest = occ.key.partition(":")
        owner = owners.get(rest.partition(":")[0]) if kind in ("m", "ev") else None
        symbol = _symbol(occ)
        if owner is not None:  # its range runs to its last member (children lie inside)
            owner.children = [*(owner.children or []), symbol]
            owner.range = lsp.Range(owner.range.start, symbol.range.end)
            continue
        if kind in ("c", "e"):
            owners[rest] = symbol
        out.append(symbol)
    return out


def _symbol(occ: Occurrence) -> lsp.DocumentSymbol:
    rng = _range(occ.line, occ.col, len(occ.name))
    return lsp.DocumentSymbol(
        name=occ.name,
        kind=_SYMBOLS.get(occ.kind, lsp.SymbolKind.Variable),
        range=rng,
        selection_range=rng,
        detail=occ.type_id or None,
    )
