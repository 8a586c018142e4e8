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

from wlmail.builtins.dates import DATE_MASK, _tokens
from wlmail.export.base import Py, Skip, py_name
from wlmail.export.exprs import call, const
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
LAYOUT = {"year4": "{year}", "year2": "{year2}", "month": "{month}", "day": "{day}"}
DATE_PARTS = {"date.year": "year", "date.month": "month", "date.day": "day"}


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
        elif isinstance(node.init, n.Str) and self.literal_date(node.init.value) is not None:
            day = self.literal_date(node.init.value)
            assert day is not None
            value = f"datetime.date({day.year}, {day.month}, {day.day})"
        else:
            raise Skip(node, "a date variable given a value that is not a literal date")
        for nm in node.names:
            self.line(node, f"{py_name(nm.name)} = {value}")

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

    # -- dates shown as text -----------------------------------------------------------------
    def text(self, value: Py) -> ast.expr:
        if value.type == "date":
            return call(f"{value.src}.strftime", const("%Y%m%d"))
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
        return super().builtin(node, entry, arg_nodes)

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
            return Py(call(f"{value.src}.strftime", const(fmt)), "string")
        if value.type != "string":
            raise Skip(node, f"{name} of a value that is neither a date nor text")
        layout = self.layout(node, mask or DATE_MASK)
        return Py(self.helper("date_to_string", value.code, const(layout)), "string")

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
