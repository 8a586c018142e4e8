"""``wlmail check`` of one program written as one file and as a project of many files.

The same generated lines (benchmarks/gen_legacy.py) are checked as one script and as a folder
of 41 files (the main code, then 40 procedure sets); the child processes' CPU time (user +
system) is compared, the median of 5 rounds each. Target: the project costs at most 10 % more.

Usage: python benchmarks/project_check.py [LINES]
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from gen_legacy import generate

FILES = 40
ROUNDS = 5


def cpu(*args: str) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "wlmail", "check", *args], capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(lines: int) -> None:
    text = generate(lines)
    with tempfile.TemporaryDirectory() as tmp:
        single = Path(tmp) / "one.wl"
        single.write_text(text, encoding="utf-8")
        folder = Path(tmp) / "project"
        folder.mkdir()
        head, *procs = text.split("\n// Envoi du rapport")
        (folder / "main.wl").write_text(head + "\n", encoding="utf-8")
        per = len(procs) // FILES + 1
        for k in range(FILES):
            chunk = procs[k * per : (k + 1) * per]
            body = "\n".join("// Envoi du rapport" + c for c in chunk)
            (folder / f"set{k:02d}.wl").write_text(body + "\n", encoding="utf-8")
        one, many = [], []
        for _ in range(ROUNDS):
            one.append(cpu(str(single)))
            many.append(cpu(str(folder)))
    a, b = statistics.median(one), statistics.median(many)
    print(f"{lines} lines: one file {a:.2f} s, {FILES + 1} files {b:.2f} s CPU, ratio {b / a:.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
