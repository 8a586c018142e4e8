"""Times, dates and times, durations; dates compared with text; the differences of times.

What wlmail stores (``wlmail/runtime/values.py``) is written with Python's types:

* an ``heure``/``time`` variable is a ``datetime.time`` (to the hundredth of a second, as
  ``HHMMSSCC``), a ``dateheure``/``datetime`` a ``datetime.datetime`` and a ``durée``/
  ``Duration`` a ``datetime.timedelta``. Given a literal text, the value is read at export time
  (``h est une heure = "1200"`` is ``h = datetime.time(12, 0)``; an invalid one is refused: it
  stops ``wlmail run``); a time without a value (now, cut to the hundredth) is refused. Shown,
  a time is ``HHMMSSCC``, a datetime ``YYYYMMDDHHMMSSCC`` and a duration its milliseconds.
* a duration literal keeps its units: ``1min 30 s`` is
  ``datetime.timedelta(minutes=1, seconds=30)``; durations, times and datetimes compare as
  Python compares them, as the runtime does.
* a ``date`` compared with text: the runtime compares the text with the date's ``YYYYMMDD``
  (``=``) or their numbers (``<``…); when the text is a date's (``DateSys()``, a literal
  ``"20240105"``), both sides are dates (``d + 1 > DateSys()`` is
  ``d + datetime.timedelta(days=1) > datetime.date.today()``); ``=`` with other text compares
  ``d.strftime("%Y%m%d")``, ordering it is refused.
* ``HeureDifférence``: the hundredths between two times, of literals computed at export time,
  of ``HeureSys()``/``Maintenant()`` the helper ``time_to_integer``; ``DateHeureDifférence`` is
  the helper ``datetime_difference`` of two ``datetime.datetime`` (literal texts read at export
  time). ``EntierVersDate(n, masque)`` is the date shown with the mask;
  ``PremierJourDuMois()``/``DernierJourDuMois()`` (this month) are ``today().replace(day=1)`` and
  the helper ``last_day_of_month``.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from typing import Any

from wlmail.export.base import Py, Skip, parse_expr, py_name
from wlmail.export.date_masks import DateMasksMixin
from wlmail.export.dates import EPOCH
from wlmail.export.exprs import COMPARE, call, const
from wlmail.export.stmts import walk
from wlmail.export.time_random import TIME_SOURCES
from wlmail.runtime.values import WLDateTime, WLFault, WLTime
from wlmail.syntax import nodes as n
from wlmail.syntax.lexer import _DURATION

VALUE_TYPES = {"time": "datetime.time", "datetime": "datetime.datetime"}
UNITS = {  # a duration literal's unit: the keyword of timedelta, and how many of it
    "ms": ("milliseconds", 1),
    "cs": ("milliseconds", 10),
    "s": ("seconds", 1),
    "min": ("minutes", 1),
    "mn": ("minutes", 1),
    "h": ("hours", 1),
    "j": ("days", 1),
    "d": ("days", 1),
}
MOMENTS = ("date", "time", "datetime", "duration")
DATE_MODULES = ("dates", "date_difference")  # the catalog modules of the date functions


def moment(value: dt.time | dt.datetime) -> str:
    """A literal ``datetime.time(…)``/``datetime.datetime(…)``, without its trailing zeros
    (a time down to the minute, a datetime down to the day or the minute)."""
    clock = [value.hour, value.minute, value.second, value.microsecond]
    while len(clock) > 2 and clock[-1] == 0:
        clock.pop()
    if isinstance(value, dt.time):
        return f"datetime.time({', '.join(str(x) for x in clock)})"
    parts = [value.year, value.month, value.day] + (clock if any(clock) else [])
    return f"datetime.datetime({', '.join(str(x) for x in parts)})"


def split_ms(ms: int) -> dict[str, float]:
    """Milliseconds as timedelta's keywords (``90000``: one minute, 30 seconds)."""
    units: dict[str, float] = {}
    rest = ms
    for key, size in (("days", 86_400_000), ("hours", 3_600_000), ("minutes", 60_000)):
        units[key], rest = divmod(rest, size)
    units["seconds"], units["milliseconds"] = divmod(rest, 1000)
    return {k: v for k, v in units.items() if v} or {"milliseconds": 0}


def _is_one(code: ast.expr) -> bool:
    return isinstance(code, ast.Constant) and code.value == 1 and type(code.value) is int


class DateTimesMixin(DateMasksMixin):
    # -- variables -----------------------------------------------------------------------------
    def s_Decl(self, node: n.Decl) -> None:
        vtype = self.ann.vtypes.get(id(node.type))
        kind = str(vtype.id) if vtype is not None else ""
        if kind not in ("time", "datetime", "duration"):
            super().s_Decl(node)
            return
        self.need("import datetime")
        if node.init is not None:
            value = self.fit(node, kind, self.expr(node.init)).src
        elif kind == "datetime":
            value = "datetime.datetime.now()"
        elif kind == "duration":
            value = "datetime.timedelta()"
        else:
            raise Skip(node, "a time variable without a value (now, to the hundredth)")
        for nm in node.names:
            self.line(node, f"{py_name(nm.name)} = {value}")

    def fit(self, node: n.Node, kind: str, value: Py) -> Py:
        day = self.text_day(value.code) if kind == "date" else None
        if day is not None:  # the text of a date (DateSys()) given to a date: that date
            return Py(day, "date")
        if kind not in ("time", "datetime", "duration") or value.type == kind:
            return super().fit(node, kind, value)
        text = value.code.value if isinstance(value.code, ast.Constant) else None
        self.need("import datetime")
        if kind == "duration" and value.type == "int":
            return Py(call("datetime.timedelta", milliseconds=value.code), kind)
        if kind == "time" and value.type == "datetime":
            return Py(ast.Call(ast.Attribute(value.code, "time", ast.Load()), [], []), kind)
        if kind == "datetime" and value.type == "date":
            return Py(call("datetime.datetime.combine", value.code, call("datetime.time")), kind)
        if kind in VALUE_TYPES and isinstance(text, str):
            return Py(parse_expr(self.literal_moment(node, kind, text)), kind)
        raise Skip(node, f"assigning a {value.type} value to a {kind} variable (conversion)")

    def literal_moment(self, node: n.Node, kind: str, text: str) -> str:
        """A time or datetime written as text, read at export time as the runtime reads it."""
        try:
            if kind == "time":
                return moment(WLTime.parse(text).value)
            if sum(c.isdigit() for c in text) < 8:
                raise WLFault("bad_date", value=text)
            return moment(WLDateTime.parse(text).value)
        except WLFault:
            raise Skip(node, f"an invalid {'time' if kind == 'time' else 'date'}") from None

    # -- durations -----------------------------------------------------------------------------
    def x_DurationLit(self, node: n.DurationLit) -> Py:
        self.need("import datetime")
        units: dict[str, float] = {}
        line = getattr(self, "source_text", "").split("\n")[node.line - 1 : node.line]
        found = (
            re.match(rf"{_DURATION}(?:[ \t]*{_DURATION})*", line[0][node.col - 1 :])
            if line
            else None
        )
        for number, unit in re.findall(
            r"(\d+(?:\.\d+)?)\s*([a-z]+)", found.group(0).lower() if found else ""
        ):
            key, times = UNITS[unit]
            units[key] = units.get(key, 0) + float(number) * times
        if dt.timedelta(**units) != dt.timedelta(milliseconds=node.ms) or not units:
            units = split_ms(node.ms)  # the runtime rounds to the millisecond
        kw = {k: const(int(v) if v == int(v) else v) for k, v in units.items()}
        return Py(call("datetime.timedelta", **kw), "duration")

    # -- shown as text -------------------------------------------------------------------------
    def text(self, value: Py) -> ast.expr:
        if value.type == "duration":
            return call("str", self.milliseconds(value))
        if value.type in VALUE_TYPES:
            mask = "HHMMSSCC" if value.type == "time" else "AAAAMMJJHHmmSSCC"
            return self.masked(n.Node(0, 0), value, mask, value.type).code
        return super().text(value)

    def printable(self, value: Any) -> ast.expr:
        if value.type == "duration":  # printed, its milliseconds
            return self.milliseconds(value)
        return super().printable(value)

    def milliseconds(self, value: Py) -> ast.expr:
        """A duration's milliseconds (what the runtime shows of it)."""
        self.need("import datetime")
        one = call("datetime.timedelta", milliseconds=const(1))
        return ast.BinOp(value.code, ast.FloorDiv(), one)

    def fstring(self, parts: list[Py]) -> Py:
        shown = [
            Py(self.milliseconds(p), "int")
            if p.type == "duration"
            else Py(self.text(p), "string")
            if p.type == "time"
            else p
            for p in parts
        ]
        return super().fstring(shown)

    # -- comparisons ---------------------------------------------------------------------------
    def x_Compare(self, node: n.Compare) -> Py:
        if node.op not in COMPARE:
            return super().x_Compare(node)
        if not any(self.may_be_moment(x) for x in (node.left, node.right)):
            return super().x_Compare(node)
        kinds = (self.peek(node.left), self.peek(node.right))
        if not set(kinds) & set(MOMENTS):
            return super().x_Compare(node)
        left, right = self.expr(node.left), self.expr(node.right)
        if kinds[0] == kinds[1]:
            return Py(ast.Compare(left.code, [COMPARE[node.op]()], [right.code]), "bool")
        if set(kinds) == {"date", "string"}:
            day, text = (left, right) if kinds[0] == "date" else (right, left)
            other = self.text_day(text.code) or self.literal_day(text.code)
            if other is None and node.op in ("EQ", "NE"):
                other, day = text.code, Py(self.text(day), "string")
            if other is None:
                raise Skip(node, "a date compared with a text that may not be a date")
            pair = (day.code, other) if kinds[0] == "date" else (other, day.code)
            return Py(ast.Compare(pair[0], [COMPARE[node.op]()], [pair[1]]), "bool")
        raise Skip(node, f"a comparison of a {kinds[0]} value with a {kinds[1]} value")

    def x_ArrayLit(self, node: n.ArrayLit) -> Py:
        """An array of dates, times or durations: its items would be read back untyped (shown
        by the helper ``text`` as Python shows them), so it is refused."""
        for item in node.items:
            if self.may_be_moment(item) and self.peek(item) in MOMENTS:
                raise Skip(node, f"an array of values of type {self.peek(item)}")
        return super().x_ArrayLit(node)

    def x_Ternary(self, node: n.Ternary) -> Py:
        branches = (node.then, node.other)
        if any(self.may_be_moment(x) for x in branches):
            kinds = {self.peek(x) for x in branches}
            if kinds & set(MOMENTS) and len(kinds) > 1:
                raise Skip(
                    node, f"a ? b SINON c of values of different types ({', '.join(sorted(kinds))})"
                )
        return super().x_Ternary(node)

    def may_be_moment(self, node: n.Node) -> bool:
        """Whether ``node`` reads a date, time, datetime or duration (a variable, a literal, a
        function of dates): only then is its type worked out (:meth:`peek`)."""
        for x in walk(node):
            if isinstance(x, n.DurationLit):
                return True
            ref = self.ref(x) if isinstance(x, n.Name) else ("",)
            if ref[0] == "var" and str(ref[1].vtype.id) in MOMENTS:
                return True
            if ref[0] == "func" and ref[1].module in DATE_MODULES:  # DateSys without ( )
                return True
            call_ref = self.ann.calls.get(id(x), ("",)) if isinstance(x, n.Call) else ("",)
            if call_ref[0] in ("func", "func_on") and call_ref[1].module in DATE_MODULES:
                return True
        return False

    def literal_day(self, code: ast.expr) -> ast.expr | None:
        """A literal text of eight digits making a date, as a ``datetime.date``."""
        text = code.value if isinstance(code, ast.Constant) else None
        if not isinstance(text, str) or not (len(text) == 8 and text.isdigit()):
            return None
        day = self.literal_date(text)
        if day is None:
            return None
        self.need("import datetime")
        return parse_expr(f"datetime.date({day.year}, {day.month}, {day.day})")

    def day(self, node: n.Node, value: Py | None = None) -> ast.expr:
        """A literal date text is a ``datetime.date`` literal (else export/dates.py's way)."""
        value = self.expr(node) if value is None else value
        found = self.literal_day(value.code) if value.type == "string" else None
        return found if found is not None else super().day(node, value)

    def day_number(self, node: n.Node) -> ast.expr:
        """``EntierVersDate(n)``: day ``n`` counted from 01/01/1800 (day 1); of
        ``DateVersEntier(…)`` (``… + 1``), the days are written without ``+ 1 - 1``."""
        value = self.expr(node)
        code = value.code
        if value.type != "int":
            raise Skip(node, "a day number that is not a whole number")
        self.need("import datetime")
        if isinstance(code, ast.BinOp) and isinstance(code.op, ast.Add) and _is_one(code.right):
            offset: ast.expr = code.left
        else:
            offset = ast.BinOp(code, ast.Sub(), const(1))
        delta = call("datetime.timedelta", days=offset)
        return ast.BinOp(parse_expr(EPOCH), ast.Add(), delta)

    # -- functions -----------------------------------------------------------------------------
    def builtin(self, node: n.Node, entry: Any, arg_nodes: list[n.Node]) -> Py:
        fid, count = entry.id, len(arg_nodes)
        if fid == "time_difference" and count == 2:
            return self.time_difference(node, entry, arg_nodes)
        if fid == "datetime_difference" and count == 2:
            start, end = (self.moment_of(node, entry, a) for a in arg_nodes)
            return Py(self.helper("datetime_difference", start, end), "string")
        if fid == "integer_to_date" and count == 2 and isinstance(arg_nodes[1], n.Str):
            self.need("import datetime")
            day = Py(self.day_number(arg_nodes[0]), "date")
            return self.masked(node, day, arg_nodes[1].value, "date")
        if fid in ("first_day_of_month", "last_day_of_month") and count == 0:
            self.need("import datetime")
            today = parse_expr("datetime.date.today()")
            if fid == "last_day_of_month":
                return Py(self.helper("last_day_of_month", today), "date")
            return Py(parse_expr("datetime.date.today().replace(day=1)"), "date")
        if fid in ("abs", "max", "min") and any(self.may_be_moment(a) for a in arg_nodes):
            self.same_kinds(node, entry, arg_nodes)
        if fid in ("date_to_day_alpha", "date_to_month_alpha") and count == 1:
            target = arg_nodes[0]  # also the method d.VersJourEnLettre() (no argument)
            return self.name_of(target, fid == "date_to_day_alpha", self.expr(target))
        return super().builtin(node, entry, arg_nodes)

    def same_kinds(self, node: n.Node, entry: Any, args: list[n.Node]) -> None:
        """``Max``/``Min`` of dates, times, datetimes or durations of one type give one of them
        (the runtime compares them as Python does); of mixed types, and ``Abs`` of any, the
        runtime makes numbers of them (``YYYYMMDD``, milliseconds): refused."""
        kinds = {self.peek(a) for a in args}
        name = entry.name(self.lang)
        if kinds & set(MOMENTS) and entry.id == "abs":
            raise Skip(node, f"{name} of a {kinds.pop()} value (a number in WLangage)")
        if kinds & set(MOMENTS) and len(kinds) > 1:
            raise Skip(node, f"{name} of values of different types ({', '.join(sorted(kinds))})")

    def time_difference(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py:
        """The hundredths from the first time to the second."""
        values = [self.hundredths(node, entry.name(self.lang), a) for a in args]
        if isinstance(values[0], int) and isinstance(values[1], int):
            return Py(const(values[1] - values[0]), "int")
        start, end = (v if isinstance(v, ast.expr) else const(v) for v in values)
        return Py(ast.BinOp(end, ast.Sub(), start), "int")

    def hundredths(self, node: n.Node, name: str, arg: n.Node) -> int | ast.expr:
        value = self.expr(arg)
        text = value.code.value if isinstance(value.code, ast.Constant) else None
        if isinstance(text, str) and text.strip():
            try:
                t = WLTime.parse(text).value
            except WLFault:
                raise Skip(node, f"{name} of an invalid time") from None
            return ((t.hour * 60 + t.minute) * 60 + t.second) * 100 + t.microsecond // 10000
        ref = self.ann.calls.get(id(arg)) if isinstance(arg, n.Call) else None
        if ref is None or ref[0] != "func" or ref[1].id not in TIME_SOURCES:
            raise Skip(node, f"{name} of a time that may be invalid")
        return self.helper("time_to_integer", value.code)

    def moment_of(self, node: n.Node, entry: Any, arg: n.Node) -> ast.expr:
        """A ``datetime.datetime`` for DateHeureDifférence: a datetime, a date at midnight, a
        literal text read at export time."""
        value = self.expr(arg)
        self.need("import datetime")
        if value.type == "datetime":
            return value.code
        if value.type == "date":
            return call("datetime.datetime.combine", value.code, call("datetime.time"))
        text = value.code.value if isinstance(value.code, ast.Constant) else None
        if isinstance(text, str):
            return parse_expr(self.literal_moment(node, "datetime", text))
        raise Skip(node, f"{entry.name(self.lang)} of a text that may not be a date")

    # -- methods of times and datetimes --------------------------------------------------------
    def x_Call(self, node: n.Call) -> Py:
        """``h.VersChaîne()`` on a time or a datetime: DateVersChaîne, as the runtime calls it
        (``call_method``), which shows a time as a time and a datetime as a datetime."""
        func = node.func
        if self.ann.calls.get(id(node), ("",))[0] == "method" and isinstance(func, n.Member):
            ref = self.ref(func.target) if isinstance(func.target, n.Name) else ("",)
            if ref[0] == "var" and str(ref[1].vtype.id) in ("time", "datetime"):
                entries = self.cat.method_names.get(func.key, [])
                entry = next((e for e in entries if e.id == "date_to_string"), None)
                if entry is not None:
                    return self.builtin(node, entry, [func.target, *node.args])
        return super().x_Call(node)
