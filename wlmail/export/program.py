"""``wlmail export --python``: a WLangage script as a standalone Python program.

The program imports nothing from wlmail: mail is ``smtplib`` and ``EmailMessage``, the rest is
plain Python; what WLangage does that Python does not (``Gauche``, number to text…) is in a
small helper module written next to it (``<program>_wl.py``), holding only what the program
calls. Constructs the exporter cannot write are listed with their line (:class:`ExportError`);
with ``allow_unsupported`` each becomes ``raise NotImplementedError("script.wl:LINE: …")``.
The output is formatted with ruff when it is installed (``pip install ruff``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wlmail.errors import WLSyntaxError
from wlmail.export.base import ExportError, Unsupported
from wlmail.export.buffers import BuffersMixin
from wlmail.export.byref import ByRefMixin
from wlmail.export.callargs import CallArgsMixin
from wlmail.export.class_mail import ObjectMailMixin
from wlmail.export.constnames import ConstNamesMixin
from wlmail.export.control import ControlMixin
from wlmail.export.date_times import DateTimesMixin
from wlmail.export.dates import DatesMixin
from wlmail.export.decimals import DecimalsMixin
from wlmail.export.file_errors import FileErrorsMixin
from wlmail.export.file_lists import FileListsMixin
from wlmail.export.files import FilesMixin
from wlmail.export.grid import GridMixin
from wlmail.export.helpers import helper_module, helper_parts
from wlmail.export.incdec import IncDecMixin
from wlmail.export.infer import InferMixin
from wlmail.export.ini import IniMixin
from wlmail.export.internal import InternalMixin
from wlmail.export.lang_enums import EnumsMixin
from wlmail.export.lang_faults import LangFaultsMixin
from wlmail.export.lang_lambdas import LambdasMixin
from wlmail.export.lang_objects import ObjectsMixin
from wlmail.export.lang_overloads import OverloadsMixin
from wlmail.export.lang_procs import LangProcsMixin
from wlmail.export.lang_values import LangValuesMixin
from wlmail.export.mail_checks import CheckedBuildMixin
from wlmail.export.module_vars import ModuleVarsMixin
from wlmail.export.oauth_retry import RetryMixin
from wlmail.export.operators import OperatorsMixin
from wlmail.export.pep8 import pep8_table, renamed
from wlmail.export.program_info import ProgramInfoMixin
from wlmail.export.project_calls import ProjectCallsMixin
from wlmail.export.project_session import ReturnedMessageMixin
from wlmail.export.realfor import RealForMixin
from wlmail.export.receive_read import ReceiveReadMixin
from wlmail.export.resolve import checked
from wlmail.export.string_options import StringOptionsMixin
from wlmail.export.strings import StringsMixin
from wlmail.export.structargs import StructArgsMixin
from wlmail.export.structs import StructMixin
from wlmail.export.terminal import TerminalMixin
from wlmail.export.thrown import ThrownMixin
from wlmail.export.time_random import TimeRandomMixin
from wlmail.export.tuples import TuplesMixin
from wlmail.export.variadic import VariadicMixin
from wlmail.syntax import nodes as n
from wlmail.syntax.lexer import detect_lang
from wlmail.syntax.parser import parse_program
from wlmail.syntax.tokens import Token
from wlmail.textsafe import escape


@dataclass(slots=True)
class Export:
    """The program's text, the helper module's (``""``: none needed) and what was left out."""

    source: str
    helpers: str = ""
    helper_name: str = ""
    unsupported: list[Unsupported] = field(default_factory=list)
    helper_calls: int = 0


class Exporter(
    CheckedBuildMixin,
    LangProcsMixin,
    OverloadsMixin,
    LangFaultsMixin,
    LangValuesMixin,
    LambdasMixin,
    EnumsMixin,
    ObjectsMixin,
    TerminalMixin,
    DateTimesMixin,
    TimeRandomMixin,
    ThrownMixin,
    BuffersMixin,
    ProjectCallsMixin,
    ReturnedMessageMixin,
    ByRefMixin,
    TuplesMixin,
    CallArgsMixin,
    IncDecMixin,
    ConstNamesMixin,
    VariadicMixin,
    RealForMixin,
    GridMixin,
    StructArgsMixin,
    IniMixin,
    FileErrorsMixin,
    FileListsMixin,
    DecimalsMixin,
    ProgramInfoMixin,
    FilesMixin,
    InternalMixin,
    ControlMixin,
    DatesMixin,
    StructMixin,
    InferMixin,
    StringOptionsMixin,
    StringsMixin,
    OperatorsMixin,
    ModuleVarsMixin,
    ReceiveReadMixin,
    ObjectMailMixin,
    RetryMixin,
):
    def module(self, helper_name: str, inline: bool) -> Export:
        self.mail_setup()
        self.plan_module_vars()
        self.plan_types()
        self.class_setup()
        self.loop_types, self.const_types = {}, {}
        self.blocks = [0]
        main_body = [s for s in self.program.body if not isinstance(s, n.ProcDef | n.ClassDecl)]
        first = min((s.line for s in main_body), default=1)
        header = [f"# {self.out.comments.pop(k)}" for k in sorted(self.out.comments) if k < first]
        self.out.done = first - 1
        self.out.emit(0, self.main_def())
        self.block(main_body, first, self.globals_line(None))
        while len(self.out.lines) > 1 and not self.out.lines[1].strip():
            del self.out.lines[1]  # the blank lines of declarations written elsewhere
        for proc in self.program.procs:
            self.procedure(proc)
        self.out.upto(10**9)
        classes = self.class_section()
        body = "\n".join(self.out.lines)
        functions = self.program_functions()  # OAuth plumbing the program defines itself
        inline_code = ""
        if self.helpers and inline:  # the helpers' imports join the program's
            helper_imports, inline_code = helper_parts(self.helpers, self.lang)
            self.imports |= helper_imports
        stdlib = {i for i in self.imports if i.split()[1].split(".")[0] in sys.stdlib_module_names}
        block = "\n\n".join(x for x in (isort(stdlib), isort(self.imports - stdlib)) if x)
        helpers = ""
        if self.helpers and not inline:
            block += f"\n\nfrom {helper_name} import {', '.join(sorted(self.helpers))}"
            helpers = helper_module(
                self.helpers, self.short_name.removesuffix(".wl") + ".py", self.lang
            )
        consts = "\n".join(text for _, text in sorted(self.module_consts))
        if inline_code:  # isort: two blank lines after imports before a def, one otherwise
            gap = "\n\n\n" if inline_code.startswith(("def ", "class ")) else "\n\n"
            block = gap.join(x for x in (block, inline_code) if x)
        if consts:  # isort: one blank line between imports and code that is not a def
            block = "\n\n".join(x for x in (block, consts) if x)
        parts = ["\n".join(header), block, functions, classes]
        parts.append(body)
        parts.append(f'if __name__ == "__main__":\n    {self.main_run()}')
        source = "\n\n\n".join(p for p in parts if p.strip()) + "\n"
        return Export(source, helpers, helper_name, self.problems, self.helper_calls)


def isort(lines: set[str]) -> str:
    """One section of imports as isort writes it: ``import x`` lines, then ``from x import``,
    one line per module (``from dataclasses import dataclass, field``)."""
    imports = sorted(i for i in lines if i.startswith("import "))
    names: dict[str, set[str]] = {}
    for line in lines:
        if line.startswith("from "):
            module, _, what = line.removeprefix("from ").partition(" import ")
            names.setdefault(module, set()).update(x.strip() for x in what.split(","))
    froms = [f"from {m} import {', '.join(sorted(ns, key=by_type))}" for m, ns in names.items()]
    return "\n".join([*imports, *sorted(froms)])


def by_type(name: str) -> tuple[int, str]:
    """isort's order of imported names: CONSTANTS, then Classes, then functions."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return kind, name


def helper_name_for(program: str) -> str:
    stem = Path(program).stem
    clean = "".join(c if c.isalnum() else "_" for c in stem)
    return f"{clean}_wl" if clean[:1].isalpha() else f"wl_{clean}"


def export_python(
    text: str,
    filename: str = "script.wl",
    allow_unsupported: bool = False,
    output: str | None = None,
    pep8_names: bool = False,
) -> Export:
    """The Python program for ``text``. Raises :class:`WLSyntaxError` for a syntax error and
    :class:`ExportError` for unsupported constructs (unless ``allow_unsupported``). With no
    ``output`` file the helpers are written inside the program; with ``pep8_names`` the
    script's names are written as PEP 8 wants them (export/pep8.py)."""
    result, program = _export(text, filename, allow_unsupported, output)
    if not pep8_names:
        return result
    table = pep8_table(program, text, result.source + result.helpers)
    with renamed(table):
        return _export(text, filename, allow_unsupported, output)[0]


def _export(
    text: str, filename: str, allow_unsupported: bool, output: str | None
) -> tuple[Export, n.Program]:
    tokens: list[Token] = []
    program = parse_program(text, filename, tokens=tokens)
    errors: list[Any] = []
    exporter = Exporter(program, filename, allow_unsupported, checked(program, text, errors))
    exporter.short_name = Path(filename).name
    exporter.source_text = text  # shown with a fatal error, as wlmail run shows it
    exporter.out.load(text, tokens)
    helper = helper_name_for(output or filename)
    result = exporter.module(helper, inline=output is None)
    if result.unsupported and not allow_unsupported:
        raise ExportError(said_by_check(result.unsupported, errors))
    result.source = ruff_format(result.source)
    if result.helpers:
        result.helpers = ruff_format(result.helpers)
    compile(result.source, filename.removesuffix(".wl") + ".py", "exec")  # our own check
    return result, program


def said_by_check(problems: list[Unsupported], errors: list[Any]) -> list[Unsupported]:
    """The constructs not exported; on a line where ``check`` found errors, those errors, in
    check's words: an unknown ``emailOptionTLS`` is check's "unknown; did you mean
    emailOptionSécuriséTLS?", not the exporter's "an Option that is not one of the
    constants"."""
    said: dict[int, list[Any]] = {}
    for error in errors:
        said.setdefault(error.line, []).append(error)
    kept: list[Unsupported] = []
    done: set[int] = set()
    for problem in problems:
        if problem.line not in said:
            kept.append(problem)
        elif problem.line not in done:
            done.add(problem.line)
            for error in said[problem.line]:
                kept.append(Unsupported(problem.filename, error.line, error.column, error.message))
    return kept


def ruff_format(source: str) -> str:
    """``source`` formatted by ruff when it is installed, else as it is."""
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        return source
    done = subprocess.run(
        [ruff, "format", "--isolated", "--stdin-filename", "export.py", "-"],
        input=source,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout if done.returncode == 0 else source


def export_command(
    path: str,
    output: str | None = None,
    allow_unsupported: bool = False,
    read: Callable[[str], str] | None = None,
    pep8_names: bool = False,
) -> int:
    """``wlmail export --python FILE [-o OUT] [--allow-unsupported]``.

    Exit 0 written, 1 unsupported constructs (listed on stderr; nothing written), 65 syntax
    error, 66 unreadable file, 73 the output cannot be written.
    """
    try:
        text = read(path) if read is not None else Path(path).read_text(encoding="utf-8-sig")
    except OSError as err:
        print(escape(f"wlmail: {path}: {err.strerror}"), file=sys.stderr)
        return 66
    target = None if output in (None, "-") else output
    try:
        result = export_python(text, path, allow_unsupported, target, pep8_names)
    except WLSyntaxError as err:
        lang = detect_lang(text)
        print(err.render(text, "erreur" if lang == "fr" else "error"), file=sys.stderr)
        return 65
    except ExportError as err:
        for problem in err.problems:
            print(problem.text(), file=sys.stderr)
        print(
            f"wlmail: {len(err.problems)} construct(s) not exported; "
            "--allow-unsupported writes them as NotImplementedError",
            file=sys.stderr,
        )
        return 1
    for problem in result.unsupported:
        print(problem.text(), file=sys.stderr)
    if target is None:
        sys.stdout.write(result.source)
        return 0
    try:  # the helper module first: a program is never left importing a missing one
        if result.helpers:
            Path(target).with_name(result.helper_name + ".py").write_text(
                result.helpers, encoding="utf-8"
            )
        Path(target).write_text(result.source, encoding="utf-8")
    except OSError as err:
        print(escape(f"wlmail: {err.filename or target}: {err.strerror}"), file=sys.stderr)
        return 73
    return 0
