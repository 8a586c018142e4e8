"""Every sample's header holds a command that works as written (issue 16): this test runs it.

The command is read from the sample's leading comment lines (``//   wlmail run … samples/x.wl``)
and run as a user would, from a fresh directory where ``samples/`` is the project's, so the
sandbox's outbox lands in that directory.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p.name for p in (ROOT / "samples").glob("*.wl"))
_COMMAND = re.compile(r"^//\s+(wlmail run\s.*\.wl)$")

#: what each sample prints on stdout ({n}: a number), how many messages its run leaves in the outbox
EXPECTED: dict[str, tuple[str, int]] = {
    "bonjour.wl": (
        "1 De : equipe@exemple.fr — À : zoe@exemple.fr — Bonjour Zoe !\n"
        "2 De : equipe@exemple.fr — À : marc@exemple.fr — Bonjour Marc !\n"
        "2 message(s) prêt(s), 1 ignoré(s)\n",
        0,
    ),
    "hello-en.wl": (
        "1 From: team@example.com - To: zoe@example.com - Hello Zoe!\n"
        "2 From: team@example.com - To: marc@example.com - Hello Marc!\n"
        "2 message(s) ready, 1 skipped\n",
        0,
    ),
    "doc-emailsessionsmtp-fr.wl": ("", 0),  # the doc's message is left empty (`...`)
    "mail-classes-en.wl": ("2 message(s) sent by smtp.example.com\n", 2),
    "mail-classes-fr.wl": ("2 message(s) envoyé(s) par smtp.exemple.fr\n", 2),
    "mail-legacy-en.wl": ("Source built: {n} characters\nAlert sent\n", 1),
    "mail-legacy-fr.wl": ("Relevé envoyé à 2 destinataires\n", 1),
    "mail-typed-en.wl": ("Sent to ann@example.com\nSent to bob@example.com\n", 2),
    "mail-typed-fr.wl": ("Message envoyé (identifiant 1)\n", 1),
    "oauth-gmail-en.wl": ("sent\n", 1),
    "oauth-gmail-fr.wl": ("envoyé\n", 1),
    "oauth-microsoft365-en.wl": ("sent\n", 1),
    "oauth-microsoft365-fr.wl": ("envoyé\n", 1),
    "receive-imap-en.wl": ("Unread messages: 1\nMe <me@example.com>: Reminder: IMAP check\n", 1),
    "receive-imap-fr.wl": (
        "Messages non lus : 1\nMoi <moi@exemple.fr> : Pense-bête : relevé IMAP\n",
        1,
    ),
    "receive-pop3-en.wl": (
        "Messages in the mailbox: 1\nMe <me@example.com>: Reminder: POP3 check\n",
        1,
    ),
    "receive-pop3-fr.wl": (
        "Messages dans la boîte : 1\nMoi <moi@exemple.fr> : Pense-bête : relevé POP3\n",
        1,
    ),
}


def header_commands(name: str) -> list[str]:
    """The ``wlmail …`` commands written in the sample's leading comment lines."""
    found = []
    for line in (ROOT / "samples" / name).read_text(encoding="utf-8").splitlines():
        if not line.startswith("//"):
            break
        match = _COMMAND.match(line.strip())
        if match:
            found.append(match.group(1).strip())
    return found


def test_every_sample_is_listed() -> None:
    assert sorted(EXPECTED) == SAMPLES


@pytest.mark.parametrize("name", SAMPLES)
def test_header_command_works_as_written(name: str, tmp_path: Path) -> None:
    commands = header_commands(name)
    assert commands, f"samples/{name} has no `wlmail …` command in its header"
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    for command in commands:
        argv = shlex.split(command)
        assert argv[0] == "wlmail" and f"samples/{name}" in argv, command
        res = subprocess.run(
            [sys.executable, "-m", "wlmail", *argv[1:]],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            timeout=90,
        )
        stdout, messages = EXPECTED[name]
        assert res.returncode == 0, (command, res.stderr)
        assert "Traceback" not in res.stderr and "erreur" not in res.stderr.lower()
        assert "error" not in res.stderr.lower(), res.stderr
        assert re.fullmatch(re.escape(stdout).replace(r"\{n\}", r"\d+"), res.stdout), res.stdout
        sent = sorted((tmp_path / "outbox").glob("*.eml")) if "--sandbox" in argv else []
        assert len(sent) == messages, res.stderr
        if "--sandbox" in argv:
            assert f"sandbox: {messages} message(s) accepted" in res.stderr
            certificate = res.stderr.split("certificate for ", 1)[1].split(";", 1)[0]
            assert not re.search(r"\.(txt|csv)\b", certificate), certificate  # file names
