"""``wlmail export --python FOLDER -o OUT``: a WLangage project as a folder of Python modules.

The project is loaded as ``wlmail run`` loads it (:mod:`wlmail.project`: ``EXTERNE`` files
spliced where they are included, every procedure and class known everywhere) and exported as
one program; each piece is then written to the module of the file that declares it:
``OUT/<File>.py`` holds a file's classes, procedures and constants, ``OUT/__main__.py`` the
main code (the top-level code of every file, in the order ``wlmail run`` runs it) in ``main()``.
Modules import from each other the names they use (``from CRapport import CRapport``), so
``python OUT`` runs the project. Modules that would import each other are reported.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from wlmail.errors import WLSyntaxError
from wlmail.export.base import ExportError, Unsupported
from wlmail.export.helpers import helper_module
from wlmail.export.pep8 import pep8_table, renamed
from wlmail.export.program import Exporter, ruff_format
from wlmail.export.project_parts import (
    copy_data_files,
    local_writes,
    module_globals,
    qualify,
    take_header,
)
from wlmail.export.writer import Writer
from wlmail.project import Project, ProjectError, load_project
from wlmail.syntax.parser import parse_program
from wlmail.syntax.tokens import Token
from wlmail.textsafe import escape

HELPERS = "project_wl"
FUNCTIONS = "mail_functions"  # the functions an exported program defines (mail_headers.py)


def module_name(path: str, taken: set[str]) -> str:
    stem = Path(path.replace("\\", "/")).stem
    clean = "".join(c if c.isalnum() or c == "_" else "_" for c in stem)
    clean = clean if clean[:1].isalpha() else f"m_{clean}"
    name, i = clean, 2
    while name.casefold() in taken or name in sys.stdlib_module_names:
        name, i = f"{clean}_{i}", i + 1
    taken.add(name.casefold())
    return name


def load_comments(exporter: Exporter, project: Project) -> None:
    """Each file's comments and blank lines, at the lines the merged program gives them."""
    out = exporter.out
    for f in project.files:
        tokens: list[Token] = []
        parse_program(f.text, f.path, lang=project.program.lang, tokens=tokens)
        own = Writer()
        own.load(f.text, tokens)
        out.comments.update({k + f.offset: v for k, v in own.comments.items()})
        out.own_line |= {k + f.offset for k in own.own_line}
        out.blank |= {k + f.offset for k in own.blank}


def export_project(project: Project, allow: bool) -> tuple[dict[str, str], list[Unsupported]]:
    """The modules of ``project`` (file name -> source) and what was not exported."""
    main = project.main or project.files[0]
    exporter = Exporter(project.program, main.path, allow)
    exporter.short_name = Path(main.path).name
    load_comments(exporter, project)
    opening = take_header(project, main, exporter.out)
    exporter.file_starts = tuple(f.offset + 1 for f in project.files)
    exporter.own_procs = frozenset(
        id(p) for p in project.program.procs if project.locate(p.line)[0] is not main
    )
    whole = exporter.module(HELPERS, inline=False)
    problems = [relocated(project, p) for p in whole.unsupported]
    taken: set[str] = set()
    names = {f.path: module_name(f.path, taken) for f in project.files if f is not main}
    names[main.path] = "__main__"
    pieces: dict[str, list[str]] = {m: [] for m in names.values()}
    for line, lines in sorted(exporter.chunks, key=lambda c: c[0]):
        pieces[names[project.locate(line)[0].path]].append("\n".join(lines))
    consts: dict[str, list[str]] = {m: [] for m in names.values()}
    for line, text in sorted(exporter.module_consts):
        consts[names[project.locate(line)[0].path]].append(text)
    main_lines = exporter.out.lines[: exporter.main_end]
    tail = exporter.out.lines[exporter.main_end :]
    trailing = [x for x in tail if x.startswith("#")] if exporter.chunks else []
    pieces["__main__"][:0] = ["\n".join(main_lines)]
    pieces["__main__"].append("\n".join(trailing))
    pieces["__main__"].append('if __name__ == "__main__":\n    main()')
    code = {
        m: "\n\n".join(consts[m]) + "\n\n\n" + "\n\n\n".join(p for p in pieces[m] if p.strip())
        for m in pieces
    }
    code = {m: c for m, c in code.items() if c.strip() or m == "__main__"}
    homes = {m: module_globals(c) for m, c in code.items() if m != "__main__"}
    path_of = {module: path for path, module in names.items()}
    for m in homes:
        problems += [Unsupported(path_of[m], 1, 1, w) for w in local_writes(code[m])]
    functions = exporter.program_functions()  # safe_header, the OAuth plumbing: one module
    if functions:
        code[FUNCTIONS] = functions
    qualified: dict[str, set[str]] = {m: set() for m in code}
    taken_names = {x for c in code.values() for x in defined_names(c) | used_names(c)}
    alias = {h: f"{h}_globals" if h in taken_names else h for h in homes}  # class CRapport
    for m in code:
        for home, shared in sorted(homes.items()):
            read = shared & used_names(code[m])
            if home != m and read:
                qualified[m].add(home)
                code[m], why = qualify(code[m], alias[home], read)
                problems += [Unsupported(main.path, 1, 1, f"{m}: {w}") for w in why]
    in_main = module_globals(code["__main__"]) if "__main__" in code else set()
    for m, text in code.items():
        for var in (
            sorted(in_main & used_names(text) - defined_names(text)) if m != "__main__" else []
        ):
            problems.append(Unsupported(main.path, 1, 1, f"{m}: the main file's global {var}"))
    defined = {m: defined_names(c) for m, c in code.items()}
    imports = sorted(exporter.imports)
    modules: dict[str, str] = {}
    graph: dict[str, set[str]] = {}
    for m, text in code.items():
        used = used_names(text)
        header = [i for i in imports if imported(i) & used]
        if exporter.helpers:
            mine = sorted(h for h in exporter.helpers if h in used)
            if mine:
                header.append(f"from {HELPERS} import {', '.join(mine)}")
        graph[m] = set(qualified[m])
        header += [
            f"import {h}" + (f" as {alias[h]}" if alias[h] != h else "") for h in sorted(graph[m])
        ]
        for other, names_ in sorted(defined.items()):
            wanted = sorted((names_ & used) - defined[m])
            if other != m and other != "__main__" and wanted:
                header.append(f"from {other} import {', '.join(wanted)}")
                graph[m].add(other)
        head = "\n".join(sorted(x for x in header if x.startswith("import ")))
        froms = "\n".join(sorted(x for x in header if x.startswith("from ")))
        block = "\n".join(x for x in (head, froms) if x)
        modules[f"{m}.py"] = sort_imports(ruff_format(block + "\n\n\n" + text.strip("\n") + "\n"))
    if opening:  # the project's header comment opens the program
        modules["__main__.py"] = "\n".join(opening) + "\n\n" + modules["__main__.py"].lstrip("\n")
    for cycle in cycles(graph):
        problems.append(Unsupported(main.path, 1, 1, f"modules importing each other: {cycle}"))
    if exporter.helpers:
        modules[f"{HELPERS}.py"] = ruff_format(
            helper_module(exporter.helpers, "the project", exporter.lang)
        )
    return modules, problems


def sort_imports(source: str) -> str:
    """The blank lines after the imports as isort wants them (ruff, when installed)."""
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        return source
    done = subprocess.run(
        [ruff, "check", "--isolated", "--select", "I", "--fix", "--quiet", "-"],
        input=source,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout if done.stdout.strip() else source


def relocated(project: Project, problem: Unsupported) -> Unsupported:
    found, line = project.locate(problem.line)
    return Unsupported(found.path, line, problem.column, problem.message)


def defined_names(text: str) -> set[str]:
    """Names a module defines at its top level."""
    found: set[str] = set()
    for node in ast.parse(text).body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef):
            found.add(node.name)
        elif isinstance(node, ast.Assign):
            found |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            found.add(node.target.id)
    found.discard("main")
    return found


def used_names(text: str) -> set[str]:
    """Names a module reads, quoted annotations (``"CLettre"``) included."""
    used: set[str] = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Name):
            used.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            head = node.value.split(" | ")[0]
            if head.isidentifier():
                used.add(head)
    return used


def imported(statement: str) -> set[str]:
    """The names an import statement binds."""
    if statement.startswith("import "):
        return {statement.split()[1].split(".")[0]}
    return {x.strip() for x in statement.partition(" import ")[2].split(",")}


def cycles(graph: dict[str, set[str]]) -> list[str]:
    found: list[str] = []
    for start in sorted(graph):
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for nxt in sorted(graph.get(node, ())):
                if nxt == start:
                    found.append(" -> ".join([*path, start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    return sorted(set(found))[:1]


def export_project_command(
    paths: list[str],
    output: str | None,
    allow: bool,
    read: Callable[[str], str],
    pep8_names: bool = False,
) -> int:
    """``wlmail export --python FOLDER -o OUT``: exit 0 written, 1 unsupported constructs
    (listed, nothing written), 64 no output folder or no main file, 65 syntax error."""
    if output in (None, "-"):
        print("wlmail: export: a project is written to a folder: add -o FOLDER", file=sys.stderr)
        return 64
    assert output is not None
    try:
        project = load_project(paths, read)
    except ProjectError as err:
        print(escape(f"wlmail: {err}"), file=sys.stderr)
        return err.exit_code
    except WLSyntaxError as err:
        print(escape(str(err)), file=sys.stderr)
        return 65
    if project.errors:
        for error in project.errors:
            text = project.texts.get(error.filename, "")
            print(
                error.render(text, "erreur" if project.lang == "fr" else "error"), file=sys.stderr
            )
        return 65
    try:
        modules, problems = export_project(project, allow)
        if pep8_names and not problems:
            text = "\n".join(f.text for f in project.files)
            table = pep8_table(project.program, text, "\n".join(modules.values()))
            with renamed(table):
                modules, problems = export_project(project, allow)
    except ExportError as err:
        problems, modules = err.problems, {}
    for problem in problems:
        print(problem.text(), file=sys.stderr)
    if problems and not allow:
        print(
            f"wlmail: {len(problems)} construct(s) not exported; "
            "--allow-unsupported writes them as NotImplementedError",
            file=sys.stderr,
        )
        return 1
    folder = Path(output)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in modules.items():
            (folder / name).write_text(text, encoding="utf-8")
        copy_data_files(paths, folder)
    except OSError as err:
        print(escape(f"wlmail: {err.filename or output}: {err.strerror}"), file=sys.stderr)
        return 73
    return 0
