"""Compiling class declarations: classes, interfaces, their members and constants, which
procedures are their methods, class types and the names of classes and enumerations."""

from __future__ import annotations

import difflib
from typing import Any

from wlmail.catalog import fold
from wlmail.runtime import types as T
from wlmail.runtime.classes import ClassDef, EnumValue, FieldInfo, class_type, instantiate
from wlmail.runtime.dynamic import DynamicCompiler
from wlmail.runtime.scope import Scope
from wlmail.runtime.state import Frame, Proc, Runtime
from wlmail.runtime.values import WLFault, copy_value
from wlmail.syntax import nodes as n
from wlmail.syntax.classfile import bind_methods

_CTOR_DTOR = ("constructeur", "constructor", "destructeur", "destructor")


class ClassDeclCompiler(DynamicCompiler):
    """Classes of the program; ``self.cls`` is the class whose method is being compiled."""

    #: the class-file rule is applied to the program compiled; a caller that compiles several
    #: files' declarations together (wlmail lsp) applies it to each file and sets this False
    bind_own_methods = True

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
            self.classes[d.name.key].interface = d.interface
        for d in decls:
            if d.parent is not None:
                self._set_parent(d, self.classes[d.name.key])
        for d in decls:
            for struct in d.types:
                self._struct(struct)
        for d in decls:
            self._members(d, self.classes[d.name.key])
        if self.bind_own_methods:
            bind_methods(self.program)  # a project binds each file's procedures before merging
        last = self.classes[decls[-1].name.key] if decls else None
        class_file = False  # bind_methods has given each method of a class file its owner
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


def _calls_ctor(body: Any) -> bool:
    """Does a constructor call ``Constructeur Ancêtre(…)`` itself (anywhere in its body)?"""
    if isinstance(body, n.CtorCall):
        return True
    if isinstance(body, list | tuple):
        return any(_calls_ctor(item) for item in body)
    if isinstance(body, n.Node) and not isinstance(body, n.ProcDef):
        return any(_calls_ctor(v) for v in vars(body).values())
    return False
