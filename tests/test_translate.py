"""``wlmail translate``: golden pairs both ways, round trips over every script, same behaviour.

Like sqlglot's ``validate_all`` (each golden pair read in one language, written in the other) and
``validate_identity``. The contract (README, "Choices where the documentation is silent"):

* by default every WLangage word is written in its canonical spelling in the target language,
  so the result is a fixpoint (translating it again changes nothing) and FR→EN→FR of it (or
  EN→FR→EN) is byte-identical, for every script, whatever its spelling;
* with ``keep_spelling`` the script's spelling is kept where a word is already in the target
  language and translated words keep their case style: the round trip gives the script back byte
  for byte, except where :func:`translate` reported a word as lossy, for a documented reason.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from wl_cases import load_cases

from wlmail.errors import WLSyntaxError
from wlmail.runtime.driver import run_source
from wlmail.runtime.host import CaptureHost
from wlmail.translate import (
    REASONS,
    Lossy,
    Translation,
    classify,
    convert,
    translate,
    translate_only,
)
from wlmail.translate_cli import translate_command
from wlmail.translate_loss import differences

ROOT = Path(__file__).resolve().parent.parent
PAIRS = sorted((ROOT / "tests" / "translate").glob("*.fr.wl"))
SAMPLES = sorted((ROOT / "samples").glob("*.wl"))
PROJECT = sorted((ROOT / "samples" / "project-fr").rglob("*.wl"))
WL_FILES = sorted((ROOT / "tests" / "wl").glob("*.wl"))
MIXED = sorted((ROOT / "tests" / "translate").glob("*.src.wl"))


def _lang(path: Path) -> str:
    return "en" if path.stem.endswith(("-en", ".en")) else "fr"


def _other(lang: str) -> str:
    return "en" if lang == "fr" else "fr"


def _sources(path: Path) -> list[tuple[str, str]]:
    if path.parent.name == "wl":
        return [(f"{path.name}:{c.first_line}", c.source) for c in load_cases(path)]
    return [(path.name, path.read_text(encoding="utf-8"))]


def _real_losses(result: Translation) -> list[Lossy]:
    """What was lost besides the words a name of the script keeps from being translated."""
    return [item for item in result.lossy if not item.kept]


# ---- golden pairs (validate_all) ---------------------------------------------------------------
@pytest.mark.parametrize("fr_path", PAIRS, ids=lambda p: p.name)
def test_golden_pair_keeps_the_spelling(fr_path: Path) -> None:
    """With keep_spelling each file of the pair is the other's translation, case styles kept."""
    en_path = fr_path.with_name(fr_path.name.replace(".fr.wl", ".en.wl"))
    fr, en = fr_path.read_text(encoding="utf-8"), en_path.read_text(encoding="utf-8")
    to_en, to_fr = translate(fr, "en", keep_spelling=True), translate(en, "fr", keep_spelling=True)
    assert to_en.text == en
    assert to_fr.text == fr
    assert _real_losses(to_en) == [] and _real_losses(to_fr) == []


@pytest.mark.parametrize("fr_path", PAIRS, ids=lambda p: p.name)
def test_golden_pair_is_one_canonical_script(fr_path: Path) -> None:
    """Canonical: both files of a pair give the same text in each language, and that text
    is a fixpoint that a round trip gives back byte for byte."""
    en_path = fr_path.with_name(fr_path.name.replace(".fr.wl", ".en.wl"))
    fr, en = fr_path.read_text(encoding="utf-8"), en_path.read_text(encoding="utf-8")
    for to in ("fr", "en"):
        canon = translate(fr, to)
        assert translate(en, to).text == canon.text
        assert _real_losses(canon) == []
        assert translate(canon.text, to).text == canon.text
        assert translate(translate(canon.text, _other(to)).text, to).text == canon.text


@pytest.mark.parametrize("src", MIXED, ids=lambda p: p.name)
def test_accent_free_and_mixed_scripts_become_canonical_once(src: Path) -> None:
    """Issue 14: `A`, `Expediteur`, `chaine`, `TANT QUE`, English words in a French script…
    are written in the catalog's spelling on the first run; the second run changes nothing."""
    text = src.read_text(encoding="utf-8")
    for to in ("fr", "en"):
        want = src.with_name(src.name.replace(".src.wl", f".canon-{to}.wl"))
        first = translate(text, to)
        assert first.text == want.read_text(encoding="utf-8")
        assert first.lossy == []
        assert translate(first.text, to).text == first.text
        assert translate(first.text, _other(to)).text == translate(text, _other(to)).text
    assert _run(text, "fr") == _run(translate(text, "en").text, "fr")


# ---- round trips (validate_identity) -----------------------------------------------------------
@pytest.mark.parametrize("path", SAMPLES + PROJECT + WL_FILES + MIXED, ids=lambda p: p.name)
def test_canonical_fixpoint_and_round_trip(path: Path) -> None:
    """Every script, both directions: the canonical text is a fixpoint, FR→EN→FR (EN→FR→EN)
    of it is byte-identical, and nothing but a name of the script keeps a word as written."""
    problems = []
    for name, text in _sources(path):
        for to in ("fr", "en"):
            try:
                canon = translate(text, to, name)
            except WLSyntaxError:
                continue  # cases written to fail parsing
            if _real_losses(canon):
                problems.append(f"{name} -> {to}: {_real_losses(canon)}")
            if translate_only(canon.text, to, name) != canon.text:
                problems.append(f"{name} -> {to}: not a fixpoint")
            there = translate_only(canon.text, _other(to), name)
            if translate_only(there, to, name) != canon.text:
                problems.append(f"{name} -> {to}: the round trip differs")
    assert not problems, "\n".join(problems)


def _degraded(text: str) -> str:
    """``text`` without accents, in lowercase: the same program (decision 1), every word
    written as far from the catalog as case and accents allow."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare).lower()


@pytest.mark.parametrize("path", SAMPLES + PROJECT, ids=lambda p: p.name)
def test_accent_free_lowercase_samples_are_canonical_after_one_run(path: Path) -> None:
    """Every sample without its accents and in lowercase: one run writes the canonical text
    (a fixpoint, which round-trips byte for byte), with nothing to warn about."""
    text = _degraded(path.read_text(encoding="utf-8"))
    for to in ("fr", "en"):
        canon = translate(text, to)
        assert canon.lossy == []
        assert translate_only(canon.text, to) == canon.text
        assert translate_only(translate_only(canon.text, _other(to)), to) == canon.text


@pytest.mark.parametrize("path", SAMPLES + WL_FILES, ids=lambda p: p.name)
def test_round_trip_keeping_the_spelling(path: Path) -> None:
    """Byte for byte, except at the words translate() reports, each for a documented reason,
    and at words the script wrote in the target language already (kept, so not a loss of this
    translation, and not reported: that listed every word of a mixed file)."""
    lang = _lang(path)
    problems = []
    for name, text in _sources(path):
        try:
            there = translate(text, _other(lang), name, keep_spelling=True)
        except WLSyntaxError:
            continue  # cases written to fail parsing
        back = translate_only(there.text, lang, name, keep_spelling=True)
        if there.text == text:  # already in the target language: the round trip goes the other way
            back = translate_only(
                translate_only(text, lang, name, keep_spelling=True),
                _other(lang),
                name,
                keep_spelling=True,
            )
        if back == text:
            assert _real_losses(there) == [], name
            continue
        for item in _real_losses(there):
            if classify(item, _other(lang)) not in REASONS:
                problems.append(f"{name}:{item.line}: {item.word!r} -> {item.back!r}")
        reported = {(item.line, item.word) for item in _real_losses(there)}
        for item in differences(text, back):
            # not reported: only a word already in the target language, kept as written, which
            # the way back translates (`Gauche` in an English script translated to French)
            if (item.line, item.word) not in reported and classify(item, _other(lang)) != "mixed":
                problems.append(f"{name}:{item.line}: {item.word!r} -> {item.back!r} unreported")
    assert not problems, "\n".join(problems)


def test_samples_are_lossless_but_for_accents() -> None:
    """Keeping the spelling, every sample comes back exactly, but for words written without
    their accents."""
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        lossy = translate(text, _other(_lang(path)), keep_spelling=True).lossy
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
def test_rule_both_ways_keeping_the_spelling(fr: str, en: str) -> None:
    text = fr if fr.endswith("\n") else f"SELON 1\n{fr}\nFIN\n"
    want = en if en.endswith("\n") else f"SWITCH 1\n{en}\nEND\n"
    assert translate(text, "en", keep_spelling=True).text == want
    assert translate(want, "fr", keep_spelling=True).text == text


@pytest.mark.parametrize(
    ("text", "fr", "en"),
    [
        ("si x alors\nfin\n", "SI x ALORS\nFIN\n", "IF x THEN\nEND\n"),
        ("If x Alors\nfin\n", "SI x ALORS\nFIN\n", "IF x THEN\nEND\n"),
        ("POUR i = 1 A 3\nFIN\n", "POUR i = 1 À 3\nFIN\n", "FOR i = 1 TO 3\nEND\n"),
        ("TANT QUE Faux\nFIN\n", "TANTQUE Faux\nFIN\n", "WHILE False\nEND\n"),
        ("Pour Tous x De t\nFin\n", "POUR TOUT x DE t\nFIN\n", "FOR EACH x OF t\nEND\n"),
        ("POUR TOUTE x DE t\nFIN\n", "POUR TOUTE x DE t\nFIN\n", "FOR ALL x OF t\nEND\n"),
        ("X EST UN ENTIER\n", "X est un entier\n", "X is int\n"),
        ("x est booléen\n", "x est booléen\n", "x is a boolean\n"),
        ("x is Chaine\n", "x est une chaîne\n", "x is string\n"),
        ("t est un Tableau D'Entiers\n", "t est un tableau d'entiers\n", "t is array of ints\n"),
        ("t is array of int\n", "t est un tableau de entiers\n", "t is array of int\n"),
        ("t est un tableau de entier\n", "t est un tableau de entiers\n", "t is array of int\n"),
        ("S est une STRUCTURE\nFIN\n", "S est une Structure\nFIN\n", "S is a Structure\nEND\n"),
        (
            'x = chaineconstruit("%1", 2)\n',
            'x = ChaîneConstruit("%1", 2)\n',
            'x = StringBuild("%1", 2)\n',
        ),
        (
            'e est un Email\ne.expediteur = ""\n',
            'e est un Email\ne.Expéditeur = ""\n',
            'e is Email\ne.Sender = ""\n',
        ),
        ("x = vrai and FAUX\n", "x = Vrai ET Faux\n", "x = True AND False\n"),
        (
            "SELON 1\nautre\tcas\nFIN\n",
            "SELON 1\nAUTRE\tCAS\nFIN\n",
            "SWITCH 1\nOTHER\tCASE\nEND\n",
        ),
    ],
)
def test_canonical_spelling(text: str, fr: str, en: str) -> None:
    """The catalog's spelling in the target language (declarations in lowercase, as WINDEV
    writes them); each result is a fixpoint and the other's translation."""
    assert translate(text, "fr").text == fr
    assert translate(text, "en").text == en
    assert translate(fr, "en").text == en and translate(en, "fr").text == fr
    assert translate(fr, "fr").text == fr and translate(en, "en").text == en


def test_user_names_stay_even_when_they_look_like_words_of_the_other_language() -> None:
    fr = 'Length est un entier = Taille("abc")\nTaille est une chaîne\nInfo(Length, Taille)\n'
    en = translate(fr, "en")
    assert en.text == 'Length is int = Taille("abc")\nTaille is string\nInfo(Length, Taille)\n'
    assert en.lossy == [Lossy(1, 24, "Taille", "Length", kept=True)]  # the one genuine loss
    assert translate(en.text, "fr").text == fr


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
    assert translate(fr, "en").lossy == []  # canonical: nothing is lost
    result = translate(fr, "en", keep_spelling=True)
    reasons = {item.word: classify(item, "en") for item in result.lossy}
    assert reasons == {"A": "accents", "TANT QUE": "variant", "chaine": "accents"}


def test_convert_pairs_spellings_by_position() -> None:
    assert convert("TOUTE", ("TOUT", "TOUTE"), ("EACH", "ALL"), "en") == "ALL"
    assert convert("ALL", ("TOUT", "TOUTE"), ("EACH", "ALL"), "fr") == "TOUTE"
    assert convert("TOUS", ("TOUT", "TOUTE", "TOUS"), ("EACH", "ALL"), "en") == "EACH"
    assert convert("EACH", ("TOUT",), ("EACH",), "en") is None  # already English
    assert convert("each", ("TOUT",), ("EACH",), "en", canonical=True) == "EACH"
    assert convert("a", ("À", "A"), ("TO",), "fr", canonical=True) == "À"
    assert convert("Toutes", ("TOUT", "TOUTE", "TOUS", "TOUTES"), ("EACH", "ALL"), "fr", True) == (
        "TOUT"  # no English form of its own: the spelling a round trip gives
    )


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
    canonical = translate(original.decode("utf-8"), "fr").text.encode("utf-8")
    script.write_bytes(original)
    _capture(monkeypatch)
    assert translate_command(str(script), "en", in_place=True, keep_spelling=True) == 0
    assert b"FOR EACH" in script.read_bytes()
    assert translate_command(str(script), "fr", in_place=True, keep_spelling=True) == 0
    assert script.read_bytes() == original
    for to in ("en", "fr", "en", "fr"):
        assert translate_command(str(script), to, in_place=True) == 0
    assert script.read_bytes() == canonical


def test_command_reports_lossy_words_and_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "s.wl"
    script.write_text("POUR i = 1 A 2\nFIN\n", encoding="utf-8")
    _out, err = _capture(monkeypatch)
    assert translate_command(str(script), "en") == 0
    assert err.getvalue() == ""  # canonical: `A` is `À`, which is `TO`: nothing lost
    assert translate_command(str(script), "en", keep_spelling=True) == 0
    assert f"{script}:1:12: avertissement:" in err.getvalue()
    script.write_text("SI x ALORS\n", encoding="utf-8")
    assert translate_command(str(script), "en") == 65
    assert translate_command(str(tmp_path / "missing.wl"), "en") == 66


def _wlmail_translate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wlmail", "translate", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


FRENCH_ACCENT_FREE = (
    "MaSession est une emailSessionSMTP\nSI EmailOuvreSession(MaSession) ALORS\n"
    "\tInfo(1)\nFIN\nPOUR i = 1 A 3\n\ts est une chaine\nFIN\nx est une chaine\n"
    'e est un Email\ne.Expediteur = "a@b.fr"\n'
)


def test_a_file_already_in_the_target_language_is_made_canonical_once(tmp_path: Path) -> None:
    """Issue 14: `translate --to fr` of an accent-free French file listed every word and was
    not a fixpoint (a second run turned `A` into `À`). Now the first run writes the canonical
    spelling, silently (nothing is lost), and the second run changes nothing."""
    path = tmp_path / "f.wl"
    path.write_text(FRENCH_ACCENT_FREE, encoding="utf-8")
    res = _wlmail_translate("--to", "fr", str(path))
    canonical = (
        FRENCH_ACCENT_FREE.replace("1 A 3", "1 À 3")
        .replace("chaine", "chaîne")
        .replace("Expediteur", "Expéditeur")
    )
    assert (res.returncode, res.stdout, res.stderr) == (0, canonical, "")
    path.write_text(res.stdout, encoding="utf-8")
    res = _wlmail_translate("--to", "fr", str(path))
    assert (res.returncode, res.stdout, res.stderr) == (0, canonical, "")


def test_keep_spelling_keeps_the_file_and_warns_once_per_word(tmp_path: Path) -> None:
    """--keep-spelling: words already in the target language stay as written; the ones a
    round trip would not give back are listed, one line per word with its count."""
    path = tmp_path / "f.wl"
    path.write_text(FRENCH_ACCENT_FREE, encoding="utf-8")
    res = _wlmail_translate("--to", "fr", "--keep-spelling", str(path))
    assert (res.returncode, res.stdout) == (0, FRENCH_ACCENT_FREE)
    assert res.stderr.splitlines() == [
        f"{path}:5:12: avertissement: « A » reviendra « À » après la traduction inverse",
        f"{path}:6:12: avertissement: « chaine » reviendra « chaîne » après la traduction inverse"
        " (×2)",
        f"{path}:10:3: avertissement: « Expediteur » reviendra « Expéditeur » après la traduction"
        " inverse",
    ]


def test_a_name_taking_a_translation_is_the_one_warning(tmp_path: Path) -> None:
    """The genuine loss: a script's own name (`Length`) is the translation of a built-in it
    calls (`Taille`), which must then stay French; said once, with its count."""
    path = tmp_path / "f.wl"
    text = 'Length est un entier = Taille("abc")\nInfo(Taille("ab"), Length, Taille(""))\n'
    path.write_text(text, encoding="utf-8")
    res = _wlmail_translate("--to", "en", str(path))
    assert res.returncode == 0
    assert res.stdout == 'Length is int = Taille("abc")\nInfo(Taille("ab"), Length, Taille(""))\n'
    assert res.stderr == (
        f"{path}:1:24: avertissement: « Taille » reste tel quel : sa traduction « Length » est un"
        " nom que le script déclare (×3)\n"
    )


def test_keep_spelling_on_a_mixed_script_warns_only_for_the_spelling_it_keeps() -> None:
    """Issue 14: a mixed script translated to its own language listed every word already in
    that language (« est » reviendra « is »…). With --keep-spelling the
    English words are translated, the French ones stay as written, and the warnings are the
    French spellings a round trip would not give back, once each."""
    src = ROOT / "tests" / "translate" / "mixed.src.wl"
    res = _wlmail_translate("--to", "fr", "--keep-spelling", str(src))
    assert res.returncode == 0
    assert res.stdout == (src.with_name("mixed.keep-fr.wl")).read_text(encoding="utf-8")
    back = "après la traduction inverse"
    assert res.stderr.splitlines() == [
        f"{src}:7:14: avertissement: « chaine » reviendra « chaîne » {back}",
        f"{src}:10:30: avertissement: « chaines » reviendra « chaînes » {back}",
        f"{src}:11:12: avertissement: « a » reviendra « à » {back}",
        f"{src}:15:6: avertissement: « Tous » reviendra « Tout » {back}",
        f"{src}:18:1: avertissement: « TANT QUE » reviendra « TANTQUE » {back}",
        f"{src}:22:12: avertissement: « Expediteur » reviendra « Expéditeur » {back}",
        f"{src}:25:14: avertissement: « chainecONSTRUIT » reviendra « ChaîneConstruit » {back}",
    ]
