"""``wlmail lsp`` and projects (wlmail/project.py), over stdio with a real client process: a
name declared in another file of the project is known (the same problems as ``wlmail check``
of the folder), definitions and references cross files, an edit in another open file is
seen, ``EXTERNE`` files count, and a folder of separate scripts stays separate."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types as lsp

from tests.lsp_client import Client, at, run, session
from wlmail.check_project import results

CLASS_FILE = """\
CPoint est une Classe
\tx est un entier
FIN
PROCÉDURE Constructeur(a)
:x = a
PROCÉDURE Texte()
RENVOYER "(" + x + ")"
"""
GLOBALS = """\
gnTotal est un entier = 0
PROCÉDURE Double(n)
RENVOYER n * 2
"""
MAIN = """\
p est un CPoint(2)
gnTotal = Double(p.x)
Info(p.Texte(), gnTotal, Inconnu)
"""


def _files(root: Path, files: dict[str, str]) -> dict[str, Path]:
    out = {}
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        out[name] = path
    return out


def _read(name: str) -> str:
    return Path(name).read_text(encoding="utf-8")


async def _definition(client: Client, uri: str, line: int, col: int) -> list[tuple[str, int, int]]:
    found = await client.text_document_definition_async(
        lsp.DefinitionParams(lsp.TextDocumentIdentifier(uri), at(line, col))
    )
    assert isinstance(found, list)
    return [(f.uri.rsplit("/", 1)[1], f.range.start.line, f.range.start.character) for f in found]


async def _references(client: Client, uri: str, line: int, col: int) -> list[tuple[str, int, int]]:
    refs = await client.text_document_references_async(
        lsp.ReferenceParams(
            context=lsp.ReferenceContext(True),
            text_document=lsp.TextDocumentIdentifier(uri),
            position=at(line, col),
        )
    )
    return sorted(
        (r.uri.rsplit("/", 1)[1], r.range.start.line, r.range.start.character) for r in refs or []
    )


def test_a_project_s_names_are_known_and_found_across_files(tmp_path: Path) -> None:
    files = _files(tmp_path, {"CPoint.wl": CLASS_FILE, "globales.wl": GLOBALS, "main.wl": MAIN})

    async def go() -> None:
        async with session() as client:
            uri = await client.open(files["main.wl"])
            shown = [
                (d.code, d.range.start.line, d.range.start.character, d.message)
                for d in client.diagnostics[uri]
            ]
            # what `wlmail check FOLDER` says of main.wl: only the name declared nowhere
            checked = {r.path: r.problems for r in results([str(tmp_path)], None, _read)}
            expected = [
                (p.code, p.line - 1, p.column - 1, p.message)
                for p in checked[str(files["main.wl"])]
            ]
            assert shown == expected
            assert [code for code, *_ in shown] == ["unknown_name"]
            assert "Inconnu" in shown[0][3]
            # definitions in the other files: a method, a member, the class, a global, a procedure
            assert await _definition(client, uri, 2, 7) == [("CPoint.wl", 5, 10)]
            assert await _definition(client, uri, 1, 19) == [("CPoint.wl", 1, 1)]
            assert await _definition(client, uri, 0, 10) == [("CPoint.wl", 0, 0)]
            assert await _definition(client, uri, 1, 2) == [("globales.wl", 0, 0)]
            assert await _definition(client, uri, 1, 12) == [("globales.wl", 1, 10)]
            # the class file sees what main.wl and the others declare, and says nothing
            curi = await client.open(files["CPoint.wl"])
            assert list(client.diagnostics[curi]) == []
            assert await _references(client, curi, 1, 1) == [
                ("CPoint.wl", 1, 1),
                ("CPoint.wl", 4, 1),
                ("CPoint.wl", 6, 15),
                ("main.wl", 1, 19),
            ]
            guri = await client.open(files["globales.wl"])
            assert await _references(client, guri, 1, 11) == [
                ("globales.wl", 1, 10),
                ("main.wl", 1, 10),
            ]
            edit = await client.text_document_rename_async(
                lsp.RenameParams(lsp.TextDocumentIdentifier(uri), at(1, 3), "gnSomme")
            )
            assert edit is not None and edit.changes is not None
            assert sorted((u.rsplit("/", 1)[1], len(e)) for u, e in edit.changes.items()) == [
                ("globales.wl", 1),
                ("main.wl", 2),
            ]
            # another open file changes and is saved: main.wl's diagnostics are published
            # again, with what it now declares
            await client.change(guri, 2, GLOBALS.replace("Double", "Triple"))
            client.published[uri] = asyncio.Event()
            client.text_document_did_save(
                lsp.DidSaveTextDocumentParams(lsp.TextDocumentIdentifier(guri))
            )
            await asyncio.wait_for(client.published[uri].wait(), 60)
            names = [d.message for d in client.diagnostics[uri] if d.code == "unknown_name"]
            assert len(names) == 2 and "Double" in names[0]

    run(go())


def test_an_english_project_and_an_externe_file(tmp_path: Path) -> None:
    files = _files(
        tmp_path,
        {
            "app/lib.wl": 'PROCEDURE Greet(sName)\nRESULT "Hello " + sName + " " + MAX_ITEMS\n',
            "app/app.wl": 'EXTERN "..\\shared\\Consts.wl"\nInfo(Greet("Zoe"), MAX_ITEMS)\n',
            "shared/consts.wl": "CONSTANT\n\tMAX_ITEMS = 5\nEND\n",
        },
    )

    async def go() -> None:
        async with session() as client:
            uri = await client.open(files["app/app.wl"])
            assert list(client.diagnostics[uri]) == []
            assert await _definition(client, uri, 1, 6) == [("lib.wl", 0, 10)]
            assert await _definition(client, uri, 1, 21) == [("consts.wl", 1, 1)]
            luri = await client.open(files["app/lib.wl"])
            assert list(client.diagnostics[luri]) == []  # the constant comes with app.wl
            refs = await _references(client, luri, 0, 12)
            assert refs == [("app.wl", 1, 5), ("lib.wl", 0, 10)]

    run(go())


def test_separate_scripts_stay_separate(tmp_path: Path) -> None:
    """Two files with main code are two scripts, as `wlmail check` takes them."""
    files = _files(
        tmp_path,
        {"a.wl": "Info(Aide())\n", "b.wl": 'Info("b")\nPROCÉDURE Aide()\nRENVOYER 1\n'},
    )

    async def go() -> None:
        async with session() as client:
            uri = await client.open(files["a.wl"])
            assert [d.code for d in client.diagnostics[uri]] == ["unknown_name"]
            assert await _definition(client, uri, 0, 6) == []

    run(go())


def test_a_file_another_includes_is_not_declared_twice(tmp_path: Path) -> None:
    """``EXTERNE "commun.wl"`` in main.wl: commun.wl, open, is not a second copy of itself."""
    files = _files(
        tmp_path,
        {"main.wl": 'EXTERNE "commun.wl"\nInfo(gnX)\n', "commun.wl": "gnX est un entier = 1\n"},
    )

    async def go() -> None:
        async with session() as client:
            curi = await client.open(files["commun.wl"])
            assert list(client.diagnostics[curi]) == []
            uri = await client.open(files["main.wl"])
            assert list(client.diagnostics[uri]) == []
            assert await _definition(client, uri, 1, 6) == [("commun.wl", 0, 0)]

    run(go())
