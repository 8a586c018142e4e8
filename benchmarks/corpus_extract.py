"""Extract the WLangage code of a WINDEV project kept in text format (.wdc, .wdg, .wdw) into
one ``.wl`` file per source file, for ``tests/corpus/real/`` (it downloads nothing).

Usage: python benchmarks/corpus_extract.py GIT_DIR OUT_DIR

Every path that ever held such a file in GIT_DIR's history is taken at the last commit where it
existed; its ``code : |1±`` blocks (declarations, then procedures, in file order) are written
one after the other. ``MANIFEST.tsv`` in OUT_DIR lists file, repository path and commit.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

CODE = re.compile(r"^( *)code : \|1[+-]?$")
KINDS = (".wdc", ".wdg", ".wdw")


def git(repo: str, *args: str) -> str:
    out = subprocess.run(
        ["git", "-c", "core.quotepath=off", "--git-dir", repo, *args],
        check=True,
        capture_output=True,
    )
    return out.stdout.decode("utf-8", "replace")


def code_blocks(text: str) -> list[str]:
    """The literal blocks of ``code :`` keys (YAML block scalars indented one more space)."""
    lines = text.split("\n")
    blocks: list[str] = []
    i = 0
    while i < len(lines):
        m = CODE.match(lines[i])
        i += 1
        if m is None:
            continue
        indent = len(m.group(1)) + 1
        body: list[str] = []
        while i < len(lines) and (not lines[i].strip() or lines[i].startswith(" " * indent)):
            body.append(lines[i][indent:])
            i += 1
        while body and not body[-1].strip():
            body.pop()
        if any(line.strip() for line in body):
            blocks.append("\n".join(body))
    return blocks


def main(repo: str, out_dir: str) -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = sorted(
        {
            p
            for p in git(repo, "log", "--all", "--name-only", "--format=").split("\n")
            if p.lower().endswith(KINDS)
        }
    )
    manifest = ["file\tpath\tcommit"]
    used: set[str] = set()
    for path in paths:
        # the last commit that added or changed it (a later one may have deleted it)
        commit = git(repo, "log", "--all", "-1", "--format=%H", "--diff-filter=AM", "--", path)
        commit = commit.strip()
        text = git(repo, "show", f"{commit}:{path}")
        blocks = code_blocks(text)
        if not blocks:
            continue
        name = Path(path).stem + ".wl"
        if name.lower() in used:
            name = Path(path).parent.name + "-" + name
        used.add(name.lower())
        (out / name).write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
        manifest.append(f"{name}\t{path}\t{commit}")
    (out / "MANIFEST.tsv").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    print(f"{len(manifest) - 1} files written to {out}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
