"""The string functions' options and arrays: what :mod:`.strings` leaves to this module.

* ``ExtraitChaîne(s, rangPremier/rangSuivant/rangDernier/rangPrécédent, sep)`` is a walk whose
  position WLangage keeps per text, separators and direction (``wlmail/builtins/strings.py``):
  the helper class ``ExtractWalk`` keeps it the same way (``ExtractWalk.first(s, ";")``). A rank
  constant anywhere else (in a variable) is still reported.
* ``Position``, ``Contient`` and ``ExtraitChaîne`` given an array (of texts) of searches or
  separators: the helpers ``position_any`` (the nearest one) and ``extract_any`` (cut at the
  nearest separator each time, the first listed winning a tie: ``re.split`` on the
  alternation does exactly that).
* ``Contient``/``Contains``: ``"b" in s`` for a literal search (an empty search is never found,
  unlike Python's ``in``), ``re.search(…, re.IGNORECASE)`` with ``SansCasse``; DepuisFin
  changes nothing, as in the runtime.
* ``SansEspace``/``NoSpace`` with ``sscIntérieur`` (the helper ``no_space_inside``) and other
  characters to remove (``s.strip("x")``).
* ``ChaîneCommencePar``/``ChaîneFinitPar`` with ``cc…`` options: both sides made alike
  (``.strip()``, ``string_format`` for accents and punctuation, ``.casefold()`` for the case,
  as the runtime compares), a literal prefix computed at export time.
* ``PositionOccurrence`` with options (``DepuisFin`` counts from the last occurrence):
  ``position_occurrence_with``.

Options must be constants (a sum of them); anything else is reported with its line.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from wlmail.builtins.strings import _format as compared_form
from wlmail.export.base import Py, Skip, parse_expr
from wlmail.export.exprs import call, const, name
from wlmail.export.stmts import StmtMixin
from wlmail.export.strings import FLAGS, StringsMixin, literal_int
from wlmail.syntax import nodes as n

STRING_OPTION_HELPERS: dict[str, str] = {
    "pieces": r'''
def pieces(value: str, separators: str | list[str]) -> list[str]:
    """The pieces of ``value`` as ExtraitChaîne cuts them: at the nearest of ``separators``
    each time (the first listed wins a tie; empty separators are ignored)."""
    import re

    if isinstance(separators, str):
        separators = [separators]
    found = "|".join(re.escape(s) for s in separators if s)
    return re.split(found, value) if found else [value]
''',
    "ExtractWalk": r'''
class ExtractWalk:
    """ExtraitChaîne/ExtractString walked with rangPremier/firstRank (``first``),
    rangSuivant/nextRank (``next``), rangDernier/lastRank (``last``) and
    rangPrécédent/previousRank (``previous``): each call gives the following piece, EOT
    ("\\x04") past the end or without a first call. As in WLangage, the position is kept
    per text, separators and direction."""

    positions: dict[tuple[str, tuple[str, ...], bool], int] = {}

    @classmethod
    def first(cls, value: str, separators: str | list[str] = "\t") -> str:
        return cls.step(value, separators, True, False)

    @classmethod
    def next(cls, value: str, separators: str | list[str] = "\t") -> str:
        return cls.step(value, separators, False, False)

    @classmethod
    def last(cls, value: str, separators: str | list[str] = "\t") -> str:
        return cls.step(value, separators, True, True)

    @classmethod
    def previous(cls, value: str, separators: str | list[str] = "\t") -> str:
        return cls.step(value, separators, False, True)

    @classmethod
    def step(cls, value: str, separators: str | list[str], restart: bool, backwards: bool) -> str:
        seps = [separators] if isinstance(separators, str) else separators
        key = (value, tuple(s for s in seps if s), backwards)
        if restart:
            cls.positions[key] = 1
        elif key in cls.positions:
            cls.positions[key] += 1
        else:
            return "\x04"
        found = pieces(value, separators)
        if backwards:
            found.reverse()
        if cls.positions[key] > len(found):
            del cls.positions[key]
            return "\x04"
        return found[cls.positions[key] - 1]
''',
    "extract_any": r'''
def extract_any(value: str, rank: int, separators: list[str], from_end: bool = False) -> str:
    """ExtraitChaîne/ExtractString given an array of separators: the ``rank``-th piece
    (1-based, counted from the end with DepuisFin), EOT ("\\x04") past the last one."""
    if rank < 1:
        raise ValueError(f"invalid rank: {rank}")
    found = pieces(value, separators)
    if from_end:
        found.reverse()
    return found[rank - 1] if rank <= len(found) else "\x04"
''',
    "position_any": r'''
def position_any(
    value: str,
    searches: list[str],
    start: int = 0,
    from_end: bool = False,
    whole_word: bool = False,
    ignore_case: bool = False,
) -> int:
    """WLangage's Position given an array of searches: the 1-based position of the nearest
    one (with DepuisFin, the last one starting at or before ``start``), 0 when none is
    found. Empty searches are ignored; ``start`` 0 searches the whole text."""
    found = [search_pattern(s, whole_word, ignore_case) for s in searches if s]
    if from_end:
        limit = len(value) if start < 1 else min(start, len(value))
        at = (p for p in range(limit - 1, -1, -1) if any(f.match(value, p) for f in found))
        return next(at, -1) + 1
    first = max(start, 1)
    if first > len(value):
        return 0
    hits = [m.start() for m in (f.search(value, first - 1) for f in found) if m]
    return min(hits) + 1 if hits else 0
''',
    "no_space_inside": r'''
def no_space_inside(value: str, blanks: str = " \t\r\n") -> str:
    """SansEspace/NoSpace with sscIntérieur/sscInside: each run of two or more ``blanks``
    between two other characters is cut to its first character; the ends stay."""
    import re

    if not blanks:
        return value
    one = "".join(re.escape(c) for c in blanks)
    return re.sub(rf"(?<=[^{one}])([{one}])[{one}]+(?=[^{one}])", r"\1", value)
''',
    "position_occurrence_with": r'''
def position_occurrence_with(
    value: str,
    search: str,
    rank: int,
    from_end: bool = False,
    whole_word: bool = False,
    ignore_case: bool = False,
) -> int:
    """WLangage's PositionOccurrence with options: the 1-based position of the ``rank``-th
    occurrence of ``search`` (occurrences found left to right, without overlapping; counted
    from the last one with DepuisFin), 0 when there are fewer."""
    if rank < 1:
        raise ValueError(f"invalid rank: {rank}")
    if not search:
        return 0
    found = search_pattern(search, whole_word, ignore_case).finditer(value)
    starts = [m.start() for m in found]
    if from_end:
        starts.reverse()
    return starts[rank - 1] + 1 if rank <= len(starts) else 0
''',
}
STRING_OPTION_NEEDS: dict[str, list[str]] = {
    "ExtractWalk": ["pieces"],
    "extract_any": ["pieces"],
    "position_any": ["search_pattern"],
    "position_occurrence_with": ["search_pattern"],
}
WALK = {  # the ExtractWalk method of each rank constant
    "rank_first": "first",
    "rank_next": "next",
    "rank_last": "last",
    "rank_previous": "previous",
}
BLANKS = " \t\r\n"  # what SansEspace removes by default (wlmail/builtins/strings.py)
STRIP = {1: "lstrip", 2: "rstrip", 3: "strip"}  # sscDébut, sscFin, sscExtérieur
CC_CASE, CC_SPACE, CC_UPPER, CC_LOWER = 1, 2, 32, 64  # stdlib/constants-strings.toml
SHAPED = {  # the keywords of string_format for the cc… bits
    2: "ignore_space",
    4: "ignore_accent",
    8: "ignore_punctuation",
    16: "ignore_inside_space",
}
SHAPED_BY_HELPER = 4 | 8 | 16  # what ``.strip()`` alone does not do: the helper string_format
SEARCHED = {"position": 1, "contains": 1, "extract_string": 2}  # the argument that may be an array
OPTIONS_AT = {"position": 3, "contains": 2, "extract_string": 3}  # the option constants


class StringOptionsMixin(StringsMixin, StmtMixin):
    # -- before the arguments are made text: rank constants and arrays -----------------------
    def builtin(self, node: n.Node, entry: Any, arg_nodes: list[n.Node]) -> Py:
        fid = entry.id
        if fid == "extract_string" and len(arg_nodes) > 1 and self.walk_step(arg_nodes[1]):
            return self.extract_walk(node, entry, arg_nodes)
        where = SEARCHED.get(fid)
        if where is not None and len(arg_nodes) > where:
            found = self.list_arg(arg_nodes[where])
            if found is not None:
                return self.with_array(node, entry, arg_nodes, found)
        return super().builtin(node, entry, arg_nodes)

    def walk_step(self, node: n.Node) -> str:
        """``first``/``next``/``last``/``previous`` for a rank constant, else ""."""
        ref = self.ref(node) if isinstance(node, n.Name) else ("",)
        return WALK.get(ref[1].id, "") if ref[0] == "const" else ""

    def list_arg(self, node: n.Node) -> Py | None:
        """An array given where a text is usual: a literal or a variable (nothing else is
        looked at before it is written, so nothing is written twice)."""
        named = isinstance(node, n.Name) and self.ref(node)[0] == "var"
        if not (isinstance(node, n.ArrayLit) or named):
            return None
        value = self.expr(node)
        if value.type != "list":
            return None
        if self.elem_type(node) != "string":
            raise Skip(node, "an array that is not of texts where a text is searched")
        return value

    def shaped(
        self, node: n.Node, entry: Any, arg_nodes: list[n.Node], kept: dict[int, Py]
    ) -> list[Py]:
        """The arguments as the function's ``params`` make them (``shape_args``), but for the
        ones ``kept`` as they are (an array, a rank constant)."""
        spec: dict[str, Any] = self.map["functions"][entry.id]
        if len(arg_nodes) not in spec.get("args", [len(arg_nodes)]):
            raise Skip(node, f"{entry.name(self.lang)} with {len(arg_nodes)} argument(s)")
        kinds = spec.get("params", [""])
        params = [kinds[min(i, len(kinds) - 1)] for i in range(len(arg_nodes))]
        for i in kept:
            params[i] = "kept"
        if OPTIONS_AT.get(entry.id, len(params)) < len(params):
            params[OPTIONS_AT[entry.id]] = "int"  # ExtraitChaîne's DepuisFin, not a separator
        values = [kept[i] if i in kept else self.expr(a) for i, a in enumerate(arg_nodes)]
        return self.shape_args(node, {**spec, "params": params}, values)

    def options(self, node: n.Node, entry: Any, value: Py, allowed: int) -> int:
        """The options given (a sum of constants), of the ones the export writes (``allowed``)."""
        flags = literal_int(value.code)
        if flags is None:
            raise Skip(node, f"{entry.name(self.lang)} with options that are not constants")
        if flags & ~allowed:
            raise Skip(node, f"{entry.name(self.lang)} with options it does not take")
        return flags

    @staticmethod
    def with_flags(helper: ast.expr, flags: int) -> ast.expr:
        """A helper call given the search options as keywords (``ignore_case=True``)."""
        assert isinstance(helper, ast.Call)
        helper.keywords = [ast.keyword(w, const(True)) for bit, w in FLAGS.items() if flags & bit]
        return helper

    def extract_walk(self, node: n.Node, entry: Any, arg_nodes: list[n.Node]) -> Py:
        """``ExtraitChaîne(s, rangSuivant, ";")``: ``ExtractWalk.next(s, ";")``."""
        if len(arg_nodes) > 3:
            raise Skip(node, f"{entry.name(self.lang)} with a rank constant and an option")
        kept = {1: Py(const(0), "int")}  # the rank is the method
        seps = self.list_arg(arg_nodes[2]) if len(arg_nodes) > 2 else None
        if seps is not None:
            kept[2] = seps
        values = self.shaped(node, entry, arg_nodes, kept)
        args = [v.code for i, v in enumerate(values) if i != 1]
        self.helpers.add("ExtractWalk")
        self.helper_calls += 1
        walk = ast.Attribute(name("ExtractWalk"), self.walk_step(arg_nodes[1]), ast.Load())
        return Py(ast.Call(walk, args, []), "string")

    def with_array(self, node: n.Node, entry: Any, arg_nodes: list[n.Node], found: Py) -> Py:
        """Position/Contient/ExtraitChaîne given an array of searches or separators."""
        fid = entry.id
        values = self.shaped(node, entry, arg_nodes, {SEARCHED[fid]: found})
        at = OPTIONS_AT[fid]
        allowed = 1 if fid == "extract_string" else 7
        flags = self.options(node, entry, values[at], allowed) if len(values) > at else 0
        codes = [v.code for v in values[:at]]
        if fid == "extract_string":
            return Py(self.with_flags(self.helper("extract_any", *codes), flags), "string")
        if fid == "contains":
            flags &= ~1  # DepuisFin changes nothing: Contient looks at the whole text
        helper = self.with_flags(self.helper("position_any", *codes), flags)
        if fid == "position":
            return Py(helper, "int")
        return Py(ast.Compare(helper, [ast.Gt()], [const(0)]), "bool")

    # -- after: options --------------------------------------------------------------------
    def special_call(self, node: n.Node, fid: str, args: list[Py]) -> Py | None:
        if fid == "contains":
            return self.contains(node, args)
        if fid == "no_space" and len(args) > 1:
            return self.no_space(node, args)
        if fid in ("string_starts_with", "string_ends_with") and len(args) == 3:
            return self.starts_or_ends(node, fid, args)
        if fid == "position_occurrence" and len(args) == 4:
            entry = self.cat.functions[fid]
            flags = self.options(node, entry, args[3], 7)
            helper = self.helper("position_occurrence_with", *[a.code for a in args[:3]])
            return Py(self.with_flags(helper, flags), "int")
        return super().special_call(node, fid, args)

    def contains(self, node: n.Node, args: list[Py]) -> Py:
        """``Contient(s, "b")``: ``"b" in s``; with SansCasse ``re.search``; else the helpers
        of Position (an empty search is never found, unlike Python's ``in``)."""
        entry = self.cat.functions["contains"]
        flags = self.options(node, entry, args[2], 7) & ~1 if len(args) > 2 else 0
        text, search = args[0].code, args[1].code
        literal = ""
        if isinstance(search, ast.Constant) and isinstance(search.value, str):
            literal = search.value
        if literal and not flags:
            return Py(ast.Compare(search, [ast.In()], [text]), "bool")
        if literal and flags == 4:
            self.need("import re")
            ignore = parse_expr("re.IGNORECASE")
            found = call("re.search", const(re.escape(literal)), text, ignore)
            return Py(ast.Compare(found, [ast.IsNot()], [const(None)]), "bool")
        helper = self.helper("position_with" if flags else "position", text, search)
        return Py(ast.Compare(self.with_flags(helper, flags), [ast.Gt()], [const(0)]), "bool")

    def no_space(self, node: n.Node, args: list[Py]) -> Py:
        """SansEspace(s, ssc…[, characters]): ``strip``/``lstrip``/``rstrip`` of those
        characters, then ``no_space_inside`` for sscIntérieur."""
        flags = self.options(node, self.cat.functions["no_space"], args[1], 7) or 3  # 0: both ends
        blanks = args[2].code if len(args) > 2 else const(BLANKS)
        given = blanks.value if isinstance(blanks, ast.Constant) else None
        if given == "":
            return args[0]  # nothing to remove
        value = args[0].code
        if flags & 3:
            value = call(f"({ast.unparse(value)}).{STRIP[flags & 3]}", blanks)
        if flags & 4:
            value = self.helper("no_space_inside", value, *([] if given == BLANKS else [blanks]))
        return Py(value, "string")

    def starts_or_ends(self, node: n.Node, fid: str, args: list[Py]) -> Py:
        """ChaîneCommencePar/ChaîneFinitPar with cc… options: both sides made alike, as the
        runtime compares them (``casefold`` for ccSansCasse); a literal prefix or suffix is
        made so at export time, by the runtime's own function."""
        flags = self.options(node, self.cat.functions[fid], args[2], 127)
        text, part = (self.compared(self.text(a), flags) for a in args[:2])
        if isinstance(args[1].code, ast.Constant) and isinstance(args[1].code.value, str):
            part = const(compared_form(args[1].code.value, flags, True))
        method = "startswith" if fid == "string_starts_with" else "endswith"
        return Py(call(f"({ast.unparse(text)}).{method}", part), "bool")

    def compared(self, value: ast.expr, flags: int) -> ast.expr:
        """``value`` as ChaîneCommencePar compares it under ``flags`` (the runtime's order:
        spaces, punctuation, accents, then the case)."""
        if flags & SHAPED_BY_HELPER:
            value = self.helper("string_format", value)
            assert isinstance(value, ast.Call)
            words = [w for bit, w in SHAPED.items() if flags & bit]
            value.keywords = [ast.keyword(w, const(True)) for w in words]
        elif flags & CC_SPACE:
            value = call(f"({ast.unparse(value)}).strip")
        case = {CC_CASE: "casefold", CC_UPPER: "upper", CC_LOWER: "lower"}
        method = next((m for bit, m in case.items() if flags & bit), "")
        return call(f"({ast.unparse(value)}).{method}") if method else value
