"""Projects: ``wlmail run|check`` on a folder or several files, ``EXTERNE``, ``--main``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from check_support import heads

ROOT = Path(__file__).resolve().parent.parent


def wlmail(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wlmail", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=60,
    )


def files(root: Path, **texts: str) -> Path:
    """Write ``name=text`` files (``__`` in a name is a folder separator)."""
    for name, text in texts.items():
        path = root / name.replace("__", "/").replace("_wl", ".wl")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


INIT = 'gsNom est une chaîne = "monde"\nEXTERNE "Commun\\Consts.WL"\n'
CONSTS = 'CONSTANTE\n\tSALUT = "Bonjour"\nFIN\n'
MAIN = 'Info(SALUT + " " + gsNom)\nDire(2)\n'
PROCS = 'PROCÉDURE Dire(n)\nInfo("n=" + n)\n'


def project(tmp_path: Path, **more: str) -> Path:
    texts = {"init_wl": INIT, "commun__consts_wl": CONSTS, "main_wl": MAIN, "procs_wl": PROCS}
    return files(tmp_path / "proj", **{**texts, **more})


def test_a_folder_runs_as_one_program(tmp_path: Path) -> None:
    res = wlmail("run", str(project(tmp_path)))
    assert (res.returncode, res.stdout, res.stderr) == (0, "Bonjour monde\nn=2\n", "")


def test_several_files_given_are_one_program(tmp_path: Path) -> None:
    root = project(tmp_path)
    res = wlmail("run", str(root / "main.wl"), str(root / "procs.wl"), str(root / "init.wl"))
    assert (res.returncode, res.stdout, res.stderr) == (0, "Bonjour monde\nn=2\n", "")


def test_a_fatal_error_names_the_file_and_line_where_it_happens(tmp_path: Path) -> None:
    root = project(tmp_path, procs_wl=PROCS + "Info(1 / 0)\n")
    res = wlmail("run", str(root))
    assert res.returncode == 70
    assert res.stdout == "Bonjour monde\nn=2\n"
    assert res.stderr.splitlines() == [
        f"{root / 'procs.wl'}:3:8: erreur fatale: division par zéro",
        "    Info(1 / 0)",
        "           ^",
    ]


def test_a_missing_extern_file_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = project(tmp_path, init_wl='x est un entier\nEXTERNE "absent.wl"\n')
    res = wlmail("run", str(root))
    assert (res.returncode, res.stdout) == (65, "")
    assert res.stderr.splitlines() == [
        f"{root / 'init.wl'}:2:1: erreur: EXTERNE : fichier « absent.wl » introuvable "
        "(cherché à partir du dossier de ce fichier)",
        '    EXTERNE "absent.wl"',
        "    ^",
    ]


def test_an_english_extern_in_a_single_script(tmp_path: Path) -> None:
    root = files(tmp_path, lib__Names_wl="CONSTANT\n\tHELLO = 1\nEND\n")
    path = files(tmp_path, s_wl='EXTERN "LIB/names.wl"\nInfo(HELLO + 1)\n') / "s.wl"
    res = wlmail("run", str(path))
    assert (res.returncode, res.stdout, res.stderr) == (0, "2\n", "")
    assert wlmail("check", str(path)).returncode == 0
    assert root.is_dir()


def test_a_syntax_error_in_another_file_names_that_file(tmp_path: Path) -> None:
    root = project(tmp_path, procs_wl="PROCÉDURE Dire(n)\nSI n ALORS\n")
    res = wlmail("run", str(root))
    assert res.returncode == 65
    assert res.stderr.startswith(f"{root / 'procs.wl'}:2:")


def test_the_main_file_is_chosen_by_main_when_several_have_code(tmp_path: Path) -> None:
    root = project(tmp_path, autre_wl='Info("autre")\n')
    res = wlmail("run", str(root))
    assert (res.returncode, res.stdout) == (64, "")
    assert "plusieurs fichiers du projet ont du code principal" in res.stderr
    assert "--main" in res.stderr
    res = wlmail("run", "--main", str(root / "main.wl"), str(root))
    # the other files' top-level code runs first, the main file's last
    assert (res.returncode, res.stdout) == (0, "autre\nBonjour monde\nn=2\n")


def test_check_resolves_names_across_the_files(tmp_path: Path) -> None:
    res = wlmail("check", str(project(tmp_path)))
    assert (res.returncode, res.stdout, res.stderr) == (0, "", "")


def test_check_reports_a_name_declared_nowhere_once(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        main_wl="Info(gsNomm)\nDire(2)\nInfo(gsNomm)\n",
        procs_wl="PROCÉDURE Dire(n)\nInfo(gsNomm)\n",
    )
    res = wlmail("check", str(root))
    assert res.returncode == 1
    assert heads(res.stdout).splitlines() == [
        f"{root / 'main.wl'}:1:6: erreur: « gsNomm » est inconnu ; vouliez-vous dire « gsNom » ?"
        f" (et 2 autre(s) utilisation(s) : {root / 'main.wl'}:3, {root / 'procs.wl'}:2)"
    ]


def test_check_keeps_separate_scripts_separate(tmp_path: Path) -> None:
    root = files(tmp_path, a_wl="x est un entier\nInfo(x)\n", b_wl="x est un entier\nInfo(y)\n")
    res = wlmail("check", str(root))
    assert res.returncode == 1
    assert heads(res.stdout).splitlines() == [f"{root / 'b.wl'}:2:6: erreur: « y » est inconnu"]


# ---- the sample project: several files, EXTERNE, globals, INI settings, a mail session -----
SAMPLE = ROOT / "samples" / "project-fr"


def test_the_sample_project_checks_clean() -> None:
    res = wlmail("check", str(SAMPLE))
    assert (res.returncode, res.stdout, res.stderr) == (0, "", "")


def test_the_sample_project_sends_its_mail_in_the_sandbox(tmp_path: Path) -> None:
    res = wlmail("run", "--sandbox", "--outbox", "sent", str(SAMPLE), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout == "Relances : 2 rapport(s) envoyé(s) par smtp.exemple.fr:587\n"
    err = res.stderr.splitlines()
    assert "sandbox: SMTP login with password as relances@exemple.fr accepted" in err
    assert "adresse ignorée : pas-une-adresse" in err
    assert err[-1] == "sandbox: 2 message(s) accepted, written to sent"
    assert "Traceback" not in res.stderr
    sent = sorted((tmp_path / "sent").glob("*.eml"))
    assert len(sent) == 2
    first = sent[0].read_text(encoding="utf-8")
    assert "From: Relances <relances@exemple.fr>" in first
    assert "To: compta@exemple.fr" in first
    assert "Subject: [Relances] rapport du " in first
    assert '<img src="cid:1.logo.png" alt="Relances">' in first
    assert "Content-ID: <1.logo.png>" in first
    second = sent[1].read_text(encoding="utf-8")
    assert "To: direction@exemple.fr" in second
    assert "Subject: URGENT [Relances] rapport du " in second  # CRapportUrgent.Sujet, virtual


def test_the_sample_project_test_configuration_reads_its_own_section(tmp_path: Path) -> None:
    """<COMPILE SI TypeConfiguration = Test> in Projet.wl picks the [SMTP-test] section."""
    cmd = ("run", "--configuration", "Test", "--sandbox", "--outbox", "sent", str(SAMPLE))
    res = wlmail(*cmd, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout == "Relances : 2 rapport(s) envoyé(s) par smtp.test.exemple.fr:587\n"
    assert "Traceback" not in res.stderr
    assert len(list((tmp_path / "sent").glob("*.eml"))) == 2


def test_the_sample_project_stops_when_its_settings_are_missing(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "projet"
    shutil.copytree(SAMPLE, copy)
    (copy / "config" / "smtp.ini").unlink()
    res = wlmail("run", str(copy), cwd=tmp_path)
    assert res.returncode == 2
    assert res.stdout == ""
    # the script's own path text keeps its Windows separator; file functions accept both
    assert res.stderr == f"Réglages absents : {copy}/config\\smtp.ini\n"


def test_translate_rewrites_every_file_of_a_project_in_place(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "projet"
    shutil.copytree(SAMPLE, copy)
    res = wlmail("translate", "--to", "en", str(copy))
    assert (res.returncode, res.stdout) == (64, "")
    assert "add -i" in res.stderr
    res = wlmail("translate", "--to", "en", "-i", str(copy))
    assert (res.returncode, res.stdout, res.stderr) == (0, "", "")
    courrier = (copy / "Courrier.wl").read_text(encoding="utf-8")
    assert "PROCEDURE OuvreSessionSMTP(MaSession is emailSMTPSession) : boolean" in courrier
    assert 'EXTERN "commun\\CONSTANTES.wl"' in (copy / "Projet.wl").read_text(encoding="utf-8")
    res = wlmail("run", "--sandbox", "--outbox", "sent", str(copy), cwd=tmp_path)
    assert (res.returncode, res.stdout) == (
        0,
        "Relances : 2 rapport(s) envoyé(s) par smtp.exemple.fr:587\n",
    )


def test_export_of_a_project_needs_an_output_folder() -> None:
    res = wlmail("export", "--python", str(SAMPLE))
    assert (res.returncode, res.stdout) == (64, "")
    assert res.stderr == "wlmail: export: a project is written to a folder: add -o FOLDER\n"


def test_legacy_option_ssl_opens_smtp_over_implicit_tls(tmp_path: Path) -> None:
    """``EmailOuvreSessionSMTP(…, optionSSL)`` (legacy code): implicit TLS, here on port 465."""
    script = files(
        tmp_path,
        s_wl='SI EmailOuvreSessionSMTP("moi@exemple.fr", "secret", "smtp.exemple.fr", 465, '
        "Faux, optionSSL) ALORS\n"
        '\tEmail.Expéditeur = "moi@exemple.fr"\n'
        '\tEmail.Destinataire = "toi@exemple.fr"\n'
        '\tEmail.Sujet = "SSL"\n'
        '\tEmail.Message = "bonjour"\n'
        '\tInfo(EmailEnvoieMessage("moi@exemple.fr"))\n'
        '\tEmailFermeSession("moi@exemple.fr")\n'
        "SINON\n"
        "\tErreur(ErreurInfo())\n"
        "FIN\n",
    )
    res = wlmail("run", "--sandbox", "--timeout", "20", str(script / "s.wl"), cwd=tmp_path)
    assert (res.returncode, res.stdout) == (0, "1\n"), res.stderr
    assert "TLS implicit" in res.stderr


def test_a_procedure_defined_in_two_files_names_the_other_file(tmp_path: Path) -> None:
    root = files(tmp_path / "p", a_wl="PROCÉDURE A()\nInfo(1)\n", main_wl="A()\nPROCÉDURE A()\n")
    res = wlmail("check", str(root))
    assert res.returncode == 1
    assert heads(res.stdout).splitlines() == [
        f"{root / 'a.wl'}:1:1: erreur: la procédure « A » est déjà définie ligne 2 "
        f"({root / 'main.wl'})"
    ]


def test_check_counts_what_is_not_available_by_family(tmp_path: Path) -> None:
    root = files(
        tmp_path / "p",
        fen_wl='SAI_Nom = "x"\nSaisie("Nom ?", SAI_Nom)\nHLitPremier(1)\nInfoo(1)\n',
    )
    res = wlmail("check", str(root / "fen.wl"))
    assert res.returncode == 1
    assert res.stdout.splitlines()[-3:] == [
        "Non disponibles dans wlmail, par famille :",
        "  HFSQL (non disponible) : 1 utilisation(s) (HLitPremier 1)",
        "  interface (non disponible dans wlmail) : 2 utilisation(s) (SAI_Nom 1, Saisie 1)",
    ]
    assert (
        f"{root / 'fen.wl'}:4:1: erreur: « Infoo » est inconnu ; vouliez-vous dire « Info » ?"
        in heads(res.stdout)
    )
    summary = wlmail("check", "--summary", "--lang", "en", str(root)).stdout.splitlines()
    assert summary[-3:] == [
        "Not available in wlmail, by family:",
        "  HFSQL (not available): 1 use(s) (HReadFirst 1)",  # functions named in --lang
        "  interface (not available in wlmail): 2 use(s) (Input 1, SAI_Nom 1)",
    ]


def test_a_project_in_a_folder_of_scripts_is_checked_as_a_project() -> None:
    res = wlmail("check", str(ROOT / "samples"))  # separate scripts, and samples/project-fr
    assert (res.returncode, res.stdout, res.stderr) == (0, "", "")


def test_class_files_of_a_project_each_keep_their_methods(tmp_path: Path) -> None:
    """Exported class files (.wdc as text) list their methods without ``C.``: in a project,
    each file's procedures are the methods of that file's class, not of the last one read."""
    root = files(
        tmp_path / "p",
        CBase_wl=(
            "EStatut est une Énumération\n\tOuvert\n\tFermé\nFIN\n"
            "CBase est une Classe\nPROTÉGÉ\n\tm_sNom est une chaîne\nFIN\n\n"
            "PROCÉDURE Constructeur(sNom)\n:m_sNom = sNom\n\n"
            "PROCÉDURE Nom() : chaîne\nRENVOYER :m_sNom\n\n"
            'PROCÉDURE Décrit() : chaîne\nRENVOYER "base " + Nom()\n'
        ),
        CRapport_wl=(
            "CRapport est une Classe\n\thérite de CBase\nFIN\n\n"
            "PROCÉDURE Constructeur(sNom)\nConstructeur CBase(sNom)\n\n"
            'PROCÉDURE Décrit() : chaîne\nRENVOYER "rapport " + Nom()\n'
        ),
        main_wl=(
            'b est un CBase("a")\nr est un CRapport("b")\n'
            'x est un CBase dynamique = allouer un CRapport("c")\n'
            "Info(b.Décrit(), r.Décrit(), x.Décrit())\n"
        ),
    )
    res = wlmail("run", str(root))
    assert (res.returncode, res.stdout, res.stderr) == (0, "base a\nrapport b\nrapport c\n", "")
    assert wlmail("check", str(root)).returncode == 0
