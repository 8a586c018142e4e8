"""``export --python samples/project-fr -o OUT``: the French sample project as a package.

What the sample needs is proven on the sample itself: a copy of ``samples/project-fr`` whose
mail code is replaced by ``Info`` lines (the same INI settings, globals of ``Projet.wl`` read
by a procedure of ``Courrier.wl``, the classes, ``POUR TOUTE CHAÎNE … SÉPARÉE PAR`` a constant,
``FinProgramme``) runs in a fresh venv without wlmail as ``wlmail run`` runs it, and the whole
package passes ruff and mypy. ``INILit`` reads a file as wlmail does (case, blanks, comments,
BOM, sections and keys listed). What the sample still needs is listed with its file and line.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_export import (  # noqa: F401  (mail, venv: the fixtures)
    _lint,
    _Mail,
    _run,
    _sizes,
    _wlmail,
    mail,
    venv,
)

from wlmail.export.program import ExportError, export_command, export_python

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "project-fr"

COURRIER = """// Collection de procédures « Courrier » : le sujet du rapport de chaque destinataire.

PROCÉDURE SujetRapport(sDestinataire est une chaîne) : chaîne
Rapport est un CRapport dynamique
SI Contient(gsUrgents, sDestinataire) ALORS
\tRapport = allouer un CRapportUrgent(sDestinataire)
SINON
\tRapport = allouer un CRapport(sDestinataire)
FIN
RENVOYER gsExpéditeur + " -> " + sDestinataire + " : " + Rapport.Sujet()
"""
ENVOI = """POUR TOUTE CHAÎNE sAdresse DE gsDestinataires SÉPARÉE PAR SÉPARATEUR_LISTE
\tSI Contient(sAdresse, "@") ALORS
\t\tInfo(SujetRapport(SansEspace(sAdresse)))
\t\tgnEnvoyés++
\tFIN
FIN
Info(APPLICATION + " : " + gnEnvoyés + " rapport(s) par " + gsServeur + ":" + gnPort)
SI gnEnvoyés < 5 ALORS
\tFinProgramme(3)
FIN
Info("jamais")
"""


def _offline_copy(where: Path) -> Path:
    """The sample with Courrier.wl and the end of Envoi.wl saying instead of sending."""
    project = where / "project-fr"
    shutil.copytree(SAMPLE, project)
    shutil.rmtree(project / "modeles")
    rapport = (project / "CRapport.wl").read_text(encoding="utf-8")
    cut = rapport.index("PROCÉDURE CRapport.Message")
    (project / "CRapport.wl").write_text(rapport[:cut], encoding="utf-8")
    (project / "Courrier.wl").write_text(COURRIER, encoding="utf-8")
    envoi = (project / "Envoi.wl").read_text(encoding="utf-8")
    envoi = envoi[: envoi.index("MaSession est")] + ENVOI
    (project / "Envoi.wl").write_text(envoi, encoding="utf-8")
    return project


def _cli(*args: str, cwd: Path = ROOT) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "wlmail", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )
    return done.returncode, done.stdout, done.stderr


def test_the_sample_project_runs_the_same_as_a_package(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    project, out = _offline_copy(tmp_path), tmp_path / "out"
    assert _cli("export", "--python", str(project), "-o", str(out)) == (0, "", "")
    expected = _cli("run", str(project))
    assert expected[0] == 3 and "URGENT [Relances] rapport du " in expected[1]
    assert "jamais" not in expected[1]
    done = subprocess.run(
        [venv, "out"], capture_output=True, text=True, cwd=tmp_path, timeout=60, env={}
    )
    assert (done.returncode, done.stdout, done.stderr) == expected
    texts = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.py")}
    for text in texts.values():
        assert "import wlmail" not in text and "from wlmail" not in text
        assert str(tmp_path) not in text
    # the settings file is next to the program, where fRepExe() finds it
    assert (out / "config" / "smtp.ini").read_bytes() == (project / "config/smtp.ini").read_bytes()
    main = texts["__main__.py"]
    assert main.startswith(
        "# Code d'initialisation du projet « Relances » : les variables globales de tout"
    )
    assert "#\n#   wlmail run --sandbox samples/project-fr" in main
    assert main.index("# Code principal du projet « Relances »") < main.index("import ")
    assert "def main() -> None:\n    # Les réglages viennent de config" in main
    assert "\n    global " not in main
    assert 'Projet.gsUrgents = ini_read("Message", "Urgents", "", gsFichierIni)' in main
    assert 'for sAdresse in gsDestinataires.split(";"):' in main
    assert 'if "@" in sAdresse:' in main
    assert "sys.exit(3)" in main
    # a global of Projet.wl read by a procedure of Courrier.wl: Projet's, not a copy
    courrier = texts["Courrier.py"]
    assert courrier.startswith("import Projet\n")
    assert "position(Projet.gsUrgents, sDestinataire) > 0" in courrier
    assert "{Projet.gsExpéditeur} -> {sDestinataire}" in courrier
    assert texts["Projet.py"] == 'gsExpéditeur: str = ""\n\ngsUrgents: str = ""\n'
    _lint(*out.glob("*.py"))


def test_a_missing_setting_ends_the_program_with_its_code(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    project, out = _offline_copy(tmp_path), tmp_path / "out"
    (project / "config" / "smtp.ini").write_text("[SMTP]\nServeur=\n", encoding="utf-8")
    assert _cli("export", "--python", str(project), "-o", str(out))[0] == 0
    expected = _cli("run", str(project))
    assert expected[0] == 2 and expected[1] == "" and "Réglages absents : " in expected[2]
    done = subprocess.run(
        [venv, str(out)], capture_output=True, text=True, cwd=tmp_path, timeout=60, env={}
    )
    # the path shown is the program's folder: the project's for wlmail run
    shown = done.stderr.replace(str(out.resolve()), str(project.resolve()))
    assert (done.returncode, done.stdout, shown) == expected


INI = (
    "\ufeff; réglages\n[SMTP]\n  Serveur = smtp.exemple.fr  \nPORT=587\n# commentaire\n"
    "vide=\n[smtp-test]\nServeur=test\n[Message]\nExpéditeur=Relances <r@exemple.fr>\n"
)
READS = """sF est une chaîne = fRepExe() + [fSep] + "conf\\app.ini"
Info(INILit("smtp", "serveur", "?", sF))
Info(INILit("SMTP", "Port", "25", sF) + 1)
Info(INILit("SMTP", "vide", "défaut", sF))
Info(INILit("SMTP", "absente", "défaut", sF))
Info(INILit("Rien", "Serveur", "défaut", sF))
Info(INILit("", "", "aucune", sF))
Info(INILit("SMTP-TEST", "", "aucune", sF))
Info(INILit("Message", "Expéditeur", "", sF))
Info(INILit("SMTP", "Serveur", "pas de fichier", sF + ".absent"))
"""


def test_ini_read_reads_as_wlmail_does(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "app.ini").write_text(INI, encoding="utf-8")
    script, program = tmp_path / "ini.wl", tmp_path / "ini.py"
    script.write_text(READS, encoding="utf-8")
    assert export_command(str(script), str(program)) == 0
    assert "configparser" not in program.read_text(encoding="utf-8")
    expected = _wlmail(script)
    assert expected[1].split("\n")[:3] == ["smtp.exemple.fr", "5871", "défaut"]
    assert _run(venv, program) == expected
    _lint(program, tmp_path / "ini_wl.py")


def _sent_both_ways(
    tmp_path: Path, server: _Mail, python: Path, *options: str
) -> tuple[tuple[int, str, str], tuple[int, str, str], list[Any], list[Any]]:
    """The sample exported (with ``options``) to ``tmp_path/out`` and run by the fresh venv's
    ``python``, then run by ``wlmail run``, both against ``server``: (exit code, stdout,
    stderr) of each, and the messages each sent."""
    out = tmp_path / "out"
    assert _cli("export", "--python", *options, str(SAMPLE), "-o", str(out)) == (0, "", "")
    done = subprocess.run(
        [python, str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        env=server.env(),
    )
    by_python = server.delivered()
    routes = [f"--connect-to={h}:{p}:{to}:{tp}" for h, p, to, tp in server.routes]
    expected = _cli("run", *routes, "--cafile", server.cafile, str(SAMPLE))
    by_wlmail = server.delivered()
    return (done.returncode, done.stdout, done.stderr), expected, by_python, by_wlmail


def test_the_sample_sends_the_same_mail_without_wlmail(
    tmp_path: Path,
    mail: _Mail,  # noqa: F811
    venv: Path,  # noqa: F811
) -> None:
    out = tmp_path / "out"
    done, expected, by_python, by_wlmail = _sent_both_ways(tmp_path, mail, venv)
    assert expected == (
        0,
        "Relances : 2 rapport(s) envoyé(s) par smtp.exemple.fr:587\n",
        "adresse ignorée : pas-une-adresse\n",
    )
    assert done == expected
    assert len(by_python) == len(by_wlmail) == 2
    for mine, theirs in zip(by_python, by_wlmail, strict=True):
        assert mine[:5] == theirs[:5]  # envelope, auth method and login, TLS mode
        assert mine[5] == theirs[5]  # MIME structure: text, then HTML with its inline logo
    kinds = [part[0] for part in by_python[0][5]]
    assert kinds == [
        "multipart/alternative",
        "text/plain",
        "multipart/related",
        "text/html",
        "image/png",
    ]
    texts = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.py")}
    assert "def OuvreSessionSMTP(MaSession: SMTPSession) -> bool:" in texts["Courrier.py"]
    assert "    def Message(self) -> EmailMessage:" in texts["CRapport.py"]
    _lint(*out.glob("*.py"))


HTML_FAILS = """m est un Email
m.Expéditeur = "relances@exemple.fr"
m.Message = "texte"
SI PAS EmailImporteHTML(m, "<p><img src=""absent.png""></p>", "modeles") ALORS
\tInfo("échec : " + ErreurInfo(errMessage))
FIN
"""


def test_an_image_that_cannot_be_read_fails_as_wlmail_says(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    script, program = tmp_path / "html.wl", tmp_path / "html.py"
    script.write_text(HTML_FAILS, encoding="utf-8")
    assert export_command(str(script), str(program)) == 0
    expected = _wlmail(script)
    assert expected[1].startswith("échec : EmailImporteHTML : image « absent.png » illisible (")
    assert _run(venv, program) == expected
    _lint(program, tmp_path / "html_wl.py")


CLASS_FILE = """// Classe CA et son compteur global
gnFois est un entier = 1
CA est une Classe
FIN
PROCÉDURE CA.Compte() : entier
RENVOYER gnFois * 2
"""


def test_a_class_file_global_is_its_module_s(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    project, out = tmp_path / "p", tmp_path / "out"
    project.mkdir()
    (project / "CA.wl").write_text(CLASS_FILE, encoding="utf-8")
    main = "o est un CA\ngnFois = 10\nInfo(o.Compte(), gnFois)\n"
    (project / "Main.wl").write_text(main, encoding="utf-8")
    assert _cli("export", "--python", str(project), "-o", str(out)) == (0, "", "")
    text = (out / "__main__.py").read_text(encoding="utf-8")
    assert "import CA as CA_globals\nfrom CA import CA\n" in text  # the class is named CA too
    assert "    CA_globals.gnFois = 10\n" in text
    done = subprocess.run(
        [venv, str(out)], capture_output=True, text=True, cwd=tmp_path, timeout=60, env={}
    )
    assert (
        (done.returncode, done.stdout, done.stderr)
        == _cli("run", str(project))
        == (
            0,
            "20\n10\n",
            "",
        )
    )
    _lint(*out.glob("*.py"))
    # a method setting it would need `global` in the class's module: refused, with its file
    (project / "CA.wl").write_text(CLASS_FILE.replace("RENVOYER", "gnFois++\nRENVOYER"), "utf-8")
    code, _, err = _cli("export", "--python", str(project), "-o", str(tmp_path / "o2"))
    assert code == 1
    assert err.startswith(f"{project / 'CA.wl'}:1:1: unsupported: Compte: the global gnFois set")


CALLS = """CONSTANTE
\tSÉP = ";"
FIN
sVide est une chaîne
Info(Contient("abc", sVide), Contient("abc", "b"), Contient("abc", "B"), Contient("", ""))
POUR TOUTE CHAÎNE s DE "a;b;;c" SÉPARÉE PAR SÉP
\tTrace(s)
FIN
FinProgramme(4)
Info("jamais")
"""


def test_contains_separated_by_a_constant_and_end_program(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    script, program = tmp_path / "c.wl", tmp_path / "c.py"
    script.write_text(CALLS, encoding="utf-8")
    assert export_command(str(script), str(program)) == 0
    expected = _wlmail(script)
    assert expected == (4, "0\n1\n0\n0\n", "a\nb\n\nc\n")
    assert _run(venv, program) == expected
    _lint(program, tmp_path / "c_wl.py")


def test_end_program_with_a_code_not_written_is_refused(tmp_path: Path) -> None:
    script = tmp_path / "f.wl"
    for text, reason in [
        ("n est un entier = 3\nFinProgramme(n)\n", "not written as a number"),
        ("FinProgramme(300)\n", "out of 0..255"),
    ]:
        script.write_text(text, encoding="utf-8")
        with pytest.raises(ExportError) as caught:
            export_python(text, "f.wl")
        assert [reason in p.message for p in caught.value.problems] == [True]


def test_the_configuration_exported_is_the_one_asked(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    project, out = _offline_copy(tmp_path), tmp_path / "out"
    asked = ("--configuration", "Test")
    assert _cli("export", "--python", *asked, str(project), "-o", str(out)) == (0, "", "")
    expected = _cli("run", *asked, str(project))
    assert "rapport(s) par smtp.test.exemple.fr:587\n" in expected[1]
    done = subprocess.run(
        [venv, str(out)], capture_output=True, text=True, cwd=tmp_path, timeout=60, env={}
    )
    assert (done.returncode, done.stdout, done.stderr) == expected


def test_pep8_names_in_a_project_send_the_same_mail(
    tmp_path: Path,
    mail: _Mail,  # noqa: F811
    venv: Path,  # noqa: F811
) -> None:
    """--pep8-names over several modules: a procedure of Courrier.wl called from the main
    code, a global of Projet.wl read elsewhere, one spelling in every module."""
    out = tmp_path / "out"
    done, expected, by_python, by_wlmail = _sent_both_ways(tmp_path, mail, venv, "--pep8-names")
    assert done == expected
    assert [m[:6] for m in by_python] == [m[:6] for m in by_wlmail]
    texts = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.py")}
    assert "def ouvre_session_smtp(ma_session: SMTPSession) -> bool:" in texts["Courrier.py"]
    assert "def envoie_rapport(" in texts["Courrier.py"]
    _lint(*out.glob("*.py"))
