"""One resolving pass, shared by ``check``, ``translate``, ``export --python`` and the LSP.

:class:`Resolver` is the compiler run without executing anything: as it resolves the program it
records, by node, what every name denotes, what every call is, every declared type and every
procedure. Its result, :class:`Resolved`, is what the passes over the resolved tree read:

* ``wlmail check`` *is* this pass (:class:`wlmail.check.Checker` subclasses it with its
  diagnostics as hooks), and hands the :class:`Resolved` to whoever asks (``on_resolved`` of
  :func:`wlmail.check.analyse_program`): ``export --python`` runs check's pass once and reads it;
* ``translate`` reads it through :mod:`wlmail.names`;
* the exporter through :class:`wlmail.export.resolve.Annotator`, a thin adapter;
* the language server's :class:`~wlmail.lsp.recorder.Recorder` is check's pass too.

Without check (``translate``, an exporter given no :class:`Resolved`) built-in calls are stubs:
their arguments are resolved, nothing is bound. Static types (:func:`static_type`: the declared
type of ``x.a[1].b``) are worked out on demand, during the pass, at most once per node and
statement.

What the tables hold (keys are ``id(node)``; the nodes live as long as the program):

``names``   a :class:`~wlmail.syntax.nodes.Name` → ``("var", VarInfo, depth)``,
            ``("const", Entry)``, ``("func", Entry)`` (a function used without parentheses),
            ``("proc", Proc, depth)`` or ``("unknown",)``; ``nodes`` keeps the node of each key.
``calls``   a :class:`~wlmail.syntax.nodes.Call` → ``("proc", Proc, depth)``, ``("func", Entry)``,
            ``("func_on", Entry)`` (``x.Taille()`` on a string or an array), ``("method",)``,
            ``("switch",)`` (the compact ``SELON``), ``("value",)`` (a variable holding a
            procedure) or ``("unknown",)``; an ``ExprStmt`` that is a bare call → ``("bare",)``.
``callees`` a call by name → (the call, its callee's name); it keeps alive the calls the
            compiler makes for a bare name (``Proc`` alone on its line), so ids stay unique.
``members`` a :class:`~wlmail.syntax.nodes.Member` → ``("prop", VType | None)`` (the static
            type of what it applies to), ``("method", VType | None)`` or ``("func", Entry)``
            (``wl.Fonction``).
``vtypes``  a :class:`~wlmail.syntax.nodes.TypeSpec` → its :class:`VType`.
``named``   the types written with words that name no structure, in order (a catalog type,
            a class…: :func:`catalog_types` tells which words are the catalog's).
``procs``   a :class:`~wlmail.syntax.nodes.ProcDef` → its :class:`Proc`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Self

from wlmail.catalog import Entry, fold, get_catalog
from wlmail.runtime import types as T
from wlmail.runtime.compiler import Compiler, Diagnostic, Expr, Stmt
from wlmail.runtime.host import CaptureHost
from wlmail.runtime.state import Frame, Proc, Runtime
from wlmail.syntax import nodes as n

__all__ = [
    "Ref",
    "Resolved",
    "Resolver",
    "StaticMemo",
    "StubResolver",
    "catalog_types",
    "resolve",
    "static_type",
]

Ref = tuple[Any, ...]


@dataclass(slots=True)
class Resolved:
    """What one resolving pass found (see the module's docstring for each table)."""

    program: n.Program
    names: dict[int, Ref] = field(default_factory=dict)
    calls: dict[int, Ref] = field(default_factory=dict)
    members: dict[int, Ref] = field(default_factory=dict)
    vtypes: dict[int, T.VType] = field(default_factory=dict)
    named: list[n.TypeSpec] = field(default_factory=list)
    procs: dict[int, Proc] = field(default_factory=dict)
    nodes: dict[int, n.Name] = field(default_factory=dict)
    callees: dict[int, tuple[n.Call, n.Name]] = field(default_factory=dict)
    diags: list[Diagnostic] = field(default_factory=list)
    methods: dict[int, Proc] = field(default_factory=dict)  # a method's ProcDef -> its Proc


class Resolver(Compiler):
    """Compiles the program without running it and records what everything denotes."""

    def __init__(self, rt: Runtime, program: n.Program) -> None:
        super().__init__(rt, program)
        self.resolved = Resolved(program, diags=self.diags, methods=self.method_of)
        self.static_memo: StaticMemo = {}

    @classmethod
    def of(cls, program: n.Program) -> Self:
        """A resolver for ``program`` alone, with a runtime that runs nothing."""
        return cls(Runtime(CaptureHost(), program.lang, program.filename), program)

    # ---- names ---------------------------------------------------------------------------------
    def _ref(self, node: n.Name) -> Ref:
        found = self._lookup_var(node.key)
        if found is not None:
            return ("var", found[0], found[1])
        entry = self.cat.constant(node.name)
        if entry is not None:
            return ("const", entry)
        fentry = self.cat.function(node.name)
        if fentry is not None and fentry.variable:
            return ("func", fentry)
        proc = self._lookup_proc(node.key)
        if proc is not None:
            return ("proc", proc[0], proc[1])
        return ("unknown",)

    def _name(self, node: n.Name) -> None:
        key = id(node)
        if key not in self.resolved.names:
            self.resolved.names[key] = self._ref(node)
            self.resolved.nodes[key] = node

    def x_Name(self, node: n.Name) -> Expr:
        names, key = self.resolved.names, id(node)  # _name, inlined: the hottest hook
        if key not in names:
            names[key] = self._ref(node)
            self.resolved.nodes[key] = node
        return super().x_Name(node)

    def setter(self, node: n.Node) -> Any:
        if isinstance(node, n.Name):
            self._name(node)
        elif isinstance(node, n.Member):
            self._member(node)
            self.resolved.members.setdefault(id(node), ("prop", self.static(node.target)))
        return super().setter(node)

    def x_Member(self, node: n.Member) -> Expr:
        # hooks are called, not chained: a chain x.a.b… of N levels costs N times the frames
        # of one level, and the stack's limit is a `too deep` syntax error
        self._member(node)
        self.resolved.members.setdefault(id(node), ("prop", self.static(node.target)))
        return super().x_Member(node)

    def _member(self, node: n.Member) -> None:
        """Hook: a property read or written (check looks for unknown properties)."""

    # ---- calls ---------------------------------------------------------------------------------
    def s_ExprStmt(self, node: n.ExprStmt) -> Stmt:
        expr = node.expr
        if isinstance(expr, n.Name) and self._callable(expr) is not None:
            self.resolved.calls[id(node)] = ("bare",)
            self.resolved.names[id(expr)] = self._ref(expr)
            self.resolved.nodes[id(expr)] = expr
        return super().s_ExprStmt(node)

    def _call_name(self, node: n.Call, func: n.Name) -> Expr:
        proc = self._lookup_proc(func.key)
        var = self._lookup_var(func.key)
        kind: Ref
        if func.key in ("selon", "switch") and proc is None:
            kind = ("switch",)
        elif proc is not None and var is None:
            kind = ("proc", proc[0], proc[1])
        else:
            entry = self.cat.function(func.name)
            if entry is not None:
                kind = ("func", entry)
            elif var is not None:
                kind = ("value",)
                self._name(func)
            else:
                kind = ("unknown",)
        self.resolved.calls[id(node)] = kind
        self.resolved.callees[id(node)] = (node, func)
        self._called(func, kind)
        return super()._call_name(node, func)

    def _called(self, func: n.Name, kind: Ref) -> None:
        """Hook: a call by name was resolved (check counts the unknown ones)."""

    def _builtin_seen(self, node: n.Node, entry: Entry, receiver: Expr | None) -> None:
        """Note ``wl.Fonction(…)`` (called by each ``_builtin_call``: no frame of its own in
        nested calls)."""
        if receiver is None and isinstance(node, n.Call) and isinstance(node.func, n.Member):
            self.resolved.calls[id(node)] = ("func", entry)
            self.resolved.members[id(node.func)] = ("func", entry)

    def _method_call(self, node: n.Call, func: n.Member) -> Expr:
        entry = self.cat.function(func.name)
        static = self._static_type(func.target)
        if entry is not None and (static in T.SCALARS or static in ("array", "assoc")):
            self.resolved.calls[id(node)] = ("func_on", entry)
        else:
            self.resolved.calls[id(node)] = ("method",)
        target = self.static(func.target)
        self.resolved.members.setdefault(id(func), ("method", target))
        self._method_seen(func, target)
        return super()._method_call(node, func)

    def _method_seen(self, func: n.Member, target: T.VType | None) -> None:
        """Hook: ``x.Méthode(…)``, ``target`` the static type of ``x`` (check counts it)."""

    # ---- declarations --------------------------------------------------------------------------
    def vtype(self, spec: n.TypeSpec) -> T.VType:
        if spec.kind == "named" and fold(spec.words[0]) not in self.structs:
            self._named_type(spec)
        found = super().vtype(spec)
        self.resolved.vtypes[id(spec)] = found
        return found

    def _named_type(self, spec: n.TypeSpec) -> None:
        """Hook: a type written with words that name no structure (check counts them)."""
        self.resolved.named.append(spec)

    def _load_host(self, entry: Entry) -> None:
        try:
            super()._load_host(entry)
        except ImportError:
            pass  # an object type whose module is not there yet: resolved as a variant

    def _compile_proc(self, node: n.ProcDef, proc: Proc) -> None:
        self.resolved.procs[id(node)] = proc
        super()._compile_proc(node, proc)

    # ---- static types --------------------------------------------------------------------------
    def stmt(self, node: n.Node) -> Stmt:
        self.static_memo.clear()  # a declaration may change what a name denotes
        return super().stmt(node)

    def static(self, node: n.Node) -> T.VType | None:
        """:func:`static_type`, each node worked out once per statement (deep chains)."""
        return static_type(self, node, self.static_memo)


class StubResolver(Resolver):
    """The pass without check: a built-in call resolves its arguments and binds nothing (check
    binds them: a catalog entry without its implementation is one of its problems)."""

    def _builtin_call(
        self, node: n.Node, entry: Entry, arg_nodes: list[n.Node], receiver: Expr | None = None
    ) -> Expr:
        self._builtin_seen(node, entry, receiver)
        self._args(arg_nodes)
        return _nothing


def resolve(program: n.Program) -> Resolved:
    """The resolving pass over ``program`` alone, built-ins stubbed (``translate``, and the
    exporter when it is given no :class:`Resolved` of check's)."""
    resolver = StubResolver.of(program)
    resolver.compile_program()
    return resolver.resolved


def catalog_types(resolved: Resolved) -> dict[tuple[int, int], tuple[Entry, int]]:
    """(line, column) of each type written with catalog words → (its entry, how many words)."""
    cat = get_catalog()
    found: dict[tuple[int, int], tuple[Entry, int]] = {}
    for spec in resolved.named:
        where = (spec.line, spec.col)
        whole = cat.type(" ".join(spec.words))
        if whole is not None:
            found[where] = (whole, len(spec.words))
        else:
            first = cat.type(spec.words[0])
            if first is not None:
                found[where] = (first, 1)
    return found


def _nothing(frame: Frame) -> None:
    return None


# ---- static types -------------------------------------------------------------------------------
#: id(node) -> (node, scope, its static type): answers kept for one statement
StaticMemo = dict[int, tuple[n.Node, object, T.VType | None]]


def _stub(type_id: str, elem: T.VType | None = None) -> T.VType:
    return T.VType(type_id, _identity, _none, elem=elem)


def _identity(value: Any) -> Any:
    return value


def _none() -> None:
    return None


def static_type(comp: Compiler, node: n.Node, memo: StaticMemo | None = None) -> T.VType | None:
    """The declared type of an expression, when the declarations tell it (at ``comp``'s point
    of compilation): a variable, an element of a typed array, a property of a known type.

    Down the chain ``x.a[1].b`` to its root, then up one :func:`_step` per level, without
    recursion. A pass that asks about every level of a chain (the type of ``x.a`` for ``.b``,
    then of ``x`` for ``.a``) gives a ``memo``, valid for one statement in one scope: each
    level is then worked out once, N steps for N levels instead of N²/2."""
    chain: list[n.Index | n.Member] = []
    while isinstance(node, n.Index | n.Member):
        known = memo.get(id(node)) if memo is not None else None
        if known is not None and known[0] is node and known[1] is comp.scope:
            base = known[2]
            break
        chain.append(node)
        node = node.target
    else:
        base = _root_type(comp, node)
    for link in reversed(chain):
        base = _step(comp, link, base)
        if memo is not None:
            memo[id(link)] = (link, comp.scope, base)
    return base


def _root_type(comp: Compiler, node: n.Node) -> T.VType | None:
    if isinstance(node, n.SelfMember | n.Name) and comp.cls is not None:
        field = comp.cls.find_field(node.key)  # a member of the class whose method this is
        if field is not None and (isinstance(node, n.SelfMember) or not comp._is_local(node.key)):
            return field[1].vtype
    if isinstance(node, n.Name):
        found = comp._lookup_var(node.key)
        if found is not None:
            return found[0].vtype
        entry = comp.cat.constant(node.name)
        if entry is not None and isinstance(entry.value, dict):
            type_id = entry.value.get("type")
            return _stub(str(type_id)) if type_id else None
    return None


def _step(comp: Compiler, link: n.Index | n.Member, base: T.VType | None) -> T.VType | None:
    """The type of ``link`` (``….b`` or ``…[i]``) from the type of what it applies to."""
    if base is None:
        return None
    if isinstance(link, n.Index):
        return base.elem
    if base.fields:
        return base.fields.get(link.key)
    prop = comp.cat.prop(base.id, link.key)
    return _prop_type(prop.vtype) if prop is not None else None


def _prop_type(vtype: str) -> T.VType | None:
    if vtype == "strings":
        return _stub("array", T.scalar("string"))
    if vtype == "attachments":
        return _stub("array", _stub("email_attach"))
    if vtype in T.SCALARS:
        return T.scalar(vtype)
    if vtype in get_catalog().types:
        return _stub(vtype)
    return None
