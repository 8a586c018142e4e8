"""The language server's incremental analysis (lsp/analysis.py, lsp/parts.py) gives, after any
sequence of edits, exactly what ``wlmail check`` and a fresh analysis give."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from wlmail.check import check_text
from wlmail.lsp.analysis import Document

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from gen_legacy import generate


def _same(doc: Document, text: str) -> None:
    doc.update(text)
    expected = [(p.line, p.column, p.code, p.message) for p in check_text(text, "x.wl")]
    assert [(p.line, p.column, p.code, p.message) for p in doc.problems()] == expected
    fresh = Document("file:///x.wl", "x.wl")
    fresh.update(text)
    assert list(doc.records()) == list(fresh.records())
    assert [t for part in doc.parts for t in _tokens(part)] == [
        t for part in fresh.parts for t in _tokens(part)
    ]


def _tokens(part: object) -> list[tuple[int, int, str]]:
    delta = getattr(part, "delta", 0)
    return [(t.line + delta, t.column, str(t)) for t in getattr(part, "tokens", [])]


def test_edits_anywhere_give_what_check_gives() -> None:
    lines = generate(300).splitlines(keepends=True)
    doc = Document("file:///x.wl", "x.wl")
    _same(doc, "".join(lines))
    procs = [i for i, line in enumerate(lines) if line.startswith("PROCÉDURE")]
    edits = [
        (procs[3] + 2, "Trace(nInconnu)\n"),  # an unknown name in a procedure
        (procs[1] + 2, "x est un entier\nx est un entier\n"),  # a duplicate above it
        (1, "nGlobal est un entier\n"),  # the main code: all re-checked
        (procs[5] + 2, "Trace(nGlobal)\n"),  # a procedure sees the new global
        (procs[2], "PROCÉDURE EnvoieRapport1()\n"),  # a duplicate procedure
    ]
    for at, text in edits:
        lines.insert(at, text)
        _same(doc, "".join(lines))
    del lines[procs[1] + 2]  # the duplicate goes away, lines move up
    _same(doc, "".join(lines))
    problems = [p.code for p in doc.problems()]
    assert "unknown_name" in problems and "duplicate_procedure" in problems
    # the main code changes what a procedure sees (a global's type), or only itself
    procs = [i for i, line in enumerate(lines) if line.startswith("PROCÉDURE")]
    lines.insert(procs[4] + 2, "sG.Prot = 1\n")
    lines.insert(1, "sG est un emailSessionSMTP\n")
    _same(doc, "".join(lines))
    assert "unknown_member" in [p.code for p in doc.problems()]
    lines[1] = "sG est une chaîne\n"
    _same(doc, "".join(lines))
    lines[1] = "sG est une chaîne // la même\n"
    _same(doc, "".join(lines))
    # a procedure uses a name the main code declares later; another's "did you mean" changes
    procs = [i for i, line in enumerate(lines) if line.startswith("PROCÉDURE")]
    lines.insert(procs[6] + 2, "Trace(nPlusTard)\n")
    lines.insert(procs[7] + 2, "Trace(nTotl)\n")
    _same(doc, "".join(lines))
    lines.insert(1, "nPlusTard, nTotale sont des entiers\n")
    _same(doc, "".join(lines))
    assert "nTotale" in " ".join(p.message for p in doc.problems())
    # a procedure's first line changes: its callers (main code, other procedures) follow
    lines.append("PROCÉDURE Appelée(a)\nTrace(a)\n")
    procs = [i for i, line in enumerate(lines) if line.startswith("PROCÉDURE")]
    lines.insert(procs[8] + 2, "Appelée(1, 2)\n")
    lines.insert(2, "Appelée(3)\n")
    _same(doc, "".join(lines))
    lines[-1] = "PROCÉDURE Appelée(a, b)\nTrace(a)\n"
    _same(doc, "".join(lines))
    lines[-1] = "PROCÉDURE Renommée(a, b)\nTrace(a)\n"
    _same(doc, "".join(lines))
    assert sum(p.code == "unknown_name" for p in doc.problems()) >= 2


def test_a_procedure_with_a_syntax_error_keeps_the_rest_checked() -> None:
    text = "Info(zz)\nPROCÉDURE A()\nSI Vrai ALORS\nPROCÉDURE B()\nTrace(yy)\n"
    doc = Document("file:///x.wl", "x.wl")
    doc.update(text)
    found = [(p.line, p.code) for p in doc.problems()]
    assert found == [(1, "unknown_name"), (3, "syntax"), (5, "unknown_name")]
    assert "SI de la ligne 3" in doc.problems()[1].message
    doc.update("\n\n" + text)  # the broken procedure moves: its message follows
    assert "SI de la ligne 5" in doc.problems()[1].message
    # in the main code, only syntax errors (as wlmail check)
    doc.update("SI Vrai ALORS\n" + text)
    assert [p.code for p in doc.problems()] == ["syntax", "syntax"]


def test_random_edits_equal_a_fresh_analysis_and_check() -> None:
    """Lines copied, deleted, inserted, indented at random: the incremental analysis has the
    problems of a fresh one (and of ``wlmail check`` when the script parses), and the same
    names when it parses (a part being typed keeps its last names: that is on purpose)."""
    rng = random.Random(1)
    root = Path(__file__).resolve().parent.parent
    from lsp_latency import generate_classes

    texts = [generate(200), generate_classes(200)] + [
        p.read_text(encoding="utf-8") for p in sorted(root.glob("samples/*-fr.wl"))
    ]
    extra = ["nX est un entier\n", "Trace(nX)\n", "PROCÉDURE Q(a)\n", "Q(1)\n", "SI Vrai ALORS\n"]
    extra += ["FIN\n", "Info(zz)\n", 'x est une chaîne = "é"\n', "Trace(:nEssais, :zz)\n"]
    for text in texts:
        lines = text.splitlines(keepends=True)
        doc = Document("file:///x.wl", "x.wl")
        doc.update(text)
        for _ in range(12):
            i = rng.randrange(len(lines))
            op = rng.random()
            if op < 0.3:
                lines.insert(i, rng.choice(lines))
            elif op < 0.5:
                del lines[i]
            elif op < 0.8:
                lines.insert(i, rng.choice(extra))
            else:
                lines[i] = " " + lines[i]
            now = "".join(lines)
            doc.update(now)
            fresh = Document("file:///x.wl", "x.wl")
            fresh.update(now)
            found = [(p.line, p.column, p.code, p.message) for p in doc.problems()]
            assert found == [(p.line, p.column, p.code, p.message) for p in fresh.problems()]
            if not any(p.code == "syntax" for p in fresh.problems()):
                assert list(doc.records()) == list(fresh.records())
                expected = [(p.line, p.column, p.code, p.message) for p in check_text(now, "x.wl")]
                assert found == expected


def test_a_class_document_rechecks_only_the_methods_edited() -> None:
    """A document with classes: an edit inside a method re-checks that method alone, with
    the class model of the last whole check; any sequence of edits still gives what
    ``wlmail check`` and a fresh analysis give."""
    from lsp_latency import generate_classes

    lines = generate_classes(400).splitlines(keepends=True)
    doc = Document("file:///x.wl", "x.wl")
    _same(doc, "".join(lines))
    assert doc.whole
    methods = [i for i, line in enumerate(lines) if line.startswith("PROCÉDURE CRapport")]
    edits = [
        (methods[4] + 2, "Trace(nInconnu, :nInconnu)\n"),  # unknown name, unknown member
        (methods[1] + 1, "x est un entier\nx est un entier\n"),  # a duplicate above it
        (methods[7] + 1, "Trace(:nEssais + nEssais + sNom, o1.Décrit(), o2.Absente())\n"),
    ]
    for at, text in edits:
        lines.insert(at, text)
        _same(doc, "".join(lines))
        # that method alone (and the one whose "already declared line N" cites a line)
        cites = sum(p.code == "duplicate_variable" for p in doc.problems())
        assert doc.rechecked == 1 + (cites > 0 and at != edits[1][0]), at
    codes = {p.code for p in doc.problems()}
    assert {"unknown_name", "unknown_class_member", "duplicate_variable"} <= codes
    # the main code: checked again with the methods that may see the change (those with an
    # unknown name, whose "did you mean" reads every global; the one citing a line)
    lines.insert(0, "nGlobal est un entier\n")
    _same(doc, "".join(lines))
    assert 1 < doc.rechecked < 5
    lines.insert(2, "\tnAjouté est un entier\n")  # a member: the classes change, all of it
    _same(doc, "".join(lines))
    assert doc.rechecked == len(doc.parts) - 1
    del lines[2]
    _same(doc, "".join(lines))
    methods = [i for i, line in enumerate(lines) if line.startswith("PROCÉDURE CRapport")]
    lines.insert(methods[3] + 1, "Trace(nGlobal)\n")
    lines.insert(methods[2] + 1, "Trace(1)\nTrace(2)\n")  # the methods below move
    _same(doc, "".join(lines))
    methods = [i for i, line in enumerate(lines) if line.startswith("PROCÉDURE CRapport")]
    lines[methods[5]] = "PROCÉDURE CInconnue.Constructeur(s)\n"  # a method without class
    _same(doc, "".join(lines))
    lines.insert(methods[5] + 1, "Trace(3)\n")  # its body edited: its first line's problem stays
    _same(doc, "".join(lines))
    assert doc.rechecked == 2  # that method and the one citing a line
    assert "method_without_class" in {p.code for p in doc.problems()}


def test_an_interface_s_prototypes_stay_in_the_main_code() -> None:
    """``PROCÉDURE`` lines inside ``I est une Interface … FIN`` are prototypes, not procedures:
    the document is not cut there (it would not parse)."""
    text = (
        "IForme est une Interface\n\tprocédure Aire()\n\tPROCÉDURE Nom(s)\nFIN\n"
        'c est un CCarré\nInfo(c.Aire(), "interface")\n'
        "f est un IForme dynamique = allouer un CCarré\nTrace(f.Aire())\n"
        "CCarré est une Classe\n\thérite de IForme\nFIN\n"
        "PROCÉDURE CCarré.Aire()\nRENVOYER 4\nPROCÉDURE CCarré.Nom(s)\nRENVOYER s\n"
    )
    doc = Document("file:///x.wl", "x.wl")
    _same(doc, text)
    assert [p.header for p in doc.parts] == [
        "",
        "PROCÉDURE CCarré.Aire()",
        "PROCÉDURE CCarré.Nom(s)",
    ]
    assert doc.problems() == []
    # a prototype is the interface's method: where a call on an IForme variable goes
    aire = [(o.line, o.definition) for o in doc.records() if o.key == "m:iforme:aire"]
    assert aire == [(2, True), (8, False)]
    _same(doc, text.replace("RENVOYER 4", "RENVOYER 5"))
