"""An untyped parameter whose calls give it different types: one body per type, ``@overload``.

A WLangage parameter without a type takes the type of its argument at each call
(``PlusUn(1)`` adds, ``PlusUn("a")`` concatenates). When the calls of a procedure give one
untyped parameter two or three types (numbers, text, booleans), the function is written
once per type, each body under ``isinstance``, where the parameter has that type::

    @overload
    def PlusUn(x: int) -> int: ...
    @overload
    def PlusUn(x: str) -> str: ...
    def PlusUn(x: int | str) -> int | str:
        if isinstance(x, str):
            return f"{x}1"
        else:
            return x + 1

The ``@overload`` lines are written only when the results differ (a caller then gets the
type of its own call); when every branch is the same Python, the body is written once, for
the union (``def Affiche(x: str | int) -> None``). Reported: more than one such parameter, a
body declaring variables (declared again in each branch) or types Python's ``isinstance``
cannot tell apart with different results (an ``int`` is a ``float`` for mypy, a ``bool`` an
``int``).
"""

from __future__ import annotations

from dataclasses import dataclass

from wlmail.export.base import PY_TYPES, Py, Scope, Skip, py_name
from wlmail.export.infer import InferMixin
from wlmail.export.stmts import walk
from wlmail.syntax import nodes as n

ORDER = ("bool", "string", "int", "real")  # bool before int: True is an int for isinstance
SCALARS = frozenset(ORDER)


@dataclass(slots=True)
class Overload:
    param: n.Param
    kinds: list[str]  # in isinstance order
    returns: dict[str, str]  # the parameter's kind: the result's kind


class OverloadsMixin(InferMixin):
    overloads: dict[int, Overload]

    def plan_types(self) -> None:
        super().plan_types()
        self.overloads = {}
        for proc in self.program.procs:
            found = self.overload_of(proc)
            if found is not None:
                self.overloads[id(proc)] = found

    def overload_of(self, proc: n.ProcDef) -> Overload | None:
        if proc.params is None or proc.owner is not None or proc.internal or proc.returns:
            return None
        calls = self.calls_of(proc)
        open_params = [
            (i, p)
            for i, p in enumerate(proc.params)
            if p.type is None and (id(proc), p.name.key) not in self.param_types
        ]
        if not calls or len(open_params) != 1 or open_params[0][1].default is not None:
            return None
        i, param = open_params[0]
        kinds = {
            self.static_type(args[i], caller) if i < len(args) else "" for args, caller in calls
        }
        if not 2 <= len(kinds) <= 3 or not kinds <= SCALARS:
            return None
        if any(isinstance(x, n.Decl | n.Let | n.ProcDef | n.ConstBlock) for x in walk(proc.body)):
            return None
        key = (id(proc), param.name.key)
        returns = {}
        try:
            for kind in kinds:
                self.param_types[key] = kind
                found = self.return_kinds(proc)
                if len(found) != 1 or not found <= SCALARS | {"none"}:
                    return None
                returns[kind] = found.pop()
        finally:
            self.param_types.pop(key, None)
        return Overload(param, [k for k in ORDER if k in kinds], returns)

    def return_kinds(self, proc: n.ProcDef) -> set[str]:
        found = super().return_kinds(proc)
        if found == {""} and not any(
            isinstance(x, n.Return) and x.value is not None for x in walk(proc.body)
        ):
            return {"none"}  # a procedure without a result
        return found

    # -- calls -------------------------------------------------------------------------------
    def proc_call(self, node: n.Call, proc: object) -> Py:
        value = super().proc_call(node, proc)
        target = self.proc_node(proc)
        over = self.overloads.get(id(target)) if target is not None else None
        if over is None or target is None:
            return value
        index = (target.params or []).index(over.param)
        calls = self.helper_calls
        kind = self.expr(node.args[index]).type if index < len(node.args) else ""
        self.helper_calls = calls  # counted once, by the call itself
        if kind not in over.returns:
            raise Skip(node, f"a {kind or 'unknown'} argument for '{over.param.name.name}'")
        value.type = over.returns[kind]
        return value

    def call_static(self, node: n.Call) -> str:
        kind = self.ann.calls.get(id(node), ("",))
        target = self.proc_node(kind[1]) if kind[0] == "proc" else None
        overloads: dict[int, Overload] = getattr(self, "overloads", {})
        over = overloads.get(id(target)) if target is not None else None
        if over is None or target is None:
            return super().call_static(node)
        index = (target.params or []).index(over.param)
        arg = self.static_type(node.args[index], self.scope.proc) if index < len(node.args) else ""
        return over.returns.get(arg, "")

    # -- the function ------------------------------------------------------------------------
    def procedure(self, node: n.ProcDef) -> None:
        over = getattr(self, "overloads", {}).get(id(node))
        if over is None:
            super().procedure(node)
            return
        outer = self.scope
        self.scope = Scope(proc=node)
        key = (id(node), over.param.name.key)
        try:
            results = {over.returns[k] for k in over.kinds}
            self.check_distinct(node, over, results)
            self.out.blank_line()
            self.out.blank_line()
            self.out.upto(node.line)  # the comments before the procedure, before its overloads
            if len(results) > 1:
                self.need("from typing import overload")
                for kind in over.kinds:
                    self.param_types[key] = kind
                    self.out.emit(0, "@overload")
                    self.out.emit(0, self.typed_signature(node, kind, [kind]) + " ...")
            self.param_types.pop(key, None)
            self.out.emit(node.line, self.typed_signature(node, "", over.kinds))
            with self.out.block():
                for text in self.globals_line(node):
                    self.out.emit(0, text)
                start = len(self.out.lines)
                bodies = []
                for i, kind in enumerate(over.kinds):
                    self.param_types[key] = kind
                    last = i == len(over.kinds) - 1
                    test = f"isinstance({py_name(over.param.name.name)}, {PY_TYPES[kind]})"
                    self.out.emit(0, "else:" if last else f"{'if' if i == 0 else 'elif'} {test}:")
                    mark = len(self.out.lines)
                    self.block(node.body, node.line)
                    bodies.append(self.out.lines[mark:])
                code = [[x for x in b if not x.strip().startswith("#")] for b in bodies]
                if all(c == code[0] for c in code):  # the same Python for every type
                    self.out.lines[start:] = [line[4:] for line in bodies[0]]
        except Skip as skip:
            self.report(skip.node if skip.node.line else node, skip.what)
        finally:
            self.param_types.pop(key, None)
            self.scope = outer

    def check_distinct(self, node: n.ProcDef, over: Overload, results: set[str]) -> None:
        numbers = [k for k in over.kinds if k != "string"]
        if len(results) > 1 and len(numbers) > 1:
            raise Skip(node, f"parameter '{over.param.name.name}' given numbers of two types")

    def typed_signature(self, node: n.ProcDef, kind: str, kinds: list[str]) -> str:
        """``def P(…)`` with the open parameter of type ``kind`` (all of ``kinds`` when "")."""
        self.union_of = (id(node), kinds)
        try:
            text = self.signature(node)
        finally:
            self.union_of = None
        if " -> " not in text:
            returns = [self.overloads[id(node)].returns[k] for k in kinds]
            names = [PY_TYPES.get(r, "None") for r in dict.fromkeys(returns)]
            text = text[:-1] + f" -> {' | '.join(names)}:"
        return text

    union_of: tuple[int, list[str]] | None = None  # the implementation's signature: the union

    def param_type(self, proc: n.ProcDef, param: n.Param) -> str:
        over = getattr(self, "overloads", {}).get(id(proc))
        if over is not None and param is over.param and self.union_of is not None:
            return " | ".join(PY_TYPES[k] for k in self.union_of[1])
        return super().param_type(proc, param)
