"""Structures: ``STRUCTURE`` is a ``@dataclass``, assignment copies as WLangage does.

``S est une Structure … FIN`` becomes a module-level ``@dataclass class S`` whose fields keep
their defaults (``0``, ``""``; an array of numbers or texts ``field(default_factory=list)``);
``v est un S`` is ``v = S()``; ``v.champ`` an attribute, ``v.liste..Occurrence`` and
``v.liste.Ajoute(x)`` what they are on any array. ``b = a`` is ``b = copy.copy(a)`` (WLangage
copies a structure on assignment; ``copy.deepcopy`` when a field is an array).
``t est un tableau de S`` is ``list[S]``: ``Ajoute(t, e)`` appends a copy of ``e`` (WLangage
copies the structure into the array), ``t[i].n`` reads an element's field. A structure used
any other way (shown, put in an array by assignment) is reported.
"""

from __future__ import annotations

import ast
from typing import Any

from wlmail.export.base import Py, Skip, py_name
from wlmail.export.exprs import call
from wlmail.export.stmts import DEFAULTS, StmtMixin, walk
from wlmail.record import field, record
from wlmail.syntax import nodes as n

BUILTIN_TYPES = frozenset(("list", "str", "int", "float", "bool"))  # what annotations name


@record
class Struct:
    py: str
    fields: dict[str, tuple[str, str]]  # folded name: (Python name, kind)
    written: bool = False
    vtypes: dict[str, Any] = field(default_factory=dict)  # folded name: its type
    owner: str = ""  # the class it is declared in (its Python name)

    @property
    def qual(self) -> str:
        """Its name outside its class: ``CSac.STContenu``."""
        return f"{self.owner}.{self.py}" if self.owner else self.py

    @property
    def flat(self) -> bool:
        """Every field a number, a text or a boolean: a shallow copy is the whole copy."""
        return all(kind in DEFAULTS for _, kind in self.fields.values())


class StructMixin(StmtMixin):
    struct_ok = False  # a structure variable may be read here (member, copy)

    def structs(self) -> dict[str, Struct]:
        """Every structure of the script by folded name (declared anywhere: used before)."""
        found: dict[str, Struct] | None = getattr(self, "_structs", None)
        if found is None:
            found = {}
            owners = {
                id(t): py_name(c.name.name)
                for c in self.program.body
                if isinstance(c, n.ClassDecl)
                for t in c.types
            }
            for node in walk([self.program.body, self.program.procs]):
                if isinstance(node, n.StructDecl):
                    fields, vtypes = {}, {}
                    for decl in node.fields:
                        vtype = self.ann.vtypes.get(id(decl.type))
                        kind = self.var_type(vtype) if vtype is not None else "any"
                        for nm in decl.names:
                            fields[nm.key] = (py_name(nm.name), kind)
                            vtypes[nm.key] = vtype
                    key = "struct:" + node.name.key
                    if key in found:
                        found[key].written = True  # two of that name: none is exported
                        found[key].fields = {}
                    else:
                        found[key] = Struct(
                            py_name(node.name.name), fields, False, vtypes, owners.get(id(node), "")
                        )
            self._structs = found
        return found

    def struct_of(self, vtype: Any) -> Struct | None:
        return self.structs().get(str(vtype.id)) if vtype is not None else None

    def s_StructDecl(self, node: n.StructDecl) -> None:
        lines = self.struct_lines(node)
        self.module_consts.append((node.line, "\n\n" + "\n".join(lines) + "\n\n"))

    def struct_lines(self, node: n.StructDecl) -> list[str]:
        """The ``@dataclass`` of a structure, with its comments."""
        struct = self.structs()["struct:" + node.name.key]
        if struct.written or not struct.fields:
            raise Skip(node, f"the structure {node.name.name} (declared twice, or empty)")
        lines = ["@dataclass", f"class {struct.py}:"]
        comment = self.out.comments.pop(node.line, None)
        if comment is not None:
            lines[-1] += f"  # {comment}"
        seen: set[str] = set()  # the fields so far: one named `list` hides the type
        for decl in node.fields:
            if decl.init is not None:
                raise Skip(decl, "a structure field with an initial value")
            for nm in decl.names:
                pyname, kind = struct.fields[nm.key]
                hidden = "list" in seen
                seen.add(pyname)
                if kind in DEFAULTS:
                    note, value = self.py_type(kind), DEFAULTS[kind]
                else:
                    note, value = self.list_field(decl, struct.vtypes[nm.key], hidden)
                if seen & BUILTIN_TYPES:  # the annotation would read the field: quoted
                    note = f'"{note}"'
                text = f"    {pyname}: {note} = {value}"
                comment = self.out.comments.pop(decl.line, None)
                lines.append(text + (f"  # {comment}" if comment is not None else ""))
        struct.written = True
        self.need("from dataclasses import dataclass")
        if not struct.flat:
            self.need("from dataclasses import field")
        return lines

    def list_field(self, decl: n.Decl, vtype: Any, hidden: bool) -> tuple[str, str]:
        """An array field of numbers, texts or booleans: a new list for each value
        (``hidden``: a field before it is named ``list``)."""
        elem = vtype.elem if vtype is not None else None
        if self.var_type(vtype) != "list" or elem is None or self.var_type(elem) not in DEFAULTS:
            raise Skip(decl, f"a structure field of type {self.var_type(vtype)}")
        if decl.type.dims or hidden:
            raise Skip(decl, "a structure field that is an array with a size, or after 'list'")
        return f"list[{self.py_type(str(elem.id))}]", "field(default_factory=list)"

    def annotation(self, vtype: Any) -> str | None:
        elem = getattr(vtype, "elem", None)
        struct = self.struct_of(elem) if self.var_type(vtype) == "list" else None
        if struct is not None:
            return self.struct_note(struct, f"list[{struct.qual}]")
        struct = self.struct_of(vtype)
        if struct is not None:
            return self.struct_note(struct, struct.qual)
        return super().annotation(vtype)

    def struct_note(self, struct: Struct, note: str) -> str:
        """Quoted in the classes (``"CSac.STContenu"``: CSac is not made yet there)."""
        return f'"{note}"' if struct.owner and getattr(self, "in_classes", False) else note

    def s_Decl(self, node: n.Decl) -> None:
        vtype = self.ann.vtypes.get(id(node.type))
        elem = getattr(vtype, "elem", None)
        if self.struct_of(elem) is not None and (node.type.dims or node.init is not None):
            raise Skip(node, "an array of structures with a size or initial values")
        struct = self.struct_of(vtype)
        if struct is None:
            super().s_Decl(node)
            return
        if node.init is not None:
            raise Skip(node, "a structure variable with an initial value")
        for nm in node.names:
            self.line(node, f"{py_name(nm.name)} = {struct.qual}()")

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
        found = self.struct_var(node.target) or self.struct_element(node.target)
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

    def struct_element(self, node: n.Node) -> tuple[Struct, Py] | None:
        """``t[i]`` of an array of structures: the structure and its Python."""
        if not isinstance(node, n.Index) or self.collection(node.target) is None:
            return None
        if self.struct_of(self.element_vtype(node.target)) is None:
            return None
        value = self.expr(node)
        struct = self.structs().get(value.type)
        return (struct, value) if struct is not None else None

    def struct_type(self, node: n.Node) -> Struct | None:
        """The structure a variable or an array element is (nothing is written)."""
        if isinstance(node, n.Name):
            ref = self.ref(node)
            return self.struct_of(ref[1].vtype) if ref[0] == "var" else None
        if isinstance(node, n.Index) and len(node.args) == 1:
            return self.struct_of(self.element_vtype(node.target))
        return None

    def element_vtype(self, node: n.Node) -> Any:
        found = self.collection(node)
        return getattr(found[1], "elem", None) if found is not None else None

    # -- arrays in structures, structures in arrays ------------------------------------------
    def collection(self, node: n.Node) -> tuple[str, Any] | None:
        """An array field of a structure variable (``v.liste``) is an array too."""
        if isinstance(node, n.Member):
            owner = self.struct_type(node.target)
            vtype = owner.vtypes.get(node.key) if owner is not None else None
            kind = self.var_type(vtype) if vtype is not None else ""
            return (kind, vtype) if kind in ("list", "dict") else None
        other = getattr(super(), "collection", None)  # collections.py's, after this mixin
        found: tuple[str, Any] | None = other(node) if other is not None else None
        return found

    def elem_type(self, node: n.Node) -> str:
        if isinstance(node, n.Member):
            elem = self.element_vtype(node)
            return self.var_type(elem) if elem is not None else "any"
        return super().elem_type(node)

    def x_Call(self, node: n.Call) -> Py:
        """``v.liste.Ajoute(x)``: the array function on a structure's array field."""
        func = node.func
        method = self.ann.calls.get(id(node), ("",))[0] == "method"
        if method and isinstance(func, n.Member) and self.collection(func.target) is not None:
            entry = self.cat.function(func.name)
            if entry is None:
                raise Skip(node, f"the method {func.name} of an array")
            return self.builtin(node, entry, [func.target, *node.args])
        return super().x_Call(node)

    def builtin(self, node: n.Node, entry: Any, arg_nodes: list[n.Node]) -> Py:
        """``Ajoute(t, e)`` on an array of structures appends a copy of ``e``."""
        if entry.id != "array_add" or len(arg_nodes) != 2:
            return super().builtin(node, entry, arg_nodes)
        found = self.struct_var(arg_nodes[1])
        mine = self.struct_of(self.element_vtype(arg_nodes[0]))
        if found is None and mine is None:
            return super().builtin(node, entry, arg_nodes)
        if found is None or found[0] is not mine:
            raise Skip(node, "adding to an array of structures what is not one of its type")
        array = self.expr(arg_nodes[0])
        return Py(call(f"{array.src}.append", self.struct_copy(found[0], found[1])), "none")

    def s_ForEach(self, node: n.ForEach) -> None:
        if self.struct_of(self.element_vtype(node.iterable)) is not None:
            # WLangage's variable is a copy of each element; Python's would be the element
            raise Skip(node, "a FOR EACH over an array of structures")
        super().s_ForEach(node)

    def struct_copy(self, struct: Struct, value: Py) -> ast.expr:
        self.need("import copy")
        return call("copy.copy" if struct.flat else "copy.deepcopy", value.code)

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
        assert isinstance(target, n.Name)
        stored = self.store(target, self.ref(target))
        self.line(node, f"{stored} = {ast.unparse(self.struct_copy(found[0], source[1]))}")

    def mutates(self, target: n.Node) -> None:
        """A field set inside a procedure on a structure of the main code is refused (main()'s
        variables are not the procedure's)."""
        assert isinstance(target, n.Name)
        self.store(target, self.ref(target))
