"""How much real WLangage ``wlmail check`` takes: files of ``tests/corpus/real`` (or the
folders given) without a syntax error, and what stops the others, grouped by message.

Usage: python benchmarks/corpus_check.py [DIR ...]
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from wlmail.check import analyse

HERE = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "real"


_OPENER = re.compile(
    r"\b(?:est une?|is an?|is)\s+(classe|class|énumération|enumération|enumeration|interface)\b",
    re.I,
)


def _construct(text: str, line: int) -> str:
    """What the failing line belongs to: the block opened above it, or the line's own form."""
    lines = text.split("\n")[:line]
    here = lines[-1].strip()
    if "abstraite" in here.lower() or "abstract" in here.lower():
        return "class declaration with a modifier (Classe, abstraite)"
    if here.lower().startswith(("procédure", "procedure")) and "<" in here:
        return "procedure with <attributes>"
    for previous in reversed(lines[:-1]):
        m = _OPENER.search(previous)
        if m:
            return f"FIN of a '{m.group(1).lower()}' block"
    return f"other: {here[:60]}"


def main(dirs: list[str]) -> None:
    files = sorted(p for d in dirs or [str(HERE)] for p in Path(d).glob("*.wl"))
    clean, causes = 0, Counter[str]()
    for path in files:
        problems, _ = analyse(path.read_text(encoding="utf-8"), str(path), "fr")
        syntax = [p for p in problems if p.code == "syntax"]
        if not syntax:
            clean += 1
            continue
        causes[_construct(path.read_text(encoding="utf-8"), syntax[0].line)] += 1
        print(f"{path.name}:{syntax[0].line}:{syntax[0].column}: {syntax[0].message}")
    print(f"\n{clean} of {len(files)} files without a syntax error")
    for cause, count in causes.most_common():
        print(f"  {count:3}  {cause}")


if __name__ == "__main__":
    main(sys.argv[1:])
