"""What the exporter knows of a script's classes: members, constants, methods, and the types
Python needs where WLangage has none (an untyped parameter takes the type of the arguments its
call sites pass; an untyped method returns the type of its ``RENVOYER`` values).

Types are the exporter's kinds (``int``, ``string``…); an object of class ``C`` is
``class:<folded C>``. A type is written only when every site agrees: otherwise the construct
is reported, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wlmail.catalog import fold
from wlmail.syntax import nodes as n

CTOR = ("constructeur", "constructor")
DTOR = ("destructeur", "destructor")


@dataclass(slots=True)
class FieldDef:
    name: str
    key: str
    spec: n.TypeSpec
    decl: n.Decl
    is_global: bool


@dataclass(slots=True)
class KlassDef:
    """One ``C est une Classe … FIN`` as the exporter writes it."""

    name: str
    key: str
    decl: n.ClassDecl
    parent: str | None = None
    fields: dict[str, FieldDef] = field(default_factory=dict)
    consts: dict[str, n.ConstDef] = field(default_factory=dict)
    methods: dict[str, n.ProcDef] = field(default_factory=dict)

    @property
    def ctor(self) -> n.ProcDef | None:
        return self.methods.get(CTOR[0]) or self.methods.get(CTOR[1])


def build_classes(program: n.Program, method_of: dict[int, Any]) -> dict[str, KlassDef]:
    """The classes of ``program`` with the methods the compiler bound to them."""
    found: dict[str, KlassDef] = {}
    for decl in program.body:
        if not isinstance(decl, n.ClassDecl):
            continue
        k = KlassDef(decl.name.name, decl.name.key, decl)
        k.parent = decl.parent.key if decl.parent is not None else None
        for member in decl.members:
            if member.decl is not None:
                for nm in member.decl.names:
                    k.fields[nm.key] = FieldDef(
                        nm.name, nm.key, member.decl.type, member.decl, member.is_global
                    )
            if member.consts is not None:
                for c in member.consts.defs:
                    k.consts[c.name.key] = c
        found[k.key] = k
    for proc in program.procs:
        method = method_of.get(id(proc))
        if method is not None and method.owner is not None and method.owner.key in found:
            found[method.owner.key].methods[proc.name.key] = proc
    return found


class Lineage:
    """Lookups through a class and its ancestors."""

    def __init__(self, classes: dict[str, KlassDef]) -> None:
        self.classes = classes

    def chain(self, key: str) -> list[KlassDef]:
        out: list[KlassDef] = []
        cur = self.classes.get(key)
        while cur is not None and cur not in out:
            out.append(cur)
            cur = self.classes.get(cur.parent) if cur.parent else None
        return out

    def is_a(self, key: str, other: str) -> bool:
        return any(k.key == other for k in self.chain(key))

    def field(self, key: str, member: str) -> tuple[KlassDef, FieldDef] | None:
        for k in self.chain(key):
            if member in k.fields:
                return k, k.fields[member]
        return None

    def const(self, key: str, member: str) -> tuple[KlassDef, n.ConstDef] | None:
        for k in self.chain(key):
            if member in k.consts:
                return k, k.consts[member]
        return None

    def method(self, key: str, member: str) -> tuple[KlassDef, n.ProcDef] | None:
        for k in self.chain(key):
            if member in k.methods:
                return k, k.methods[member]
        return None

    def implementations(self, key: str, member: str) -> list[n.ProcDef]:
        """The methods of the classes deriving from ``key`` that an interface's ``member``
        may run (empty when no ancestor of ``key`` names it)."""
        named = any(member in {p.key for p in k.decl.prototypes} for k in self.chain(key))
        if not named:
            return []
        return [
            k.methods[member]
            for k in self.classes.values()
            if member in k.methods and self.is_a(k.key, key)
        ]

    def family(self, key: str, member: str) -> list[n.ProcDef]:
        """Every method ``member`` a call on a ``key`` object may run (virtual dispatch)."""
        found = self.method(key, member)
        if found is None:
            return []
        base = found[0].key
        return [
            k.methods[member]
            for k in self.classes.values()
            if member in k.methods and self.is_a(k.key, base)
        ]

    def ordered(self) -> list[KlassDef]:
        """Parents before their children, else in the script's order."""
        done: list[KlassDef] = []
        for k in self.classes.values():
            for c in reversed(self.chain(k.key)):
                if c not in done:
                    done.append(c)
        return done


def class_of_spec(spec: n.TypeSpec | None, classes: dict[str, KlassDef]) -> str | None:
    if spec is None or spec.kind != "named" or not spec.words:
        return None
    key = fold(spec.words[0])
    return key if key in classes else None


def call_sites(program: n.Program) -> list[tuple[n.Node, n.ProcDef | None]]:
    """Every call, object declaration, ``allouer`` and ancestor constructor call, with the
    procedure it is in (None: the main code)."""
    out: list[tuple[n.Node, n.ProcDef | None]] = []

    def visit(node: Any, proc: n.ProcDef | None) -> None:
        if isinstance(node, list | tuple):
            for item in node:
                visit(item, proc)
            return
        if not isinstance(node, n.Node):
            return
        if isinstance(node, n.ProcDef):
            proc = node
        if isinstance(node, n.Call | n.NewObject | n.CtorCall | n.Decl):
            out.append((node, proc))
        for key, value in vars(node).items():
            if key not in ("line", "col"):
                visit(value, proc)

    visit(program.body, None)
    visit(program.procs, None)
    return out
