"""Expressions to closures: literals, operators with fast paths for the common types,
indexing, substrings, member access."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wlmail.catalog import Entry
from wlmail.runtime import ops
from wlmail.runtime import types as T
from wlmail.runtime.calls import (
    constant_value,
    index_other,
    literal,
    var_getter,
)
from wlmail.runtime.resolve import Resolver
from wlmail.runtime.scope import (
    DEFAULT,
    Expr,
)
from wlmail.runtime.state import (
    Frame,
)
from wlmail.runtime.values import (
    WLArray,
    WLAssoc,
    WLFault,
    equals,
    to_bool,
    to_num,
    to_str,
)
from wlmail.syntax import nodes as n


class ExpressionCompiler(Resolver):
    """One ``x_<Node>`` method per expression node."""

    def x_Name(self, node: n.Name) -> Expr:
        key = node.key
        found = self._lookup_var(key)
        if found is not None:
            return var_getter(key, node.name, found[1], self.rt.globals)
        entry = self.cat.constant(node.name)
        if entry is not None:
            if isinstance(entry.value, dict) and entry.value.get("kind") == "global":
                return self._global_object(entry)
            value = constant_value(entry)
            return lambda f: value
        fentry = self.cat.function(node.name)
        if fentry is not None and fentry.variable:
            return self._builtin_call(node, fentry, [])
        proc = self._lookup_proc(key)
        if proc is not None:
            ref = proc[0]
            return lambda f: ref
        return self._unknown(node, node.name)

    def _global_object(self, entry: Entry) -> Expr:
        """A predefined object, one per run (the legacy ``Email`` structure)."""
        rt, type_id = self.rt, str(entry.value["type"])
        self._load_host(self.cat.types[type_id])
        objects = rt.extensions.setdefault("global_objects", {})

        def get(f: Frame) -> Any:
            obj = objects.get(entry.id)
            if obj is None:
                obj = objects[entry.id] = T.HOST_FACTORIES[type_id]()
            return obj

        return get

    # ---- expressions -------------------------------------------------------------------------
    def expr(self, node: n.Node) -> Expr:
        method: Callable[[Any], Expr] = getattr(self, "x_" + type(node).__name__)
        return method(node)

    def x_Num(self, node: n.Num) -> Expr:
        value = node.value
        return lambda f: value

    def x_Str(self, node: n.Str) -> Expr:
        value = node.value
        return lambda f: value

    def x_Interp(self, node: n.Interp) -> Expr:
        parts = [literal(p) if isinstance(p, str) else self.expr(p) for p in node.parts]
        return lambda f: "".join(to_str(p(f)) for p in parts)

    def x_BinOp(self, node: n.BinOp) -> Expr:
        left, right = self.expr(node.left), self.expr(node.right)
        op = ops.ARITH[node.op]
        if node.op == "PLUS":

            def plus(f: Frame) -> Any:
                a, b = left(f), right(f)
                if type(a) is int and type(b) is int:
                    return a + b
                if type(a) is str and type(b) is str:
                    return a + b
                return op(a, b)

            return plus
        if node.op == "MODULO":

            def mod(f: Frame) -> Any:
                a, b = left(f), right(f)
                if type(a) is int and type(b) is int and a >= 0 and b > 0:
                    return a % b  # the common case; signs follow the dividend otherwise
                return op(a, b)

            return mod
        if node.op in ("MINUS", "STAR"):
            fast: Callable[[int, int], int] = int.__sub__ if node.op == "MINUS" else int.__mul__

            def arith(f: Frame) -> Any:
                a, b = left(f), right(f)
                if type(a) is int and type(b) is int:
                    return fast(a, b)
                return op(a, b)

            return arith
        return lambda f: op(left(f), right(f))

    def x_OptConcat(self, node: n.OptConcat) -> Expr:
        left, right = self.expr(node.left), self.expr(node.right)
        return lambda f: ops.optional_concat(left(f), right(f))

    def x_UnOp(self, node: n.UnOp) -> Expr:
        operand = self.expr(node.operand)
        if node.op == "PLUS":
            return lambda f: to_num(operand(f))
        return lambda f: ops.negate(operand(f))

    def x_Logic(self, node: n.Logic) -> Expr:
        left, right = self.expr(node.left), self.expr(node.right)
        if node.op == "AND_SC":
            return lambda f: to_bool(left(f)) and to_bool(right(f))
        if node.op == "OR_SC":
            return lambda f: to_bool(left(f)) or to_bool(right(f))
        if node.op == "AND":

            def both(f: Frame) -> bool:
                a, b = to_bool(left(f)), to_bool(right(f))
                return a and b

            return both

        def either(f: Frame) -> bool:
            a, b = to_bool(left(f)), to_bool(right(f))
            return a or b

        return either

    def x_Not(self, node: n.Not) -> Expr:
        operand = self.expr(node.operand)
        return lambda f: not to_bool(operand(f))

    def x_Compare(self, node: n.Compare) -> Expr:
        left, right = self.expr(node.left), self.expr(node.right)
        op = ops.COMPARE[node.op]
        if node.op in ("LT", "LE", "GT", "GE"):
            fast = {"LT": int.__lt__, "LE": int.__le__, "GT": int.__gt__, "GE": int.__ge__}[node.op]

            def ordered(f: Frame) -> bool:
                a, b = left(f), right(f)
                if type(a) is int and type(b) is int:
                    return fast(a, b)
                return op(a, b)

            return ordered
        if node.op == "EQ":

            def eq(f: Frame) -> bool:
                a, b = left(f), right(f)
                kind = type(a)
                if kind is type(b) and (kind is int or kind is str):
                    return bool(a == b)
                return op(a, b)

            return eq
        return lambda f: op(left(f), right(f))

    def x_CompareRange(self, node: n.CompareRange) -> Expr:
        value, low, high = self.expr(node.value), self.expr(node.low), self.expr(node.high)
        ge, le = ops.COMPARE["GE"], ops.COMPARE["LE"]

        def run(f: Frame) -> bool:
            v = value(f)
            return ge(v, low(f)) and le(v, high(f))

        return run

    def x_CompareChain(self, node: n.CompareChain) -> Expr:
        left, mid, right = self.expr(node.left), self.expr(node.mid), self.expr(node.right)
        op1, op2 = ops.COMPARE[node.op1], ops.COMPARE[node.op2]

        def run(f: Frame) -> bool:
            m = mid(f)
            return op1(left(f), m) and op2(m, right(f))

        return run

    def x_InList(self, node: n.InList) -> Expr:
        value = self.expr(node.value)
        items = [self.expr(i) for i in node.items]
        negate = node.negate

        def run(f: Frame) -> bool:
            v = value(f)
            found = any(equals(v, item(f)) for item in items)
            return found != negate

        return run

    def x_Ternary(self, node: n.Ternary) -> Expr:
        cond, then, other = self.expr(node.cond), self.expr(node.then), self.expr(node.other)
        return lambda f: then(f) if to_bool(cond(f)) else other(f)

    def x_TupleExpr(self, node: n.TupleExpr) -> Expr:
        items = [self.expr(i) for i in node.items]
        return lambda f: tuple(i(f) for i in items)

    def x_ArrayLit(self, node: n.ArrayLit) -> Expr:
        items = [self.expr(i) for i in node.items]
        return lambda f: WLArray("variant", [i(f) for i in items], (), True)

    def x_DefaultArg(self, node: n.DefaultArg) -> Expr:
        return lambda f: DEFAULT

    def x_ElseArg(self, node: n.ElseArg) -> Expr:
        self.diag(node, "misplaced_else")
        return self.expr(node.value)

    def x_Member(self, node: n.Member) -> Expr:
        target, key, name, rt = self.expr(node.target), node.key, node.name, self.rt
        return lambda f: rt.get_member(target(f), key, name)

    def x_Index(self, node: n.Index) -> Expr:
        target = self.expr(node.target)
        if len(node.args) == 1 and node.args[0].kind != "one":
            arg = node.args[0]
            a = self.expr(arg.a) if arg.a is not None else (lambda f: None)
            b = self.expr(arg.b) if arg.b is not None else (lambda f: None)
            kind = arg.kind
            return lambda f: ops.substring(target(f), kind, a(f), b(f))
        idx = [self.expr(a.a) for a in node.args if a.a is not None]
        if len(idx) == 1:
            one = idx[0]

            def get1(f: Frame) -> Any:
                obj = target(f)
                if isinstance(obj, WLArray | WLAssoc):
                    return obj.get(one(f))
                return index_other(obj, one(f))

            return get1

        def get(f: Frame) -> Any:
            obj = target(f)
            if isinstance(obj, WLArray):
                return obj.get(*[i(f) for i in idx])
            raise WLFault("not_indexable", value=to_str(obj))

        return get

    def x_Substring(self, node: n.Substring) -> Expr:
        target, arg = self.expr(node.target), node.arg
        a = self.expr(arg.a) if arg.a is not None else (lambda f: None)
        b = self.expr(arg.b) if arg.b is not None else (lambda f: None)
        kind = arg.kind
        return lambda f: ops.substring(target(f), kind, a(f), b(f))
