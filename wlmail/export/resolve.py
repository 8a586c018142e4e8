"""What every name of a script means, as the compiler resolves it (no code is run).

The exporter reads the one resolving pass (:mod:`wlmail.resolved`) instead of resolving names
a second time: ``export_python`` hands it what ``check``'s pass resolved; an :class:`Annotator`
made without it runs the pass itself (built-ins stubbed) on ``compile_program()``.
"""

from __future__ import annotations

from typing import Any

from wlmail.resolved import Ref, Resolved, resolve
from wlmail.runtime import types as T
from wlmail.runtime.state import Proc
from wlmail.syntax import nodes as n


class Annotator:
    """The exporter's view of :class:`Resolved`, by ``id(node)``:

    ``names``  a name → ``("var", VarInfo, depth)``, ``("const", Entry)``, ``("func", Entry)``,
    ``("proc", Proc, depth)`` or ``("unknown",)``; ``calls`` a call → ``("proc", Proc, depth)``,
    ``("func" | "func_on", Entry)``, ``("method",)``, ``("switch",)``, ``("value",)``,
    ``("unknown",)``, and a bare-call statement → ``("bare",)``; ``vtypes`` a declared type →
    its ``VType``; ``procs`` a procedure's node → its ``Proc``."""

    def __init__(self, program: n.Program, resolved: Resolved | None = None) -> None:
        self.program, self.given = program, resolved is not None
        self.resolved = resolved if resolved is not None else Resolved(program)

    def compile_program(self) -> None:
        """Run the resolving pass, unless the annotator was given what one resolved."""
        if not self.given:
            self.resolved, self.given = resolve(self.program), True

    @property
    def names(self) -> dict[int, Ref]:
        return self.resolved.names

    @property
    def calls(self) -> dict[int, Ref]:
        return self.resolved.calls

    @property
    def vtypes(self) -> dict[int, T.VType]:
        return self.resolved.vtypes

    @property
    def procs(self) -> dict[int, Proc]:
        return self.resolved.procs

    @property
    def members(self) -> dict[int, Ref]:
        return self.resolved.members

    @property
    def method_of(self) -> dict[int, Proc]:
        return self.resolved.methods


def checked(program: n.Program, text: str = "", errors: list[Any] | None = None) -> Resolved | None:
    """What ``check``'s pass resolved over ``program`` (the exporter reads it: the script is
    resolved once), or None when check stopped on a syntax error (the exporter's own pass then
    raises it, as before). ``errors`` receives check's errors (not its warnings)."""
    from wlmail.check import analyse_program

    found: list[Resolved] = []
    problems, _ = analyse_program(
        program, program.filename, program.lang, text=text, on_resolved=found.append
    )
    if errors is not None:
        errors.extend(p for p in problems if p.severity == "error")
    return found[0] if found else None
