"""``export --python`` of the language's leftovers (issue 14, round 3): LOCAL parameters,
CAS EXCEPTION labels, lambdas and Procédure variables, dynamic arrays of anything, a text as a
condition, index errors under QUAND EXCEPTION, OuiNon without a terminal, in French and English.

Each script is exported, passes ruff (E,F,W,I,UP,B), ruff format and mypy --strict, and run by
the Python of a fresh venv without wlmail prints what ``wlmail run`` prints (same exit code,
stdout and stderr, no terminal on stdin). What cannot run the same is refused with its line.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from test_export import BIN, assert_run_the_same, export_scripts, venv  # noqa: F401  (venv: the fixture)

from wlmail.export.program import ExportError, export_python

SCRIPTS: dict[str, str] = {
    "local_fr": """\
n est un entier = 1
t est un tableau d'entiers = [1, 2]
Change(n, t)
Info(n, t[1])
PROCÉDURE Change(LOCAL x, LOCAL u est un tableau d'entiers)
x = 99
u[1] = 99
Info(u[1])
""",
    "local_en": """\
n is int = 1
Change(n)
Info(n)
PROCEDURE Change(LOCAL x)
x = 99 // never read
""",
    "labels_fr": """\
Info(Divise(6, 3), Divise(1, 0))
PROCÉDURE Divise(a, b)
RENVOYER a / b
fin:
CAS ERREUR:
\tTrace("jamais")
CAS EXCEPTION:
\tRENVOYER "erreur : " + ExceptionInfo()
""",
    "labels_en": """\
Check(0)
Check(2)
PROCEDURE Check(n is int)
Info(10 / n)
CASE EXCEPTION:
\tInfo("caught: " + ExceptionInfo())
""",
    "lambdas_fr": """\
fSomme est une Procédure = (a, b) => a + b
Info(fSomme(2, 3))
n est un entier = 10
soit fFois = (k) => k * n
n = 20
Info(fFois(2))
p est une Procédure = Double
Info(p(21))
PROCÉDURE Double(x)
RENVOYER x * 2
""",
    "lambdas_en": """\
fGreet is Procedure = (s) => "hello " + s
Info(fGreet("ana"))
let fHalf = (x) => x / 2
Info(fHalf(5))
""",
    "overloads_fr": """\
Affiche(1)
Affiche("a")
Info(PlusUn(1), PlusUn("a"), Inverse(Vrai), Inverse(3))
PROCÉDURE Affiche(x)
Info("valeur : " + x)
PROCÉDURE PlusUn(x)
RENVOYER x + 1
PROCÉDURE Inverse(b)
SI b ALORS
\tRENVOYER 0
FIN
RENVOYER 1
""",
    "overloads_en": """\
Info(Twice(2), Twice("ab"))
Show(1)
Show(1.5)
Show("a")
PROCEDURE Twice(x)
// the same for a number or a text
RESULT x + x
PROCEDURE Show(v)
Info(v)
""",
    "structs_fr": """\
ST_Ligne est une Structure
\tn est un entier
\tnoms est un tableau de chaînes
FIN
t est un tableau de ST_Ligne
e est un ST_Ligne
e.n = 4
Ajoute(e.noms, "a")
Ajoute(t, e)
e.n = 5
e.noms.Ajoute("b")
t.Ajoute(e)
Info(t[1].n, t[2].n, t[1].noms..Occurrence, e.noms[2])
c est un ST_Ligne
c = e
Ajoute(c.noms, "c")
Info(e.noms..Occurrence, c.noms..Occurrence)
""",
    "structs_en": """\
S is a Structure
\tlist is array of strings
\tcount is int
END
v is S
v.list.Add("a")
v.list.Add("b")
v.count = v.list..Count
Info(v.count, v.list[2])
""",
    "enums_fr": """\
nivPriorité est une EPriorité
Info(nivPriorité..Nom, nivPriorité..Valeur, EPriorité.Haute, EPriorité.Sans)
nivPriorité = EPriorité.Haute
SI nivPriorité = EPriorité.Haute ALORS Info("haute")
SI nivPriorité <> EPriorité.Basse ALORS Info("pas basse")
Info("niveau " + nivPriorité)
EPriorité est une Énumération
\tBasse = 1
\tHaute = 3
\tSans
FIN
""",
    "enums_en": """\
c is EColor = EColor.Green
Info(c..Name, c..Value, EColor.Red)
EColor is an Enumeration
\tRed = "r"
\tGreen = "g"
END
""",
    "objects_fr": """\
a est un CCouple
b est un CCouple
a.p.v = 1
a.d = allouer un CValeur
a.d.v = 1
b = a
b.p.v = 2
b.d.v = 2
Info(a.p.v, a.d.v, Décrit(b))
CValeur est une Classe
\tv est un entier
FIN
CCouple est une Classe
\tp est un CValeur
\td est un CValeur dynamique
FIN
PROCÉDURE CValeur.Texte()
RENVOYER "v=" + Préfixe(MoiMême)
PROCÉDURE Préfixe(x)
RENVOYER x.v
PROCÉDURE Décrit(o)
RENVOYER o.p.Texte()
""",
    "nested_fr": """\
a est un CSac
b est un CSac dynamique <- a
b.contenu.n = 5
a.Vide()
Info(a.contenu.n, b.contenu.n)
CSac est une Classe
\t// ce qu'il contient
\tSTContenu est une Structure
\t\tn est un entier
\tFIN
\tcontenu est un CSac.STContenu
FIN
PROCÉDURE CSac.Vide()
:contenu.n = 0
""",
    "anything_fr": """\
t est un tableau dynamique
Ajoute(t, 1)
Ajoute(t, "a")
Ajoute(t, 2.5)
Info(t.Occurrence, t[2], t[3])
""",
    "faults_fr": """\
t est un tableau de entiers = [1]
QUAND EXCEPTION DANS
\tInfo(t[1], t[5])
FAIRE
\tInfo(ExceptionInfo(errMessage))
FIN
s est une chaîne = "x"
QUAND EXCEPTION DANS
\tSI s ALORS Info("?")
FAIRE
\tInfo(ExceptionInfo())
FIN
QUAND EXCEPTION DANS
\tSI OuiNon("Envoyer ?") ALORS Info("envoyé")
FAIRE
\tInfo("pas envoyé")
FIN
""",
    "faults_en": """\
t is array of int = [1, 2]
WHEN EXCEPTION IN
\tInfo(t[0])
DO
\tInfo(ExceptionInfo())
END
s is string = "a" + Charact(27) + "b"
WHEN EXCEPTION IN
\tWHILE s
\t\tInfo("?")
\tEND
DO
\tInfo(ExceptionInfo())
END
WHEN EXCEPTION IN
\tIF YesNo("Send?") THEN Info("sent")
DO
\tInfo("not sent")
END
""",
}


def _lint_strict(folder: Path) -> None:
    """The quality bar of tests/test_export_quality.py: ruff, ruff format, mypy --strict."""
    rules = ["--select", "E,F,W,I,UP,B", "--ignore", "E501"]
    for command in (
        [BIN / "ruff", "check", "--isolated", *rules, "."],
        [BIN / "ruff", "format", "--isolated", "--check", "."],
        [BIN / "mypy", "--strict", "--no-incremental", "--ignore-missing-imports", "."],
    ):
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=folder)
        assert done.returncode == 0, done.stdout + done.stderr


def test_language_leftovers_run_the_same(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    programs = export_scripts(tmp_path, SCRIPTS)
    _lint_strict(tmp_path)  # mypy --strict, as tests/test_export_quality.py
    assert_run_the_same(tmp_path, venv, programs)


def test_the_python_reads_as_python(tmp_path: Path) -> None:
    exported = export_scripts(tmp_path, SCRIPTS)
    programs = {t: p.read_text(encoding="utf-8") for t, p in exported.items()}
    local = programs["local_fr"]
    assert "def Change(x: int, u: list[int]) -> None:\n    u = u.copy()\n" in local
    assert "x = 99  # noqa: F841 (LOCAL: the caller's variable does not change)" in local
    assert (
        "# noqa: F841 (LOCAL: the caller's variable does not change); never read"
        in (programs["local_en"])
    )
    labels = programs["labels_fr"]
    assert "def Divise(a: int, b: int) -> float | str:\n    try:\n        return a / b\n" in labels
    assert "        # fin: (a label, for GOTO)\n" in labels
    assert '        # CAS ERREUR:\n        #     Trace("jamais")\n    except Exception' in labels
    handler = (
        "except Exception as exc:\n        return f\"erreur : {exception_message(exc, 'fr')}\""
    )
    assert handler in labels
    lambdas = programs["lambdas_fr"]
    assert "    def fSomme(a: int, b: int) -> int:\n        return a + b\n" in lambdas
    assert "    def fFois(k: int) -> int:\n        return k * n\n" in lambdas
    assert "    p: Callable[[int], int] = Double\n" in lambdas
    assert "def Double(x: int) -> int:" in lambdas
    assert "    def fHalf(x: int) -> float:\n        return x / 2\n" in programs["lambdas_en"]
    over = programs["overloads_fr"]
    assert 'def Affiche(x: str | int) -> None:\n    print(f"valeur : {x}")\n' in over
    assert (
        "@overload\ndef PlusUn(x: str) -> str: ...\n@overload\ndef PlusUn(x: int) -> int: ...\n"
        in (over)
    )
    assert "def PlusUn(x: str | int) -> str | int:\n    if isinstance(x, str):\n" in over
    assert "def Inverse(b: bool | int) -> int:\n    if b:\n" in over  # one body for both
    assert "    elif isinstance(v, int):\n" in programs["overloads_en"]
    structs = programs["structs_fr"]
    assert (
        "class ST_Ligne:\n    n: int = 0\n    noms: list[str] = field(default_factory=list)\n"
        in (structs)
    )
    assert "    t: list[ST_Ligne] = []\n" in structs and "t.append(copy.deepcopy(e))" in structs
    assert "from dataclasses import dataclass, field\n" in structs
    assert "        t[0].n,\n        t[1].n,\n        len(t[0].noms),\n" in structs
    assert "c = copy.deepcopy(e)" in structs
    en = programs["structs_en"]
    assert '    list: "list[str]" = field(default_factory=list)\n    count: "int" = 0\n' in en
    assert "v.count = len(v.list)" in en
    enums = programs["enums_fr"]
    assert 'class EPriorité(Enum):\n    Basse = 1\n    Haute = 3\n    Sans = "Sans"\n' in enums
    assert "nivPriorité: EPriorité = EPriorité.Basse" in enums
    assert "nivPriorité.name" in enums and "EPriorité.Haute.value" in enums
    assert "if nivPriorité == EPriorité.Haute:" in enums
    assert (
        'c: EColor = EColor.Green\n    print(c.name, c.value, EColor.Red.value, sep="\\n")'
        in (programs["enums_en"])
    )
    objects = programs["objects_fr"]
    assert "    b.p.v = 2\n    assert b.d is not None\n    b.d.v = 2\n" in objects
    assert "a.d = CValeur()\n    a.d.v = 1\n" in objects  # just set: no assert needed
    assert "def Préfixe(x: CValeur) -> int:" in objects and "def Décrit(o: CCouple)" in objects
    nested = programs["nested_fr"]
    assert "class CSac:\n    # ce qu'il contient\n    @dataclass\n    class STContenu:\n" in nested
    assert '    contenu: "CSac.STContenu"\n' in nested
    assert "self.contenu = CSac.STContenu()" in nested and "self.contenu.n = 0" in nested
    anything = programs["anything_fr"]
    assert 't: list[Any] = []\n    t.append(1)\n    t.append("a")\n' in anything
    faults = programs["faults_fr"]
    assert 'print(item(t, 1, "fr"), item(t, 5, "fr"), sep="\\n")' in faults
    assert 'if text_condition(s, "fr"):' in faults and 'if yes_no("Envoyer ?", "fr"):' in faults
    assert "item(" not in programs["anything_fr"]  # only under a handler that shows the message


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        # a procedure variable assigned again, or passed on: not only called
        ("f est une Procédure = (a) => a + 1\nf = (a) => a + 2\nInfo(f(1))\n", 1, "variant"),
        ("p is Procedure = (a) => a\nRun(p)\nPROCEDURE Run(q)\nInfo(q(1))\n", 1, "variant"),
        # a lambda never called: its parameters have no type
        ("f est une Procédure = (a) => a + 1\n", 1, "no known type"),
        # a LOCAL array of arrays: copying it takes more than .copy()
        (
            "PROCÉDURE P(LOCAL t est un tableau de tableaux d'entiers)\nInfo(t..Occurrence)\n",
            1,
            "",
        ),
        # an untyped parameter given an int and a real, with results of two types
        ("Info(P(1), P(1.5))\nPROCEDURE P(x)\nRESULT x * 2\n", 2, "numbers of two types"),
        # an enumeration compared with a number
        ("e est un E\nSI e = 1 ALORS Info(1)\nE est une Énumération\n\tA = 1\nFIN\n", 2, "members"),
        # copying an object holding a structure (copy.copy would share the structure)
        (
            "a est un C\nb est un C\nb = a\nC est une Classe\n\tS est une Structure\n"
            "\t\tn est un entier\n\tFIN\n\ts est un C.S\nFIN\n",
            3,
            "not plain values",
        ),
        # OuiNon with a default answer
        ('SI OuiNon(Non, "Sûr ?") ALORS Info("oui")\n', 1, "default answer"),
        # CAS EXCEPTION: in a procedure returning a value, whose handler does not return one
        (
            "Info(P(0))\nPROCEDURE P(n is int)\nRESULT 10 / n\nCASE EXCEPTION:\n\tInfo(1)\n",
            4,
            "does not end with RETURN",
        ),
    ],
)
def test_what_runs_differently_is_refused(text: str, line: int, reason: str) -> None:
    with pytest.raises(ExportError) as caught:
        export_python(text, "s.wl")
    problems = [(p.line, p.message) for p in caught.value.problems]
    assert any(at == line and reason in what for at, what in problems), problems
