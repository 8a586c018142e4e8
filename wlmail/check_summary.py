"""The migration report of ``wlmail check --summary`` (moved out of ``check.py``, which holds
the checks): over every file given, which WLangage functions and types are used, how often and
in how many files, and which of them wlmail supports, supports in part, does not support (with
the reason) or does not know."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wlmail.catalog import Entry, fold, get_catalog
from wlmail.check_families import family_counts, family_lines

if TYPE_CHECKING:
    from wlmail.check import Problem, Usage

STATUS_ORDER = ("unknown", "unsupported", "partial", "project", "implemented")


def _msg(msg_id: str, lang: str, **values: object) -> str:
    return get_catalog().message(msg_id, lang, **values)


@dataclass(slots=True)
class Used:
    name: str
    status: str
    uses: int = 0
    files: int = 0
    reason: str = ""


@dataclass(slots=True)
class Summary:
    files: int = 0
    files_with_errors: int = 0
    problems: int = 0
    functions: list[Used] = field(default_factory=list)
    types: list[Used] = field(default_factory=list)
    families: dict[str, dict[str, int]] = field(default_factory=dict)  # label -> name -> uses


def summarize(usages: list[Usage], problems: list[list[Problem]], lang: str) -> Summary:
    """Merge what each script uses into the migration report."""
    cat = get_catalog()
    summary = Summary(
        files=len(usages),
        files_with_errors=sum(1 for ps in problems if any(p.severity == "error" for p in ps)),
        problems=sum(len(ps) for ps in problems),
    )
    project = set().union(*(u.procedures for u in usages)) if usages else set()
    funcs: dict[str, Used] = {}
    types: dict[str, Used] = {}
    for usage in usages:
        for fid, count in usage.functions.items():
            entry = cat.functions[fid]
            _add(funcs, fid, entry.name(lang), entry.status, _note(entry, lang), count)
        for key, count in usage.unknown_calls.items():
            status = "project" if key in project else "unknown"
            _add(funcs, "?" + key, usage.shown.get(key, key), status, "", count)
        for tid, count in usage.types.items():
            entry = cat.types[tid]
            _add(types, tid, entry.name(lang), entry.status, _note(entry, lang), count)
        for key, count in usage.unknown_types.items():
            _add(types, "?" + key, usage.shown.get(key, key), "unknown", "", count)
    order = {s: i for i, s in enumerate(STATUS_ORDER)}

    def ranked(table: dict[str, Used]) -> list[Used]:
        return sorted(table.values(), key=lambda u: (order[u.status], -u.uses, fold(u.name)))

    summary.functions, summary.types = ranked(funcs), ranked(types)
    summary.families = family_counts(usages, lang)
    return summary


def _note(entry: Entry, lang: str) -> str:
    """Why a function is not (fully) available: its reason, or what the partial one does."""
    if entry.reason:
        return entry.reason_in(lang)
    if entry.status == "partial":
        return entry.summary_fr if lang == "fr" else entry.summary_en
    return ""


def _add(table: dict[str, Used], key: str, name: str, status: str, reason: str, n: int) -> None:
    used = table.get(key)
    if used is None:
        used = table[key] = Used(name, status, reason=reason)
    used.uses += n
    used.files += 1


def render_summary(summary: Summary, lang: str) -> list[str]:
    """The report as text lines, in ``lang``."""
    lines = [
        _msg(
            "summary_head",
            lang,
            files=summary.files,
            errors=summary.files_with_errors,
            problems=summary.problems,
        )
    ]
    for head, items in (("summary_functions", summary.functions), ("summary_types", summary.types)):
        counts = ", ".join(
            _msg(f"count_{s}", lang, n=sum(1 for u in items if u.status == s))
            for s in STATUS_ORDER
            if any(u.status == s for u in items)
        )
        lines += ["", _msg(head, lang, total=len(items), counts=counts or "-")]
        if not items:
            continue
        width = max(24, *(len(u.name) + 2 for u in items))
        name = _msg("column_name", lang)
        lines.append(_msg("summary_columns", lang, name=name, width=width))
        for u in items:
            status = _msg(f"status_{u.status}", lang) + (f" : {u.reason}" if u.reason else "")
            if lang == "en" and u.reason:
                status = status.replace(" : ", ": ")
            lines.append(f"  {u.uses:>6} {u.files:>8}  {u.name:<{width}}{status}".rstrip())
    if summary.families:
        lines += ["", *family_lines(summary.families, lang)]
    return lines
