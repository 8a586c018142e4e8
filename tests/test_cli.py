"""``wlmail run`` and ``wlmail check`` as a user calls them: exit codes, messages, imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def wlmail(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wlmail", *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=cwd or ROOT,
        timeout=60,
    )


def script(tmp_path: Path, text: str, name: str = "s.wl") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_run_prints_and_exits_zero(tmp_path: Path) -> None:
    res = wlmail("run", script(tmp_path, 'Info("Bonjour", 1 + 1)\nTrace("t")\n'))
    assert (res.returncode, res.stdout, res.stderr) == (0, "Bonjour\n2\n", "t\n")


def test_syntax_error_shows_position_line_and_caret(tmp_path: Path) -> None:
    path = script(tmp_path, "x est un entier\nSI x > ALORS\n\tInfo(x)\nFIN\n")
    res = wlmail("run", path)
    assert res.returncode == 65
    head, line, caret = res.stderr.splitlines()[:3]
    assert head.startswith(f"{path}:2:8: erreur: ")
    assert "inattendu" in head and "attendu" in head
    assert line == "    SI x > ALORS"
    assert caret == "           ^"
    assert "Traceback" not in res.stderr


def test_english_script_gets_english_messages(tmp_path: Path) -> None:
    res = wlmail("run", script(tmp_path, "x is int\nIF x > 1 THEN\n\tTrace(x)\n"))
    assert res.returncode == 65
    assert "missing END for the IF of line 2" in res.stderr


def test_uncaught_fatal_error_exits_70(tmp_path: Path) -> None:
    res = wlmail("run", script(tmp_path, 'n est un entier = 0\nInfo("avant")\nInfo(1 / n)\n'))
    assert res.returncode == 70
    assert res.stdout == "avant\n"
    assert ":3:8: erreur fatale: division par zéro" in res.stderr  # under the /
    assert "Traceback" not in res.stderr


def test_return_at_top_level_exits_zero(tmp_path: Path) -> None:
    res = wlmail("run", script(tmp_path, 'Info("a")\nSI Vrai ALORS\n\tRETOUR\nFIN\nInfo("b")\n'))
    assert (res.returncode, res.stdout) == (0, "a\n")


def test_script_from_stdin() -> None:
    res = wlmail("run", "-", stdin="Info(6 * 7)\n")
    assert (res.returncode, res.stdout) == (0, "42\n")
    res = wlmail("run", "-", stdin="Info(1)\nInfo(1 / 0)\n")
    assert (res.returncode, res.stdout) == (70, "1\n")
    assert res.stderr.startswith("<stdin>:2:8: erreur fatale: division par zéro\n")


def test_missing_file_and_bad_usage(tmp_path: Path) -> None:
    assert wlmail("run", str(tmp_path / "absent.wl")).returncode == 66
    assert wlmail("frobnicate").returncode == 64
    assert wlmail("run", "--connect-to", "nonsense", "x.wl").returncode == 64
    assert wlmail().returncode == 64


def test_an_output_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    """export -o into a folder that does not exist (a file where the folder should be, for the
    project): the path and the reason on stderr, exit 73 (EX_CANTCREAT), no traceback."""
    source = script(tmp_path, 'Info("ok")\n')
    missing = tmp_path / "absent" / "s.py"
    res = wlmail("export", "--python", source, "-o", str(missing))
    assert (res.returncode, res.stdout) == (73, "")
    assert res.stderr == f"wlmail: {missing}: No such file or directory\n"
    blocker = tmp_path / "taken"
    blocker.write_text("", encoding="utf-8")
    res = wlmail("export", "--python", str(ROOT / "samples" / "project-fr"), "-o", str(blocker))
    assert (res.returncode, res.stdout) == (73, "")
    assert res.stderr == f"wlmail: {blocker}: File exists\n"
    assert blocker.read_text(encoding="utf-8") == ""  # nothing written over it


def test_run_does_not_import_network_or_repl_libraries(tmp_path: Path) -> None:
    path = script(tmp_path, 'Info("x")\n')
    probe = (
        "import sys; from wlmail.cli import main; code = main(['run', sys.argv[1]]);"
        "heavy = [m for m in ('aiosmtplib', 'authlib', 'prompt_toolkit', 'httpx', 'email.mime')"
        " if m in sys.modules]; print(heavy); sys.exit(code)"
    )
    res = subprocess.run([sys.executable, "-c", probe, path], capture_output=True, text=True)
    assert res.returncode == 0
    assert res.stdout.splitlines()[-1] == "[]"


def test_check_reports_problems_with_suggestions(tmp_path: Path) -> None:
    path = script(tmp_path, 'x est un entier\nInfoo(x)\nSORTIR\nMilieu("a")\n')
    res = wlmail("check", path)
    assert res.returncode == 1
    lines = res.stdout.splitlines()
    assert lines[0] == (
        f"{path}:2:1: erreur[unknown_name]: « Infoo » est inconnu ; vouliez-vous dire « Info » ?"
    )
    assert lines[1:3] == ["    Infoo(x)", "    ^"]
    assert lines[3] == f"{path}:3:1: erreur[break_outside_loop]: SORTIR en dehors d'une boucle"


def test_check_clean_file_exits_zero_and_json(tmp_path: Path) -> None:
    clean = script(tmp_path, 'Info("ok")\n', "ok.wl")
    assert wlmail("check", clean).returncode == 0
    bad = script(tmp_path, "Infoo(1)\n", "bad.wl")
    res = wlmail("check", "--format", "json", str(tmp_path))
    assert res.returncode == 1
    problems = json.loads(res.stdout)
    assert [(p["file"], p["line"], p["code"]) for p in problems] == [(bad, 1, "unknown_name")]


@pytest.mark.parametrize("sample", sorted(p.name for p in (ROOT / "samples").glob("*.wl")))
def test_samples_parse(sample: str) -> None:
    res = wlmail("check", str(ROOT / "samples" / sample))
    assert "erreur: " not in res.stdout or "inconnu" in res.stdout or "disponible" in res.stdout
    assert res.returncode in (0, 1)
    assert "syntax" not in res.stdout
