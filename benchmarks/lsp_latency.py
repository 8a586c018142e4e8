"""How fast ``wlmail lsp`` re-checks a 5,000-line file after a change (issue 18: within 100 ms).

Starts ``python -m wlmail lsp`` as a real client would (pygls's LanguageClient over stdio),
opens a 5,000-line legacy-style script (benchmarks/gen_legacy.py), then sends edits as an editor
does (incremental ``didChange``: one range, the typed text) and times each from the moment
the change is sent to the moment the new diagnostics arrive. Kinds of edit:

* typing in a procedure (a character at the end of a line): only that procedure is re-checked;
* a new line in a procedure (every procedure below moves down one line);
* a new misspelled call in a procedure (the diagnostic appears);
* typing in the main code: the main code is re-checked, and the procedures only if what
  they see of it (globals, their types, structures, constants) changed;
* a new global variable in the main code: the procedures that name it are re-checked;
* a procedure's first line changes: the main code and the procedures naming it are re-checked;
* opening the file (the first full check).

With ``--classes`` the file is class-heavy instead (:func:`generate_classes`: a class per
30 lines, its objects used in the main code, three methods each). Such a document is checked
whole at every change (lsp/analysis.py), so these times are those of a whole check.

With ``--project`` the script has a neighbour in its folder, a file of as many lines that
only declares classes (the script's project, lsp/context.py): the script uses one of them.

Usage: ``python benchmarks/lsp_latency.py [--rounds N] [--lines N] [--classes] [--project]``;
prints medians and worst.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from gen_legacy import generate  # noqa: E402

BASE = """\
CBase est une Classe
PROTÉGÉ
\tsNom est une chaîne
FIN
"""
CLASS = """\
CRapport{i} est une Classe
\thérite de CBase
\tnEssais est un entier = 3
\ttabLignes est un tableau de chaînes
FIN
"""
USE = """\
o{i} est un CRapport{i}("r{i}")
SI o{i}.Envoie("a@b") ALORS Trace(o{i}.Décrit())
"""
METHODS = """\
PROCÉDURE CRapport{i}.Constructeur(s)
Constructeur CBase(s)
:nEssais = 2
PROCÉDURE CRapport{i}.Envoie(LOCAL sDest est une chaîne) : booléen
sCorps est une chaîne = "Bonjour," + RC + "voici le rapport {i}."
POUR i = 1 À :nEssais
\tSI i modulo 2 = 0 ALORS
\t\tAjoute(tabLignes, "essai pair " + i)
\tSINON
\t\tAjoute(:tabLignes, ChaîneConstruit("essai %1 pour %2", i, sDest))
\tFIN
FIN
SELON Taille(sDest)
\tCAS 0 : RENVOYER Faux
\tAUTRE CAS
\t\tsCorps += RC + TableauVersChaîne(tabLignes, RC)
FIN
RENVOYER sDest [=] "@" ET Décrit() <> ""
PROCÉDURE CRapport{i}.Décrit()
RENVOYER sNom + " : " + nEssais + " essais"
"""
_PER_CLASS = (CLASS + USE + METHODS).count("\n")


def generate_classes(lines: int, uses: bool = True) -> str:
    """A class-heavy script of about ``lines`` lines: classes and their objects in the main
    code, then every class's methods (``PROCÉDURE C.M()``), members read as ``:m``, ``m``
    and ``o.M()``; without ``uses``, a file of a project that only declares."""
    count = max(1, (lines - BASE.count("\n") - 2) // _PER_CLASS)
    main = [BASE] + [CLASS.format(i=i) for i in range(count)]
    main += [USE.format(i=i) for i in range(count)] if uses else []
    procs = ["PROCÉDURE CBase.Constructeur(s)\n:sNom = s\n"]
    procs += [METHODS.format(i=i) for i in range(count)]
    return "".join(main + procs)


class Client(LanguageClient):
    def __init__(self) -> None:
        super().__init__("lsp-latency", "1")
        self.event = asyncio.Event()
        self.last: list[lsp.Diagnostic] = []

        @self.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(ls: Client, params: lsp.PublishDiagnosticsParams) -> None:
            ls.last = params.diagnostics
            ls.event.set()

    async def edit(self, uri: str, version: int, line: int, col: int, text: str) -> float:
        """Insert ``text`` at (0-based) ``line``, ``col``; seconds until the diagnostics."""
        self.event.clear()
        where = lsp.Range(lsp.Position(line, col), lsp.Position(line, col))
        start = time.perf_counter()
        self.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(version=version, uri=uri),
                [lsp.TextDocumentContentChangePartial(range=where, text=text)],
            )
        )
        await asyncio.wait_for(self.event.wait(), 60)
        return time.perf_counter() - start


async def measure(lines: int, rounds: int, classes: bool = False, project: bool = False) -> None:
    root = HERE.parent
    text = generate_classes(lines) if classes else generate(lines)
    if project:  # its objects' classes are declared in another file of the folder
        text = 'oRapport est un CRapport0("r0")\nTrace(oRapport.Décrit())\n' + text
    rows = text.splitlines()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.wl"
        path.write_text(text, encoding="utf-8")
        if project:
            other = generate_classes(lines, uses=False)
            (Path(tmp) / "classes.wl").write_text(other, encoding="utf-8")
        uri = path.as_uri()
        client = Client()
        env = {**os.environ, "PYTHONPATH": str(root)}
        await client.start_io(sys.executable, "-m", "wlmail", "lsp", env=env)
        await client.initialize_async(lsp.InitializeParams(capabilities=lsp.ClientCapabilities()))
        client.initialized(lsp.InitializedParams())
        start = time.perf_counter()
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "wlangage", 1, text))
        )
        await asyncio.wait_for(client.event.wait(), 120)
        opened = time.perf_counter() - start
        version = 1
        mid = len(rows) // 2
        body = next(i for i in range(mid, len(rows)) if rows[i].startswith("sCorps est"))
        times: dict[str, list[float]] = {
            k: [] for k in ("char", "line", "error", "main", "glob", "head")
        }
        head = next(i for i in range(body, 0, -1) if rows[i].startswith("PROCÉDURE"))
        for above in range(rounds):  # each round adds a global variable above everything
            at = body + above
            version += 1
            times["char"].append(await client.edit(uri, version, at, 0, " "))
            version += 1
            times["line"].append(await client.edit(uri, version, at, 0, "\tTrace(1)\n"))
            version += 1
            times["error"].append(await client.edit(uri, version, at, 0, "\tTrace(nInconu)\n"))
            assert any("nInconu" in d.message for d in client.last), "no diagnostic"
            version += 1
            times["main"].append(await client.edit(uri, version, 0, 0, " "))
            version += 1
            new_global = f"n{version} est un entier\n"
            times["glob"].append(await client.edit(uri, version, 0, 0, new_global))
            version += 1
            comment = f" // v{version}"
            end = len(rows[head])
            times["head"].append(await client.edit(uri, version, head + above + 1, end, comment))
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
    count = text.count("\n")
    procs = text.count("\nPROCÉDURE ")
    shape = "class-heavy script" if classes else "script"
    title = f"wlmail lsp, {shape} of {count:,} lines, {procs} procedures, {rounds} rounds"
    if project:
        title += f" (its project: {lines:,} lines of classes in another file)"
    print(title)
    print(f"{'change':<44} {'median':>8} {'worst':>8}")
    labels = {
        "char": "typing in a procedure",
        "line": "new line in a procedure (the rest moves)",
        "error": "new misspelled name in a procedure",
        "main": "typing in the main code",
        "glob": "new global variable in the main code",
        "head": "a procedure's first line",
    }
    for key, label in labels.items():
        med, worst = statistics.median(times[key]) * 1000, max(times[key]) * 1000
        print(f"{label:<44} {med:>6.0f} ms {worst:>6.0f} ms")
        print([round(t * 1000) for t in times[key]])
    print(f"{'opening the file (first full check)':<44} {opened * 1000:>6.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--classes", action="store_true", help="a class-heavy script")
    parser.add_argument(
        "--project", action="store_true", help="with a class-heavy file beside it, its project"
    )
    args = parser.parse_args()
    asyncio.run(measure(args.lines, args.rounds, args.classes, args.project))
    return 0


if __name__ == "__main__":
    sys.exit(main())
