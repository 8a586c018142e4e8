"""The class model: classes declared by a script, their objects, construction and destruction.

https://doc.pcsoft.fr/?6010006 (classes, members, methods), ?6010002 (instantiation, ``objet``),
?6010003 (``dynamique``, ``allouer``, ``libérer``). Rulings (README): every method is virtual;
``=`` copies a plain object member by member and shares a dynamic one; ``<-`` always shares;
the destructor runs on ``libérer``; a constructor that does not call ``Constructeur Ancêtre(…)``
itself gets its ancestor's constructor run first, without arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from wlmail.record import field, record
from wlmail.runtime.calls import SELF_KEY, invoke
from wlmail.runtime.state import Frame, Proc, Runtime
from wlmail.runtime.types import VType
from wlmail.runtime.values import WLFault, copy_value, to_str

__all__ = ["SELF_KEY", "ClassDef", "SharedRef", "WLObject"]


@record
class FieldInfo:
    name: str
    vtype: VType
    access: str = "public"
    is_global: bool = False
    make: Callable[[Frame], Any] | None = None  # initial value (initialiser, constructor args)


@record
class ClassDef:
    """One ``C est une Classe … FIN``, with the methods declared for it."""

    name: str
    key: str
    parent: ClassDef | None = None
    fields: dict[str, FieldInfo] = field(default_factory=dict)
    consts: dict[str, Any] = field(default_factory=dict)
    methods: dict[str, Proc] = field(default_factory=dict)
    statics: dict[str, Any] = field(default_factory=dict)
    ctor_calls_parent: bool = False
    line: int = 0
    abstract: set[str] = field(default_factory=set)  # methods an interface only names
    unknown_parent: bool = False  # its ancestor is declared in another file (or nowhere)
    interface: bool = False

    def may_have(self, key: str) -> bool:
        """Could ``key`` be one of its members (known here, or from an unknown ancestor)?"""
        lineage = list(self.lineage())
        if any(c.unknown_parent for c in lineage):
            return True
        return any(key in c.fields or key in c.consts for c in lineage) or self.declares(key)

    def declares(self, key: str) -> bool:
        """Has this class, or an ancestor, the method, or an interface naming it?"""
        return any(key in c.methods or key in c.abstract for c in self.lineage())

    def lineage(self) -> Iterator[ClassDef]:
        cls: ClassDef | None = self
        while cls is not None:
            yield cls
            cls = cls.parent

    def is_a(self, other: ClassDef) -> bool:
        return any(c is other for c in self.lineage())

    def find_field(self, key: str) -> tuple[ClassDef, FieldInfo] | None:
        for cls in self.lineage():
            info = cls.fields.get(key)
            if info is not None:
                return cls, info
        return None

    def find_method(self, key: str) -> Proc | None:
        for cls in self.lineage():
            proc = cls.methods.get(key)
            if proc is not None:
                return proc
        return None

    def find_const(self, key: str) -> tuple[bool, Any]:
        for cls in self.lineage():
            if key in cls.consts:
                return True, cls.consts[key]
        return False, None

    def wl_str(self) -> str:
        return self.name


class EnumValue:
    """A member of an enumeration: ``EProvider.Google``; ``..Valeur`` is what follows ``=``
    in the declaration (the member's name when nothing does: ruling)."""

    __slots__ = ("enum", "name", "value")
    wl_type = "enumvalue"

    def __init__(self, enum: str, name: str, value: Any) -> None:
        self.enum, self.name, self.value = enum, name, value

    def wl_str(self) -> str:
        return to_str(self.value)

    def wl_get(self, rt: Runtime, key: str, name: str) -> Any:
        entry = rt.catalog.prop("enumvalue", key)
        if entry is not None and entry.id == "enumvalue.value":
            return self.value
        if entry is not None and entry.id == "enumvalue.name":
            return self.name
        raise WLFault("unknown_member", name=name, owner=self.enum)


class SharedRef:
    """What ``a <- b`` hands to a setter: the object itself, never a copy."""

    __slots__ = ("obj",)

    def __init__(self, obj: Any) -> None:
        self.obj = obj


class WLObject:
    """An instance: its class and its members (folded name -> value)."""

    __slots__ = ("cls", "fields")

    def __init__(self, cls: ClassDef) -> None:
        self.cls = cls
        self.fields: dict[str, Any] = {}

    @property
    def wl_type(self) -> str:
        return "class:" + self.cls.key

    def wl_str(self) -> str:
        return self.cls.name

    def copy(self) -> WLObject:
        """``=`` between plain objects: each member as its own ``=`` would copy it (a plain
        object member is copied too, a dynamic one shared)."""
        new = WLObject(self.cls)
        for key, value in self.fields.items():
            found = self.cls.find_field(key)
            new.fields[key] = found[1].vtype.coerce(value) if found else copy_value(value)
        return new

    # ---- what the runtime asks of host objects -----------------------------------------------
    def wl_get(self, rt: Runtime, key: str, name: str) -> Any:
        if key in self.fields:
            return self.fields[key]
        proc = self.cls.find_method(key)
        if proc is not None and self.cls.find_field(key) is None:
            return call(rt, proc, self, [])  # a property (a method read without parentheses)
        return class_get(rt, self.cls, key, name)

    def wl_set(self, rt: Runtime, key: str, name: str, value: Any) -> None:
        found = self.cls.find_field(key)
        if found is None:
            raise WLFault("unknown_class_member", name=name, cls=self.cls.name)
        owner, info = found
        if info.is_global:
            owner.statics[key] = assign(info.vtype, value)
        else:
            self.fields[key] = assign(info.vtype, value)

    def wl_method(self, rt: Runtime, key: str) -> Callable[..., Any] | None:
        proc = self.cls.find_method(key)
        if proc is None:
            return None
        return lambda *args: call(rt, proc, self, list(args))


def assign(vtype: VType, value: Any) -> Any:
    """Store ``value`` in a variable or member of type ``vtype`` (``<-`` hands a SharedRef)."""
    if isinstance(value, SharedRef):
        return vtype.coerce(value) if vtype.id.startswith("class:") else value.obj
    return vtype.coerce(value)


def class_get(rt: Runtime, cls: ClassDef, key: str, name: str) -> Any:
    """A ``GLOBAL`` member or a constant of ``cls`` (``C::x``, ``::x``)."""
    found = cls.find_field(key)
    if found is not None and found[1].is_global:
        return static_value(rt, found[0], key, found[1])
    known, value = cls.find_const(key)
    if known:
        return value
    raise WLFault("unknown_class_member", name=name, cls=cls.name)


def class_set(rt: Runtime, cls: ClassDef, key: str, name: str, value: Any) -> None:
    """``C::x = v`` for a ``GLOBAL`` member."""
    found = cls.find_field(key)
    if found is None or not found[1].is_global:
        raise WLFault("unknown_class_member", name=name, cls=cls.name)
    found[0].statics[key] = assign(found[1].vtype, value)


def static_value(rt: Runtime, owner: ClassDef, key: str, info: FieldInfo) -> Any:
    if key not in owner.statics:  # made on first use: a check never runs a constructor
        owner.statics[key] = info.make(Frame(rt.globals)) if info.make else info.vtype.default()
    return owner.statics[key]


def call(rt: Runtime, proc: Proc, obj: Any, args: list[Any]) -> Any:
    return invoke(rt, proc, args, None, obj)[0]


def instantiate(rt: Runtime, cls: ClassDef, args: list[Any]) -> WLObject:
    """A new object: members from the oldest ancestor down, then the constructors."""
    obj = WLObject(cls)
    frame = Frame(rt.globals)
    for c in reversed(list(cls.lineage())):
        for key, info in c.fields.items():
            if not info.is_global:
                obj.fields[key] = info.make(frame) if info.make else info.vtype.default()
    construct(rt, cls, obj, args)
    return obj


def construct(rt: Runtime, cls: ClassDef, obj: WLObject, args: list[Any]) -> None:
    ctor = cls.methods.get("constructeur") or cls.methods.get("constructor")
    if ctor is None:
        if cls.parent is not None:
            construct(rt, cls.parent, obj, args)
        elif args:
            raise WLFault("too_many_args", name=cls.name, count=len(args), high=0)
        return
    if cls.parent is not None and not cls.ctor_calls_parent:
        construct(rt, cls.parent, obj, [])
    call(rt, ctor, obj, args)


def destroy(rt: Runtime, obj: Any) -> None:
    """``libérer o``: the destructors, the object's class first, then its ancestors'."""
    if not isinstance(obj, WLObject):
        return
    for cls in obj.cls.lineage():
        dtor = cls.methods.get("destructeur") or cls.methods.get("destructor")
        if dtor is not None:
            call(rt, dtor, obj, [])


def class_type(rt: Runtime, cls: ClassDef, dynamic: bool) -> VType:
    """Variables of a class: a plain one holds its own object (made when declared, copied
    by ``=``); a dynamic one holds a reference, Null until ``allouer``."""

    def check(value: Any) -> WLObject:
        if isinstance(value, WLObject) and value.cls.is_a(cls):
            return value
        raise WLFault("not_an_object", value=to_str(value) or "Null", cls=cls.name)

    def coerce(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, SharedRef):
            return None if value.obj is None else check(value.obj)
        obj = check(value)
        return obj if dynamic else obj.copy()

    def default() -> Any:
        return None if dynamic else instantiate(rt, cls, [])

    return VType("class:" + cls.key, coerce, default)


def self_of(f: Frame | None) -> WLObject:
    """The object the running method (or a lambda inside it) works on."""
    while f is not None:
        obj = f.vars.get(SELF_KEY)
        if obj is not None:
            return obj  # type: ignore[no-any-return]
        f = f.outer
    raise WLFault("outside_method", word="objet")
