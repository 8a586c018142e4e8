"""The grammar: LALR without conflicts, every rule built, keywords only from the catalog."""

from __future__ import annotations

import re

import pytest

from wlmail.catalog import get_catalog
from wlmail.errors import WLIncompleteInput, WLSyntaxError
from wlmail.resources import read_text
from wlmail.syntax import nodes as n
from wlmail.syntax.build import Builder
from wlmail.syntax.parser import parse_program
from wlmail.syntax.tables import build_lark, compute_tables


def test_grammar_has_no_lalr_conflict() -> None:
    # strict mode turns every shift/reduce conflict into an error instead of a silent shift
    build_lark(read_text("grammar", "wlangage.lark"))


def test_cached_tables_parse_like_fresh_ones() -> None:
    # Lark numbers its states differently from run to run: compare what the tables do
    from pathlib import Path

    from wl_cases import load_cases

    from wlmail.syntax.parser import Driver, _Unexpected, get_driver

    fresh = Driver(compute_tables(read_text("grammar", "wlangage.lark")))
    root = Path(__file__).parent.parent
    texts = [p.read_text(encoding="utf-8") for p in root.glob("samples/*.wl")]
    for path in root.glob("tests/wl/lang-*.wl"):
        texts += [case.source for case in load_cases(path)]
    assert len(texts) > 500
    for text in texts:
        results = []
        for driver in (get_driver(), fresh):
            try:
                results.append(driver.parse(text, "t.wl", "start", None))
            except (_Unexpected, WLSyntaxError) as err:
                results.append((type(err).__name__, str(getattr(err, "token", err))))
        assert results[0] == results[1], text


def test_run_does_not_need_lark() -> None:
    import subprocess
    import sys

    probe = (
        "import sys; from wlmail.syntax.parser import parse_program;"
        "parse_program('SI Vrai ALORS Info(1)\\n');"
        "print('lark' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_rule_has_a_builder() -> None:
    missing = set()
    for rule in build_lark().rules:
        name = rule.alias or rule.origin.name
        if name.startswith("_"):
            continue
        if rule.options.expand1 and len(rule.expansion) == 1 and not rule.alias:
            continue
        if not hasattr(Builder, str(name)):
            missing.add(str(name))
    assert not missing, f"rules without an AST builder: {sorted(missing)}"


def test_grammar_spells_no_keyword() -> None:
    grammar = read_text("grammar", "wlangage.lark")
    code = "\n".join(line.split("//")[0] for line in grammar.splitlines())
    assert not re.search(r'"[A-Za-z]', code), "keyword spellings belong in stdlib/keywords.toml"
    declared = set(re.findall(r"\b[A-Z][A-Z_]+\b", code))
    for keyword in get_catalog().keywords:
        assert keyword in declared, f"{keyword} is in the catalog but not used by the grammar"


@pytest.mark.parametrize(
    "text",
    [
        "SI x ALORS\n y = 1\n",
        "POUR i = 1 À 3\n",
        "TANTQUE Vrai\n",
        "SELON x\n CAS 1 : y = 2\n",
    ],
)
def test_unclosed_block_is_incomplete_input(text: str) -> None:
    with pytest.raises(WLIncompleteInput) as err:
        parse_program("x, y sont des entiers\n" + text)
    assert "FIN manquant" in err.value.message
    assert "ligne 2" in err.value.message


def test_missing_end_before_procedure_names_the_block() -> None:
    with pytest.raises(WLSyntaxError) as err:
        parse_program("IF x THEN\n y = 1\nPROCEDURE P()\n")
    assert err.value.message == "missing END for the IF of line 1"
    assert (err.value.line, err.value.column) == (3, 1)


def test_seed_example_parses_verbatim() -> None:
    text = read_text_sample("doc-emailsessionsmtp-fr.wl")
    program = parse_program(text, "seed.wl")
    assert len(program.body) == 16  # 2 declarations, 13 assignments, the SI
    outer = program.body[-1]
    assert isinstance(outer, n.If) and outer.other == []
    inner, decl, send, close = outer.arms[0][1]
    assert isinstance(inner, n.If) and isinstance(inner.arms[0][1][1], n.Return)
    assert isinstance(decl, n.Decl) and decl.names[0].name == "MonEmail"
    # the lone `...` lines join the next line: the two calls are statements of their own
    assert isinstance(send, n.ExprStmt) and isinstance(close, n.ExprStmt)


def read_text_sample(name: str) -> str:
    from pathlib import Path

    return (Path(__file__).parent.parent / "samples" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("a = 1 A 3", None),  # `A` is a name after `=` … then a syntax error
        ("POUR a = 1 A 3\nFIN", n.For),  # … and TO inside a POUR header
        ("x est un entier", n.Decl),  # `un` is an article
        ("un = 2", n.Assign),  # … and a name at the start of a statement
        ("POUR i = 1 À 9 PAS 2\nFIN", n.For),  # PAS is STEP here
        ("SI PAS x ALORS y = 1", n.If),  # … and NOT here
    ],
)
def test_words_with_several_meanings_follow_the_parser_state(text: str, kind: type | None) -> None:
    if kind is None:
        with pytest.raises(WLSyntaxError):
            parse_program("a, x, y sont des entiers\n" + text)
        return
    program = parse_program("a, x, y, un sont des entiers\n" + text)
    assert isinstance(program.body[-1], kind)
