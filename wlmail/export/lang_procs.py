"""Procedures: ``LOCAL`` parameters (a copy), ``CAS EXCEPTION:``/``CAS ERREUR:`` and labels.

A ``LOCAL`` parameter is a copy of its argument (https://faq.pcsoft.fr/2659-faq-read.awp):
the caller's variable never changes. A number or a text is already so in Python (rebinding a
parameter changes nothing outside); an array is not (Python passes the list itself), so a
``LOCAL`` array parameter starts with ``x = x.copy()``. A ``LOCAL`` parameter that is only ever
assigned is a store nobody reads: it is kept, as the script wrote it, marked for ruff
(``# noqa: F841``) with the reason.

``CAS EXCEPTION:`` in a block handles a fatal error of the code above it, as ``QUAND
EXCEPTION`` does: ``try:`` around that code, ``except Exception:`` running the code after the
label, which then ends the procedure. ``CAS ERREUR:`` is reached only by automatic error
handling (https://doc.pcsoft.fr/?3034010), which wlmail does not do (ruling, README): its code
never runs, so it is kept as the script wrote it, in comments. A label (``fin:``, only a GOTO
target) is a comment. A procedure without a declared result whose ``RENVOYER`` values have
different types (a number, or a text from its handler) returns their union (``-> float |
str``).
"""

from __future__ import annotations

from wlmail.export.base import Skip, py_name
from wlmail.export.control import ControlMixin
from wlmail.export.infer import InferMixin
from wlmail.export.stmts import walk
from wlmail.record import record
from wlmail.syntax import nodes as n

DEAD_LOCAL = "  # noqa: F841 (LOCAL: the caller's variable does not change)"
PY_KINDS = {"int": "int", "real": "float", "string": "str", "bool": "bool"}


@record
class LabelHandler(n.Node):
    """The code of a block split at its ``CAS EXCEPTION:`` or ``CAS ERREUR:`` label."""

    label: n.ProcLabel
    before: list[n.Node]
    after: list[n.Node]


class LangProcsMixin(ControlMixin, InferMixin):
    returned: list[str] | None = None  # the types a procedure being written returns

    def globals_line(self, proc: n.ProcDef | None) -> list[str]:
        lines = super().globals_line(proc)
        if proc is None:
            return lines
        for p in proc.params or []:
            if p.local and self.local_kind(proc, p) in ("list", "dict"):
                if not self.plain_elements(proc, p):
                    raise Skip(p, f"LOCAL parameter '{p.name.name}' holding arrays or objects")
                lines.append(f"{py_name(p.name.name)} = {py_name(p.name.name)}.copy()")
        return lines

    def local_kind(self, proc: n.ProcDef, p: n.Param) -> str:
        vtype = self.ann.vtypes.get(id(p.type)) if p.type is not None else None
        if vtype is None:
            vtype = self.param_vtypes.get((id(proc), p.name.key))
        return self.var_type(vtype) if vtype is not None else ""

    def plain_elements(self, proc: n.ProcDef, p: n.Param) -> bool:
        vtype = self.ann.vtypes.get(id(p.type)) if p.type is not None else None
        if vtype is None:
            vtype = self.param_vtypes.get((id(proc), p.name.key))
        elem = vtype.elem if vtype is not None else None
        return elem is not None and self.var_type(elem) in ("int", "real", "string", "bool")

    def dead_local(self, target: n.Node) -> bool:
        """Is ``target`` a LOCAL parameter of the procedure being written that is never read?"""
        proc = self.scope.proc
        if proc is None or not isinstance(target, n.Name) or self.ref(target)[0] != "var":
            return False
        param = next((p for p in proc.params or [] if p.name.key == target.key), None)
        if param is None or not param.local:
            return False
        stores = {id(t) for t in dead_stores(proc.body)}
        names = [x for x in walk(proc.body) if isinstance(x, n.Name) and x.key == target.key]
        return all(id(x) in stores for x in names)

    def s_Assign(self, node: n.Assign) -> None:
        if not self.dead_local(node.target):
            super().s_Assign(node)
            return
        own = node.line in self.out.comments and node.line not in self.out.own_line
        comment = self.out.comments.pop(node.line) if own else None
        super().s_Assign(node)
        self.out.lines[-1] += DEAD_LOCAL + (f"; {comment}" if comment is not None else "")

    # -- CAS EXCEPTION:, CAS ERREUR:, labels -------------------------------------------------
    def block(self, stmts: list[n.Node], line: int, prologue: list[str] | None = None) -> None:
        general = any(isinstance(x, n.WhenException) and x.body is None for x in stmts)
        for kind in ("exception", "error"):  # as the runtime splits a block (compiler.py)
            at = [i for i, x in enumerate(stmts) if isinstance(x, n.ProcLabel) and x.kind == kind]
            if at and not general:
                label = stmts[at[0]]
                assert isinstance(label, n.ProcLabel)
                before, after = stmts[: at[0]], stmts[at[0] + 1 :]
                stmts = [LabelHandler(label.line, label.col, label, before, after)]
                break
        super().block(stmts, line, prologue)

    def s_LabelHandler(self, node: LabelHandler) -> None:
        if node.label.kind == "error":
            for stmt in node.before:
                self.stmt(stmt)
            self.never_runs(node)
            return
        proc = self.scope.proc
        valued = proc is not None and any(
            isinstance(x, n.Return) and x.value is not None for x in walk(proc.body)
        )
        if valued and not (node.after and ends_with_value(node.after)):
            raise Skip(node, "a CASE EXCEPTION: handler that does not end with RETURN a value")
        first = next((x.line for x in node.before if x.line), node.line)
        self.out.upto(first)
        self.out.emit(0, "try:")
        self.block(node.before, node.line)
        self.except_clause(node, node.after, node.before, ends=True)

    def never_runs(self, node: LabelHandler) -> None:
        """``CAS ERREUR:`` and its code, as the script wrote them, in comments."""
        last = max((x.line for x in walk(node.after) if x.line), default=node.line)
        lines = self.source_text.split("\n")[node.label.line - 1 : last]
        self.out.upto(node.label.line)
        self.out.emit(0, "# never reached (no automatic error handling), as the script wrote it:")
        for number, text in enumerate(lines, node.label.line):
            self.out.comments.pop(number, None)
            shown = text.rstrip().expandtabs(4)
            self.out.emit(0, f"# {shown}" if shown else "#")
        self.out.done = max(self.out.done, last)

    def s_ProcLabel(self, node: n.ProcLabel) -> None:
        if node.kind != "label":
            raise Skip(node, "a CASE EXCEPTION: or CASE ERROR: label after a WHEN EXCEPTION")
        self.out.emit(node.line, f"# {node.name}: (a label, for GOTO)")

    source_text = ""

    # -- the result of a procedure that returns values of several types ----------------------
    def procedure(self, node: n.ProcDef) -> None:
        unknown = not node.returns and not self.return_type(node)  # else annotated already
        outer, self.returned = self.returned, ([] if unknown else None)
        mark = len(self.out.lines)
        try:
            super().procedure(node)
            found = [i for i in range(mark, len(self.out.lines)) if self.is_def(i, node)]
            if found and self.out.lines[found[0]].endswith("):") and self.returned:
                self.annotate(node, found[0], self.returned)
        finally:
            self.returned = outer

    def is_def(self, index: int, node: n.ProcDef) -> bool:
        return self.out.lines[index].startswith(f"def {py_name(node.name.name)}(")

    def annotate(self, node: n.ProcDef, index: int, kinds: list[str]) -> None:
        if not set(kinds) <= set(PY_KINDS):
            self.report(node, "a procedure whose results have no type Python can name")
            return
        names = [PY_KINDS[k] for k in dict.fromkeys(kinds)]
        if "float" in names and "int" in names:
            names.remove("int")  # an int is a float for Python's types
        self.out.lines[index] = self.out.lines[index][:-1] + f" -> {' | '.join(names)}:"

    def s_Return(self, node: n.Return) -> None:
        if self.returned is not None and node.value is not None and self.scope.proc is not None:
            self.returned.append(self.probe(node.value))
        super().s_Return(node)

    def probe(self, node: n.Node) -> str:
        """The type of ``node``, written nowhere (what it needs is added when it is written)."""
        saved = (set(self.helpers), self.helper_calls, set(self.imports), len(self.problems))
        try:
            return self.expr(node).type
        except Skip:
            return "?"
        finally:
            self.helpers, self.helper_calls, self.imports = saved[0], saved[1], saved[2]
            del self.problems[saved[3] :]


def dead_stores(body: list[n.Node]) -> list[n.Node]:
    """The names assigned as a whole (``x = …``) in ``body``."""
    return [x.target for x in walk(body) if isinstance(x, n.Assign)]


def ends_with_value(body: list[n.Node]) -> bool:
    last = body[-1]
    return isinstance(last, n.Return) and last.value is not None
