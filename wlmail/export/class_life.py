"""Copies and ends of objects: ``=`` between plain objects, ``libérer o``, ``o = Null``.

``=`` copies a plain object member by member, its plain object members copied the same way
and its dynamic ones shared (wlmail/runtime/classes.py ``WLObject.copy``): ``copy.copy(o)``,
with a ``__copy__`` written in the classes that have plain object members.

WLangage runs, on ``libérer``, the destructor of the object's class and then those of its
ancestors (https://doc.pcsoft.fr/?6010003); in Python each destructor ends with
``super().Destructeur()`` when an ancestor has one, and ``libérer o`` is ``o.Destructeur()``
then ``o = None`` (a dynamic object; a plain one cannot become Null in Python's types).
"""

from __future__ import annotations

import ast

from wlmail.export.base import Py, Skip, py_name
from wlmail.export.class_model import DTOR, KlassDef
from wlmail.export.class_stmts import ClassStmtMixin
from wlmail.export.classes import PLAIN
from wlmail.export.stmts import walk
from wlmail.syntax import nodes as n


def dtor_of(k: KlassDef) -> n.ProcDef | None:
    return k.methods.get(DTOR[0]) or k.methods.get(DTOR[1])


class ObjectLifeMixin(ClassStmtMixin):
    # -- copies ------------------------------------------------------------------------------
    def object_members(self, k: KlassDef) -> list[str]:
        """The plain object members a class declares (copied with it)."""
        return [
            fd.name
            for fd in k.fields.values()
            if not fd.is_global and not fd.spec.dynamic and self.spec_kind(fd.spec)[:6] == "class:"
        ]

    def copyable(self, key: str, seen: tuple[str, ...] = ()) -> bool:
        """Can ``copy.copy`` copy an object of ``key`` (or of a class derived from it) as
        WLangage's ``=`` does?"""
        for k in self.klasses.values():
            if not self.lineage.is_a(k.key, key):
                continue
            for c in self.lineage.chain(k.key):
                for fd in c.fields.values():
                    kind = self.spec_kind(fd.spec)
                    if fd.is_global or kind in PLAIN or (kind[:6] == "class:" and fd.spec.dynamic):
                        continue
                    if kind[:6] != "class:" or kind[6:] in seen:
                        return False
                    if not self.copyable(kind[6:], (*seen, key)):
                        return False
        return True

    def object_copied(self, value: n.Node, key: str) -> str:
        found = self.expr(value)
        self.check_fits(value, "class:" + key, found.type)
        if isinstance(value, n.NewObject):
            return found.src
        if not self.copyable(found.type[6:]):
            raise Skip(value, "copying an object whose members are not plain values")
        self.need("import copy")
        return f"copy.copy({found.src})"

    def init(self, k: KlassDef) -> None:
        super().init(k)
        members = self.object_members(k)
        if not members:
            return
        inherited = any(self.object_members(c) for c in self.lineage.chain(k.key)[1:])
        self.need("import copy")
        self.need("from typing import Self")
        self.out.blank_line()
        self.out.emit(0, "def __copy__(self) -> Self:")
        with self.out.block():
            if inherited:
                self.out.emit(0, "clone = super().__copy__()")
            else:
                self.out.emit(0, "clone = type(self).__new__(type(self))")
                self.out.emit(0, "clone.__dict__.update(self.__dict__)")
            for member in members:
                self.out.emit(0, f"clone.{py_name(member)} = copy.copy(self.{py_name(member)})")
            self.out.emit(0, "return clone")

    # -- ends --------------------------------------------------------------------------------
    def dtor_chain(self, key: str) -> list[n.ProcDef]:
        return [d for k in self.lineage.chain(key) if (d := dtor_of(k)) is not None]

    def method(self, k: KlassDef, proc: n.ProcDef) -> None:
        if proc.name.key not in DTOR or len(self.dtor_chain(k.key)) < 2:
            super().method(k, proc)
            return
        names = {py_name(d.name.name) for d in self.dtor_chain(k.key)}
        if len(names) > 1 or any(isinstance(x, n.Return) for x in walk(proc.body)):
            self.report(proc, "a destructor that ends early or is spelt apart from its ancestor's")
            return
        # the ancestors' destructors run after this one: written at its end
        call = n.ExprStmt(0, 0, n.Call(0, 0, n.Name(0, 0, "\0super_dtor", "\0super_dtor"), []))
        proc.body.append(call)
        try:
            super().method(k, proc)
        finally:
            proc.body.remove(call)

    def s_ExprStmt(self, node: n.ExprStmt) -> None:
        func = node.expr.func if isinstance(node.expr, n.Call) else None
        if isinstance(func, n.Name) and func.key == "\0super_dtor":
            proc = self.scope.proc
            assert proc is not None
            self.out.emit(0, f"super().{py_name(proc.name.name)}()")
            return
        if isinstance(func, n.Member | n.SelfMember | n.Name) and func.key in DTOR:
            raise Skip(node, "a destructor called as a method (libérer runs it)")
        super().s_ExprStmt(node)

    def s_Delete(self, node: n.Delete) -> None:
        target = node.target
        obj = self.expr(target)
        if not obj.type.startswith("class:"):
            raise Skip(node, "libérer on a value that is not an object")
        key = obj.type[6:]
        chain = self.dtor_chain(key)
        below = [k for k in self.klasses.values() if self.lineage.is_a(k.key, key)]
        if not chain and any(dtor_of(k) for k in below):
            raise Skip(node, "libérer on an object whose class's descendants have a destructor")
        dynamic = isinstance(target, n.Name) and self.decl_spec(target) is not None
        spec = self.decl_spec(target) if isinstance(target, n.Name) else None
        if spec is None or not spec.dynamic or not dynamic:
            raise Skip(node, "libérer on an object that is not a dynamic variable")
        if chain:  # libérer on Null does nothing
            self.line(node, f"if {obj.src} is not None:")
            with self.out.block():
                self.out.emit(0, f"{obj.src}.{py_name(chain[0].name.name)}()")
            self.out.emit(0, f"{obj.src} = None")
        else:
            self.line(node, f"{obj.src} = None")

    def x_Compare(self, node: n.Compare) -> Py:
        null = [x for x in (node.left, node.right) if isinstance(x, n.Name) and x.key == "null"]
        if node.op in ("EQ", "NE") and self.klasses and len(null) == 1:
            other = node.right if null[0] is node.left else node.left
            obj = self.expr(other)
            if obj.type.startswith("class:"):
                op: ast.cmpop = ast.Is() if node.op == "EQ" else ast.IsNot()
                return Py(ast.Compare(obj.code, [op], [ast.Constant(None)]), "bool")
        return super().x_Compare(node)
