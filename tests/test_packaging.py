"""grammar/ and stdlib/ ship inside the wheel and are read from the installed package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import importlib.resources as r, pathlib, sys
import wlmail, wlmail.resources as res
here = pathlib.Path(wlmail.__file__).resolve().parent
assert str(here).startswith(sys.argv[1]), here
assert r.files("wlmail").joinpath("grammar/wlangage.lark").is_file()
assert str(res.data_dir("stdlib")).startswith(sys.argv[1])
from wlmail.syntax.parser import parse_program
from wlmail.catalog import get_catalog
assert get_catalog().function("Info") is not None
print(type(parse_program("SI Vrai ALORS Info(1)", "x.wl").body[0]).__name__)
"""


def test_wheel_carries_grammar_and_catalog(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("wlmail-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "wlmail/grammar/wlangage.lark" in names
    assert "wlmail/stdlib/keywords.toml" in names
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target), "WLMAIL_NO_CACHE": "1"}
    out = subprocess.run(
        [
            sys.executable,
            "-I",
            "-c",
            "import sys; sys.path.insert(0, sys.argv[2]); exec(sys.argv[3])",
            str(target),
            str(target),
            PROBE,
        ],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert out.stdout.strip() == "If"
