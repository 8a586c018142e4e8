"""Back ends that write a WLangage script in another language (``wlmail export``).

:mod:`wlmail.export.python` writes a Python program that runs with
:mod:`wlmail.export.support` (``from wlmail.export.support import wl``).
"""

from __future__ import annotations

__all__ = ["ExportError", "export_command", "export_python"]


def __getattr__(name: str) -> object:
    # lazy: `import wlmail.export.support` (what exported programs do) must not load the exporter
    if name in __all__:
        from wlmail.export import python

        return getattr(python, name)
    raise AttributeError(name)
