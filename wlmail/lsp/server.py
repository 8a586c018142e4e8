"""``wlmail lsp``: the language server, on pygls, over stdio.

This module only wires protocol messages to the answers of lsp/features.py and lsp/edits.py;
each document is re-analysed (incrementally, lsp/analysis.py) when it is opened, changed or
saved, and its diagnostics are published at once.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Generator
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from wlmail import __version__
from wlmail.catalog import get_catalog
from wlmail.lsp import edits, features
from wlmail.lsp.analysis import Document
from wlmail.lsp.workspace import Workspace, path_to_uri, uri_to_path

TOKEN_TYPES = ["keyword", "function", "type", "enumMember", "variable", "parameter", "string"]
TOKEN_TYPES += ["number", "struct", "class", "enum", "property", "method", "interface"]
IDLE_COLLECT = 2.0  # seconds without a request before the cyclic collector runs
COLLECT_AFTER = 2000  # procedures checked without such a pause before it runs anyway
_TOKEN_INDEX = {name: i for i, name in enumerate(TOKEN_TYPES)}
_RECORD_TOKEN = {
    "variable": "variable",
    "parameter": "parameter",
    "constant": "variable",
    "procedure": "function",
    "structure": "struct",
    "class": "class",
    "interface": "interface",
    "enumeration": "enum",
    "enumvalue": "enumMember",
    "member": "property",
    "method": "method",
}


class _Protocol(LanguageServerProtocol):
    """The analysis counts columns in characters (code points): the server asks for UTF-32
    when the client offers it, else UTF-16 (the protocol's default, the same for every
    character of the Basic Multilingual Plane), never UTF-8 (``é`` is two bytes)."""

    @lsp_method(lsp.INITIALIZE)
    def lsp_initialize(
        self, params: lsp.InitializeParams
    ) -> Generator[Any, Any, lsp.InitializeResult]:
        general = params.capabilities.general
        if general is not None and general.position_encodings:
            offered = general.position_encodings
            kept = [e for e in (_UTF32, lsp.PositionEncodingKind.Utf16) if e in offered]
            general.position_encodings = kept or [lsp.PositionEncodingKind.Utf16]
        result: lsp.InitializeResult = yield from super().lsp_initialize(params)
        return result


_UTF32 = lsp.PositionEncodingKind.Utf32


class WLServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("wlmail", __version__, protocol_cls=_Protocol)
        self.docs = Workspace()
        self._tidy: asyncio.TimerHandle | None = None
        self._since = 0  # procedures checked since the last collection

    def tidy_later(self, work: int) -> None:
        """The cyclic collector runs when the editor is idle, never in the middle of a
        keystroke: after a large file's check it takes most of a second. Reference counting
        frees everything else at once; what a check leaves in cycles (about 7 MiB for all of a
        5,000-line file, almost nothing for one procedure) is collected anyway after
        ``COLLECT_AFTER`` procedures checked without a pause."""
        self._since += work
        if self._since >= COLLECT_AFTER:
            self.collect()
        if self._tidy is not None:
            self._tidy.cancel()
        try:
            self._tidy = asyncio.get_running_loop().call_later(IDLE_COLLECT, self.collect)
        except RuntimeError:
            self._tidy = None

    def collect(self) -> None:
        self._since = 0
        gc.collect()

    def analyse(self, uri: str, publish: bool = False) -> Document:
        """The document's analysis for its current text; its diagnostics are published when
        it changed (or when ``publish``: opened, saved)."""
        text = self.workspace.get_text_document(uri).source
        doc = self.docs.document(uri)
        if self.docs.refresh(doc, text):
            publish = True
        if publish:
            self.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=uri, diagnostics=features.diagnostics(doc))
            )
            self.tidy_later(1 + doc.rechecked)
        return doc


server = WLServer()


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: WLServer, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.analyse(params.text_document.uri, publish=True)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: WLServer, params: lsp.DidChangeTextDocumentParams) -> None:
    ls.analyse(params.text_document.uri, publish=True)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: WLServer, params: lsp.DidSaveTextDocumentParams) -> None:
    """Saved: its diagnostics again, and those of the other open files of its project that
    what it declares changes (they are not checked again at each keystroke of another file)."""
    uri = params.text_document.uri
    ls.analyse(uri, publish=True)
    path = uri_to_path(uri)
    if path is None:
        return
    for peer in ls.docs.projects.peers(path):
        other = path_to_uri(peer)
        if other in ls.docs.open:
            ls.analyse(other)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: WLServer, params: lsp.DidCloseTextDocumentParams) -> None:
    ls.docs.close(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[".", "("]))
def completion(ls: WLServer, params: lsp.CompletionParams) -> lsp.CompletionList:
    ls.analyse(params.text_document.uri)
    return features.completion(ls.docs, params.text_document.uri, params.position)


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: WLServer, params: lsp.HoverParams) -> lsp.Hover | None:
    ls.analyse(params.text_document.uri)
    return features.hover(ls.docs, params.text_document.uri, params.position)


@server.feature(
    lsp.TEXT_DOCUMENT_SIGNATURE_HELP, lsp.SignatureHelpOptions(trigger_characters=["(", ","])
)
def signature_help(ls: WLServer, params: lsp.SignatureHelpParams) -> lsp.SignatureHelp | None:
    ls.analyse(params.text_document.uri)
    return features.signature_help(ls.docs, params.text_document.uri, params.position)


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def definition(ls: WLServer, params: lsp.DefinitionParams) -> list[lsp.Location]:
    ls.analyse(params.text_document.uri)
    return features.definition(ls.docs, params.text_document.uri, params.position)


@server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
def references(ls: WLServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
    ls.analyse(params.text_document.uri)
    include = params.context.include_declaration
    return features.references(ls.docs, params.text_document.uri, params.position, include)


@server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
def prepare_rename(ls: WLServer, params: lsp.PrepareRenameParams) -> lsp.Range | None:
    ls.analyse(params.text_document.uri)
    return features.prepare_rename(ls.docs, params.text_document.uri, params.position)


@server.feature(lsp.TEXT_DOCUMENT_RENAME)
def rename(ls: WLServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
    ls.analyse(params.text_document.uri)
    uri = params.text_document.uri
    return features.rename(ls.docs, uri, params.position, params.new_name)


@server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbol(ls: WLServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
    return features.document_symbols(ls.analyse(params.text_document.uri))


@server.feature(lsp.TEXT_DOCUMENT_FORMATTING)
def formatting(ls: WLServer, params: lsp.DocumentFormattingParams) -> list[lsp.TextEdit]:
    return edits.formatting(ls.analyse(params.text_document.uri), params.options)


@server.feature(
    lsp.TEXT_DOCUMENT_CODE_ACTION,
    lsp.CodeActionOptions(
        code_action_kinds=[lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.RefactorRewrite],
        resolve_provider=True,
    ),
)
def code_action(ls: WLServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    return edits.code_actions(ls.analyse(params.text_document.uri), params)


@server.feature(lsp.CODE_ACTION_RESOLVE)
def code_action_resolve(ls: WLServer, action: lsp.CodeAction) -> lsp.CodeAction:
    data: Any = action.data
    if isinstance(data, dict) and isinstance(data.get("uri"), str):
        return edits.resolve_translation(ls.analyse(data["uri"]), action)
    return action


@server.feature(
    lsp.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL,
    lsp.SemanticTokensLegend(token_types=TOKEN_TYPES, token_modifiers=[]),
)
def semantic_tokens(ls: WLServer, params: lsp.SemanticTokensParams) -> lsp.SemanticTokens:
    doc = ls.analyse(params.text_document.uri)
    return lsp.SemanticTokens(data=_encode(_classify(doc)))


def _classify(doc: Document) -> list[tuple[int, int, int, int]]:
    """(line, column, length, type) of each word, number and one-line string (0-based)."""
    cat = get_catalog()
    out = []
    for part in doc.parts:
        named = {(r.line, r.col): _RECORD_TOKEN[r.kind] for r in part.raw_records}
        for tok in part.tokens:
            if tok.end_line != tok.line:
                continue
            kind = None
            if tok.type in cat.keywords:
                kind = "keyword"
            elif tok.type == "STRING":
                kind = "string"
            elif tok.type == "NUMBER":
                kind = "number"
            elif tok.type == "NAME":
                kind = named.get((tok.line, tok.column)) or _catalog_kind(str(tok))
            if kind is not None:
                length = tok.end_pos - tok.start_pos
                line = tok.line + part.delta
                out.append((line - 1, tok.column - 1, length, _TOKEN_INDEX[kind]))
    return out


def _catalog_kind(word: str) -> str | None:
    cat = get_catalog()
    if cat.function(word) is not None:
        return "function"
    if cat.type(word) is not None:
        return "type"
    if cat.constant(word) is not None:
        return "enumMember"
    return None


def _encode(tokens: list[tuple[int, int, int, int]]) -> list[int]:
    data: list[int] = []
    prev_line = prev_col = 0
    for line, col, length, kind in sorted(tokens):
        delta_col = col - prev_col if line == prev_line else col
        data += [line - prev_line, delta_col, length, kind, 0]
        prev_line, prev_col = line, col
    return data


def main() -> int:
    """Serve over stdin/stdout until the client says exit."""
    gc.disable()  # collections at idle: WLServer.tidy_later
    server.start_io()
    return 0
