"""Classes as Python classes: annotated members, ``__init__``, methods, ``super()``.

``C est une Classe`` becomes ``class C(Parent):`` written before ``main()``; members are
annotated on the class and set in ``__init__`` (ancestors' members first, then the
constructors, as https://doc.pcsoft.fr/?6010002 runs them); ``GLOBAL`` members and class
constants are class attributes. Every method is virtual in WLangage as in Python;
``Ancêtre.M()`` is ``super().M()``. ``=`` between plain objects copies (``copy.copy`` when every
member is a plain value, else reported), ``<-`` and dynamic objects share. Member names are
kept as the script writes them (PRIVÉ/PROTÉGÉ add no underscore: ruling, README).
"""

from __future__ import annotations

import ast
from typing import Any

from wlmail.export.base import Py, Scope, Skip, Unsupported, py_name
from wlmail.export.class_model import (
    CTOR,
    KlassDef,
    Lineage,
    build_classes,
    call_sites,
    class_of_spec,
)
from wlmail.export.exprs import name
from wlmail.export.mail import MailMixin
from wlmail.export.stmts import walk
from wlmail.syntax import nodes as n

PLAIN = ("int", "real", "string", "bool")
PENDING = "pending"  # the type of a parameter being inferred
KIND_PY = {"int": "int", "real": "float", "string": "str", "bool": "bool", "none": "None"}


class ClassMixin(MailMixin):
    klasses: dict[str, KlassDef]
    cls_key: str | None = None
    in_classes = False  # writing the classes (before main): later ones are quoted
    file_starts: tuple[int, ...] = ()  # a project's files: the first line of each
    own_procs: frozenset[int] = frozenset()  # a project's procedures, written apart

    # -- setup -------------------------------------------------------------------------------
    def class_setup(self) -> None:
        self.klasses = build_classes(self.program, self.ann.method_of)
        self.lineage = Lineage(self.klasses)
        self.cls_key = None
        self.defined: set[str] = set()
        self.method_owner = {
            id(p): k.key for k in self.klasses.values() for p in k.methods.values()
        }
        self.sites = call_sites(self.program) if self.klasses else []
        self.param_cache: dict[int, list[str]] = {}
        self.return_cache: dict[tuple[str, str], str] = {}
        self.inferring: set[Any] = set()
        self.stash: dict[int, str] = {}
        # what a project's modules are made of: (WLangage line, Python lines) of each class
        # and procedure; main() is self.out.lines[:main_end]
        self.chunks: list[tuple[int, list[str]]] = []
        self.main_end = 10**9
        if self.klasses or self.own_procs:
            self.stash_comments()

    def stash_comments(self) -> None:
        """The comments of class declarations and methods are written with the class: those
        between the code before an item and its last line, up to the next item."""
        items = sorted([*self.program.body, *self.program.procs], key=lambda x: x.line)
        spans = [(x.line, max(y.line for y in walk(x))) for x in items]
        files = sorted({*self.file_starts, 1, 10**9})
        owned = {id(k.decl) for k in self.klasses.values()}
        owned |= {id(p) for k in self.klasses.values() for p in k.methods.values()}
        owned |= self.own_procs
        self.ranges: dict[int, tuple[int, int]] = {}
        for i, item in enumerate(items):
            if id(item) not in owned:
                continue
            first = max(f for f in files if f <= item.line)
            last = min(f for f in files if f > item.line) - 1
            start = max(first, spans[i - 1][1] + 1 if i else first)
            end = min(last, spans[i][1])  # what follows belongs to the code after
            self.ranges[id(item)] = (start, end)
            for line in [x for x in self.out.comments if start <= x <= end]:
                self.stash[line] = self.out.comments.pop(line)
        self.stash_own = self.out.own_line & set(self.stash)
        self.out.own_line -= self.stash_own

    def report(self, node: n.Node, what: str) -> None:
        """Once per construct (a signature refused is met again at each of its calls)."""
        if Unsupported(self.filename, node.line, node.col, what) not in self.problems:
            super().report(node, what)

    # -- what a type is in Python --------------------------------------------------------------
    def class_py(self, key: str, quote: bool = True) -> str:
        text = py_name(self.klasses[key].name)
        late = self.in_classes and key not in self.defined  # a forward reference
        return repr(text).replace("'", '"') if quote and late else text

    def kind_py(self, kind: str, node: n.Node) -> str:
        if kind.startswith("class:") and kind[6:] in self.klasses:
            return self.class_py(kind[6:])
        if kind in KIND_PY:
            return KIND_PY[kind]
        raise Skip(node, f"a value of type {kind} in a method's signature")

    def annotation(self, vtype: Any) -> str | None:
        vid = str(vtype.id)
        if vid.startswith("class:") and vid[6:] in self.klasses:
            return self.class_py(vid[6:])
        return super().annotation(vtype)

    def spec_annotation(self, spec: n.TypeSpec, node: n.Node) -> str:
        key = class_of_spec(spec, self.klasses)
        if key is not None:
            text = self.class_py(key, quote=False)
            if spec.dynamic:
                text += " | None"
            late = self.in_classes and key not in self.defined
            return repr(text).replace("'", '"') if late else text
        vtype = self.ann.vtypes.get(id(spec))
        found = self.annotation(vtype) if vtype is not None else None
        if found is None:
            raise Skip(node, f"a member of type {' '.join(spec.words) or spec.kind}")
        return found

    def check_fits(self, node: n.Node, kind: str, value: str) -> None:
        if kind.startswith("class:") and value.startswith("class:"):
            if not self.lineage.is_a(value[6:], kind[6:]):
                raise Skip(node, "an object of another class")
            return
        super().check_fits(node, kind, value)

    def text(self, value: Py) -> ast.expr:
        if value.type.startswith("class:"):
            raise Skip(n.Node(0, 0), "an object shown as text")
        return super().text(value)

    # -- names inside methods ----------------------------------------------------------------
    def local(self, node: n.Name) -> bool:
        ref = self.ref(node)
        return ref[0] == "var" and int(ref[2]) >= 0

    def member_of_self(self, node: n.Name | n.SelfMember) -> Py | None:
        """A member, constant or property of the object a method runs on."""
        key = self.cls_key
        if key is None or (isinstance(node, n.Name) and self.local(node)):
            return None
        found = self.lineage.field(key, node.key)
        if found is not None:
            owner, fd = found
            where = self.class_py(owner.key, quote=False) if fd.is_global else "self"
            return Py(name(f"{where}.{py_name(fd.name)}"), self.spec_kind(fd.spec))
        const_ = self.lineage.const(key, node.key)
        if const_ is not None:
            owner, cd = const_
            kind = self.dry(cd.value, None, None)
            return Py(name(f"{self.class_py(owner.key, False)}.{py_name(cd.name.name)}"), kind)
        if self.lineage.method(key, node.key) is not None:
            return self.method_call(node, "self", key, node.key, [], virtual=True)
        return None

    def spec_kind(self, spec: n.TypeSpec) -> str:
        key = class_of_spec(spec, self.klasses)
        if key is not None:
            return "class:" + key
        vtype = self.ann.vtypes.get(id(spec))
        return self.var_type(vtype) if vtype is not None else "any"

    def x_Name(self, node: n.Name) -> Py:
        member = self.member_of_self(node)
        if member is not None:
            return member
        proc = self.scope.proc
        if proc is not None and id(proc) in self.method_owner and self.local(node):
            for i, p in enumerate(proc.params or []):
                if p.name.key == node.key and p.type is None:
                    return Py(name(py_name(p.name.name)), self.method_param_types(proc)[i])
        return super().x_Name(node)

    def x_SelfMember(self, node: n.SelfMember) -> Py:
        found = self.member_of_self(node)
        if found is None:
            raise Skip(node, f"the member :{node.name}")
        return found

    def x_SelfRef(self, node: n.SelfRef) -> Py:
        if self.cls_key is None:
            raise Skip(node, node.name or "objet")
        return Py(name("self"), "class:" + self.cls_key)

    def x_NewObject(self, node: n.NewObject) -> Py:
        if node.cls.key not in self.klasses or self.klasses[node.cls.key].decl.interface:
            raise Skip(node, f"allouer un {node.cls.name}")
        return self.construct(node, node.cls.key, node.args)

    def construct(self, node: n.Node, key: str, args: list[n.Node]) -> Py:
        self.ctor_params(key, node)  # the arguments agree with the constructor
        code = ast.Call(name(self.class_py(key, False)), [self.expr(a).code for a in args], [])
        return Py(code, "class:" + key)

    def x_Member(self, node: n.Member) -> Py:
        target = node.target
        if isinstance(target, n.AncestorRef) and self.cls_key is not None:
            found = self.member_of_self(n.Name(node.line, node.col, node.name, node.key))
            if found is not None and "(" not in found.src:
                return found
            raise Skip(node, f"Ancêtre.{node.name}")
        static = self.static_class(target)
        if static is not None:
            const_ = self.lineage.const(static, node.key)
            fd = self.lineage.field(static, node.key)
            if const_ is not None:
                owner, cd = const_
                return Py(
                    name(f"{self.class_py(owner.key, False)}.{py_name(cd.name.name)}"),
                    self.dry(cd.value, None, None),
                )
            if fd is not None and fd[1].is_global:
                return Py(
                    name(f"{self.class_py(fd[0].key, False)}.{py_name(fd[1].name)}"),
                    self.spec_kind(fd[1].spec),
                )
            raise Skip(node, f"{node.name} of the class")
        obj = self.object_of(target)
        if obj is None:
            member: Py = super().x_Member(node)
            return member
        key = obj.type[6:]
        fd = self.lineage.field(key, node.key)
        if fd is not None:
            owner, info = fd
            where = self.class_py(owner.key, False) if info.is_global else obj.src
            return Py(name(f"{where}.{py_name(info.name)}"), self.spec_kind(info.spec))
        if self.lineage.method(key, node.key) is not None:
            return self.method_call(node, obj.src, key, node.key, [], virtual=True)
        raise Skip(node, f"the member .{node.name}")

    def static_class(self, node: n.Node) -> str | None:
        """``C`` in ``C::x`` (a class name that is not a variable)."""
        if isinstance(node, n.Name) and node.key in self.klasses and self.ref(node)[0] != "var":
            return node.key
        return None

    def object_of(self, node: n.Node) -> Py | None:
        if isinstance(node, n.Name) and self.ref(node)[0] != "var" and self.cls_key is None:
            if self.loop_types.get(node.key, "").startswith("class:"):
                return self.expr(node)
            return None
        if not isinstance(node, n.Name | n.SelfRef | n.SelfMember | n.Call | n.Member | n.Index):
            return None
        value = self.expr(node)
        if not value.type.startswith("class:"):
            return None
        key = node.key if isinstance(node, n.Member | n.SelfMember | n.Name) else ""
        if isinstance(node, n.Name) and (self.cls_key is None or self.local(node)):
            key = ""  # a variable, not a member
        if key and any(
            k.fields[key].spec.dynamic for k in self.klasses.values() if key in k.fields
        ):  # its type is `C | None`: Python's types cannot tell it is set here
            return self.through_dynamic(node, value)
        return value

    def through_dynamic(self, node: n.Node, value: Py) -> Py:
        """A dynamic member read through (``a.d`` in ``a.d.v``): lang_objects.py narrows it."""
        raise Skip(node, "reading through a dynamic member (it may be Null)")

    # -- calls -------------------------------------------------------------------------------
    def x_Call(self, node: n.Call) -> Py:
        func, key = node.func, self.cls_key
        if isinstance(func, n.SelfMember) and not func.of_class and key is not None:
            return self.method_call(node, "self", key, func.key, node.args, virtual=True)
        if (
            isinstance(func, n.Name)
            and key is not None
            and not self.local(func)
            and self.lineage.method(key, func.key) is not None
        ):
            return self.method_call(node, "self", key, func.key, node.args, virtual=True)
        if isinstance(func, n.Member) and isinstance(func.target, n.AncestorRef):
            parent = self.klasses[key].parent if key is not None else None
            if parent is None:
                raise Skip(node, "Ancêtre outside a method of a derived class")
            return self.method_call(node, "super()", parent, func.key, node.args, virtual=False)
        kind = self.ann.calls.get(id(node), ("",))
        if isinstance(func, n.Member) and kind[0] == "method":
            if self.static_class(func.target) is not None:
                raise Skip(node, "a method called on the class (C::M)")
            obj = self.object_of(func.target)
            if obj is not None:
                return self.method_call(node, obj.src, obj.type[6:], func.key, node.args, True)
        return super().x_Call(node)

    def method_call(
        self, node: n.Node, on: str, key: str, method: str, args: list[n.Node], virtual: bool
    ) -> Py:
        found = self.lineage.method(key, method)
        impls = self.lineage.implementations(key, method) if found is None else []
        if found is None and not impls:
            raise Skip(node, f"the method {method} of the class")
        proc = found[1] if found is not None else impls[0]
        for each in [proc, *impls]:
            self.method_param_types(each)  # every call site agrees with the signature
        values = [self.expr(a).code for a in args]
        family = impls or (self.lineage.family(key, method) if virtual else [proc])
        returns = self.returns(node, family)
        code = ast.Call(name(f"{on}.{py_name(proc.name.name)}"), values, [])
        return Py(code, returns)

    # -- inferred types ----------------------------------------------------------------------
    def dry(self, node: n.Node, proc: n.ProcDef | None, cls: str | None) -> str:
        """The type of ``node`` in the context of ``proc``, without writing anything."""
        saved = (
            set(self.helpers),
            self.helper_calls,
            set(self.imports),
            len(self.problems),
            len(self.out.lines),
            self.scope,
            self.cls_key,
        )
        self.scope, self.cls_key = Scope(proc=proc), cls
        try:
            return self.expr(node).type
        except (Skip, ValueError, TypeError, KeyError, AttributeError, IndexError):
            return "any"
        finally:
            self.helpers, self.helper_calls, self.imports = saved[0], saved[1], saved[2]
            del self.problems[saved[3] :]
            del self.out.lines[saved[4] :]
            self.scope, self.cls_key = saved[5], saved[6]

    def returns(self, node: n.Node, family: list[n.ProcDef]) -> str:
        kinds = {self.return_kind(p) for p in family}
        if len(kinds) != 1 or "any" in kinds or "variant" in kinds:
            raise Skip(node, "a method whose result has no single known type")
        return kinds.pop()

    def return_kind(self, proc: n.ProcDef) -> str:
        if proc.returns:
            vtype = self.ann.vtypes.get(id(proc.returns[0]))
            kind = self.var_type(vtype) if vtype is not None and len(proc.returns) == 1 else "any"
            cls = class_of_spec(proc.returns[0], self.klasses)
            return "class:" + cls if cls else kind
        if id(proc) in self.inferring:
            return "any"
        values = [r.value for r in own_nodes(proc.body, n.Return) if r.value is not None]
        if not values:
            return "none"
        self.inferring.add(id(proc))
        try:
            owner = self.method_owner.get(id(proc))
            kinds = {self.dry(v, proc, owner) for v in values}
        finally:
            self.inferring.discard(id(proc))
        return kinds.pop() if len(kinds) == 1 else "any"

    def method_param_types(self, proc: n.ProcDef) -> list[str]:
        """The type of each parameter: declared, or what every call site passes."""
        if id(proc) in self.param_cache:
            return self.param_cache[id(proc)]
        params = proc.params or []
        if proc.params is None:
            raise Skip(proc, "a method with a variable number of parameters")
        owner = self.method_owner[id(proc)]
        if ("p", id(proc)) in self.inferring:
            return [PENDING] * len(params)  # a site passing a parameter on: no new type
        self.inferring.add(("p", id(proc)))
        try:
            found: list[set[str]] = [set() for _ in params]
            for args, where, cls in self.sites_of(owner, proc):
                if len(args) > len(params):
                    raise Skip(proc, f"a call of {proc.name.name} with too many arguments")
                for i, p in enumerate(params):
                    if i < len(args):
                        found[i].add(self.dry(args[i], where, cls))
                    elif p.default is None:
                        raise Skip(proc, f"a call of {proc.name.name} without '{p.name.name}'")
        finally:
            self.inferring.discard(("p", id(proc)))
        kinds = []
        for p, seen in zip(params, found, strict=True):
            if p.type is not None:
                kinds.append(self.spec_kind(p.type))
                continue
            if p.default is not None:
                seen.add(self.dry(p.default, None, None))
            seen.discard(PENDING)
            if not seen and not self.sites_of(self.method_owner[id(proc)], proc):
                seen = self.stored_as(proc, p)  # never called: the type it is stored as
            if len(seen) != 1 or seen & {"any", "variant"}:
                raise Skip(p, f"parameter '{p.name.name}' without a type its calls agree on")
            kinds.append(seen.pop())
        self.param_cache[id(proc)] = kinds
        return kinds

    def stored_as(self, proc: n.ProcDef, param: n.Param) -> set[str]:
        """The types of what a parameter is assigned to (``nDurée = n``), for a method
        nothing calls: no value ever reaches it, any type runs the same."""
        kinds = set()
        owner = self.method_owner[id(proc)]
        for node in own_nodes(proc.body, n.Assign):
            value = node.value
            if isinstance(value, n.Name) and value.key == param.name.key:
                target = node.target
                kinds.add(self.dry(target, proc, owner) if not isinstance(target, n.Index) else "")
        return kinds

    def sites_of(
        self, owner: str, proc: n.ProcDef
    ) -> list[tuple[list[n.Node], n.ProcDef | None, str | None]]:
        """The argument lists of every call that may run ``proc``."""
        out = []
        is_ctor = proc.name.key in CTOR
        for site, where in self.sites:
            cls = self.method_owner.get(id(where)) if where is not None else None
            args: list[n.Node] | None = None
            if is_ctor:
                target = self.site_class(site)
                if target is not None and self.ctor_target(target) == owner:
                    args = site.args if isinstance(site, n.NewObject | n.CtorCall) else []
                    if isinstance(site, n.Decl):
                        args = site.type.args or []
            elif isinstance(site, n.Call):
                func = site.func
                named = isinstance(func, n.Member | n.SelfMember) or (
                    isinstance(func, n.Name) and cls is not None
                )
                if named and getattr(func, "key", "") == proc.name.key:
                    args = site.args
            if args is not None:
                out.append((args, where, cls))
        return out

    def site_class(self, site: n.Node) -> str | None:
        if isinstance(site, n.NewObject | n.CtorCall):
            return site.cls.key if site.cls.key in self.klasses else None
        if isinstance(site, n.Decl) and not site.type.dynamic and site.init is None:
            return class_of_spec(site.type, self.klasses)
        return None

    def ctor_target(self, key: str) -> str | None:
        """The class whose constructor ``C(...)`` runs (C's, or its nearest ancestor's)."""
        for k in self.lineage.chain(key):
            if k.ctor is not None:
                return k.key
        return None

    def ctor_params(self, key: str, node: n.Node) -> list[str]:
        target = self.ctor_target(key)
        if target is None:
            return []
        ctor = self.klasses[target].ctor
        assert ctor is not None
        return self.method_param_types(ctor)


def own_nodes(body: Any, kind: type[n.Node]) -> list[Any]:
    """The ``kind`` nodes of a body (not those of an internal procedure)."""
    out: list[Any] = []
    if isinstance(body, list | tuple):
        for item in body:
            out += own_nodes(item, kind)
    elif isinstance(body, n.Node) and not isinstance(body, n.ProcDef):
        if isinstance(body, kind):
            out.append(body)
        for key, value in vars(body).items():
            if key not in ("line", "col"):
                out += own_nodes(value, kind)
    return out
