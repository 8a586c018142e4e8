"""Implementations of built-in functions, bound to catalog ids.

Each function lives in the module named by its catalog entry (``module = "strings"``), imported
the first time a script uses one of its functions: ``wlmail run hello.wl`` imports no mail code.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from wlmail.catalog import Entry
from wlmail.record import record


@record
class Builtin:
    id: str
    fn: Callable[..., Any]
    fallible: bool  # may fail without raising: resets ErreurDétectée before running


REGISTRY: dict[str, Builtin] = {}


def builtin(
    fid: str, *, fallible: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``fn(rt, *args)`` as the implementation of catalog function ``fid``."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        if fid in REGISTRY:
            raise RuntimeError(f"two implementations for {fid}")
        REGISTRY[fid] = Builtin(fid, fn, fallible)
        return fn

    return register


def implementation(entry: Entry) -> Builtin | None:
    """The implementation of a catalog function, importing its module on first use."""
    found = REGISTRY.get(entry.id)
    if found is None:
        importlib.import_module(f"wlmail.builtins.{entry.module or 'core'}")
        found = REGISTRY.get(entry.id)
    return found


def load_all() -> dict[str, Builtin]:
    """Import every module named by the catalog (completeness tests, REPL help)."""
    from wlmail.catalog import get_catalog

    cat = get_catalog()
    modules = {e.module or "core" for e in [*cat.functions.values(), *cat.types.values()]}
    for name in sorted(modules):
        importlib.import_module(f"wlmail.builtins.{name}")
    return REGISTRY
