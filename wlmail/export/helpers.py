"""The helper module written next to an exported program: WLangage semantics Python lacks.

Only the functions the program calls are written, each with its docstring; the module
imports nothing from wlmail. A part in :data:`LOCALIZED` is written in the script's language
(the messages wlmail gives, read from ``stdlib/messages*.toml`` at export time).
"""

from __future__ import annotations

import re

from wlmail.export.collections import COLLECTION_HELPERS
from wlmail.export.date_helpers import DATE_TIME_HELPERS
from wlmail.export.decimals import DECIMAL_HELPERS
from wlmail.export.file_helpers import FILE_HELPERS, FILE_NEEDS, LOCALIZED_FILE_HELPERS
from wlmail.export.file_lists import FILE_LIST_HELPERS, FILE_LIST_NEEDS
from wlmail.export.ini import INI_HELPERS, INI_NEEDS
from wlmail.export.lang_faults import FAULT_HELPERS, FAULT_NEEDS
from wlmail.export.lang_helpers import LANG_HELPERS, LANG_NEEDS
from wlmail.export.mail_checks import BUILD_HELPERS, BUILD_NEEDS, LOCALIZED_BUILD_HELPERS
from wlmail.export.mail_lists import ADDRESS_HELPERS, ADDRESS_NEEDS, LOCALIZED_ADDRESS_HELPERS
from wlmail.export.operators import OPERATOR_HELPERS, OPERATOR_NEEDS
from wlmail.export.project_calls import PROJECT_HELPERS, PROJECT_NEEDS
from wlmail.export.string_options import STRING_OPTION_HELPERS, STRING_OPTION_NEEDS
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
LOCALIZED: dict[str, dict[str, str]] = {}  # a part's text in each language (fr, en)
HELPERS.update(LANG_HELPERS)
HELPERS.update(STRING_HELPERS)
HELPERS.update(COLLECTION_HELPERS)
HELPERS.update(OPERATOR_HELPERS)
NEEDS.update(LANG_NEEDS)
NEEDS.update(OPERATOR_NEEDS)
NEEDS.update(STRING_NEEDS)
HELPERS.update(FILE_HELPERS)
NEEDS.update(FILE_NEEDS)
LOCALIZED.update(LOCALIZED_FILE_HELPERS)
HELPERS.update(INI_HELPERS)
HELPERS.update(DECIMAL_HELPERS)
HELPERS.update(FILE_LIST_HELPERS)
NEEDS.update(FILE_LIST_NEEDS)
NEEDS.update(INI_NEEDS)
HELPERS.update(TIME_HELPERS)
HELPERS.update(DATE_TIME_HELPERS)
HELPERS.update(THROWN_HELPERS)
HELPERS.update(PROJECT_HELPERS)
NEEDS.update(PROJECT_NEEDS)
HELPERS.update(STRING_OPTION_HELPERS)
NEEDS.update(STRING_OPTION_NEEDS)
HELPERS.update(FAULT_HELPERS)
NEEDS.update(FAULT_NEEDS)
HELPERS.update(ADDRESS_HELPERS)
NEEDS.update(ADDRESS_NEEDS)
LOCALIZED.update(LOCALIZED_ADDRESS_HELPERS)
HELPERS.update(BUILD_HELPERS)
NEEDS.update(BUILD_NEEDS)
LOCALIZED.update(LOCALIZED_BUILD_HELPERS)


#: an import at the top of a function body, and the run of them with the blank line after it
_IMPORT = r"(?:import [\w.]+(?: as \w+)?|from [\w.]+ import \w+(?:, \w+)*)"
_LOCAL_IMPORT = re.compile(rf"^    ({_IMPORT})$", re.M)
_LOCAL_IMPORTS = re.compile(rf"(?:^    {_IMPORT}\n)+\n?", re.M)


def helper_parts(names: set[str], lang: str = "en") -> tuple[set[str], str]:
    """The imports and the code of the helper functions ``names`` need (and what they call);
    the localized parts in ``lang``."""
    wanted = set(names)
    for name in list(names):
        wanted.update(NEEDS.get(name, []))
    texts = [LOCALIZED.get(name, {}).get(lang, HELPERS[name]) for name in HELPERS if name in wanted]
    parts = [text.strip("\n") for text in texts]
    # what a helper needs before its def (an import, a TypeVar) is written once, on top
    code = ("def ", "class ")
    preludes = [p.partition("\ndef ")[0].strip("\n") for p in parts if not p.startswith(code)]
    parts = ["def " + p.partition("\ndef ")[2] if not p.startswith(code) else p for p in parts]
    blocks = [b for p in preludes for b in p.split("\n\n")]
    is_import = ("import ", "from ")
    imports = {x for b in blocks for x in b.split("\n") if b.startswith(is_import)}
    # a function's own imports (a helper's text stands alone) join the module's, on top
    imports.update(x for p in parts if p.startswith("def ") for x in _LOCAL_IMPORT.findall(p))
    parts = [_LOCAL_IMPORTS.sub("", p) if p.startswith("def ") else p for p in parts]
    top = [b for i, b in enumerate(blocks) if not b.startswith(is_import) and b not in blocks[:i]]
    return imports, "\n\n\n".join(top + parts) + "\n"


def helper_source(names: set[str], lang: str = "en") -> str:
    """The helper module's body: its imports sorted as isort does, then the functions."""
    imports, rest = helper_parts(names, lang)
    if not imports:
        return rest
    gap = "\n\n\n" if rest.startswith(("def ", "class ")) else "\n\n"  # isort's blank lines
    froms = sorted(i for i in imports if i.startswith("from "))
    return "\n".join([*sorted(imports - set(froms)), *froms]) + gap + rest


def helper_module(names: set[str], program: str, lang: str = "en") -> str:
    return (
        f'"""WLangage semantics used by {program} (written by wlmail export --python)."""\n\n\n'
        + helper_source(names, lang)
    )
