"""Cost of the terminal sanitiser (wlmail/textsafe.py) on what it sees: server replies, messages.

    python benchmarks/textsafe_bench.py

Prints, for each input, the median time per call over interleaved repeats. The figures that
matter: a clean reply line (the common case) must cost well under a microsecond or two, and a
1 MB hostile reply (bigger than any reply aiosmtplib accepts) must stay in the milliseconds.
"""

from __future__ import annotations

import statistics
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wlmail.catalog import get_catalog
from wlmail.textsafe import escape, one_line

CLEAN = "250 2.0.0 Ok: queued as 4C2F81E0A3 (envoyé à bob@exemple.fr)"
HOSTILE = "554 5.7.1 \x1b]0;pwned\x07\x1b[2Jrejected \u202eevil\u202c \x9b2J"
BIG_CLEAN = "x" * 1_000_000
BIG_HOSTILE = ("ab\x1bc\u202e" * 200_000)[:1_000_000]


def per_call(fn: object, number: int, repeat: int = 7) -> float:
    times = timeit.repeat(fn, number=number, repeat=repeat)  # type: ignore[arg-type]
    return statistics.median(times) / number


def main() -> None:
    cat = get_catalog()
    cases = [
        ("escape, clean reply line (62 chars)", lambda: escape(CLEAN), 200_000),
        ("escape, hostile reply line", lambda: escape(HOSTILE), 100_000),
        ("one_line, clean reply line", lambda: one_line(CLEAN), 100_000),
        ("one_line, hostile reply line", lambda: one_line(HOSTILE), 100_000),
        ("escape, 1 MB clean", lambda: escape(BIG_CLEAN), 20),
        ("escape, 1 MB hostile (40% unsafe)", lambda: escape(BIG_HOSTILE), 3),
        (
            "Catalog.message with 3 quoted values",
            lambda: cat.message("mail_sender", "fr", reply=HOSTILE, address="a@b.c", host="h"),
            50_000,
        ),
    ]
    print(f"{'case':<42} {'per call':>12}")
    for name, fn, number in cases:
        seconds = per_call(fn, number)
        shown = f"{seconds * 1e6:.2f} µs" if seconds < 1e-3 else f"{seconds * 1e3:.1f} ms"
        print(f"{name:<42} {shown:>12}")


if __name__ == "__main__":
    main()
