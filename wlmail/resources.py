"""Locate the data shipped with wlmail: ``grammar/`` and ``stdlib/``.

In a wheel they live inside the package (``wlmail/grammar``, ``wlmail/stdlib``); in a source
checkout they sit at the top level of the repository, next to the package.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path


def data_dir(name: str) -> Traversable:
    """Return the ``grammar`` or ``stdlib`` directory, packaged or from the source tree."""
    packaged = resources.files("wlmail").joinpath(name)
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / name


def read_text(directory: str, filename: str) -> str:
    """Read one data file as UTF-8 text."""
    return data_dir(directory).joinpath(filename).read_text(encoding="utf-8")
