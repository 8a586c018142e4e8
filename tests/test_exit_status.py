"""Exit status for cron (issue 16): ``--strict`` and the script-chosen status seam."""

from __future__ import annotations

import io
import socket
import subprocess
import sys
from pathlib import Path

from wlmail.runtime.driver import run_source
from wlmail.runtime.host import Host, ProgramExit

ROOT = Path(__file__).resolve().parent.parent


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(tmp_path: Path, text: str, *options: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "s.wl"
    path.write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "wlmail", "run", *options, str(path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def test_displayed_error_then_return_fails_only_with_strict(tmp_path: Path) -> None:
    port = closed_port()
    text = (
        f'SI PAS EmailOuvreSessionSMTP("u", "p", "127.0.0.1", {port}) ALORS\n'
        '\tErreur("Session impossible : " + ErreurInfo())\n'
        "\tRETOUR\nFIN\n"
        'Info("pas ici")\n'
    )
    plain = run(tmp_path, text)
    assert (plain.returncode, plain.stdout) == (0, "")
    assert plain.stderr.startswith("Session impossible : connexion au serveur SMTP")
    strict = run(tmp_path, text, "--strict")
    assert (strict.returncode, strict.stdout) == (1, "")
    assert strict.stderr.startswith("Session impossible : connexion au serveur SMTP")
    assert strict.stderr.endswith(
        "wlmail: --strict : le script a affiché 1 Erreur(), code de sortie 1\n"
    )


def test_failure_never_looked_at_fails_with_strict_in_english(tmp_path: Path) -> None:
    port = closed_port()
    text = f'EmailStartSMTPSession("u", "p", "127.0.0.1", {port})\nInfo("done")\n'
    res = run(tmp_path, text, "--strict")
    assert (res.returncode, res.stdout) == (1, "done\n")
    assert res.stderr.startswith(
        "wlmail: --strict: a failure the script never looked at (ErrorInfo): "
    )
    assert res.stderr.endswith("; exit status 1\n") and "Traceback" not in res.stderr


def test_failure_the_script_examined_is_not_a_strict_failure(tmp_path: Path) -> None:
    port = closed_port()
    text = (
        f'EmailOuvreSessionSMTP("u", "p", "127.0.0.1", {port})\n'
        'SI ErreurDétectée ALORS Trace("relais absent, on continue")\n'
        'Info("fini")\n'
    )
    res = run(tmp_path, text, "--strict")
    assert (res.returncode, res.stdout, res.stderr) == (0, "fini\n", "relais absent, on continue\n")


def test_strict_leaves_fatal_and_syntax_codes_alone(tmp_path: Path) -> None:
    assert run(tmp_path, 'Erreur("a")\nx = 1 / 0\n', "--strict").returncode == 70
    assert run(tmp_path, "SI ALORS\n", "--strict").returncode == 65
    clean = run(tmp_path, 'Info("ok")\n', "--strict")
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "ok\n", "")


class _Exiting(Host):
    """A host whose ``Info`` ends the program with status 3, as FinProgramme will."""

    def info(self, lines: list[str]) -> None:
        super().info(lines)
        raise ProgramExit(3)


def test_program_exit_seam_sets_the_status_and_runs_exit_hooks() -> None:
    out, err = io.StringIO(), io.StringIO()
    host = _Exiting(stdout=out, stderr=err, interactive=False)
    closed: list[str] = []
    host.options["at_exit"] = [lambda: closed.append("sessions closed")]
    text = 'QUAND EXCEPTION\n\tInfo("rattrapé")\nFIN\nInfo("un")\nInfo("deux")\n'
    code = run_source(text, "s.wl", host)
    assert (code, out.getvalue(), err.getvalue(), closed) == (3, "un\n", "", ["sessions closed"])


def test_program_exit_ends_the_console_with_its_status() -> None:
    from prompt_toolkit.history import InMemoryHistory

    from wlmail.repl.app import Console

    out, err = io.StringIO(), io.StringIO()
    host = _Exiting(stdout=out, stderr=err, interactive=False)
    console = Console(host, "fr", history=InMemoryHistory())
    code = console.run_lines(['Info("un")\n', 'Info("deux")\n'])
    assert (code, out.getvalue(), err.getvalue()) == (3, "un\n", "")
