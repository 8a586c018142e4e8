"""Run-time errors point at what failed, not at the statement's first column (issue 16)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CASES = [
    (
        "MaSession est un emailSessionSMTP\nMaSession.Prot = 25\n",
        "s.wl:2:11: erreur fatale: « Prot » n'est pas une propriété de emailSessionSMTP ; "
        "vouliez-vous dire « Port » ?\n    MaSession.Prot = 25\n              ^\n",
    ),
    (
        'n est un entier = 0\nInfo("a / b", 10 / n) // une / dans le commentaire\n',
        "s.wl:2:18: erreur fatale: division par zéro\n"
        '    Info("a / b", 10 / n) // une / dans le commentaire\n'
        "                     ^\n",
    ),
    (
        "x is int\nx.Foo = 2\n",
        "s.wl:2:3: fatal error: 'Foo' is not a property of int\n    x.Foo = 2\n      ^\n",
    ),
    (
        "m est un Email\nInfo(m.Attache[1].Nom, m.Sujett)\n",
        "s.wl:2:26: erreur fatale: « Sujett » n'est pas une propriété de Email ; "
        "vouliez-vous dire « Sujet » ?\n    Info(m.Attache[1].Nom, m.Sujett)\n"
        "                             ^\n",
    ),
    (
        "x est un entier = 1\nInfo(x, P(1, 2))\nPROCÉDURE P(a)\nRENVOYER a\n",
        "s.wl:2:9: erreur fatale: P reçoit 2 paramètres mais n'en déclare que 1\n"
        "    Info(x, P(1, 2))\n            ^\n",
    ),
    (
        'Info("ok")\nx est un entier = 1 + Inconnu\n',
        "s.wl:2:23: erreur fatale: « Inconnu » est inconnu\n"
        "    x est un entier = 1 + Inconnu\n                          ^\n",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_caret_under_what_failed(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "s.wl").write_text(text, encoding="utf-8")
    res = subprocess.run(
        [sys.executable, "-m", "wlmail", "run", "s.wl"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert res.returncode == 70
    assert res.stderr == expected
    assert res.stdout == ("ok\n" if text.startswith('Info("ok")') else "")
