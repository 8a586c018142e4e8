"""Objects: reading through a dynamic member; an object passed to a procedure; structures
declared in a class.

A dynamic member (``d est un CValeur dynamique``) is ``CValeur | None`` in Python; reading
through it (``a.d.v``) is a fatal error in WLangage when it is Null. The statement that does
it is preceded by ``assert a.d is not None``: mypy then knows the type, and a Null member
still stops the program. Only where the member is read whenever the statement runs (not on
the right of ``_ET_``/``_OU_``, in a branch of ``? :``, in a later arm of ``SI … SINON SI``, in
a loop's condition…), else reported as before.

``Préfixe(MoiMême)``: an untyped parameter of a procedure that every call gives the object a
method runs on (or a variable of one class) takes that class as its type (``def Préfixe(x:
CNœud) -> str``); Python passes the object itself, as WLangage passes an object.

A structure declared in a class (``CSac.STContenu``) is a ``@dataclass`` nested in the Python
class, named ``CSac.STContenu`` outside it (quoted in the class's annotations, where ``CSac``
is not made yet); a member of that type starts as ``CSac.STContenu()`` and ``o.contenu.n``
reads or sets its field. Copying such an object is reported (``copy.copy`` would share it).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from wlmail.export.base import Py, Skip
from wlmail.export.class_stmts import ClassStmtMixin
from wlmail.export.infer import InferMixin
from wlmail.export.structs import StructMixin
from wlmail.syntax import nodes as n


@dataclass(slots=True)
class Pending:
    """The statement being written: what it reads whenever it runs, what it must assert."""

    eager: set[int]
    scope: Any
    asserts: list[str] = field(default_factory=list)


class ObjectsMixin(StructMixin, InferMixin, ClassStmtMixin):
    pending: list[Pending]

    def stmt(self, node: n.Node) -> None:
        if not hasattr(self, "pending"):
            self.pending = []
        mark = len(self.out.lines)
        self.pending.append(Pending(eager_nodes(node, self.ann.calls), self.scope))
        try:
            super().stmt(node)
        finally:
            done = self.pending.pop()
        if done.asserts:
            at = next(
                (i for i in range(mark, len(self.out.lines)) if code_line(self.out.lines[i])),
                None,
            )
            if at is not None:
                line = self.out.lines[at]
                pad = line[: len(line) - len(line.lstrip())]
                before = self.out.lines[at - 1] if at else ""
                # just set to an object by the line before: mypy knows it is one
                asserts = [x for x in done.asserts if not before.startswith(f"{pad}{x} = ")]
                self.out.lines[at:at] = [f"{pad}assert {x} is not None" for x in asserts]

    # -- an object given to an untyped parameter ----------------------------------------------
    def static_type(self, node: n.Node, proc: n.ProcDef | None) -> str:
        if isinstance(node, n.SelfRef) and proc is not None:
            method = self.ann.method_of.get(id(proc))
            owner = getattr(method, "owner", None)
            return f"class:{owner.key}" if owner is not None else ""
        if isinstance(node, n.Name):
            ref = self.ref(node)
            if ref[0] == "var" and str(ref[1].vtype.id).startswith("class:") and ref[2] < 0:
                return str(ref[1].vtype.id)
        return super().static_type(node, proc)

    def settle(self, table: dict[Any, str], key: Any, kinds: set[str]) -> None:
        """A parameter may also take a class (every call passing an object of that class)."""
        one = next(iter(kinds)) if len(kinds) == 1 else ""
        if table is self.param_types and one.startswith("class:"):
            table[key] = one
            return
        super().settle(table, key, kinds)

    def param_type(self, proc: n.ProcDef, param: n.Param) -> str:
        found = self.param_types.get((id(proc), param.name.key), "")
        if found.startswith("class:") and found[6:] in getattr(self, "klasses", {}):
            return self.class_py(found[6:])
        return super().param_type(proc, param)

    # -- structures in classes ---------------------------------------------------------------
    def nested_types(self, k: Any) -> None:
        for decl in k.decl.types:
            self.out.upto(decl.line)
            for i, line in enumerate(self.struct_lines(decl)):
                self.out.emit(0, line.removeprefix("    ") if i < 2 else line)
            self.out.blank_line()

    def struct_default(self, fd: Any, kind: str) -> str:
        struct = self.structs().get(kind)
        if struct is None:
            return super().struct_default(fd, kind)
        return f"{struct.qual}()"

    def struct_member(self, node: n.Node) -> tuple[Any, Py] | None:
        """``o.contenu`` when the member holds a structure: the structure and its Python."""
        key = getattr(node, "key", "")
        if not isinstance(node, n.Member | n.SelfMember | n.Name) or not key:
            return None
        if isinstance(node, n.Name) and (self.cls_key is None or self.local(node)):
            return None
        held = [
            self.spec_kind(k.fields[key].spec)
            for k in getattr(self, "klasses", {}).values()
            if key in k.fields
        ]
        if not held or not all(kind.startswith("struct:") for kind in held):
            return None
        value = self.expr(node)
        struct = self.structs().get(value.type)
        return (struct, value) if struct is not None else None

    def x_Member(self, node: n.Member) -> Py:
        found = self.struct_member(node.target)
        if found is None:
            return super().x_Member(node)
        struct, value = found
        if node.key not in struct.fields:
            raise Skip(node, f"the member .{node.name}")
        pyname, kind = struct.fields[node.key]
        return Py(ast.Attribute(value.code, pyname, ast.Load()), kind)

    def s_Assign(self, node: n.Assign) -> None:
        target = node.target
        if not isinstance(target, n.Member) or self.struct_member(target.target) is None:
            super().s_Assign(node)
            return
        place, value = self.x_Member(target), self.expr(node.value)
        self.check_fits(node, place.type, value.type)
        self.line(node, f"{place.src} = {value.src}")

    def through_dynamic(self, node: n.Node, value: Py) -> Py:
        top = self.pending[-1] if getattr(self, "pending", None) else None
        chain = all(part.isidentifier() for part in value.src.split("."))
        if top is None or top.scope is not self.scope or id(node) not in top.eager or not chain:
            return super().through_dynamic(node, value)
        if value.src not in top.asserts:
            top.asserts.append(value.src)
        return value


def code_line(line: str) -> bool:
    text = line.strip()
    return bool(text) and not text.startswith("#")


def eager_nodes(stmt: n.Node, calls: dict[int, Any]) -> set[int]:
    """The expressions of ``stmt`` evaluated whenever it runs, before its blocks."""
    roots: list[Any] = []
    if isinstance(stmt, n.Assign | n.RefAssign | n.AugAssign):
        roots = [stmt.target, stmt.value]
    elif isinstance(stmt, n.IncDec):
        roots = [stmt.target]
    elif isinstance(stmt, n.ExprStmt):
        roots = [stmt.expr]
    elif isinstance(stmt, n.Decl):
        roots = [stmt.init]
    elif isinstance(stmt, n.Return):
        roots = [stmt.value]
    elif isinstance(stmt, n.If):
        roots = [stmt.arms[0][0]] if stmt.arms else []
    elif isinstance(stmt, n.Switch):
        roots = [stmt.subject]
    found: set[int] = set()
    todo = [r for r in roots if isinstance(r, n.Node)]
    while todo:
        node = todo.pop()
        found.add(id(node))
        if isinstance(node, n.Logic) and node.op in ("AND_SC", "OR_SC"):
            todo.append(node.left)
        elif isinstance(node, n.Ternary):
            todo.append(node.cond)
        elif isinstance(node, n.InList) and node.short:
            todo.append(node.value)
        elif isinstance(node, n.Call) and calls.get(id(node), ("",))[0] == "switch":
            todo.extend(node.args[:1])
        elif not isinstance(node, n.Lambda):
            for key, value in vars(node).items():
                if key in ("line", "col"):
                    continue
                items = value if isinstance(value, list) else [value]
                todo.extend(x for x in items if isinstance(x, n.Node))
    return found
