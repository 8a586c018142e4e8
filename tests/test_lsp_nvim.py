"""A real editor: Neovim (Debian's ``neovim``), headless, with the configuration the README
gives (editors/nvim/wlmail.lua), opens a script with an error and asks for completion, hover
and a definition; the test reads what Neovim itself shows (its diagnostics and quickfix list,
its completion items), and goes to a class method's definition."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = """\
MaSession est un emailSessionSMTP
MaSession.AdresseServeur = "smtp.exemple.fr"
Info(MaSesion.Nom)
Envoie()
MaSession.Adr
c est un CCompteur
c.Ajoute(2)
CCompteur est une Classe
	nTotal est un entier
FIN
PROCÉDURE Envoie()
Trace("envoi")
PROCÉDURE CCompteur.Ajoute(n)
:nTotal += n
"""


def test_neovim_shows_diagnostics_completion_hover_definition(tmp_path: Path) -> None:
    nvim = shutil.which("nvim")
    if nvim is None:
        if os.environ.get("CI"):
            pytest.fail("nvim is missing (.ci/run installs Debian's neovim)")
        pytest.skip("needs Neovim (apt-get install neovim)")
    script = tmp_path / "envoi.wl"
    script.write_text(SCRIPT, encoding="utf-8")
    out = tmp_path / "out.json"
    cmd = json.dumps([sys.executable, "-m", "wlmail", "lsp"])
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "WL_OUT": str(out),
        "WL_LINE": "5",
        "WL_HOVER_LINE": "2",
        "WL_DEF_LINE": "4",
        "WL_METHOD_LINE": "7",
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    proc = subprocess.run(
        [
            nvim,
            "--headless",
            "-n",
            "-i",
            "NONE",
            "--cmd",
            f"lua vim.g.wlmail_cmd = vim.fn.json_decode([==[{cmd}]==])",
            "-u",
            str(ROOT / "editors" / "nvim" / "wlmail.lua"),
            str(script),
            "-c",
            f"luafile {ROOT / 'tests' / 'nvim_probe.lua'}",
        ],
        env=env,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    shown = json.loads(out.read_text(encoding="utf-8"))
    assert "error" not in shown, shown["error"]
    assert shown["ready"] is True
    assert shown["qflist"] == [
        {
            "lnum": 3,
            "col": 6,
            "type": "E",
            "text": "« MaSesion » est inconnu ; vouliez-vous dire « MaSession » ?",
        },
        {
            "lnum": 5,
            "col": 11,
            "type": "E",
            "text": "« Adr » n'est pas une propriété de emailSessionSMTP",
        },
    ]
    assert shown["completion"] == ["AdresseServeur"]
    assert shown["hover"][0].startswith("**AdresseServeur · ServerAddress: propriété de")
    assert shown["definition"] == [10, 10]
    # a class method called on an object: its `PROCÉDURE CCompteur.Ajoute` line
    assert shown["method"] == [12, 20]
