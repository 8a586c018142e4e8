"""``wlmail check``: find problems in scripts without running them, and a migration summary.

Syntax errors, unknown names, properties and types (with "did you mean"), wrong argument counts
and argument types where the catalog's parameter names tell them (an array where ``tableau`` is
expected, a number where ``nombre`` is), functions and types that wlmail does not support (with
the reason), structural errors (SORTIR outside a loop, a procedure defined twice, a variable
declared twice). Output in the compiler format ``file:line:col: severity: message``, in the
script's language, or JSON.

``--summary`` is the migration report a team needs before deciding: over every file given,
which WLangage functions and types are used, how often and in how many files, and which of them
wlmail supports, supports in part, does not support (with the reason) or does not know.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from wlmail.catalog import Entry, fold, get_catalog
from wlmail.check_summary import Summary, Used
from wlmail.check_types import assignment_problem
from wlmail.diagnose import member_column, suggest_member
from wlmail.errors import WLSyntaxError
from wlmail.resolved import Resolved, Resolver
from wlmail.runtime import types as T
from wlmail.runtime.compiler import Diagnostic, Expr, InternalError, Stmt
from wlmail.runtime.driver import gc_paused, too_deep_is_a_syntax_error
from wlmail.runtime.host import CaptureHost
from wlmail.runtime.state import Runtime
from wlmail.source import source_line
from wlmail.syntax import nodes as n
from wlmail.syntax.lexer import detect_lang
from wlmail.syntax.parser import parse_program
from wlmail.textsafe import escape

__all__ = ["Problem", "Summary", "Usage", "Used", "analyse", "check_command", "check_text"]

WARNING_CODES = {"unsupported_function", "unsupported_type", "duplicate_variable", "arg_number"}
ARRAY_PARAMS = frozenset({"tableau"})
NUMBER_PARAMS = frozenset(
    fold(p)
    for p in (
        "nombre",
        "numéro",
        "indice",
        "rang",
        "longueur",
        "entier",
        "décimales",
        "port",
        "port SMTP",
        "port POP3",
        "min",
        "max",
        "graine",
    )
)
# Messages of the checks added here (the catalog's messages.toml may override them by id).


def _msg(msg_id: str, lang: str, **values: object) -> str:
    return get_catalog().message(msg_id, lang, **values)


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    column: int
    severity: str
    code: str
    message: str

    def text(self, lang: str) -> str:
        word = get_catalog().message(f"severity_{self.severity}", lang)
        where = escape(f"{self.file}:{self.line}:{self.column}")  # a file name is outside text
        return f"{where}: {word}: {escape(self.message)}"


@dataclass(slots=True)
class Usage:
    """What one script uses: built-in functions and types by id, unknown callees by name."""

    functions: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)
    unknown_calls: dict[str, int] = field(default_factory=dict)
    unknown_types: dict[str, int] = field(default_factory=dict)
    procedures: set[str] = field(default_factory=set)
    shown: dict[str, str] = field(default_factory=dict)  # folded unknown name -> as written
    controls: dict[str, int] = field(default_factory=dict)  # "family:name" (SAI_Nom, Client)


def _count(table: dict[str, int], key: str) -> None:
    table[key] = table.get(key, 0) + 1


# ---- the checking compiler ---------------------------------------------------------------------
class _Checker(Resolver):
    """The one resolving pass (:mod:`wlmail.resolved`), plus the compiler's own diagnostics,
    the checks and the usage counts of this module as its hooks. Built-ins are bound here (a
    catalog entry without its implementation is a problem to report)."""

    def __init__(self, rt: Runtime, program: n.Program) -> None:
        super().__init__(rt, program)
        self.usage = Usage()
        self.seen_procs: dict[str, int] = {}
        self.declared: dict[int, dict[str, int]] = {}  # id(scope) -> folded name -> line
        self.scopes: list[Any] = []  # keeps the scopes alive, so that their ids stay unique
        self.text = ""  # the source, for columns inside a statement
        #: how a message names another line: a project names its file (check_project.py)
        self.describe: Callable[[int, int], str] = lambda line, here: str(line)

    def _note(self, node: n.Node, msg_id: str, severity: str = "error", **values: Any) -> None:
        self._diag_text(node, msg_id, _msg(msg_id, self.lang, **values), severity)

    def diag(self, node: n.Node, msg_id: str, severity: str = "error", **values: Any) -> None:
        if msg_id == "unknown_method" and isinstance(node, n.Member):  # + "did you mean"
            static = self.static(node.target)
            hint = suggest_member({"type_id": static.id if static else ""}, node.name, self.lang)
            message = self.cat.message(msg_id, self.lang, **values) + hint
            self._diag_text(node, msg_id, message, severity)
            return
        super().diag(node, msg_id, severity, **values)

    def _diag_text(self, node: n.Node, code: str, message: str, severity: str = "error") -> None:
        col = node.col
        if isinstance(node, n.Member) and self.text:  # the caret under the property's name
            col = member_column(source_line(self.text, node.line), node.col, node.name) or col
        self.diags.append(Diagnostic(severity, node.line, col, message, code))

    # structure
    def _declare_proc(self, node: n.ProcDef, table: dict[str, Any]) -> Any:
        if table is self.rt.procs:
            first = self.seen_procs.get(node.name.key)
            if first is not None and first != node.line:
                self._note(
                    node,
                    "duplicate_procedure",
                    name=node.name.name,
                    line=self.describe(first, node.line),
                )
            self.seen_procs.setdefault(node.name.key, node.line)
            self.usage.procedures.add(node.name.key)
        return super()._declare_proc(node, table)

    def s_Decl(self, node: n.Decl) -> Stmt:
        self.scopes.append(self.scope)
        lines = self.declared.setdefault(id(self.scope), {})
        for nm in node.names:
            first = lines.get(nm.key)
            if first is not None and first != nm.line:
                self._note(
                    nm,
                    "duplicate_variable",
                    "warning",
                    name=nm.name,
                    line=self.describe(first, nm.line),
                )
            lines.setdefault(nm.key, nm.line)
        return super().s_Decl(node)

    def s_Assign(self, node: n.Assign) -> Stmt:
        problem = assignment_problem(self, node)  # s.Option = "TLS", s.Port = "cinq"
        if problem is not None:
            self._diag_text(*problem)
        return super().s_Assign(node)

    def _unavailable(self, node: n.Node, name: str, family: str) -> Expr:
        if self.cat.function(name) is None:  # a control, a data file (a call is counted apart)
            _count(self.usage.controls, f"{family}:{name}")
        return super()._unavailable(node, name, family)

    # usage
    def _named_type(self, spec: n.TypeSpec) -> None:
        type_id = T.lookup_named(spec.words)
        if type_id is None:
            _count(self.usage.unknown_types, fold(spec.words[0]))
            self.usage.shown.setdefault(fold(spec.words[0]), spec.words[0])
        else:
            _count(self.usage.types, type_id)
        super()._named_type(spec)

    def _called(self, func: n.Name, kind: tuple[Any, ...]) -> None:
        if kind[0] == "unknown":  # no procedure, variable or function of that name
            _count(self.usage.unknown_calls, func.key)
            self.usage.shown.setdefault(func.key, func.name)

    def _builtin_call(
        self, node: n.Node, entry: Entry, arg_nodes: list[n.Node], receiver: Expr | None = None
    ) -> Expr:
        self._builtin_seen(node, entry, receiver)
        _count(self.usage.functions, entry.id)
        if entry.status != "unsupported":
            self._arg_types(node, entry, arg_nodes, receiver is not None)
        try:
            return super()._builtin_call(node, entry, arg_nodes, receiver)
        except (ImportError, InternalError) as err:
            # a catalog entry without its implementation: `wlmail run` would stop here
            error = f"{entry.name(self.lang)}: {err}"
            self._diag_text(
                node, "internal_error", self.cat.message("internal_error", self.lang, error=error)
            )
            self._args(arg_nodes)
            return _nothing

    def _method_seen(self, func: n.Member, target: T.VType | None) -> None:
        owner = target.id if target is not None else ""
        cands = self.cat.method_names.get(func.key, [])
        entry = next((e for e in cands if e.owner == owner), None) or (cands[0] if cands else None)
        if entry is not None and self.cat.function(func.name) is None:
            _count(self.usage.functions, entry.id)

    # properties of known types (a hook of the pass: x_Member, setter)
    def _member(self, node: n.Member) -> None:
        """An unknown property of a variable whose type is known, with a suggestion."""
        static = self.static(node.target)
        if static is None or static.id == "variant":
            return
        shown: dict[str, str] = {}  # folded name -> as the type spells it
        if static.fields or static.id.startswith("struct:"):
            decl = self._struct_decl(static.id.partition(":")[2])
            owner = decl.name.name if decl is not None else static.id.partition(":")[2]
            for field_decl in decl.fields if decl is not None else []:
                shown.update((nm.key, nm.name) for nm in field_decl.names)
            shown.update((key, key) for key in static.fields if key not in shown)
        else:
            if static.id not in self.cat.types or not self.cat.props_of(static.id):
                return
            if self.cat.prop(static.id, node.key) is not None or any(
                e.owner == static.id for e in self.cat.method_names.get(node.key, [])
            ):
                return
            for prop in self.cat.props_of(static.id):
                shown.update((fold(s), prop.name(self.lang)) for s in prop.spellings)
            owner = self.cat.types[static.id].name(self.lang)
        if node.key in shown:
            return
        close = difflib.get_close_matches(node.key, list(shown), n=1, cutoff=0.75)
        message = self.cat.message("unknown_member", self.lang, name=node.name, owner=owner)
        if close:
            message += self.cat.message("did_you_mean", self.lang, name=shown[close[0]])
        self._diag_text(node, "unknown_member", message)

    def _struct_decl(self, key: str) -> n.StructDecl | None:
        for node in _nodes(self.program):
            if isinstance(node, n.StructDecl) and node.name.key == key:
                return node
        return None

    # argument types the catalog's parameter names tell
    def _arg_types(
        self, node: n.Node, entry: Entry, args: list[n.Node], has_receiver: bool
    ) -> None:
        params = [p.strip("[]") for p in entry.params]
        offset = 1 if has_receiver else 0
        for i, arg in enumerate(args):
            k = i + offset
            if k >= len(params) or params[k] == "...":
                break
            param = fold(params[k])
            kind = self._kind(arg)
            shown = entry.name(self.lang)
            if param in ARRAY_PARAMS and kind in ("string", "number", "value"):
                self._note(
                    arg,
                    "arg_array",
                    index=k + 1,
                    name=shown,
                    param=params[k],
                    kind=_msg(f"kind_{kind}", self.lang),
                )
            elif param in NUMBER_PARAMS and isinstance(arg, n.Str) and not _numeric(arg.value):
                self._note(
                    arg,
                    "arg_number",
                    "warning",
                    index=k + 1,
                    name=shown,
                    param=params[k],
                    value=arg.value,
                )
            elif param in NUMBER_PARAMS and kind == "array":
                self._note(
                    arg,
                    "arg_array",
                    index=k + 1,
                    name=shown,
                    param=params[k],
                    kind=_msg("kind_array", self.lang),
                )

    def _kind(self, node: n.Node) -> str:
        if isinstance(node, n.Str | n.Interp):
            return "string"
        if isinstance(node, n.Num):
            return "number"
        static = self.static(node)
        if static is None:
            return ""
        if static.id in ("array", "assoc"):
            return "array"
        if static.id == "string":
            return "string"
        if static.id in ("int", "int8", "real", "numeric", "currency"):
            return "number"
        if static.id in T.SCALARS and static.id != "variant":
            return "value"
        return ""


Checker = _Checker  # for passes that record more while checking (wlmail lsp)


def _nodes(node: Any) -> Iterator[n.Node]:
    if isinstance(node, list | tuple):
        for item in node:
            yield from _nodes(item)
    elif isinstance(node, n.Node):
        yield node
        for key, value in vars(node).items():
            if key not in ("line", "col"):
                yield from _nodes(value)


def _nothing(frame: Any) -> None:
    return None


def _numeric(text: str) -> bool:
    try:
        float(text.strip().replace(",", "."))
    except ValueError:
        return False
    return True


# ---- one script ---------------------------------------------------------------------------------
OnResolved = Callable[[Resolved], object]


def analyse(
    text: str, filename: str, lang: str | None = None, on_resolved: OnResolved | None = None
) -> tuple[list[Problem], Usage]:
    """All problems of one script, in source order, and what it uses; ``on_resolved`` is
    given what the pass resolved (:class:`wlmail.resolved.Resolved`) unless it stopped on a
    syntax error."""
    lang = lang or detect_lang(text)
    try:
        with gc_paused(), too_deep_is_a_syntax_error(filename, lang):
            program = parse_program(text, filename, lang=lang)
    except WLSyntaxError as err:
        problem = Problem(filename, err.line, err.column, "error", "syntax", err.message)
        return [problem], Usage()
    return analyse_program(program, filename, lang, text=text, on_resolved=on_resolved)


def analyse_program(
    program: n.Program,
    filename: str,
    lang: str,
    describe: Callable[[int, int], str] | None = None,
    text: str = "",
    on_resolved: OnResolved | None = None,
) -> tuple[list[Problem], Usage]:
    """All problems of a parsed program (a script, or a project merged by wlmail.project,
    whose ``describe(line, here)`` names a line of another file in a message); ``text``, the
    script's source, refines columns inside a statement. ``on_resolved`` is given what the
    pass resolved (``export --python`` reads it instead of resolving the script again)."""
    try:
        with gc_paused(), too_deep_is_a_syntax_error(filename, lang):
            checker = _Checker(Runtime(CaptureHost(), lang, filename), program)
            checker.text = text
            if describe is not None:
                checker.describe = describe
            checker.compile_program()
    except WLSyntaxError as err:
        problem = Problem(filename, err.line, err.column, "error", "syntax", err.message)
        return [problem], Usage()
    if on_resolved is not None:
        on_resolved(checker.resolved)
    return problems_of(checker.diags, filename), checker.usage


def problems_of(diags: list[Diagnostic], filename: str) -> list[Problem]:
    """The checking compiler's diagnostics as problems, without duplicates, in source order."""
    problems = [
        Problem(
            filename,
            d.line,
            d.col,
            "warning" if d.code in WARNING_CODES or d.severity == "warning" else "error",
            d.code,
            d.message,
        )
        for d in diags
    ]
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.line, p.column))


def check_text(text: str, filename: str, lang: str | None = None) -> list[Problem]:
    """All problems of one script, in source order."""
    return analyse(text, filename, lang)[0]


# ---- command ------------------------------------------------------------------------------------
def check_command(
    paths: list[str],
    lang: str | None,
    fmt: str,
    read: Callable[[str], str],
    summary: bool = False,
    options: Any = None,
    main: str | None = None,
) -> int:
    """``wlmail check``: see :func:`wlmail.check_project.check_command` (one script, a project
    of several files, or separate scripts; :mod:`wlmail.check_output` for the formats)."""
    from wlmail.check_project import check_command as command

    return command(paths, lang, fmt, read, summary, main, options)
