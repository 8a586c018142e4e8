"""The helper module written next to an exported program: WLangage semantics Python lacks.

Only the functions the program calls are written, each with its docstring; the module
imports nothing from wlmail.
"""

from __future__ import annotations

from wlmail.export.collections import COLLECTION_HELPERS
from wlmail.export.file_helpers import FILE_HELPERS, FILE_NEEDS
from wlmail.export.lang_faults import FAULT_HELPERS, FAULT_NEEDS
from wlmail.export.lang_helpers import LANG_HELPERS, LANG_NEEDS
from wlmail.export.operators import OPERATOR_HELPERS, OPERATOR_NEEDS
from wlmail.export.project_calls import PROJECT_HELPERS, PROJECT_NEEDS
from wlmail.export.strings import STRING_HELPERS, STRING_NEEDS
from wlmail.export.thrown import THROWN_HELPERS
from wlmail.export.time_random import TIME_HELPERS

HELPERS: dict[str, str] = {
    "text": '''
def text(value: object) -> str:
    """A value as WLangage writes it in text: 1/0 for booleans, numbers without
    trailing zeros and with at most 15 significant digits."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        shown = f"{value:.15g}"
        return shown[:-2] if shown.endswith(".0") else shown
    return "" if value is None else str(value)
''',
    "val": '''
def val(value: str) -> float:
    """WLangage's Val: the number at the start of the text, 0 when there is none."""
    import re

    found = re.match(r"\\s*[-+]?(\\d+([.,]\\d*)?|[.,]\\d+)([eE][-+]?\\d+)?", value)
    return float(found.group(0).replace(",", ".")) if found else 0.0
''',
    "left": '''
def left(value: str, count: int) -> str:
    """WLangage's Gauche/Left: the first ``count`` characters ("" when count <= 0)."""
    return value[: max(count, 0)]
''',
    "right": '''
def right(value: str, count: int) -> str:
    """WLangage's Droite/Right: the last ``count`` characters ("" when count <= 0)."""
    return value[len(value) - count :] if count > 0 else ""
''',
    "middle": '''
def middle(value: str, start: int, count: int | None = None) -> str:
    """WLangage's Milieu/Middle: ``count`` characters from the 1-based ``start``
    (to the end without ``count``)."""
    if start < 1:
        return ""
    return value[start - 1 :] if count is None else value[start - 1 : start - 1 + max(count, 0)]
''',
    "position": '''
def position(value: str, search: str, start: int = 1) -> int:
    """WLangage's Position: the 1-based position of ``search``, 0 when absent or empty."""
    return value.find(search, max(start, 1) - 1) + 1 if search else 0
''',
}
NEEDS: dict[str, list[str]] = {}
HELPERS.update(LANG_HELPERS)
HELPERS.update(STRING_HELPERS)
HELPERS.update(COLLECTION_HELPERS)
HELPERS.update(OPERATOR_HELPERS)
NEEDS.update(LANG_NEEDS)
NEEDS.update(OPERATOR_NEEDS)
NEEDS.update(STRING_NEEDS)
HELPERS.update(FILE_HELPERS)
NEEDS.update(FILE_NEEDS)
HELPERS.update(TIME_HELPERS)
HELPERS.update(THROWN_HELPERS)
HELPERS.update(PROJECT_HELPERS)
NEEDS.update(PROJECT_NEEDS)
HELPERS.update(FAULT_HELPERS)
NEEDS.update(FAULT_NEEDS)


def helper_source(names: set[str]) -> str:
    """The helper functions ``names`` need (and what they call), in a stable order."""
    wanted = set(names)
    for name in list(names):
        wanted.update(NEEDS.get(name, []))
    parts = [HELPERS[name].strip("\n") for name in HELPERS if name in wanted]
    # what a helper needs before its def (an import, a TypeVar) is written once, on top
    code = ("def ", "class ")
    preludes = [p.partition("\ndef ")[0].strip("\n") for p in parts if not p.startswith(code)]
    parts = ["def " + p.partition("\ndef ")[2] if not p.startswith(code) else p for p in parts]
    top = [x for i, x in enumerate(preludes) if x not in preludes[:i]]
    imports = "\n".join(x for x in top if x.startswith(("import ", "from ")))  # first: E402
    rest = "\n\n\n".join(x for x in top + parts if not x.startswith(("import ", "from ")))
    gap = "\n\n\n" if rest.startswith(code) else "\n\n"  # isort's blank lines after imports
    return (imports + gap + rest if imports else rest) + "\n"


def helper_module(names: set[str], program: str) -> str:
    return (
        f'"""WLangage semantics used by {program} (written by wlmail export --python)."""\n\n\n'
        + helper_source(names)
    )
