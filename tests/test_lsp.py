"""``wlmail lsp`` over stdio, driven by a real LSP client process (pygls's LanguageClient):
diagnostics, completion by type, hover, signature help, definitions and references across a
folder, rename, symbols, formatting, quick fixes and translation."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types as lsp

from tests.lsp_client import at, run, session

FR = """\
MaSession est un emailSessionSMTP
MaSession.AdresseServeur = "smtp.exemple.fr"
MaSession.Prot = 587
nTotal est un entier = 0
sNom est une chaîne = "zoé"
Info(nTotl)
nTotal = Calcule(nTotal, 2)
si nTotal > 2 alors
Info(ChaîneConstruit("%1", nTotal))
fin

PROCÉDURE Calcule(a, b)
nLocal est un entier = a + b
RENVOYER nLocal
"""


def _doc(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_diagnostics_codes_ranges_and_quick_fix(tmp_path: Path) -> None:
    path = _doc(tmp_path, "main.wl", FR)

    async def go() -> None:
        async with session() as client:
            uri = await client.open(path)
            diags = {d.code: d for d in client.diagnostics[uri]}
            assert set(diags) == {"unknown_member", "unknown_name"}
            name = diags["unknown_name"]
            assert name.message == "« nTotl » est inconnu ; vouliez-vous dire « nTotal » ?"
            assert (name.range.start.line, name.range.start.character) == (5, 5)
            assert name.range.end.character == 10
            assert name.severity == lsp.DiagnosticSeverity.Error
            assert name.source == "wlmail"
            member = diags["unknown_member"]  # the range is the member's name, not `MaSession`
            assert (member.range.start.line, member.range.start.character) == (2, 10)
            assert member.range.end.character == 14
            assert member.data == {"suggestion": "Port"}
            actions = await client.text_document_code_action_async(
                lsp.CodeActionParams(
                    lsp.TextDocumentIdentifier(uri),
                    name.range,
                    lsp.CodeActionContext(diagnostics=[name]),
                )
            )
            fixes = [a for a in actions or [] if isinstance(a, lsp.CodeAction) and a.edit]
            assert fixes[0].title == "Remplacer par « nTotal »"
            assert fixes[0].edit is not None and fixes[0].edit.changes is not None
            (edit,) = fixes[0].edit.changes[uri]
            assert (edit.new_text, edit.range) == ("nTotal", name.range)
            # the fix applied: the error goes, the other stays
            fixed = FR.replace("Info(nTotl)", "Info(nTotal)")
            after = await client.change(uri, 2, fixed)
            assert [d.code for d in after] == ["unknown_member"]
            assert "Prot" in after[0].message and "Port" in after[0].message
            # a syntax error in the main code: only syntax errors (as `wlmail check`)
            broken = await client.change(uri, 3, fixed.replace("alors\n", "alors\nsi\n"))
            assert [d.code for d in broken] == ["syntax"]
            assert broken[0].message.startswith("fin de ligne inattendue ; attendu : ")
            assert "'('" in broken[0].message
            assert (broken[0].range.start.line, broken[0].range.start.character) == (8, 2)
            # in a procedure: that procedure's syntax error, the rest checked as usual
            broken = await client.change(uri, 4, fixed + "si\n")
            assert [d.code for d in broken] == ["unknown_member", "syntax"]
            assert broken[1].range.start.line == 14

    run(go())


def test_completion_members_by_type_words_and_accents(tmp_path: Path) -> None:
    path = _doc(tmp_path, "main.wl", FR)

    async def go() -> None:
        async with session() as client:
            uri = await client.open(path)
            text = FR + "MaSession.Adr"
            await client.change(uri, 2, text)
            result = await client.text_document_completion_async(
                lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), at(14, 13))
            )
            assert isinstance(result, lsp.CompletionList)
            labels = [i.label for i in result.items]
            assert labels == ["AdresseServeur"]
            item = result.items[0]
            assert item.kind == lsp.CompletionItemKind.Property
            assert isinstance(item.documentation, lsp.MarkupContent)
            assert "AdresseServeur · ServerAddress" in item.documentation.value
            # words, accents optional: `chaineconst` finds ChaîneConstruit; procedures and vars too
            await client.change(uri, 3, FR + "chaineconst")
            result = await client.text_document_completion_async(
                lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), at(14, 11))
            )
            assert isinstance(result, lsp.CompletionList)
            assert [i.label for i in result.items] == ["ChaîneConstruit"]
            assert result.items[0].filter_text == "ChaîneConstruit ChaineConstruit"
            await client.change(uri, 4, FR + "Cal")
            result = await client.text_document_completion_async(
                lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), at(14, 3))
            )
            assert isinstance(result, lsp.CompletionList)
            assert "Calcule" in [i.label for i in result.items]

    run(go())


def test_hover_and_signature_help(tmp_path: Path) -> None:
    path = _doc(tmp_path, "main.wl", FR)

    async def go() -> None:
        async with session() as client:
            uri = await client.open(path)
            doc = lsp.TextDocumentIdentifier(uri)
            hover = await client.text_document_hover_async(lsp.HoverParams(doc, at(8, 7)))
            assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
            assert hover.contents.value.startswith(
                "**ChaîneConstruit · StringBuild: fonction (strings)**\n\n"
                "`ChaîneConstruit(format, ...)`\n\nRemplace %1, %2… par les paramètres"
            )
            assert hover.contents.value.endswith("\n\nstatut: disponible")
            hover = await client.text_document_hover_async(lsp.HoverParams(doc, at(1, 14)))
            assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
            assert "AdresseServeur · ServerAddress: propriété de emailSessionSMTP" in (
                hover.contents.value
            )
            hover = await client.text_document_hover_async(lsp.HoverParams(doc, at(0, 2)))
            assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
            assert hover.contents.value == "**MaSession**: variable (emailSessionSMTP)"
            sig = await client.text_document_signature_help_async(
                lsp.SignatureHelpParams(doc, at(8, 31))
            )
            assert sig is not None
            assert sig.signatures[0].label.startswith("ChaîneConstruit(")
            assert sig.active_parameter == 1

    run(go())


def test_definition_references_rename_across_the_folder(tmp_path: Path) -> None:
    path = _doc(tmp_path, "main.wl", FR)
    other = _doc(tmp_path, "outils.wl", "x est un entier = Calcule(1, 2)\nPROCÉDURE Aide()\n")

    async def go() -> None:
        async with session() as client:
            uri = await client.open(path)
            doc = lsp.TextDocumentIdentifier(uri)
            found = await client.text_document_definition_async(
                lsp.DefinitionParams(doc, at(6, 10))
            )
            assert isinstance(found, list)
            assert [(loc.uri, loc.range.start.line) for loc in found] == [(uri, 11)]
            refs = await client.text_document_references_async(
                lsp.ReferenceParams(
                    context=lsp.ReferenceContext(True), text_document=doc, position=at(11, 12)
                )
            )
            places = sorted((r.uri.rsplit("/", 1)[1], r.range.start.line) for r in refs or [])
            assert places == [("main.wl", 6), ("main.wl", 11), ("outils.wl", 0)]
            # a local variable: its own procedure only
            refs = await client.text_document_references_async(
                lsp.ReferenceParams(
                    context=lsp.ReferenceContext(True), text_document=doc, position=at(13, 10)
                )
            )
            assert sorted(r.range.start.line for r in refs or []) == [12, 13]
            edit = await client.text_document_rename_async(
                lsp.RenameParams(doc, at(3, 2), "nSomme")
            )
            assert edit is not None and edit.changes is not None
            lines = sorted(e.range.start.line for e in edit.changes[uri])
            assert lines == [3, 6, 6, 7, 8]
            # the other file's procedure, from a call the checker could not resolve
            ouri = await client.open(other)
            found = await client.text_document_definition_async(
                lsp.DefinitionParams(lsp.TextDocumentIdentifier(ouri), at(0, 20))
            )
            assert isinstance(found, list)
            assert [(loc.uri, loc.range.start.line) for loc in found] == [(uri, 11)]

    run(go())


def test_symbols_formatting_translation(tmp_path: Path) -> None:
    path = _doc(tmp_path, "main.wl", FR)

    async def go() -> None:
        async with session() as client:
            uri = await client.open(path)
            doc = lsp.TextDocumentIdentifier(uri)
            symbols = await client.text_document_document_symbol_async(
                lsp.DocumentSymbolParams(doc)
            )
            shown = [(s.name, s.kind) for s in symbols or [] if isinstance(s, lsp.DocumentSymbol)]
            assert shown == [
                ("MaSession", lsp.SymbolKind.Variable),
                ("nTotal", lsp.SymbolKind.Variable),
                ("sNom", lsp.SymbolKind.Variable),
                ("Calcule", lsp.SymbolKind.Function),
            ]
            proc = [s for s in symbols or [] if isinstance(s, lsp.DocumentSymbol)][-1]
            assert [c.name for c in proc.children or []] == ["a", "b", "nLocal"]
            edits = await client.text_document_formatting_async(
                lsp.DocumentFormattingParams(doc, lsp.FormattingOptions(4, True))
            )
            assert edits is not None and len(edits) == 1
            formatted = edits[0].new_text
            assert "si nTotal > 2 alors\n    Info(ChaîneConstruit(" in formatted
            assert "\nfin\n" in formatted
            await client.change(uri, 2, FR.replace("chaîne =", "chaine ="))
            edits = await client.text_document_formatting_async(
                lsp.DocumentFormattingParams(doc, lsp.FormattingOptions(4, False))
            )
            assert edits and "sNom est une chaîne =" in edits[0].new_text
            assert "\tInfo(ChaîneConstruit(" in edits[0].new_text
            actions = await client.text_document_code_action_async(
                lsp.CodeActionParams(doc, lsp.Range(at(0, 0), at(0, 0)), lsp.CodeActionContext([]))
            )
            (translate,) = [
                a for a in actions or [] if isinstance(a, lsp.CodeAction) and not a.diagnostics
            ]
            assert translate.title == "Traduire ce fichier en anglais"
            resolved = await client.code_action_resolve_async(translate)
            assert resolved.edit is not None and resolved.edit.changes is not None
            text = resolved.edit.changes[uri][0].new_text
            assert text.startswith("MaSession is emailSMTPSession\nMaSession.ServerAddress")
            assert "\nif nTotal > 2 then\n" in text and "PROCEDURE Calcule(a, b)" in text

    run(go())


def test_incremental_edits_keep_answers_right(tmp_path: Path) -> None:
    """Lines inserted above a procedure: its problems and names move with it."""
    path = _doc(tmp_path, "main.wl", FR + "PROCÉDURE Deux()\nInfo(zz)\n")

    async def go() -> None:
        async with session() as client:
            uri = await client.open(path)
            before = [(d.code, d.range.start.line) for d in client.diagnostics[uri]]
            assert ("unknown_name", 15) in before
            text = FR.replace("RENVOYER nLocal", "Trace(1)\nTrace(2)\nRENVOYER nLocal")
            after = await client.change(uri, 2, text + "PROCÉDURE Deux()\nInfo(zz)\n")
            assert ("unknown_name", 17) in [(d.code, d.range.start.line) for d in after]
            found = await client.text_document_definition_async(
                lsp.DefinitionParams(lsp.TextDocumentIdentifier(uri), at(15, 5))
            )
            assert found == [] or found is None
            found = await client.text_document_definition_async(
                lsp.DefinitionParams(lsp.TextDocumentIdentifier(uri), at(6, 10))
            )
            assert isinstance(found, list) and found[0].range.start.line == 11

    run(go())


EN = """\
MySession is emailSMTPSession
MySession.ServerAddress = "smtp.example.com"
nCount is int = Twice(2)
Info(StringBuild("%1", nCount))
MySession.Serv

PROCEDURE Twice(LOCAL n is int)
RESULT n * 2
"""


def test_english_script_completion_hover_and_semantic_tokens(tmp_path: Path) -> None:
    path = _doc(tmp_path, "en.wl", EN)

    async def go() -> None:
        async with session() as client:
            uri = await client.open(path)
            doc = lsp.TextDocumentIdentifier(uri)
            assert [d.code for d in client.diagnostics[uri]] == ["unknown_member"]
            assert client.diagnostics[uri][0].message == (
                "'Serv' is not a property of emailSMTPSession"
            )
            result = await client.text_document_completion_async(
                lsp.CompletionParams(doc, at(4, 14))
            )
            assert isinstance(result, lsp.CompletionList)
            assert [i.label for i in result.items] == ["ServerAddress"]
            hover = await client.text_document_hover_async(lsp.HoverParams(doc, at(3, 8)))
            assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
            assert hover.contents.value.startswith(
                "**ChaîneConstruit · StringBuild: function (strings)**\n\n"
                "`StringBuild(format, ...)`"
            )
            hover = await client.text_document_hover_async(lsp.HoverParams(doc, at(2, 19)))
            assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
            assert hover.contents.value == "**Twice**(n): procedure"
            tokens = await client.text_document_semantic_tokens_full_async(
                lsp.SemanticTokensParams(doc)
            )
            assert tokens is not None
            legend = ["keyword", "function", "type", "enumMember", "variable", "parameter"]
            legend += ["string", "number", "struct"]
            decoded, line, col = [], 0, 0
            data = tokens.data
            for i in range(0, len(data), 5):
                line += data[i]
                col = data[i + 1] if data[i] else col + data[i + 1]
                decoded.append((line, col, data[i + 2], legend[data[i + 3]]))
            assert decoded[:4] == [
                (0, 0, 9, "variable"),
                (0, 10, 2, "keyword"),
                (0, 13, 16, "type"),
                (1, 0, 9, "variable"),
            ]
            assert (2, 16, 5, "function") in decoded  # the call of a procedure
            assert (6, 22, 1, "parameter") in decoded and (7, 7, 1, "variable") in decoded
            assert (3, 5, 11, "function") in decoded  # a built-in function

    run(go())


def test_a_sample_while_typing_a_member(tmp_path: Path) -> None:
    """The documentation's example, verbatim, then ``MaSessionSMTP.`` being typed: the line
    does not parse yet, completion still knows the variable's type."""
    root = Path(__file__).resolve().parent.parent
    sample = (root / "samples" / "doc-emailsessionsmtp-fr.wl").read_text(encoding="utf-8")
    path = _doc(tmp_path, "doc.wl", sample)

    async def go() -> None:
        async with session() as client:
            uri = await client.open(path)
            assert [d.code for d in client.diagnostics[uri]] == []
            line = len(sample.splitlines())
            diags = await client.change(uri, 2, sample + "MaSessionSMTP.\n")
            assert [d.code for d in diags] == ["syntax"]
            result = await client.text_document_completion_async(
                lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), at(line, 14))
            )
            assert isinstance(result, lsp.CompletionList)
            labels = [i.label for i in result.items]
            assert {"AdresseServeur", "Port", "Option", "AuthToken"} <= set(labels)
            assert "ServerAddress" not in labels  # the script's language
            # at the start of an empty line, the word of the line above is not a prefix
            await client.change(uri, 3, sample + "\n")
            result = await client.text_document_completion_async(
                lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), at(line, 0))
            )
            assert isinstance(result, lsp.CompletionList) and len(result.items) > 100
            edit = result.items[0].text_edit
            assert isinstance(edit, lsp.TextEdit) and edit.range == lsp.Range(
                at(line, 0), at(line, 0)
            )

    run(go())


def test_duplicate_points_to_the_first_declaration(tmp_path: Path) -> None:
    path = _doc(tmp_path, "dup.wl", "n est un entier\nInfo(n)\nn est une chaîne\n")

    async def go() -> None:
        async with session() as client:
            uri = await client.open(path)
            (diag,) = client.diagnostics[uri]
            assert diag.code == "duplicate_variable"
            assert diag.severity == lsp.DiagnosticSeverity.Warning
            assert diag.range.start.line == 2
            # saving publishes them again (an editor may have cleared its list)
            client.published[uri] = asyncio.Event()
            client.text_document_did_save(
                lsp.DidSaveTextDocumentParams(lsp.TextDocumentIdentifier(uri))
            )
            await asyncio.wait_for(client.published[uri].wait(), 60)
            assert [d.code for d in client.diagnostics[uri]] == ["duplicate_variable"]
            (related,) = diag.related_information or []
            assert related.location.uri == uri
            assert (related.location.range.start.line, related.location.range.start.character) == (
                0,
                0,
            )

    run(go())


def test_columns_are_characters_whatever_the_client_prefers(tmp_path: Path) -> None:
    """A client offering UTF-8 first gets UTF-32: ``é`` is one column, not two bytes."""
    path = _doc(tmp_path, "accents.wl", 'sÉté est une chaîne = "été"\nInfo(sÉté, zzé)\n')

    async def go() -> None:
        async with session() as client:
            assert client.result is not None
            assert client.result.capabilities.position_encoding == "utf-32"
            uri = await client.open(path)
            (diag,) = client.diagnostics[uri]
            assert diag.range == lsp.Range(at(1, 11), at(1, 14))

    run(go())


def test_completion_of_a_structure_s_fields(tmp_path: Path) -> None:
    text = (
        "Client est une Structure\n    sNom est une chaîne\n    sAdresse est une chaîne\nFIN\n"
        'c est un Client\nc.sNom = "Zoé"\nc.sA'
    )
    path = _doc(tmp_path, "struct.wl", text)

    async def go() -> None:
        async with session() as client:
            uri = await client.open(path)
            result = await client.text_document_completion_async(
                lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), at(6, 4))
            )
            assert isinstance(result, lsp.CompletionList)
            assert [(i.label, i.kind) for i in result.items] == [
                ("sAdresse", lsp.CompletionItemKind.Field)
            ]
            found = await client.text_document_definition_async(
                lsp.DefinitionParams(lsp.TextDocumentIdentifier(uri), at(4, 11))
            )
            assert isinstance(found, list) and found[0].range.start.line == 0

    run(go())
