"""Every runnable ``tests/wl`` case that ``export --python`` writes passes the issue's quality bar.

The exported programs (with their helper modules, each under a distinct name) are written to
one folder, then checked in three batch runs: ``ruff check --select E,F,W,I,UP,B --ignore
E501``, ``ruff format --check`` and ``mypy``. No finding is allowed and nothing is excluded:
a construct the exporter cannot write cleanly must be refused (reported unsupported) instead.
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


def _export_all(folder: Path) -> list[Path]:
    written: list[Path] = []
    for k, path in enumerate(sorted((ROOT / "tests" / "wl").glob("*.wl"))):
        for i, case in enumerate(load_cases(path)):
            if case.error_regex or case.exit_code or case.answer:
                continue
            stem = f"case_{k:02d}_{i:03d}"
            try:
                result = export_python(case.source, f"{path.stem}.wl", output=f"{stem}.py")
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
    mypy = [BIN / "mypy", "--no-incremental", "--ignore-missing-imports", "."]
    assert _findings(mypy, tmp_path) == ""
