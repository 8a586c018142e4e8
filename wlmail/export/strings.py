"""String functions whose WLangage behaviour Python's methods do not have on their own.

``params`` in ``stdlib/python-export.toml`` says what each argument must be: ``text`` (a number
is written as WLangage writes it, ``Taille(12345)`` is 5) or ``int`` (a whole number; anything
else is reported rather than converted). Then a few functions get their WLangage edge cases:
an empty search (``Remplace`` leaves the text as it is, ``ChaîneOccurrence`` counts 0), ``%%`` in
``ChaîneConstruit``, and ``ExtraitChaîne`` past the last piece (``EOT``). With a literal search
the plain method is written (``s.replace(",", ";")``); otherwise a helper that checks.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from wlmail.export.base import Py, Skip, parse_expr
from wlmail.export.exprs import ExprMixin, call, const
from wlmail.syntax import nodes as n

STRING_HELPERS: dict[str, str] = {
    "replace": '''
def replace(value: str, search: str, by: str) -> str:
    """WLangage's Remplace/Replace: every ``search`` replaced; an empty search changes nothing."""
    return value.replace(search, by) if search else value
''',
    "count": '''
def count(value: str, search: str) -> int:
    """WLangage's ChaîneOccurrence/StringCount: non-overlapping occurrences; 0 for "" ."""
    return value.count(search) if search else 0
''',
    "extract_string": '''
def extract_string(value: str, rank: int, separator: str = "\\t") -> str:
    """WLangage's ExtraitChaîne/ExtractString: the ``rank``-th piece (1-based) of ``value``
    cut at ``separator``; EOT ("\\\\x04") past the last piece."""
    if rank < 1:
        raise ValueError(f"invalid rank: {rank}")
    pieces = value.split(separator) if separator else [value]
    return pieces[rank - 1] if rank <= len(pieces) else "\\x04"
''',
    "string_build": '''
def string_build(fmt: str, *args: object) -> str:
    """WLangage's ChaîneConstruit/StringBuild: %1, %2… replaced by the arguments ("" when
    there is no such argument), %% by %; any other % stays."""
    import re

    def one(found: re.Match[str]) -> str:
        if found[1] == "%":
            return "%"
        k = int(found[1])
        return text(args[k - 1]) if 0 < k <= len(args) else ""

    return re.sub(r"%(%|\\d+)", one, fmt)
''',
    "complete": '''
def complete(value: str, size: int, fill: str = " ") -> str:
    """WLangage's Complète/Complete: ``value`` cut or padded to ``size`` characters with
    ``fill`` repeated (a space when ``fill`` is empty)."""
    if len(value) >= size:
        return value[: max(size, 0)]
    fill = fill or " "
    missing = size - len(value)
    return value + (fill * (missing // len(fill) + 1))[:missing]
''',
    "position_occurrence": '''
def position_occurrence(value: str, search: str, rank: int) -> int:
    """WLangage's PositionOccurrence: the 1-based position of the ``rank``-th occurrence of
    ``search`` (occurrences do not overlap), 0 when there are fewer."""
    if rank < 1:
        raise ValueError(f"invalid rank: {rank}")
    if not search:
        return 0
    found = -len(search)
    for _ in range(rank):
        found = value.find(search, found + len(search))
        if found < 0:
            return 0
    return found + 1
''',
    "search_pattern": '''
import re

def search_pattern(search: str, whole_word: bool, ignore_case: bool) -> re.Pattern[str]:
    """A literal search with WLangage's options: MotComplet (no letter or digit right
    before or after it), SansCasse."""
    found = re.escape(search)
    if whole_word:
        found = rf"(?<![^\\W_]){found}(?![^\\W_])"
    return re.compile(found, re.IGNORECASE if ignore_case else 0)
''',
    "position_with": '''
def position_with(
    value: str,
    search: str,
    start: int = 1,
    from_end: bool = False,
    whole_word: bool = False,
    ignore_case: bool = False,
) -> int:
    """WLangage's Position with options (1-based, 0 when absent); DepuisFin: the last
    occurrence that starts at or before ``start``."""
    if not search:
        return 0
    found = search_pattern(search, whole_word, ignore_case)
    if from_end:
        limit = len(value) if start < 1 else min(start, len(value))
        return next((p + 1 for p in range(limit - 1, -1, -1) if found.match(value, p)), 0)
    if max(start, 1) > len(value):
        return 0
    hit = found.search(value, max(start, 1) - 1)
    return hit.start() + 1 if hit else 0
''',
    "replace_with": '''
def replace_with(
    value: str, search: str, by: str, whole_word: bool = False, ignore_case: bool = False
) -> str:
    """WLangage's Remplace with options (MotComplet, SansCasse); "" changes nothing."""
    if not search:
        return value
    return search_pattern(search, whole_word, ignore_case).sub(lambda _: by, value)
''',
    "count_with": '''
def count_with(
    value: str, search: str, whole_word: bool = False, ignore_case: bool = False
) -> int:
    """WLangage's ChaîneOccurrence with options (MotComplet, SansCasse); 0 for ""."""
    if not search:
        return 0
    return len(search_pattern(search, whole_word, ignore_case).findall(value))
''',
    "string_format": '''
def string_format(
    value: str,
    ignore_space: bool = False,
    ignore_inside_space: bool = False,
    ignore_punctuation: bool = False,
    ignore_accent: bool = False,
    ignore_case: bool = False,
    upper: bool = False,
    lower: bool = False,
) -> str:
    """WLangage's ChaîneFormate/StringFormat: the text without surrounding spaces, inner
    spaces, punctuation (and spaces), accents; ccSansCasse writes it in capitals."""
    import re
    import unicodedata

    if ignore_space:
        value = value.strip()
    if ignore_inside_space and value.strip():
        head = value[: len(value) - len(value.lstrip())]
        tail = value[len(value.rstrip()) :]
        value = head + re.sub(r"\\s+", "", value.strip()) + tail
    if ignore_punctuation:
        value = "".join(
            c for c in value if not c.isspace() and unicodedata.category(c)[0] not in "PS"
        )
    if ignore_accent:
        decomposed = unicodedata.normalize("NFD", value)
        kept = "".join(c for c in decomposed if not unicodedata.combining(c))
        value = unicodedata.normalize("NFC", kept)
    if ignore_case or upper:
        return value.upper()
    return value.lower() if lower else value
''',
}
STRING_NEEDS = {
    "string_build": ["text"],
    "position_with": ["search_pattern"],
    "replace_with": ["search_pattern"],
    "count_with": ["search_pattern"],
}
FLAGS = {1: "from_end", 2: "whole_word", 4: "ignore_case"}  # stdlib/constants-strings.toml
FORMAT_FLAGS = {  # ChaîneFormate's cc… constants
    1: "ignore_case",
    2: "ignore_space",
    4: "ignore_accent",
    8: "ignore_punctuation",
    16: "ignore_inside_space",
    32: "upper",
    64: "lower",
}
BUILD = re.compile(r"%(%|\d+)")


class StringsMixin(ExprMixin):
    def shape_args(self, node: n.Node, spec: dict[str, Any], args: list[Py]) -> list[Py]:
        """Each argument as the function takes it: text, or a whole number (else reported)."""
        kinds: list[str] = spec.get("params", [])
        shaped = []
        for i, arg in enumerate(args):
            kind = kinds[min(i, len(kinds) - 1)] if kinds else ""
            if kind == "text" and isinstance(arg.code, ast.Constant) and arg.type == "int":
                arg = Py(const(str(arg.code.value)), "string")
            elif kind == "text" and arg.type != "string":
                arg = Py(self.text(arg), "string")
            elif kind == "int" and arg.type != "int":
                raise Skip(node, f"a {arg.type} value where a whole number is expected")
            elif kind == "number" and arg.type not in ("int", "real"):
                raise Skip(node, f"a {arg.type} value where a number is expected")
            shaped.append(arg)
        return shaped

    def special_call(self, node: n.Node, fid: str, args: list[Py]) -> Py | None:
        """The functions with WLangage edge cases (None: the template of the mapping)."""
        with_options = {"position": 4, "replace": 4, "string_count": 3}
        if with_options.get(fid) == len(args):
            return self.with_options(node, fid, args)
        if fid == "string_format" and len(args) == 2:
            flags = literal_int(args[1].code)
            if flags is None or flags & ~127:
                raise Skip(node, "ChaîneFormate with options that are not constants")
            found = self.helper("string_format", args[0].code)
            assert isinstance(found, ast.Call)
            found.keywords = [
                ast.keyword(word, const(True)) for bit, word in FORMAT_FLAGS.items() if flags & bit
            ]
            return Py(found, "string")
        if fid == "replace" and len(args) == 3:
            if self.nonempty(args[1]):
                return Py(call(f"({args[0].src}).replace", args[1].code, args[2].code), "string")
            return Py(self.helper("replace", *[a.code for a in args]), "string")
        if fid == "string_count" and len(args) == 2:
            if self.nonempty(args[1]):
                return Py(call(f"({args[0].src}).count", args[1].code), "int")
            return Py(self.helper("count", *[a.code for a in args]), "int")
        if fid == "extract_string":
            return Py(self.helper("extract_string", *[a.code for a in args]), "string")
        if fid == "complete":
            fill = args[2].code if len(args) > 2 else const(" ")
            if (
                isinstance(fill, ast.Constant)
                and isinstance(fill.value, str)
                and len(fill.value) == 1
            ):
                size = args[1].src
                padded = f"({args[0].src}).ljust({size}, {ast.unparse(fill)})[:{size}]"
                return Py(parse_expr(padded), "string")  # ruff format writes it plainly
            return Py(self.helper("complete", *[a.code for a in args]), "string")
        if fid == "position_occurrence" and len(args) == 3:
            return Py(self.helper("position_occurrence", *[a.code for a in args]), "int")
        if fid == "info_build":
            built = self.special_call(node, "string_build", args)
            assert built is not None
            return Py(call("print", built.code), "none")
        if fid == "string_build":
            if isinstance(args[0].code, ast.Constant):
                return self.build(str(args[0].code.value), args[1:])
            return Py(self.helper("string_build", *[a.code for a in args]), "string")
        return super().special_call(node, fid, args)

    def with_options(self, node: n.Node, fid: str, args: list[Py]) -> Py:
        """Position/Remplace/ChaîneOccurrence with DepuisFin, MotComplet, SansCasse."""
        flags = literal_int(args[-1].code)
        allowed = 7 if fid == "position" else 6
        if flags is None or flags & ~allowed:
            raise Skip(node, "search options that are not constants")
        helper = {"position": "position_with", "replace": "replace_with"}.get(fid, "count_with")
        keywords = [ast.keyword(word, const(True)) for bit, word in FLAGS.items() if flags & bit]
        found = self.helper(helper, *[a.code for a in args[:-1]])
        assert isinstance(found, ast.Call)
        found.keywords = keywords
        return Py(found, "string" if fid == "replace" else "int")

    @staticmethod
    def nonempty(value: Py) -> bool:
        code = value.code
        return isinstance(code, ast.Constant) and isinstance(code.value, str) and code.value != ""

    def build(self, fmt: str, args: list[Py]) -> Py:
        """``ChaîneConstruit("%1 and %2", a, b)`` with a literal format: an f-string."""
        parts: list[Py] = []
        pos = 0
        for found in BUILD.finditer(fmt):
            parts.append(Py(const(fmt[pos : found.start()]), "string"))
            if found[1] == "%":
                parts.append(Py(const("%"), "string"))
            else:
                k = int(found[1])
                part = args[k - 1] if 0 < k <= len(args) else Py(const(""), "string")
                code = part.code  # str(n) of a whole number: {n} in the f-string
                if isinstance(code, ast.Call) and ast.unparse(code.func) == "str":
                    part = Py(code.args[0], "int")
                parts.append(part)
            pos = found.end()
        parts.append(Py(const(fmt[pos:]), "string"))
        return self.fstring(parts)


def literal_int(code: ast.expr) -> int | None:
    """The value of a sum of option constants (``SansCasse + MotComplet``), None otherwise."""
    if isinstance(code, ast.Constant) and type(code.value) is int:
        return code.value
    if isinstance(code, ast.BinOp) and isinstance(code.op, ast.Add | ast.BitOr):
        a, b = literal_int(code.left), literal_int(code.right)
        if a is not None and b is not None:
            return a + b if isinstance(code.op, ast.Add) else a | b
    return None
