"""Shapes of ``export --python`` for expressions, statements and parameters, French and English.

Each script is exported, its Python checked for the shape a Python engineer writes (by-reference
parameters returned, several return values as a tuple, ``*`` as keyword arguments, ``n++`` in
an expression, methods on values), then run by the Python of a fresh venv without wlmail: exit
code, stdout and stderr equal ``wlmail run``'s. What would run differently is refused with its
line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wlmail.export.program import ExportError, export_python
from wlmail.runtime.driver import run_source
from wlmail.runtime.host import CaptureHost


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv without wlmail (its python sees only the standard library)."""
    where = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    return where / "bin" / "python"


def _same(tmp_path: Path, venv: Path, text: str) -> str:
    """Export ``text``, run it in the fresh venv, compare with ``wlmail run``; the program."""
    result = export_python(text, "script.wl", output="script.py")
    program = tmp_path / "script.py"
    program.write_text(result.source, encoding="utf-8")
    if result.helpers:
        (tmp_path / f"{result.helper_name}.py").write_text(result.helpers, encoding="utf-8")
    done = subprocess.run(
        [venv, program.name],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        env={"PATH": os.environ.get("PATH", "")},
        check=False,
    )
    host = CaptureHost()
    code = run_source(text, "script.wl", host)
    assert (done.returncode, done.stdout, done.stderr) == (
        code,
        host.out.getvalue(),
        host.err.getvalue(),
    )
    return result.source


def _refused(text: str) -> list[tuple[int, str]]:
    with pytest.raises(ExportError) as caught:
        export_python(text, "script.wl")
    return [(p.line, p.message) for p in caught.value.problems]


BYREF_FR = """\
n est un entier = 1
s est une chaîne = "a"
Change(n, s)
Info(n, s)
Change(n + 0, s)
Info(n, s)
PROCÉDURE Change(x, t est une chaîne)
SI x > 50 ALORS RETOUR
x = 99
t += "!"
"""

BYREF_EN = """\
n is int = 1
Double(n)
Double(n)
Info(n)
PROCEDURE Double(x)
x = x * 2
"""


def test_by_reference_parameters_are_returned(tmp_path: Path, venv: Path) -> None:
    program = _same(tmp_path, venv, BYREF_FR)
    assert "def Change(x: int, t: str) -> tuple[int, str]:" in program
    assert "n, s = Change(n, s)" in program
    assert "_, s = Change(n + 0, s)" in program
    assert program.count("return x, t") == 2  # the RETOUR and the end of the body
    program = _same(tmp_path, venv, BYREF_EN)
    assert "def Double(x: int) -> int:" in program and "n = Double(n)" in program


def test_by_reference_changes_that_would_run_differently_are_refused() -> None:
    inside = "n est un entier = 1\nInfo(Change(n))\nPROCÉDURE Change(x)\nx = 2\n"
    assert any("inside an expression" in m for _, m in _refused(inside))
    twice = "n is int = 1\nSwap(n, n)\nPROCEDURE Swap(a, b)\na = b + 1\nb = a + 1\n"
    assert any("twice" in m for _, m in _refused(twice))
    both = "n is int = 1\nInfo(Inc(n))\nPROCEDURE Inc(x)\nx++\nRESULT x\n"
    assert _refused(both)


TUPLES_FR = """\
a, b sont des entiers
(a, b) = MinMax([4, 1, 9])
soit (q, r) = DivEnt(17, 5)
Info(a, b, q, r)
PROCÉDURE MinMax(t)
mini est un entier = t[1]
maxi est un entier = t[1]
POUR TOUT x DE t
	SI x < mini ALORS mini = x
	SI x > maxi ALORS maxi = x
FIN
RENVOYER (mini, maxi)
PROCÉDURE DivEnt(a, b)
RENVOYER (PartieEntière(a / b), a modulo b)
"""

TUPLES_EN = """\
let (n, s) = Pair()
Info(n + 1, s + 1)
PROCEDURE Pair() : (int, string)
RESULT (1, "x")
"""


def test_several_return_values_are_a_tuple(tmp_path: Path, venv: Path) -> None:
    program = _same(tmp_path, venv, TUPLES_FR)
    assert "def MinMax(t: list[int]) -> tuple[int, int]:" in program
    assert "a, b = MinMax([4, 1, 9])" in program and "return mini, maxi" in program
    assert "q, r = DivEnt(17, 5)" in program and "int(a / b)" in program
    program = _same(tmp_path, venv, TUPLES_EN)
    assert "def Pair() -> tuple[int, str]:" in program and "n, s = Pair()" in program


def test_several_return_values_used_otherwise_are_refused() -> None:
    one = "Info(Pair())\nPROCEDURE Pair()\nRESULT (1, 2)\n"
    assert (1, "several return values used as one value") in _refused(one)
    sizes = (
        "soit (a, b) = P(1)\nPROCÉDURE P(x)\nSI x = 1 ALORS RENVOYER (1, 2)\nRENVOYER (1, 2, 3)\n"
    )
    assert any("different sizes" in m for _, m in _refused(sizes))


DEFAULTS_FR = """\
Info(Décrit(*, 5), Décrit(7, *), Décrit(*, *))
n est un entier = 1
Info(n++, n, ++n, n--, n)
PROCÉDURE Décrit(a = 1, b = 2)
RENVOYER "" + a + "-" + b
"""

DEFAULTS_EN = """\
Info(Describe(*, "y"))
PROCEDURE Describe(a is string = "x", b is string = "z")
RESULT a + b
"""


def test_star_arguments_and_increments_inside_expressions(tmp_path: Path, venv: Path) -> None:
    program = _same(tmp_path, venv, DEFAULTS_FR)
    assert "print(Décrit(b=5), Décrit(7), Décrit()" in program  # `*`: typed by the default
    assert "def Décrit(a: int = 1, b: int = 2) -> str:" in program
    assert "(n := (n + 1)) - 1" in program and "(n := (n - 1)) + 1" in program
    program = _same(tmp_path, venv, DEFAULTS_EN)
    assert 'Describe(b="y")' in program


METHODS = """\
s est une chaîne = "Été"
d est une date = "19851026"
Info(s.Formate(ccSansAccent), d.VersChaîne(), d.ToString("DD/MM"))
CONSTANTE N = 3
t est un tableau [N] d'entiers
Info(t..Occurrence)
base est un entier = 100
Info(Ajoute100(5))
PROCÉDURE INTERNE Ajoute100(x)
	RENVOYER base + x
FIN
"""


def test_methods_on_values_constant_dimensions_internal_procedures(
    tmp_path: Path, venv: Path
) -> None:
    program = _same(tmp_path, venv, METHODS)
    assert 'd.strftime("%d/%m/%Y")' in program and 'd.strftime("%d/%m")' in program
    assert "[0] * N" in program and "def Ajoute100(x: int) -> int:" in program


VARIADIC_FR = """\
Info(Total(1, 2, 3), Total())
PROCÉDURE Total(*)
s est un entier
POUR i = 1 À MesParamètres..Occurrence
	s += MesParamètres[i]
FIN
RENVOYER s
"""

VARIADIC_EN = """\
Trace("a", "b")
PROCEDURE Trace(*)
FOR EACH x OF MyParameters
	WL.Trace("[" + x + "]")
END
"""


def test_variable_number_of_parameters_is_a_star_parameter(tmp_path: Path, venv: Path) -> None:
    program = _same(tmp_path, venv, VARIADIC_FR)
    assert "def Total(*MesParamètres: int) -> int:" in program
    assert "for i in range(1, len(MesParamètres) + 1):" in program
    program = _same(tmp_path, venv, VARIADIC_EN)
    assert "def Trace(*MyParameters: str) -> None:" in program
    grows = "Info(P(1))\nPROCEDURE P(*)\nAdd(MyParameters, 2)\nRESULT MyParameters..Count\n"
    assert any("otherwise than read" in m for _, m in _refused(grows))


REAL_FOR_FR = """\
r est un réel
POUR r = 0 À 1 PAS 0.5
	Trace(r)
FIN
POUR r = 2 À 1 PAS -0.25
	SI r < 1.5 ALORS SORTIR
	Info(r)
FIN
Info(r)
"""

REAL_FOR_EN = """\
x is real
FOR x = 1 TO 2 STEP 0.5
	Info(x * 2)
END
"""


def test_a_for_loop_on_a_real_counter_is_a_while_loop(tmp_path: Path, venv: Path) -> None:
    program = _same(tmp_path, venv, REAL_FOR_FR)
    assert "while r <= 1:" in program and "r += 0.5" in program
    assert "while r >= 1:" in program and "r -= 0.25" in program
    program = _same(tmp_path, venv, REAL_FOR_EN)
    assert "x = 1.0" in program and "while x <= 2:" in program


GRID_FR = """\
t est un tableau [2, 3] d'entiers
POUR i = 1 À 2
	POUR j = 1 À 3
		t[i, j] = i * 10 + j
	FIN
FIN
Info(t[1, 2] + t[2, 3], t[2, 1])
"""

GRID_EN = """\
g is array [2, 2] of strings
g[2, 1] = "x"
Info("[" + g[1, 1] + "]", g[2, 1])
"""


def test_an_array_of_two_dimensions_is_a_list_of_rows(tmp_path: Path, venv: Path) -> None:
    program = _same(tmp_path, venv, GRID_FR)
    assert "t: list[list[int]] = [[0] * 3 for _ in range(2)]" in program
    assert "t[i - 1][j - 1] = i * 10 + j" in program
    program = _same(tmp_path, venv, GRID_EN)
    assert 'g[1][0] = "x"' in program
    counted = "t est un tableau [2, 2] d'entiers\nInfo(t..Occurrence)\n"
    assert any("otherwise than t[i, j]" in m for _, m in _refused(counted))


STRUCT_FR = """\
S est une Structure
	n est un entier
	s est une chaîne
FIN
v est un S
Remplis(v, 7)
Info(v.n, v.s)
PROCÉDURE Remplis(x, k)
x.n = k
x.s = "k" + k
"""

STRUCT_EN = """\
P is Structure
	n is int
END
a is P
Fill(a)
Info(a.n)
PROCEDURE Fill(x)
x.n = Twice(2)
PROCEDURE Twice(k)
RESULT k * 2
"""


def test_a_structure_filled_by_a_procedure_is_shared(tmp_path: Path, venv: Path) -> None:
    program = _same(tmp_path, venv, STRUCT_FR)
    assert "def Remplis(x: S, k: int) -> None:" in program and "Remplis(v, 7)" in program
    # a procedure that calls another one could observe the copy WLangage makes: refused
    assert any("structure" in m for _, m in _refused(STRUCT_EN))
