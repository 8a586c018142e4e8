"""``fListeFichier``/``fListFile`` with a procedure called for each file, in ``export --python``.

``fListeFichier(masque, Procédure [, paramètre [, frRécursif]])`` is the helper
``each_file(masque, Procédure, paramètre, recursive=True)``, which does what
``wlmail/builtins/files.py`` does: the files are found as for the list form (export/files.py),
the procedure is called with the full name, the name and the parameter, until it returns
``False``; the result is how many files it was called for. The procedure is a ``def`` of the
program taking those three: its untyped parameters get the types of what it is given (two
texts and the parameter's type) as the calls of a procedure give them (export/infer.py).
A procedure named by a text, another number of parameters or options that are not constants
are refused.
"""

from __future__ import annotations

import ast
from typing import Any

from wlmail.export.base import Py, Skip, py_name
from wlmail.export.exprs import const, name
from wlmail.export.file_helpers import RECORDS
from wlmail.export.files import FilesMixin
from wlmail.export.infer import InferMixin
from wlmail.export.stmts import walk
from wlmail.syntax import nodes as n

FILE_LIST_HELPERS: dict[str, str] = {
    "each_file": '''
from collections.abc import Callable
from typing import Any


def each_file(
    pattern: str,
    procedure: Callable[[str, str, Any], object],
    parameter: Any = None,
    recursive: bool = False,
) -> int:
    """fListeFichier/fListFile with a procedure: ``procedure(full name, name, parameter)``
    for each file matching ``pattern`` (see _matching), until it returns False; how many
    files it was called for (0 when the directory cannot be read)."""
    import os

    _clear()
    try:
        found = _matching(pattern, recursive)
    except OSError as err:
        _fail_os(pattern, err)
        return 0
    count = 0
    for full in found:
        count += 1
        if procedure(full, os.path.basename(full), parameter) is False:
            break
    return count
''',
}
FILE_LIST_NEEDS = {"each_file": [*RECORDS, "_matching"]}


class FileListsMixin(FilesMixin, InferMixin):
    def mail_call(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        if entry.id == "f_list_file" and 2 <= len(args) <= 4 and self.callback(args[1]):
            return self.each_file(node, entry, args)
        return super().mail_call(node, entry, args)

    def each_file(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py:
        target = self.callback(args[1])
        assert target is not None
        if target.params is None or len(target.params) != 3:
            raise Skip(node, f"{entry.name(self.lang)} with a procedure not taking 3 parameters")
        codes = [self.path_arg(args[0]), name(py_name(target.name.name))]
        if len(args) >= 3:
            codes.append(self.expr(args[2]).code)
        called = self.helper("each_file", *codes)
        if len(args) == 4:
            option = self.expr(args[3]).code
            if not isinstance(option, ast.Constant) or type(option.value) is not int:
                raise Skip(node, f"{entry.name(self.lang)} with options that are not constants")
            if option.value & 1:
                assert isinstance(called, ast.Call)
                called.keywords.append(ast.keyword("recursive", const(True)))
        return Py(called, "int")

    def callback(self, arg: n.Node) -> n.ProcDef | None:
        """The procedure of the program ``arg`` names, if it names one."""
        ref = self.ref(arg) if isinstance(arg, n.Name) else ("",)
        return self.proc_node(ref[1]) if ref[0] == "proc" else None

    def listings(self, proc: n.ProcDef) -> list[tuple[n.Call, n.ProcDef | None]]:
        """The fListeFichier calls that call ``proc``, with the procedure each is in."""
        found: list[tuple[n.Call, n.ProcDef | None]] = []
        places: list[tuple[list[n.Node], n.ProcDef | None]] = [(self.program.body, None)]
        places += [(p.body, p) for p in self.program.procs]
        for body, caller in places:
            for x in walk(body):
                kind = self.ann.calls.get(id(x), ("",))
                if kind[0] != "func" or kind[1].id != "f_list_file":
                    continue
                if isinstance(x, n.Call) and len(x.args) >= 2 and self.callback(x.args[1]) is proc:
                    found.append((x, caller))
        return found

    def calls_of(self, proc: n.ProcDef) -> list[tuple[list[n.Node], n.ProcDef | None]]:
        """A procedure fListeFichier calls is given two texts and the parameter."""
        found = super().calls_of(proc)
        for call, caller in self.listings(proc):
            texts: list[n.Node] = [n.Str(call.line, call.col, "") for _ in range(2)]
            found.append(([*texts, *call.args[2:3]], caller))
        return found

    def param_type(self, proc: n.ProcDef, param: n.Param) -> str:
        """The parameter of a procedure only fListeFichier calls, never given one: None."""
        found = super().param_type(proc, param)
        params = proc.params or []
        if found or param.type is not None or len(params) != 3 or param is not params[2]:
            return found
        listings = self.listings(proc)
        if listings and all(len(c.args) == 2 for c, _ in listings) and not super().calls_of(proc):
            return "None"
        return found
