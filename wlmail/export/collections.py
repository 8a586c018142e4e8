"""Arrays and associative arrays: ``list`` and ``dict``, with WLangage's 1-based indexes.

``t..Occurrence`` is ``len(t)``, ``t["clé"]`` is ``t["clé"]``, ``t[i]`` is ``t[i - 1]`` and has
the element type the declaration gives. A fixed-size array (``tableau [3] d'entiers``) starts
as ``[0] * 3``; writing past the end of a dynamic array grows it in WLangage, so such a write
goes through the helper ``put``. Assigning an array copies it (WLangage arrays are values).
``POUR TOUT v, k DE t`` on an associative array walks ``t.items()``.
"""

from __future__ import annotations

import ast
from typing import Any

from wlmail.export.base import Py, Skip, parse_expr, py_name
from wlmail.export.exprs import call, const
from wlmail.export.stmts import DEFAULTS, StmtMixin, walk
from wlmail.syntax import nodes as n

COLLECTION_HELPERS: dict[str, str] = {
    "put": '''
from typing import TypeVar

T = TypeVar("T")

def put(items: list[T], index: int, value: T, fill: T) -> None:
    """WLangage's ``t[index] = value`` on a dynamic array: 1-based; writing past the end
    grows the array, the new elements being ``fill`` (the element type's default)."""
    if index < 1:
        raise IndexError(f"index {index} out of the array")
    if index > len(items):
        items.extend([fill] * (index - len(items)))
    items[index - 1] = value
''',
    "seek": '''
from typing import TypeVar

T = TypeVar("T")

def seek(items: list[T], value: T) -> int:
    """WLangage's TableauCherche/ArraySeek: the 1-based index of ``value``, 0 when absent."""
    return items.index(value) + 1 if value in items else 0
''',
}
SCALARS = ("int", "real", "string", "bool")


class CollectionsMixin(StmtMixin):
    # -- what a name holds -------------------------------------------------------------------
    def collection(self, node: n.Node) -> tuple[str, Any] | None:
        """("list" or "dict", the variable's type) when ``node`` names an array variable."""
        if not isinstance(node, n.Name):
            return None
        ref = self.ref(node)
        if ref[0] != "var":
            return None
        vtype = self.inferred_vtype(node) or ref[1].vtype  # an untyped array parameter
        kind = self.var_type(vtype)
        return (kind, vtype) if kind in ("list", "dict") else None

    def fixed(self, vtype: Any) -> bool:
        """A fixed-size array (``tableau [3] de …`` without growth): no write past its end."""
        made = vtype.default()
        return bool(getattr(made, "dims", ())) and not getattr(made, "growth", True)

    # -- reading -----------------------------------------------------------------------------
    def x_Member(self, node: n.Member) -> Py:
        found = self.collection(node.target)
        if found is None:
            return super().x_Member(node)
        entry = self.cat.prop("array" if found[0] == "list" else "assoc", node.name)
        spec = self.map["properties"].get(entry.id) if entry is not None else None
        if spec is None:
            raise Skip(node, f"the member .{node.name}")
        target = self.expr(node.target)
        return Py(parse_expr(spec["py"].format(f"({target.src})")), spec["type"])

    def x_Index(self, node: n.Index) -> Py:
        found = self.collection(node.target)
        one = len(node.args) == 1 and node.args[0].kind == "one" and node.args[0].a is not None
        if found is not None and found[0] == "dict" and one:
            assert node.args[0].a is not None
            key = self.expr(node.args[0].a)
            place = ast.Subscript(self.expr(node.target).code, self.text(key), ast.Load())
            return Py(place, self.elem_type(node.target))
        if found is None and one:
            target = self.expr(node.target)
            if target.type == "string":  # s[2]: the 2nd character, as s[[2]]
                return self.slice(node.target, node.args[0], node)
        value = super().x_Index(node)
        if found is not None:
            value.type = self.elem_type(node.target)
        return value

    # -- writing -----------------------------------------------------------------------------
    def s_Assign(self, node: n.Assign) -> None:
        target = node.target
        if isinstance(target, n.Index) and self.collection(target.target) is not None:
            self.element_write(node, target)
            return
        from_variable = isinstance(node.value, n.Name | n.Member | n.Index)
        if isinstance(target, n.Name) and self.collection(target) is not None and from_variable:
            copy = self.copied(node, target, node.value)
            self.line(node, f"{self.store(target, self.ref(target))} = {copy}")
            return
        super().s_Assign(node)

    def copied(self, node: n.Node, target: n.Node, source: n.Node) -> str:
        """An array assigned from a variable is a copy in WLangage (arrays are values)."""
        value = self.expr(source)
        mine = self.collection(target)
        theirs = self.collection(source)
        if mine is None or theirs is None or mine[0] != theirs[0]:
            raise Skip(node, "assigning a value that is not an array of the same kind")
        elem = self.elem_type(source)
        if elem not in SCALARS or elem != self.elem_type(target) or self.fixed(mine[1]):
            raise Skip(node, "copying an array of another element type or size")
        return f"{value.src}.copy()"

    def element_write(self, node: n.Assign, target: n.Index) -> None:
        kind, vtype = self.collection(target.target) or ("", None)
        elem = self.elem_type(target.target)
        value = self.fit(node, elem, self.expr(node.value))
        if kind == "dict" or self.fixed(vtype):
            place = self.x_Index(target)
            self.line(node, f"{ast.unparse(place.code)} = {value.src}")
            return
        if len(target.args) != 1 or target.args[0].kind != "one" or target.args[0].a is None:
            raise Skip(node, "this index")
        index = self.expr(target.args[0].a)
        if index.type != "int" or elem not in DEFAULTS:
            raise Skip(node, "an element written at an index that is not a whole number")
        array = self.expr(target.target)
        fill = parse_expr(DEFAULTS[elem])
        self.line(node, self.helper("put", array.code, index.code, value.code, fill))

    def s_Decl(self, node: n.Decl) -> None:
        vtype = self.ann.vtypes.get(id(node.type))
        dims = node.type.dims
        kind = self.var_type(vtype) if vtype is not None else ""
        if kind in ("list", "dict") and isinstance(node.init, n.Name) and not dims:
            annotation = self.annotation(vtype)
            if annotation is None:
                raise Skip(node, "an array of this type")
            for nm in node.names:
                copy = self.copied(node, nm, node.init)
                self.line(node, f"{py_name(nm.name)}: {annotation} = {copy}")
            return
        if vtype is None or kind != "list" or not dims:
            super().s_Decl(node)
            return
        elem = self.var_type(vtype.elem) if vtype.elem is not None else ""
        if len(dims) != 1 or elem not in DEFAULTS or node.init is not None:
            raise Skip(node, "an array of several dimensions or with initial values")
        size = self.expr(dims[0])
        if size.type != "int":
            raise Skip(node, "an array whose size is not a whole number")
        annotation = self.annotation(vtype)
        for nm in node.names:
            self.line(node, f"{py_name(nm.name)}: {annotation} = [{DEFAULTS[elem]}] * {size.src}")

    # -- walking -----------------------------------------------------------------------------
    def bound_may_change(self, node: n.For) -> bool:
        """A FOR bound reading an array the body uses (``POUR i = 1 À t..Occurrence`` with an
        ``Ajoute(t, …)`` inside) is evaluated again at each turn in WLangage."""
        bounds = [node.stop] + ([node.step] if node.step is not None else [])
        arrays = {x.key for x in walk(bounds) if isinstance(x, n.Name) and self.collection(x)}
        return any(isinstance(x, n.Name) and x.key in arrays for x in walk(node.body))

    def s_ForEach(self, node: n.ForEach) -> None:
        if node.separator is not None:
            self.for_each_piece(node)
            return
        found = self.collection(node.iterable)
        if found is None or found[0] != "dict" or node.separator is not None:
            super().s_ForEach(node)
            return
        if len(node.vars) > 2:
            raise Skip(node, "a FOR EACH with more than two variables")
        source = self.expr(node.iterable)
        self.loop_types[node.vars[0].key] = self.elem_type(node.iterable)
        used = {x.key for x in walk(node.body) if isinstance(x, n.Name)}
        names = [py_name(v.name) if v.key in used else "_" for v in node.vars]
        if len(names) == 1:
            head = f"for {names[0]} in {source.src}.values():"
        else:
            self.loop_types[node.vars[1].key] = "string"
            head = f"for {names[1]}, {names[0]} in {source.src}.items():"
        self.out.emit(node.line, head)
        self.loop(node.body, node.line)

    def elem_type(self, node: n.Node) -> str:
        if isinstance(node, n.ArrayLit):  # POUR TOUT x DE ["a", "b"]
            names = {"int": "int", "float": "real", "str": "string"}
            signed = [
                i.operand if isinstance(i, n.UnOp) and isinstance(i.operand, n.Num) else i
                for i in node.items
            ]  # -5
            kinds = {
                names.get(type(i.value).__name__, "") if isinstance(i, n.Num | n.Str) else ""
                for i in signed
            }
            return kinds.pop() or "any" if len(kinds) == 1 else "any"
        return super().elem_type(node)

    def for_each_piece(self, node: n.ForEach) -> None:
        """``POUR TOUTE CHAÎNE x DE s SÉPARÉE PAR ","``: ``for x in s.split(",")``."""
        sep = node.separator
        if not isinstance(sep, n.Str) or not sep.value or len(node.vars) > 2:
            raise Skip(node, "SÉPARÉE PAR with a separator that is not a literal text")
        source = self.expr(node.iterable)
        pieces = f"{ast.unparse(self.text(source))}.split({sep.value!r})"
        used = {x.key for x in walk(node.body) if isinstance(x, n.Name)}
        names = [py_name(v.name) if v.key in used else "_" for v in node.vars]
        self.loop_types[node.vars[0].key] = "string"
        if len(names) == 1:
            head = f"for {names[0]} in {pieces}:"
        else:
            self.loop_types[node.vars[1].key] = "int"
            head = f"for {names[1]}, {names[0]} in enumerate({pieces}, 1):"
        self.out.emit(node.line, head)
        self.loop(node.body, node.line)

    # -- functions ---------------------------------------------------------------------------
    def special_call(self, node: n.Node, fid: str, args: list[Py]) -> Py | None:
        first = args[0] if args else None
        if first is None or first.type not in ("list", "dict"):
            return super().special_call(node, fid, args)
        if fid == "array_add" and len(args) == 2:
            elem = self.elem_of(node)
            self.check_fits(node, elem, args[1].type)
            return Py(call(f"{first.src}.append", args[1].code), "none")
        if fid == "array_delete" and len(args) == 2:
            if first.type == "dict":
                return Py(call(f"{first.src}.pop", self.text(args[1]), const(None)), "none")
            if args[1].type != "int":
                raise Skip(node, "Supprime at an index that is not a whole number")
            index = self.minus_one(args[1])
            return Py(call(f"{first.src}.pop", index), "none")
        if fid == "array_count":
            return Py(call("len", first.code), "int")
        if fid == "array_seek" and len(args) == 2 and first.type == "list":
            return Py(self.helper("seek", first.code, args[1].code), "int")
        if fid == "element_exists" and len(args) == 2 and first.type == "dict":
            return Py(ast.Compare(self.text(args[1]), [ast.In()], [first.code]), "bool")
        if fid == "array_to_string" and first.type == "list":
            if self.elem_of(node) != "string":
                raise Skip(node, "TableauVersChaîne of an array that is not of strings")
            sep = args[1].code if len(args) > 1 else const("\r\n")
            return Py(call(f"{ast.unparse(sep)}.join", first.code), "string")
        return super().special_call(node, fid, args)

    def elem_of(self, node: n.Node) -> str:
        """The element type of the array a call works on (its first argument or receiver)."""
        if isinstance(node, n.Call):
            args = node.args
            on = self.ann.calls.get(id(node), ("",))[0] == "func_on"
            if isinstance(node.func, n.Member) and on:
                args = [node.func.target, *args]
            if args:
                return self.elem_type(args[0])
        return "any"
