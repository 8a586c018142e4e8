"""Compile-time data shared by the compiler's parts: diagnostics, scopes, variable info."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wlmail.errors import WLError
from wlmail.record import field, record
from wlmail.runtime import types as T
from wlmail.runtime.state import (
    Frame,
    Proc,
)

Expr = Callable[[Frame], Any]
Stmt = Callable[[Frame], int | None]
Setter = Callable[[Frame, Any], None]
DEFAULT = object()  # `*` passed as an argument
# Diagnostics that stop a script before it runs (the others surface when their line runs).
COMPILE_ERRORS = frozenset(
    {
        "break_outside_loop",
        "assign_constant",
        "misplaced_else",
        "not_assignable",
        "unknown_type",
        "constant_dimension",
        "unsupported_type",
        "unknown_class",
        "member_access",
        "method_without_class",
        "class_cycle",
        "no_ancestor_ctor",
        "outside_method",
        "new_interface",
    }
)
VARIADIC_NAMES = {"mesparametres": "MesParamètres", "myparameters": "MyParameters"}


@record
class Diagnostic:
    severity: str
    line: int
    col: int
    message: str
    code: str = ""


@record
class VarInfo:
    name: str
    vtype: T.VType
    const: bool = False
    auto: bool = False  # declared by a POUR / POUR TOUT header, not by the script


@record
class Scope:
    kind: str  # main | proc
    parent: Scope | None = None
    vars: dict[str, VarInfo] = field(default_factory=dict)
    procs: dict[str, Proc] = field(default_factory=dict)
    loops: int = 0


class InternalError(WLError):
    """A bug in wlmail, not in the script."""
