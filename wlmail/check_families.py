"""What ``wlmail check`` says about the names wlmail knows but cannot run headless (issue 13):
window and control functions, controls (``SAI_Nom``), HFSQL, counted per family
(``stdlib/families.toml``) after the problems and in ``--summary``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wlmail.catalog import fold, get_catalog

if TYPE_CHECKING:
    from wlmail.check import Usage


def _msg(msg_id: str, lang: str, **values: object) -> str:
    return get_catalog().message(msg_id, lang, **values)


def family_counts(usages: list[Usage], lang: str) -> dict[str, dict[str, int]]:
    """Uses of what wlmail knows but cannot run (issue 13): family label -> name -> count."""
    cat = get_catalog()
    found: dict[str, dict[str, int]] = {}
    for usage in usages:
        for fid, count in usage.functions.items():
            entry = cat.functions[fid]
            if entry.family:
                label = cat.family_label(entry.family, lang)
                names = found.setdefault(label, {})
                names[entry.name(lang)] = names.get(entry.name(lang), 0) + count
        for key, count in usage.controls.items():
            family, _, name = key.partition(":")
            label = cat.family_label(family, lang)
            names = found.setdefault(label, {})
            names[name] = names.get(name, 0) + count
    return found


def family_lines(families: dict[str, dict[str, int]], lang: str) -> list[str]:
    """``interface (…) : 5 utilisation(s) (Saisie 3, SAI_Nom 2)``, one line per family."""
    if not families:
        return []
    lines = [_msg("families_head", lang)]
    for label, names in sorted(families.items()):
        ranked = sorted(names.items(), key=lambda kv: (-kv[1], fold(kv[0])))
        shown = ", ".join(f"{name} {count}" for name, count in ranked)
        lines.append(
            "  " + _msg("family_count", lang, family=label, n=sum(names.values()), names=shown)
        )
    return lines
