"""wlmail: run WLangage (WINDEV) mail scripts on Python.

Facade: :func:`parse` turns source text into an AST, :func:`run` executes it.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "parse", "run"]


def parse(text: str, filename: str = "<script>") -> object:
    """Parse WLangage source text and return its AST (a ``Program`` node)."""
    from wlmail.syntax.parser import parse_program

    return parse_program(text, filename)


def run(text: str, filename: str = "<script>") -> int:
    """Run WLangage source text with the default terminal host; return the exit code."""
    from wlmail.runtime.driver import run_source

    return run_source(text, filename)
