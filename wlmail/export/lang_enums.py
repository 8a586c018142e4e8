"""Enumerations: ``E est une Énumération … FIN`` is an ``enum.Enum``.

Each member keeps its value (``Haute = 3``), or, without one, its own name as a text, as
wlmail rules (``..Valeur`` of ``Sans`` is ``"Sans"``: README); ``IntEnum``/``StrEnum`` are not
used, so a member is never an ``int`` or a ``str`` by accident. ``v est une E`` is
``v: E = E.Premier`` (WLangage starts a variable at the first member), ``v..Nom`` is
``v.name``, ``v..Valeur`` is ``v.value``, and a member shown is its value. ``=``/``<>``
compare members of one enumeration; any other use (a comparison with a number, an
enumeration in a procedure or a class, a parameter of that type) is reported.
"""

from __future__ import annotations

import ast
from typing import Any

from wlmail.catalog import fold
from wlmail.export.base import Py, Skip, py_name
from wlmail.export.exprs import name
from wlmail.export.module_vars import ModuleVarsMixin
from wlmail.export.stmts import walk
from wlmail.record import record
from wlmail.syntax import nodes as n

RESERVED = {"name", "value", "mro"}  # what Enum members may not be called


@record
class EnumDef:
    py: str
    members: dict[str, tuple[str, Any]]  # folded name: (Python name, value)
    first: str

    @property
    def value_kind(self) -> str:
        """The type of ``..Valeur``: the members' one type, else unknown."""
        kinds = {type(v) for _, v in self.members.values()}
        if len(kinds) != 1:
            return "any"
        return {int: "int", str: "string", float: "real"}.get(kinds.pop(), "any")


class EnumsMixin(ModuleVarsMixin):
    def enums(self) -> dict[str, EnumDef]:
        """The enumerations of the script's main code, by folded name."""
        found: dict[str, EnumDef] | None = getattr(self, "_enums", None)
        if found is None:
            found = {}
            for node in self.program.body:
                if isinstance(node, n.EnumDecl) and node.members:
                    members = {
                        m.name.key: (py_name(m.name.name), enum_value(m)) for m in node.members
                    }
                    first = members[node.members[0].name.key][0]
                    found[node.name.key] = EnumDef(py_name(node.name.name), members, first)
            self._enums = found
        return found

    def enum_of_var(self, var: n.Name) -> EnumDef | None:
        """The enumeration a variable was declared with (one declaration of that name)."""
        specs = [
            d.type
            for d in walk([self.program.body, self.program.procs])
            if isinstance(d, n.Decl) and any(nm.key == var.key for nm in d.names)
        ]
        if len(specs) != 1 or specs[0].kind != "named" or not specs[0].words:
            return None
        return self.enums().get(fold(specs[0].words[0]))

    # -- the declaration ---------------------------------------------------------------------
    def s_EnumDecl(self, node: n.EnumDecl) -> None:
        found = self.enums().get(node.name.key)
        if found is None or self.scope.proc is not None:
            raise Skip(node, "an enumeration declared in a procedure, or empty")
        lines = [f"class {found.py}(Enum):"]
        comment = self.out.comments.pop(node.line, None)
        if comment is not None:
            lines[-1] += f"  # {comment}"
        for item in node.members:
            pyname, value = found.members[item.name.key]
            if pyname in RESERVED or pyname.startswith("_"):
                raise Skip(item, f"an enumeration member named {item.name.name}")
            if value is None:
                raise Skip(item, "an enumeration member whose value is not a literal")
            text = f"    {pyname} = {value!r}"
            comment = self.out.comments.pop(item.line, None)
            lines.append(text + (f"  # {comment}" if comment is not None else ""))
        self.need("from enum import Enum")
        self.module_consts.append((node.line, "\n\n" + "\n".join(lines) + "\n\n"))

    def s_Decl(self, node: n.Decl) -> None:
        found = self.enum_of_var(node.names[0]) if node.names else None
        if found is None or any(self.enum_of_var(nm) is not found for nm in node.names):
            super().s_Decl(node)
            return
        if self.scope.proc is None and any(nm.key in self.module_vars for nm in node.names):
            raise Skip(node, "an enumeration variable that a procedure uses")
        value = f"{found.py}.{found.first}"
        if node.init is not None:
            init = self.expr(node.init)
            if init.type != f"enum:{found.py}":
                raise Skip(node, "an enumeration variable given what is not one of its members")
            value = init.src
        for nm in node.names:
            self.line(node, f"{py_name(nm.name)}: {found.py} = {value}")

    def s_Assign(self, node: n.Assign) -> None:
        target = node.target
        if not (isinstance(target, n.Name) and self.is_enum_value(target)):
            super().s_Assign(node)
            return
        place, value = self.expr(target), self.expr(node.value)
        if place.type != value.type:
            raise Skip(node, "an enumeration variable given what is not one of its members")
        self.line(node, f"{self.store(target, self.ref(target))} = {value.src}")

    # -- values ------------------------------------------------------------------------------
    def x_Name(self, node: n.Name) -> Py:
        ref = self.ref(node)
        if ref[0] == "var" and str(ref[1].vtype.id) == "enumvalue":
            found = self.enum_of_var(node)
            if found is None:
                raise Skip(node, f"'{node.name}' of an enumeration declared elsewhere")
            return Py(name(py_name(ref[1].name)), f"enum:{found.py}")
        return super().x_Name(node)

    def x_Member(self, node: n.Member) -> Py:
        target = node.target
        if isinstance(target, n.Name) and self.ref(target)[0] != "var":
            found = self.enums().get(target.key)
            if found is not None:
                if node.key not in found.members:
                    raise Skip(node, f"{node.name} is not a member of {target.name}")
                member = found.members[node.key][0]
                return Py(name(f"{found.py}.{member}"), f"enum:{found.py}")
        if not self.is_enum_value(target):
            return super().x_Member(node)
        value = self.expr(target)
        entry = self.cat.prop("enumvalue", node.name)
        enum = self.enum_by_py(value.type[5:])
        if entry is None or enum is None:
            raise Skip(node, f"the member .{node.name} of an enumeration")
        if entry.id == "enumvalue.name":
            return Py(ast.Attribute(value.code, "name", ast.Load()), "string")
        return Py(ast.Attribute(value.code, "value", ast.Load()), enum.value_kind)

    def is_enum_value(self, node: n.Node) -> bool:
        if isinstance(node, n.Name):
            ref = self.ref(node)
            if ref[0] == "var":
                return str(ref[1].vtype.id) == "enumvalue"
            return False
        return (
            isinstance(node, n.Member)
            and isinstance(node.target, n.Name)
            and (self.ref(node.target)[0] != "var" and node.target.key in self.enums())
        )

    def enum_by_py(self, py: str) -> EnumDef | None:
        return next((e for e in self.enums().values() if e.py == py), None)

    def text(self, value: Py) -> ast.expr:
        """A member shown is its value (``Info(EPriorité.Haute)`` writes 3)."""
        if value.type.startswith("enum:"):
            return self.text(self.enum_value(value))
        return super().text(value)

    def printable(self, value: Any) -> ast.expr:
        if value.type.startswith("enum:"):
            return self.printable(self.enum_value(value))
        return super().printable(value)

    def enum_value(self, value: Py) -> Py:
        """``..Valeur`` of a member: typed by the enumeration (or by the member itself)."""
        enum = self.enum_by_py(value.type[5:])
        kind = enum.value_kind if enum is not None else "any"
        member = value.src.rpartition(".")[2] if isinstance(value.code, ast.Name) else ""
        for pyname, literal in enum.members.values() if enum is not None else []:
            if pyname == member:  # E.Haute: the type of its own value (mypy knows it)
                kind = {int: "int", str: "string"}.get(type(literal), kind)
        return Py(ast.Attribute(value.code, "value", ast.Load()), kind)

    def x_Compare(self, node: n.Compare) -> Py:
        left_enum, right_enum = self.is_enum_value(node.left), self.is_enum_value(node.right)
        if not (left_enum or right_enum):
            return super().x_Compare(node)
        left, right = self.expr(node.left), self.expr(node.right)
        if left.type != right.type or node.op not in ("EQ", "NE"):
            raise Skip(node, "an enumeration compared with what is not one of its members")
        op: ast.cmpop = ast.Eq() if node.op == "EQ" else ast.NotEq()
        return Py(ast.Compare(left.code, [op], [right.code]), "bool")


def enum_value(item: n.EnumItem) -> Any:
    """A member's value: its literal, or its name without one (None: not a literal)."""
    value = item.value
    if value is None:
        return item.name.name
    if isinstance(value, n.Str):
        return value.value
    if isinstance(value, n.Num) and isinstance(value.value, int | float):
        return value.value
    if isinstance(value, n.UnOp) and value.op == "MINUS" and isinstance(value.operand, n.Num):
        return -value.operand.value if isinstance(value.operand.value, int | float) else None
    return None
