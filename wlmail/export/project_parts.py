"""What a project's modules need beyond one program split by file (used by :mod:`.project`).

* **Globals read across modules.** A global the project's initialisation code declares and a
  procedure of another file reads (``gsServeur`` of ``Projet.wl`` in ``Courrier.wl``) lives in
  the module of its file (``Projet.py``: ``gsServeur: str = ""``); every other module writes it
  ``Projet.gsServeur`` after ``import Projet`` (a ``from Projet import gsServeur`` would copy
  the value the global had at import time, and ``main()`` setting it would change nothing).
* **Header comments.** The comment block that opens the initialisation file (and the main
  file) is the comment at the top of ``__main__.py``, not a comment inside ``main()``.
* **Files next to the program.** ``fRepExe()`` is the folder of the exported package: the
  files of the project folder that are not WLangage sources (``config/smtp.ini``,
  ``modeles/rapport.html``) are copied there, as WINDEV installs them next to the executable.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path
from typing import Any

from wlmail.project import CHECK_SUFFIXES, Project
from wlmail.syntax import nodes as n


def module_globals(text: str) -> set[str]:
    """The module variables a module declares (``name: type = value`` at its top level)."""
    return {
        node.target.id
        for node in ast.parse(text).body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
    }


def qualify(text: str, home: str, names: set[str]) -> tuple[str, list[str]]:
    """``text`` with each of ``names`` (globals of module ``home``) read and written as
    ``home.name``, and dropped from its ``global`` statements; and what prevents it (a local
    variable or a parameter of the same name)."""
    tree = ast.parse(text)
    problems: list[str] = []
    edits: list[tuple[int, int, int, str]] = []  # line, start byte, end byte, new text
    dropped: set[int] = set()
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        declared = {x for g in ast.walk(fn) if isinstance(g, ast.Global) for x in g.names}
        params = {a.arg for a in [*fn.args.args, *fn.args.kwonlyargs, *fn.args.posonlyargs]}
        stored = {
            x.id for x in ast.walk(fn) if isinstance(x, ast.Name) and isinstance(x.ctx, ast.Store)
        }
        for clash in sorted(names & ((stored - declared) | params)):
            problems.append(f"{fn.name}: a local variable named like the global {clash}")
    lines = text.split("\n")
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in names:
            edits.append((node.lineno, node.col_offset, node.end_col_offset or 0, home))
        elif isinstance(node, ast.Global) and set(node.names) & names:
            kept = [x for x in node.names if x not in names]
            if node.lineno != node.end_lineno:
                problems.append("a global statement on several lines")
                continue
            if kept:
                data = lines[node.lineno - 1].encode()
                start = data.index(b"global")
                edits.append((node.lineno, start, len(data), f"global {', '.join(kept)}"))
            else:
                dropped.add(node.lineno)
    for line, start, end, new in sorted(edits, reverse=True):
        data = lines[line - 1].encode()
        if new == home:
            seen = data[start:end].decode()
            if seen not in names:
                problems.append(f"the global {seen} at a place it cannot be found")
                continue
            new = f"{home}.{seen}"
        lines[line - 1] = (data[:start] + new.encode() + data[end:]).decode()
    kept_lines: list[str] = []
    for number, row in enumerate(lines, 1):
        if number in dropped:
            continue
        if number - 1 in dropped and not row.strip():
            continue  # the blank line after a global statement gone
        kept_lines.append(row)
    return "\n".join(kept_lines), problems


def header_lines(project: Project, main: Any, comments: dict[int, str]) -> list[int]:
    """The virtual lines of the comment block opening the initialisation file(s) (files that
    are neither the main one nor included, whose top level does more than hold classes and
    procedures), then the main file's."""
    files = [
        f
        for f in project.files
        if f is not main
        and not f.included
        and any(not isinstance(s, n.ProcDef | n.ClassDecl) for s in f.program.body)
    ]
    found: list[int] = []
    for f in [*files, main]:
        rows = f.text.split("\n")
        block: list[int] = []
        for number, row in enumerate(rows, 1):
            if row.strip() and number + f.offset not in comments:
                break
            if number + f.offset in comments and not row.strip().startswith("//"):
                break  # code with a comment after it
            block.append(number)
        while block and not rows[block[-1] - 1].strip():
            block.pop()
        if block and block[0] == 1:
            found += [k + f.offset for k in block]
    return found


def take_header(project: Project, main: Any, writer: Any) -> list[str]:
    """The header comments as ``#`` lines (a blank line between files' blocks), taken out of
    ``writer`` so that ``main()`` does not write them again."""
    out: list[str] = []
    previous = None
    for line in header_lines(project, main, writer.comments):
        if previous is not None and line != previous + 1:
            out.append("")
        previous = line
        if line in writer.comments:
            text = writer.comments.pop(line)
            source = project.locate(line)
            row = source[0].text.split("\n")[source[1] - 1].strip()
            out.append("#" if row == "//" else f"# {text}")
        elif out and out[-1] != "":
            out.append("")
        writer.own_line.discard(line)
        writer.blank.discard(line)
    return out


def copy_data_files(paths: list[str], folder: Path) -> None:
    """The files of a project folder that are not sources, to the same place under ``folder``."""
    if len(paths) != 1 or not Path(paths[0]).is_dir():
        return
    root = Path(paths[0]).resolve()
    target = folder.resolve()
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix.lower() in CHECK_SUFFIXES:
            continue
        if target == path or target in path.parents:
            continue  # the output folder inside the project
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        copied = folder / path.relative_to(root)
        copied.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copied)


def local_writes(text: str) -> list[str]:
    """Module globals a function of the same module assigns without declaring them
    ``global`` (a method of a class file counting in its file's global): refused."""
    names = module_globals(text)
    found: list[str] = []
    for fn in ast.walk(ast.parse(text)):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            declared = {x for g in ast.walk(fn) if isinstance(g, ast.Global) for x in g.names}
            stored = {
                x.id
                for x in ast.walk(fn)
                if isinstance(x, ast.Name) and isinstance(x.ctx, ast.Store)
            }
            found += [
                f"{fn.name}: the global {x} set there" for x in sorted(names & stored - declared)
            ]
    return found
