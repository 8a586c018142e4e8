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
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from wlmail.catalog import Entry, fold, get_catalog
from wlmail.check_types import assignment_problem
from wlmail.errors import WLSyntaxError
from wlmail.runtime import types as T
from wlmail.runtime.compiler import Compiler, Diagnostic, Expr, InternalError, Stmt
from wlmail.runtime.driver import gc_paused, too_deep_is_a_syntax_error
from wlmail.runtime.host import CaptureHost
from wlmail.runtime.state import Runtime
from wlmail.syntax import nodes as n
from wlmail.syntax.lexer import detect_lang
from wlmail.syntax.parser import parse_program
from wlmail.textsafe import escape, json_safe
from wlmail.translate import StaticMemo, static_type

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
STATUS_ORDER = ("unknown", "unsupported", "partial", "project", "implemented")


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


def _count(table: dict[str, int], key: str) -> None:
    table[key] = table.get(key, 0) + 1


# ---- the checking compiler ---------------------------------------------------------------------
class _Checker(Compiler):
    """The compiler's own diagnostics, plus the checks and the usage counts of this module."""

    def __init__(self, rt: Runtime, program: n.Program) -> None:
        super().__init__(rt, program)
        self.usage = Usage()
        self.seen_procs: dict[str, int] = {}
        self.declared: dict[int, dict[str, int]] = {}  # id(scope) -> folded name -> line
        self.scopes: list[Any] = []  # keeps the scopes alive, so that their ids stay unique
        self.static_memo: StaticMemo = {}

    def stmt(self, node: n.Node) -> Stmt:
        self.static_memo.clear()  # a declaration may change what a name denotes
        return super().stmt(node)

    def static(self, node: n.Node) -> T.VType | None:
        """:func:`static_type`, each node worked out once per statement (deep chains)."""
        return static_type(self, node, self.static_memo)

    def _note(self, node: n.Node, msg_id: str, severity: str = "error", **values: Any) -> None:
        self._diag_text(node, msg_id, _msg(msg_id, self.lang, **values), severity)

    def _diag_text(self, node: n.Node, code: str, message: str, severity: str = "error") -> None:
        self.diags.append(Diagnostic(severity, node.line, node.col, message, code))

    # structure
    def _declare_proc(self, node: n.ProcDef, table: dict[str, Any]) -> Any:
        if table is self.rt.procs:
            first = self.seen_procs.get(node.name.key)
            if first is not None and first != node.line:
                self._note(node, "duplicate_procedure", name=node.name.name, line=first)
            self.seen_procs.setdefault(node.name.key, node.line)
            self.usage.procedures.add(node.name.key)
        return super()._declare_proc(node, table)

    def s_Decl(self, node: n.Decl) -> Stmt:
        self.scopes.append(self.scope)
        lines = self.declared.setdefault(id(self.scope), {})
        for nm in node.names:
            first = lines.get(nm.key)
            if first is not None and first != nm.line:
                self._note(nm, "duplicate_variable", "warning", name=nm.name, line=first)
            lines.setdefault(nm.key, nm.line)
        return super().s_Decl(node)

    def s_Assign(self, node: n.Assign) -> Stmt:
        problem = assignment_problem(self, node)  # s.Option = "TLS", s.Port = "cinq"
        if problem is not None:
            self._diag_text(*problem)
        return super().s_Assign(node)

    def _load_host(self, entry: Entry) -> None:
        try:
            super()._load_host(entry)
        except ImportError:
            pass  # an object type whose module is not there yet: checked as a variant

    # usage
    def vtype(self, spec: n.TypeSpec) -> T.VType:
        if spec.kind == "named" and fold(spec.words[0]) not in self.structs:
            type_id = T.lookup_named(spec.words)
            if type_id is None:
                _count(self.usage.unknown_types, fold(spec.words[0]))
                self.usage.shown.setdefault(fold(spec.words[0]), spec.words[0])
            else:
                _count(self.usage.types, type_id)
        return super().vtype(spec)

    def _call_name(self, node: n.Call, func: n.Name) -> Expr:
        known = (
            self._lookup_proc(func.key) is not None
            or self._lookup_var(func.key) is not None
            or self.cat.function(func.name) is not None
            or func.key in ("selon", "switch")
        )
        if not known:
            _count(self.usage.unknown_calls, func.key)
            self.usage.shown.setdefault(func.key, func.name)
        return super()._call_name(node, func)

    def _builtin_call(
        self, node: n.Node, entry: Entry, arg_nodes: list[n.Node], receiver: Expr | None = None
    ) -> Expr:
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

    def _method_call(self, node: n.Call, func: n.Member) -> Expr:
        static = self.static(func.target)
        owner = static.id if static is not None else ""
        cands = self.cat.method_names.get(func.key, [])
        entry = next((e for e in cands if e.owner == owner), None) or (cands[0] if cands else None)
        if entry is not None and self.cat.function(func.name) is None:
            _count(self.usage.functions, entry.id)
        return super()._method_call(node, func)

    # properties of known types
    def x_Member(self, node: n.Member) -> Expr:
        self._member(node)
        return super().x_Member(node)

    def setter(self, node: n.Node) -> Any:
        if isinstance(node, n.Member):
            self._member(node)
        return super().setter(node)

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
def analyse(text: str, filename: str, lang: str | None = None) -> tuple[list[Problem], Usage]:
    """All problems of one script, in source order, and what it uses."""
    lang = lang or detect_lang(text)
    try:
        with gc_paused(), too_deep_is_a_syntax_error(filename, lang):
            program = parse_program(text, filename, lang=lang)
            checker = _Checker(Runtime(CaptureHost(), lang, filename), program)
            checker.compile_program()
    except WLSyntaxError as err:
        problem = Problem(filename, err.line, err.column, "error", "syntax", err.message)
        return [problem], Usage()
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


# ---- the summary over many scripts --------------------------------------------------------------
@dataclass(slots=True)
class Used:
    name: str
    status: str
    uses: int = 0
    files: int = 0
    reason: str = ""


@dataclass(slots=True)
class Summary:
    files: int = 0
    files_with_errors: int = 0
    problems: int = 0
    functions: list[Used] = field(default_factory=list)
    types: list[Used] = field(default_factory=list)


def summarize(usages: list[Usage], problems: list[list[Problem]], lang: str) -> Summary:
    """Merge what each script uses into the migration report."""
    cat = get_catalog()
    summary = Summary(
        files=len(usages),
        files_with_errors=sum(1 for ps in problems if any(p.severity == "error" for p in ps)),
        problems=sum(len(ps) for ps in problems),
    )
    project = set().union(*(u.procedures for u in usages)) if usages else set()
    funcs: dict[str, Used] = {}
    types: dict[str, Used] = {}
    for usage in usages:
        for fid, count in usage.functions.items():
            entry = cat.functions[fid]
            _add(funcs, fid, entry.name(lang), entry.status, _note(entry, lang), count)
        for key, count in usage.unknown_calls.items():
            status = "project" if key in project else "unknown"
            _add(funcs, "?" + key, usage.shown.get(key, key), status, "", count)
        for tid, count in usage.types.items():
            entry = cat.types[tid]
            _add(types, tid, entry.name(lang), entry.status, _note(entry, lang), count)
        for key, count in usage.unknown_types.items():
            _add(types, "?" + key, usage.shown.get(key, key), "unknown", "", count)
    order = {s: i for i, s in enumerate(STATUS_ORDER)}

    def ranked(table: dict[str, Used]) -> list[Used]:
        return sorted(table.values(), key=lambda u: (order[u.status], -u.uses, fold(u.name)))

    summary.functions, summary.types = ranked(funcs), ranked(types)
    return summary


def _note(entry: Entry, lang: str) -> str:
    """Why a function is not (fully) available: its reason, or what the partial one does."""
    if entry.reason:
        return entry.reason
    if entry.status == "partial":
        return entry.summary_fr if lang == "fr" else entry.summary_en
    return ""


def _add(table: dict[str, Used], key: str, name: str, status: str, reason: str, n: int) -> None:
    used = table.get(key)
    if used is None:
        used = table[key] = Used(name, status, reason=reason)
    used.uses += n
    used.files += 1


def render_summary(summary: Summary, lang: str) -> list[str]:
    """The report as text lines, in ``lang``."""
    lines = [
        _msg(
            "summary_head",
            lang,
            files=summary.files,
            errors=summary.files_with_errors,
            problems=summary.problems,
        )
    ]
    for head, items in (("summary_functions", summary.functions), ("summary_types", summary.types)):
        counts = ", ".join(
            _msg(f"count_{s}", lang, n=sum(1 for u in items if u.status == s))
            for s in STATUS_ORDER
            if any(u.status == s for u in items)
        )
        lines += ["", _msg(head, lang, total=len(items), counts=counts or "-")]
        if not items:
            continue
        width = max(24, *(len(u.name) + 2 for u in items))
        name = _msg("column_name", lang)
        lines.append(_msg("summary_columns", lang, name=name, width=width))
        for u in items:
            status = _msg(f"status_{u.status}", lang) + (f" : {u.reason}" if u.reason else "")
            if lang == "en" and u.reason:
                status = status.replace(" : ", ": ")
            lines.append(f"  {u.uses:>6} {u.files:>8}  {u.name:<{width}}{status}".rstrip())
    return lines


# ---- command ------------------------------------------------------------------------------------
def _files(paths: list[str]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in (".wl", ".wdw"))
        else:
            yield path


def check_command(
    paths: list[str],
    lang: str | None,
    fmt: str,
    read: Callable[[str], str],
    summary: bool = False,
) -> int:
    """Exit 0 when every file is clean, 1 when problems were found, 66 when a file is missing.

    With ``summary``, print the migration report instead of each problem.
    """
    found: list[Problem] = []
    per_file: list[list[Problem]] = []
    usages: list[Usage] = []
    langs: list[str] = []
    status = 0
    for path in _files(paths):
        try:
            text = read(str(path))
        except OSError as err:
            print(escape(f"wlmail: {path}: {err.strerror}"), file=sys.stderr)
            status = 66
            continue
        problems, usage = analyse(text, str(path), lang)
        found.extend(problems)
        per_file.append(problems)
        usages.append(usage)
        shown = lang or detect_lang(text)
        langs.append(shown)
        if fmt == "text" and not summary:
            for p in problems:
                print(p.text(shown))
    report_lang = lang or max(("fr", "en"), key=lambda lg: (langs.count(lg), lg == "fr"))
    report = summarize(usages, per_file, report_lang) if summary else None
    if fmt == "json":
        data: Any = [asdict(p) for p in found]
        if report is not None:
            data = {"problems": data, "summary": asdict(report)}
        print(json_safe(json.dumps(data, ensure_ascii=False, indent=2)))
    elif report is not None:
        print("\n".join(render_summary(report, report_lang)))
    if status:
        return status
    return 1 if found else 0
