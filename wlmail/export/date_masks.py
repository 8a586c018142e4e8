"""Masks with names and hundredths: ``DateVersChaîne``, ``HeureVersChaîne``,
``DateHeureVersChaîne`` (and the ``VersChaîne`` method) of dates, times and datetimes.

A mask is read as the runtime reads it (``wlmail/builtins/dates.py``, ``_tokens``): numeric
fields are ``strftime`` directives, written in an f-string's format spec
(``f"{h:%H:%M:%S}:{h.microsecond // 10000:02d}"``) when the mask also shows hundredths
(``CC``) or milliseconds (``LLL``), or day and month names (``JJJJ``/``Dddd``, ``MMM``…). The
names are wlmail's in the script's language, module constants of the program (``DAY_NAMES``,
``DAY_ABBR``, ``MONTH_NAMES``, ``MONTH_ABBR``: tuples indexed by ``weekday()`` and
``month - 1``), with ``.capitalize()`` for ``Jjjj``/``Mmmm`` in French. Such an f-string
reads its value more than once: the value must be a variable. A literal text with names is
formatted at export time (the runtime's own function, in the script's language); other text
with names is refused (the helper module has no names). ``ChaîneVersDate`` with a month's
name is the helper ``string_to_date_names`` (French and English names, as the runtime reads
them).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, cast

from wlmail.builtins import implementation
from wlmail.builtins.dates import (
    DATE_MASK,
    DATETIME_MASK,
    DAY_ABBR,
    DAY_NAMES,
    MONTH_ABBR,
    MONTH_NAMES,
    TIME_MASK,
    _cased,
    _tokens,
)
from wlmail.export.base import Py, Skip
from wlmail.export.dates import EPOCH, PARSE, REGEX_SPECIAL, STRFTIME, method
from wlmail.export.exprs import const, name
from wlmail.export.time_random import TimeRandomMixin
from wlmail.runtime.state import Runtime
from wlmail.runtime.values import WLFault
from wlmail.syntax import nodes as n

#: mask field: the module constant holding its names, and wlmail's table of them
NAME_TABLES: dict[str, tuple[str, dict[str, tuple[str, ...]]]] = {
    "dayname": ("DAY_NAMES", DAY_NAMES),
    "dayabbr": ("DAY_ABBR", DAY_ABBR),
    "monthname": ("MONTH_NAMES", MONTH_NAMES),
    "monthabbr": ("MONTH_ABBR", MONTH_ABBR),
}
#: the kind of mask each function reads, its default mask, and the value types it shows
TO_TEXT = {
    "date_to_string": ("date", DATE_MASK),
    "time_to_string": ("time", TIME_MASK),
    "datetime_to_string": ("datetime", DATETIME_MASK),
}
#: DateHeureVersChaîne of text: the helper's layout fields (the runtime's digits, unchecked)
DATETIME_LAYOUT = {
    "year4": "{year}",
    "year2": "{year2}",
    "month": "{month}",
    "day": "{day}",
    "hour": "{hour}",
    "minute": "{minute}",
    "second": "{second}",
    "centi": "{centi}",
    "milli": "{milli}",
}
#: characters a literal part of a mask cannot hold inside an f-string's format spec
NOT_IN_SPEC = set("{}\\'\"\r\n")
#: (function, type of the value): how the runtime shows it (``date_to_string`` and its
#: ``VersChaîne`` method show a time as a time, a datetime as a datetime)
SHOWN = {
    ("date_to_string", "date"): "date",
    ("date_to_string", "time"): "time",
    ("date_to_string", "datetime"): "datetime",
    ("date_to_string", "duration"): "duration",
    ("time_to_string", "time"): "time",
    ("time_to_string", "datetime"): "time",
    ("datetime_to_string", "datetime"): "datetime",
}
WORD = r"[^\W\d_]+\.?"  # a day's or month's name, as the runtime reads it


class DateMasksMixin(TimeRandomMixin):
    def builtin(self, node: n.Node, entry: Any, arg_nodes: list[n.Node]) -> Py:
        if entry.id in TO_TEXT:
            return self.to_text(node, entry, arg_nodes)
        if entry.id == "string_to_date" and len(arg_nodes) == 2:
            mask = arg_nodes[1]
            if isinstance(mask, n.Str) and any(
                f in NAME_TABLES for f, _ in _tokens(mask.value, "date")
            ):
                return self.string_to_named_date(node, entry, arg_nodes[0], mask.value)
        return super().builtin(node, entry, arg_nodes)

    # -- a value shown with a mask -----------------------------------------------------------
    def to_text(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py:
        fid, name_ = entry.id, entry.name(self.lang)
        if len(args) not in (1, 2) or (len(args) == 2 and not isinstance(args[1], n.Str)):
            raise Skip(node, f"{name_} with these arguments (a mask that is not a literal?)")
        mask = args[1].value if len(args) == 2 and isinstance(args[1], n.Str) else None
        value = self.peek(args[0])
        if value == "string":
            kind, default = TO_TEXT[fid]
            if any(f in NAME_TABLES for f, _ in _tokens(mask or default, kind)):
                return self.named_text(node, entry, args[0], mask)
            if fid == "datetime_to_string":
                return self.datetime_text(node, entry, args[0], mask or default)
            return super().builtin(node, entry, args)  # export/dates.py: the helpers
        shown = SHOWN.get((fid, value))
        if shown is None:
            raise Skip(node, f"{name_} of a value of type {value}")
        if shown == "duration":
            return Py(self.text(self.expr(args[0])), "string")
        default = TO_TEXT[f"{shown}_to_string"][1]
        return self.masked(node, self.expr(args[0]), mask or default, shown)

    def peek(self, node: n.Node) -> str:
        """The type of ``node``'s Python, without writing anything (imports, helpers,
        constants and problems are put back as they were)."""
        saved = (set(self.helpers), self.helper_calls, set(self.imports))
        consts, problems, lines = list(self.module_consts), len(self.problems), len(self.out.lines)
        try:
            return self.expr(node).type
        except (Skip, ValueError, TypeError, KeyError, AttributeError, IndexError):
            return "any"
        finally:
            self.helpers, self.helper_calls, self.imports = saved
            self.module_consts[:] = consts
            del self.problems[problems:]
            del self.out.lines[lines:]

    def masked(self, node: n.Node, value: Py, mask: str, kind: str) -> Py:
        """``value`` (a date, time or datetime) shown with ``mask`` read as ``kind``."""
        items: list[tuple[str, Any]] = []  # ("spec", directive) ("text", run) ("expr", …)
        for field, run in _tokens(mask, kind):
            if not field:
                items.append(("text", run))
            elif field in STRFTIME:
                items.append(("spec", STRFTIME[field]))
            elif field in ("centi", "milli"):
                cut = 10000 if field == "centi" else 1000
                part = ast.Attribute(value.code, "microsecond", ast.Load())
                items.append(("expr", (ast.BinOp(part, ast.FloorDiv(), const(cut)), field)))
            else:
                items.append(("expr", (self.name_of_field(node, field, run, value.code), "")))
        if all(kind_ != "expr" for kind_, _ in items):
            fmt = "".join(x if k == "spec" else x.replace("%", "%%") for k, x in items)
            return Py(method(value.code, "strftime", const(fmt)), "string")
        values = self.joined(value.code, items)
        uses = sum(isinstance(v, ast.FormattedValue) for v in values)
        if uses > 1 and not isinstance(value.code, ast.Name):
            raise Skip(node, "a mask with names or hundredths of a value that is not a variable")
        only = values[0] if len(values) == 1 else None
        if isinstance(only, ast.FormattedValue) and only.format_spec is None:
            return Py(only.value, "string")  # a name alone: DAY_NAMES[d.weekday()]
        return Py(ast.JoinedStr(values), "string")

    def joined(self, code: ast.expr, items: list[tuple[str, Any]]) -> list[ast.expr]:
        """The parts of the f-string: a run of directives (and the text between them) is one
        ``{value:%d/%m/%Y}``; the text around it, names and hundredths are parts of their own."""
        values: list[ast.expr] = []
        run: list[tuple[str, str]] = []

        def text(piece: str) -> None:
            last = values[-1] if values else None
            if isinstance(last, ast.Constant) and isinstance(last.value, str):
                values[-1] = const(last.value + piece)
            else:
                values.append(const(piece))

        def flush() -> None:
            tail: list[str] = []  # text after the last directive: outside the format spec
            while run and run[-1][0] == "text":
                tail.insert(0, run.pop()[1])
            if run:
                spec = "".join(x if k == "spec" else x.replace("%", "%%") for k, x in run)
                values.append(ast.FormattedValue(code, -1, ast.JoinedStr([const(spec)])))
                run.clear()
            for piece in tail:
                text(piece)

        for kind, item in items:
            if kind == "spec" or (kind == "text" and run and not set(item) & NOT_IN_SPEC):
                run.append((kind, item))
            elif kind == "text":
                flush()
                text(item)
            else:
                flush()
                part, field = item
                spec = {"centi": "02d", "milli": "03d"}.get(field)
                values.append(
                    ast.FormattedValue(part, -1, ast.JoinedStr([const(spec)]) if spec else None)
                )
        flush()
        return values

    def name_of_field(self, node: n.Node, field: str, run: str, code: ast.expr) -> ast.expr:
        """``DAY_NAMES[d.weekday()]``, ``MONTH_ABBR[d.month - 1].capitalize()``…"""
        table, names_by_lang = NAME_TABLES[field]
        lang = self.lang if self.lang in names_by_lang else "fr"
        names = names_by_lang[lang]
        self.name_table(node, table, names)
        if field.startswith("day"):
            index: ast.expr = method(code, "weekday")
        else:
            index = ast.BinOp(ast.Attribute(code, "month", ast.Load()), ast.Sub(), const(1))
        shown: ast.expr = ast.Subscript(name(table), index, ast.Load())
        cased = [_cased(x, run, lang) for x in names]
        if cased == [x.capitalize() for x in names] and cased != list(names):
            shown = method(shown, "capitalize")
        elif cased != list(names):
            raise Skip(node, f"the mask field {run} (names in this case)")
        return shown

    # -- text with names: known at export time -----------------------------------------------
    def named_text(self, node: n.Node, entry: Any, arg: n.Node, mask: str | None) -> Py:
        value = self.expr(arg)
        if isinstance(value.code, ast.Constant) and isinstance(value.code.value, str):
            args = [value.code.value] if mask is None else [value.code.value, mask]
            return Py(const(self.at_export(node, entry, args)), "string")
        day = self.text_day(value.code)
        if day is not None:
            kind, default = TO_TEXT[entry.id]
            return self.masked(node, Py(day, "date"), mask or default, kind)
        raise Skip(node, "a mask with day or month names of a date given as text")

    @staticmethod
    def text_day(code: ast.expr) -> ast.expr | None:
        """The date a text was written from, else None: ``DateSys()``
        (``datetime.date.today().strftime("%Y%m%d")``) is ``datetime.date.today()``,
        ``EntierVersDate(n)`` the date ``datetime.date(1800, 1, 1) + …``."""
        if not (
            isinstance(code, ast.Call)
            and isinstance(code.func, ast.Attribute)
            and code.func.attr == "strftime"
            and len(code.args) == 1
            and isinstance(code.args[0], ast.Constant)
            and code.args[0].value == "%Y%m%d"
        ):
            return None
        day = code.func.value
        if ast.unparse(day) == "datetime.date.today()":
            return day
        if isinstance(day, ast.BinOp) and ast.unparse(day.left) == EPOCH:
            return day
        return None

    def at_export(self, node: n.Node, entry: Any, args: list[Any]) -> Any:
        """What the runtime's function gives for ``args`` known at export time, in the
        script's language; an error there (an invalid date) is refused."""
        impl = implementation(entry)
        if impl is None:
            raise Skip(node, f"{entry.name(self.lang)} of these values")
        runtime = cast(Runtime, SimpleNamespace(lang=self.lang))
        fn: Callable[..., Any] = impl.fn
        try:
            return fn(runtime, *args)
        except (WLFault, ValueError):
            raise Skip(node, f"{entry.name(self.lang)} of an invalid value") from None

    def datetime_text(self, node: n.Node, entry: Any, arg: n.Node, mask: str) -> Py:
        """``DateHeureVersChaîne`` of text: the helper ``datetime_to_string``."""
        value = self.expr(arg)
        text = value.code.value if isinstance(value.code, ast.Constant) else None
        if isinstance(text, str) and text.strip() and sum(c.isdigit() for c in text) < 8:
            raise Skip(node, f"{entry.name(self.lang)} of an invalid date")
        out = []
        for field, run in _tokens(mask, "datetime"):
            if field and field not in DATETIME_LAYOUT:
                raise Skip(node, f"the mask field {run}")
            out.append(
                DATETIME_LAYOUT[field] if field else run.replace("{", "{{").replace("}", "}}")
            )
        return Py(self.helper("datetime_to_string", value.code, const("".join(out))), "string")

    # -- ChaîneVersDate with a month's name ----------------------------------------------------
    def string_to_named_date(self, node: n.Node, entry: Any, arg: n.Node, mask: str) -> Py:
        value = self.expr(arg)
        if value.type != "string":
            raise Skip(node, f"{entry.name(self.lang)} of a value that is not text")
        pattern, seen = [], set()
        for field, run in _tokens(mask, "date"):
            if field in ("dayname", "dayabbr"):  # read, not checked
                pattern.append(f"(?:{WORD})")
                continue
            named = field in ("monthname", "monthabbr")
            group = ("month_name", WORD) if named else PARSE.get(field)
            slot = "month" if named else group[0] if group is not None else ""
            if field and (group is None or slot in seen):
                raise Skip(node, f"the mask field {run} (a field twice)")
            if group is not None:
                seen.add(slot)
                pattern.append(f"(?P<{group[0]}>{group[1]})")
            else:
                pattern.append("".join("\\" + c if c in REGEX_SPECIAL else c for c in run))
        regex = "".join(pattern)
        return Py(self.helper("string_to_date_names", value.code, const(regex)), "string")
