"""``export --python`` of the file and folder functions (fRepCrée, fSauveTexte, fChargeTexte…).

Each script runs twice in its own empty directory: with ``wlmail run`` and, exported, with the
Python of a fresh venv without wlmail. Both must print the same (stdout, stderr, exit code) and
leave the same files behind, byte for byte. What Python would do differently is refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_export import _lint, _run, _wlmail, venv  # noqa: F401  (venv: the fixture)

from wlmail.export.program import ExportError, export_command, export_python

FRENCH = """\
// fichiers et répertoires, chemins écrits à la WINDEV
fRepCrée("sortie\\jour")
Info(fRépertoireExiste("sortie/jour"), fRépertoireExiste("absent"), fFichierExiste(""))
Info(fSauveTexte("sortie\\jour\\note.txt", "ligne 1" + RC + "été"))
Info(fTaille("sortie/jour/note.txt"), fChargeTexte("sortie/jour/note.txt") = "ligne 1" + RC + "été")
Info(fAjouteTexte("sortie/jour/note.txt", RC + "fin"), fAjouteTexte("sortie/log.txt", 42))
Info(fSauveTexte("sortie/a.txt", "été", foAnsi), fTaille("sortie/a.txt"))
Info(fChargeTexte("sortie/a.txt"))
Info(fSauveTexte("sortie/u.txt", "été", foUnicode), fTaille("sortie/u.txt"))
Info(fChargeTexte("sortie/u.txt"))
Info(fSauveTexte("sortie/bom.txt", "été", foUTF8), fChargeTexte("sortie/bom.txt", foUTF8))
Info(fCopieFichier("sortie/jour/note.txt", "sortie"), fCopieFichier("absent.txt", "x.txt"))
Info(fRenomme("sortie/note.txt", "sortie/copie.txt"), fRenomme("sortie/copie.txt", "sortie/a.txt"))
Info(fDéplaceFichier("sortie/u.txt", "sortie/jour"), fFichierExiste("sortie/jour/u.txt"))
Info(Remplace(fListeFichier("sortie\\*.txt"), RC, ";"), fListeFichier("absent/*") = "")
Info(Remplace(fListeFichier("sortie/*.TXT", frRécursif), RC, ";"))
Info(fSupprime("sortie/bom.txt"), fSupprime("sortie/bom.txt"), fSupprime("sortie"))
Info(fRepSupprime("sortie"), fRepCrée("vide\\a"), fRepSupprime("vide\\a"), fTaille("absent"))
Info("[" + fChargeTexte("absent.txt") + "]", "[" + fChargeTexte("sortie") + "]")
Info(fExtraitChemin("C:\\Temp\\lettre.v2.txt", fDisque + fRépertoire))
Info(fExtraitChemin("/home/u/x.tar.gz", fFichier + fExtension))
Info(fTaille("absent"), ErreurDétectée, fRepCrée("vide"), ErreurDétectée, fRepSupprime("vide"))
Info(fSep(), fRepExe() = fRepEnCours())
"""
FRENCH_OUT = ["1", "0", "0", "1", "14", "1", "1", "1", "1", "3", "été", "1", "8", "été", "1"]
FRENCH_OUT += ["été", "1", "0", "1", "0", "1", "1"]
FRENCH_OUT += ["sortie/a.txt;sortie/bom.txt;sortie/copie.txt;sortie/log.txt", "1"]
FRENCH_OUT += ["sortie/a.txt;sortie/bom.txt;sortie/copie.txt;sortie/log.txt;sortie/jour/note.txt"]
FRENCH_OUT[-1] += ";sortie/jour/u.txt"
FRENCH_OUT += ["1", "0", "0", "0", "1", "1", "-1", "[]"]
FRENCH_OUT += ["[]", "C:\\Temp\\", "x.tar.gz", "-1", "1", "1", "0", "1", "/", "1"]

ENGLISH = """\
// files and folders
fMakeDir("out\\day")
Info(fDirectoryExist("out/day"), fFileExist("out\\day"), fFileExist("out/day/none.txt"))
Info(fSaveText("out/day/mail.txt", "hello"), fAddText("out/day/mail.txt", " world"))
Info(fLoadText("out\\day\\mail.txt"), fSize("out/day/mail.txt"))
Info(fCopyFile("out/day/mail.txt", "out/copy.txt"), fRename("out/copy.txt", "out/renamed.txt"))
Info(fMoveFile("out/renamed.txt", "out/day/moved.txt"))
Info(fMoveFile("out/day/moved.txt", "out/day/mail.txt"))
Info(fDelete("out/day/moved.txt"), fDelete("out/day/moved.txt"), fRemoveDir("out/day"))
Info(fExtractPath("D:\\mail\\out.eml", fFileName + fExtension))
Info(fExtractPath("\\\\server\\share\\doc.pdf", fDrive))
Info(Replace(fListFile("out/*"), CR, ";"), Replace(fListFile("out/*.txt", frRecursive), CR, ";"))
Info(fLoadText("none.txt") = "", ErrorOccurred, fSize("out/day/mail.txt"), ErrorOccurred)
Info(fExeDir() = fCurrentDir(), Length(fSep()))
"""
ENGLISH_OUT = ["1", "1", "0", "1", "1", "hello world", "11", "1", "1", "1", "0", "1", "0", "0"]
ENGLISH_OUT += ["out.eml", "\\\\server\\share", "", "out/day/mail.txt", "1", "1", "11", "0"]
ENGLISH_OUT += ["1", "1"]


# calls whose result is ignored: pathlib under contextlib.suppress (no ErreurDétectée read)
STATEMENTS = """\
fRepCrée("journal\\2024")
fRepCrée("")
fSauveTexte("journal\\2024\\a.txt", "un" + RC + "deux")
fSauveTexte("journal/2024/b.txt", "été", foAnsi)
fSauveTexte("journal/2024/c.txt", "été", foUTF8)
fSauveTexte("journal/2024/d.txt", "été", foUnicode)
fSauveTexte("journal/2024/n.txt", 3.50)
fSauveTexte("absent/x.txt", "perdu")
fSauveTexte("", "perdu")
fSauveTexte("journal/2024/e.txt", "à supprimer")
fSupprime("journal\\2024\\e.txt")
fSupprime("journal/2024/e.txt")
fSupprime("journal/2024")
Info(fListeFichier("journal/2024/*"))
"""


def _tree(root: Path, skip: str) -> dict[str, bytes | None]:
    """Every file (its bytes) and directory (None) under ``root``, but the script itself."""
    return {
        str(p.relative_to(root)): None if p.is_dir() else p.read_bytes()
        for p in sorted(root.rglob("*"))
        if not p.name.endswith(skip) and "__pycache__" not in p.parts
    }


@pytest.mark.parametrize(
    ("title", "text"), [("fr", FRENCH), ("en", ENGLISH), ("statements", STATEMENTS)]
)
def test_file_functions_run_the_same_and_leave_the_same_files(
    title: str,
    text: str,
    tmp_path: Path,
    venv: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ran, exported = tmp_path / "wlmail", tmp_path / "python"
    ran.mkdir()
    exported.mkdir()
    script = ran / f"files_{title}.wl"
    script.write_text(text, encoding="utf-8")
    program = exported / f"files_{title}.py"
    assert export_command(str(script), str(program)) == 0
    source = program.read_text(encoding="utf-8")
    assert "wlmail" not in source.replace(f"files_{title}_wl", "")
    _lint(*exported.glob("*.py"))
    monkeypatch.chdir(ran)  # wlmail run works in the script's directory, as the program does
    expected = _wlmail(script)
    assert expected[0] == 0 and expected[1] and not expected[2]
    assert _run(venv, program) == expected
    assert _tree(ran, ".wl") == _tree(exported, ".py")
    assert len(_tree(ran, ".wl")) >= 3
    assert ("contextlib.suppress" in source) == (title == "statements")


@pytest.mark.parametrize(
    ("text", "shown"), [(FRENCH, FRENCH_OUT), (ENGLISH, ENGLISH_OUT)], ids=["fr", "en"]
)
def test_what_the_scripts_print_is_what_wlmail_promises(
    text: str, shown: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not only the same thing twice: the values the file functions are documented to give."""
    script = tmp_path / "s.wl"
    script.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = _wlmail(script)
    assert (code, err) == (0, "")
    assert out == "".join(line + "\n" for line in shown)
    if text is FRENCH:
        assert (tmp_path / "sortie" / "a.txt").read_bytes() == b"\xe9t\xe9"  # not renamed onto
        assert (tmp_path / "sortie" / "jour" / "u.txt").read_bytes()[:2] == b"\xff\xfe"
        assert (tmp_path / "sortie" / "log.txt").read_bytes() == b"42"


SESSION = """s est un emailSessionSMTP
s.AdresseServeur = "127.0.0.1"
SI PAS EmailOuvreSession(s) ALORS
\tInfo("non")
FIN
"""


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ('t est un tableau de chaînes\nINIEcrit("smtp", "port", t, "app.ini")\n', 2, "list"),
        ('fChargeTexte("a.txt")\nInfo(ErreurInfo(errComplet))\n', 2, "this argument"),
        ('Info(fListeFichier("*.txt", "Vu"))\nPROCÉDURE Vu(a, b, c)\n', 1, "procedure"),
        ('Info(fListeFichier("*.txt", Vu))\nPROCÉDURE Vu(a, b)\n', 1, "3 parameters"),
        ('e est un entier = 1\nfSauveTexte("a.txt", "x", e)\n', 2, "encoding"),
        ('Info(fChargeTexte("a.txt", 3))\n', 1, "encoding"),
        ('fSaveText("a.txt", "x", foAnsi + 1)\n', 1, "encoding"),
        ('o est un entier = 1\nInfo(fListeFichier("*.txt", o))\n', 2, "procedure"),
        # another function that can fail: error_occurred() would not know of it
        (SESSION + 'fSupprime("a")\nInfo(ErreurDétectée)\n', 7, "ErreurDétectée"),
    ],
)
def test_what_would_run_differently_is_refused(text: str, line: int, reason: str) -> None:
    with pytest.raises(ExportError) as caught:
        export_python(text, "s.wl")
    assert [(p.line, reason in p.message) for p in caught.value.problems] == [(line, True)]
