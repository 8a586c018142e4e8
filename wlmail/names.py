"""What ``translate`` reads of the one resolving pass (:mod:`wlmail.resolved`): what each word
denotes, by its position in the text (:class:`Names`), and the walks over the tree that line
words up with nodes. ``static_type`` is the pass's (re-exported here for older callers).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wlmail.catalog import Entry
from wlmail.resolved import Ref, Resolved, StaticMemo, catalog_types, resolve, static_type
from wlmail.syntax import nodes as n
from wlmail.syntax.tokens import Token

__all__ = ["Denotes", "Names", "StaticMemo", "static_type", "user_names", "walk"]

# ---- what translate reads of the resolving pass --------------------------------------------------
Denotes = tuple[Any, ...]


class Names:
    """What each word of a script denotes, for ``translate``: a reader of :class:`Resolved`.

    ``names`` (line, column) of a name → ``("var", VarInfo)``, ``("const", Entry)``,
    ``("func", Entry)``, ``("keyword", "SWITCH")`` or ``("user",)``; ``members`` id of a
    :class:`~wlmail.syntax.nodes.Member` → ``("prop" | "method", VType | None)`` or
    ``("func", Entry)``; ``types`` (line, column) of a catalog type → (Entry, words)."""

    def __init__(self, program: n.Program, resolved: Resolved | None = None) -> None:
        self.program, self.resolved = program, resolved
        self.names: dict[tuple[int, int], Denotes] = {}
        self.members: dict[int, Denotes] = {}
        self.types: dict[tuple[int, int], tuple[Entry, int]] = {}

    def compile_program(self) -> None:
        """Resolve the program (unless given what a pass resolved) and read it."""
        if self.resolved is None:
            self.resolved = resolve(self.program)
        res = self.resolved
        for key, ref in res.names.items():
            node = res.nodes[key]
            self.names.setdefault((node.line, node.col), _denotes(ref))
        for key, (_, func) in res.callees.items():  # a call by name: what its callee is
            self.names[(func.line, func.col)] = _call_denotes(res.calls.get(key, ("unknown",)))
        self.members, self.types = res.members, catalog_types(res)


def _denotes(ref: Ref) -> Denotes:
    if ref[0] == "var":
        return ("var", ref[1])
    if ref[0] in ("const", "func"):
        return ref
    return ("user",)  # a procedure, or unknown: the script's own word


def _call_denotes(call: Ref) -> Denotes:
    if call[0] == "switch":
        return ("keyword", "SWITCH")
    if call[0] == "func":
        return call
    return ("user",)


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
