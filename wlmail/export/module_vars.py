"""Main-code variables that procedures use: variables of the exported program's module.

WLangage procedures see the variables of the main code (the ``GLOBAL`` section and the others);
in Python the main code is ``main()``, whose variables are its locals. A main-code variable that
a procedure reads or changes is therefore declared at module level, with its annotation and the
default of its type (``gCounter: int = 0``), next to the constants; ``main()`` says ``global``
for it and sets it where the script declares it, and so does each procedure that changes it.
Only those variables move: the others stay locals of ``main()``.
"""

from __future__ import annotations

import ast
from typing import Any

from wlmail.export.base import Py, Skip, py_name
from wlmail.export.collections import CollectionsMixin
from wlmail.export.stmts import DEFAULTS, walk
from wlmail.syntax import nodes as n


def _stores(body: list[n.Node]) -> list[n.Name]:
    """The names ``body`` assigns as a whole (not an element or a member)."""
    found: list[n.Name] = []
    for node in walk(body):
        if isinstance(node, n.Assign | n.AugAssign | n.IncDec) and isinstance(node.target, n.Name):
            found.append(node.target)
        elif isinstance(node, n.For):
            found.append(node.var)
        elif isinstance(node, n.ForEach):
            found.extend(node.vars)
    return found


class ModuleVarsMixin(CollectionsMixin):
    module_vars: dict[str, str]  # folded key: Python name
    proc_globals: dict[int, list[str]]  # id(ProcDef): the module variables it changes

    def plan_module_vars(self) -> None:
        """Which main-code variables the procedures use, and which procedure changes which."""
        self.module_vars, self.proc_globals = {}, {}
        for proc in self.program.procs:
            for x in walk(proc.body):
                if isinstance(x, n.Name) and self.main_var(x) is not None:
                    self.module_vars[x.key] = py_name(self.main_var(x) or "")
            changed = {
                py_name(self.main_var(t) or "") for t in _stores(proc.body) if self.main_var(t)
            }
            self.proc_globals[id(proc)] = sorted(changed)
        decls = [d for d in walk(self.program.body) if isinstance(d, n.Decl)]
        declared = {nm.key for d in decls for nm in d.names}
        for key in self.module_vars:
            if key not in declared:  # implicit (a FOR counter…): no declaration to move
                self.report(self.program, f"a procedure using the main code's variable '{key}'")

    def main_var(self, node: n.Name) -> str | None:
        """The declared name of the main-code variable ``node`` designates, if it is one."""
        ref = self.ann.names.get(id(node), ("unknown",))
        if ref[0] != "var" or ref[2] >= 0 or ref[1].const:  # a CONSTANT is module-level already
            return None
        return str(ref[1].name)

    def globals_line(self, proc: n.ProcDef | None) -> list[str]:
        names = sorted(set(self.module_vars.values())) if proc is None else []
        if proc is not None:
            names = self.proc_globals.get(id(proc), [])
        return [f"global {', '.join(names)}"] if names else []

    def s_Decl(self, node: n.Decl) -> None:
        if self.scope.proc is not None or not any(nm.key in self.module_vars for nm in node.names):
            super().s_Decl(node)
            return
        vtype = self.ann.vtypes.get(id(node.type))
        annotation = self.annotation(vtype) if vtype is not None else None
        if annotation is None:
            raise Skip(node, "a variable of this type used by a procedure")
        if annotation.startswith(("list", "dict")) and (node.type.dims or node.init is not None):
            raise Skip(node, "an array with a size or initial values used by a procedure")
        kind = self.var_type(vtype)
        init = self.expr(node.init) if node.init is not None else None
        if init is not None:
            init = self.fit(node, kind, init)
        value = init.src if init is not None else self.default_of(kind)
        for nm in node.names:
            pyname = py_name(nm.name)
            if nm.key in self.module_vars:
                default = self.default_of(kind)
                self.module_consts.append((node.line, f"{pyname}: {annotation} = {default}"))
            self.line(node, f"{pyname} = {value}")

    def default_of(self, kind: str) -> str:
        return DEFAULTS.get(kind, "[]" if kind == "list" else "{}")

    def counter_read_after(self, node: n.For) -> bool:
        """Whether the FOR counter is read outside its loops: WLangage leaves it one step past
        the bound (Python at the last value), so such a loop is not written."""
        body: Any = self.scope.proc.body if self.scope.proc is not None else self.program.body
        inside: set[int] = set()
        for loop in walk(body):
            if isinstance(loop, n.For) and loop.var.key == node.var.key:
                inside.update(id(x) for x in walk(loop))
        for decl in walk(body):
            if isinstance(decl, n.Decl):
                inside.update(id(nm) for nm in decl.names)
        others = [x for x in walk(body) if isinstance(x, n.Name) and x.key == node.var.key]
        if node.var.key in self.module_vars and self.scope.proc is None:
            return True
        return any(id(x) not in inside for x in others)

    def signature(self, node: n.ProcDef) -> str:
        targets = {id(t) for t in _stores(node.body)}
        for p in node.params or []:
            if p in self.written_back(node):
                continue  # returned to the caller: read (byref.py)
            names = [x for x in walk(node.body) if isinstance(x, n.Name) and x.key == p.name.key]
            dead = names and all(id(x) in targets for x in names)  # a dead store (F841)
            if dead and not p.local:  # a LOCAL one is marked noqa (lang_procs.py)
                raise Skip(p, f"parameter '{p.name.name}' changed and never read")
        return super().signature(node)

    def while_loop(self, node: n.For, start: Py, stop: Py, step: Py | None) -> bool:
        """A FOR whose body changes its counter or its bound, or whose counter is read after
        it, as WLangage runs it: the bound tested at each turn, the counter one step past it
        at the end. Not with CONTINUE (it would skip the step) or a step that is not a literal."""
        if any(isinstance(x, n.Continue) for x in walk(node.body)):
            return False
        code = step.code if step is not None else ast.Constant(1)
        negative = isinstance(code, ast.UnaryOp)
        inner = code.operand if isinstance(code, ast.UnaryOp) else code
        if not isinstance(inner, ast.Constant) or (
            node.once and not isinstance(stop.code, ast.Constant)
        ):
            return False
        var = py_name(node.var.name)
        self.line(node, f"{var} = {start.src}")
        self.out.emit(0, f"while {var} {'>=' if negative else '<='} {stop.src}:")
        self.loop(node.body, node.line)
        with self.out.block():
            self.out.emit(0, f"{var} {'-' if negative else '+'}= {ast.unparse(inner)}")
        return True

    def counter_unused(self, node: n.For) -> bool:
        """Whether the loop's body never reads its counter (Python's ``for _ in``)."""
        return not any(isinstance(x, n.Name) and x.key == node.var.key for x in walk(node.body))
