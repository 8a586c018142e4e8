"""A structure passed to a procedure that fills it: ``Remplis(v)`` with ``x.n = 7`` inside.

WLangage passes a structure by reference (a copy in, copied back at the return); a Python
object is shared, which ends the same when the procedure cannot see the caller's variable
meanwhile. So an untyped parameter that every call gives a structure variable of one type is
annotated with that dataclass (``def Remplis(x: S) -> None``) and the call passes the object,
only when the procedure reads no variable of the main code, calls no procedure, has no
internal procedure and never assigns the parameter as a whole.
"""

from __future__ import annotations

import ast
from typing import Any

from wlmail.export.base import Py, Skip, py_name
from wlmail.export.infer import InferMixin
from wlmail.export.stmts import assigned, walk
from wlmail.export.structs import Struct, StructMixin
from wlmail.syntax import nodes as n


class StructArgsMixin(StructMixin, InferMixin):
    def plan_types(self) -> None:
        super().plan_types()
        for proc in self.program.procs:
            if not self.isolated(proc):
                continue
            calls = self.calls_of(proc)
            for i, p in enumerate(proc.params or []):
                if p.type is not None or p.local or p.default is not None or not calls:
                    continue
                given = [self.arg_struct(args[i] if i < len(args) else None) for args, _ in calls]
                kinds = {str(v.id) if v is not None else "" for v in given}
                if len(kinds) == 1 and "" not in kinds:
                    self.param_vtypes[(id(proc), p.name.key)] = given[0]

    def arg_struct(self, arg: n.Node | None) -> Any:
        """The structure type of the variable ``arg`` names (None if it is not one)."""
        ref = self.ref(arg) if isinstance(arg, n.Name) else ("",)
        if ref[0] != "var" or self.struct_of(ref[1].vtype) is None:
            return None
        return ref[1].vtype

    def isolated(self, proc: n.ProcDef) -> bool:
        """Whether ``proc`` can neither see the caller's variables nor rebind a parameter."""
        written = assigned(proc.body)
        for x in walk(proc.body):
            if isinstance(x, n.ProcDef):
                return False
            if isinstance(x, n.Name) and self.ref(x)[0] == "var" and self.ref(x)[2] != 0:
                return False
            if isinstance(x, n.Call) and self.ann.calls.get(id(x), ("",))[0] != "func":
                return False
        return not any(p.name.key in written for p in proc.params or [])

    def struct_param(self, proc: n.ProcDef | None, key: str) -> Struct | None:
        vtype = self.param_vtypes.get((id(proc), key)) if proc is not None else None
        return self.struct_of(vtype) if vtype is not None else None

    def param_type(self, proc: n.ProcDef, param: n.Param) -> str:
        struct = self.struct_param(proc, param.name.key)
        return struct.py if struct is not None else super().param_type(proc, param)

    def struct_var(self, node: n.Node) -> tuple[Struct, Py] | None:
        found = super().struct_var(node)
        if found is not None or not isinstance(node, n.Name) or self.ref(node)[0] != "var":
            return found
        if self.ref(node)[2] != 0:
            return None
        struct = self.struct_param(self.scope.proc, node.key)
        if struct is None:
            return None
        return struct, Py(ast.Name(py_name(self.ref(node)[1].name), ast.Load()), "struct")

    def proc_call(self, node: n.Call, proc: Any) -> Py:
        target = self.proc_node(proc)
        given = [i for i, a in enumerate(node.args) if self.arg_struct(a) is not None]
        if not given or target is None:
            return super().proc_call(node, proc)
        params = target.params or []
        for i in given:
            if i >= len(params) or self.struct_param(target, params[i].name.key) is None:
                raise Skip(node, "a structure passed to a parameter that is not one")
        inner = [x for i, a in enumerate(node.args) if i not in given for x in walk(a)]
        if any(self.arg_struct(x) is not None for x in inner):
            raise Skip(node, "a structure inside an argument")
        self.struct_ok = True
        try:
            return super().proc_call(node, proc)
        finally:
            self.struct_ok = False
