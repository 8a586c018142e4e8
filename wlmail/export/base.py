"""State shared by the passes of ``wlmail export --python``: names, imports, helpers, problems.

The exporter is one pass over the tree the compiler resolved (:mod:`wlmail.export.resolve`):
expressions (:mod:`.exprs`), statements (:mod:`.stmts`), mail and OAuth (:mod:`.mail`), each
a mixin over this base. How a catalog function or property reads in Python is data:
``stdlib/python-export.toml``.
"""

from __future__ import annotations

import ast
import keyword
import tomllib
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from wlmail.catalog import fold, get_catalog
from wlmail.errors import WLError
from wlmail.export.resolve import Annotator
from wlmail.export.writer import Writer
from wlmail.resolved import Resolved
from wlmail.resources import read_text
from wlmail.syntax import nodes as n
from wlmail.textsafe import escape

PY_TYPES = {
    "int": "int",
    "int8": "int",
    "real": "float",
    "string": "str",
    "bool": "bool",
}


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A construct the exporter cannot write in Python, with its WLangage position."""

    filename: str
    line: int
    column: int
    message: str

    def text(self) -> str:
        return escape(f"{self.filename}:{self.line}:{self.column}: unsupported: {self.message}")


class ExportError(WLError):
    """The script uses constructs the exporter cannot express (every one is listed)."""

    def __init__(self, problems: list[Unsupported]) -> None:
        first = problems[0]
        super().__init__(first.message, first.filename, first.line, first.column)
        self.problems = problems


class Skip(Exception):
    """Raised inside a statement that cannot be exported; the statement is reported once."""

    def __init__(self, node: n.Node, what: str) -> None:
        super().__init__(what)
        self.node, self.what = node, what


@dataclass(slots=True)
class Py:
    """A Python expression and what the exporter knows of its type."""

    code: ast.expr
    type: str = "any"  # int real string bool list dict none any, or a mail kind

    @property
    def src(self) -> str:
        return ast.unparse(self.code)


@dataclass(slots=True)
class Scope:
    """The Python function being written."""

    proc: n.ProcDef | None = None
    globals: set[str] = field(default_factory=set)
    loop_depth: int = 0
    branch_depth: int = 0
    error_name: str = ""  # inside an `except … as err:` of a mail failure branch


@cache
def mapping() -> dict[str, Any]:
    """``stdlib/python-export.toml``: catalog ids to Python templates."""
    return tomllib.loads(read_text("stdlib", "python-export.toml"))


#: ``--pep8-names``: folded script name → its new spelling (export/pep8.py sets it)
RENAMES: ContextVar[dict[str, str] | None] = ContextVar("RENAMES", default=None)


def py_name(name: str) -> str:
    renames = RENAMES.get()
    if renames:
        name = renames.get(fold(name), name)
    ambiguous = name in ("l", "O", "I")  # pycodestyle E741: read as 1 or 0
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name == "main" or ambiguous:
        return name + "_"
    return name if name.isidentifier() else "_" + "".join(c if c.isalnum() else "_" for c in name)


def parse_expr(source: str) -> ast.expr:
    return ast.parse(source.strip(), mode="eval").body


class Base:
    """Shared state; the mixins add ``expr``, ``stmt`` and the mail mapping."""

    def __init__(
        self, program: n.Program, filename: str, allow: bool, resolved: Resolved | None = None
    ) -> None:
        """``resolved``: what check's pass resolved (``wlmail.check.analyse_program``'s
        ``on_resolved``); without it the resolving pass runs here."""
        self.program, self.filename, self.allow = program, filename, allow
        self.lang = program.lang
        self.cat = get_catalog()
        self.map = mapping()
        self.ann = Annotator(program, resolved)
        self.ann.compile_program()
        self.problems: list[Unsupported] = []
        self.imports: set[str] = set()  # "import x" or "from x import y"
        self.helpers: set[str] = set()
        self.helper_calls = 0
        self.out = Writer()
        self.scope = Scope()
        self.module_consts: list[tuple[int, str]] = []

    # -- problems ----------------------------------------------------------------------------
    def report(self, node: n.Node, what: str) -> None:
        self.problems.append(Unsupported(self.filename, node.line, node.col, what))

    def skip(self, node: n.Node, what: str) -> Skip:
        return Skip(node, what)

    # -- names -------------------------------------------------------------------------------
    def ref(self, node: n.Name) -> tuple[Any, ...]:
        return self.ann.names.get(id(node), ("unknown",))

    def helper(self, name: str, *args: ast.expr) -> ast.expr:
        """A call of the helper module's ``name`` (WLangage semantics Python lacks)."""
        self.helpers.add(name)
        self.helper_calls += 1
        return ast.Call(ast.Name(name, ast.Load()), list(args), [])

    def need(self, statement: str) -> None:
        self.imports.add(statement)

    def py_type(self, vtype_id: str, elem: str | None = None) -> str:
        if vtype_id in PY_TYPES:
            return PY_TYPES[vtype_id]
        if vtype_id == "array":
            return f"list[{elem or 'Any'}]"
        if vtype_id == "assoc":
            return f"dict[str, {elem or 'Any'}]"
        return "Any"
