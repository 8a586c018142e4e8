"""Statements on objects and the classes written before ``main()``.

Object declarations (``o est un C(1, 2)``, ``d est un C dynamique``), member assignments,
``<-``, ``Constructeur Ancêtre(…)`` as ``super().__init__(…)``; each class as ``class C(P):``
with its members annotated, ``__init__`` and its methods (:mod:`.classes` knows the types).
"""

from __future__ import annotations

from typing import Any

from wlmail.export.base import Scope, Skip, py_name
from wlmail.export.class_model import CTOR, KlassDef, class_of_spec
from wlmail.export.classes import PLAIN, ClassMixin
from wlmail.export.stmts import DEFAULTS, assigned, walk
from wlmail.export.writer import Writer
from wlmail.syntax import nodes as n


class ClassStmtMixin(ClassMixin):
    # -- statements --------------------------------------------------------------------------
    def s_ClassDecl(self, node: n.ClassDecl) -> None:
        return None  # written before main() (class_section)

    def s_Decl(self, node: n.Decl) -> None:
        key = class_of_spec(node.type, self.klasses) if self.klasses else None
        if key is None:
            super().s_Decl(node)
            return
        if self.klasses[key].decl.interface and not node.type.dynamic:
            raise Skip(node, "a variable of an interface")
        note = self.class_py(key, quote=False)
        for nm in node.names:
            pyname = py_name(nm.name)
            if node.type.dynamic:
                value = self.shared(node.init, key) if node.init is not None else "None"
                if value == "None":
                    self.line(node, f"{pyname}: {note} | None = None")
                elif self.never_null(nm):
                    self.line(node, f"{pyname}: {note} = {value}")
                else:  # mypy narrows `C | None` on an assignment, not on the declaration
                    self.line(node, f"{pyname}: {note} | None")
                    self.out.emit(0, f"{pyname} = {value}")
            elif node.init is not None:
                self.line(node, f"{pyname}: {note} = {self.object_copied(node.init, key)}")
            else:
                made = self.construct(node, key, node.type.args or [])
                if self.unread(nm):  # built for its constructor's effects only
                    self.line(node, f"{made.src}  # {nm.name}")
                else:
                    self.line(node, f"{pyname} = {made.src}")

    def never_null(self, var: n.Name) -> bool:
        """Is the variable never freed nor set again in the code that declares it?"""
        body = self.scope.proc.body if self.scope.proc is not None else self.program.body
        for node in walk(body):
            target = node.target if isinstance(node, n.Assign | n.RefAssign | n.Delete) else None
            if isinstance(target, n.Name) and target.key == var.key:
                return False
        return True

    def shared(self, value: n.Node, key: str) -> str:
        found = self.expr(value)
        if found.type == "none":
            return "None"
        self.check_fits(value, "class:" + key, found.type)
        return found.src

    def object_copied(self, value: n.Node, key: str) -> str:
        """``=`` into a plain object: a copy of the object (member by member)."""
        found = self.expr(value)
        self.check_fits(value, "class:" + key, found.type)
        if isinstance(value, n.NewObject):
            return found.src
        for k in self.lineage.chain(found.type[6:]):
            for fd in k.fields.values():
                kind = self.spec_kind(fd.spec)
                if kind not in PLAIN and not (kind.startswith("class:") and fd.spec.dynamic):
                    raise Skip(value, "copying an object whose members are not plain values")
        self.need("import copy")
        return f"copy.copy({found.src})"

    def member_target(self, target: n.Node) -> tuple[str, str, str] | None:
        """(Python target, its kind, plain class key or "") of a member being assigned."""
        if isinstance(target, n.SelfMember | n.Name):
            if isinstance(target, n.Name) and (self.cls_key is None or self.local(target)):
                return None
            got = self.member_of_self(target)
            if got is None or "(" in got.src:
                return None
        elif isinstance(target, n.Member):
            if self.static_class(target.target) is None and self.object_of(target.target) is None:
                return None
            got = self.x_Member(target)
            if "(" in got.src.rpartition(".")[2]:
                raise Skip(target, "assignment to a method")
        else:
            return None
        plain = ""
        if got.type.startswith("class:"):
            plain = got.type[6:]
        return got.src, got.type, plain

    def s_Assign(self, node: n.Assign) -> None:
        if not self.klasses:
            super().s_Assign(node)
            return
        found = self.member_target(node.target)
        if found is None and isinstance(node.target, n.Name):
            ref = self.ref(node.target)
            if ref[0] == "var" and str(ref[1].vtype.id).startswith("class:"):
                key = str(ref[1].vtype.id)[6:]
                found = (py_name(ref[1].name), "class:" + key, key)
                if self.is_dynamic(node.target):
                    found = (found[0], found[1], "")
        if found is None:
            super().s_Assign(node)
            return
        where, kind, plain = found
        if plain and not self.is_dynamic_member(node.target):
            self.line(node, f"{where} = {self.object_copied(node.value, plain)}")
            return
        value = self.expr(node.value)
        self.check_fits(node, kind, value.type)
        self.line(node, f"{where} = {value.src}")

    def decl_spec(self, target: n.Name) -> n.TypeSpec | None:
        """The type a variable of the code being written was declared with."""
        body = self.scope.proc.body if self.scope.proc is not None else self.program.body
        for decl in walk(body):
            if isinstance(decl, n.Decl) and any(nm.key == target.key for nm in decl.names):
                return decl.type
        return None

    def is_dynamic(self, target: n.Name) -> bool:
        for decl in walk([self.program.body, self.program.procs]):
            if isinstance(decl, n.Decl) and any(nm.key == target.key for nm in decl.names):
                return decl.type.dynamic
        return False

    def is_dynamic_member(self, target: n.Node) -> bool:
        if isinstance(target, n.Name):
            return self.is_dynamic(target) if self.cls_key is None else self.field_dyn(target)
        return self.field_dyn(target) if isinstance(target, n.SelfMember | n.Member) else False

    def field_dyn(self, target: Any) -> bool:
        for k in self.klasses.values():
            if target.key in k.fields:
                return k.fields[target.key].spec.dynamic
        return False

    def s_RefAssign(self, node: n.RefAssign) -> None:
        value = self.expr(node.value)
        target = self.member_target(node.target)
        if target is None and isinstance(node.target, n.Name):
            spec = self.decl_spec(node.target)
            key = class_of_spec(spec, self.klasses)
            if key is not None:
                target = (py_name(node.target.name), "class:" + key, "")
        if target is None:
            raise Skip(node, "<- to this expression")
        self.check_fits(node, target[1], value.type)
        self.line(node, f"{target[0]} = {value.src}")

    def s_AugAssign(self, node: n.AugAssign) -> None:
        found = self.member_target(node.target) if self.klasses else None
        if found is None:
            super().s_AugAssign(node)
            return
        value = self.expr(node.value)
        ok = (found[1] in ("int", "real") and value.type in ("int", "real")) or (
            found[1] == value.type == "string" and node.op == "+"
        )
        if not ok:
            raise Skip(node, "this compound assignment")
        self.check_fits(node, found[1], value.type)
        self.line(node, f"{found[0]} {node.op}= {value.src}")

    def s_IncDec(self, node: n.IncDec) -> None:
        found = self.member_target(node.target) if self.klasses else None
        if found is None:
            super().s_IncDec(node)
            return
        if found[1] not in ("int", "real"):
            raise Skip(node, "++ or -- on a value that is not a number")
        self.line(node, f"{found[0]} {'+' if node.op == '+' else '-'}= 1")

    def s_CtorCall(self, node: n.CtorCall) -> None:
        key = self.cls_key
        parent = self.klasses[key].parent if key is not None else None
        proc = self.scope.proc
        if parent is None or node.cls.key != parent or proc is None or proc.body[:1] != [node]:
            raise Skip(node, "an ancestor's constructor called elsewhere than first")
        self.ctor_params(parent, node)
        args = ", ".join(self.expr(a).src for a in node.args)
        self.line(node, f"super().__init__({args})")

    def local_object(self, p: n.Param) -> None:
        """``LOCAL o est un C``: WLangage copies the object passed; refused (not a copy here)."""
        if p.local and class_of_spec(p.type, self.klasses) and p.type and not p.type.dynamic:
            raise Skip(p, f"LOCAL parameter '{p.name.name}' holding a copy of an object")

    def signature(self, node: n.ProcDef) -> str:
        for p in node.params or []:
            self.local_object(p)
        return super().signature(node)

    def procedure(self, node: n.ProcDef) -> None:
        if id(node) in self.method_owner:
            return
        start = len(self.out.lines)
        self.main_end = min(self.main_end, start)
        if id(node) not in self.own_procs:
            super().procedure(node)
            self.chunks.append((node.line, self.out.lines[start:]))
            return
        main_out = self.out  # a procedure of another file of a project: with its comments
        self.out = Writer()
        self.out.comments, self.out.own_line = self.stash, self.stash_own
        self.out.blank, self.out.done = main_out.blank, self.ranges[id(node)][0] - 1
        try:
            super().procedure(node)
            self.chunks.append((node.line, self.out.lines))
        finally:
            self.out = main_out
            self.stash_own &= set(self.stash)  # the comments written are gone

    # -- the classes -------------------------------------------------------------------------
    def class_section(self) -> str:
        """Every class, parents first, with its comments."""
        if not self.klasses:
            return ""
        main_out = self.out
        self.out = Writer()
        self.out.comments, self.out.own_line = self.stash, self.stash_own
        self.out.blank = main_out.blank
        self.in_classes = True
        try:
            for k in self.lineage.ordered():
                start = len(self.out.lines)
                self.klass(k)
                self.defined.add(k.key)
                self.chunks.append((k.decl.line, self.out.lines[start:]))
            self.out.upto(10**9)
            return "\n".join(self.out.lines)
        finally:
            self.out, self.in_classes = main_out, False

    def klass(self, k: KlassDef) -> None:
        start, _ = self.ranges[id(k.decl)]
        self.out.done = start - 1
        self.out.blank_line()
        self.out.blank_line()
        if k.decl.interface and (k.parent or k.decl.types):
            self.report(k.decl, "a structure declared in an interface, or an interface's ancestor")
            return
        if k.decl.interface:
            self.interface(k)
            return
        parent = f"({self.class_py(k.parent, False)})" if k.parent else ""
        mark = len(self.out.lines)
        self.out.emit(k.decl.line, f"class {self.class_py(k.key, False)}{parent}:")
        with self.out.block():
            try:
                self.class_body(k)
            except Skip as skip:
                del self.out.lines[mark + 1 :]
                self.report(skip.node if skip.node.line else k.decl, skip.what)
                self.not_exported("__init__", skip.node if skip.node.line else k.decl, skip)
        self.flush(id(k.decl))

    def interface(self, k: KlassDef) -> None:
        """``I est une Interface``: an abstract base class; each method's signature is its
        implementations' (WLangage's prototypes give only the name)."""
        self.need("from abc import ABC, abstractmethod")
        self.out.emit(k.decl.line, f"class {self.class_py(k.key, False)}(ABC):")
        with self.out.block():
            mark = len(self.out.lines)
            for proto in k.decl.prototypes:
                impls = self.lineage.implementations(k.key, proto.key)
                outer, self.cls_key = self.cls_key, k.key
                try:
                    if not impls:
                        raise Skip(proto, f"{proto.name} that no class implements")
                    kind = self.returns(proto, impls)
                    head = f"def {py_name(impls[0].name.name)}({self.params(impls[0])})"
                    self.out.emit(0, "@abstractmethod")
                    self.out.emit(proto.line, f"{head} -> {self.kind_py(kind, proto)}: ...")
                except Skip as skip:
                    self.report(skip.node if skip.node.line else proto, skip.what)
                finally:
                    self.cls_key = outer
            if len(self.out.lines) == mark:
                self.out.emit(0, "pass")

    def flush(self, key: int) -> None:
        """The comments left at the end of a declaration or method (before the next one)."""
        start, end = self.ranges[key]
        for line in sorted(x for x in self.out.comments if start <= x <= end):
            if line in self.out.own_line:
                self.out.own_line.discard(line)
                self.out.emit(0, f"# {self.out.comments.pop(line)}")

    def class_body(self, k: KlassDef) -> None:
        self.cls_key = k.key
        try:
            self.nested_types(k)
            for cd in k.consts.values():
                if any(isinstance(x, n.Name | n.Call) for x in walk(cd.value)):
                    raise Skip(cd, "a class constant computed from other names")
                self.line(cd, f"{py_name(cd.name.name)} = {self.expr(cd.value).src}")
            for fd in k.fields.values():
                note = self.spec_annotation(fd.spec, fd.decl)
                if fd.is_global:
                    if class_of_spec(fd.spec, self.klasses) and not fd.spec.dynamic:
                        # made at import time in Python, on first use in WLangage
                        raise Skip(fd.decl, "a GLOBAL member holding an object")
                    self.need("from typing import ClassVar")
                    value = self.field_value(k, fd)
                    self.line(fd.decl, f"{py_name(fd.name)}: ClassVar[{note}] = {value}")
                else:
                    self.line(fd.decl, f"{py_name(fd.name)}: {note}")
            self.init(k)
            for proc in k.methods.values():
                if proc.name.key not in CTOR:
                    self.method(k, proc)
            if len(self.out.lines) and self.out.lines[-1].endswith(":"):
                self.out.emit(0, "pass")
        finally:
            self.cls_key = None

    def nested_types(self, k: KlassDef) -> None:
        """The structures a class declares (lang_objects.py writes them)."""
        if k.decl.types:
            raise Skip(k.decl, "a structure declared in a class")

    def struct_default(self, fd: Any, kind: str) -> str:
        """A member holding a structure (lang_objects.py)."""
        raise Skip(fd.decl, f"a member of type {kind}")

    def field_value(self, k: KlassDef, fd: Any) -> str:
        key = class_of_spec(fd.spec, self.klasses)
        if key is not None:
            if fd.spec.dynamic:
                return "None"
            return self.construct(fd.decl, key, fd.spec.args or []).src
        if fd.decl.init is not None:
            value = self.expr(fd.decl.init)
            if any(isinstance(x, n.Call | n.NewObject) for x in walk(fd.decl.init)):
                raise Skip(fd.decl, "a member whose initial value calls something")
            self.check_fits(fd.decl, self.spec_kind(fd.spec), value.type)
            return value.src
        kind = self.spec_kind(fd.spec)
        if kind in DEFAULTS:
            return DEFAULTS[kind]
        if kind.startswith("struct:"):
            return self.struct_default(fd, kind)
        if kind in ("list", "dict"):
            return "[]" if kind == "list" else "{}"
        raise Skip(fd.decl, f"a member of type {kind}")

    def init(self, k: KlassDef) -> None:
        """``__init__``: the members, the ancestor's constructor, the constructor's body."""
        ctor = k.ctor
        own = [fd for fd in k.fields.values() if not fd.is_global]
        if ctor is None and not own:
            return
        if k.parent and own:
            for fd in own:
                init = fd.decl.init
                plain_obj = class_of_spec(fd.spec, self.klasses) and not fd.spec.dynamic
                if plain_obj or (
                    init is not None and any(isinstance(x, n.Call) for x in walk(init))
                ):
                    raise Skip(fd.decl, "a derived class's member made by a call")
        if ctor is None and k.parent and self.ctor_target(k.parent):
            parent_ctor = self.klasses[self.ctor_target(k.parent) or ""].ctor
            if parent_ctor is not None and parent_ctor.params:
                raise Skip(k.decl, "a derived class without constructor whose ancestor has one")
        calls_parent = ctor is not None and any(isinstance(x, n.CtorCall) for x in walk(ctor.body))
        outer = self.scope
        self.scope = Scope(proc=ctor)
        try:
            self.out.blank_line()
            line = ctor.line if ctor is not None else 0
            if ctor is not None:
                start, _ = self.ranges[id(ctor)]
                self.out.done = start - 1
            self.out.emit(line, f"def __init__({self.params(ctor)}) -> None:")
            with self.out.block():
                dead = set_first(ctor, k.fields) if ctor is not None and not k.parent else set()
                for fd in own:
                    value = self.field_value(k, fd)
                    if fd.key not in dead:  # the constructor sets it before anything reads it
                        self.out.emit(0, f"self.{py_name(fd.name)} = {value}")
                if k.parent and not calls_parent:
                    self.out.emit(0, "super().__init__()")
            if ctor is not None:
                self.block(ctor.body, ctor.line)
                with self.out.block():
                    self.flush(id(ctor))
        finally:
            self.scope = outer

    def params(self, proc: n.ProcDef | None) -> str:
        if proc is None:
            return "self"
        kinds = self.method_param_types(proc)
        written = assigned(proc.body)
        out = ["self"]
        for p, kind in zip(proc.params or [], kinds, strict=True):
            if not p.local and p.name.key in written:
                raise Skip(p, f"parameter '{p.name.name}' passed by reference and changed")
            self.local_object(p)
            text = f"{py_name(p.name.name)}: {self.kind_py(kind, p)}"
            if p.default is not None:
                text += f" = {self.expr(p.default).src}"
            out.append(text)
        return ", ".join(out)

    def method(self, k: KlassDef, proc: n.ProcDef) -> None:
        outer = self.scope
        self.scope = Scope(proc=proc)
        mark = len(self.out.lines)
        try:
            start, _ = self.ranges[id(proc)]
            self.out.done = start - 1
            self.out.blank_line()
            kind = self.returns(proc, self.overrides(k, proc))
            body = proc.body
            if kind != "none" and (not body or not isinstance(body[-1], n.Return)):
                raise Skip(proc, "a method that may end without RENVOYER")
            head = f"def {py_name(proc.name.name)}({self.params(proc)})"
            self.out.emit(proc.line, f"{head} -> {self.kind_py(kind, proc)}:")
            self.block(body, proc.line)
            with self.out.block():
                self.flush(id(proc))
        except Skip as skip:
            del self.out.lines[mark:]
            self.report(skip.node if skip.node.line else proc, skip.what)
            self.out.blank_line()
            self.not_exported(py_name(proc.name.name), skip.node if skip.node.line else proc, skip)
        finally:
            self.scope = outer

    def overrides(self, k: KlassDef, proc: n.ProcDef) -> list[n.ProcDef]:
        """The method and those it overrides or that override it: one signature for all
        (mypy checks that an override is compatible)."""
        key = proc.name.key
        top = [c for c in self.lineage.chain(k.key) if key in c.methods][-1]
        family = self.lineage.family(top.key, key)
        if len({len(m.params or []) for m in family}) > 1:
            raise Skip(proc, "a method overridden with another number of parameters")
        return family

    def not_exported(self, method: str, node: n.Node, skip: Skip) -> None:
        """A method that could not be written (--allow-unsupported): it says so when called."""
        self.need("from typing import Any")
        self.out.emit(0, f"def {method}(self, *args: Any, **kwargs: Any) -> Any:")
        with self.out.block():
            self.out.emit(0, f"raise NotImplementedError({self.not_done(node, skip)!r})")


def set_first(ctor: n.ProcDef, fields: dict[str, Any]) -> set[str]:
    """Members the constructor's first statements set from its parameters and literals only
    (``:x = a``): their initial value is never seen, so ``__init__`` does not write it."""
    params = {p.name.key for p in ctor.params or []}
    found: set[str] = set()
    for stmt in ctor.body:
        if not isinstance(stmt, n.Assign):
            break
        target = stmt.target
        member = isinstance(target, n.SelfMember) and not target.of_class
        bare = isinstance(target, n.Name) and target.key in fields and target.key not in params
        if not (member or bare) or not isinstance(target, n.SelfMember | n.Name):
            break
        pure = all(
            isinstance(x, n.Num | n.Str) or (isinstance(x, n.Name) and x.key in params)
            for x in walk(stmt.value)
        )
        if not pure:
            break
        found.add(target.key)
    return found
