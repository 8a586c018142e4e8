"""``PROCÉDURE Total(*)``: a procedure with a variable number of parameters.

The arguments are ``MesParamètres`` (``MyParameters``), an array the procedure reads; in
Python, ``def Total(*MesParamètres: int)``, a tuple: ``MesParamètres..Occurrence`` is
``len(MesParamètres)``, ``MesParamètres[i]`` is ``MesParamètres[i - 1]``, ``POUR TOUT`` walks
it. Only when every call gives values of one simple type, the body names the array with one
spelling, and only reads it that way (a tuple cannot grow, nor be copied as a list).
"""

from __future__ import annotations

import ast

from wlmail.export.base import PY_TYPES, Py, Skip, py_name
from wlmail.export.infer import InferMixin
from wlmail.export.stmts import walk
from wlmail.runtime import types as T
from wlmail.runtime.scope import VARIADIC_NAMES
from wlmail.syntax import nodes as n

SCALARS = ("int", "real", "string", "bool")


def _reads(body: list[n.Node]) -> set[int]:
    """The ids of the names of ``body`` that are read as an array is (count, element, walk)."""
    ok: set[int] = set()
    targets = {
        id(x.target)
        for x in walk(body)
        if isinstance(x, n.Assign | n.AugAssign | n.IncDec | n.IncDecExpr)
    }
    for x in walk(body):
        if isinstance(x, n.Member | n.Index) and isinstance(x.target, n.Name):
            if id(x) not in targets:
                ok.add(id(x.target))
        elif isinstance(x, n.ForEach) and isinstance(x.iterable, n.Name):
            ok.add(id(x.iterable))
    return ok


class VariadicMixin(InferMixin):
    def plan_types(self) -> None:
        super().plan_types()
        for proc in self.program.procs:
            if proc.params is not None:
                continue
            kinds = {self.static_type(a, c) for args, c in self.calls_of(proc) for a in args}
            if len(kinds) == 1 and next(iter(kinds)) in SCALARS:
                array = T.array_type(T.scalar(kinds.pop()), (), True)
                for key in VARIADIC_NAMES:
                    self.param_vtypes[(id(proc), key)] = array

    def signature(self, node: n.ProcDef) -> str:
        if node.params is not None:
            return super().signature(node)
        names = [x for x in walk(node.body) if isinstance(x, n.Name) and x.key in VARIADIC_NAMES]
        array = self.param_vtypes.get((id(node), next(iter(VARIADIC_NAMES))))
        if array is None or array.elem is None:
            raise Skip(node, "a procedure with a variable number of parameters of unknown types")
        if len({x.key for x in names}) > 1:
            raise Skip(node, "MesParamètres and MyParameters in one procedure")
        reads = _reads(node.body)
        if any(id(x) not in reads for x in names):
            raise Skip(node, "MesParamètres used otherwise than read (count, element, walk)")
        shown = VARIADIC_NAMES[names[0].key] if names else "MesParamètres"
        node.params = []
        try:
            text = super().signature(node)
        finally:
            node.params = None
        star = f"*{py_name(shown)}: {PY_TYPES[self.var_type(array.elem)]}"
        return text.replace("():", f"({star}):", 1).replace("() ->", f"({star}) ->", 1)

    def x_Name(self, node: n.Name) -> Py:
        proc = self.scope.proc
        if proc is None or proc.params is not None or node.key not in VARIADIC_NAMES:
            return super().x_Name(node)
        if self.ref(node)[0] != "var":
            return super().x_Name(node)
        return Py(ast.Name(py_name(VARIADIC_NAMES[node.key]), ast.Load()), "list")

    def bound_may_change(self, node: n.For) -> bool:
        """``POUR i = 1 À MesParamètres..Occurrence``: a tuple never changes its length."""
        proc = self.scope.proc
        if proc is not None and proc.params is None:
            bounds = [node.stop] + ([node.step] if node.step is not None else [])
            names = [x for x in walk(bounds) if isinstance(x, n.Name)]
            if names and all(x.key in VARIADIC_NAMES for x in names):
                return False
        return super().bound_may_change(node)
