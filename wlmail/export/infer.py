"""Static types the declarations do not give: untyped parameters and results of procedures.

A WLangage parameter without a type takes the type of its argument. When every call of the
procedure passes the same scalar type (a literal, a typed variable, a typed result…) for it,
the parameter is annotated with that type (``def Carré(x: int)``); otherwise it stays unknown
and what needs its type is reported as before. A procedure without a declared result whose
``RENVOYER`` values all have one type gets that return type; a recursive call is assumed to
have it, then checked. ``nombre + chaîne`` converts the text like ``Val`` (decision 6).
Nothing here writes code: the types are read off the tree, without side effects.
"""

from __future__ import annotations

import ast
from typing import Any

from wlmail.export.base import PY_TYPES, Py, Skip
from wlmail.export.stmts import StmtMixin, walk
from wlmail.runtime import types as T
from wlmail.runtime.values import val
from wlmail.syntax import nodes as n

SCALARS = ("int", "real", "string", "bool")
PENDING = "pending"  # the result of a procedure whose return type is being inferred


class InferMixin(StmtMixin):
    param_types: dict[tuple[int, str], str]  # (id(ProcDef), folded name): type
    param_vtypes: dict[tuple[int, str], Any]  # … an array parameter: its arguments' type
    return_types: dict[int, str]  # id(ProcDef): type

    def plan_types(self) -> None:
        """Grow the tables optimistically (unknown results of procedures being typed are left
        out), then drop every entry that the final tables do not confirm, until none is."""
        self.param_types, self.return_types, self.param_vtypes = {}, {}, {}
        internal = [x for x in self.program.body if isinstance(x, n.ProcDef) and x.internal]
        internal += [
            x for p in self.program.procs for x in p.body if isinstance(x, n.ProcDef) and x.internal
        ]
        procs = [*self.program.procs, *internal]  # internal procedures too (one level)
        typed = [p for p in procs if p.params]
        for proc in typed:
            self.infer_arrays(proc)
        untyped = [p for p in procs if not p.returns]
        for _ in range(3):
            for proc in typed:
                for param, kinds in self.param_kinds(proc).items():
                    self.settle(self.param_types, (id(proc), param), kinds - {"", PENDING})
            for proc in untyped:
                self.settle(self.return_types, id(proc), self.return_kinds(proc) - {PENDING})
        changed = True
        while changed:
            changed = False
            for proc in typed:
                for param, kinds in self.param_kinds(proc).items():
                    key = (id(proc), param)
                    if key in self.param_types and kinds != {self.param_types[key]}:
                        del self.param_types[key]
                        changed = True
            for proc in untyped:
                kinds = self.return_kinds(proc)
                if id(proc) in self.return_types and kinds != {self.return_types[id(proc)]}:
                    del self.return_types[id(proc)]
                    changed = True

    def settle(self, table: dict[Any, str], key: Any, kinds: set[str]) -> None:
        if len(kinds) == 1 and next(iter(kinds)) in SCALARS:
            table[key] = next(iter(kinds))

    def calls_of(self, proc: n.ProcDef) -> list[tuple[list[n.Node], n.ProcDef | None]]:
        """The arguments of every call of ``proc``, with the procedure the call is in."""
        target = self.ann.procs.get(id(proc))
        found: list[tuple[list[n.Node], n.ProcDef | None]] = []
        places: list[tuple[list[n.Node], n.ProcDef | None]] = [(self.program.body, None)]
        places += [(p.body, p) for p in self.program.procs]
        for body, caller in places:
            for x in walk(body):
                kind = self.ann.calls.get(id(x), ("",))
                if kind[0] == "proc" and kind[1] is target and isinstance(x, n.Call):
                    found.append((x.args, caller))
                elif kind[0] == "bare" and isinstance(x, n.ExprStmt):
                    ref = self.ref(x.expr) if isinstance(x.expr, n.Name) else ("",)
                    if ref[0] == "proc" and ref[1] is target:
                        found.append(([], caller))
        return found

    def infer_arrays(self, proc: n.ProcDef) -> None:
        """An untyped parameter every call gives an array variable of one declared type."""
        calls = self.calls_of(proc)
        for i, p in enumerate(proc.params or []):
            if p.type is not None or p.default is not None or not calls:
                continue
            found: dict[str, Any] = {}
            for args, caller in calls:
                arg = args[i] if i < len(args) else None
                ref = self.ref(arg) if isinstance(arg, n.Name) else ("",)
                vtype = ref[1].vtype if ref[0] == "var" else None
                if isinstance(arg, n.ArrayLit):  # [3, 8, 9]: an array of its items' type
                    vtype = self.literal_array(arg, caller)
                kind = self.var_type(vtype) if vtype is not None else ""
                note = self.annotation(vtype) if kind in ("list", "dict") else None
                found[note or ""] = vtype
            if len(found) == 1 and "" not in found:
                self.param_vtypes[(id(proc), p.name.key)] = next(iter(found.values()))

    def literal_array(self, node: n.ArrayLit, caller: n.ProcDef | None) -> Any:
        """The type of an array literal whose items are of one simple type (else None)."""
        kinds = {self.static_type(x, caller) for x in node.items}
        if len(kinds) != 1 or not kinds <= {"int", "real", "string", "bool"}:
            return None
        return T.array_type(T.scalar(kinds.pop()), (), True)

    def param_kinds(self, proc: n.ProcDef) -> dict[str, set[str]]:
        """For each untyped parameter, the types its calls give it."""
        calls = self.calls_of(proc)
        found: dict[str, set[str]] = {}
        for i, p in enumerate(proc.params or []):
            if p.type is not None or not calls:
                continue
            kinds = found[p.name.key] = set()
            for args, caller in calls:
                given = args[i] if i < len(args) else p.default
                if isinstance(given, n.DefaultArg):  # `*`: the parameter's default
                    given = p.default
                kinds.add(self.static_type(given, caller) if given is not None else "")
        return found

    def return_kinds(self, proc: n.ProcDef) -> set[str]:
        # its INTERNAL PROCEDUREs (written after its code) return for themselves
        body = [s for s in proc.body if not isinstance(s, n.ProcDef)]
        values = [x.value for x in walk(body) if isinstance(x, n.Return) and x.value is not None]
        if not values or any(isinstance(x, n.ProcDef) for x in walk(body)):
            return {""}
        if not isinstance(body[-1], n.Return):  # it may end without a value
            return {""}
        return {self.static_type(v, proc) for v in values}

    # -- the typer -----------------------------------------------------------------------------
    def static_type(self, node: n.Node, proc: n.ProcDef | None) -> str:
        """The type of ``node`` read off the tree ("" when not known), inside ``proc``."""
        if isinstance(node, n.Num):
            return {int: "int", float: "real"}.get(type(node.value), "")
        if isinstance(node, n.Str | n.Interp):
            return "string"
        if isinstance(node, n.Compare | n.Logic | n.Not | n.InList | n.CompareRange):
            return "bool"
        if isinstance(node, n.Name):
            return self.name_static(node, proc)
        if isinstance(node, n.UnOp):
            inner = self.static_type(node.operand, proc)
            return inner if inner in ("int", "real", PENDING) else ""
        if isinstance(node, n.BinOp):
            return self.binop_static(node, proc)
        if isinstance(node, n.Call):
            return self.call_static(node)
        if isinstance(node, n.Member) and node.key in ("occurrence", "count"):
            return "int"  # ..Occurrence is a count, whatever it counts
        return ""

    def name_static(self, node: n.Name, proc: n.ProcDef | None) -> str:
        ref = self.ref(node)
        if ref[0] == "const":
            value = {"true": "bool", "false": "bool"}.get(ref[1].id, "")
            return value
        if ref[0] != "var":
            return ""
        kind = self.var_type(ref[1].vtype)
        if kind in SCALARS:
            return kind
        if proc is not None and ref[2] >= 0 and (id(proc), node.key) in self.param_types:
            return self.param_types[(id(proc), node.key)]
        return self.loop_static(node.key, proc)

    def loop_static(self, key: str, proc: n.ProcDef | None) -> str:
        """The type of a POUR TOUT variable: the element type of the array it walks (every
        loop of that name in the procedure or main code must agree)."""
        body = proc.body if proc is not None else self.program.body
        kinds = set()
        for loop in walk(body):
            if isinstance(loop, n.ForEach) and key in [v.key for v in loop.vars]:
                first = loop.vars[0].key == key
                ref = self.ref(loop.iterable) if isinstance(loop.iterable, n.Name) else ("",)
                vtype = ref[1].vtype if ref[0] == "var" else None
                if vtype is not None and proc is not None and ref[2] == 0:
                    key_of = (id(proc), fold_key(loop.iterable))  # an untyped array parameter
                    vtype = self.param_vtypes.get(key_of, vtype)
                elem = vtype.elem if vtype is not None else None
                kind = self.var_type(vtype) if vtype is not None else ""
                if loop.separator is not None:
                    kinds.add("string" if first else "int")
                elif elem is not None and first:
                    kinds.add(self.var_type(elem))
                else:
                    kinds.add("string" if kind == "dict" else "int" if kind == "list" else "")
        return kinds.pop() if len(kinds) == 1 and not kinds <= {""} else ""

    def binop_static(self, node: n.BinOp, proc: n.ProcDef | None) -> str:
        left, right = self.static_type(node.left, proc), self.static_type(node.right, proc)
        if PENDING in (left, right):
            return PENDING
        if node.op == "PLUS" and left == "string":
            return "string" if right in SCALARS else ""
        numeric = ("int", "real")
        if left not in numeric or right not in numeric:
            return "real" if node.op == "PLUS" and left in numeric and right == "string" else ""
        if node.op in ("PLUS", "MINUS", "STAR", "CARET", "MODULO", "PERCENT"):
            return "int" if left == right == "int" and node.op != "CARET" else "real"
        return "real" if node.op == "SLASH" else ""

    def call_static(self, node: n.Call) -> str:
        kind = self.ann.calls.get(id(node), ("",))
        if kind[0] == "proc":
            target = self.proc_node(kind[1])
            if target is None:
                return ""
            if target.returns:
                spec = self.ann.vtypes.get(id(target.returns[0]))
                found = self.var_type(spec) if spec is not None else ""
                return found if found in SCALARS and len(target.returns) == 1 else ""
            return self.return_types.get(id(target), PENDING)
        entry = kind[1] if kind[0] in ("func", "func_on") else self.scalar_method(node)
        if entry is not None:
            spec = self.map["functions"].get(entry.id, {})
            found = str(spec.get("type", ""))
            return found if found in SCALARS else ""
        return ""

    def scalar_method(self, node: n.Call) -> Any:
        """The catalog function a method call on a text or a number is (``s.Majuscule()``)."""
        func = node.func
        if self.ann.calls.get(id(node), ("",))[0] != "method" or not isinstance(func, n.Member):
            return None
        receiver = self.static_type(func.target, self.scope.proc)
        if not receiver and isinstance(func.target, n.Name) and self.ref(func.target)[0] == "var":
            receiver = self.var_type(self.ref(func.target)[1].vtype)
        if receiver not in ("string", "int", "real", "date"):
            return None
        entry = value_method(self.cat, func, receiver)
        return entry

    # -- what the exporter asks ----------------------------------------------------------------
    def param_type(self, proc: n.ProcDef, param: n.Param) -> str:
        """The Python annotation of an untyped parameter ("" when not known)."""
        vtype = self.param_vtypes.get((id(proc), param.name.key))
        if vtype is not None:
            return self.annotation(vtype) or ""
        found = self.param_types.get((id(proc), param.name.key), "")
        return PY_TYPES.get(found, "")

    def inferred_vtype(self, node: n.Name) -> Any:
        proc = self.scope.proc
        if proc is None or self.ref(node)[2] < 0:
            return None
        return self.param_vtypes.get((id(proc), node.key))

    def return_type(self, proc: n.ProcDef) -> str:
        return self.return_types.get(id(proc), "")

    def inferred(self, node: n.Name) -> str:
        proc = self.scope.proc
        if proc is None or self.ref(node)[2] < 0:
            return ""
        vtype = self.param_vtypes.get((id(proc), node.key))
        if vtype is not None:
            return self.var_type(vtype)
        return self.param_types.get((id(proc), node.key), "")

    def convert(self, kind: str, value: Py) -> ast.expr | None:
        """WLangage's conversion of ``value`` to a variable of type ``kind`` (None: none)."""
        code, vtype = value.code, value.type
        if kind == "string" and vtype in ("int", "real", "bool"):
            return self.text(value)
        if vtype == "string" and kind in ("int", "real", "bool"):
            number = self.helper("val", code)  # the text's leading number, like Val
            if kind == "real":
                return number
            if kind == "int":
                return ast.Call(ast.Name("int", ast.Load()), [number], [])
            return ast.Compare(number, [ast.NotEq()], [ast.Constant(0)])
        if kind == "int" and vtype in ("real", "bool"):  # toward zero, as WLangage
            return ast.Call(ast.Name("int", ast.Load()), [code], [])
        if kind == "real" and vtype == "bool":
            return ast.Call(ast.Name("float", ast.Load()), [code], [])
        if kind == "bool" and vtype in ("int", "real"):
            if isinstance(code, ast.Constant):  # a literal: its truth, written once
                return ast.Constant(code.value != 0)
            return ast.Compare(code, [ast.NotEq()], [ast.Constant(0)])
        return None

    def x_Call(self, node: n.Call) -> Py:
        entry = self.scalar_method(node)
        if entry is not None and isinstance(node.func, n.Member):  # s.SansEspace().Majuscule()
            return self.builtin(node, entry, [node.func.target, *node.args])
        if self.ann.calls.get(id(node), ("",))[0] == "switch":
            return self.compact_switch(node)
        return super().x_Call(node)

    def compact_switch(self, node: n.Call) -> Py:
        """``SELON(i, a, b, SINON c)``: the i-th value, else c (\"\" without SINON), as
        ``{1: a, 2: b}.get(i, c)`` when the values are plain and of one type."""
        if not node.args:
            raise Skip(node, "SELON( ) without a value")
        subject = self.expr(node.args[0])
        values = [a for a in node.args[1:] if not isinstance(a, n.ElseArg)]
        others = [a.value for a in node.args[1:] if isinstance(a, n.ElseArg)]
        if subject.type != "int" or len(others) > 1:
            raise Skip(node, "SELON( ) on a value that is not a whole number")
        other = others[0] if others else n.Str(node.line, node.col, "")
        if any(isinstance(x, n.Call) for x in walk([values, other])):
            raise Skip(node, "SELON( ) whose values call something (only one is evaluated)")
        items = [self.expr(v) for v in values]
        fallback = self.expr(other)
        kinds = {x.type for x in [*items, fallback]}
        if len(kinds) != 1 or not kinds <= set(SCALARS):
            raise Skip(node, "SELON( ) whose values are not of one type")
        table = ast.Dict(
            [ast.Constant(i) for i in range(1, len(items) + 1)], [x.code for x in items]
        )
        lookup = ast.Call(
            ast.Attribute(table, "get", ast.Load()), [subject.code, fallback.code], []
        )
        return Py(lookup, kinds.pop())

    def x_BinOp(self, node: n.BinOp) -> Py:
        """``nombre + chaîne``: the text converted like Val, then added (decision 6)."""
        proc = self.scope.proc
        left = self.static_type(node.left, proc)
        right = self.static_type(node.right, proc)
        if node.op == "PLUS" and left in ("int", "real") and right == "string":
            number = self.expr(node.left)
            if isinstance(node.right, n.Str):  # a literal: its number now (wlmail's Val)
                number_value = val(node.right.value)
                found = (
                    number_value if isinstance(number_value, int | float) else float(number_value)
                )
                kind = "int" if left == "int" and isinstance(found, int) else "real"
                return Py(ast.BinOp(number.code, ast.Add(), ast.Constant(found)), kind)
            converted = self.helper("val", self.expr(node.right).code)
            return Py(ast.BinOp(number.code, ast.Add(), converted), "real")
        return super().x_BinOp(node)


def value_method(cat: Any, func: n.Member, receiver: str) -> Any:
    """The catalog function ``x.Méthode()`` is on a value, found as the runtime finds it
    (``call_method``): a method name of the value's type, then one of no type, then a function
    name (``d.VersChaîne()`` is DateVersChaîne, ``s.Formate()`` ChaîneFormate)."""
    candidates = cat.method_names.get(func.key, [])
    owner = "date" if receiver == "date" else ""
    found = next((e for e in candidates if e.owner == owner), None)
    found = found or next((e for e in candidates if not e.owner), None)
    return found or cat.function(func.name)


def fold_key(node: n.Node) -> str:
    return node.key if isinstance(node, n.Name) else ""
