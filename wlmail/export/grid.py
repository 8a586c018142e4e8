"""``t est un tableau [2, 3] d'entiers``: an array of two dimensions, a list of rows.

``[[0] * 3 for _ in range(2)]``, annotated ``list[list[int]]``; ``t[i, j]`` is
``t[i - 1][j - 1]``, read or written. Only when the function that declares it uses it that way
and nothing else (no ``..Occurrence``, ``POUR TOUT``, copy or argument, whose meaning on two
dimensions Python's nested lists do not share), and no procedure uses it.
"""

from __future__ import annotations

import ast

from wlmail.export.base import Py, Skip, py_name
from wlmail.export.stmts import DEFAULTS, StmtMixin, walk
from wlmail.syntax import nodes as n


def _cells(body: list[n.Node]) -> set[int]:
    """The ids of the names of ``body`` indexed by two whole positions (``t[i, j]``)."""
    return {
        id(x.target)
        for x in walk(body)
        if isinstance(x, n.Index)
        and isinstance(x.target, n.Name)
        and len(x.args) == 2
        and all(a.kind == "one" and a.a is not None for a in x.args)
    }


class GridMixin(StmtMixin):
    def grid(self, node: n.Node) -> str:
        """The element type of the two-dimension array variable ``node`` names ("" if none)."""
        ref = self.ref(node) if isinstance(node, n.Name) else ("",)
        if ref[0] != "var" or ref[1].vtype.id != "array" or ref[1].vtype.elem is None:
            return ""
        if len(getattr(ref[1].vtype.default(), "dims", ())) != 2:
            return ""
        return self.var_type(ref[1].vtype.elem)

    def s_Decl(self, node: n.Decl) -> None:
        if len(node.type.dims) != 2:
            super().s_Decl(node)
            return
        vtype = self.ann.vtypes.get(id(node.type))
        elem = self.var_type(vtype.elem) if vtype is not None and vtype.elem else ""
        if elem not in DEFAULTS or node.init is not None:
            raise Skip(node, "an array of two dimensions of this type or with initial values")
        rows, cols = (self.expr(d) for d in node.type.dims)
        if rows.type != "int" or cols.type != "int":
            raise Skip(node, "an array whose size is not a whole number")
        body = self.scope.proc.body if self.scope.proc is not None else self.program.body
        cells = _cells(body)
        for nm in node.names:
            if nm.key in getattr(self, "module_vars", {}):
                raise Skip(node, "an array of two dimensions used by a procedure")
            uses = [x for x in walk(body) if isinstance(x, n.Name) and x.key == nm.key]
            if any(id(x) not in cells for x in uses if x is not nm):
                raise Skip(node, "an array of two dimensions used otherwise than t[i, j]")
        note = self.py_type(elem)
        made = f"[[{DEFAULTS[elem]}] * {cols.src} for _ in range({rows.src})]"
        for nm in node.names:
            self.line(node, f"{py_name(nm.name)}: list[list[{note}]] = {made}")

    def cell(self, node: n.Index) -> Py | None:
        """``t[i, j]`` on a two-dimension array: ``t[i - 1][j - 1]`` and its type."""
        elem = self.grid(node.target)
        if not elem:
            return None
        if len(node.args) != 2 or any(a.kind != "one" or a.a is None for a in node.args):
            raise Skip(node, "this index of an array of two dimensions")
        code = self.expr(node.target).code
        for arg in node.args:
            assert arg.a is not None
            code = ast.Subscript(code, self.minus_one(self.expr(arg.a)), ast.Load())
        return Py(code, elem)

    def x_Index(self, node: n.Index) -> Py:
        found = self.cell(node)
        return found if found is not None else super().x_Index(node)

    def x_Name(self, node: n.Name) -> Py:
        value = super().x_Name(node)
        if self.grid(node) and value.type == "list":
            value.type = "grid"  # never a list of one dimension for the other rules
        return value

    def s_Assign(self, node: n.Assign) -> None:
        target = node.target
        place = self.cell(target) if isinstance(target, n.Index) else None
        if place is None:
            super().s_Assign(node)
            return
        value = self.fit(node, place.type, self.expr(node.value))
        self.line(node, f"{place.src} = {value.src}")
