"""wlmail benchmarks, side by side with what a user would use instead; ratios, not seconds.

    python benchmarks/bench.py [--quick] [--only startup,parse,eval]

Each measurement alternates the two sides several times and keeps the medians (absolute
times on shared 2-core machines drift; ratios of interleaved runs do not). Prints a table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_legacy import generate  # noqa: E402

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
Row = tuple[str, str, str, str, str]


def alternate(a: Callable[[], float], b: Callable[[], float], rounds: int) -> tuple[float, float]:
    """Run a, b, a, b… and return the two medians."""
    ta, tb = [], []
    for _ in range(rounds):
        ta.append(a())
        tb.append(b())
    return statistics.median(ta), statistics.median(tb)


def timed_process(cmd: list[str]) -> Callable[[], float]:
    def run() -> float:
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=ENV)
        return time.perf_counter() - start

    return run


def bench_startup(rounds: int, tmp: Path) -> Row:
    hello = tmp / "hello.wl"
    hello.write_text('Info("Bonjour")\n', encoding="utf-8")
    wl = timed_process([sys.executable, "-m", "wlmail", "run", str(hello)])
    floor = timed_process([sys.executable, "-c", "import lark"])
    wl(), floor()  # warm the caches (grammar tables, .pyc, page cache)
    a, b = alternate(wl, floor, rounds)
    return (
        "startup: wlmail run hello.wl / python -c 'import lark'",
        f"{a * 1000:.0f} ms",
        f"{b * 1000:.0f} ms",
        f"{a / b:.2f}x",
        "<= 1.6x",
    )


def _check_speed(lines: int) -> tuple[float, int]:
    from wlmail.check import check_text

    text = generate(lines)
    start = time.perf_counter()
    check_text(text, "bench.wl")
    return time.perf_counter() - start, text.count("\n")


def bench_parse(rounds: int) -> list[Row]:
    from wlmail.check import check_text

    check_text("Info(1)\n", "warm.wl")
    small = statistics.median(_check_speed(20_000)[0] for _ in range(rounds))
    big = statistics.median(_check_speed(200_000)[0] for _ in range(max(1, rounds // 3)))
    n_small = generate(20_000).count("\n")
    n_big = generate(200_000).count("\n")
    return [
        ("parse + check, 20k lines (lines/s)", f"{n_small / small:,.0f}", "", "", ">= 25,000"),
        ("parse + check, 200k lines (lines/s)", f"{n_big / big:,.0f}", "", "", ">= 25,000"),
        ("parse + check linearity: 200k time / 20k time", f"{big / small:.1f}", "", "", "<= 11"),
    ]


EVAL_WL = """\
nTotal est un entier = 0
sTexte est une chaîne
POUR i = 1 À 200000
	nTotal += i modulo 7
	SI i modulo 1000 = 0 ALORS
		sTexte += "x"
	FIN
FIN
Info(nTotal, Taille(sTexte))
"""
EVAL_PY = """\
total = 0
text = ""
for i in range(1, 200001):
    total += i % 7
    if i % 1000 == 0:
        text += "x"
print(total)
print(len(text))
"""


def bench_eval(rounds: int, tmp: Path) -> Row:
    from wlmail.runtime.driver import Interpreter
    from wlmail.runtime.host import CaptureHost

    def wl() -> float:
        interp = Interpreter(CaptureHost(), "bench.wl")
        _, main = interp.compile(EVAL_WL)
        from wlmail.runtime.state import Frame

        start = time.perf_counter()
        main(Frame(interp.rt.globals))  # type: ignore[operator]
        return time.perf_counter() - start

    code = compile(EVAL_PY, "bench.py", "exec")

    def py() -> float:
        start = time.perf_counter()
        exec(code, {"print": lambda *a: None})
        return time.perf_counter() - start

    a, b = alternate(wl, py, rounds)
    return (
        "evaluation: 200k-iteration loop / same loop in CPython",
        f"{a * 1000:.0f} ms",
        f"{b * 1000:.0f} ms",
        f"{a / b:.1f}x",
        "<= 20x",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--only", default="startup,parse,eval")
    args = parser.parse_args()
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "wlmail")],
        check=True,
        stdout=subprocess.DEVNULL,
        env=ENV,
    )
    rounds = 5 if args.quick else 15
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        only = set(args.only.split(","))
        if "startup" in only:
            rows.append(bench_startup(rounds, Path(tmp)))
        if "parse" in only:
            rows += bench_parse(3 if args.quick else 5)
        if "eval" in only:
            rows.append(bench_eval(rounds, Path(tmp)))
    print("| measure | wlmail | baseline | ratio | target |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
