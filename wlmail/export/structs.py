"""Structures: ``STRUCTURE`` is a ``@dataclass``, assignment copies as WLangage does.

``S est une Structure … FIN`` becomes a module-level ``@dataclass class S`` whose fields keep
their defaults (``0``, ``""``); ``v est un S`` is ``v = S()``; ``v.champ`` an attribute;
``b = a`` is ``b = copy.copy(a)`` (WLangage copies a structure on assignment; the fields are
numbers, text or booleans, so a shallow copy is the whole copy). A structure used any other
way (shown, passed to a procedure, put in an array, a field that is not a scalar) is reported.
"""

from __future__ import annotations

import ast
from typing import Any

from wlmail.export.base import Py, Skip, py_name
from wlmail.export.stmts import DEFAULTS, StmtMixin, walk
from wlmail.record import record
from wlmail.syntax import nodes as n


@record
class Struct:
    py: str
    fields: dict[str, tuple[str, str]]  # folded name: (Python name, kind)
    written: bool = False


class StructMixin(StmtMixin):
    struct_ok = False  # a structure variable may be read here (member, copy)

    def structs(self) -> dict[str, Struct]:
        """Every structure of the script by folded name (declared anywhere: used before)."""
        found: dict[str, Struct] | None = getattr(self, "_structs", None)
        if found is None:
            found = {}
            for node in walk([self.program.body, self.program.procs]):
                if isinstance(node, n.StructDecl):
                    fields = {}
                    for decl in node.fields:
                        vtype = self.ann.vtypes.get(id(decl.type))
                        kind = self.var_type(vtype) if vtype is not None else "any"
                        for nm in decl.names:
                            fields[nm.key] = (py_name(nm.name), kind)
                    key = "struct:" + node.name.key
                    if key in found:
                        found[key].written = True  # two of that name: none is exported
                        found[key].fields = {}
                    else:
                        found[key] = Struct(py_name(node.name.name), fields)
            self._structs = found
        return found

    def struct_of(self, vtype: Any) -> Struct | None:
        return self.structs().get(str(vtype.id)) if vtype is not None else None

    def s_StructDecl(self, node: n.StructDecl) -> None:
        struct = self.structs()["struct:" + node.name.key]
        if struct.written or not struct.fields:
            raise Skip(node, f"the structure {node.name.name} (declared twice, or empty)")
        lines = ["@dataclass", f"class {struct.py}:"]
        comment = self.out.comments.pop(node.line, None)
        if comment is not None:
            lines[-1] += f"  # {comment}"
        for decl in node.fields:
            if decl.init is not None:
                raise Skip(decl, "a structure field with an initial value")
            for nm in decl.names:
                pyname, kind = struct.fields[nm.key]
                if kind not in DEFAULTS:
                    raise Skip(decl, f"a structure field of type {kind}")
                field = f"    {pyname}: {self.py_type(kind)} = {DEFAULTS[kind]}"
                comment = self.out.comments.pop(decl.line, None)
                lines.append(field + (f"  # {comment}" if comment is not None else ""))
        struct.written = True
        self.need("from dataclasses import dataclass")
        self.module_consts.append((node.line, "\n\n" + "\n".join(lines) + "\n\n"))

    def s_Decl(self, node: n.Decl) -> None:
        vtype = self.ann.vtypes.get(id(node.type))
        struct = self.struct_of(vtype)
        if struct is None:
            super().s_Decl(node)
            return
        if node.init is not None:
            raise Skip(node, "a structure variable with an initial value")
        for nm in node.names:
            self.line(node, f"{py_name(nm.name)} = {struct.py}()")

    def x_Name(self, node: n.Name) -> Py:
        value = super().x_Name(node)
        if value.type.startswith("struct:") and not self.struct_ok:
            raise Skip(node, f"the structure '{node.name}' used as a value")
        return value

    def struct_var(self, node: n.Node) -> tuple[Struct, Py] | None:
        """The structure variable ``node`` names, and its Python."""
        if not isinstance(node, n.Name):
            return None
        ref = self.ref(node)
        struct = self.struct_of(ref[1].vtype) if ref[0] == "var" else None
        if struct is None:
            return None
        self.struct_ok = True
        try:
            return struct, self.expr(node)
        finally:
            self.struct_ok = False

    def x_Member(self, node: n.Member) -> Py:
        found = self.struct_var(node.target)
        if found is None:
            other = getattr(super(), "x_Member", None)  # the mail mixin's, when there is one
            if other is None:
                raise Skip(node, f"the member .{node.name}")
            return other(node)  # type: ignore[no-any-return]
        struct, target = found
        if node.key not in struct.fields:
            raise Skip(node, f"the member .{node.name}")
        pyname, kind = struct.fields[node.key]
        return Py(ast.Attribute(target.code, pyname, ast.Load()), kind)

    def s_Assign(self, node: n.Assign) -> None:
        target = node.target
        if isinstance(target, n.Member) and self.struct_var(target.target) is not None:
            place = self.x_Member(target)
            value = self.expr(node.value)
            self.check_fits(node, place.type, value.type)
            self.mutates(target.target)
            self.line(node, f"{place.src} = {value.src}")
            return
        found = self.struct_var(target)
        if found is None:
            super().s_Assign(node)
            return
        source = self.struct_var(node.value)
        if source is None or source[0] is not found[0]:
            raise Skip(node, "assigning to a structure something that is not one of its type")
        self.need("import copy")
        assert isinstance(target, n.Name)
        stored = self.store(target, self.ref(target))
        self.line(node, f"{stored} = copy.copy({source[1].src})")

    def mutates(self, target: n.Node) -> None:
        """A field set inside a procedure on a structure of the main code is refused (main()'s
        variables are not the procedure's)."""
        assert isinstance(target, n.Name)
        self.store(target, self.ref(target))
