"""What ``wlmail lsp`` knows about one document: ``wlmail check``'s problems and where each
user name is defined and used, kept per part (lsp/parts.py) so that an edit re-checks only what
it touched.

The checking compiler of ``wlmail check`` (:class:`wlmail.check.Checker`) does the work; the
:class:`~wlmail.lsp.recorder.Recorder` only notes, as it resolves each name, which variable,
procedure, constant, structure, class, member, method or enumeration the name means. No
second analyser: what the editor shows is what ``wlmail check`` and ``wlmail run`` decide.
What the other files of the document's project declare (lsp/context.py) is compiled with it.

Incremental rule: what a procedure sees of the rest is the main code's declarations (globals,
their types, structures, constants) and the other procedures' first lines. An edit re-checks
the parts whose text changed; when the main code or a first line changed, the main code is
checked again, and so is every procedure that names what changed (or has an unknown name,
whose "did you mean" reads every name). A document with classes is first checked whole
(classes, then the methods bound to them), and then the same way while what its classes are
and its first lines stay the same (:meth:`Document._check_classes`). A test compares the
result with ``wlmail check`` after edits anywhere (tests/test_lsp_incremental.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from wlmail.check import Problem, problems_of
from wlmail.errors import WLSyntaxError
from wlmail.lsp.context import EMPTY, Context
from wlmail.lsp.parts import Part, materialize, update
from wlmail.lsp.recorder import FOREIGN, Occurrence, Recorder, class_model
from wlmail.project import is_declaration
from wlmail.runtime.driver import gc_paused
from wlmail.runtime.host import CaptureHost
from wlmail.runtime.state import Runtime
from wlmail.syntax import nodes as n
from wlmail.syntax.classfile import bind_methods
from wlmail.syntax.lexer import detect_lang

__all__ = ["Document", "Occurrence"]

# problems whose message cites another line: re-checked when their part moves
_CITE_LINES = frozenset({"duplicate_variable", "duplicate_procedure"})


class Document:
    """One open (or folder) document and its last analysis."""

    def __init__(self, uri: str, filename: str) -> None:
        self.uri, self.filename = uri, filename
        self.text = ""
        self.lines: list[str] = []
        self.lang = "fr"
        self.parts: list[Part] = []
        self.checker: Recorder | None = None
        self.checked_lang = ""  # the language the checker was made for
        self.headers: dict[str, str] = {}  # procedure -> its first line(s)
        self.seen: dict[str, Any] = {}  # what procedures see of the main code, by name
        self.rechecked = 0  # procedures the last update checked again
        self.version = 0
        self.context: Context = EMPTY  # what the other files of the project declare
        self.classes: dict[str, Any] = {}  # the class model the last check knew (class_model)
        self.whole = False  # the checker is a whole check's (a document with classes)
        self.duplicates = False  # that whole check found a procedure defined twice
        self.heads: list[str] = []  # the procedures' first lines as written then
        # problems the declaration of the classes found on a procedure's first line(s), by
        # that procedure's header, lines counted from its part's first line
        self.declared: dict[str, list[Problem]] = {}

    # -- analysis -----------------------------------------------------------------------------
    def update(self, text: str, context: Callable[[bool], Context] | None = None) -> None:
        """Analyse ``text``, re-using what an earlier version learnt where it still holds;
        ``context(main_code)`` gives what the other files of the project declare (lsp/context.py),
        the document's top level doing more than declare or not."""
        lang = detect_lang(text)
        old = self.parts if lang == self.lang else []
        self.text, self.lang = text, lang
        self.lines = text.splitlines()
        self.version += 1
        self.rechecked = 0
        with gc_paused():
            self.parts = update(old, text, self.filename, lang)
            main = self.parts[0]
            if main.error is not None:  # without the globals, the rest would be noise
                self.checked_lang, self.checker = "", None
                for part in self.parts:
                    part.problems, part.checked = _syntax(part, self.filename), False
                return
            ctx = context(_main_code(main)) if context is not None else EMPTY
            if ctx is not self.context:
                self.checker = None  # another file changed what this one sees
            self.context = ctx
            if _declares_classes(self.parts):
                self._check_classes()
                return
            headers = _headers(self.parts)
            dirty = [p for p in self.parts[1:] if not p.checked or _cites_moved(p)]
            if (
                lang != self.checked_lang
                or self.checker is None
                or self.whole
                or any(p.code == "duplicate_procedure" for p in self.problems())
            ):
                self._check_main()
                dirty = self.parts[1:]
                self.checked_lang = lang
            elif not main.checked or headers != self.headers:
                # the main code or a procedure's first line changed: who sees it?
                seen = self.seen
                self._check_main()
                changed = _changed(seen, self.seen) | _changed(self.headers, headers)
                if changed:
                    dirty = [p for p in self.parts[1:] if _sees(p, changed) or p in dirty]
            self.headers = headers
            assert self.checker is not None
            self.rechecked = len(dirty)
            for part in dirty:
                self._check_proc(self.checker, part)

    def _check_classes(self) -> None:
        """A document with classes: checked whole when its main code (where the classes are
        declared), a procedure's first line, its language or its project changed; otherwise
        only the procedures and methods whose text changed are checked again, with the class
        model of the last whole check (what a method sees of the rest is the same as a
        procedure's: the main code's declarations and the others' first lines)."""
        checker, main = self.checker, self.parts[0]
        headers = _headers(self.parts)
        if (
            checker is None
            or not self.whole
            or self.checked_lang != self.lang
            or headers != self.headers
            or self.duplicates
            or _heads(self.parts) != self.heads
        ):
            self._check_whole()
            return
        dirty = [p for p in self.parts[1:] if not p.checked or _cites_moved(p)]
        if not main.checked:  # the main code changed: the classes it declares too?
            for part in self.parts:
                materialize(part)
            seen, shape, model = self.seen, _class_shape(checker), self.classes
            self._check_main(classes=True)
            checker = self.checker
            assert checker is not None
            if _class_shape(checker) != shape:
                self._check_whole()
                return
            self.classes, self.whole = model, True  # the methods' parameters: unchanged
            changed = _changed(seen, self.seen)
            dirty += [p for p in self.parts[1:] if p not in dirty and _sees(p, changed)]
        for part in dirty:
            materialize(part)
        assert main.program is not None
        procs = [d for p in dirty if p.program is not None for d in p.program.procs[:1]]
        _bind(n.Program(1, 1, main.program.body, procs, self.filename, "", self.lang))
        for part in dirty:
            self._check_proc(checker, part, whole=True)
            declared = self.declared.get(_head(part), [])
            here = [replace(p, line=p.line + part.start) for p in declared]
            if here:
                found = {*part.problems, *here}
                part.problems = sorted(found, key=lambda p: (p.line, p.column))
        self.rechecked = len(dirty)

    def _check_whole(self) -> None:
        """A document that declares classes, interfaces or enumerations is checked whole, as
        ``wlmail check`` does (classes first, then methods bound to them); its parts share
        out the result (what each holds: its problems, its names)."""
        for part in self.parts:
            materialize(part)
        procs = [d for p in self.parts[1:] if p.program is not None for d in p.program.procs]
        main = self.parts[0]
        assert main.program is not None
        own = n.Program(1, 1, main.program.body, procs, self.filename, self.text, self.lang)
        _bind(own)  # this file's class-file rule, before the others' declarations join
        ctx = self.context
        body, procs = ctx.body + main.program.body, ctx.procs + procs
        program = n.Program(1, 1, body, procs, self.filename, self.text, self.lang)
        checker = self._checker(program)
        try:
            checker.compile_program()
            found = _own(problems_of(checker.diags, self.filename))
        except WLSyntaxError as err:
            found = [_problem(self.filename, err)]
        syntax = [p for part in self.parts[1:] for p in _syntax(part, self.filename)]
        problems: dict[int, list[Problem]] = {}
        for p in sorted({*found, *syntax}, key=lambda p: (p.line, p.column)):
            problems.setdefault(id(self.part_at(p.line)), []).append(p)
        shared: dict[int, list[Occurrence]] = {}
        for occ in dict.fromkeys(checker.records):  # each part holds the names written in it
            shared.setdefault(id(self.part_at(occ.line)), []).append(occ)
        for part in self.parts:  # a part that does not parse keeps its names (_keep_names)
            part.problems, part.checked = problems.get(id(part), []), True
            kept = part.records if part.error is not None else []
            part.records = list(dict.fromkeys([*shared.get(id(part), []), *kept]))
        self.declared = {}
        for p in _own(problems_of(checker.diags[: checker.declared_upto], self.filename)):
            part = self.part_at(p.line)
            if part.header:
                self.declared.setdefault(_head(part), []).append(
                    replace(p, line=p.line - part.start)
                )
        self.checker, self.checked_lang, self.whole = checker, self.lang, True
        self.duplicates = any(p.code == "duplicate_procedure" for p in found)
        self.heads = _heads(self.parts)
        self.seen, self.headers = _seen(checker), _headers(self.parts)
        self.classes = class_model(checker)
        self.rechecked = len(self.parts) - 1

    def _checker(self, program: n.Program) -> Recorder:
        checker = Recorder(Runtime(CaptureHost(), self.lang, self.filename), program)
        checker.text = self.text  # columns inside a statement, as check finds them
        checker.bind_own_methods = False  # each file's class-file rule is applied apart
        checker.loaded = self.context.loaded
        checker.describe = self.context.describe
        return checker

    def _check_main(self, classes: bool = False) -> None:
        """A new checker: the procedures' headers, then the main code, checked; with
        ``classes``, the document's classes are declared first (its parts are where they
        stand, and its methods bound to their classes)."""
        main, procs = self.parts[0], self.parts[1:]
        materialize(main)
        assert main.program is not None
        defs = [d for p in procs if p.program is not None for d in p.program.procs[:1]]
        if len({d.name.key for d in defs}) != len(defs):
            for part in procs:  # "already defined line N" needs every header where it stands
                materialize(part)
        ctx = self.context
        body = ctx.body + main.program.body
        program = n.Program(1, 1, body, ctx.procs + defs, self.filename, self.text, self.lang)
        checker = self._checker(program)
        self.checker, self.classes, self.whole = checker, {}, False
        try:
            if ctx.classes or classes:  # the classes, the other files' methods' first lines
                checker.declare_classes()
                for proc in ctx.procs:
                    method = checker.method_of.get(id(proc))
                    if method is not None:
                        checker._compile_proc(proc, method)
                self.classes = class_model(checker)
            for proc in program.procs:
                if id(proc) not in checker.method_of:
                    checker._declare_proc(proc, checker.rt.procs)
            checker.block(body)
            main.problems = _own(problems_of(checker.diags, self.filename))
            if classes:  # what declaring the classes found on methods' lines: theirs
                main.problems = [p for p in main.problems if p.line <= main.end]
        except WLSyntaxError as err:
            main.problems = [_problem(self.filename, err)]
        main.records, main.checked = list(dict.fromkeys(checker.records)), True
        self.seen = _seen(checker)

    def _check_proc(self, checker: Recorder, part: Part, whole: bool = False) -> None:
        """Check one procedure again; a part that does not parse shows its syntax error
        (and, as in a whole check (``whole``), what its first line alone gives)."""
        materialize(part)
        if checker.text is not self.text:  # columns inside a statement: this version's lines
            checker.text = self.text
        start = len(checker.diags)
        checker.records = []
        proc = part.program.procs[0] if part.program is not None and part.program.procs else None
        target = _compiled(checker, proc) if proc is not None else None
        try:
            if proc is not None and target is not None:
                checker._compile_proc(proc, target)
            part.problems = _own(problems_of(checker.diags[start:], self.filename))
        except WLSyntaxError as err:
            part.problems = [_problem(self.filename, err)]
        del checker.diags[start:]
        part.records, part.checked = list(dict.fromkeys(checker.records)), True
        if part.error is not None:
            found = [*part.problems, *_syntax(part, self.filename)] if whole else []
            part.problems = found or _syntax(part, self.filename)

    # -- answers ------------------------------------------------------------------------------
    def problems(self) -> list[Problem]:
        found = [p for part in self.parts for p in part.problems]
        return sorted(found, key=lambda p: (p.line, p.column))

    def records(self) -> Iterator[Occurrence]:
        for part in self.parts:
            yield from part.records

    def part_at(self, line: int) -> Part:
        """The part holding ``line`` (1-based)."""
        for part in reversed(self.parts):
            if part.start <= line:
                return part
        return self.parts[0]

    def occurrence_at(self, line: int, col: int) -> Occurrence | None:
        """The user name under (1-based) ``line``, ``col``."""
        found: Occurrence
        for found in self.part_at(line).records:
            if found.line == line and found.col <= col <= found.end:
                return found
        return None

    def definition(self, key: str) -> Occurrence | None:
        first: Occurrence | None = None
        for occ in self.records():
            if occ.key == key:
                if occ.definition:
                    return occ
                first = first or occ
        return first


def _declares_classes(parts: list[Part]) -> bool:
    """Classes, interfaces or enumerations declared, or a method of a class defined."""
    program = parts[0].program
    kinds = (n.ClassDecl, n.EnumDecl)
    if program is not None and any(isinstance(node, kinds) for node in program.body):
        return True
    return any(
        proc.owner is not None
        for part in parts[1:]
        if part.program is not None
        for proc in part.program.procs[:1]
    )


def _head(part: Part) -> str:
    """A procedure's first line(s) as written (a problem's column depends on its indent)."""
    return part.header + "\0" + part.text.partition("\n")[0]


def _bind(program: n.Program) -> None:
    """The class-file rule (syntax/classfile.py) for this version of the document: what an
    earlier version bound (``Constructeur`` to the class above it) may no longer hold."""
    for proc in program.procs:
        owner = proc.owner
        if owner is not None and (owner.line, owner.col) == (proc.line, proc.col):
            proc.owner = None  # bound by the rule, not written `PROCÉDURE C.M()`
    bind_methods(program)


def _heads(parts: list[Part]) -> list[str]:
    return [_head(p) for p in parts[1:]]


def _class_shape(checker: Recorder) -> Any:
    """What a method sees of the classes: their members' types, constants, methods and
    ancestors (not the methods' parameters, known once each is compiled)."""
    return {
        key: (
            cls.name,
            cls.parent.key if cls.parent is not None else "",
            tuple(
                (k, f.name, _shape(f.vtype), f.access, f.is_global) for k, f in cls.fields.items()
            ),
            tuple((k, repr(v)) for k, v in cls.consts.items()),
            tuple(cls.methods),
            tuple(sorted(cls.abstract)),
            cls.interface,
        )
        for key, cls in checker.classes.items()
    } | {
        f"enum:{k}": tuple((m, repr(v.value)) for m, v in e.items())
        for k, e in checker.enums.items()
    }


def _compiled(checker: Recorder, proc: n.ProcDef) -> Any:
    """The procedure, or method of a known class, that ``proc`` declares in ``checker``."""
    if proc.owner is not None:
        cls = checker.classes.get(proc.owner.key)
        method = cls.methods.get(proc.name.key) if cls is not None else None
        if method is not None:
            return method
    return checker.rt.procs.get(proc.name.key)


def _main_code(main: Part) -> bool:
    """Does the document's top level do more than declare (is it a project's main file)?"""
    program = main.program
    return program is not None and not all(is_declaration(s) for s in program.body)


def _own(problems: list[Problem]) -> list[Problem]:
    """The problems of the document, not those of the other files compiled with it."""
    return [p for p in problems if p.line < FOREIGN]


def _syntax(part: Part, filename: str) -> list[Problem]:
    if part.error is None:
        return []
    problem = _problem(filename, part.error)
    return [replace(problem, line=problem.line + part.delta)]


def _problem(filename: str, err: WLSyntaxError) -> Problem:
    return Problem(filename, err.line, err.column, "error", "syntax", err.message)


def _seen(checker: Recorder) -> dict[str, Any]:
    """What the main code gives the procedures, by folded name: its globals and their types
    (and a constant's value: it may size an array), its structures, its internal procedures."""
    glob = checker.globals
    seen: dict[str, Any] = {}
    for k, v in glob.vars.items():
        value = repr(checker.rt.globals.get(k)) if v.const else None
        seen[k] = ("v", v.name, _shape(v.vtype), v.const, v.auto, value)
    for k, t in checker.structs.items():
        seen[k] = (*seen.get(k, ()), "s", _shape(t))
    for k in glob.procs:
        seen[k] = (*seen.get(k, ()), "p")
    return seen


def _headers(parts: list[Part]) -> dict[str, str]:
    """Each procedure's first line(s), by folded name (what the other parts see of it)."""
    out: dict[str, str] = {}
    for part in parts[1:]:
        procs = part.program.procs if part.program is not None else []
        for proc in procs[:1]:
            out[proc.name.key] = out.get(proc.name.key, "") + part.header
    return out


def _changed(old: dict[str, Any], new: dict[str, Any]) -> set[str]:
    return {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}


def _sees(part: Part, changed: set[str]) -> bool:
    """Whether a procedure may read differently now that the main code's ``changed`` names
    changed: it writes one of them, it does not parse, or it has an unknown name (whose "did
    you mean" looks at every global)."""
    if part.error is not None or not part.tokens:
        return True
    if any(p.code in ("unknown_name", "unknown_type") for p in part.raw_problems):
        return True
    return not changed.isdisjoint(part.names())


def _shape(vtype: Any) -> tuple[Any, ...]:
    """A type as data (its conversion functions differ from one checker to the next)."""
    if vtype is None:
        return ()
    fields = tuple(sorted((k, _shape(f)) for k, f in (vtype.fields or {}).items()))
    return (vtype.id, _shape(vtype.elem), fields)


def _cites_moved(part: Part) -> bool:
    return any(p.code in _CITE_LINES for p in part.raw_problems)
