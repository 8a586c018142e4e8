"""``wlmail check``: a value of the wrong type assigned to a typed property (issue 15), or any
value assigned to a read-only one (issue 16).

``s.Option = "TLS"``, ``s.Port = "cinq"``, ``s.Asynchrone = "Vrai"``: the rules and the messages
are those of the run-time check (:mod:`wlmail.runtime.proptypes`), applied to the literal or
constant on the right of ``=`` when the declarations tell the object's type.
"""

from __future__ import annotations

from wlmail.resolved import static_type
from wlmail.runtime.compiler import Compiler
from wlmail.runtime.proptypes import static_problem
from wlmail.syntax import nodes as n

__all__ = ["assignment_problem"]


def assignment_problem(comp: Compiler, node: n.Assign) -> tuple[n.Node, str, str] | None:
    """(node, code, message) of a wrong-typed property assignment, or None."""
    target, value = node.target, node.value
    if not isinstance(target, n.Member):
        return None
    owner = static_type(comp, target.target)
    if owner is None or owner.id not in comp.cat.types:
        return None
    entry = comp.cat.prop(owner.id, target.key)
    if entry is None:
        return None
    if entry.read_only:  # MonEmail.Attache[1].Taille = 10: a fatal error when the line runs
        message = comp.cat.message("read_only_member", comp.lang, name=target.name)
        return target, "property_read_only", message
    is_variable = isinstance(value, n.Name) and comp._lookup_var(value.key) is not None
    fault = static_problem(entry, value, comp.lang, is_variable)
    if fault is None:
        return None
    return value, fault.msg_id, comp.cat.message(fault.msg_id, comp.lang, **fault.values)
