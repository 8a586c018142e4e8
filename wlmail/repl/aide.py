"""``:aide NAME`` in the REPL: the catalog's help, else the console's own variable or procedure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wlmail.catalog import fold
from wlmail.help import catalog_help, type_name
from wlmail.repl.console_messages import message
from wlmail.repl.secrets import safe_display, terminal_text

if TYPE_CHECKING:
    from wlmail.repl.app import Console


def describe(name: str, lang: str, console: Console | None = None) -> str:
    """The catalog entries matching ``name`` (any spelling, ``Type.Propriété`` too), else the
    console's variable or procedure of that name."""
    found = catalog_help(name, lang)
    if console is not None and not found:
        found += _describe_local(fold(name.strip()), lang, console)
    return "\n\n".join(found)


def _describe_local(key: str, lang: str, console: Console) -> list[str]:
    var = console.variables().get(key)
    if var is not None:
        name, type_id, value = var
        kind = message("kind_variable", lang)
        shown = terminal_text(safe_display(value, name))
        return [f"{name}: {kind} ({type_name(type_id, lang)}) = {shown}"]
    proc = console.procedures().get(key)
    if proc is not None:
        return [f"{proc[0]}({', '.join(proc[1])}): {message('kind_procedure', lang)}"]
    return []
