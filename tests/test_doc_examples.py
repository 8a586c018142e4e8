"""The documentation's mail-reading examples (``tests/doc_examples/receive/``, one file per example,
its page's address on the first line; ``NOTES.md`` there sums up what the stored doc pages say
about the receive API). They are the acceptance tests of the receive work (issue 12); until it
lands they must at least parse, so the grammar never drifts away from them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wlmail.check import check_text
from wlmail.syntax.lexer import detect_lang
from wlmail.syntax.parser import parse_program

EXAMPLES = sorted((Path(__file__).parent / "doc_examples" / "receive").glob("*.wl"))


def test_the_examples_are_there() -> None:
    assert len(EXAMPLES) >= 18
    for path in EXAMPLES:
        assert path.read_text(encoding="utf-8").startswith("// http"), path.name


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_receive_example_parses(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    program = parse_program(text, path.name, lang=detect_lang(text))
    assert program.body, path.name


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_mail_name_of_the_examples_is_known(path: Path) -> None:
    """What ``check`` still reports are the doc's placeholders (USER, SAI_USER, NomUser, window
    controls, an Outlook session), never a mail function, type, property or constant."""
    text = path.read_text(encoding="utf-8")
    for problem in check_text(text, path.name):
        names = re.findall(r"[«'] ?([\w.]+) ?[»']", problem.message)[:1]  # not the suggestion
        mail = [n for n in names if n.lower().startswith(("email", "ert", "option"))]
        assert not mail or mail == ["emailSessionOutlook"], problem
