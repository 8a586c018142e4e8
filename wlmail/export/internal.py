"""``PROCÉDURE INTERNE``: a nested ``def`` in the function that encloses it.

WLangage lets an internal procedure be written after the ``RENVOYER`` of the code that calls
it, so its ``def`` is written before the first statement that calls it. It reads
the enclosing function's variables as a closure does; those it changes are ``nonlocal``. An
internal procedure of a procedure that uses a variable of the main code (not visible from a
Python function) is reported, as is one nested in another.
"""

from __future__ import annotations

from typing import Any

from wlmail.export.base import Scope, Skip, py_name
from wlmail.export.stmts import StmtMixin, assigned, walk
from wlmail.record import record
from wlmail.syntax import nodes as n


@record
class InternalDefs(n.Node):
    """The internal procedures of a function, written before its first statement."""

    procs: list[n.ProcDef]


@record
class Nonlocal(n.Node):
    names: list[str]


class InternalMixin(StmtMixin):
    def block(self, stmts: list[n.Node], line: int, prologue: list[str] | None = None) -> None:
        if len(self.blocks) == 1:  # a function's own body: main() or a procedure's
            source = self.program.body if self.scope.proc is None else stmts
            procs = [s for s in source if isinstance(s, n.ProcDef) and s.internal]
            stmts = [s for s in stmts if not (isinstance(s, n.ProcDef) and s.internal)]
            if procs:
                stmts = self.with_defs(stmts, procs)
        super().block(stmts, line, prologue)

    def with_defs(self, stmts: list[n.Node], procs: list[n.ProcDef]) -> list[n.Node]:
        """``stmts`` with the ``def``s before the first statement that calls one of them
        (after the declarations before it, which a ``nonlocal`` needs), else at the end."""
        keys = {p.name.key for p in procs}
        at = len(stmts)
        for i, stmt in enumerate(stmts):
            if any(isinstance(x, n.Name) and x.key in keys for x in walk(stmt)):
                at = i
                break
        defs = InternalDefs(procs[0].line, procs[0].col, procs)
        return [*stmts[:at], defs, *stmts[at:]]

    def s_InternalDefs(self, node: InternalDefs) -> None:
        for proc in node.procs:
            self.internal_def(proc)

    def s_Nonlocal(self, node: Nonlocal) -> None:
        self.out.emit(0, f"nonlocal {', '.join(node.names)}")

    def internal_def(self, proc: n.ProcDef) -> None:
        """The nested ``def``, its lines and comments taken out of the enclosing flow."""
        outer, done = self.scope, self.out.done
        end = max(x.line for x in walk(proc)) + 1  # its FIN
        start = proc.line  # with the comment lines just above it
        while start - 1 > done and start - 1 in self.out.own_line:
            start -= 1
        self.out.done = start - 1
        try:
            changed = self.enclosing_names(proc, outer)
            self.scope = Scope(proc=proc)
            self.out.emit(proc.line, self.signature(proc))
            body: list[n.Node] = list(proc.body)
            if changed:
                body.insert(0, Nonlocal(0, 0, sorted(changed)))
            self.block(body, proc.line)
        finally:
            self.scope = outer
            self.out.done = done
            inside = range(start, end + 1)
            self.out.own_line.difference_update(inside)
            self.out.blank.difference_update(inside)

    def enclosing_names(self, proc: n.ProcDef, outer: Scope) -> set[str]:
        """The enclosing function's variables ``proc`` changes (``nonlocal``); reported when
        it uses the main code's variables from inside a procedure."""
        written = assigned(proc.body)
        changed = set()
        for x in walk(proc.body):
            if not isinstance(x, n.Name):
                continue
            ref = self.ref(x)
            if ref[0] != "var" or ref[2] == 0 or ref[1].const:
                continue
            if ref[2] < 0 and outer.proc is not None:
                raise Skip(x, f"an internal procedure using the main code's variable '{x.name}'")
            if x.key in written:
                changed.add(py_name(ref[1].name))
        return changed

    def store(self, target: n.Name, ref: tuple[Any, ...]) -> str:
        proc = self.scope.proc
        if proc is not None and proc.internal and ref[2] != 0:
            return py_name(ref[1].name)  # declared nonlocal by internal_def
        return super().store(target, ref)

    def s_ProcDef(self, node: n.ProcDef) -> None:
        raise Skip(node, "an internal procedure inside a block or another internal procedure")

    def proc_node(self, proc: Any) -> n.ProcDef | None:
        for node in walk([self.program.body, self.program.procs]):
            if isinstance(node, n.ProcDef) and self.ann.procs.get(id(node)) is proc:
                return node
        return None
