"""``wlmail check`` as good as ruff (issue 16): source line and caret, codes, colour,
--select/--ignore/--exit-zero/--statistics, text/json/github/sarif, wlmail.toml/pyproject."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

MISTAKES = """\
MaSession est un emailSessionSMTP
MaSession.Option = "TLS"
MaSession.Port = "cinq"
MonEmail est un Email
MonEmail.Attache[1].Taille = 10
MaSession.Prot = 25
MaSession.OuvreSesion()
"""

EXPECTED = """\
s.wl:2:20: erreur[property_constant]: emailSessionSMTP.Option n'accepte que \
emailOptionDéfaut, emailOptionSécuriséTLS, emailProtocoleSMTPS, optionSSL (ou leur combinaison) : \
« TLS » refusé
    MaSession.Option = "TLS"
                       ^
s.wl:3:18: erreur[property_number]: emailSessionSMTP.Port attend un nombre : « cinq » n'en \
est pas un
    MaSession.Port = "cinq"
                     ^
s.wl:5:21: erreur[property_read_only]: la propriété « Taille » ne peut pas être modifiée
    MonEmail.Attache[1].Taille = 10
                        ^
s.wl:6:11: erreur[unknown_member]: « Prot » n'est pas une propriété de emailSessionSMTP ; \
vouliez-vous dire « Port » ?
    MaSession.Prot = 25
              ^
s.wl:7:11: erreur[unknown_method]: méthode « OuvreSesion » inconnue ; vouliez-vous dire \
« OuvreSession » ?
    MaSession.OuvreSesion()
              ^
"""

WARNING_ONLY = 's est une chaîne = Crypte("a", "b")\n'


def check(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None, **files: str
) -> subprocess.CompletedProcess[str]:
    for name, text in files.items():
        (tmp_path / name.replace("__", ".")).write_text(text, encoding="utf-8")
    clean_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "wlmail", "check", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**clean_env, **(env or {})},
        timeout=60,
    )


def test_every_diagnostic_has_its_code_line_and_caret(tmp_path: Path) -> None:
    res = check(tmp_path, "s.wl", s__wl=MISTAKES)
    assert (res.returncode, res.stdout, res.stderr) == (1, EXPECTED, "")


def test_warnings_alone_exit_zero_and_exit_zero_forgives_errors(tmp_path: Path) -> None:
    res = check(tmp_path, "w.wl", w__wl=WARNING_ONLY)
    assert res.returncode == 0
    assert res.stdout.startswith("w.wl:1:20: avertissement[unsupported_function]: ")
    assert check(tmp_path, "--exit-zero", "s.wl", s__wl=MISTAKES).returncode == 0


def test_select_and_ignore_by_code_or_prefix(tmp_path: Path) -> None:
    res = check(
        tmp_path, "--select", "property", "--ignore", "property_read_only", "s.wl", s__wl=MISTAKES
    )
    heads = [line.split(": ", 2)[1] for line in res.stdout.splitlines() if line.startswith("s.wl")]
    assert heads == ["erreur[property_constant]", "erreur[property_number]"]
    assert res.returncode == 1
    res = check(
        tmp_path, "--ignore", "property,unknown_member", "--ignore", "unknown_method", "s.wl"
    )
    assert (res.returncode, res.stdout) == (0, "")


def test_statistics_count_by_code(tmp_path: Path) -> None:
    text = MISTAKES + 'MaSession.Port = "six"\n'
    res = check(tmp_path, "--statistics", "--select", "property_number", "s.wl", s__wl=text)
    assert res.stdout.endswith("     2  property_number          error\n")


def test_github_annotations(tmp_path: Path) -> None:
    res = check(
        tmp_path, "--format", "github", "--select", "property_number", "s.wl", s__wl=MISTAKES
    )
    assert res.stdout == (
        "::error file=s.wl,line=3,col=18,title=wlmail property_number::"
        "emailSessionSMTP.Port attend un nombre : « cinq » n'en est pas un\n"
    )


def test_sarif_log(tmp_path: Path) -> None:
    res = check(tmp_path, "--format", "sarif", "s.wl", "w.wl", s__wl=MISTAKES, w__wl=WARNING_ONLY)
    log = json.loads(res.stdout)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert "unsupported_function" in rules and "property_read_only" in rules
    first = run["results"][0]
    assert first["ruleId"] == "property_constant" and first["level"] == "error"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "s.wl"},
        "region": {"startLine": 2, "startColumn": 20},
    }
    assert run["results"][-1]["level"] == "warning"
    assert rules[first["ruleIndex"]] == "property_constant"


def test_json_keeps_its_shape(tmp_path: Path) -> None:
    res = check(tmp_path, "--format", "json", "--select", "unknown_member", "s.wl", s__wl=MISTAKES)
    assert json.loads(res.stdout) == [
        {
            "file": "s.wl",
            "line": 6,
            "column": 11,
            "severity": "error",
            "code": "unknown_member",
            "message": "« Prot » n'est pas une propriété de emailSessionSMTP ; "
            "vouliez-vous dire « Port » ?",
        }
    ]


def test_settings_from_wlmail_toml_then_pyproject(tmp_path: Path) -> None:
    sub = tmp_path / "src"
    sub.mkdir()
    (sub / "s.wl").write_text(MISTAKES, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.wlmail]\nselect = ["unknown"]\nlang = "en"\n', encoding="utf-8"
    )
    res = check(sub, "s.wl")  # the nearest settings, one folder up
    assert res.stdout.splitlines()[0] == (
        "s.wl:6:11: error[unknown_member]: 'Prot' is not a property of emailSMTPSession; "
        "did you mean 'Port'?"
    )
    assert len([ln for ln in res.stdout.splitlines() if ln.startswith("s.wl")]) == 2
    (sub / "wlmail.toml").write_text('ignore = ["ALL"]\n', encoding="utf-8")
    assert check(sub, "s.wl").stdout == ""  # wlmail.toml wins over pyproject.toml
    (sub / "wlmail.toml").write_text('selct = ["x"]\n', encoding="utf-8")
    bad = check(sub, "s.wl")
    assert bad.returncode == 64 and "unknown setting 'selct'" in bad.stderr


def test_colour_on_a_terminal_unless_no_color(tmp_path: Path) -> None:
    (tmp_path / "s.wl").write_text(MISTAKES, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}

    def on_a_terminal(extra: dict[str, str]) -> str:
        leader, follower = pty.openpty()
        proc = subprocess.Popen(
            [sys.executable, "-m", "wlmail", "check", "--select", "property_number", "s.wl"],
            stdout=follower,
            stderr=subprocess.DEVNULL,
            cwd=tmp_path,
            env={**env, "TERM": "xterm", **extra},
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                data = os.read(leader, 4096)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(timeout=60)
        os.close(leader)
        return b"".join(chunks).decode("utf-8")

    coloured = on_a_terminal({})
    assert "\x1b[31m\x1b[1merreur\x1b[0m\x1b[2m[property_number]\x1b[0m" in coloured
    assert "\x1b[" not in on_a_terminal({"NO_COLOR": "1"})
    piped = check(tmp_path, "s.wl")
    assert "\x1b[" not in piped.stdout
    forced = check(tmp_path, "s.wl", env={"FORCE_COLOR": "1"})
    assert "\x1b[31m" in forced.stdout


@pytest.mark.parametrize("option", ["--format", "--select", "--statistics", "--exit-zero"])
def test_help_describes_the_options(tmp_path: Path, option: str) -> None:
    res = check(tmp_path, "--help")
    assert option in res.stdout and "NO_COLOR" in res.stdout


def test_check_reads_standard_input_as_stdin(tmp_path: Path) -> None:
    res = subprocess.run(
        [sys.executable, "-m", "wlmail", "check", "-"],
        input="Infoo(1)\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert res.returncode == 1
    assert res.stdout.startswith("<stdin>:1:1: erreur[unknown_name]: « Infoo » est inconnu")
