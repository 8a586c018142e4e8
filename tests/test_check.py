"""``wlmail check``: problems with suggestions, in the script's language, and the summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wlmail.check import analyse, check_command, check_text
from wlmail.check_summary import render_summary, summarize

LEGACY_FR = """\
MaSession est un emailSessionSMTP
MaSession.AdresseServer = "smtp.exemple.fr"
x est un entier
x est une chaîne
t est un tableau de chaînes
Ajoute("abc", "x")
Info(Gauche("abc", "deux"))
Info(ChaineConstruitt("%1", 2), Taile("abc"))
y = 3
Info(Milieu())
Crypte("a", "b")
d est une chaine fixe
e est un entierr
SORTIR
PROCÉDURE P()
PROCÉDURE P()
"""


def _codes(text: str) -> list[tuple[int, str, str]]:
    return [(p.line, p.severity, p.code) for p in check_text(text, "s.wl")]


def test_every_kind_of_problem_in_order() -> None:
    assert _codes(LEGACY_FR) == [
        (2, "error", "unknown_member"),
        (4, "warning", "duplicate_variable"),
        (6, "error", "arg_array"),
        (7, "warning", "arg_number"),
        (8, "error", "unknown_name"),
        (8, "error", "unknown_name"),
        (9, "error", "unknown_name"),
        (10, "error", "arg_count"),
        (11, "warning", "unsupported_function"),
        (13, "error", "unknown_type"),
        (14, "error", "break_outside_loop"),
        (16, "error", "duplicate_procedure"),
    ]


def test_suggestions_ignore_case_and_accents() -> None:
    messages: dict[int, str] = {}
    for p in check_text(LEGACY_FR, "s.wl"):
        messages[p.line] = messages.get(p.line, "") + p.message
    assert messages[2].endswith("vouliez-vous dire « AdresseServeur » ?")
    assert "« ChaîneConstruit »" in messages[8] and "« Taille »" in messages[8]
    assert "« entier »" in messages[13]
    assert "Crypte" in messages[11] and ":" in messages[11]  # with the reason


def test_messages_speak_the_script_language() -> None:
    en = 'MySession is emailSMTPSession\nMySession.ServerAdress = "x"\nBREAK\n'
    problems = check_text(en, "s.wl")
    assert problems[0].message == (
        "'ServerAdress' is not a property of emailSMTPSession; did you mean 'ServerAddress'?"
    )
    assert problems[0].text("en").startswith("s.wl:2:11: error: ")  # under the property
    assert problems[1].code == "break_outside_loop"


def test_clean_script_and_syntax_error() -> None:
    assert check_text('s est une chaîne = "a"\nInfo(Taille(s))\n', "ok.wl") == []
    problems = check_text("SI Vrai ALORS\n", "bad.wl")
    assert [(p.code, p.severity) for p in problems] == [("syntax", "error")]


def test_usage_counts_functions_types_and_unknown_calls() -> None:
    problems, usage = analyse(LEGACY_FR, "s.wl")
    assert usage.functions["info"] == 3
    assert set(usage.unknown_calls) == {"chaineconstruitt", "taile"}
    report = summarize([usage], [problems], "fr")
    names = {u.name: u.status for u in report.functions}
    assert names["Info"] == "implemented"
    assert names["Crypte"] == "unsupported"
    assert names["Taile"] == "unknown"
    assert report.functions[0].status == "unknown"  # what blocks a migration comes first
    assert {u.name: u.status for u in report.types}["entierr"] == "unknown"


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def test_command_summary_over_a_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, "a.wl", 'Info("a")\nEnvoie()\nZorgCalcule(1)\n')
    _write(tmp_path, "b.wl", 'Info("b")\nPROCÉDURE Envoie()\nTrace(1)\n')
    assert check_command([str(tmp_path)], None, "text", _read, summary=True) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Résumé de migration : 2 fichier(s), 1 avec des erreurs, 2 problème(s)"
    rows = [line.split() for line in out if line.startswith("  ")]
    assert ["1", "1", "ZorgCalcule", "inconnue", "de", "wlmail"] in rows
    assert ["1", "1", "Envoie", "procédure", "d'un", "autre", "fichier"] in rows
    assert ["2", "2", "Info", "disponible"] in rows


def test_command_json_with_and_without_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _write(tmp_path, "bad.wl", "Infoo(1)\n")
    assert check_command([str(tmp_path)], None, "json", _read) == 1
    problems = json.loads(capsys.readouterr().out)
    assert [(p["file"], p["line"], p["code"]) for p in problems] == [(bad, 1, "unknown_name")]
    assert check_command([str(tmp_path)], "en", "json", _read, summary=True) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["files"] == 1
    assert data["summary"]["functions"][0]["name"] == "Infoo"


def test_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean = _write(tmp_path, "ok.wl", 'Info("ok")\n')
    assert check_command([clean], None, "text", _read) == 0
    assert check_command([str(tmp_path / "missing.wl")], None, "text", _read) == 66
    assert "missing.wl" in capsys.readouterr().err


def test_render_summary_in_english() -> None:
    _problems, usage = analyse('Info(1)\nCrypt("a", "b")\n', "s.wl", "en")
    lines = render_summary(summarize([usage], [[]], "en"), "en")
    assert lines[0] == "Migration summary: 1 file(s), 0 with errors, 0 problem(s)"
    assert lines[2] == "WLangage functions used: 2 (1 not supported, 1 supported)"
    assert lines[4].split()[:4] == ["1", "1", "Crypt", "not"]


def test_unknown_structure_field_suggests_the_declared_spelling() -> None:
    text = 'S est une structure\n\tnomClient est une chaîne\nFIN\nv est un S\nv.nomclien = "x"\n'
    [problem] = check_text(text, "s.wl")
    assert problem.message == (
        "« nomclien » n'est pas une propriété de S ; vouliez-vous dire « nomClient » ?"
    )


def test_summary_over_the_samples_and_the_language_tests(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = Path(__file__).resolve().parent.parent
    paths = [str(root / "samples"), str(root / "tests" / "wl")]
    assert check_command(paths, "en", "text", _read, summary=True) in (0, 1)
    out = capsys.readouterr().out
    assert out.startswith("Migration summary: ")
    assert "Info" in out and "supported" in out
