"""``export --python`` beyond mail: what the terminal gets (``RC``), errors, ``Hasard``, dates.

Each exported program runs in the fresh venv without wlmail (tests/test_export.py's fixture)
and must write the same BYTES as ``wlmail run``, the real command included.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_export import ROOT, _lint, _run, _text, _wlmail, venv  # noqa: F401  (venv: the fixture)

from wlmail.export.program import ExportError, export_python

RC_SCRIPT = """\
Info("ligne 1" + RC + "ligne 2")
s est une chaîne = "a" + RC + "b" + Caract(13) + "c"
Info(s, "fin")
Trace("x" + RC, 2)
Erreur("e" + RC + "f")
m est une chaîne = [
\tun
\tdeux
]
Info(m)
Info(Taille(s))
"""


def _wlmail_command(script: Path) -> tuple[int, str, str]:
    """``wlmail run`` itself, its stdout and stderr read as bytes."""
    done = subprocess.run(
        [sys.executable, "-m", "wlmail", "run", script.name],
        capture_output=True,
        cwd=script.parent,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return done.returncode, _text(done.stdout), _text(done.stderr)


def _export_to(tmp_path: Path, text: str, stem: str = "s") -> tuple[Path, Path]:
    script = tmp_path / f"{stem}.wl"
    script.write_text(text, encoding="utf-8")
    program = tmp_path / f"{stem}.py"
    result = export_python(text, script.name, output=program.name)
    program.write_text(result.source, encoding="utf-8")
    if result.helpers:
        (tmp_path / f"{stem}_wl.py").write_text(result.helpers, encoding="utf-8")
    return script, program


def test_rc_reaches_the_terminal_as_wlmail_writes_it(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    script, program = _export_to(tmp_path, RC_SCRIPT)
    expected = (0, "ligne 1\nligne 2\na\nb\nc\nfin\nun\ndeux\n6\n", "x\n, 2\ne\nf\n")
    assert _wlmail_command(script) == expected  # the real command: LF only, in bytes
    assert _wlmail(script) == expected  # what the other tests compare with
    assert _run(venv, program) == expected
    text = program.read_text(encoding="utf-8")
    assert 'print("ligne 1\\nligne 2")' in text  # a literal is changed at export time
    assert 's: str = f"a\\r\\nb{chr(13)}c"' in text  # the value keeps its CR LF
    _lint(program)


def test_a_program_without_cr_prints_its_texts_as_they_are(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    script, program = _export_to(tmp_path, 's est une chaîne = "a" + "b"\nInfo(s + "!")\n')
    assert _run(venv, program) == _wlmail(script) == (0, "ab!\n", "")
    assert ".replace(" not in program.read_text(encoding="utf-8")


TIME_AND_CHANCE = """\
n est un entier = Hasard(10, 3)
Info(n >= 3 ET n <= 10)
Info(Hasard(1) = 1, Hasard(0) = 1)
InitHasard(7)
r est un réel = Hasard()
Info(r >= 0 ET r < 1)
k est un entier = 5
m est un entier = Hasard(k, 2)
Info(m >= 2 ET m <= 5)
t est un entier = HeureVersEntier(HeureSys())
Info(t >= 0 ET t < 8640000)
Info(HeureVersEntier("01000000"), EntierVersHeure(8640000 + 150))
Info(PremierJourDuMois("20230215"), DernierJourDuMois(2024, 2))
d est une date = "20231105"
Info(DernierJourDuMois(d), PremierJourDuMois(d))
"""

TIME_AND_CHANCE_EN = """\
n is int = Random(10, 3)
Info(n >= 3 AND n <= 10)
Info(TimeToInteger("00000150"), IntegerToTime(360000))
Info(FirstDayOfMonth("20240229"), LastDayOfMonth(2023, 12))
"""


def test_random_times_and_month_days(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    script, program = _export_to(tmp_path, TIME_AND_CHANCE)
    expected = (
        0,
        "1\n1\n1\n1\n1\n1\n360000\n00000150\n20230201\n20240229\n20231130\n20231101\n",
        "",
    )
    assert _wlmail(script) == expected
    assert _run(venv, program) == expected
    text = program.read_text(encoding="utf-8")
    assert "n: int = random.randint(3, 10)" in text  # the bounds sorted at export time
    assert "random.randint(min(k, 2), max(k, 2))" in text
    assert 'print(360000, "00000150", sep="\\n")' in text  # known at export time
    assert "calendar.monthrange(d.year, d.month)" in text
    script, program = _export_to(tmp_path, TIME_AND_CHANCE_EN, "en")
    expected = (0, "1\n150\n01000000\n20240201\n20231231\n", "")
    assert _wlmail(script) == expected
    assert _run(venv, program) == expected
    _lint(tmp_path / "s.py", tmp_path / "s_wl.py", program)


def test_times_and_chance_that_may_run_differently_are_refused() -> None:
    for text, reason in (
        ('s est une chaîne = "25000000"\nInfo(HeureVersEntier(s))\n', "may be invalid"),
        ("k est un entier = -1\nInfo(EntierVersHeure(k))\n", "known only when"),
        ("Info(DernierJourDuMois(2024, 13))\n", "invalid date"),
        ("Info(Hasard(2.5))\n", "not a whole number"),
    ):
        with pytest.raises(ExportError) as caught:
            export_python(text, "s.wl")
        assert reason in caught.value.problems[0].message, text


THROWN = """\
Info(ErreurDétectée)
ErreurDéclenche(5, "oups")
Info(ErreurDétectée, ErreurInfo(errCode), ErreurInfo())
QUAND EXCEPTION DANS
\tErreurDéclenche(1, "non fatale")
FAIRE
\tInfo("jamais")
FIN
SI PAS Envoie() ALORS Info("échec : " + ErreurInfo(errMessage))
Erreur()
PROCÉDURE Envoie()
ErreurDéclenche(2, "serveur absent")
RENVOYER Faux
"""

THROWN_EN = """\
ErrorThrow(3, "oops")
IF ErrorOccurred() THEN Info(ErrorInfo(errMessage) + " #" + ErrorInfo(errCode))
Error()
"""


def test_error_throw_is_a_non_fatal_error_the_program_reads(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    script, program = _export_to(tmp_path, THROWN)
    expected = (0, "0\n1\n5\noups\néchec : serveur absent\n", "serveur absent\n")
    assert _wlmail(script) == expected
    assert _run(venv, program) == expected
    text = program.read_text(encoding="utf-8")
    assert 'last_error.throw(5, "oups")' in text and ".replace(" not in text
    assert "last_error = ErrorState()" in (tmp_path / "s_wl.py").read_text(encoding="utf-8")
    script, program = _export_to(tmp_path, THROWN_EN, "en")
    expected = (0, "oops #3\n", "oops\n")
    assert _wlmail(script) == expected
    assert _run(venv, program) == expected
    _lint(tmp_path / "s.py", tmp_path / "s_wl.py", program, tmp_path / "en_wl.py")


def test_error_throw_beside_other_fallible_functions_is_refused() -> None:
    for text, reason in (
        (
            'ErreurDéclenche(1, "x")\nt est une chaîne = fChargeTexte("absent.txt")\n'
            "Info(ErreurInfo())\n",
            "other functions that may fail",
        ),
        ('ErreurDéclenche(1, "x")\nInfo(ErreurInfo(errComplet))\n', "with this argument"),
        ('Info(1 + ErreurDéclenche(1, "x"))\n', "inside an expression"),
    ):
        with pytest.raises(ExportError) as caught:
            export_python(text, "s.wl")
        assert reason in caught.value.problems[0].message, text


def test_extract_string_from_end(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    text = (
        's est une chaîne = "a/b/c"\n'
        'Info(ExtraitChaîne(s, 1, "/", DepuisFin), ExtraitChaîne(s, 3, "/", DepuisFin))\n'
        'Info(ExtraitChaîne(s, 4, "/", DepuisFin) = EOT, ExtraitChaîne(s, 1, "", DepuisFin))\n'
    )
    script, program = _export_to(tmp_path, text)
    expected = (0, "c\na\n1\na/b/c\n", "")
    assert _wlmail(script) == expected
    assert _run(venv, program) == expected
    _lint(program, tmp_path / "s_wl.py")
    with pytest.raises(ExportError) as caught:
        export_python('Info(ExtraitChaîne("a,b", 1, ",", 3))\n', "s.wl")
    assert "not DepuisFin" in caught.value.problems[0].message


def test_buffers_are_bytes(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    text = (
        'Info(Taille(ChaîneVersUTF8("é")), Taille(ChaîneVersUTF8(12)))\n'
        'Info(UTF8VersChaîne(ChaîneVersUTF8("Noël")), UTF8VersChaîne("Ã©tÃ©"))\n'
        'Info(UTF8VersChaîne("é"))\n'
        'Info(AnsiVersUnicode("été"), UnicodeVersAnsi("été"))\n'
    )
    script, program = _export_to(tmp_path, text)
    expected = (0, "2\n2\nNoël\nété\né\nété\nété\n", "")
    assert _wlmail(script) == expected
    assert _run(venv, program) == expected
    source = program.read_text(encoding="utf-8")
    assert 'len("é".encode())' in source
    assert '"Noël".encode().decode("utf-8-sig", errors="replace")' in source
    _lint(program)
    with pytest.raises(ExportError) as caught:
        export_python('s est une chaîne = "x"\nInfo(UTF8VersChaîne(s))\n', "s.wl")
    assert "known only when the program runs" in caught.value.problems[0].message


def test_day_and_month_names_in_the_script_language(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    text = (
        'Info(DateVersJourEnLettre("20240101"), DateVersMoisEnLettre("20240815"))\n'
        'd est une date = "19851026"\n'
        "Info(DateVersJourEnLettre(d), DateVersMoisEnLettre(d))\n"
    )
    script, program = _export_to(tmp_path, text)
    expected = (0, "lundi\naoût\nsamedi\noctobre\n", "")
    assert _wlmail(script) == expected
    assert _run(venv, program) == expected
    assert "print(DAY_NAMES[d.weekday()], MONTH_NAMES[d.month - 1]" in program.read_text("utf-8")
    english = 'd is date = "19851026"\nInfo(DateToDayInAlpha(d), DateToMonthInAlpha("20240815"))\n'
    script, program = _export_to(tmp_path, english, "en")
    assert _wlmail(script) == _run(venv, program) == (0, "Saturday\nAugust\n", "")
    _lint(tmp_path / "s.py", program)


def test_a_line_check_rejects_is_reported_in_checks_words() -> None:
    """An export that stops on a line where ``wlmail check`` finds errors says check's errors
    (the script's language, check's column) rather than the exporter's guess at the cause."""
    script = (
        "s est un emailSessionSMTP\n"
        's.AdresseServeur = "smtp.exemple.fr"\n'
        "s.Option = emailOptionTLS\n"
        'Info("fin")\n'
    )
    with pytest.raises(ExportError) as raised:
        export_python(script, "s.wl")
    assert [(p.line, p.column, p.message) for p in raised.value.problems] == [
        (3, 12, "« emailOptionTLS » est inconnu ; vouliez-vous dire « emailOptionSécuriséTLS » ?")
    ]
