"""Compiling what uses objects: methods, ``:membre``, ``objet``, ``Ancêtre``, ``allouer`` /
``libérer``, ``<-``, enumeration members. Declarations are in :mod:`classdecl`, the class model
in :mod:`classes`; lambdas, indirections and labels in :mod:`dynamic`."""

from __future__ import annotations

from typing import Any

from wlmail.catalog import fold
from wlmail.runtime.calls import call_method, raiser, var_setter
from wlmail.runtime.classdecl import ClassDeclCompiler
from wlmail.runtime.classes import (
    ClassDef,
    SharedRef,
    WLObject,
    assign,
    call,
    class_get,
    class_set,
    construct,
    destroy,
    instantiate,
    self_of,
)
from wlmail.runtime.dynamic import indirect_set
from wlmail.runtime.scope import Expr, Setter, Stmt, VarInfo
from wlmail.runtime.state import Frame, Proc
from wlmail.runtime.values import WLFault, to_str
from wlmail.syntax import nodes as n


class ObjectCompiler(ClassDeclCompiler):
    """What objects add to the compiler: statements and names inside methods."""

    # ---- statements --------------------------------------------------------------------------
    def s_ClassDecl(self, node: n.ClassDecl) -> Stmt:
        return lambda f: None  # declared before the code runs (declare_classes)

    def object_decl(self, node: n.Decl) -> Stmt | None:
        """``o est un C(a, b)``: each object made with its constructor's arguments."""
        cls = self._class_of_type(node.type)
        if cls is None or node.type.args is None or node.type.dynamic or node.init is not None:
            return None
        vtype = self.vtype(node.type)
        for nm in node.names:
            self.scope.vars[nm.key] = VarInfo(nm.name, vtype)
        args, keys, rt = (
            [self.expr(a) for a in node.type.args],
            [nm.key for nm in node.names],
            self.rt,
        )

        def run(f: Frame) -> None:
            for key in keys:
                f.vars[key] = instantiate(rt, cls, [a(f) for a in args])

        return run

    def s_RefAssign(self, node: n.RefAssign) -> Stmt:
        value, setter = self.expr(node.value), self._ref_setter(node.target)

        def run(f: Frame) -> None:
            setter(f, value(f))

        return run

    def _ref_setter(self, target: n.Node) -> Setter:
        rt = self.rt
        if isinstance(target, n.Name | n.SelfMember) and self._own_field(target):
            key, name = target.key, target.name
            return lambda f, v: self_of(f).wl_set(rt, key, name, SharedRef(v))
        if isinstance(target, n.Name):
            found = self._lookup_var(target.key)
            if found is not None:
                info, depth = found
                vtype = info.vtype
                return var_setter(
                    target.key, depth, lambda v: assign(vtype, SharedRef(v)), rt.globals
                )
        if isinstance(target, n.Member):
            obj, key, name = self.expr(target.target), target.key, target.name

            def member(f: Frame, v: Any) -> None:
                o = obj(f)
                if isinstance(o, WLObject):
                    o.wl_set(rt, key, name, SharedRef(v))
                else:
                    rt.set_member(o, key, name, v)

            return member
        return self.setter(target)

    def _own_field(self, node: n.Name | n.SelfMember) -> bool:
        """A bare name (not shadowed by a local) or ``:name`` that is a member of the class."""
        if isinstance(node, n.Name) and self._is_local(node.key):
            return False
        return self_field(node, self.cls)

    def s_Delete(self, node: n.Delete) -> Stmt:
        get, rt = self.expr(node.target), self.rt
        setter = self.setter(node.target) if self._assignable(node.target) else None

        def run(f: Frame) -> None:
            obj = get(f)
            destroy(rt, obj)
            if setter is not None:
                setter(f, None)

        return run

    def s_CtorCall(self, node: n.CtorCall) -> Stmt:
        target = self.classes.get(node.cls.key)
        here = self.cls
        if here is None:
            self.diag(node, "outside_method", word=self._kw("CONSTRUCTOR"))
        elif target is None and here.parent is None:
            pass  # its ancestor is unknown: said at the `hérite de` line
        elif target is None or target is here or not here.is_a(target):
            self.diag(node, "no_ancestor_ctor", cls=here.name, name=node.cls.name)
        args, rt = [self.expr(a) for a in node.args], self.rt
        if target is None:
            return lambda f: None
        found: ClassDef = target

        def run(f: Frame) -> None:
            obj = self_of(f)
            construct(rt, found, obj, [a(f) for a in args])

        return run

    # ---- names inside methods -------------------------------------------------------------
    def _is_local(self, key: str) -> bool:
        found = self._lookup_var(key)
        return found is not None and found[1] >= 0

    def _member_getter(self, key: str, name: str) -> Expr | None:
        cls, rt = self.cls, self.rt
        if cls is None or self._is_local(key):
            return None
        found = cls.find_field(key)
        if found is not None and not found[1].is_global:
            return lambda f: self_of(f).wl_get(rt, key, name)
        known, _ = cls.find_const(key)
        if found is not None or known:
            return lambda f: class_get(rt, cls, key, name)
        if cls.declares(key):  # a property: the method, read without parentheses, is called
            return lambda f: self_of(f).wl_get(rt, key, name)
        return None

    def x_Name(self, node: n.Name) -> Expr:
        return self._member_getter(node.key, node.name) or super().x_Name(node)

    def setter(self, node: n.Node) -> Setter:
        rt = self.rt
        if isinstance(node, n.Name | n.SelfMember) and self._own_field(node):
            key, name = node.key, node.name
            return lambda f, v: self_of(f).wl_set(rt, key, name, v)
        if isinstance(node, n.SelfMember):
            self.x_SelfMember(node)  # the diagnostics: outside a method, unknown member
            if self.cls is None:
                return lambda f, v: None
            key, name = node.key, node.name
            return lambda f, v: self_of(f).wl_set(rt, key, name, v)
        if isinstance(node, n.Indirection):
            expr = self.expr(node.expr)
            return lambda f, v: indirect_set(f, rt, to_str(expr(f)), v)
        if isinstance(node, n.Member):
            cls, on_self = self._class_target(node.target)
            if cls is not None:
                key, name, found = node.key, node.name, cls
                if on_self:
                    return lambda f, v: self_of(f).wl_set(rt, key, name, v)
                return lambda f, v: class_set(rt, found, key, name, v)
            self._check_access(node)
        return super().setter(node)

    def _callable(self, name: n.Name) -> object | None:
        if self._method_here(name.key) is not None:
            return True
        return super()._callable(name)

    def _method_here(self, key: str) -> Proc | None:
        if self.cls is None or self._is_local(key):
            return None
        return self.cls.find_method(key)

    def _call_name(self, node: n.Call, func: n.Name) -> Expr:
        if self._method_here(func.key) is not None:
            return self._virtual_call(node, func.key, func.name)
        return super()._call_name(node, func)

    def _virtual_call(self, node: n.Call, key: str, name: str) -> Expr:
        args, rt = self._args(node.args), self.rt

        def run(f: Frame) -> Any:
            obj = self_of(f)
            proc = obj.cls.find_method(key)
            if proc is None:
                raise WLFault("unknown_class_member", name=name, cls=obj.cls.name)
            return call(rt, proc, obj, [a(f) for a in args])

        return run

    def _fixed_call(self, node: n.Call, cls: ClassDef, key: str, name: str, on_self: bool) -> Expr:
        """``Ancêtre.M()``, ``C::M()``: that class's method, no virtual dispatch."""
        proc = cls.find_method(key)
        if proc is None:
            self.diag(node, "unknown_class_member", name=name, cls=cls.name)
            return raiser("unknown_class_member", node, name=name, cls=cls.name)
        args, rt, method = self._args(node.args), self.rt, proc
        if on_self:
            return lambda f: call(rt, method, self_of(f), [a(f) for a in args])
        return lambda f: call(rt, method, None, [a(f) for a in args])

    def x_Call(self, node: n.Call) -> Expr:
        func = node.func
        if isinstance(func, n.SelfMember):
            if func.of_class and self.cls is not None:
                return self._fixed_call(node, self.cls, func.key, func.name, False)
            return self._virtual_call(node, func.key, func.name)
        if isinstance(func, n.Member):
            cls, on_self = self._class_target(func.target)
            if cls is not None:
                return self._fixed_call(node, cls, func.key, func.name, on_self)
        return super().x_Call(node)

    def _method_call(self, node: n.Call, func: n.Member) -> Expr:
        """``o.M()``: a method of the object's class (found at run time: virtual)."""
        cls = self._static_class(func.target)
        if cls is None and not any(func.key in c.methods for c in self.classes.values()):
            return super()._method_call(node, func)
        if cls is not None and not cls.declares(func.key):
            self.diag(func, "unknown_class_member", name=func.name, cls=cls.name)
            return raiser("unknown_class_member", func, name=func.name, cls=cls.name)
        target, args, rt, key, name = (
            self.expr(func.target),
            self._args(node.args),
            self.rt,
            func.key,
            func.name,
        )
        return lambda f: call_method(rt, target(f), key, name, [a(f) for a in args])

    def _static_class(self, node: n.Node) -> ClassDef | None:
        """The class a variable is declared with (None: unknown until run time)."""
        if isinstance(node, n.SelfRef):
            return self.cls
        if isinstance(node, n.Name):
            found = self._lookup_var(node.key)
            if found is not None and found[0].vtype.id.startswith("class:"):
                return self.classes.get(found[0].vtype.id[6:])
        return None

    def _class_target(self, node: n.Node) -> tuple[ClassDef | None, bool]:
        """``Ancêtre`` or a class name before ``.``/``::``: (the class, called on the object)."""
        if isinstance(node, n.AncestorRef):
            parent = self.cls.parent if self.cls is not None else None
            if parent is None:
                self.diag(node, "outside_method", word=self._kw("ANCESTOR"))
            return parent, True
        if isinstance(node, n.Name) and self._lookup_var(node.key) is None:
            cls = self.classes.get(node.key)
            if cls is not None:
                return cls, self.cls is not None and self.cls.is_a(cls)
        return None, False

    def x_Member(self, node: n.Member) -> Expr:
        if not (self.classes or self.enums or isinstance(node.target, n.AncestorRef)):
            return super().x_Member(node)  # a script without classes: nothing to look for
        enum = self._enum_of(node.target)
        if enum is not None:
            member = enum.get(node.key)
            if member is None:
                owner = getattr(node.target, "name", "")
                self.diag(node, "unknown_class_member", name=node.name, cls=owner)
                return raiser("unknown_class_member", node, name=node.name, cls=owner)
            return lambda f: member
        cls, on_self = self._class_target(node.target)
        rt, key, name = self.rt, node.key, node.name
        if cls is not None:
            if on_self:
                return lambda f: self_of(f).wl_get(rt, key, name)
            return lambda f: class_get(rt, cls, key, name)
        self._check_access(node)
        return super().x_Member(node)

    def _check_access(self, node: n.Member) -> None:
        cls = self._static_class(node.target)
        if cls is None:
            return
        field = cls.find_field(node.key)
        if field is None or field[1].access == "public":
            return
        owner, info = field
        here = self.cls
        allowed = here is not None and (
            here is owner if info.access == "private" else here.is_a(owner) or owner.is_a(here)
        )
        if not allowed:
            access = self.cat.message(f"access_{info.access}", self.lang)
            self.diag(node, "member_access", name=node.name, access=access, cls=owner.name)

    def x_SelfMember(self, node: n.SelfMember) -> Expr:
        rt, key, name, cls = self.rt, node.key, node.name, self.cls
        if cls is None:
            self.diag(node, "outside_method", word=(":" if not node.of_class else "::") + name)
            return raiser("outside_method", node, word=name)
        if not cls.may_have(key):
            self.diag(node, "unknown_class_member", name=name, cls=cls.name)
        if node.of_class:
            return lambda f: class_get(rt, cls, key, name)
        return lambda f: self_of(f).wl_get(rt, key, name)

    def x_SelfRef(self, node: n.SelfRef) -> Expr:
        if self.cls is None:
            variable = self._as_variable(node)
            if variable is not None:
                return variable
            self.diag(node, "outside_method", word=node.name or self._kw("OBJECT"))
        return self_of

    def x_AncestorRef(self, node: n.AncestorRef) -> Expr:
        if self.cls is None or self.cls.parent is None:
            variable = self._as_variable(node) if self.cls is None else None
            if variable is not None:
                return variable
            self.diag(node, "outside_method", word=node.name or self._kw("ANCESTOR"))
        return self_of

    def _as_variable(self, node: n.SelfRef | n.AncestorRef) -> Expr | None:
        """Outside a method, `Objet` may be a script's own variable."""
        key = fold(node.name)
        if node.name and self._lookup_var(key) is not None:
            return self.x_Name(n.Name(node.line, node.col, node.name, key))
        return None

    def x_NewObject(self, node: n.NewObject) -> Expr:
        cls = self.classes.get(node.cls.key)
        if cls is None:
            hint = self.suggest(node.cls.key)
            self.diag(node.cls, "unknown_class", name=node.cls.name, hint=hint)
            return raiser("unknown_class", node.cls, name=node.cls.name, hint=hint)
        if cls.interface:
            self.diag(node.cls, "new_interface", name=cls.name)
        args, rt, found = self._args(node.args), self.rt, cls
        return lambda f: instantiate(rt, found, [a(f) for a in args])


def self_field(node: n.Node, cls: ClassDef | None) -> bool:
    """Is ``node`` (a bare name or ``:name``) a member of the class being compiled?"""
    if cls is None or not isinstance(node, n.Name | n.SelfMember):
        return False
    return cls.find_field(node.key) is not None
