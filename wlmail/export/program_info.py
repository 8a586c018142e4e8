"""``ExeInfo`` and ``EXTERNE nom`` in ``export --python``.

``wlmail run`` takes the script for the executable (``wlmail/builtins/program.py``):
``ExeInfo(exeRépertoire)`` is its directory, as ``fRepExe()``, so in the program
``str(Path(__file__).resolve().parent)``; ``ExeInfo(exeNom)`` is its path. Ruling: the exported
program answers with the path the WLangage script had next to it
(``Path(__file__).resolve().with_name("app.wl")``), not its own ``app.py``, so that what a script
derives from its name (``app.ini``, ``app.log`` beside it) stays the same files once migrated.
The version keywords (``exeVersion``…) are "" in wlmail (a script has no version resource), so
``""`` here.

``EXTERNE gsJeton`` (a variable that exists when the program runs) is, in a script run alone,
a new variant that is ``Null``: ``gsJeton = None``. Refused in a project (another file may
declare it), in a procedure, and for a name the script declares or assigns itself.
"""

from __future__ import annotations

from typing import Any

from wlmail.export.base import Py, Skip, parse_expr, py_name
from wlmail.export.exprs import const
from wlmail.export.stmts import StmtMixin, assigned, walk
from wlmail.syntax import nodes as n

SCRIPT_NAMES = ("", "-", "<script>", "<stdin>")  # wlmail/builtins/files.py: no script file


class ProgramInfoMixin(StmtMixin):
    file_starts: tuple[int, ...]

    def mail_call(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        if entry.id == "exe_info" and len(args) == 1:
            return self.exe_info(node, entry, args[0])
        return super().mail_call(node, entry, args)

    def exe_info(self, node: n.Node, entry: Any, arg: n.Node) -> Py:
        ref = self.ref(arg) if isinstance(arg, n.Name) else ("",)
        if ref[0] != "const" or not str(ref[1].id).startswith("exe_"):
            raise Skip(node, f"{entry.name(self.lang)} of a keyword that is not a constant")
        if ref[1].id == "exe_directory":
            self.need("from pathlib import Path")
            return Py(parse_expr(self.map["functions"]["f_exe_dir"]["py"]), "string")
        if ref[1].id != "exe_name":
            return Py(const(""), "string")  # no version resource
        script = self.short_name
        if script in SCRIPT_NAMES or script.startswith("<"):
            raise Skip(node, f"{entry.name(self.lang)}(exeNom) of a script without a file")
        self.need("from pathlib import Path")
        return Py(parse_expr(f"str(Path(__file__).resolve().with_name({script!r}))"), "string")

    def s_Extern(self, node: n.Extern) -> None:
        if node.path is not None:
            raise Skip(node, f"EXTERNE « {node.path} » outside a project")
        if self.scope.proc is not None or len(getattr(self, "file_starts", ())) > 1:
            raise Skip(node, "EXTERNE in a procedure or in a project")
        changed = assigned([self.program.body, self.program.procs])
        for nm in node.names:
            declared = any(
                isinstance(x, n.Decl) and nm.key in [d.key for d in x.names]
                for x in walk([self.program.body, self.program.procs])
            )
            in_procs = any(
                isinstance(x, n.Name) and x.key == nm.key for x in walk(self.program.procs)
            )
            if declared or in_procs or nm.key in changed:
                raise Skip(node, f"EXTERNE {nm.name}: a name the script declares, sets or shares")
            self.line(node, f"{py_name(nm.name)} = None")
