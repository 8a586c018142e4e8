"""Several return values: ``RENVOYER (a, b)``, ``(x, y) = P()``, ``SOIT (x, y) = P()``.

A procedure that returns several values returns a Python tuple (``return mini, maxi``,
annotated ``-> tuple[int, int]``); its caller unpacks it (``a, b = MinMax(t)``). The runtime
keeps each value as the procedure computed it (the declared return types do not convert them)
and pads a shorter list with Null: only a procedure whose every exit returns as many values, of
one simple type at each place (matching the declared types, if any), is written this way, and
its calls only where they are unpacked into as many variables of those types.
"""

from __future__ import annotations

from wlmail.export.base import PY_TYPES, Py, Skip, py_name
from wlmail.export.control import ControlMixin
from wlmail.export.infer import InferMixin
from wlmail.export.stmts import walk
from wlmail.syntax import nodes as n

SCALARS = ("int", "real", "string", "bool")


def fits(kind: str, given: str) -> bool:
    """Whether a variable of type ``kind`` keeps a value of type ``given`` as Python holds it."""
    return kind == given or (kind == "real" and given == "int")


class TuplesMixin(ControlMixin, InferMixin):
    unpacking = False  # set while the call being written is unpacked

    def tuple_types(self, proc: n.ProcDef) -> list[str] | None:
        """The types of the values ``proc`` returns, when it returns several (else None)."""
        values = [x.value for x in walk(proc.body) if isinstance(x, n.Return) and x.value]
        if not any(isinstance(v, n.TupleExpr) for v in values) and len(proc.returns) < 2:
            return None
        if proc.params is None or any(isinstance(x, n.ProcDef) for x in walk(proc.body)):
            raise Skip(proc, "several return values in this procedure")
        if not values or not isinstance(proc.body[-1], n.Return):
            raise Skip(proc, "a procedure that may end without its several return values")
        sizes = {len(v.items) if isinstance(v, n.TupleExpr) else 0 for v in values}
        if len(sizes) != 1 or 0 in sizes:
            raise Skip(proc, "a procedure returning lists of values of different sizes")
        found: list[str] = []
        for i in range(sizes.pop()):
            kinds = {
                self.static_type(v.items[i], proc) for v in values if isinstance(v, n.TupleExpr)
            }
            kind = kinds.pop() if len(kinds) == 1 else ""
            if kind not in SCALARS:
                raise Skip(proc, "several return values whose types are not known")
            found.append(kind)
        declared = [self.ann.vtypes.get(id(r)) for r in proc.returns]
        wanted = [self.var_type(v) for v in declared if v is not None]
        if wanted and wanted != found:  # (types the runtime checks: one return type only)
            raise Skip(proc, "several return values of other types than the declared ones")
        return found

    # -- the procedure -----------------------------------------------------------------------
    def signature(self, node: n.ProcDef) -> str:
        kinds = self.tuple_types(node)
        text = super().signature(node)
        if kinds is None:
            return text
        head = text[: text.rindex(")") + 1]
        return f"{head} -> tuple[{', '.join(PY_TYPES[k] for k in kinds)}]:"

    def s_Return(self, node: n.Return) -> None:
        if not isinstance(node.value, n.TupleExpr) or self.scope.proc is None:
            super().s_Return(node)
            return
        values = [self.expr(item).src for item in node.value.items]
        self.line(node, f"return {', '.join(values)}")

    # -- the caller --------------------------------------------------------------------------
    def returned_tuple(self, node: n.Node) -> list[str] | None:
        """The types a call of a procedure returning several values gives (else None)."""
        kind = self.ann.calls.get(id(node), ("",)) if isinstance(node, n.Call) else ("",)
        target = self.proc_node(kind[1]) if kind[0] == "proc" else None
        return self.tuple_types(target) if target is not None else None

    def x_Call(self, node: n.Call) -> Py:
        if not self.unpacking and self.returned_tuple(node) is not None:
            raise Skip(node, "several return values used as one value")
        self.unpacking = False  # its arguments are single values
        return super().x_Call(node)

    def unpacked(self, node: n.Node, names: list[n.Name], value: n.Node) -> tuple[str, list[str]]:
        """The call ``value`` as Python, and the types it gives ``names`` (as many)."""
        kinds = self.returned_tuple(value)
        if kinds is None or len(kinds) != len(names):
            raise Skip(node, "an assignment of several values that is not a call returning them")
        self.unpacking = True
        try:
            call = self.expr(value)
        finally:
            self.unpacking = False
        return call.src, kinds

    def s_Assign(self, node: n.Assign) -> None:
        target = node.target
        if not isinstance(target, n.TupleExpr):
            super().s_Assign(node)
            return
        names = [x for x in target.items if isinstance(x, n.Name)]
        if len(names) != len(target.items):
            raise Skip(node, "an assignment of several values to elements or members")
        call, kinds = self.unpacked(node, names, node.value)
        proc = self.scope.proc
        params = {p.name.key for p in proc.params or []} if proc is not None else set()
        stored = []
        for nm, kind in zip(names, kinds, strict=True):
            ref = self.ref(nm)
            if ref[0] != "var" or ref[1].const or nm.key in params:
                raise Skip(node, f"several values assigned to '{nm.name}'")
            if proc is not None and ref[2] != 0:  # a variable of the main code or an outer one
                raise Skip(node, f"several values assigned to '{nm.name}' of the main code")
            if not fits(self.var_type(ref[1].vtype), kind):
                raise Skip(node, f"a {kind} value assigned to '{nm.name}' among several")
            stored.append(py_name(ref[1].name))
        if len({s.casefold() for s in stored}) != len(stored):
            raise Skip(node, "the same variable assigned twice among several values")
        self.line(node, f"{', '.join(stored)} = {call}")

    def s_Let(self, node: n.Let) -> None:
        if not node.unpack or isinstance(node.value, n.TupleExpr):
            super().s_Let(node)
            return
        call, kinds = self.unpacked(node, node.names, node.value)
        for nm, kind in zip(node.names, kinds, strict=True):
            self.loop_types[nm.key] = kind  # read back where the name is a variant
        self.line(node, f"{', '.join(py_name(nm.name) for nm in node.names)} = {call}")
