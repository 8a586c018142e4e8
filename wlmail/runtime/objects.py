"""Compiling classes and objects: class declarations, methods, ``:membre``, ``objet``,
``Ancêtre``, ``allouer``/``libérer``, ``<-``, enumeration members. The class model itself is in
:mod:`wlmail.runtime.classes`; lambdas, indirections and labels in :mod:`dynamic`."""

from __future__ import annotations

import difflib
from typing import Any

from wlmail.catalog import fold
from wlmail.runtime import types as T
from wlmail.runtime.calls import call_method, raiser, var_setter
from wlmail.runtime.classes import (
    ClassDef,
    EnumValue,
    FieldInfo,
    SharedRef,
    WLObject,
    assign,
    call,
    class_get,
    class_set,
    class_type,
    construct,
    destroy,
    instantiate,
    self_of,
)
from wlmail.runtime.dynamic import DynamicCompiler, indirect_set
from wlmail.runtime.scope import Expr, Scope, Setter, Stmt, VarInfo
from wlmail.runtime.state import Frame, Proc, Runtime
from wlmail.runtime.values import WLFault, copy_value, to_str
from wlmail.syntax import nodes as n

_CTOR_DTOR = ("constructeur", "constructor", "destructeur", "destructor")


class ObjectCompiler(DynamicCompiler):
    """What classes add to the compiler; ``self.cls`` is the class whose method is compiled."""

    def __init__(self, rt: Runtime, program: n.Program, globals_scope: Scope | None = None):
        super().__init__(rt, program, globals_scope)
        self.classes: dict[str, ClassDef] = rt.extensions.setdefault("classes", {})
        self.cls: ClassDef | None = None
        self.method_of: dict[int, Proc] = {}  # id(ProcDef) -> its Proc, for methods

    # ---- declarations ----------------------------------------------------------------------
    def declare_classes(self) -> None:
        """Every class of the program, its members and its methods, before any code."""
        for e in self.program.body:
            if isinstance(e, n.EnumDecl):
                self._enum(e)
        decls = [s for s in self.program.body if isinstance(s, n.ClassDecl)]
        for d in decls:
            self.classes[d.name.key] = ClassDef(d.name.name, d.name.key, line=d.line)
            self.classes[d.name.key].abstract = {p.key for p in d.prototypes}
        for d in decls:
            if d.parent is not None:
                self._set_parent(d, self.classes[d.name.key])
        for d in decls:
            for struct in d.types:
                self._struct(struct)
        for d in decls:
            self._members(d, self.classes[d.name.key])
        last = self.classes[decls[-1].name.key] if decls else None
        class_file = len(decls) == 1 and all(
            isinstance(s, n.ClassDecl | n.Decl | n.ConstBlock | n.StructDecl | n.ScopeMark)
            for s in self.program.body
        )
        for proc in self.program.procs:
            cls = self._owner(proc, last, class_file)
            if cls is None:
                continue
            method = Proc(proc.name.name, proc.name.key, None, line=proc.line, owner=cls)
            cls.methods[proc.name.key] = method
            self.method_of[id(proc)] = method
            if proc.name.key in _CTOR_DTOR[:2] and _calls_ctor(proc.body):
                cls.ctor_calls_parent = True

    def _enum_of(self, node: n.Node) -> dict[str, EnumValue] | None:
        """``E`` or ``C.E`` (an enumeration declared with a class's code) before ``.member``."""
        if isinstance(node, n.Name) and self._lookup_var(node.key) is None:
            return self.enums.get(node.key)
        if not isinstance(node, n.Member) or not isinstance(node.target, n.Name):
            return None
        owner = node.target.key
        if owner in self.classes and self._lookup_var(owner) is None:
            return self.enums.get(node.key)
        return None

    def _set_parent(self, d: n.ClassDecl, cls: ClassDef) -> None:
        assert d.parent is not None
        parent = self.classes.get(d.parent.key)
        if parent is None:
            cls.unknown_parent = True
            self.diag(d.parent, "unknown_class", name=d.parent.name, hint=self._class_hint(d))
        elif parent.is_a(cls):
            self.diag(d.parent, "class_cycle", cls=cls.name)
        else:
            cls.parent = parent

    def suggest(self, key: str) -> str:
        return super().suggest(key) or self._class_suggestion(key)

    def _type_hint(self, key: str) -> str:
        return super()._type_hint(key) or self._class_suggestion(key)

    def _class_suggestion(self, key: str) -> str:
        """ "did you mean" among the script's classes and enumerations."""
        names = {k: c.name for k, c in self.classes.items()}
        names.update({k: next(iter(m.values())).enum for k, m in self.enums.items() if m})
        close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.75)
        return self.cat.message("did_you_mean", self.lang, name=names[close[0]]) if close else ""

    def _class_hint(self, d: n.ClassDecl) -> str:
        assert d.parent is not None
        return self.suggest(d.parent.key)

    def _owner(self, proc: n.ProcDef, last: ClassDef | None, class_file: bool) -> ClassDef | None:
        if proc.owner is not None:
            cls = self.classes.get(proc.owner.key)
            if cls is None:
                self.diag(
                    proc.owner, "method_without_class", name=proc.name.name, cls=proc.owner.name
                )
            return cls
        # `PROCÉDURE Constructeur()` belongs to the class declared above it; in a class file
        # (nothing but one class and declarations before the procedures) every procedure does
        return last if class_file or proc.name.key in _CTOR_DTOR else None

    def _members(self, d: n.ClassDecl, cls: ClassDef) -> None:
        frame = Frame(self.rt.globals)
        for member in d.members:
            if member.decl is not None:
                vtype = self.vtype(member.decl.type)
                make = self._initial(member.decl, vtype)
                for nm in member.decl.names:
                    cls.fields[nm.key] = FieldInfo(
                        nm.name, vtype, member.access, member.is_global, make
                    )
            if member.consts is not None:
                for c in member.consts.defs:
                    value = self.expr(c.value)
                    try:
                        cls.consts[c.name.key] = value(frame)
                    except WLFault as err:
                        self.diag(c, err.msg_id, **err.values)

    def _initial(self, decl: n.Decl, vtype: T.VType) -> Any:
        """How a member starts: its initialiser, or its constructor's arguments."""
        if decl.init is not None:
            init, coerce = self.expr(decl.init), vtype.coerce
            return lambda f: coerce(init(f))
        target = self._class_of_type(decl.type)
        if target is not None and decl.type.args is not None and not decl.type.dynamic:
            args, rt = [self.expr(a) for a in decl.type.args], self.rt
            return lambda f: instantiate(rt, target, [a(f) for a in args])
        return None

    def _struct(self, node: n.StructDecl) -> None:
        """Declare a structure (implemented by the compiler)."""
        raise NotImplementedError

    def _class_of_type(self, spec: n.TypeSpec) -> ClassDef | None:
        if spec.kind != "named" or not spec.words:
            return None
        return self.classes.get(fold(spec.words[0]))

    def vtype(self, spec: n.TypeSpec) -> T.VType:
        if spec.kind == "proc":
            return T.VARIANT
        cls = self._class_of_type(spec)
        if cls is not None:
            return class_type(self.rt, cls, spec.dynamic)
        if spec.kind == "named" and spec.words:
            enum = self.enums.get(fold(spec.words[0].rsplit(".", 1)[-1]))
            if enum is not None:
                first = next(iter(enum.values()), None)
                return T.VType("enumvalue", copy_value, lambda: first)
        if spec.kind == "named" and spec.words and "." in spec.words[0]:
            # `C.Str`: a structure (or class) declared inside class C
            key = fold(spec.words[0].rsplit(".", 1)[1])
            if key in self.structs:
                return self.structs[key]
            if key in self.classes:
                return class_type(self.rt, self.classes[key], spec.dynamic)
        return super().vtype(spec)

    def enter_proc(self, node: n.ProcDef, proc: Proc) -> ClassDef | None:
        """Set the class whose code is compiled (a method's; kept by internal procedures);
        returns the previous one, to restore."""
        outer = self.cls
        if proc.owner is not None:
            self.cls = proc.owner
        elif not node.internal:
            self.cls = None
        return outer

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
        args, rt, found = self._args(node.args), self.rt, cls
        return lambda f: instantiate(rt, found, [a(f) for a in args])


def self_field(node: n.Node, cls: ClassDef | None) -> bool:
    """Is ``node`` (a bare name or ``:name``) a member of the class being compiled?"""
    if cls is None or not isinstance(node, n.Name | n.SelfMember):
        return False
    return cls.find_field(node.key) is not None


def _calls_ctor(body: Any) -> bool:
    """Does a constructor call ``Constructeur Ancêtre(…)`` itself (anywhere in its body)?"""
    if isinstance(body, n.CtorCall):
        return True
    if isinstance(body, list | tuple):
        return any(_calls_ctor(item) for item in body)
    if isinstance(body, n.Node) and not isinstance(body, n.ProcDef):
        return any(_calls_ctor(v) for v in vars(body).values())
    return False
