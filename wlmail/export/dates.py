"""Dates: ``date`` variables as ``datetime.date``, ``DateVersChaîne`` with its mask.

WLangage keeps dates as text as often as not: ``DateSys()`` is ``"20240105"`` (the mapping of
those functions is data, ``stdlib/python-export.toml``). A ``date`` variable is a
``datetime.date`` (``d.Année`` is ``d.year``; shown, it is ``YYYYMMDD``). ``DateVersChaîne`` of a
``date`` or ``dateheure`` is ``strftime``; of text, the helper ``date_to_string``, which reads
the digits without checking them (``"20231345"`` gives ``45/13/2023``), as the runtime does.
The mask must be a literal made of numeric fields (``AAAA``, ``AA``, ``MM``, ``JJ`` and their
English ``YYYY``, ``DD``; ``HH``, ``mm``, ``SS`` for a ``dateheure``); day and month names,
which depend on the language, and centiseconds are reported.
"""

from __future__ import annotations

import ast
import datetime as dt
from typing import Any

from wlmail.builtins.dates import DATE_MASK, TIME_MASK, _tokens
from wlmail.export.base import Py, Skip, parse_expr, py_name
from wlmail.export.exprs import COMPARE, call, const
from wlmail.export.stmts import StmtMixin
from wlmail.syntax import nodes as n

STRFTIME = {
    "year4": "%Y",
    "year2": "%y",
    "month": "%m",
    "day": "%d",
    "hour": "%H",
    "minute": "%M",
    "second": "%S",
}
TIME_LAYOUT = {f: "{" + f + "}" for f in ("hour", "minute", "second", "centi", "milli")}
REGEX_SPECIAL = set(".^$*+?{}[]\\|()")
PARSE = {  # mask field: the regular expression group the runtime reads it with
    "year4": ("year", r"\d{4}"),
    "year2": ("year2", r"\d{2}"),
    "month": ("month", r"\d{1,2}"),
    "day": ("day", r"\d{1,2}"),
}
LAYOUT = {"year4": "{year}", "year2": "{year2}", "month": "{month}", "day": "{day}"}
EPOCH = "datetime.date(1800, 1, 1)"  # DateVersEntier's day 1
DAY_FUNCTIONS = {  # catalog id: number of arguments exported
    "date_valid": 1,
    "time_valid": 1,
    "leap_year": 1,
    "date_difference": 2,
    "date_to_integer": 1,
    "integer_to_date": 1,
    "integer_to_day": 1,
    "date_to_day": 1,
    "week_number": 1,
}
DATE_PARTS = {"date.year": "year", "date.month": "month", "date.day": "day"}


def method(target: ast.expr, name: str, *args: ast.expr) -> ast.expr:
    """``target.name(args)``, parenthesised as the operators of ``target`` need."""
    return ast.Call(ast.Attribute(target, name, ast.Load()), list(args), [])


class DatesMixin(StmtMixin):
    # -- date variables ----------------------------------------------------------------------
    def s_Decl(self, node: n.Decl) -> None:
        vtype = self.ann.vtypes.get(id(node.type))
        if vtype is None or str(vtype.id) != "date":
            super().s_Decl(node)
            return
        self.need("import datetime")
        if node.init is None:
            value = "datetime.date.today()"
        else:  # text is read as a date when the variable receives it (fit below)
            value = self.fit(node, "date", self.expr(node.init)).src
        for nm in node.names:
            self.line(node, f"{py_name(nm.name)} = {value}")

    def fit(self, node: n.Node, kind: str, value: Py) -> Py:
        if kind == "date" and value.type == "string":
            text = value.code.value if isinstance(value.code, ast.Constant) else None
            day = self.literal_date(text) if isinstance(text, str) else None
            if day is not None:
                self.need("import datetime")
                return Py(parse_expr(f"datetime.date({day.year}, {day.month}, {day.day})"), "date")
            return Py(self.day(node, value), "date")
        return super().fit(node, kind, value)

    @staticmethod
    def literal_date(text: str) -> dt.date | None:
        digits = "".join(c for c in text if c.isdigit())
        if len(digits) != 8 or len(text.strip()) != 8:
            return None
        try:
            return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
        except ValueError:
            return None

    def x_Member(self, node: n.Member) -> Py:
        if isinstance(node.target, n.Name):
            ref = self.ref(node.target)
            if ref[0] == "var" and str(ref[1].vtype.id) == "date":
                entry = self.cat.prop("date", node.name)
                part = DATE_PARTS.get(entry.id if entry is not None else "")
                if part is None:
                    raise Skip(node, f"the member .{node.name} of a date")
                return Py(ast.Attribute(self.expr(node.target).code, part, ast.Load()), "int")
        other = getattr(super(), "x_Member", None)
        if other is None:
            raise Skip(node, f"the member .{node.name}")
        return other(node)  # type: ignore[no-any-return]

    # -- date arithmetic and comparisons -----------------------------------------------------
    def is_date(self, node: n.Node) -> bool:
        """Whether ``node`` is a ``date`` value, known without writing it."""
        if isinstance(node, n.Name):
            ref = self.ref(node)
            return ref[0] == "var" and str(ref[1].vtype.id) == "date"
        if isinstance(node, n.BinOp) and node.op in ("PLUS", "MINUS"):
            return self.is_date(node.left) and not self.is_date(node.right)
        return False

    def x_BinOp(self, node: n.BinOp) -> Py:
        """``d + 3``/``d - 3``: a ``timedelta`` of days; ``d1 - d2``: the days between."""
        if not self.is_date(node.left):
            return super().x_BinOp(node)
        left, right = self.expr(node.left), self.expr(node.right)
        if node.op == "MINUS" and right.type == "date":
            days = ast.Attribute(ast.BinOp(left.code, ast.Sub(), right.code), "days", ast.Load())
            return Py(days, "int")
        if node.op == "PLUS" and right.type == "string":  # a date followed by text is text
            return self.fstring([left, right])
        if node.op not in ("PLUS", "MINUS") or right.type != "int":
            raise Skip(node, "this operation on a date (days must be a whole number)")
        self.need("import datetime")
        delta = ast.Call(parse_expr("datetime.timedelta"), [], [ast.keyword("days", right.code)])
        op: ast.operator = ast.Add() if node.op == "PLUS" else ast.Sub()
        return Py(ast.BinOp(left.code, op, delta), "date")

    def x_Compare(self, node: n.Compare) -> Py:
        if not (self.is_date(node.left) and self.is_date(node.right)):
            return super().x_Compare(node)
        if node.op not in COMPARE:
            raise Skip(node, "this comparison of dates")
        left, right = self.expr(node.left), self.expr(node.right)
        return Py(ast.Compare(left.code, [COMPARE[node.op]()], [right.code]), "bool")

    # -- dates shown as text -----------------------------------------------------------------
    def text(self, value: Py) -> ast.expr:
        if value.type == "date":
            return method(value.code, "strftime", const("%Y%m%d"))
        if value.type == "datetime":
            raise Skip(n.Node(0, 0), "a date and time shown as text")
        return super().text(value)

    def fstring(self, parts: list[Py]) -> Py:
        shown = [Py(self.text(p), "string") if p.type in ("date", "datetime") else p for p in parts]
        return super().fstring(shown)

    # -- DateVersChaîne ----------------------------------------------------------------------
    def builtin(self, node: n.Node, entry: Any, arg_nodes: list[n.Node]) -> Py:
        if entry.id == "date_to_string":
            return self.date_to_string(node, entry, arg_nodes)
        if entry.id == "time_to_string":
            return self.time_to_string(node, entry, arg_nodes)
        if entry.id == "string_to_date":
            return self.string_to_date(node, entry, arg_nodes)
        if entry.id in DAY_FUNCTIONS:
            return self.day_function(node, entry, arg_nodes)
        return super().builtin(node, entry, arg_nodes)

    # -- functions of days -------------------------------------------------------------------
    def day(self, node: n.Node, value: Py | None = None) -> ast.expr:
        """A date argument as a ``datetime.date``: a date variable, or text read by the helper
        ``parse_date`` (YYYYMMDD, an error when it is not a date, as in WLangage)."""
        value = self.expr(node) if value is None else value
        if value.type == "date":
            return value.code
        if value.type != "string":
            raise Skip(node, "a date that is neither a date variable nor text")
        self.need("import datetime")
        return call("datetime.date", ast.Starred(self.helper("parse_date", value.code), ast.Load()))

    def day_number(self, node: n.Node) -> ast.expr:
        """``EntierVersDate(n)``: day ``n`` counted from 01/01/1800 (day 1)."""
        value = self.expr(node)
        if value.type != "int":
            raise Skip(node, "a day number that is not a whole number")
        self.need("import datetime")
        offset = ast.BinOp(value.code, ast.Sub(), const(1))
        delta = ast.Call(parse_expr("datetime.timedelta"), [], [ast.keyword("days", offset)])
        return ast.BinOp(parse_expr(EPOCH), ast.Add(), delta)

    def day_function(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py:
        fid, count = entry.id, DAY_FUNCTIONS[entry.id]
        if len(args) != count:
            raise Skip(node, f"{entry.name(self.lang)} with {len(args)} argument(s)")
        if fid in ("date_valid", "time_valid"):
            value = self.expr(args[0])
            if value.type != "string":
                raise Skip(node, f"{entry.name(self.lang)} of a value that is not text")
            return Py(self.helper(fid, value.code), "bool")
        if fid == "leap_year":
            year = self.expr(args[0])
            if year.type != "int":
                raise Skip(node, f"{entry.name(self.lang)} of a value that is not a year")
            self.need("import calendar")
            return Py(call("calendar.isleap", year.code), "bool")
        if fid == "date_difference":
            start, end = self.day(args[0]), self.day(args[1])
            return Py(ast.Attribute(ast.BinOp(end, ast.Sub(), start), "days", ast.Load()), "int")
        if fid == "date_to_integer":
            since = ast.BinOp(self.day(args[0]), ast.Sub(), parse_expr(EPOCH))
            days = ast.Attribute(since, "days", ast.Load())
            return Py(ast.BinOp(days, ast.Add(), const(1)), "int")
        if fid == "integer_to_date":
            return Py(
                method(self.day_number(args[0]), "strftime", const("%Y%m%d")),
                "string",
            )
        if fid == "integer_to_day":
            return Py(method(self.day_number(args[0]), "isoweekday"), "int")
        if fid == "date_to_day":
            return Py(method(self.day(args[0]), "isoweekday"), "int")
        week = method(self.day(args[0]), "isocalendar")  # week_number
        return Py(ast.Subscript(week, const(1), ast.Load()), "int")

    def date_to_string(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py:
        name = entry.name(self.lang)
        if len(args) not in (1, 2):
            raise Skip(node, f"{name} with {len(args)} argument(s)")
        if len(args) == 2 and not isinstance(args[1], n.Str):
            raise Skip(node, f"{name} with a mask that is not a literal")
        mask = args[1].value if len(args) == 2 and isinstance(args[1], n.Str) else None
        value = self.expr(args[0])
        if value.type in ("date", "datetime"):
            if mask is None and value.type == "datetime":
                raise Skip(node, f"{name} of a date and time without a mask (centiseconds)")
            fmt = self.strftime(node, mask or DATE_MASK, value.type)
            return Py(method(value.code, "strftime", const(fmt)), "string")
        if value.type != "string":
            raise Skip(node, f"{name} of a value that is neither a date nor text")
        layout = self.layout(node, mask or DATE_MASK)
        return Py(self.helper("date_to_string", value.code, const(layout)), "string")

    def time_to_string(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py:
        """``HeureVersChaîne`` of text: the helper ``time_to_string`` (a time variable is not
        exported yet)."""
        name = entry.name(self.lang)
        if len(args) not in (1, 2) or (len(args) == 2 and not isinstance(args[1], n.Str)):
            raise Skip(node, f"{name} with these arguments (a mask that is not a literal?)")
        mask = args[1].value if len(args) == 2 and isinstance(args[1], n.Str) else TIME_MASK
        value = self.expr(args[0])
        if value.type != "string":
            raise Skip(node, f"{name} of a value that is not text")
        out = []
        for field, run in _tokens(mask, "time"):
            if field and field not in TIME_LAYOUT:
                raise Skip(node, f"the mask field {run}")
            out.append(TIME_LAYOUT[field] if field else run.replace("{", "{{").replace("}", "}}"))
        return Py(self.helper("time_to_string", value.code, const("".join(out))), "string")

    def string_to_date(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py:
        """``ChaîneVersDate(texte, masque)``: the helper ``string_to_date`` with the mask as a
        regular expression; masks with day or month names are refused."""
        name = entry.name(self.lang)
        if len(args) not in (1, 2) or (len(args) == 2 and not isinstance(args[1], n.Str)):
            raise Skip(node, f"{name} with these arguments (a mask that is not a literal?)")
        mask = args[1].value if len(args) == 2 and isinstance(args[1], n.Str) else DATE_MASK
        value = self.expr(args[0])
        if value.type != "string":
            raise Skip(node, f"{name} of a value that is not text")
        pattern, seen = [], set()
        for field, run in _tokens(mask, "date"):
            group = PARSE.get(field)
            if field and (group is None or group[0] in seen):
                raise Skip(node, f"the mask field {run} (names, or a field twice)")
            if group is not None:
                seen.add(group[0])
                pattern.append(f"(?P<{group[0]}>{group[1]})")
            else:
                pattern.append("".join("\\" + c if c in REGEX_SPECIAL else c for c in run))
        regex = "".join(pattern)
        return Py(self.helper("string_to_date", value.code, const(regex)), "string")

    def strftime(self, node: n.Node, mask: str, kind: str) -> str:
        out = []
        for field, run in _tokens(mask, kind):
            if field and field not in STRFTIME:
                raise Skip(node, f"the mask field {run} (names, centiseconds)")
            out.append(STRFTIME[field] if field else run.replace("%", "%%"))
        return "".join(out)

    def layout(self, node: n.Node, mask: str) -> str:
        """The mask as a ``str.format`` layout; a text longer than a date is read by the
        runtime as a date and time, so the mask must mean the same either way."""
        tokens = _tokens(mask, "date")
        if tokens != _tokens(mask, "datetime"):
            raise Skip(node, f"the mask {mask!r} (a time field)")
        out = []
        for field, run in tokens:
            if field and field not in LAYOUT:
                raise Skip(node, f"the mask field {run} (day and month names)")
            out.append(LAYOUT[field] if field else run.replace("{", "{{").replace("}", "}}"))
        return "".join(out)
