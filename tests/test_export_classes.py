"""``export --python`` of WLangage classes: Python classes that run as ``wlmail run`` does.

The class cases of ``tests/wl/lang-classes*.wl`` that the exporter writes are listed (a case
that stops being exported fails here), run in a fresh venv without wlmail (the same output as
``wlmail run``) and pass ruff and mypy; what cannot be written exactly (copying an object
whose members are objects, parameters whose call sites disagree) is refused with its line.
The mail-classes samples are in tests/test_export.py's MAIL list (same loopback server).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_export import _lint, _run, venv  # noqa: F401  (venv: the fixture)
from wl_cases import load_cases

from wlmail.export.program import ExportError, export_command, export_python
from wlmail.runtime.driver import run_source
from wlmail.runtime.host import CaptureHost

ROOT = Path(__file__).resolve().parent.parent
EXPORTED = {
    "lang-classes.wl": [
        "membres, constructeur avec paramètres, méthode PROCÉDURE C.M()",
        "un membre s'écrit aussi sans « : » dans une méthode ; une variable locale le masque",
        "valeur initiale des membres et mot-clé objet",
        "héritage, méthodes virtuelles et Ancêtre",
        "le constructeur de l'ancêtre sans paramètre est appelé d'office, puis les destructeurs",
        "= copie un objet, <- partage le même objet",
        "membre GLOBAL et constante de classe : C::x et ::x",
        "les méthodes peuvent suivre la classe sans son nom (fichier de classe)",
        "interface, classe abstraite, hérite de sur la ligne de la classe",
        "fichier de classe : toutes les procédures qui suivent sont des méthodes",
        "une méthode lue sans parenthèses est appelée (propriété)",
        "« : » entre un objet et son membre (ancienne syntaxe) : o:m, Ancêtre:M()",
    ],
    "lang-classes-en.wl": [
        "members, constructor with parameters, PROCEDURE C.M() method",
        'a member needs no ":" inside a method; a local variable hides it',
        "initial values of members, and the object keyword",
        "inheritance, virtual methods and Ancestor",
        "the ancestor's constructor without parameters runs first; then the destructors",
        "= copies an object, <- shares the same object",
        "GLOBAL member and class constant: C::x and ::x",
        "methods may follow their class without its name (a class file)",
        "interface, abstract class, inherits from on the class line",
        "class file: every procedure that follows is a method",
        "a method read without parentheses is called (a property)",
        '":" between an object and its member (older syntax): o:m, Ancestor:M()',
    ],
}


@pytest.mark.parametrize("filename", sorted(EXPORTED))
def test_class_cases_export_and_run_the_same(filename: str, tmp_path: Path, venv: Path) -> None:  # noqa: F811
    path = ROOT / "tests" / "wl" / filename
    cases = {c.title: c for c in load_cases(path)}
    programs = []
    for i, title in enumerate(EXPORTED[filename]):
        case = cases[title]
        result = export_python(case.source, "case.wl", output=f"case{i}.py")
        program = tmp_path / f"case{i}.py"
        program.write_text(result.source, encoding="utf-8")
        assert not result.helpers  # classes need no helper module
        host = CaptureHost()
        lang = "en" if filename.endswith("-en.wl") else "fr"
        code = run_source(case.source, "case.wl", host, lang=lang)
        assert _run(venv, program) == (code, host.out.getvalue(), host.err.getvalue()), title
        if "GLOBAL" not in title:  # `c1 est un CCompté` never read: F841, left to the lint pass
            programs.append(program)
    _lint(*programs)


def _export(source: str) -> str:
    return export_python(source, "c.wl").source


def test_a_class_reads_as_python_written_by_hand() -> None:
    cases = {c.title: c for c in load_cases(ROOT / "tests" / "wl" / "lang-classes.wl")}
    point = _export(cases["membres, constructeur avec paramètres, méthode PROCÉDURE C.M()"].source)
    assert "class CPoint:\n    x: int\n    y: int\n" in point
    assert "def __init__(self, a: int, b: int) -> None:" in point
    assert 'def Texte(self) -> str:\n        return f"({self.x}, {self.y})"' in point
    assert point.index("class CPoint") < point.index("def main()")
    shapes = _export(cases["héritage, méthodes virtuelles et Ancêtre"].source)
    assert "class CCarré(CForme):" in shapes
    assert 'super().__init__("carré")' in shapes
    assert "return self.côté * self.côté + super().Aire()" in shapes
    assert "t: list[CForme] = []" in shapes
    copies = _export(cases["= copie un objet, <- partage le même objet"].source)
    assert "b = copy.copy(a)" in copies and "d = a" in copies
    statics = _export(cases["membre GLOBAL et constante de classe : C::x et ::x"].source)
    assert "nb: ClassVar[int] = 0" in statics and "CCompté.nb += 1" in statics


def test_what_would_run_differently_is_refused_with_its_line() -> None:
    array_member = (
        "a est un CSac\nb est un CSac\nb = a\nInfo(b.n)\nCSac est une Classe\n"
        "\tt est un tableau d'entiers\n\tn est un entier\nFIN\n"
    )
    with pytest.raises(ExportError) as caught:
        export_python(array_member, "c.wl")
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (3, "copying an object whose members are not plain values")
    ]
    local = (
        "a est un CA\nP(a)\nInfo(a.v)\nCA est une Classe\n\tv est un entier\nFIN\n"
        "PROCÉDURE P(LOCAL o est un CA)\no.v = 5\n"
    )
    with pytest.raises(ExportError) as caught:
        export_python(local, "c.wl")
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (7, "LOCAL parameter 'o' holding a copy of an object")
    ]
    overridden = (
        "b est un CB\nInfo(b.N(1))\nCA est une Classe\nFIN\nCB est une Classe\n"
        "\thérite de CA\nFIN\nPROCÉDURE CA.N(x est un entier) : entier\nRENVOYER x\n"
        "PROCÉDURE CB.N(x est un entier, y est un entier = 2) : entier\nRENVOYER x + y\n"
    )
    with pytest.raises(ExportError) as caught:
        export_python(overridden, "c.wl")
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (8, "a method overridden with another number of parameters"),
        (10, "a method overridden with another number of parameters"),
    ]
    # read through a dynamic member where the statement may not read it (lang_objects.py
    # asserts it is not None only where it is always read)
    dynamic = (
        "a est un CA\nSI a.d <> Null _ET_ a.d.v = 1 ALORS Info(1)\nTANTQUE a.d.v < 3\n"
        "\ta.d.v++\nFIN\nCA est une Classe\n\td est un CB dynamique\nFIN\n"
        "CB est une Classe\n\tv est un entier\nFIN\n"
    )
    with pytest.raises(ExportError) as caught:
        export_python(dynamic, "c.wl")
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (2, "reading through a dynamic member (it may be Null)"),
        (3, "reading through a dynamic member (it may be Null)"),
    ]
    disagree = (
        'a est un CA\na.M(1)\na.M("x")\nCA est une Classe\n\tv est un entier\nFIN\n'
        "PROCÉDURE CA.M(p)\nTrace(p)\n"
    )
    with pytest.raises(ExportError) as caught:
        export_python(disagree, "c.wl")
    assert "parameter 'p' without a type its calls agree on" in caught.value.problems[0].message
    late = (
        "b est un CB\nCA est une Classe\n\tv est un entier\nFIN\nCB est une Classe\n"
        "\thérite de CA\nFIN\nPROCÉDURE CA.Constructeur()\n:v = 1\n"
        "PROCÉDURE CB.Constructeur()\n:v = 2\nConstructeur CA()\n"
    )
    with pytest.raises(ExportError) as caught:
        export_python(late, "c.wl")
    assert caught.value.problems[0].line == 12
    assert "constructor called elsewhere than first" in caught.value.problems[0].message


def test_export_command_lists_what_it_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "c.wl"
    script.write_text(
        'a est un CA\na.M(1)\na.M("x")\nCA est une Classe\nFIN\nPROCÉDURE CA.M(p)\nTrace(p)\n',
        encoding="utf-8",
    )
    assert export_command(str(script), str(tmp_path / "c.py")) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"{script}:6:16: unsupported: parameter 'p' without a type its calls agree on\n"
        "wlmail: 1 construct(s) not exported; --allow-unsupported writes them as "
        "NotImplementedError\n"
    )
    assert not (tmp_path / "c.py").exists()


# ---- projects: a folder of modules --------------------------------------------------------
PROJECT = {
    "Commun/Constantes.wl": (
        "// Constantes communes, incluses par EXTERNE.\nCONSTANTE\n"
        '\tAPPLICATION = "Relances"\n\tPRÉFIXE_SUJET = "[Relances] "\nFIN\n'
    ),
    "Projet.wl": '// Code d\'initialisation du projet.\nEXTERNE "commun\\CONSTANTES.wl"\n',
    "CRapport.wl": (
        "// Classe CRapport : le rapport envoyé à un destinataire.\n"
        "CRapport est une Classe\nPROTÉGÉ\n\tm_sDestinataire est une chaîne\nFIN\n\n"
        "PROCÉDURE CRapport.Constructeur(sDestinataire est une chaîne)\n"
        ":m_sDestinataire = sDestinataire\n\n"
        "// Méthode virtuelle : CRapportUrgent la redéfinit.\n"
        "PROCÉDURE CRapport.Sujet() : chaîne\n"
        'RENVOYER PRÉFIXE_SUJET + "rapport pour " + :m_sDestinataire\n'
    ),
    "CRapportUrgent.wl": (
        "CRapportUrgent est une Classe\n\thérite de CRapport\nFIN\n\n"
        'PROCÉDURE CRapportUrgent.Sujet() : chaîne\nRENVOYER "URGENT " + Ancêtre.Sujet()\n'
    ),
    "Courrier.wl": (
        "// Collection de procédures « Courrier ».\n\n"
        "PROCÉDURE Rapport(sDestinataire est une chaîne, bUrgent est un booléen) : chaîne\n"
        "r est un CRapport dynamique\nSI bUrgent ALORS\n"
        "\tr = allouer un CRapportUrgent(sDestinataire)\nSINON\n"
        "\tr = allouer un CRapport(sDestinataire)\nFIN\nRENVOYER r.Sujet()\n"
    ),
    "Envoi.wl": (
        "// Code principal : un sujet par destinataire.\n"
        'tabDest est un tableau de chaînes = ["compta@exemple.fr", "direction@exemple.fr"]\n'
        "POUR TOUT sAdresse, i DE tabDest\n"
        "\tInfo(Rapport(sAdresse, i = 2)) // le second est urgent\nFIN\n"
        'Info(APPLICATION + " : fini")\n'
    ),
}


def _project(root: Path, **changed: str) -> Path:
    for name, text in {**PROJECT, **changed}.items():
        path = root / "proj" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "proj"


def _cli(*args: str) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "wlmail", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    return done.returncode, done.stdout, done.stderr


def test_a_project_is_a_folder_of_modules_that_runs_the_same(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    project, out = _project(tmp_path), tmp_path / "out"
    assert _cli("export", "--python", str(project), "-o", str(out)) == (0, "", "")
    modules = sorted(p.name for p in out.iterdir())
    assert modules == [
        "CRapport.py",
        "CRapportUrgent.py",
        "Constantes.py",
        "Courrier.py",
        "__main__.py",
    ]
    texts = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    for text in texts.values():
        assert "wlmail" not in text and str(tmp_path) not in text
    assert texts["CRapportUrgent.py"].startswith("from CRapport import CRapport\n")
    assert "from Constantes import PRÉFIXE_SUJET" in texts["CRapport.py"]
    assert (
        "    # Méthode virtuelle : CRapportUrgent la redéfinit.\n    def Sujet"
        in texts["CRapport.py"]
    )
    assert "from Courrier import Rapport" in texts["__main__.py"]
    assert texts["Constantes.py"] == 'APPLICATION = "Relances"\n\nPRÉFIXE_SUJET = "[Relances] "\n'
    done = subprocess.run(
        [venv, str(out)], capture_output=True, text=True, cwd=tmp_path, timeout=60, env={}
    )
    expected = _cli("run", str(project))
    assert expected[0] == 0 and expected[1].count("\n") == 3
    assert (done.returncode, done.stdout, done.stderr) == expected
    _lint(*out.glob("*.py"))


def test_a_project_export_names_each_file_and_line(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        **{
            "CRapportUrgent.wl": PROJECT["CRapportUrgent.wl"].replace(
                '"URGENT "', 'Crypte("a", "b")'
            )
        },
    )
    out = tmp_path / "out"
    code, stdout, stderr = _cli("export", "--python", str(project), "-o", str(out))
    assert (code, stdout) == (1, "")
    assert stderr == (
        f"{project / 'CRapportUrgent.wl'}:6:10: unsupported: Crypte has no Python mapping\n"
        "wlmail: 1 construct(s) not exported; --allow-unsupported writes them as "
        "NotImplementedError\n"
    )
    assert not out.exists()
    assert _cli("export", "--python", str(project)) == (
        64,
        "",
        "wlmail: export: a project is written to a folder: add -o FOLDER\n",
    )


def test_allow_unsupported_writes_a_method_that_says_so(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    script = tmp_path / "c.wl"
    script.write_text(
        'a est un CA\na.M(1)\na.M("x")\nCA est une Classe\nFIN\nPROCÉDURE CA.M(p)\nTrace(p)\n',
        encoding="utf-8",
    )
    program = tmp_path / "c.py"
    assert export_command(str(script), str(program), allow_unsupported=True) == 0
    text = program.read_text(encoding="utf-8")
    assert "    def M(self, *args: Any, **kwargs: Any) -> Any:\n" in text
    code, out, err = _run(venv, program)
    assert (code, out) == (1, "")
    assert err.endswith(
        "NotImplementedError: c.wl:2: parameter 'p' without a type its calls agree on\n"
    )


def test_copying_an_object_copies_its_object_members(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    source = (
        "a est un CCouple\nb est un CCouple\na.p.v = 1\nb = a\nb.p.v = 2\nInfo(a.p.v, b.p.v)\n"
        "CValeur est une Classe\n\tv est un entier\nFIN\n"
        "CCouple est une Classe\n\tp est un CValeur\nFIN\n"
    )
    program = tmp_path / "c.py"
    program.write_text(export_python(source, "c.wl").source, encoding="utf-8")
    text = program.read_text(encoding="utf-8")
    assert "    def __copy__(self) -> Self:\n" in text
    assert "        clone.p = copy.copy(self.p)\n" in text
    assert "    b = copy.copy(a)\n" in text
    assert _run(venv, program) == (0, "1\n2\n", "")
    _lint(program)


def test_a_dynamic_object_is_optional_only_when_it_may_be_null(tmp_path: Path) -> None:
    source = (
        "e est un CA dynamique = allouer un CA\nInfo(e.v)\n"
        "f est un CA dynamique = allouer un CA\nf <- e\nInfo(f.v)\n"
        "g est un CA dynamique\ng <- e\nInfo(g.v)\n"
        "CA est une Classe\n\tv est un entier = 3\nFIN\n"
    )
    program = tmp_path / "c.py"
    program.write_text(export_python(source, "c.wl").source, encoding="utf-8")
    text = program.read_text(encoding="utf-8")
    assert "    e: CA = CA()\n" in text
    assert "    f: CA | None\n    f = CA()\n    f = e\n" in text  # mypy narrows on assignment
    assert "    g: CA | None = None\n" in text
    _lint(program)
