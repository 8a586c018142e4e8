"""Every runnable ``tests/wl`` case that ``export --python`` writes passes the issue's quality bar.

The exported programs (with their helper modules, each under a distinct name) are written to
one folder, then checked in three batch runs: ``ruff check --select E,F,W,I,UP,B --ignore
E501``, ``ruff format --check`` and ``mypy --strict``. No finding is allowed and nothing is
excluded: a construct the exporter cannot write cleanly must be refused (reported
unsupported) instead.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from wl_cases import load_cases

from wlmail.export.program import ExportError, export_python

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RUFF_RULES = "E,F,W,I,UP,B"


def _export_all(folder: Path, inline: bool = False) -> list[Path]:
    written: list[Path] = []
    for k, path in enumerate(sorted((ROOT / "tests" / "wl").glob("*.wl"))):
        for i, case in enumerate(load_cases(path)):
            if case.error_regex or case.exit_code or case.answer:
                continue
            stem = f"case_{k:02d}_{i:03d}"
            try:
                output = None if inline else f"{stem}.py"
                result = export_python(case.source, f"{path.stem}.wl", output=output)
            except ExportError:
                continue  # refused: counted by benchmarks/export_coverage.py
            program = folder / f"{stem}.py"
            program.write_text(result.source, encoding="utf-8")
            if result.helpers:
                helper = folder / f"{result.helper_name}.py"
                assert not helper.exists(), helper  # one helper module per program
                helper.write_text(result.helpers, encoding="utf-8")
            written.append(program)
    return written


def _findings(command: list[str | Path], cwd: Path) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd)
    return "" if done.returncode == 0 else done.stdout + done.stderr


def test_every_exported_case_is_ruff_and_mypy_clean(tmp_path: Path) -> None:
    programs = _export_all(tmp_path)
    assert len(programs) > 300  # the cases that export today (benchmarks/export_coverage.py)
    ruff = BIN / "ruff"
    check = [ruff, "check", "--isolated", "--select", RUFF_RULES, "--ignore", "E501", "."]
    assert _findings(check, tmp_path) == ""
    assert _findings([ruff, "format", "--isolated", "--check", "."], tmp_path) == ""
    mypy = [BIN / "mypy", "--strict", "--no-incremental", "--ignore-missing-imports", "."]
    assert _findings(mypy, tmp_path) == ""


def test_programs_printed_with_their_helpers_inline_are_ruff_clean(tmp_path: Path) -> None:
    """Without ``-o`` the helpers are written inside the program: one import block, sorted."""
    programs = _export_all(tmp_path, inline=True)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith("_wl.py")]
    assert sum("\ndef " in p.read_text(encoding="utf-8").partition("def main")[0] for p in programs)
    ruff = BIN / "ruff"
    check = [ruff, "check", "--isolated", "--select", RUFF_RULES, "--ignore", "E501", "."]
    assert _findings(check, tmp_path) == ""
    assert _findings([ruff, "format", "--isolated", "--check", "."], tmp_path) == ""


SCRIPT = """\
GLOBAL
\tgTotal est un entier = 0
tabNoms est un tableau de chaînes = ["ana", "bob"]
tPrix est un tableau associatif d'entiers
tPrix["pomme"] = 3
tPrix["poire"] = 4
POUR TOUT nPrix, sFruit DE tPrix
\tAjoute100(nPrix)
\tInfo(sFruit + " : " + nPrix)
FIN
Info(gTotal, tabNoms..Occurrence, Carré(7), -7 modulo 3)
POUR i = 1 À tabNoms..Occurrence
\tSI i = 1 ALORS Ajoute(tabNoms, "cyd")
FIN
Info(i, Remplace("a-b", "", "x"), ChaîneConstruit("100%% de %1", tabNoms[3]))
PROCÉDURE Ajoute100(n)
gTotal += n + 100
PROCÉDURE Carré(x)
RENVOYER x * x
"""


def test_arrays_globals_and_inferred_types_read_as_python(tmp_path: Path) -> None:
    """Main-code variables a procedure changes are module variables with `global`; arrays are
    list/dict; untyped parameters get the type of their arguments; a POUR whose bound grows
    is a while loop; the output is what wlmail prints."""
    from wlmail.runtime.driver import run_source
    from wlmail.runtime.host import CaptureHost

    result = export_python(SCRIPT, "shape.wl", output="shape.py")
    program = tmp_path / "shape.py"
    program.write_text(result.source, encoding="utf-8")
    (tmp_path / f"{result.helper_name}.py").write_text(result.helpers, encoding="utf-8")
    source = result.source
    assert source.index("gTotal: int = 0") < source.index("def main() -> None:")
    assert "    global gTotal\n    gTotal = 0\n" in source
    assert "def Ajoute100(n: int) -> None:\n    global gTotal\n" in source
    assert "def Carré(x: int) -> int:" in source
    assert 'tPrix: dict[str, int] = {}\n    tPrix["pomme"] = 3' in source
    assert "for sFruit, nPrix in tPrix.items():" in source
    assert "while i <= len(tabNoms):" in source and "mod(-7, 3)" in source
    assert 'f"100% de {tabNoms[2]}"' in source
    assert "def replace(" in result.helpers and "def text(" not in result.helpers
    done = subprocess.run(
        [sys.executable, "-E", "-s", program.name], capture_output=True, text=True, cwd=tmp_path
    )
    host = CaptureHost()
    code = run_source(SCRIPT, "shape.wl", host)
    assert (done.returncode, done.stdout, done.stderr) == (code, host.out.getvalue(), "")
    assert done.stdout.splitlines()[-3:] == ["4", "a-b", "100% de cyd"]
