"""``export --python`` of the string functions' options and arrays (export/string_options.py),
in French and in English: ExtraitChaîne's rank constants, Position/Contient/ExtraitChaîne given
an array, Contient's options, SansEspace's sscIntérieur and characters, ChaîneCommencePar/
ChaîneFinitPar's cc… options, PositionOccurrence's options.

Each script is exported, passes ruff (E,F,W,I,UP,B), ruff format and mypy, and run by the
Python of a fresh venv without wlmail prints what ``wlmail run`` prints (same exit code,
stdout and stderr). What cannot be written the same is refused with its line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_export import assert_run_the_same, export_scripts, venv  # noqa: F401  (venv: the fixture)

from wlmail.export.program import ExportError, export_python

SCRIPTS: dict[str, str] = {
    "walk_fr": """\
s est une chaîne = "a,b;c"
seps est un tableau de chaînes = [",", ";"]
m est une chaîne = ExtraitChaîne(s, rangPremier, seps)
TANTQUE m <> EOT
\tInfo(m)
\tm = ExtraitChaîne(s, rangSuivant, seps)
FIN
Info(ExtraitChaîne(s, rangSuivant, seps) = EOT)
t est une chaîne = "x" + TAB + "y"
Info(ExtraitChaîne(t, rangDernier), ExtraitChaîne(t, rangPrécédent))
Info(ExtraitChaîne(t, rangPrécédent) = EOT)
Info(ExtraitChaîne("1,2", rangPremier, ","), ExtraitChaîne("1,2", rangSuivant, [","]))
Info(s.ExtraitChaîne(rangPremier, ";"), s.ExtraitChaîne(rangSuivant, ";"))
Info(ExtraitChaîne("a;;b,c", 3, [";", ",", ""]), ExtraitChaîne("a;;b,c", 1, seps, DepuisFin))
Info(ExtraitChaîne("abc", 2, ["", ""]) = EOT, "[" + ExtraitChaîne("a::b", 2, [":", "::"]) + "]")
Suite()
PROCÉDURE Suite()
// la position d'un parcours est celle du texte, où qu'on la lise
Info(ExtraitChaîne("p q", rangSuivant, " ") = EOT, ExtraitChaîne("p q", rangPremier, " "))
Info(ExtraitChaîne("p q", rangSuivant, " "))
""",
    "walk_en": """\
s is string = "k=v&a=b"
p is string = ExtractString(s, firstRank, ["&", "="])
WHILE p <> EOT
\tTrace(p)
\tp = ExtractString(s, nextRank, ["&", "="])
END
Info(ExtractString(s, lastRank, "&"), ExtractString(s, previousRank, "&"))
Info(ExtractString(s, previousRank, "&") = EOT)
Info(ExtractString(s, 2, ["=", "&"]), ExtractString(s, 1, ["&"], FromEnd))
Info(ExtractString(s, 9, ["&"]) = EOT)
""",
    "search_fr": """\
tab est un tableau de chaînes = ["", "na", "BA"]
vide est une chaîne = ""
cherche est une chaîne = "an"
s est une chaîne = "Banana bandana"
Info(Position(s, tab), Position(s, tab, 5), Position(s, tab, 1, SansCasse))
Info(Position(s, tab, 0, DepuisFin), Position(s, ["an", "ban"], 20, DepuisFin + SansCasse))
Info(Position(s, ["ana"], 1, MotComplet), Position("", tab))
Info(Contient(s, cherche), Contient(s, vide), Contient(s, ""), Contient(s, "ANA"))
Info(Contient(s, "ANA", SansCasse + DepuisFin), Contient("xa.by", "A.B", SansCasse))
Info(Contient("xacby", "a.b", SansCasse), Contient(s, "bandana", MotComplet))
Info(Contient(s, "band", MotComplet), Contient(s, tab), Contient(s, ["zz", ""]))
Info(Contient(s, ["BAN"], SansCasse))
Info(PositionOccurrence("Ab ab AB", "ab", 2, SansCasse))
Info(PositionOccurrence("Ab ab AB", "ab", 1, SansCasse + DepuisFin))
Info(PositionOccurrence("art partir art", "art", 2, MotComplet + DepuisFin))
Info(PositionOccurrence("abc", "", 1, DepuisFin), PositionOccurrence("a,b", ",", 3, DepuisFin))
""",
    "search_en": """\
words is array of strings = ["cat", "dog"]
t is string = "hotdog catalog"
Info(Position(t, words), Position(t, words, 8), Position(t, words, Length(t), FromEnd))
Info(Position(t, ["CAT"], 1, IgnoreCase + WholeWord))
Info(Contains(t, words), Contains(t, "DOG"), Contains(t, "DOG", IgnoreCase))
Info(Contains(t, "cat", WholeWord), Contains(t, ["x", "og"], IgnoreCase))
Info(PositionOccurrence("a-b-c", "-", 1, FromEnd), PositionOccurrence("A a", "a", 2, IgnoreCase))
""",
    "space_fr": """\
x est une chaîne = "--a--b---c--"
tiret est une chaîne = "-"
rien est une chaîne = ""
Info("[" + SansEspace("  a   b  ", 0) + "]")
Info("[" + SansEspace("  a   b  ", sscDébut + sscIntérieur) + "]")
Info("[" + SansEspace("  a   b  ", sscFin + sscIntérieur) + "]")
Info(SansEspace(x, sscIntérieur, "-"), SansEspace(x, sscExtérieur + sscIntérieur, tiret))
Info(SansEspace(x, sscExtérieur, rien), SansEspace(x, sscIntérieur, rien))
Info(SansEspace(x, sscExtérieur, ""))
Info("[" + SansEspace("a" + TAB + " " + RC + "b", sscIntérieur) + "]")
Info(SansEspace("a]]-b", sscIntérieur, "]-"))
Info(SansEspace(12002, sscIntérieur, 0))
Info(ChaîneCommencePar("  Été 2024", "ETE", ccSansEspace + ccSansAccent + ccSansCasse))
Info(ChaîneCommencePar("Été", "été", ccMajuscule))
Info(ChaîneFinitPar("a-b-c!", "BC", ccSansPonctuationNiEspace + ccSansCasse))
p est une chaîne = "STRASSE"
Info(ChaîneCommencePar("straße", p, ccSansCasse), ChaîneFinitPar("Straße", "SSE", ccSansCasse))
Info(ChaîneFinitPar("ABC", "bc", ccMinuscule), ChaîneCommencePar(12345, 12, ccNormal))
Info(ChaîneCommencePar("a b c", "ab", ccSansEspaceIntérieur))
Info(ChaîneFinitPar(" x ", "x", ccSansEspace))
// casefold, as the runtime compares: "ı".upper() is "I", but "ı" is not "i"
Info(ChaîneCommencePar("ıx", "I", ccSansCasse))
""",
    "space_en": """\
s is string = "  a  b  "
Info("[" + NoSpace(s, sscInside) + "]", "[" + NoSpace(s, sscStart + sscInside) + "]")
Info(NoSpace("**a**", sscOutside, "*"), NoSpace("a**b", sscInside, "*"))
Info(StringStartsWith("Éric", "eric", ccIgnoreCase + ccIgnoreAccent))
Info(StringEndsWith("a.TXT", ".txt", ccLowCase), StringStartsWith(" x", "x", ccIgnoreSpace))
Info(StringEndsWith("x", "X", ccNormal))
""",
}


def test_string_options_run_the_same(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    assert_run_the_same(tmp_path, venv, export_scripts(tmp_path, SCRIPTS))


def test_string_options_read_as_python(tmp_path: Path) -> None:
    texts = {t: p.read_text(encoding="utf-8") for t, p in export_scripts(tmp_path, SCRIPTS).items()}
    walk = texts["walk_fr"]
    assert "m: str = ExtractWalk.first(s, seps)" in walk and "m = ExtractWalk.next(s, seps)" in walk
    assert "ExtractWalk.last(t)" in walk and "ExtractWalk.previous(t)" in walk
    assert 'extract_any("a;;b,c", 1, seps, from_end=True)' in walk
    assert 'p = ExtractWalk.next(s, ["&", "="])' in texts["walk_en"]
    helpers = (tmp_path / "walk_fr_wl.py").read_text(encoding="utf-8")
    assert "class ExtractWalk:" in helpers and "def pieces(" in helpers
    assert "def extract_string(" not in helpers  # only what is used
    search = texts["search_fr"]
    assert "position_any(s, tab, 1, ignore_case=True)" in search
    assert 'int("ANA" in s)' in search and "int(position(s, cherche) > 0)" in search
    assert 're.search("A\\\\.B", "xa.by", re.IGNORECASE) is not None' in search
    assert 'position_with(s, "band", whole_word=True) > 0' in search
    assert 'position_any(s, ["BAN"], ignore_case=True) > 0' in search
    assert 'position_occurrence_with("a-b-c", "-", 1, from_end=True)' in texts["search_en"]
    assert 're.search("DOG", t, re.IGNORECASE) is not None' in texts["search_en"]
    space = texts["space_fr"]
    assert 'no_space_inside("  a   b  ".lstrip(" \\t\\r\\n"))' in space
    assert "no_space_inside(x.strip(tiret), tiret)" in space and "x.strip(rien)" in space
    assert 'int("straße".casefold().startswith(p.casefold()))' in space
    assert 'int("Straße".casefold().endswith("sse"))' in space  # the literal, made at export
    assert 'string_format("a-b-c!", ignore_punctuation=True).casefold().endswith("bc")' in space
    en = texts["space_en"]
    assert 'int(string_format("Éric", ignore_accent=True).casefold().startswith("eric"))' in en
    assert 'int(" x".strip().startswith("x"))' in en and '"**a**".strip("*")' in en


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("r est un entier = rangSuivant\n", "the constant rangSuivant"),
        (
            'Info(ExtraitChaîne("a;b", rangPremier, ";", DepuisFin))\n',
            "ExtraitChaîne with a rank constant and an option",
        ),
        (
            'o est un entier = SansCasse\nInfo(Position("ab", ["B"], 1, o))\n',
            "Position with options that are not constants",
        ),
        (
            't is array of int = [1]\nInfo(Position("a1", t))\n',
            "an array that is not of texts where a text is searched",
        ),
        (
            'n est un entier = 4\nInfo(SansEspace(" a  b ", n))\n',
            "SansEspace with options that are not constants",
        ),
        (
            'n is int = 1\nInfo(StringStartsWith("Ab", "a", n))\n',
            "StringStartsWith with options that are not constants",
        ),
        (
            'o is int = 4\nInfo(Contains("Ab", "a", o))\n',
            "Contains with options that are not constants",
        ),
    ],
)
def test_what_cannot_be_the_same_is_refused(text: str, reason: str) -> None:
    with pytest.raises(ExportError) as caught:
        export_python(text, "x.wl")
    problems = caught.value.problems
    assert [p.message for p in problems] == [reason], problems
    assert problems[0].line == text.count("\n")
