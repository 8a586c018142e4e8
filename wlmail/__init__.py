"""wlmail: run WLangage (WINDEV) mail scripts on Python.

Facade: :func:`parse` turns source text into an AST, :func:`run` executes it.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "export_python", "parse", "run", "translate"]


def parse(text: str, filename: str = "<script>") -> object:
    """Parse WLangage source text and return its AST (a ``Program`` node)."""
    from wlmail.syntax.parser import parse_program

    return parse_program(text, filename)


def run(text: str, filename: str = "<script>") -> int:
    """Run WLangage source text with the default terminal host; return the exit code."""
    from wlmail.runtime.driver import run_source

    return run_source(text, filename)


def translate(text: str, to: str, filename: str = "<script>", keep_spelling: bool = False) -> str:
    """Rewrite the WLangage words of ``text`` in ``to`` ("fr" or "en"), nothing else: each in
    its canonical spelling, or, with ``keep_spelling``, as written where already in ``to``."""
    from wlmail.translate import translate_only

    return translate_only(text, to, filename, keep_spelling)


def export_python(text: str, filename: str = "<script>") -> str:
    """The Python program that does what the script does (see ``wlmail export --python``)."""
    from wlmail.export.program import export_python as _export

    return _export(text, filename).source
