"""A real LSP client process side: pygls's ``LanguageClient`` starting ``wlmail lsp`` over
stdio (tests/test_lsp.py). Nothing calls the server's handlers directly."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent


class Client(LanguageClient):
    def __init__(self) -> None:
        super().__init__("wlmail-tests", "1")
        self.diagnostics: dict[str, list[lsp.Diagnostic]] = {}
        self.published: dict[str, asyncio.Event] = {}
        self.result: lsp.InitializeResult | None = None

        @self.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(ls: Client, params: lsp.PublishDiagnosticsParams) -> None:
            ls.diagnostics[params.uri] = params.diagnostics
            ls.published.setdefault(params.uri, asyncio.Event()).set()

    async def open(self, path: Path, text: str | None = None) -> str:
        """Open ``path`` (its text on disk unless given) and wait for its diagnostics."""
        uri = path.resolve().as_uri()
        text = path.read_text(encoding="utf-8") if text is None else text
        self.published[uri] = asyncio.Event()
        item = lsp.TextDocumentItem(uri=uri, language_id="wlangage", version=1, text=text)
        self.text_document_did_open(lsp.DidOpenTextDocumentParams(item))
        await asyncio.wait_for(self.published[uri].wait(), 60)
        return uri

    async def change(self, uri: str, version: int, text: str) -> list[lsp.Diagnostic]:
        """Replace the whole text and wait for the new diagnostics."""
        self.published[uri] = asyncio.Event()
        self.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(version=version, uri=uri),
                [lsp.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        await asyncio.wait_for(self.published[uri].wait(), 60)
        return self.diagnostics[uri]


@asynccontextmanager
async def session() -> AsyncIterator[Client]:
    client = Client()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    await client.start_io(sys.executable, "-m", "wlmail", "lsp", env=env)
    # as Neovim 0.10 does: UTF-8 first (the server must not take it: columns are characters)
    encodings = [lsp.PositionEncodingKind.Utf8, lsp.PositionEncodingKind.Utf16]
    encodings.append(lsp.PositionEncodingKind.Utf32)
    caps = lsp.ClientCapabilities(
        general=lsp.GeneralClientCapabilities(position_encodings=encodings),
        text_document=lsp.TextDocumentClientCapabilities(
            completion=lsp.CompletionClientCapabilities(
                completion_item=lsp.ClientCompletionItemOptions(snippet_support=False)
            )
        ),
    )
    client.result = await asyncio.wait_for(
        client.initialize_async(lsp.InitializeParams(capabilities=caps, process_id=os.getpid())),
        60,
    )
    client.initialized(lsp.InitializedParams())
    try:
        yield client
    finally:
        await asyncio.wait_for(client.shutdown_async(None), 30)
        client.exit(None)
        await asyncio.wait_for(client.stop(), 30)


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def at(line: int, character: int) -> lsp.Position:
    return lsp.Position(line=line, character=character)
