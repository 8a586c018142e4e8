"""``wlmail translate``: golden pairs both ways, round trips over every script, same behaviour.

Like sqlglot's ``validate_all`` (each golden pair read in one language, written in the other) and
``validate_identity`` (FR→EN→FR and EN→FR→EN give the input back byte for byte). A round trip
may differ only where :func:`translate` itself reported a word as lossy, for a documented reason.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from wl_cases import load_cases

from wlmail.errors import WLSyntaxError
from wlmail.runtime.driver import run_source
from wlmail.runtime.host import CaptureHost
from wlmail.translate import REASONS, classify, convert, translate
from wlmail.translate_cli import translate_command

ROOT = Path(__file__).resolve().parent.parent
PAIRS = sorted((ROOT / "tests" / "translate").glob("*.fr.wl"))
SAMPLES = sorted((ROOT / "samples").glob("*.wl"))
WL_FILES = sorted((ROOT / "tests" / "wl").glob("*.wl"))


def _lang(path: Path) -> str:
    return "en" if path.stem.endswith("-en") or path.stem.endswith(".en") else "fr"


def _other(lang: str) -> str:
    return "en" if lang == "fr" else "fr"


def _sources(path: Path) -> list[tuple[str, str]]:
    if path.parent.name == "wl":
        return [(f"{path.name}:{c.first_line}", c.source) for c in load_cases(path)]
    return [(path.name, path.read_text(encoding="utf-8"))]


# ---- golden pairs (validate_all) ---------------------------------------------------------------
@pytest.mark.parametrize("fr_path", PAIRS, ids=lambda p: p.name)
def test_golden_pair(fr_path: Path) -> None:
    en_path = fr_path.with_name(fr_path.name.replace(".fr.wl", ".en.wl"))
    fr, en = fr_path.read_text(encoding="utf-8"), en_path.read_text(encoding="utf-8")
    to_en, to_fr = translate(fr, "en"), translate(en, "fr")
    assert to_en.text == en
    assert to_fr.text == fr
    assert to_en.lossy == [] and to_fr.lossy == []


# ---- round trips (validate_identity) -----------------------------------------------------------
@pytest.mark.parametrize("path", SAMPLES + WL_FILES, ids=lambda p: p.name)
def test_round_trip(path: Path) -> None:
    """Byte for byte, except at the words translate() reports, each for a documented reason."""
    lang = _lang(path)
    problems = []
    for name, text in _sources(path):
        try:
            there = translate(text, _other(lang), name)
        except WLSyntaxError:
            continue  # cases written to fail parsing
        back = translate(there.text, lang, name).text
        if there.text == text:  # already in the target language: the round trip goes the other way
            back = translate(translate(text, lang, name).text, _other(lang), name).text
        if back == text:
            assert there.lossy == [], name
            continue
        if not there.lossy:
            problems.append(f"{name}: round trip differs and nothing was reported")
        for item in there.lossy:
            if classify(item, _other(lang)) not in REASONS:
                problems.append(f"{name}:{item.line}: {item.word!r} -> {item.back!r}")
    assert not problems, "\n".join(problems)


def test_samples_are_lossless_but_for_accents() -> None:
    """Every sample comes back exactly, but for words written without their accents."""
    for path in SAMPLES:
        lossy = translate(path.read_text(encoding="utf-8"), _other(_lang(path))).lossy
        assert all(classify(item, _other(_lang(path))) == "accents" for item in lossy), path


# ---- the translated script does the same thing ------------------------------------------------
HEAD = re.compile(r"^([^\n]*?):(\d+):(\d+): (.*)$")
QUOTED = re.compile(r"«[^»]*»|'[^']*'")


def _run(text: str, lang: str) -> tuple[int, str, list[str]]:
    host = CaptureHost()
    code = run_source(text, "case.wl", host, lang=lang)
    err: list[str] = []
    skip = 0
    for line in host.err.getvalue().splitlines():
        if skip:
            skip -= 1  # the source line and its caret: written in the script's words
            continue
        m = HEAD.match(line)
        if m:
            # columns move with word lengths; a message may quote a property as written
            err.append(f"{m.group(1)}:{m.group(2)}: {QUOTED.sub('<name>', m.group(4))}")
            skip = 2
        else:
            err.append(line)
    return code, host.out.getvalue(), err


NETWORK = ("mail", "doc", "oauth", "receive")  # samples that talk to mail / OAuth servers
OFFLINE = [p for p in SAMPLES if not p.name.startswith(NETWORK)] + WL_FILES
SANDBOXED = [p for p in SAMPLES if p.name.startswith(("doc", "oauth", "receive"))]


@pytest.mark.parametrize("path", OFFLINE, ids=lambda p: p.name)
def test_translated_script_runs_the_same(path: Path) -> None:
    lang = _lang(path)
    for name, text in _sources(path):
        try:
            there = translate(text, _other(lang), name).text
        except WLSyntaxError:
            continue
        assert _run(there, lang) == _run(text, lang), name


@pytest.mark.parametrize("path", SANDBOXED, ids=lambda p: p.name)
def test_translated_oauth_sample_runs_the_same_in_the_sandbox(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wlmail.sandbox.run import start_sandbox

    text = path.read_text(encoding="utf-8")
    there = translate(text, _other(_lang(path)), path.name).text
    results = []
    for i, script in enumerate((text, there)):
        # each run in a folder of its own: the Microsoft 365 samples keep their token in
        # the current directory (never the repository's)
        (tmp_path / f"run{i}").mkdir()
        monkeypatch.chdir(tmp_path / f"run{i}")
        host = CaptureHost()
        start_sandbox(host, script, outbox=tmp_path / f"outbox{i}")
        code = run_source(script, "case.wl", host, lang=_lang(path))
        sent = sorted(p.name for p in (tmp_path / f"outbox{i}").glob("*.eml"))
        results.append((code, host.out.getvalue(), sent))
    assert results[0] == results[1]


# ---- rules, one by one ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fr", "en"),
    [
        ("SI x ALORS\nFIN\n", "IF x THEN\nEND\n"),
        ("si x alors\nfin\n", "if x then\nend\n"),
        ("Si x Alors\nFin\n", "If x Then\nEnd\n"),
        ("x est un entier\n", "x is int\n"),
        ("x est entier\n", "x is an int\n"),
        ("x est une entier\n", "x is a int\n"),
        ("s est une chaîne\n", "s is string\n"),
        ("s est un chaîne\n", "s is an string\n"),
        ("a, b sont des entiers\n", "a, b are ints\n"),
        ("A, B SONT DES ENTIERS\n", "A, B ARE INTS\n"),
        ("t est un tableau d'entiers\n", "t is array of ints\n"),
        ("t est un tableau de entiers\n", "t is array of int\n"),
        ("t est un tableau de chaînes\n", "t is array of strings\n"),
        ("t est un tableau associatif de chaînes\n", "t is associative array of strings\n"),
        ("S est une structure\n\tn est un entier\nFIN\n", "S is a structure\n\tn is int\nEND\n"),
        ("POUR i = 1 À 3\nFIN\n", "FOR i = 1 TO 3\nEND\n"),
        ("POUR TOUTE x DE t\nFIN\n", "FOR ALL x OF t\nEND\n"),
        ('x = ChaîneConstruit("%1", 2)\n', 'x = StringBuild("%1", 2)\n'),
        ('x = chaîneconstruit("", 2)\n', 'x = stringbuild("", 2)\n'),
        ('x = CHAÎNECONSTRUIT("", 2)\n', 'x = STRINGBUILD("", 2)\n'),
        ("x = Vrai ET Faux\n", "x = True AND False\n"),
        ("AUTRE\tCAS", "OTHER\tCASE"),
    ],
)
def test_rule_both_ways(fr: str, en: str) -> None:
    text = fr if fr.endswith("\n") else f"SELON 1\n{fr}\nFIN\n"
    want = en if en.endswith("\n") else f"SWITCH 1\n{en}\nEND\n"
    assert translate(text, "en").text == want
    assert translate(want, "fr").text == text


def test_user_names_stay_even_when_they_look_like_words_of_the_other_language() -> None:
    fr = 'Length est un entier = Taille("abc")\nTaille est une chaîne\nInfo(Length, Taille)\n'
    en = translate(fr, "en").text
    assert en == 'Length is int = Taille("abc")\nTaille is string\nInfo(Length, Taille)\n'
    assert translate(en, "fr").text == fr


def test_strings_comments_continuations_and_spacing_untouched() -> None:
    fr = 'SI  x  =  "SI"   ALORS // SI ALORS\r\n\tInfo("FIN", ...\r\n  x)\r\nFIN\r\n'
    en = translate(fr, "en").text
    assert en == 'IF  x  =  "SI"   THEN // SI ALORS\r\n\tInfo("FIN", ...\r\n  x)\r\nEND\r\n'
    assert translate(en, "fr").text == fr


def test_properties_need_a_known_type() -> None:
    fr = 'e est un Email\ne.Sujet = "x"\nv est un variant\nv.Sujet = "y"\n'
    en = translate(fr, "en").text
    assert "e.Subject" in en and "v.Sujet" in en  # v's type is not known: kept
    assert translate(en, "fr").text == fr


def test_lossy_words_are_reported_with_a_reason() -> None:
    fr = "POUR i = 1 A 3\nFIN\nTANT QUE Faux\nFIN\ns est une chaine\nsi Vrai ALORS Info(1)\n"
    result = translate(fr, "en")
    reasons = {item.word: classify(item, "en") for item in result.lossy}
    assert reasons == {"A": "accents", "TANT QUE": "variant", "chaine": "accents"}


def test_convert_pairs_spellings_by_position() -> None:
    assert convert("TOUTE", ("TOUT", "TOUTE"), ("EACH", "ALL"), "en") == "ALL"
    assert convert("ALL", ("TOUT", "TOUTE"), ("EACH", "ALL"), "fr") == "TOUTE"
    assert convert("TOUS", ("TOUT", "TOUTE", "TOUS"), ("EACH", "ALL"), "en") == "EACH"
    assert convert("EACH", ("TOUT",), ("EACH",), "en") is None  # already English


def test_syntax_error_is_refused() -> None:
    with pytest.raises(WLSyntaxError):
        translate("SI x ALORS\n", "en")


# ---- command -------------------------------------------------------------------------------------
def _capture(monkeypatch: pytest.MonkeyPatch) -> tuple[io.BytesIO, io.StringIO]:
    out, err = io.BytesIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding="utf-8"))
    monkeypatch.setattr(sys, "stderr", err)
    return out, err


def test_command_writes_bytes_and_keeps_bom_and_crlf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "s.wl"
    script.write_bytes(b'\xef\xbb\xbfSI Vrai ALORS\r\n\tInfo("\xc3\xa9t\xc3\xa9")\r\nFIN\r\n')
    out, _err = _capture(monkeypatch)
    assert translate_command(str(script), "en") == 0
    assert out.getvalue() == b'\xef\xbb\xbfIF True THEN\r\n\tInfo("\xc3\xa9t\xc3\xa9")\r\nEND\r\n'


def test_command_in_place_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "s.wl"
    original = (ROOT / "samples" / "bonjour.wl").read_bytes()
    script.write_bytes(original)
    _capture(monkeypatch)
    assert translate_command(str(script), "en", in_place=True) == 0
    assert b"FOR EACH" in script.read_bytes()
    assert translate_command(str(script), "fr", in_place=True) == 0
    assert script.read_bytes() == original


def test_command_reports_lossy_words_and_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "s.wl"
    script.write_text("POUR i = 1 A 2\nFIN\n", encoding="utf-8")
    _out, err = _capture(monkeypatch)
    assert translate_command(str(script), "en") == 0
    assert f"{script}:1:12: avertissement:" in err.getvalue()
    script.write_text("SI x ALORS\n", encoding="utf-8")
    assert translate_command(str(script), "en") == 65
    assert translate_command(str(tmp_path / "missing.wl"), "en") == 66


def test_a_file_already_in_the_target_language_warns_only_for_real_losses(tmp_path: Path) -> None:
    """Issue 14: `translate --to fr` of a French file listed every word ("« SI » reviendra « IF »");
    now only the words a round trip would change, one line per word with its count."""
    path = tmp_path / "f.wl"
    path.write_text(
        "MaSession est une emailSessionSMTP\nSI EmailOuvreSession(MaSession) ALORS\n"
        "\tInfo(1)\nFIN\nPOUR i = 1 A 3\n\ts est une chaine\nFIN\nx est une chaine\n",
        encoding="utf-8",
    )
    res = subprocess.run(
        [sys.executable, "-m", "wlmail", "translate", "--to", "fr", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert res.returncode == 0
    assert res.stdout == path.read_text(encoding="utf-8")
    assert res.stderr.splitlines() == [
        f"{path}:5:12: avertissement: « A » reviendra « À » après la traduction inverse",
        f"{path}:6:12: avertissement: « chaine » reviendra « chaîne » après la traduction inverse"
        " (×2)",
    ]
