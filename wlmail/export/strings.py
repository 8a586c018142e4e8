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
}
STRING_NEEDS = {"string_build": ["text"]}
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
            shaped.append(arg)
        return shaped

    def special_call(self, node: n.Node, fid: str, args: list[Py]) -> Py | None:
        """The functions with WLangage edge cases (None: the template of the mapping)."""
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
