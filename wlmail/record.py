"""``record``: the part of ``@dataclass`` wlmail needs, at a fraction of its start-up cost.

``dataclasses.dataclass`` spends about a millisecond per class generating code; the AST alone
has some fifty classes and ``wlmail run hello.wl`` pays for each on every start. ``record`` builds
``__init__`` (positional or keyword, defaults, ``field(default_factory=…)``), ``__repr__`` and
``__eq__`` from the annotations with one small ``exec`` per class, and never imports
``dataclasses`` (which pulls in ``inspect``). Type checkers see the real ``dataclass`` and
``field`` (same semantics for what wlmail uses: no frozen, no slots, no ordering).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

__all__ = ["field", "record"]

T = TypeVar("T", bound=type)
MISSING = object()


class Field:
    """``field(default_factory=…)``: a fresh default per instance."""

    def __init__(self, default_factory: Callable[[], Any]) -> None:
        self.default_factory = default_factory


def _field(*, default_factory: Callable[[], Any]) -> Any:
    return Field(default_factory)


def _fields(cls: type) -> list[tuple[str, Any]]:
    """(name, default) for every annotated field, base classes first."""
    out: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        for name in klass.__dict__.get("__annotations__", {}):  # noqa: RUF063 (no inspect)
            default = klass.__dict__.get(name, MISSING)
            out[name] = default
    return list(out.items())


def _record(cls: T) -> T:
    fields = _fields(cls)
    params, body, env = [], [], {"MISSING": MISSING}
    for name, default in fields:
        if default is MISSING:
            params.append(name)
            body.append(f"  self.{name} = {name}")
        elif isinstance(default, Field):
            env[f"_f_{name}"] = default.default_factory
            params.append(f"{name}=MISSING")
            body.append(f"  self.{name} = _f_{name}() if {name} is MISSING else {name}")
        else:
            env[f"_d_{name}"] = default
            params.append(f"{name}=_d_{name}")
            body.append(f"  self.{name} = {name}")
    for name, default in fields:  # class attributes must not shadow instance values
        if default is not MISSING and name in cls.__dict__:
            delattr(cls, name)
    if hasattr(cls, "__post_init__"):
        body.append("  self.__post_init__()")
    src = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "  pass")
    exec(src, env)
    names = tuple(name for name, _ in fields)

    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in names)
        return f"{type(self).__name__}({inner})"

    def __eq__(self: Any, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in names)

    cls.__init__ = env["__init__"]  # type: ignore[misc]
    cls.__repr__ = __repr__  # type: ignore[assignment,method-assign]
    cls.__eq__ = __eq__  # type: ignore[assignment,method-assign]
    cls.__hash__ = None  # type: ignore[assignment]
    cls.__record_fields__ = names  # type: ignore[attr-defined]
    return cls


if TYPE_CHECKING:
    from dataclasses import dataclass as record
    from dataclasses import field
else:
    record, field = _record, _field
