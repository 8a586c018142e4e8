"""``export --python`` beyond mail: what the terminal gets (``RC``), errors, ``Hasard``, dates.

Each exported program runs in the fresh venv without wlmail (tests/test_export.py's fixture)
and must write the same BYTES as ``wlmail run``, the real command included.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test_export import ROOT, _lint, _run, _text, _wlmail, venv  # noqa: F401  (venv: the fixture)

from wlmail.export.program import export_python

RC_SCRIPT = """\
Info("ligne 1" + RC + "ligne 2")
s est une chaîne = "a" + RC + "b" + Caract(13) + "c"
Info(s, "fin")
Trace("x" + RC, 2)
Erreur("e" + RC + "f")
m est une chaîne = [
\tun
\tdeux
]
Info(m)
Info(Taille(s))
"""


def _wlmail_command(script: Path) -> tuple[int, str, str]:
    """``wlmail run`` itself, its stdout and stderr read as bytes."""
    done = subprocess.run(
        [sys.executable, "-m", "wlmail", "run", script.name],
        capture_output=True,
        cwd=script.parent,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return done.returncode, _text(done.stdout), _text(done.stderr)


def _export_to(tmp_path: Path, text: str, stem: str = "s") -> tuple[Path, Path]:
    script = tmp_path / f"{stem}.wl"
    script.write_text(text, encoding="utf-8")
    program = tmp_path / f"{stem}.py"
    result = export_python(text, script.name, output=program.name)
    program.write_text(result.source, encoding="utf-8")
    if result.helpers:
        (tmp_path / f"{stem}_wl.py").write_text(result.helpers, encoding="utf-8")
    return script, program


def test_rc_reaches_the_terminal_as_wlmail_writes_it(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    script, program = _export_to(tmp_path, RC_SCRIPT)
    expected = (0, "ligne 1\nligne 2\na\nb\nc\nfin\nun\ndeux\n6\n", "x\n, 2\ne\nf\n")
    assert _wlmail_command(script) == expected  # the real command: LF only, in bytes
    assert _wlmail(script) == expected  # what the other tests compare with
    assert _run(venv, program) == expected
    text = program.read_text(encoding="utf-8")
    assert 'print("ligne 1\\nligne 2")' in text  # a literal is changed at export time
    assert 's: str = f"a\\r\\nb{chr(13)}c"' in text  # the value keeps its CR LF
    _lint(program)


def test_a_program_without_cr_prints_its_texts_as_they_are(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    script, program = _export_to(tmp_path, 's est une chaîne = "a" + "b"\nInfo(s + "!")\n')
    assert _run(venv, program) == _wlmail(script) == (0, "ab!\n", "")
    assert ".replace(" not in program.read_text(encoding="utf-8")
