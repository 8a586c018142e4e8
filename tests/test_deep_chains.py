"""A chain of N members or indexes costs N steps of type work, not N²/2 (``wlmail check`` on
``Info(x.y.y…)`` with 10,000 levels took 20-40 s: every level worked out the type of the whole
chain below it again). Counted, not timed: the calls of :func:`wlmail.resolved.static_type`
and of its one-level :func:`wlmail.resolved._step`, for 1,000 and 4,000 levels."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

import wlmail.check_types
import wlmail.names
import wlmail.resolved
from wlmail.check import check_text
from wlmail.translate import translate

SMALL, LARGE = 1_000, 4_000


@pytest.fixture
def count(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Calls of static_type (from every module that calls it) and of _step."""
    calls = {"static_type": 0, "_step": 0}

    def counted(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any) -> Any:
            calls[name] += 1
            return real(*args)

        return wrapper

    static = counted("static_type", wlmail.resolved.static_type)
    for module in (wlmail.resolved, wlmail.check_types):
        monkeypatch.setattr(module, "static_type", static)
    monkeypatch.setattr(wlmail.resolved, "_step", counted("_step", wlmail.resolved._step))
    return calls


def _work(count: dict[str, int], run: Callable[[], object]) -> int:
    count["static_type"] = count["_step"] = 0
    run()
    assert count["_step"] > 0  # the counters do see the work
    return count["static_type"] + count["_step"]


CHECKS = {
    # script for N levels -> what check says about it, whatever N
    "unknown-root": (
        lambda k: "Info(x" + ".y" * k + ")\n",
        [(1, 6, "unknown_name", "« x » est inconnu")],
    ),
    "typed-expression": (
        lambda k: "m est un Email\nInfo(m.Sujot" + ".y" * k + ")\n",
        [
            (
                2,
                8,  # under Sujot
                "unknown_member",
                "« Sujot » n'est pas une propriété de Email ; vouliez-vous dire « Sujet » ?",
            )
        ],
    ),
    "typed-assignment": (
        lambda k: "m est un Email\nm.Sujot" + ".y" * k + " = 1\n",
        [
            (
                2,
                3,  # under Sujot
                "unknown_member",
                "« Sujot » n'est pas une propriété de Email ; vouliez-vous dire « Sujet » ?",
            )
        ],
    ),
    "array-of-typed": (
        lambda k: "t est un tableau de Email\nInfo(t[1].Sujet" + "[1]" * k + ")\n",
        [],
    ),
}


@pytest.mark.parametrize("case", list(CHECKS))
def test_check_is_linear_on_deep_chains(count: dict[str, int], case: str) -> None:
    script, expected = CHECKS[case]
    found: dict[int, list[tuple[int, int, str, str]]] = {}

    def run(k: int) -> Callable[[], object]:
        def go() -> None:
            problems = check_text(script(k), "c.wl")
            found[k] = [(p.line, p.column, p.code, p.message) for p in problems]

        return go

    small, large = _work(count, run(SMALL)), _work(count, run(LARGE))
    assert large / small < 5, (small, large)  # 4 when linear, 16 when quadratic
    assert large < 5 * LARGE
    assert found[SMALL] == found[LARGE] == expected


def test_translate_is_linear_on_deep_chains(count: dict[str, int]) -> None:
    def script(k: int) -> str:
        return "m est un Email\nInfo(m.Sujet" + ".y" * k + ")\n"

    texts: dict[int, str] = {}

    def run(k: int) -> Callable[[], object]:
        def go() -> None:
            texts[k] = translate(script(k), "en").text

        return go

    small, large = _work(count, run(SMALL)), _work(count, run(LARGE))
    assert large / small < 5, (small, large)
    assert texts[LARGE] == "m is Email\nInfo(m.Subject" + ".y" * LARGE + ")\n"


def test_walk_keeps_source_order_on_deep_chains() -> None:
    """translate's node walk (children first, in source order) has its own stack: 10,000
    levels, as many nested generators as that, were quadratic."""
    from wlmail.syntax import nodes as n
    from wlmail.syntax.parser import parse_program

    program = parse_program("Info(x" + ".y" * 10_000 + ")\n", "c.wl")
    members = [node for node in wlmail.names.walk(program) if isinstance(node, n.Member)]
    assert len(members) == 10_000
    assert all(outer.target is inner for inner, outer in itertools.pairwise(members))
    assert isinstance(members[0].target, n.Name)


def test_export_static_types_are_linear_on_operator_chains(monkeypatch: pytest.MonkeyPatch) -> None:
    """``"a" + "b" + "b"…``: the exporter once asked twice about the left operand at every
    level, 2^N questions (20 terms took 13 s). Each operand is now read once."""
    from wlmail.export import exprs
    from wlmail.export.program import export_python

    calls = [0]
    real = exprs.ExprMixin.expr

    def expr(self: Any, node: Any) -> Any:
        calls[0] += 1
        return real(self, node)

    monkeypatch.setattr(exprs.ExprMixin, "expr", expr)

    def work(k: int) -> int:
        calls[0] = 0
        text = 's est une chaîne = "a"' + ' + "b"' * k + "\ny est un entier = 2\n"
        text += "x est un entier = 1" + " + 2 * y - y" * k + "\n"
        source = export_python(text, "c.wl").source
        assert f's: str = "a{"b" * k}"' in source
        assert "x: int = (1" + " + 2 * y - y" * k + ")" in " ".join(source.split()).replace(
            "( ", "("
        ).replace(" )", ")")
        return calls[0]

    small, large = work(8), work(16)
    assert large / small < 3, (small, large)  # 2 when linear, 256 when exponential
    assert large < 30 * 16
