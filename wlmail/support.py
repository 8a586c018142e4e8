"""The README's support table, generated from the catalog (never edited by hand).

``python -m wlmail.support --write README.md`` rewrites the table between its markers;
``--check`` fails when the README is out of date (CI runs it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wlmail.catalog import Catalog, Entry, get_catalog

START, END = "<!-- support-table:start -->", "<!-- support-table:end -->"
MARK = {"implemented": "yes", "partial": "partial", "unsupported": "no"}


def _row(entry: Entry) -> str:
    note = entry.reason or (entry.summary_en if entry.status == "partial" else "")
    return f"| {entry.name('fr')} | {entry.name('en')} | {MARK[entry.status]} | {note} |"


def _family(entry: Entry) -> str:
    return entry.family or (entry.module or "core").partition("_")[0]


def table(cat: Catalog | None = None) -> str:
    """Markdown: counts per status, then one row per function, grouped by module family
    (``mail``, ``mail_messages`` and ``mail_run`` are all "mail")."""
    cat = cat or get_catalog()
    entries = sorted(cat.functions.values(), key=lambda e: (_family(e), e.name("en")))
    counts = {s: sum(1 for e in entries if e.status == s) for s in MARK}
    lines = [
        f"{len(entries)} functions: {counts['implemented']} implemented, "
        f"{counts['partial']} partial, {counts['unsupported']} not supported "
        f"(and {len(cat.types)} types, {len(cat.constants)} constants, "
        f"{len(cat.keywords)} keywords).",
        "",
    ]
    family = None
    for entry in entries:
        if _family(entry) != family:
            family = _family(entry)
            lines += [
                "",
                f"**{family}**",
                "",
                "| French | English | Supported | Note |",
                "|---|---|---|---|",
            ]
        lines.append(_row(entry))
    return "\n".join(lines).strip()


def render(readme: str) -> str:
    head, _, rest = readme.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{table()}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("readme", type=Path)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    fresh = render(text)
    if args.write:
        args.readme.write_text(fresh, encoding="utf-8")
        return 0
    if fresh != text:
        print(
            f"{args.readme}: support table is stale; run python -m wlmail.support --write "
            f"{args.readme}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
