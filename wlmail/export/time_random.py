"""``Hasard``/``Random``, ``InitHasard``, times as whole numbers and the month's first and last day.

* ``Hasard()`` is ``random.random()``; ``Hasard(n)`` ``random.randint(1, n)`` (1 when n < 1);
  ``Hasard(a, b)`` ``random.randint`` between the smaller and the larger (the runtime sorts
  them, ``wlmail/builtins/core.py``); ``InitHasard(n)`` is ``random.seed(n)``. Whole-number
  arguments only (WLangage truncates a real: not exported).
* A time is text ``HHMMSSCC`` in exported programs (``HeureSys()``, ``Maintenant()``).
  ``HeureVersEntier``/``TimeToInteger`` of a literal is computed at export time; of
  ``HeureSys()``/``Maintenant()``, which are always valid, it is the helper
  ``time_to_integer``. ``EntierVersHeure``/``IntegerToTime`` of a whole number known at export
  time is that text. Of anything else they are reported: an invalid time stops ``wlmail run``
  with its own message, which a Python exception would not print the same.
* ``ExtraitChaîne(s, n, sep, DepuisFin)`` (``ExtractString … FromEnd``) is the helper
  ``extract_string_from_end``: the pieces counted from the end, as the runtime reverses them.
* ``DateVersJourEnLettre``/``DateVersMoisEnLettre`` (``DateToDayInAlpha``/
  ``DateToMonthInAlpha``): the runtime's names in the script's language
  (``wlmail/builtins/dates.py``), of a literal date computed at export time, else a tuple of
  the names (``DAY_NAMES``/``MONTH_NAMES``, module constants) indexed by
  ``weekday()``/``month - 1``.
* ``PremierJourDuMois``/``DernierJourDuMois`` (``FirstDayOfMonth``/``LastDayOfMonth``) of a
  date variable, a literal date or a literal year and month: a ``datetime.date``; the literal
  ones are computed at export time (an invalid month is reported).
"""

from __future__ import annotations

import ast
import calendar
import datetime as dt
from typing import Any

from wlmail.builtins.dates import CS_PER_DAY, DAY_NAMES, MONTH_NAMES
from wlmail.export.base import Py, Skip, parse_expr
from wlmail.export.dates import DatesMixin, method
from wlmail.export.exprs import call, const, name
from wlmail.export.stmts import walk
from wlmail.runtime.values import WLDate, WLFault, WLTime
from wlmail.syntax import nodes as n

TIME_SOURCES = {"time_sys", "now"}  # functions whose result is always a valid time

TIME_HELPERS: dict[str, str] = {
    "time_to_integer": '''
def time_to_integer(time: str) -> int:
    """HeureVersEntier/TimeToInteger of a time "HHMMSSCC": hundredths of a second since
    midnight."""
    hour, minute, second, hundredth = (int(time[i : i + 2]) for i in range(0, 8, 2))
    return ((hour * 60 + minute) * 60 + second) * 100 + hundredth
''',
    "extract_string_from_end": '''
def extract_string_from_end(value: str, rank: int, separator: str) -> str:
    """ExtraitChaîne/ExtractString with DepuisFin/FromEnd: the ``rank``-th piece (1-based)
    of ``value`` cut at ``separator``, counted from the end; EOT ("\\x04") past the first."""
    if rank < 1:
        raise ValueError(f"invalid rank: {rank}")
    pieces = value.split(separator)[::-1] if separator else [value]
    return pieces[rank - 1] if rank <= len(pieces) else "\\x04"
''',
}


def known(value: Py) -> Any:
    """The value of an argument known at export time (a literal, ``8640000 + 150``), else None."""
    return _fold(value.code)


def _fold(code: ast.expr) -> Any:
    if isinstance(code, ast.BinOp) and isinstance(code.op, ast.Add | ast.Sub | ast.Mult):
        left, right = _fold(code.left), _fold(code.right)
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (left, right)):
            return None
        if isinstance(code.op, ast.Add):
            return left + right
        return left - right if isinstance(code.op, ast.Sub) else left * right
    try:
        return ast.literal_eval(code)
    except ValueError:
        return None


class TimeRandomMixin(DatesMixin):
    def special_call(self, node: n.Node, fid: str, args: list[Py]) -> Py | None:
        if fid in ("random", "init_random"):
            return self.random_call(node, fid, args)
        if fid == "time_to_integer" and len(args) == 1:
            return self.time_to_integer(node, args[0])
        if fid == "integer_to_time" and len(args) == 1:
            number = known(args[0])
            if not isinstance(number, int) or isinstance(number, bool) or number < 0:
                raise Skip(node, "EntierVersHeure of a value known only when the program runs")
            seconds, cs = divmod(number % CS_PER_DAY, 100)
            minutes, second = divmod(seconds, 60)
            hour, minute = divmod(minutes, 60)
            return Py(const(f"{hour:02d}{minute:02d}{second:02d}{cs:02d}"), "string")
        if fid == "extract_string" and len(args) == 4:
            return self.extract_from_end(node, args)
        if fid in ("date_to_day_alpha", "date_to_month_alpha") and len(args) == 1:
            return self.name_of(node, fid == "date_to_day_alpha", args[0])
        if fid in ("first_day_of_month", "last_day_of_month") and args:
            return self.month_day(node, fid == "last_day_of_month", args)
        return super().special_call(node, fid, args)

    def random_call(self, node: n.Node, fid: str, args: list[Py]) -> Py:
        if any(a.type != "int" for a in args):
            raise Skip(node, "Hasard of a value that is not a whole number")
        self.need("import random")
        if fid == "init_random":
            return Py(call("random.seed", *[a.code for a in args]), "none")
        if not args:
            return Py(call("random.random"), "real")
        values = [known(a) for a in args]
        if len(args) == 1:
            top = (
                const(max(values[0], 1))
                if values[0] is not None
                else call("max", args[0].code, const(1))
            )
            return Py(call("random.randint", const(1), top), "int")
        if None not in values:
            low, high = sorted(values)
            return Py(call("random.randint", const(low), const(high)), "int")
        a, b = args[0].code, args[1].code
        return Py(call("random.randint", call("min", a, b), call("max", a, b)), "int")

    def time_to_integer(self, node: n.Node, value: Py) -> Py:
        text = known(value)
        if isinstance(text, str) and text.strip():
            try:
                t = WLTime.parse(text).value
            except WLFault:
                raise Skip(node, "HeureVersEntier of an invalid time") from None
            cs = ((t.hour * 60 + t.minute) * 60 + t.second) * 100 + t.microsecond // 10000
            return Py(const(cs), "int")
        arg = node.args[0] if isinstance(node, n.Call) and node.args else None
        ref = self.ann.calls.get(id(arg)) if arg is not None else None
        if ref is None or ref[0] != "func" or ref[1].id not in TIME_SOURCES:
            raise Skip(node, "HeureVersEntier of a time that may be invalid")
        return Py(self.helper("time_to_integer", value.code), "int")

    def extract_from_end(self, node: n.Node, args: list[Py]) -> Py:
        option = node.args[3] if isinstance(node, n.Call) else None
        ref = self.ref(option) if isinstance(option, n.Name) else ("",)
        if ref[0] != "const" or ref[1].id != "search_from_end":
            raise Skip(node, "ExtraitChaîne with an option that is not DepuisFin")
        if args[1].type != "int":
            raise Skip(node, "ExtraitChaîne with a rank that is not a whole number")
        codes = [a.code for a in args[:3]]
        return Py(self.helper("extract_string_from_end", *codes), "string")

    def name_table(self, node: n.Node, table: str, names: tuple[str, ...]) -> None:
        """The module constant ``table``: wlmail's names as a tuple (written once)."""
        if any(
            isinstance(x, n.Name) and x.name.casefold() == table.casefold()
            for x in walk(self.program)
        ):
            raise Skip(node, f"a name of the program that is {table}")
        line = f"{table} = ({', '.join(repr(x) for x in names)})"
        if (0, line) not in self.module_consts:
            self.module_consts.append((0, line))

    def name_of(self, node: n.Node, weekday: bool, value: Py) -> Py:
        lang = self.lang if self.lang in DAY_NAMES else "fr"
        names = (DAY_NAMES if weekday else MONTH_NAMES)[lang]
        text = known(value)
        if isinstance(text, str):
            try:
                day = WLDate.parse(text).value
            except WLFault:
                raise Skip(node, "the name of an invalid date") from None
            return Py(const(names[day.weekday()] if weekday else names[day.month - 1]), "string")
        arg = node.args[0] if isinstance(node, n.Call) else node
        day_code = self.day(arg, value)
        if weekday:
            index: ast.expr = method(day_code, "weekday")
        else:
            month = ast.Attribute(day_code, "month", ast.Load())
            index = ast.BinOp(month, ast.Sub(), const(1))
        table = "DAY_NAMES" if weekday else "MONTH_NAMES"
        self.name_table(node, table, names)
        return Py(ast.Subscript(name(table), index, ast.Load()), "string")

    def month_day(self, node: n.Node, last: bool, args: list[Py]) -> Py:
        self.need("import datetime")
        values = [known(a) for a in args]
        day: dt.date | None = None
        try:
            if len(args) == 2 and all(isinstance(v, int) for v in values):
                day = dt.date(values[0], values[1], 1)
            elif len(args) == 1 and isinstance(values[0], str):
                day = WLDate.parse(values[0]).value
        except (ValueError, WLFault):
            raise Skip(node, "PremierJourDuMois/DernierJourDuMois of an invalid date") from None
        if day is not None:
            end = calendar.monthrange(day.year, day.month)[1] if last else 1
            return Py(parse_expr(f"datetime.date({day.year}, {day.month}, {end})"), "date")
        first = args[0]
        if len(args) != 1 or first.type != "date" or not isinstance(first.code, ast.Name):
            raise Skip(node, "PremierJourDuMois/DernierJourDuMois of these arguments")
        d = first.src
        if not last:
            return Py(parse_expr(f"{d}.replace(day=1)"), "date")
        self.need("import calendar")
        return Py(
            parse_expr(f"{d}.replace(day=calendar.monthrange({d}.year, {d}.month)[1])"), "date"
        )
