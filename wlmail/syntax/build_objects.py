"""AST builders for classes, objects and the other constructs of issue 13 (a base of
:class:`wlmail.syntax.build.Builder`: one method per grammar rule or alias)."""

from __future__ import annotations

import re
from typing import Any

from wlmail.catalog import fold, get_catalog
from wlmail.errors import WLSyntaxError
from wlmail.syntax import nodes as n
from wlmail.syntax.buildkit import (
    _ACCESS,
    _PROC_WORDS,
    Children,
    _CtorArgs,
    _name,
    _nodes,
    _pos,
    _types,
)
from wlmail.syntax.tokens import Token


class ObjectBuilder:
    def proc_type(self, c: Children) -> n.TypeSpec:
        """``p est une Procédure``: a variable holding a procedure."""
        return n.TypeSpec(*_pos(c), "proc")

    def array_any(self, c: Children) -> n.TypeSpec:
        """``tableau dynamique``: an array of anything."""
        line, col = _pos(c)
        parts = _nodes(c)
        attrs = next((p for p in parts if isinstance(p, dict)), {})
        dims = next((p for p in parts if isinstance(p, list)), [])
        elem = n.TypeSpec(0, 0, "named", words=["variant"])  # written nowhere: no position
        return n.TypeSpec(line, col, "array", elem=elem, dims=dims, attrs=attrs)

    def ctor_args(self, c: Children) -> _CtorArgs:
        parts = _nodes(c)
        return _CtorArgs(parts[0] if parts else [])

    # ---- classes and objects -----------------------------------------------------------------
    def class_decl(self, c: Children) -> n.ClassDecl:
        names, *items = _nodes(c)
        parent: n.Name | None = None
        access, is_global = "public", False
        members: list[n.ClassMember] = []
        types: list[n.StructDecl] = []
        for item in items:
            if item is None:
                continue
            if isinstance(item, n.Name):
                parent = item
            elif isinstance(item, n.StructDecl):
                types.append(item)
            elif item.decl is None and item.consts is None:  # a section line: PRIVÉ, GLOBAL…
                access, is_global = item.access or "public", item.is_global
            else:
                if not item.access:
                    item.access = access
                item.is_global = item.is_global or is_global
                members.append(item)
        return n.ClassDecl(*_pos(c), names[0], parent, members, types)

    def interface_decl(self, c: Children) -> n.ClassDecl:
        names, *items = _nodes(c)
        parent = next((i for i in items if isinstance(i, n.Name)), None)
        decl = n.ClassDecl(*_pos(c), names[0], parent, [], [], interface=True)
        decl.prototypes = [i[1] for i in items if isinstance(i, tuple)]
        return decl

    def iface_proc(self, c: Children) -> tuple[str, n.Name]:
        """A prototype: a method the implementing classes have; its name is all we keep."""
        words = [t for t in c if isinstance(t, Token) and t.type in _PROC_WORDS]
        return ("prototype", _name(words[-1]))

    def enum_decl(self, c: Children) -> n.EnumDecl:
        names, *items = _nodes(c)
        return n.EnumDecl(*_pos(c), names[0], items)

    def enum_item(self, c: Children) -> n.EnumItem:
        parts = _nodes(c)
        return n.EnumItem(*_pos(c), _name(c[0]), parts[0] if parts else None)

    def proc_label(self, c: Children) -> n.ProcLabel:
        kind = {"CASE_EXCEPTION": "exception", "CASE_ERROR": "error"}.get(c[0].type, "label")
        name = str(c[0]).rstrip(": \t") if kind == "label" else ""
        return n.ProcLabel(*_pos(c), kind, name)

    def address_of(self, c: Children) -> Any:
        """``&x`` (an address, for external APIs): the value itself here."""
        return c[1]

    def class_inherit(self, c: Children) -> n.Name:
        return _name(c[1])

    def class_member(self, c: Children) -> n.ClassMember:
        types = _types(c)
        access = next((_ACCESS[t] for t in reversed(types) if t in _ACCESS), "")
        member = n.ClassMember(*_pos(c), access, "GLOBAL" in types)
        for part in _nodes(c):
            if isinstance(part, n.Decl):
                member.decl = part
            elif isinstance(part, n.ConstBlock):
                member.consts = part
        return member

    def ref_assign(self, c: Children) -> n.RefAssign:
        return n.RefAssign(*_pos(c), c[0], c[2])

    def delete_stmt(self, c: Children) -> n.Delete:
        return n.Delete(*_pos(c), c[1])

    def ctor_call(self, c: Children) -> n.CtorCall:
        parts = _nodes(c)
        return n.CtorCall(*_pos(c), _name(c[1]), parts[0] if parts else [])

    def self_member(self, c: Children) -> n.SelfMember:
        name = str(c[1])
        return n.SelfMember(*_pos(c), name, fold(name), c[0].type == "COLONCOLON")

    def self_ref(self, c: Children) -> n.SelfRef:
        return n.SelfRef(*_pos(c), str(c[0]))

    def ancestor_ref(self, c: Children) -> n.AncestorRef:
        return n.AncestorRef(*_pos(c), str(c[0]))

    def new_object(self, c: Children) -> n.NewObject:
        target = c[-1]
        line, col = _pos(c)
        if isinstance(target, n.Name):
            return n.NewObject(line, col, target, [])
        if isinstance(target, n.Call) and isinstance(target.func, n.Name):
            return n.NewObject(line, col, target.func, target.args)
        raise WLSyntaxError(get_catalog().message("bad_new", "fr"), "", line, col)

    def indirection(self, c: Children) -> n.Indirection:
        parts = _nodes(c)
        return n.Indirection(*_pos(c), parts[0], parts[1] if len(parts) > 1 else None)

    def lambda_expr(self, c: Children) -> n.Lambda:
        line, col = _pos(c)
        if isinstance(c[0], Token):  # `() => expr`
            return n.Lambda(line, col, [], c[-1])
        head = c[0]
        items = head.items if isinstance(head, n.TupleExpr) else [head]
        names = [i for i in items if isinstance(i, n.Name)]
        if len(names) != len(items):
            raise WLSyntaxError(get_catalog().message("bad_lambda", "fr"), "", line, col)
        return n.Lambda(line, col, names, c[-1])

    def duration(self, c: Children) -> n.DurationLit:
        return n.DurationLit(*_pos(c), _duration_ms(str(c[0])))


_UNIT_MS = {"ms": 1, "cs": 10, "s": 1000, "min": 60_000, "mn": 60_000, "h": 3_600_000}
_UNIT_MS |= {"j": 86_400_000, "d": 86_400_000}


def _duration_ms(text: str) -> int:
    """``2 min 8 s`` -> 128000."""
    total = 0.0
    for number, unit in re.findall(r"(\d+(?:\.\d+)?)\s*([a-z]+)", text.lower()):
        total += float(number) * _UNIT_MS[unit]
    return round(total)
