"""``export --python --pep8-names``: the script's names written as PEP 8 wants them.

Variables, parameters, procedures, methods and class members become ``snake_case``
(``sAdresse`` → ``s_adresse``, ``MaSession`` → ``ma_session``), constants ``UPPER_CASE``;
classes, structures, enumerations and interfaces keep their names (they already read as
``CapWords`` types), and so do enumeration members and structure fields, whose names the program
may print or serialize (``..Nom``, ``Sérialise``). A name is kept as the script writes it where
its new spelling would meet another one: another name of the script (WLangage ignores case,
Python does not), a name the exported program already uses (a module, a helper function,
``err``), a builtin or a keyword. Every name goes through :func:`~.base.py_name`, which reads
the table :func:`renamed` sets; the exporter itself needs no other change.
"""

from __future__ import annotations

import ast
import builtins
import keyword
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from wlmail.catalog import fold, get_catalog
from wlmail.export.base import RENAMES
from wlmail.export.stmts import walk
from wlmail.syntax import nodes as n

_WORD = re.compile(r"[^\W\d]\w*")
_HUMP = re.compile(r"(?<=[a-zà-ÿ0-9])(?=[A-ZÀ-Þ])|(?<=[A-ZÀ-Þ])(?=[A-ZÀ-Þ][a-zà-ÿ])")


def snake(name: str) -> str:
    """``MaSession`` → ``ma_session``, ``sURLToken`` → ``s_url_token``, ``m_sNom`` → ``m_s_nom``."""
    return _HUMP.sub("_", name).lower()


def _kept(program: n.Program) -> tuple[set[str], set[str]]:
    """Folded names kept as written (types, enumeration members, structure fields) and the
    folded names of constants."""
    kept: set[str] = set()
    constants: set[str] = set()
    for node in walk(program):
        if isinstance(node, n.ClassDecl | n.StructDecl | n.EnumDecl):
            kept.add(node.name.key)
        if isinstance(node, n.EnumDecl):
            kept.update(item.name.key for item in node.members)
        if isinstance(node, n.StructDecl):
            kept.update(nm.key for decl in node.fields for nm in decl.names)
        if isinstance(node, n.ConstDef):
            constants.add(node.name.key)
    return kept, constants


def python_names(source: str) -> set[str]:
    """Every identifier a Python program defines or reads."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            found.add(node.name)
        elif isinstance(node, ast.arg):
            found.add(node.arg)
        elif isinstance(node, ast.alias):
            found.add((node.asname or node.name).split(".")[0])
    return found


def pep8_table(program: n.Program, text: str, exported: str) -> dict[str, str]:
    """Folded script name → its PEP 8 spelling, for the names that can take one without
    meeting another (``exported`` is the program written with the script's names)."""
    cat = get_catalog()
    found = _WORD.findall(text)
    words = set(found)
    spelled: dict[str, str] = {}
    for word in found:  # one spelling per folded name: its first, usually where it is declared
        spelled.setdefault(fold(word), word)
    ours = set(spelled)
    props = {key[1] for key in cat.property_names}
    names = (cat.keyword_words, cat.function_names, cat.method_names, cat.constant_names, props)
    language = {k for k, w in spelled.items() if any(k in x for x in names) or cat.type(w)}
    kept, constants = _kept(program)
    taken = {x for x in python_names(exported) if fold(x) not in ours}
    taken |= set(dir(builtins)) | set(sys.stdlib_module_names) | {"main"}
    wanted: dict[str, str] = {}
    for key, word in spelled.items():
        if key in kept or key in language:
            continue
        new = snake(word).upper() if key in constants else snake(word)
        if new != word:
            wanted[key] = new
    clash: dict[str, set[str]] = {}
    for key, new in wanted.items():
        clash.setdefault(fold(new), set()).add(key)
    table = {}
    for key, new in wanted.items():
        alone = len(clash[fold(new)]) == 1  # no other name of the script gets that spelling
        free = new not in taken and not keyword.iskeyword(new) and not keyword.issoftkeyword(new)
        # the spelling of another name of the script (WLangage folds case and accents)
        meets = fold(new) != key and fold(new) in ours
        # another spelling of this name that Python tells apart (``Dernier()``, ``dernier``)
        spelled_so = new in words and new != spelled[key]
        if alone and free and not meets and not spelled_so:
            table[key] = new
    return table


@contextmanager
def renamed(table: dict[str, str]) -> Iterator[None]:
    """Within the block, :func:`~.base.py_name` writes each name of ``table`` its new way."""
    token = RENAMES.set(table)
    try:
        yield
    finally:
        RENAMES.reset(token)
