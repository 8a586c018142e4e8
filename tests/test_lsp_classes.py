"""``wlmail lsp`` and classes (issue 13 in the editor), over stdio with a real client process:
go to definition, references, rename, hover and completion for classes, their members and
methods, and enumerations, in French and in English."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types as lsp

from tests.lsp_client import Client, at, run, session

FR = """\
p est un CPoint(2, 3)
q est un CPoint dynamique = allouer un CPoint(1, 2)
Info(p.Texte(), p.x, ECouleur.Rouge)
CPoint est une Classe
\tx est un entier
\tsNom est une chaîne
FIN
ECouleur est une Énumération
\tRouge
\tVert
FIN
PROCÉDURE CPoint.Constructeur(a, b)
:x = a
sNom = "p" + b
PROCÉDURE CPoint.Texte()
RENVOYER "(" + :x + ", " + sNom + ")"
"""


def _doc(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


async def _definition(client: Client, uri: str, line: int, col: int) -> list[tuple[str, int, int]]:
    found = await client.text_document_definition_async(
        lsp.DefinitionParams(lsp.TextDocumentIdentifier(uri), at(line, col))
    )
    assert isinstance(found, list)
    return [(f.uri.rsplit("/", 1)[1], f.range.start.line, f.range.start.character) for f in found]


async def _references(client: Client, uri: str, line: int, col: int) -> list[tuple[int, int]]:
    refs = await client.text_document_references_async(
        lsp.ReferenceParams(
            context=lsp.ReferenceContext(True),
            text_document=lsp.TextDocumentIdentifier(uri),
            position=at(line, col),
        )
    )
    return sorted((r.range.start.line, r.range.start.character) for r in refs or [])


async def _hover(client: Client, uri: str, line: int, col: int) -> str:
    hover = await client.text_document_hover_async(
        lsp.HoverParams(lsp.TextDocumentIdentifier(uri), at(line, col))
    )
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    return hover.contents.value


async def _complete(client: Client, uri: str, line: int, col: int) -> list[tuple[str, str]]:
    result = await client.text_document_completion_async(
        lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), at(line, col))
    )
    assert isinstance(result, lsp.CompletionList)
    return [(i.label, i.detail or "") for i in result.items]


def test_classes_members_methods_enumerations_in_french(tmp_path: Path) -> None:
    path = _doc(tmp_path, "point.wl", FR)

    async def go() -> None:
        async with session() as client:
            uri = await client.open(path)
            assert list(client.diagnostics[uri]) == []
            # a method called on an object, a member read on it: their declarations
            assert await _definition(client, uri, 2, 8) == [("point.wl", 14, 17)]
            assert await _definition(client, uri, 2, 18) == [("point.wl", 4, 1)]
            # the class in `est un CPoint`, `allouer un CPoint`, `PROCÉDURE CPoint.M`
            assert await _definition(client, uri, 0, 11) == [("point.wl", 3, 0)]
            assert await _definition(client, uri, 1, 42) == [("point.wl", 3, 0)]
            assert await _definition(client, uri, 11, 12) == [("point.wl", 3, 0)]
            # an enumeration and its value
            assert await _definition(client, uri, 2, 23) == [("point.wl", 7, 0)]
            assert await _definition(client, uri, 2, 31) == [("point.wl", 8, 1)]
            # inside a method: `:x` and a bare member
            assert await _definition(client, uri, 12, 1) == [("point.wl", 4, 1)]
            assert await _definition(client, uri, 13, 1) == [("point.wl", 5, 1)]
            # every place the member x is: declared, `p.x`, `:x` in two methods
            assert await _references(client, uri, 4, 1) == [(2, 18), (4, 1), (12, 1), (15, 16)]
            # the class: its declaration, three types, `allouer`, two method lines
            places = await _references(client, uri, 3, 2)
            assert places == [(0, 9), (1, 9), (1, 39), (3, 0), (11, 10), (14, 10)]
            edit = await client.text_document_rename_async(
                lsp.RenameParams(lsp.TextDocumentIdentifier(uri), at(13, 1), "sLibellé")
            )
            assert edit is not None and edit.changes is not None
            assert sorted(e.range.start.line for e in edit.changes[uri]) == [5, 13, 15]
            assert {e.new_text for e in edit.changes[uri]} == {"sLibellé"}
            # hover: what each name is, of which class, its type
            assert await _hover(client, uri, 2, 18) == "**x**: membre de CPoint (entier)"
            assert await _hover(client, uri, 2, 9) == "**Texte**(): méthode de CPoint"
            assert await _hover(client, uri, 11, 20) == "**Constructeur**(a, b): méthode de CPoint"
            assert await _hover(client, uri, 3, 1) == "**CPoint**: classe"
            assert await _hover(client, uri, 2, 32) == "**Rouge**: valeur de ECouleur"
            assert await _hover(client, uri, 7, 1) == "**ECouleur**: énumération"
            # completion after `p.`, then after `:` in a method: members with their types
            await client.change(uri, 2, FR.replace("Info(p.Texte()", "Info(p.)"))
            shown = await _complete(client, uri, 2, 7)
            assert shown == [
                ("x", "entier · CPoint"),
                ("sNom", "chaîne · CPoint"),
                ("Constructeur", "Constructeur(a, b) · CPoint"),
                ("Texte", "Texte() · CPoint"),
            ]
            await client.change(uri, 3, FR + "Trace(:s")
            assert await _complete(client, uri, 16, 8) == [("sNom", "chaîne · CPoint")]
            await client.change(uri, 4, FR + "Trace(p.T")
            assert await _complete(client, uri, 16, 9) == [("Texte", "Texte() · CPoint")]
            await client.change(uri, 5, FR + "Trace(objet.sN")  # the object of the method
            assert await _complete(client, uri, 16, 14) == [("sNom", "chaîne · CPoint")]

    run(go())


EN = """\
d is a CDog
d.sName = "Rex"
Info(d.Speak(), d.nAge)
CAnimal is a Class
\tsName is string
END
CDog is a Class
\tinherits from CAnimal
\tnAge is int
END
PROCEDURE CAnimal.Speak()
RESULT sName + "..."
PROCEDURE CDog.Speak()
RESULT Ancestor.Speak() + " woof"
"""


def test_classes_in_english_inheritance_and_ancestor(tmp_path: Path) -> None:
    path = _doc(tmp_path, "dog.wl", EN)

    async def go() -> None:
        async with session() as client:
            uri = await client.open(path)
            assert list(client.diagnostics[uri]) == []
            # an inherited member is the ancestor's; `Ancestor.Speak()` is the ancestor's method
            assert await _definition(client, uri, 1, 3) == [("dog.wl", 4, 1)]
            assert await _definition(client, uri, 13, 17) == [("dog.wl", 10, 18)]
            assert await _definition(client, uri, 2, 8) == [("dog.wl", 12, 15)]
            assert await _definition(client, uri, 7, 17) == [("dog.wl", 3, 0)]
            assert await _hover(client, uri, 2, 19) == "**nAge**: member of CDog (int)"
            assert await _hover(client, uri, 1, 4) == "**sName**: member of CAnimal (string)"
            assert await _hover(client, uri, 12, 16) == "**Speak**(): method of CDog"
            assert await _references(client, uri, 4, 2) == [(1, 2), (4, 1), (11, 7)]
            await client.change(uri, 2, EN.replace("d.nAge)\n", "d.nAge)\nd.\n"))
            shown = await _complete(client, uri, 3, 2)
            assert shown == [
                ("nAge", "int · CDog"),
                ("Speak", "Speak() · CDog"),
                ("sName", "string · CAnimal"),
            ]
            await client.change(uri, 3, EN + "Trace(Ancestor.S")  # in CDog.Speak
            assert await _complete(client, uri, 14, 16) == [
                ("sName", "string · CAnimal"),
                ("Speak", "Speak() · CAnimal"),
            ]
            symbols = await client.text_document_document_symbol_async(
                lsp.DocumentSymbolParams(lsp.TextDocumentIdentifier(uri))
            )
            tops = [s for s in symbols or [] if isinstance(s, lsp.DocumentSymbol)]
            kinds = {s.name: s.kind for s in tops}
            assert kinds["CAnimal"] == lsp.SymbolKind.Class
            assert kinds["Speak"] == lsp.SymbolKind.Method
            dog = next(s for s in tops if s.name == "CDog")
            assert [(c.name, c.kind) for c in dog.children or []] == [
                ("nAge", lsp.SymbolKind.Field)
            ]
            # semantic tokens: a class, a member, a method (the legend names them)
            await client.change(uri, 4, EN)
            tokens = await client.text_document_semantic_tokens_full_async(
                lsp.SemanticTokensParams(lsp.TextDocumentIdentifier(uri))
            )
            assert tokens is not None and client.result is not None
            provider = client.result.capabilities.semantic_tokens_provider
            assert isinstance(provider, lsp.SemanticTokensOptions)
            legend = provider.legend.token_types
            decoded, line, col = [], 0, 0
            for i in range(0, len(tokens.data), 5):
                line += tokens.data[i]
                col = tokens.data[i + 1] if tokens.data[i] else col + tokens.data[i + 1]
                decoded.append((line, col, legend[tokens.data[i + 3]]))
            assert (0, 7, "class") in decoded  # d is a CDog
            assert (1, 2, "property") in decoded  # d.sName
            assert (2, 7, "method") in decoded  # d.Speak()

    run(go())
