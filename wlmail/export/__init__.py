"""``wlmail export --python``: a WLangage script as a standalone, idiomatic Python program.

:mod:`wlmail.export.program` assembles the program; :mod:`.exprs`, :mod:`.stmts` and
:mod:`.mail` are the passes over the tree the compiler resolved (:mod:`.resolve`);
:mod:`.helpers` is the small module of WLangage semantics written next to the program.
"""

from __future__ import annotations

__all__ = ["ExportError", "export_command", "export_python"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from wlmail.export import program

        return getattr(program, name)
    raise AttributeError(name)
