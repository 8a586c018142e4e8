"""The one resolving pass (wlmail/resolved.py): what it records, that ``check`` hands it over
(``on_resolved``), that ``export --python`` resolves a script once (check's pass), and that
check's pass (built-ins bound) and the stubbed pass record the same things."""

from __future__ import annotations

from pathlib import Path

import pytest

import wlmail.resolved
from wlmail.check import analyse, analyse_program
from wlmail.export.program import export_python
from wlmail.resolved import Resolved, Resolver, resolve
from wlmail.syntax import nodes as n
from wlmail.syntax.parser import parse_program

ROOT = Path(__file__).resolve().parent.parent

SCRIPTS = {
    "fr": """\
CONSTANTE
    TAUX = 2
FIN
nCompte est un entier = TAUX
sNom est une chaîne = "x"
Info(Double(nCompte), sNom, Vrai, Inconnu)
Ajoute1
PROCÉDURE Double(n est un entier) : entier
RENVOYER n * 2
PROCÉDURE Ajoute1()
nCompte++
""",
    "en": """\
CONSTANT
    TAUX = 2
END
nCompte is int = TAUX
sNom is string = "x"
Info(Double(nCompte), sNom, True, Inconnu)
Ajoute1
PROCEDURE Double(n is int) : int
RETURN n * 2
PROCEDURE Ajoute1()
nCompte++
""",
}


def _by_name(res: Resolved) -> dict[tuple[int, str], tuple[object, ...]]:
    """(line, name as written) -> what the pass says it denotes (kind, then id or depth)."""
    out: dict[tuple[int, str], tuple[object, ...]] = {}
    for key, ref in res.names.items():
        node = res.nodes[key]
        kind = ref[0]
        detail: object = ""
        if kind == "var":
            detail = (ref[1].vtype.id, ref[2])
        elif kind in ("const", "func"):
            detail = ref[1].id
        elif kind == "proc":
            detail = ref[1].name
        out[(node.line, node.name)] = (kind, detail)
    return out


def _calls(res: Resolved) -> dict[tuple[int, str], str]:
    return {(func.line, func.name): res.calls[key][0] for key, (_, func) in res.callees.items()}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_check_hands_over_what_every_name_denotes(lang: str) -> None:
    found: list[Resolved] = []
    problems, _ = analyse(SCRIPTS[lang], "s.wl", on_resolved=found.append)
    assert [p.code for p in problems] == ["unknown_name"]  # Inconnu, line 6
    assert len(found) == 1
    res = found[0]
    names = _by_name(res)
    assert names[(4, "TAUX")][0] == "var"  # a CONSTANTE is a global, read-only variable
    assert names[(6, "nCompte")] == ("var", ("int", -1))
    assert names[(6, "sNom")] == ("var", ("string", -1))
    assert names[(6, "Vrai" if lang == "fr" else "True")] == ("const", "true")
    assert names[(6, "Inconnu")] == ("unknown", "")
    assert names[(9, "n")] == ("var", ("int", 0))  # a parameter, in the procedure's scope
    assert names[(7, "Ajoute1")] == ("proc", "Ajoute1")  # a bare call
    assert _calls(res) == {
        (6, "Info"): "func",
        (6, "Double"): "proc",
        (7, "Ajoute1"): "proc",
    }
    assert sorted(p.name for p in res.procs.values()) == ["Ajoute1", "Double"]
    declared = {v.id for v in res.vtypes.values()}
    assert {"int", "string"} <= declared


def test_a_syntax_error_hands_nothing_over() -> None:
    found: list[Resolved] = []
    problems, _ = analyse("SI x ALORS\n", "s.wl", on_resolved=found.append)
    assert problems[0].code == "syntax"
    assert found == []


def test_member_and_method_static_types() -> None:
    text = 'm est un Email\nm.Sujet = "a"\nInfo(m.Sujet.Taille(), Taille(m.Sujet))\n'
    res = resolve(parse_program(text, "s.wl"))
    members = {
        (id_node.line, id_node.col, id_node.name): ref
        for id_node in _walk_members(res.program)
        if (ref := res.members.get(id(id_node))) is not None
    }
    kinds = sorted(
        (k[0], k[2], v[0], v[1].id if v[1] is not None else "") for k, v in members.items()
    )
    assert kinds == [
        (2, "Sujet", "prop", "email"),
        (3, "Sujet", "prop", "email"),
        (3, "Sujet", "prop", "email"),
        (3, "Taille", "method", "string"),
    ]


def _walk_members(program: n.Program) -> list[n.Member]:
    from wlmail.names import walk

    return [node for node in walk(program) if isinstance(node, n.Member)]


def test_export_resolves_the_script_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """``export --python`` reads check's pass: the compiler runs over the script once."""
    runs: list[str] = []
    real = Resolver.compile_program

    def counted(self: Resolver) -> object:
        runs.append(type(self).__name__)
        return real(self)

    monkeypatch.setattr(Resolver, "compile_program", counted)
    text = (ROOT / "samples" / "mail-typed-fr.wl").read_text(encoding="utf-8")
    source = export_python(text, "mail-typed-fr.wl").source
    assert "import smtplib" in source
    assert runs == ["_Checker"]


@pytest.mark.parametrize(
    "sample", ["mail-typed-fr.wl", "mail-typed-en.wl", "mail-legacy-fr.wl", "bonjour.wl"]
)
def test_check_pass_and_stub_pass_record_the_same(sample: str) -> None:
    """Built-ins bound (check) or stubbed (translate): the same names, calls and types."""
    text = (ROOT / "samples" / sample).read_text(encoding="utf-8")
    program = parse_program(text, sample)
    found: list[Resolved] = []
    analyse_program(program, sample, program.lang, text=text, on_resolved=found.append)
    checked, stubbed = found[0], wlmail.resolved.resolve(program)
    assert _by_name(checked) == _by_name(stubbed)
    assert _calls(checked) == _calls(stubbed)
    assert len(checked.names) > 10
    assert {k: v[0] for k, v in checked.calls.items()} == {
        k: v[0] for k, v in stubbed.calls.items()
    }
    assert {k: v.id for k, v in checked.vtypes.items()} == {
        k: v.id for k, v in stubbed.vtypes.items()
    }
