"""``wlmail repl --sandbox`` in a real terminal (tmux): a message typed in the console lands in
the outbox, and ``exit`` leaves (issue 16)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

LINES = [
    "MaSession est un emailSessionSMTP",
    'MaSession.AdresseServeur = "smtp.exemple.fr"',
    "MaSession.Port = 587",
    'MaSession.Nom = "moi@exemple.fr"',
    'MaSession.MotDePasse = "mot-de-passe"',
    "MaSession.Option = emailOptionSécuriséTLS",
    "EmailOuvreSession(MaSession)",
    "m est un Email",
    'm.Expéditeur = "moi@exemple.fr"',
    'm.Destinataire[1] = "toi@exemple.fr"',
    'm.Sujet = "Depuis la console"',
    'm.Message = "Bonjour"',
    "EmailEnvoieMessage(MaSession, m)",
]


class Tmux:
    """One private tmux server (its own socket), killed at the end."""

    def __init__(self, tmp_path: Path) -> None:
        self.socket = f"wlmail-test-{uuid.uuid4().hex[:12]}"
        self.tmp_path = tmp_path

    def __call__(self, *args: str) -> str:
        res = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=20,
        )
        return res.stdout

    def screen(self) -> str:
        return self("capture-pane", "-p", "-J", "-S", "-200", "-t", "t")

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} not on screen:\n{self.screen()}")

    def type_line(self, line: str) -> None:
        self("send-keys", "-t", "t", "-l", line)
        self("send-keys", "-t", "t", "Enter")


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    mux = Tmux(tmp_path)
    try:
        yield mux
    finally:
        mux("kill-server")


def test_repl_sandbox_sends_a_message_to_the_outbox_and_exit_leaves(
    tmux: Tmux, tmp_path: Path
) -> None:
    env = {
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "TERM": "xterm",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    command = " ".join(
        [
            "env",
            *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
            shlex.quote(sys.executable),
            "-m wlmail repl --sandbox --outbox out 2> stderr.txt; echo $? > status",
        ]
    )
    tmux("new-session", "-d", "-s", "t", "-x", "120", "-y", "50", "-c", str(tmp_path), command)
    tmux.wait_for("wl>")
    for line in LINES:
        tmux.type_line(line)
        time.sleep(0.15)  # one input at a time, as a person types
    deadline = time.monotonic() + 30
    while not list((tmp_path / "out").glob("*.eml")) and time.monotonic() < deadline:
        time.sleep(0.1)
    screen = tmux.wait_for("Vrai\n")
    assert screen.count("Vrai") == 2, screen  # EmailOuvreSession, then EmailEnvoieMessage
    tmux.type_line("exit")
    status = tmp_path / "status"
    deadline = time.monotonic() + 30
    while not (status.exists() and status.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert status.read_text() == "0\n"
    (eml,) = (tmp_path / "out").glob("*.eml")
    assert eml.name == "0001-Depuis-la-console.eml"
    assert "Subject: Depuis la console" in eml.read_text(encoding="utf-8")
    err = (tmp_path / "stderr.txt").read_text(encoding="utf-8")
    assert "certificate for any name a client asks for" in err
    assert 'subject "Depuis la console"; auth PLAIN as moi@exemple.fr; TLS starttls' in err
    assert err.endswith("sandbox: 1 message(s) accepted, written to out\n")
    assert "Traceback" not in err and "mot-de-passe" not in err
