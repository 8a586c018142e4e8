"""``export --python`` of what issue 14's round 3 gave the ``xmisc`` slice: ``ErreurInfo`` after
the file functions, buffers (``fChargeBuffer``/``fSauveBuffer``), ``INILit``/``INIEcrit``,
``fListeFichier`` with a procedure, ``ExeInfo``, ``EXTERNE nom``, ``monétaire``/``numérique``.

Each script runs twice, French and English, in its own empty directory: with ``wlmail run``
and, exported, with the Python of a fresh venv without wlmail. Both must print the same
(stdout, stderr, exit code, as bytes) and leave the same files behind, byte for byte. The
Python is checked for its shape (what a reviewer reads) and passes ruff and mypy; what would
run differently is refused, with its line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_export import _lint, _run, _wlmail, venv  # noqa: F401  (venv: the fixture)
from test_export_files import _tree

from wlmail.export.program import ExportError, export_command, export_python

FILES_FR = """\
// erreurs des fonctions de fichiers, buffers, fichiers .INI
Info(fChargeTexte("absent.txt") = "", ErreurDétectée, ErreurInfo(), ErreurInfo(errCode))
Info(fTaille(""), ErreurInfo(errMessage), ErreurInfo(errCode))
fRepCrée("d")
Info(ErreurDétectée, "[" + ErreurInfo() + "]", ErreurInfo(errCode))
Info(fChargeTexte("d"), ErreurInfo())
Info(fSupprime("d"), ErreurInfo())
Info(fRepSupprime("absent"), ErreurInfo(), ErreurInfo(errCode))
fSauveTexte("d/a.txt", "a")
Info(fRenomme("d/a.txt", "d/a.txt"), ErreurInfo(), ErreurInfo(errCode))
Info(fCopieFichier("absent", "x"), ErreurInfo())
Info(fSauveTexte("absent/x.txt", "x"), ErreurInfo(), ErreurInfo(errCode))
Info(fRepCrée("d/a.txt/sous"), ErreurInfo(), ErreurInfo(errCode))
Info(fChargeTexte("nul" + Caract(0)), ErreurInfo(), ErreurInfo(errCode))
Info(fChargeTexte("esc" + Caract(27) + "[2J.txt"), ErreurInfo())
b est un buffer = fChargeBuffer("d/a.txt")
Info(fSauveBuffer("d/b.bin", b), fSauveBuffer("d/c.bin", "été"), fTaille("d/c.bin"))
Info(ErreurDétectée, "[" + ErreurInfo() + "]", Taille(fChargeBuffer("d/c.bin")))
Info(fListeFichier("absent/*.txt", Compte, 0), ErreurInfo())
Info(fListeFichier("d/*.*", Compte, 7), fListeFichier("d/*.*", Arrête))
// .INI : commentaires, lignes vides et ordre gardés
sIni est une chaîne = "; réglages" + RC + "[SMTP]" + RC + "Serveur = smtp.x.fr" + RC + RC
fSauveTexte("d/app.ini", sIni + "[Divers]" + RC + "# fin" + RC)
INIEcrit("smtp", "PORT", 587, "d/app.ini")
INIEcrit("SMTP", "serveur", "smtp.y.fr", "d/app.ini")
INIEcrit("Nouvelle", "Taux", 2.5, "d/app.ini")
INIEcrit("Divers", "vide")
Info(INIEcrit("Divers", "Clé", "v", "d/app.ini"), INILit("divers", "clé", "?", "d/app.ini"))
INIEcrit("Nouvelle", "", "", "d/app.ini")
INIEcrit("SMTP", "Port", Null, "d/app.ini")
Info(fChargeTexte("d/app.ini"))
Info(INILit("SMTP", "Serveur"), INILit("SMTP", "Serveur", "défaut"), ErreurDétectée)
Info(INIEcrit("SMTP", "Serveur", "z"), ErreurDétectée, ErreurInfo())
Info(INILit("SMTP", "Serveur", "?", "d"), ErreurInfo())
Info(Remplace(INILit("", "", "", "d/app.ini"), RC, ","))
Info(Remplace(INILit("SMTP", "", "", "d/app.ini"), RC, ","))
POUR TOUTE CHAÎNE s DE fListeFichier("d/*.bin") SÉPARÉE PAR RC
\tInfo(fSupprime(s), ErreurDétectée)
FIN
PROCÉDURE Compte(sComplet, sNom, n)
Trace(sNom, n)
PROCÉDURE Arrête(a, b, c)
Trace(b, "[" + c + "]")
RENVOYER Faux
"""

FILES_EN = """\
// file function errors, buffers, .INI files
Info(fLoadText("missing.txt") = "", ErrorOccurred, ErrorInfo(), ErrorInfo(errCode))
Info(fSize(""), ErrorInfo(errMessage))
fMakeDir("d")
Info(fLoadText("d"), ErrorInfo())
Info(fRemoveDir("missing"), ErrorInfo(), ErrorInfo(errCode))
fSaveText("d/a.txt", "a")
Info(fRename("d/a.txt", "d/a.txt"), ErrorInfo(), ErrorInfo(errCode))
Info(fSaveText("missing/x.txt", "x"), ErrorInfo())
b is buffer = fLoadBuffer("d/a.txt")
Info(fSaveBuffer("d/b.bin", b), Length(b), fLoadText("d/b.bin"), ErrorOccurred)
Info(fListFile("d/*.*", Seen, "!"), fListFile("missing/*", Seen, "?"), ErrorInfo())
fSaveText("d/app.ini", "[SMTP]" + CR + "Server=a" + CR)
INIWrite("smtp", "Port", 25, "d/app.ini")
INIWrite("Sender", "Address", "me@example.com", "d/app.ini")
INIWrite("SMTP", "Server", Null, "d/app.ini")
Info(INIRead("SMTP", "port", "?", "d/app.ini"), INIRead("Sender", "Address", "?", "d/app.ini"))
Info(INIWrite("SMTP", "Port", "26"), ErrorOccurred, ErrorInfo())
Info(fLoadText("d/app.ini"))
fDelete("missing-y.txt")
Check()
PROCEDURE Seen(sFull, sName, sParam)
Trace(sName + sParam)
PROCEDURE Check()
// read in a procedure: the statement above records its failure too
Info(ErrorOccurred, ErrorInfo())
"""

DECIMALS_FR = """\
// monétaire et numérique
m est un monétaire = 1 / 3
n est un numérique = 2 / 3
p est un monétaire
Info(m, n, p)
m = m * 3
Info(m, m = 1, m < 1, 1 > m)
p = m + 0.0000004
Info(p)
p = -0.1234565
Info(p, -p)
r est un réel = 2.5
m = r / 4
Info(m, "Total : " + m + " €", -m)
n = n + 1000000
Info(n * 2, n / 7, n - 0.25)
e est un entier = m * 4
Info(e)
s est une chaîne = n
Info(s, Taille(n))
Info(m > r, r = m, m <> r)
n = 1234567.1234565
Info(n, n * 0.5)
x est un réel = n
Info(x)
q est un numérique = 10
Info(q, q / 4, q * 3, TotalTTC(100))
PROCÉDURE TotalTTC(nHT est un entier) : monétaire
RENVOYER nHT * 1.196
"""

DECIMALS_EN = """\
// currency and numeric
m is currency = 0.1
m = m + 0.2
Info(m = 0.3, m, m / 3)
n is numeric = 1 / 7
Info(n, n * 7, n + m)
c is currency = n * 1000
Info(c, -c, "[" + c + "]")
i is int = c
Info(i)
"""

PROGRAM_FR = """\
// ExeInfo, EXTERNE
Info(fExtraitChemin(ExeInfo(exeNom), fFichier + fExtension), ExeInfo(exeRépertoire) = fRepExe())
Info("[" + ExeInfo(exeDescription) + "]", "[" + ExeInfo(exeVersion) + "]")
EXTERNE gsJeton, gnCompte
Info("[" + gsJeton + "]", gnCompte)
"""

PROGRAM_EN = """\
// ExeInfo, EXTERN
Info(fExtractPath(ExeInfo(exeName), fFileName + fExtension), ExeInfo(exeDirectory) = fExeDir())
EXTERN gsToken
Info("[" + gsToken + "]")
"""

SCRIPTS = {
    "files_fr": FILES_FR,
    "files_en": FILES_EN,
    "decimals_fr": DECIMALS_FR,
    "decimals_en": DECIMALS_EN,
    "app_fr": PROGRAM_FR,
    "app_en": PROGRAM_EN,
}


def _both(name: str, tmp_path: Path, python: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Runs the script with wlmail and exported; returns the program's text."""
    ran, exported = tmp_path / "wlmail", tmp_path / "python"
    ran.mkdir()
    exported.mkdir()
    script = ran / f"{name}.wl"
    script.write_text(SCRIPTS[name], encoding="utf-8")
    program = exported / f"{name}.py"
    assert export_command(str(script), str(program)) == 0
    _lint(*exported.glob("*.py"))
    monkeypatch.chdir(ran)  # wlmail run works in the script's directory, as the program does
    expected = _wlmail(script)
    assert expected[0] == 0 and expected[1]
    assert _run(python, program) == expected
    assert _tree(ran, ".wl") == _tree(exported, ".py")
    return program.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_runs_the_same_and_leaves_the_same_files(
    name: str,
    tmp_path: Path,
    venv: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = _both(name, tmp_path, venv, monkeypatch)
    assert "wlmail" not in source.replace(f"{name}_wl", "")


def test_file_failures_print_what_wlmail_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not only the same thing twice: wlmail's messages, in the script's language, escaped."""
    monkeypatch.chdir(tmp_path)
    script = tmp_path / "s.wl"
    script.write_text(FILES_FR, encoding="utf-8")
    code, out, err = _wlmail(script)
    assert code == 0
    lines = out.splitlines()
    assert lines[:4] == ["1", "1", "fichier « absent.txt » introuvable", "2"]
    assert "le fichier « d/a.txt » existe déjà" in lines and "80" in lines
    assert "erreur d'accès au fichier « nul\\x00 » : invalid path (NUL character)" in lines
    assert "fichier « esc\\x1b[2J.txt » introuvable" in lines  # no raw ESC to the terminal
    assert "INIEcrit : indiquez le fichier .INI (il n'y a pas de WIN.INI ici)" in lines
    assert err == "a.txt, 7\nb.bin, 7\nc.bin, 7\na.txt, []\n"
    ini = (tmp_path / "d" / "app.ini").read_bytes().decode("utf-8")
    assert ini == "; réglages\n[SMTP]\nServeur=smtp.y.fr\n\n[Divers]\n# fin\nClé=v\n"


def test_the_python_a_reviewer_reads(tmp_path: Path) -> None:
    shapes = {
        "files_fr": [
            'print(file_size(""), error_message(), error_code(), sep="\\n")',
            'b: bytes = load_buffer("d/a.txt")',
            'int(save_buffer("d/c.bin", "été".encode()))',
            'ini_write("smtp", "PORT", "587", "d/app.ini")',
            'ini_write("SMTP", "Port", None, "d/app.ini")',
            'each_file("d/*.*", Compte, 7)',
            "def Compte(sComplet: str, sNom: str, n: int) -> None:",
            "def Arrête(a: str, b: str, c: None) -> bool:",
            'for s in list_files("d/*.bin").split("\\r\\n"):',
        ],
        "decimals_fr": [
            'm: Decimal = Decimal(str(1 / 3)).quantize(Decimal("0.000001"))',
            "n: Decimal = numeric(2 / 3)",
            "p: Decimal = Decimal(0)",
            'f"Total : {m.normalize():f} €"',
            "int(m > Decimal(str(r)))",
            "def TotalTTC(nHT: int) -> Decimal:",
        ],
        "decimals_en": [
            'm: Decimal = Decimal("0.1")',
            'm = m + Decimal("0.2")',
            'int(m == Decimal("0.3"))',
            "i: int = int(c)",
        ],
        "files_en": ['delete_file("missing-y.txt")', "def Check() -> None:"],
        "app_fr": ['str(Path(__file__).resolve().with_name("app_fr.wl"))', "gsJeton = None"],
    }
    for name, wanted in shapes.items():
        result = export_python(SCRIPTS[name], f"{name}.wl", output=f"{name}.py")
        assert "configparser" not in result.source
        for piece in wanted:
            assert piece in result.source, (name, piece)
    fr = export_python(FILES_FR, "f.wl", output="f.py").helpers
    en = export_python(FILES_EN, "f.wl", output="f.py").helpers
    assert '"fichier « {path} » introuvable"' in fr and "not found" not in fr
    assert "\"file '{path}' not found\"" in en and "introuvable" not in en
    decimals = export_python(DECIMALS_FR, "d.wl", output="d.py").helpers
    assert "def numeric(value: float | Decimal) -> Decimal:" in decimals
    assert "def load_text" not in decimals  # only what the program calls


REFUSED = [
    (
        'o est un entier = 1\nInfo(fListeFichier("*.txt", Vu, "x", o))\nPROCÉDURE Vu(a, b, c)\n',
        2,
        "options that are not constants",
    ),
    ("m est un monétaire = 5\nInfo(m modulo 2)\n", 2, "this operation"),
    ('m est un monétaire = "3,5"\n', 1, "string value stored"),
    ("m est un monétaire = 1\nSI m ALORS\n\tInfo(1)\nFIN\n", 2, "condition"),
    ("m est un monétaire = 1.5\nInfo(Arrondi(m, 1))\n", 2, "monétaire"),
    ("x is currency = 1\nInfo(Round(x, 1))\n", 2, "currency"),
    ('m est un monétaire = 1\nInfo(m + " €")\n', 2, "string value"),
    ("m est un monétaire = 1\nP(m)\nPROCÉDURE P(v est un monétaire)\nInfo(v)\n", 3, "parameter"),
    ("m est un monétaire = 1\nP()\nPROCÉDURE P()\nInfo(m)\n", 1, "used by a procedure"),
    ("EXTERNE gsJeton\ngsJeton = 1\nInfo(gsJeton)\n", 1, "EXTERNE gsJeton"),
    ("EXTERNE gsJeton\nP()\nPROCÉDURE P()\nInfo(gsJeton)\n", 1, "EXTERNE gsJeton"),
    ('s est une chaîne = "<exeName>"\nInfo(ExeInfo(s))\n', 2, "not a constant"),
]


@pytest.mark.parametrize(("text", "line", "reason"), REFUSED)
def test_what_would_run_differently_is_refused(text: str, line: int, reason: str) -> None:
    with pytest.raises(ExportError) as caught:
        export_python(text, "s.wl")
    assert any(p.line == line and reason in p.message for p in caught.value.problems)
