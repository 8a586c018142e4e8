"""Question dialogs without a terminal (issue 15, item 8): never a silent "yes".

Without a terminal (cron, a pipe, /dev/null) and without ``--answer``, ``OuiNon``/``OKAnnuler``/
``Confirmer`` stop the script with a fatal error that names ``--answer`` (exit 70; ``QUAND
EXCEPTION`` can catch it). ``wlmail run --answer non|oui|défaut`` (no|yes|default) answers every
question without asking and says so on stderr; it wins over a terminal too. At a terminal, the end
of input (Ctrl-D) is no answer either: the same fatal error, never the default.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import ROOT, script, wlmail

from wlmail.runtime.driver import run_source
from wlmail.runtime.host import Host

SEND = 'SI OuiNon("Envoyer ?") ALORS Info("envoyé") SINON Info("gardé")\n'
NO_TERMINAL = (
    "erreur fatale: OuiNon : pas de terminal pour répondre à « Envoyer ? » ; sans terminal "
    "(cron), lancez wlmail run --answer non|oui|défaut"
)


def test_without_terminal_it_is_a_fatal_error_naming_answer(tmp_path: Path) -> None:
    path = script(tmp_path, SEND)
    res = wlmail("run", path, stdin="")
    assert (res.returncode, res.stdout) == (70, "")
    assert res.stderr.splitlines()[0] == f"{path}:1:1: {NO_TERMINAL}"
    assert "Traceback" not in res.stderr


def test_cron_like_stdin_from_dev_null(tmp_path: Path) -> None:
    path = script(tmp_path, SEND)
    res = subprocess.run(
        [sys.executable, "-m", "wlmail", "run", path],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert (res.returncode, res.stdout) == (70, "")
    assert NO_TERMINAL in res.stderr


@pytest.mark.parametrize(
    ("answer", "out", "shown"),
    [
        ("non", "gardé", "Non"),
        ("no", "gardé", "Non"),
        ("OUI", "envoyé", "Oui"),
        ("yes", "envoyé", "Oui"),
        ("défaut", "envoyé", "Oui"),
        ("defaut", "envoyé", "Oui"),
        ("Default", "envoyé", "Oui"),
    ],
)
def test_answer_option_answers_and_says_so(
    tmp_path: Path, answer: str, out: str, shown: str
) -> None:
    res = wlmail("run", "--answer", answer, script(tmp_path, SEND), stdin="")
    assert (res.returncode, res.stdout, res.stderr) == (
        0,
        f"{out}\n",
        f"Envoyer ?\n(--answer : réponse « {shown} »)\n",
    )


def test_answer_option_in_an_english_script(tmp_path: Path) -> None:
    source = 'IF OKCancel("Delete all?") THEN Info("deleted") ELSE Info("kept")\n'
    res = wlmail("run", "--answer", "no", script(tmp_path, source), stdin="")
    assert (res.returncode, res.stdout, res.stderr) == (
        0,
        "kept\n",
        "Delete all?\n(--answer: answer 'Cancel')\n",
    )


def test_a_bad_answer_is_a_usage_error(tmp_path: Path) -> None:
    res = wlmail("run", "--answer", "peut-être", script(tmp_path, SEND))
    assert (res.returncode, res.stdout) == (64, "")
    assert res.stderr.splitlines()[-1] == (
        "wlmail run: error: argument --answer: --answer expects no, yes or default "
        "(non, oui, défaut), not 'peut-être'"
    )


# ---- at a terminal ---------------------------------------------------------------------------
def _at_terminal(typed: str, **options: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    host = Host(out, err, io.StringIO(typed), interactive=True)
    host.options.update(options)
    code = run_source(SEND, "t.wl", host)
    return code, out.getvalue(), err.getvalue()


def test_terminal_answer_is_read() -> None:
    assert _at_terminal("n\n") == (0, "Envoyer ? [Oui/Non] gardé\n", "")


def test_terminal_empty_line_takes_the_default() -> None:
    assert _at_terminal("\n") == (0, "Envoyer ? [Oui/Non] envoyé\n", "")


def test_terminal_end_of_input_is_no_answer_not_yes() -> None:
    code, out, err = _at_terminal("")
    assert (code, out) == (70, "Envoyer ? [Oui/Non] ")
    assert err.splitlines()[0] == (
        "t.wl:1:1: erreur fatale: OuiNon : pas de réponse à « Envoyer ? » (fin de l'entrée) ; "
        "sans terminal, lancez wlmail run --answer non|oui|défaut"
    )


def test_answer_wins_over_a_terminal() -> None:
    assert _at_terminal("o\n", answer="no") == (
        0,
        "gardé\n",
        "Envoyer ?\n(--answer : réponse « Non »)\n",
    )
