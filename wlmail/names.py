"""Name resolution for the passes that rewrite or read a script without running it (translate,
check, export): the compiler run with stub built-ins, recording what each name denotes, and the
static type of an expression (``static_type``), worked out once per node.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wlmail.catalog import Entry, fold, get_catalog
from wlmail.runtime import types as T
from wlmail.runtime.compiler import Compiler, Expr, Stmt
from wlmail.runtime.host import CaptureHost
from wlmail.runtime.state import Frame, Runtime
from wlmail.syntax import nodes as n
from wlmail.syntax.tokens import Token

# ---- name resolution: the compiler, recording what each name denotes ---------------------------
Denotes = tuple[Any, ...]


def _stub(type_id: str, elem: T.VType | None = None) -> T.VType:
    return T.VType(type_id, _identity, _nothing, elem=elem)


def _identity(value: Any) -> Any:
    return value


def _nothing() -> None:
    return None


def _dummy(frame: Frame) -> None:
    return None


class _Resolver(Compiler):
    """Compiles the program without running it and notes the meaning of every name."""

    def __init__(self, program: n.Program) -> None:
        super().__init__(Runtime(CaptureHost(), program.lang, program.filename), program)
        self.names: dict[tuple[int, int], Denotes] = {}
        self.members: dict[int, Denotes] = {}
        self.types: dict[tuple[int, int], tuple[Entry, int]] = {}
        self.static_memo: StaticMemo = {}

    def _denote(self, node: n.Name) -> Denotes:
        found = self._lookup_var(node.key)
        if found is not None:
            return ("var", found[0])
        entry = self.cat.constant(node.name)
        if entry is not None:
            return ("const", entry)
        fentry = self.cat.function(node.name)
        if fentry is not None and fentry.variable:
            return ("func", fentry)
        return ("user",)

    def x_Name(self, node: n.Name) -> Expr:
        self.names.setdefault((node.line, node.col), self._denote(node))
        return super().x_Name(node)

    def _call_name(self, node: n.Call, func: n.Name) -> Expr:
        proc = self._lookup_proc(func.key)
        var = self._lookup_var(func.key)
        denote: Denotes = ("user",)
        if func.key in ("selon", "switch") and proc is None:
            denote = ("keyword", "SWITCH")
        elif proc is None or var is not None:
            entry = self.cat.function(func.name)
            if entry is not None:
                denote = ("func", entry)
        self.names[(func.line, func.col)] = denote
        return super()._call_name(node, func)

    def x_Call(self, node: n.Call) -> Expr:
        func = node.func
        if isinstance(func, n.Member) and isinstance(func.target, n.Name):
            entry = self.cat.function(func.name)
            if func.target.key == "wl" and entry is not None:
                self.members[id(func)] = ("func", entry)
        return super().x_Call(node)

    def setter(self, node: n.Node) -> Any:
        if isinstance(node, n.Name):
            self.names.setdefault((node.line, node.col), self._denote(node))
        elif isinstance(node, n.Member):
            self.members.setdefault(id(node), ("prop", self.static(node.target)))
        return super().setter(node)

    def x_Member(self, node: n.Member) -> Expr:
        self.members.setdefault(id(node), ("prop", self.static(node.target)))
        return super().x_Member(node)

    def _method_call(self, node: n.Call, func: n.Member) -> Expr:
        self.members.setdefault(id(func), ("method", self.static(func.target)))
        return super()._method_call(node, func)

    def _builtin_call(
        self, node: n.Node, entry: Entry, arg_nodes: list[n.Node], receiver: Expr | None = None
    ) -> Expr:
        self._args(arg_nodes)  # resolve the names inside; nothing runs
        return _dummy

    def vtype(self, spec: n.TypeSpec) -> T.VType:
        if spec.kind == "named" and fold(spec.words[0]) not in self.structs:
            whole = self.cat.type(" ".join(spec.words))
            if whole is not None:
                self.types[(spec.line, spec.col)] = (whole, len(spec.words))
            else:
                first = self.cat.type(spec.words[0])
                if first is not None:
                    self.types[(spec.line, spec.col)] = (first, 1)
            entry = self.types.get((spec.line, spec.col), (None, 0))[0]
            if entry is not None and entry.vtype == "host":
                return _stub(entry.id)  # nothing runs: no need to load the object's module
        return super().vtype(spec)

    def stmt(self, node: n.Node) -> Stmt:
        self.static_memo.clear()  # a declaration may change what a name denotes
        return super().stmt(node)

    def static(self, node: n.Node) -> T.VType | None:
        return static_type(self, node, self.static_memo)


#: id(node) -> (node, scope, its static type): answers kept for one statement
StaticMemo = dict[int, tuple[n.Node, object, T.VType | None]]


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


def _dots_of_names(program: n.Program, toks: list[Token]) -> set[int]:
    """Token indexes of names after a dot that is no member access: `PROCÉDURE C.M()`, a type
    declared in a class (`est un C.STContenu`)."""
    heads = {(p.name.line, p.name.col) for p in program.procs if p.owner is not None}
    types = {
        (t.line, t.col)
        for t in walk(program)
        if isinstance(t, n.TypeSpec) and t.words and "." in t.words[0]
    }
    skip: set[int] = set()
    for i, tok in enumerate(toks):
        where = (tok.line, tok.column)
        if where in heads:
            skip.add(i)
        elif where in types:
            j = i + 1 if tok.type == "OBJECT" else i
            while j + 2 < len(toks) and toks[j + 1].type == "DOT" and toks[j + 2].type == "NAME":
                skip.add(j + 2)
                j += 2
    return skip


def walk(node: Any) -> Iterator[n.Node]:
    """Nodes in source order, each after its children; strings' ``[% %]`` parts are skipped.

    With a stack of its own: nested generators would cost the depth of a node for each node
    (quadratic on a chain of 10,000 members)."""
    todo: list[tuple[Any, bool]] = [(node, False)]  # (item, its children are done)
    while todo:
        item, done = todo.pop()
        if done or isinstance(item, n.Interp):
            yield item
        elif isinstance(item, list | tuple):
            todo.extend((child, False) for child in reversed(item))
        elif isinstance(item, n.TypeSpec):
            # `tableau [N] de …`: the dimensions come first; `C(a, b)`: the arguments last
            todo += [(item, True), (item.args, False), (item.elem, False), (item.dims, False)]
        elif isinstance(item, n.Node):
            todo.append((item, True))
            children = [v for k, v in vars(item).items() if k not in ("line", "col")]
            todo.extend((child, False) for child in reversed(children))


# tokens that end an operand: a `:` right after one is a member access (`objet:x`), not `:x`
_POSTFIX_ENDS = ("NAME", "RPAR", "RSQB", "RDSQB", "OBJECT", "SELF", "ANCESTOR", "STRING")
_NAME_LIKE = ("OBJECT", "SELF", "ANCESTOR", "NEW", "DELETE", "CONSTRUCTOR")


def user_names(program: n.Program) -> set[str]:
    """Folded names the script declares (a translated built-in must not take one of them)."""
    found: set[str] = set()
    for node in walk(program):
        if isinstance(node, n.Decl | n.Let):
            found.update(nm.key for nm in node.names)
        elif isinstance(node, n.Param | n.ProcDef | n.ConstDef | n.StructDecl):
            found.add(node.name.key)
        elif isinstance(node, n.For):
            found.add(node.var.key)
        elif isinstance(node, n.ForEach):
            found.update(v.key for v in node.vars)
    return found
