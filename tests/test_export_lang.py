"""``export --python`` of statements: exceptions, SOIT/LET, SELON over ranges, structures,
internal procedures and dates, in French and in English.

Each script is exported, passes ruff (E,F,W,I,UP,B), ruff format and mypy, and run by the
Python of a fresh venv without wlmail prints what ``wlmail run`` prints (same exit code,
stdout and stderr). What the exporter cannot write the same is refused with its line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_export import _lint, _run, _wlmail, venv  # noqa: F401  (venv: the fixture)

from wlmail.export.program import ExportError, export_command, export_python

SCRIPTS: dict[str, str] = {
    "when_exception_fr": """\
x est un entier = 0
QUAND EXCEPTION DANS
\tInfo(10 / x)
\tInfo("jamais")
FAIRE
\tInfo("attrapée : " + ExceptionInfo())
SINON
\tInfo("pas d'erreur")
FIN
QUAND EXCEPTION DANS
\tVérifie(-1)
FAIRE
\tInfo(ExceptionInfo(errCode), ExceptionInfo(errMessage))
FIN
QUAND EXCEPTION DANS
\tInfo("corps")
FAIRE
\tInfo("traitement")
SINON
\tInfo("sans erreur")
FIN
PROCÉDURE Vérifie(n est un entier)
SI n < 0 ALORS ExceptionDéclenche(7, "négatif :", n)
Info("jamais")
""",
    "when_exception_en": """\
Outer()
Info("after")
PROCEDURE Outer()
WHEN EXCEPTION IN
\tInner()
DO
\tInfo("caller: " + ExceptionInfo())
END
PROCEDURE Inner()
WHEN EXCEPTION IN
\tExceptionThrow(1, "first")
DO
\tInfo("inner: " + ExceptionInfo(), ExceptionInfo(errCode))
\tExceptionThrow(2, "thrown again")
END
""",
    "general_handler_fr": """\
P()
Info("après P")
QUAND EXCEPTION
\tInfo("attrapée : " + ExceptionInfo())
FIN
n est un entier = 0
Info("avant")
Info(1 / n)
Info("jamais")
PROCÉDURE P()
QUAND EXCEPTION
\tInfo("dans P : " + ExceptionInfo())
FIN
d est un entier = 0
Info(2 / d)
""",
    "general_handler_en": """\
WHEN EXCEPTION
\tInfo("general")
END
t is array of int = [1, 0]
FOR EACH d OF t
\tWHEN EXCEPTION IN
\t\tInfo(10 / d)
\tDO
\t\tInfo("specific")
\tEND
END
Info("next")
""",
    "let_fr": """\
soit n = 5
soit s = "abc"
SOIT total = n * 2 + 1
soit (a, b) = (1, "A")
Info(n + 1, s + 1, total, a, b)
""",
    "no_handler_en": """\
Info("[" + ExceptionInfo() + "]", ExceptionInfo(errCode))
n is int = "12.7 kg"
r is real = " 1,5e3"
b is boolean = 2
k is int = True
Info(n, r, b, k)
""",
    "let_en": """\
let r = 1.5
LET (x, y) = (2, 3)
Info(r * 2, x + y)
""",
    "switch_fr": """\
t est un tableau de entiers = [-5, 0, 1, 4, 10, 15, 150]
POUR TOUT k DE t
\tSELON k
\t\tCAS À 0 : Info("négatif ou nul")
\t\tCAS 1, 2 À 5 : Info("petit")
\t\tCAS 10 < * < 20 : Info("entre")
\t\tCAS > 100 : Info("énorme")
\t\tAUTRE CAS : Info("autre")
\tFIN
FIN
""",
    "compact_switch": """\
i is int = 2
Info(SWITCH(i, "a", "b", ELSE "?"))
i = 5
Info(SWITCH(i, "a", "b", ELSE "?"), "[" + SELON(i, "x") + "]")
""",
    "switch_en": """\
FOR i = 1 TO 12 STEP 5
\tSWITCH i
\t\tCASE 1 TO 5 : Info("first")
\t\tCASE 6 : Info("six")
\t\tCASE 10 TO : Info("ten or more")
\tEND
END
""",
    "struct_fr": """\
// un contact
ST_Contact est une Structure // une personne
\tNom est une chaîne
\tAge est un entier // en années
\tTaille est un réel
FIN
c est un ST_Contact
Info(c.Age, "[" + c.Nom + "]", c.Taille)
c.Nom = "Zoé"
c.Age = 30
b est un ST_Contact
b = c
b.Age = 2
Info(c.Nom, c.Age + 1, b.Age)
""",
    "struct_en": """\
Point is a Structure
\tx, y are int
\tok is boolean
END
FOR i = 1 TO 2
\tp is Point
\tp.x = p.x + i
\tq is Point
\tq = p
\tq.y = 5
\tInfo(p.x, p.y, q.y, q.ok)
END
""",
    "internal_fr": """\
base est un entier = 100
Info(Ajoute100(5))
// ajoute cent
PROCÉDURE INTERNE Ajoute100(n est un entier) : entier
\tRENVOYER base + n // la somme
FIN
Info(Compteur())
PROCÉDURE Compteur() : entier
n est un entier
BOUCLE(3)
\tIncrémente()
FIN
RENVOYER n
\tPROCÉDURE INTERNE Incrémente()
\t\tn++
\t\tsTrace est une chaîne = "+"
\t\tTrace(sTrace, n)
\tFIN
""",
    "internal_en": """\
total is int
Add(2)
Add(3)
Info(total, Twice(total))
INTERNAL PROCEDURE Add(k is int)
\ttotal = total + k
END
INTERNAL PROCEDURE Twice(k is int) : int
\tRESULT k * 2
END
""",
    "dates_fr": """\
Info(DateVersChaîne("20191225"), DateVersChaîne("20191225", "MM-JJ-AAAA"))
Info("[" + DateVersChaîne("") + "]", DateVersChaîne("20231345", "JJ/MM/AA"))
Info(DateVersChaîne("20791225", "Le jour JJ du mois n° MM de l'année AAAA {x} %d"))
d est une date = "20240105"
Info(d, DateVersChaîne(d), d.Année, d.Mois + d.Jour, "le " + d)
e est une date = ChaîneVersDate("14/07/1789")
Info(e.Année, e.Mois, e.Jour)
e = "20240229"
Info(e)
f est une date = e + 1
Info(f, e - 30, f - e, e < f, e = f - 1, e + " !", DateVersChaîne(f + 1))
Info(DateSys() = DateDuJour(), Taille(DateSys()), Taille(HeureSys()))
Info(DateVersChaîne(DateHeureSys(), "AAAAMMJJ") = DateSys())
""",
    "dates_en": """\
Info(DateToString("20031202", "YYYY-MM-DD"), DateToString("2019122517", "DD/MM/YYYY"))
d is Date = "19851026"
Info(d.Year, d.Month, d.Day, DateToString(d, "DD.MM.YY"))
Info(Today() = DateSys(), DateToString(SysDateTime(), "YYYYMMDD") = Today())
""",
    "for_fr": """\
s est une chaîne = "ab"
s += 1
s += 2.5
POUR i = 1 À 6 PAS 2
\ts += i
FIN
Info(s)
n est un entier = 3
POUR i = 1 _A_ n
\tn = 1
\tTrace(i)
FIN
POUR j = 1 À 5
\tTrace(j)
\tj++
FIN
""",
    "for_en": """\
FOR k = 10 TO 1 STEP -3
\tInfo(k)
\tk = k - 1
END
""",
    "convert_fr": """\
n est un entier = 3.7
m est un entier
m = -7 / 2
s est une chaîne = 105.50
t est une chaîne = n
b est un booléen = Vrai
u est une chaîne = b
Info(n, m, s, t + "!", u)
Info(Moitié(7))
PROCÉDURE Moitié(k est un entier) : entier
RENVOYER k / 2
""",
    "convert_en": """\
x is int = 10 / 4
s is string = x * 1.5
Info(x, s)
""",
    "operators_fr": """\
a est un entier = -7
Info(7 modulo 3, a modulo 3, 7 modulo -3, 7.5 modulo 2, 1 + 7 MODULO 4)
x est un entier = 2
Info(x DANS (1, 2, 3), x PAS DANS (1, 2), "b" dans ("a", "b"))
SI PAS x DANS (1, 2) ALORS Info("absent") SINON Info("présent")
Info(x _DANS_ (2, Témoin()))
m est un entier = 5
Info(x ET m, 0 OU m, x _ET_ m > 9)
SI Faux ET Témoin() = 2 ALORS Info("non")
SI Vrai _OU_ Témoin() = 2 ALORS Info("oui")
PROCÉDURE Témoin() : entier
Trace("témoin")
RENVOYER 2
""",
    "operators_en": """\
n is int = 10
Info(n modulo 4, n IN (5, 10), n NOT IN (1, Probe()))
PROCEDURE Probe() : int
Trace("probe")
RESULT 1
""",
    "days_fr": """\
Info(DateValide("20240229"), DateValide("20230229"), HeureValide("2359"), HeureValide("2460"))
Info(DateDifférence("20240101", "20240301"), DateVersEntier("20011225"), EntierVersDate(73773))
Info(EntierVersJour(73773), DateVersJour("20031202"), AnnéeBissextile(1900))
Info(NuméroDeSemaine("20201231"))
Info(HeureVersChaîne("1525"), HeureVersChaîne("13251011", "HHhmm SS LLL"))
Info("[" + HeureVersChaîne("") + "]")
Info(ChaîneVersDate("25/12/2019"), ChaîneVersDate("2019-12-25", "AAAA-MM-JJ"))
Info(ChaîneVersDate("25/12/85", "JJ/MM/AA"), ChaîneVersDate("31/02/2019") = "")
Info(ChaîneVersDate("1.2.2020 (x)", "JJ.MM.AAAA (x)"))
d est une date = "20240105"
Info(DateDifférence(d, d), DateVersJour(d))
Info(DateVersChaîne(EntierVersDate(DateVersEntier("20241231") + 1)))
""",
    "days_en": """\
Info(DateToInteger("20011225"), IntegerToDate(1), DateDifference("20240228", "20240301"))
Info(DateValid("20240230"), DateToDay("20240107"), LeapYear(2100), WeekNumber("20240107"))
Info(TimeToString("0905"), TimeToString("0905", "HH:mm"))
Info(StringToDate("12/25/2019", "MM/DD/YYYY"), StringToDate("hello") = "")
""",
    "literal_array_fr": """\
POUR TOUT n DE [-5, 0, 5, 10, 50]
\tSELON n
\t\tCAS À 0 : Info("négatif ou nul")
\t\tCAS 10 À : Info("10 ou plus")
\t\tAUTRE CAS : Info("entre")
\tFIN
FIN
""",
    "literal_array_en": """\
FOR EACH d OF [1, 0, 2.5]
\tWHEN EXCEPTION IN
\t\tInfo(10 / d)
\tDO
\t\tInfo("error: " + ExceptionInfo())
\tEND
END
FOR EACH s OF ["a", "b"]
\tInfo(s + "!")
END
""",
}


def _export_all(tmp_path: Path) -> list[tuple[str, Path]]:
    done = []
    for title, text in SCRIPTS.items():
        script = tmp_path / f"{title}.wl"
        script.write_text(text, encoding="utf-8")
        program = tmp_path / f"{title}.py"
        assert export_command(str(script), str(program)) == 0, title
        done.append((title, program))
    return done


def test_exported_statements_run_the_same(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    programs = _export_all(tmp_path)
    _lint(*tmp_path.glob("*.py"))
    for title, program in programs:
        expected = _wlmail(tmp_path / f"{title}.wl")
        assert expected[0] == 0 and expected[1], title
        assert _run(venv, program) == expected, title


def test_exceptions_are_try_except_and_raise(tmp_path: Path) -> None:
    programs = dict(_export_all(tmp_path))
    fr = programs["when_exception_fr"].read_text(encoding="utf-8")
    assert "try:" in fr and "except Exception as exc:" in fr and "else:" in fr
    assert "exception_message(exc, 'fr')" in fr or 'exception_message(exc, "fr")' in fr
    assert 'raise WLException(7, f"négatif : {n}")' in fr
    assert "except Exception:" in fr  # no unused variable when ExceptionInfo is not read
    en = programs["when_exception_en"].read_text(encoding="utf-8")
    assert 'raise WLException(2, "thrown again") from None' in en
    helpers = (tmp_path / "when_exception_en_wl.py").read_text(encoding="utf-8")
    assert "class WLException(Exception):" in helpers and "def exception_code(" in helpers
    general = programs["general_handler_fr"].read_text(encoding="utf-8")
    # the handler ends its function: after it, nothing (the try is the function's last statement)
    assert general.count("try:") == 2 and "return" not in general
    struct = programs["struct_fr"].read_text(encoding="utf-8")
    assert "@dataclass\nclass ST_Contact:  # une personne\n" in struct
    assert '    Nom: str = ""\n    Age: int = 0  # en années\n' in struct
    assert "c = ST_Contact()" in struct and "b = copy.copy(c)" in struct
    internal = programs["internal_fr"].read_text(encoding="utf-8")
    assert "    # ajoute cent\n    def Ajoute100(n: int) -> int:\n" in internal
    assert "    def Incrémente() -> None:\n        nonlocal n\n" in internal
    dates = programs["dates_fr"].read_text(encoding="utf-8")
    assert 'date_to_string("20191225", "{month}-{day}-{year}")' in dates
    assert "d = datetime.date(2024, 1, 5)" in dates and 'd.strftime("%d/%m/%Y")' in dates
    assert "d.year" in dates and "{{x}} %d" in dates
    assert "f = e + datetime.timedelta(days=1)" in dates and "(f - e).days" in dates
    loops = programs["for_fr"].read_text(encoding="utf-8")
    assert 's += "1"' in loops and "s += text(2.5)" in loops and "s += str(i)" in loops
    assert "    j = 1\n    while j <= 5:\n" in loops and "        j += 1\n        j += 1\n" in loops
    assert "while k >= 1:" in programs["for_en"].read_text(encoding="utf-8")
    conv = programs["convert_fr"].read_text(encoding="utf-8")
    assert "n: int = int(3.7)" in conv and "t: str = str(n)" in conv
    assert "s: str = text(105.5)" in conv and "return int(k / 2)" in conv
    ops = programs["operators_fr"].read_text(encoding="utf-8")
    assert "7 % 3" in ops and "mod(a, 3)" in ops and "math.fmod(7.5, 2)" in ops
    assert "x in (1, 2, 3)" in ops and "x not in (1, 2)" in ops
    assert "x == 2 or x == Témoin()" in ops and "x != 0 and m != 0" in ops
    assert "False & (Témoin() == 2)" in ops and "True or Témoin() == 2" in ops
    assert "n != 1 and n != Probe()" in programs["operators_en"].read_text(encoding="utf-8")
    days = programs["days_fr"].read_text(encoding="utf-8")
    assert "calendar.isleap(1900)" in days  # a literal date text is a datetime.date literal
    assert "(datetime.date(2024, 3, 1) - datetime.date(2024, 1, 1)).days" in days
    assert 'time_to_string("13251011", "{hour}h{minute} {second} {milli}")' in days
    assert "datetime.timedelta(days=73773 - 1)" in days and "(d - d).days" in days
    compact = programs["compact_switch"].read_text(encoding="utf-8")
    assert '("a", "b")[i - 1] if 1 <= i <= 2 else "?"' in compact
    switch = programs["switch_fr"].read_text(encoding="utf-8")
    assert "elif 10 < k < 20:" in switch and "elif k == 1 or 2 <= k <= 5:" in switch


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (
            'QUAND EXCEPTION DANS\n\tInfo(1)\nFAIRE\n\tInfo("x")\nFIN\nInfo(ExceptionInfo())\n',
            6,
            "outside a WHEN EXCEPTION handler",
        ),
        (
            "t est un tableau de entiers = [1]\nQUAND EXCEPTION DANS\n\tInfo(P(t))\nFAIRE\n"
            "\tInfo(ExceptionInfo())\nFIN\nPROCÉDURE P(x est un tableau d'entiers)\n"
            "RENVOYER x[5]\n",
            5,
            "its own way",
        ),
        ('s is string = "x"\nIF s AND s THEN Info("?")\n', 2, "a condition whose type"),
        ('s est une chaîne = "b"\nSELON s\n\tCAS "a" À "c" : Info(1)\nFIN\n', 2, "not a number"),
        ("soit t = [1, 2]\n", 1, "SOIT 't'"),
        # check rejects the line: its words (export/program.py's said_by_check)
        ("n est un entier = 1\n(n + 1)++\n", 2, "on ne peut pas affecter une valeur"),
        (
            'QUAND EXCEPTION DANS\n\tInfo(DateVersChaîne("x"))\n'
            "FAIRE\n\tInfo(ExceptionInfo())\nFIN\n",
            4,
            "its own way",
        ),
        (
            'i is int = 1\nInfo(SWITCH(i, "a", P()))\nPROCEDURE P() : string\nRESULT "b"\n',
            2,
            "call",
        ),
        ("FOR i = 1 TO 5\n\ti++\n\tIF i = 2 THEN CONTINUE\nEND\n", 1, "CONTINUE"),
        (
            's est une chaîne = "20031202"\nInfo(DateVersChaîne(s, "JJJJ JJ MMMM"))\n',
            2,
            "names of a date given as text",
        ),
        ("Info(DateToString(SysDateTime()))\n", 1, "not a variable"),
        ("d is Date = 20240105\n", 1, "assigning a int value to a date variable"),
        ("Info(DateDifférence(1, 2))\n", 1, "neither a date variable nor text"),
        ('Info(StringToDate("Dec 12 2019", "MMM MM YYYY"))\n', 1, "a field twice"),
        (
            "g est un entier\nP()\nPROCÉDURE P()\nPROCÉDURE INTERNE I()\n\tg = 1\nFIN\nI()\n",
            5,
            "main code's variable 'g'",
        ),
        ("S est une Structure\n\tn est un entier\nFIN\nv est un S\nInfo(v)\n", 5, "as a value"),
        (
            "S is a Structure\n\tn is int\nEND\nt is array of S\nFOR EACH v OF t\n\tv.n = 1\nEND\n",
            5,
            "array of structures",
        ),
        (
            "Info(P())\nPROCEDURE P()\nWHEN EXCEPTION\n\tInfo(1)\nEND\nRESULT 1\n",
            3,
            "returns a value",
        ),
    ],
)
def test_what_runs_differently_is_refused_with_its_line(text: str, line: int, reason: str) -> None:
    with pytest.raises(ExportError) as caught:
        export_python(text, "s.wl")
    problems = [(p.line, p.message) for p in caught.value.problems]
    assert any(at == line and reason in what for at, what in problems), problems
