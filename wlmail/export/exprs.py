"""Expressions: WLangage operators, literals and catalog functions as Python expressions.

Types the declarations give (``entier``, ``chaîne``…) decide the Python: ``text + number`` is an
f-string, ``int + int`` stays ``+``. Where WLangage converts at run time and the types are not
known, the helper module's ``text``/``val`` do it; where nothing fits, the construct is reported.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable
from typing import Any

from wlmail.export.base import Base, Py, Skip, parse_expr, py_name
from wlmail.syntax import nodes as n

NUMERIC = ("int", "real")
ARITH: dict[str, type[ast.operator]] = {
    "PLUS": ast.Add,
    "MINUS": ast.Sub,
    "STAR": ast.Mult,
    "SLASH": ast.Div,
    "MODULO": ast.Mod,
    "PERCENT": ast.Mod,
    "CARET": ast.Pow,
}
COMPARE: dict[str, type[ast.cmpop]] = {
    "EQ": ast.Eq,
    "NE": ast.NotEq,
    "LT": ast.Lt,
    "LE": ast.LtE,
    "GT": ast.Gt,
    "GE": ast.GtE,
}
CONSTANTS = {
    "true": True,
    "false": False,
    "null": None,
    "cr": "\r\n",
    "tab": "\t",
    "eot": "\x04",
}


def const(value: Any) -> ast.expr:
    return ast.Constant(value)


def name(text: str) -> ast.expr:
    return ast.Name(text, ast.Load())


def call(func: str, *args: ast.expr, **kw: ast.expr) -> ast.expr:
    return ast.Call(parse_expr(func), list(args), [ast.keyword(k, v) for k, v in kw.items()])


class ExprMixin(Base):
    loop_types: dict[str, str]  # FOR EACH variables: the type of what they go over
    const_types: dict[str, str]  # CONSTANT block names: the type of their value

    # -- entry points ------------------------------------------------------------------------
    def expr(self, node: n.Node) -> Py:
        method: Callable[[Any], Py] | None = getattr(self, "x_" + type(node).__name__, None)
        if method is None:
            raise Skip(node, f"expression {type(node).__name__}")
        return fold(method(node))

    def test(self, node: n.Node) -> ast.expr:
        """A condition: a boolean as it is; a number as WLangage tests it (text there is an
        error at run time in WLangage, never Python's truth: not exported)."""
        value = self.expr(node)
        if value.type == "bool":
            return value.code
        if value.type in NUMERIC:
            return value.code  # Python's truth: 0 is false, as in WLangage
        if value.type == "string":
            raise Skip(node, "a text used as a condition (an error in WLangage)")
        raise Skip(node, "a condition whose type is unknown")

    def text(self, value: Py) -> ast.expr:
        """``value`` as WLangage writes it in text (numbers without trailing zeros, 1/0)."""
        if value.type == "string":
            return value.code
        if value.type in ("int", "error"):
            return call("str", value.code)
        if value.type == "bool":
            return call("str", call("int", value.code))
        if value.type not in ("real", "any", "variant", "none"):
            raise Skip(n.Node(0, 0), f"the text of a {value.type} value")
        return self.helper("text", value.code)

    def fstring(self, parts: list[Py]) -> Py:
        """Text made of ``parts``: one f-string (or a literal, or the only part)."""
        values: list[ast.expr] = []
        for part in parts:
            if isinstance(part.code, ast.Constant) and type(part.code.value) is int:
                part = Py(const(str(part.code.value)), "string")
            if isinstance(part.code, ast.Constant) and isinstance(part.code.value, str):
                last = values[-1] if values else None
                if isinstance(last, ast.Constant) and isinstance(last.value, str):
                    values[-1] = const(last.value + part.code.value)
                else:
                    values.append(const(part.code.value))
            elif isinstance(part.code, ast.JoinedStr):
                values.extend(part.code.values)
            else:
                shown = part.code
                if part.type == "bool":
                    shown = call("int", part.code)
                elif part.type not in ("string", "int", "error"):
                    shown = self.text(part)
                values.append(ast.FormattedValue(shown, -1, None))
        if not values:
            return Py(const(""), "string")
        if len(values) == 1 and isinstance(values[0], ast.Constant):
            return Py(values[0], "string")
        if len(values) == 1 and len(parts) == 1 and parts[0].type == "string":
            return parts[0]
        inner = [v.value for v in values if isinstance(v, ast.FormattedValue)]
        if any("\\" in ast.unparse(v) for v in inner):  # not inside an f-string before 3.12
            pieces = [v.value if isinstance(v, ast.FormattedValue) else v for v in values]
            total = pieces[0]
            for piece in pieces[1:]:
                total = ast.BinOp(total, ast.Add(), piece)
            return Py(total, "string")
        return Py(ast.JoinedStr(values), "string")

    # -- literals and names ------------------------------------------------------------------
    def x_Num(self, node: n.Num) -> Py:
        if isinstance(node.value, int):
            return Py(const(node.value), "int")
        if isinstance(node.value, float):
            return Py(const(node.value), "real")
        raise Skip(node, f"the number {node.value}")

    def x_Str(self, node: n.Str) -> Py:
        return Py(const(node.value), "string")

    def x_Interp(self, node: n.Interp) -> Py:
        parts = [Py(const(p), "string") if isinstance(p, str) else self.expr(p) for p in node.parts]
        return self.fstring(parts)

    def x_Name(self, node: n.Name) -> Py:
        ref = self.ref(node)
        if ref[0] == "var":
            info = ref[1]
            kind = self.var_type(info.vtype)
            if kind == "variant":
                kind = self.inferred(node) or self.loop_types.get(node.key) or kind
                kind = self.const_types.get(node.key, kind) if kind == "variant" else kind
            return Py(name(py_name(info.name)), kind)
        if ref[0] == "const":
            entry = ref[1]
            if entry.id in CONSTANTS:
                value = CONSTANTS[entry.id]
                kind = {bool: "bool", str: "string"}.get(type(value), "none")
                return Py(const(value), kind)
            if entry.id in self.map.get("constants", {}):  # an option: its number
                return Py(const(entry.value), "int")
            return self.mail_constant(node, entry)
        if ref[0] == "func":
            return self.builtin(node, ref[1], [])
        raise Skip(node, f"unknown '{node.name}'" if ref[0] == "unknown" else node.name)

    def var_type(self, vtype: Any) -> str:
        vid = str(vtype.id)
        if vid in ("int", "int8"):
            return "int"
        if vid in ("real", "string", "bool"):
            return vid
        if vid == "array":
            return "list"
        if vid == "assoc":
            return "dict"
        return vid

    # -- operators ---------------------------------------------------------------------------
    def concat_parts(self, node: n.Node) -> list[Py]:
        if isinstance(node, n.BinOp) and node.op == "PLUS":
            left = self.concat_parts(node.left)
            if (left and left[0].type == "string") or self._is_text(node.left):
                right = self.expr(node.right)
                return [*left, right]
        return [self.expr(node)]

    def _is_text(self, node: n.Node) -> bool:
        return isinstance(node, n.Str | n.Interp)

    def x_BinOp(self, node: n.BinOp) -> Py:
        if node.op == "PLUS":
            left = self.expr(node.left)
            if left.type == "string":
                return self.fstring([*self.concat_parts(node.left), self.expr(node.right)])
        else:
            left = self.expr(node.left)
        right = self.expr(node.right)
        if node.op in ("MODULO", "PERCENT"):
            raise Skip(
                node, "modulo (WLangage's result has the dividend's sign, Python's the divisor's)"
            )
        if left.type in NUMERIC and right.type in NUMERIC and node.op in ARITH:
            kind = "int" if left.type == right.type == "int" else "real"
            if node.op == "SLASH":
                kind = "real"
            return Py(ast.BinOp(left.code, ARITH[node.op](), right.code), kind)
        raise Skip(node, "an operation on values whose types are not known")

    def x_UnOp(self, node: n.UnOp) -> Py:
        value = self.expr(node.operand)
        if value.type not in NUMERIC:
            raise Skip(node, "a sign on a value that is not a number")
        op: ast.unaryop = ast.USub() if node.op == "MINUS" else ast.UAdd()
        return Py(ast.UnaryOp(op, value.code), value.type)

    def x_Logic(self, node: n.Logic) -> Py:
        op: ast.boolop = ast.And() if node.op in ("AND", "AND_SC") else ast.Or()
        # each side as a boolean (Python's `2 and 5` is 5; WLangage's ET gives Vrai)
        left, right = self.side(node.left), self.side(node.right)
        if node.op in ("AND", "OR") and any(isinstance(x, ast.Call) for x in ast.walk(right)):
            # ET/OU evaluate both sides (_ET_ and _OU_ do not): `&`/`|` on booleans
            bit: ast.operator = ast.BitAnd() if node.op == "AND" else ast.BitOr()
            return Py(ast.BinOp(left, bit, right), "bool")
        return Py(ast.BoolOp(op, [left, right]), "bool")

    def side(self, node: n.Node) -> ast.expr:
        """A side of ``ET``/``OU``: a boolean, or a number tested ``!= 0``."""
        value = self.expr(node)
        if value.type == "bool":
            return value.code
        if value.type in NUMERIC:
            return ast.Compare(value.code, [ast.NotEq()], [ast.Constant(0)])
        raise Skip(node, "a condition whose type is unknown")

    def x_Not(self, node: n.Not) -> Py:
        inner = self.test(node.operand)
        if isinstance(inner, ast.Compare) and len(inner.ops) == 1:
            flipped = {ast.In: ast.NotIn, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}
            op = flipped.get(type(inner.ops[0]))
            if op is not None:
                return Py(ast.Compare(inner.left, [op()], inner.comparators), "bool")
        return Py(ast.UnaryOp(ast.Not(), inner), "bool")

    def x_Compare(self, node: n.Compare) -> Py:
        mail = self.mail_compare(node)
        if mail is not None:
            return mail
        left, right = self.expr(node.left), self.expr(node.right)
        if node.op == "CONTAINS" and left.type == right.type == "string":
            return Py(ast.Compare(right.code, [ast.In()], [left.code]), "bool")
        if node.op not in COMPARE:
            raise Skip(node, "this comparison")
        same = left.type == right.type or (left.type in NUMERIC and right.type in NUMERIC)
        if not same or left.type not in (*NUMERIC, "string", "bool"):
            raise Skip(node, "a comparison of values of different or unknown types")
        return Py(ast.Compare(left.code, [COMPARE[node.op]()], [right.code]), "bool")

    def x_Ternary(self, node: n.Ternary) -> Py:
        a, b = self.expr(node.then), self.expr(node.other)
        return Py(ast.IfExp(self.test(node.cond), a.code, b.code), a.type)

    def x_ArrayLit(self, node: n.ArrayLit) -> Py:
        items = [self.expr(i) for i in node.items]
        return Py(ast.List([i.code for i in items], ast.Load()), "list")

    # -- indexing ----------------------------------------------------------------------------
    def x_Index(self, node: n.Index) -> Py:
        if len(node.args) == 1 and node.args[0].kind != "one":
            return self.slice(node.target, node.args[0], node)
        target = self.expr(node.target)
        if target.type != "list" or len(node.args) != 1 or node.args[0].a is None:
            raise Skip(node, "this index")
        index = self.expr(node.args[0].a)
        return Py(ast.Subscript(target.code, self.minus_one(index), ast.Load()), "any")

    def minus_one(self, index: Py) -> ast.expr:
        """A 1-based index as Python's 0-based one (a literal is shifted here)."""
        code = index.code
        if isinstance(code, ast.Constant) and isinstance(code.value, int):
            return const(code.value - 1)
        if index.type != "int":
            raise Skip(n.Node(0, 0), "an index that is not a whole number")
        return ast.BinOp(code, ast.Sub(), const(1))

    def x_Substring(self, node: n.Substring) -> Py:
        return self.slice(node.target, node.arg, node)

    def slice(self, target_node: n.Node, arg: n.IndexArg, node: n.Node) -> Py:
        target = self.expr(target_node)
        if target.type != "string":
            raise Skip(node, "a substring of a value that is not text")
        a = self.expr(arg.a) if arg.a is not None else None
        b = self.expr(arg.b) if arg.b is not None else None
        start = self.minus_one(a) if a is not None else None
        stop: ast.expr | None = None
        if arg.kind == "one" and a is not None:
            stop = a.code
        elif arg.kind in ("range", "upto") and b is not None:
            stop = b.code
        elif arg.kind == "count" and a is not None and b is not None:
            assert start is not None
            stop = ast.BinOp(start, ast.Add(), b.code)
        cut = ast.Slice(start, stop, None)
        return Py(ast.Subscript(target.code, cut, ast.Load()), "string")

    # -- calls -------------------------------------------------------------------------------
    def x_Call(self, node: n.Call) -> Py:
        kind = self.ann.calls.get(id(node), ("unknown",))
        if kind[0] == "proc":
            return self.proc_call(node, kind[1])
        if kind[0] in ("func", "func_on"):
            args = node.args
            if kind[0] == "func_on" and isinstance(node.func, n.Member):
                args = [node.func.target, *args]
            return self.builtin(node, kind[1], args)
        raise Skip(node, "this call")

    def proc_call(self, node: n.Call, proc: Any) -> Py:
        values = [self.expr(a) for a in node.args]
        args = [v.code for v in values]
        returns = "any"
        target = self.proc_node(proc)
        from wlmail.export.stmts import walk  # (stmts imports this module)

        if target is None and any(
            isinstance(x, n.ProcDef) and x.internal and self.ann.procs.get(id(x)) is proc
            for x in walk(self.program.body)
        ):
            raise Skip(node, "a call of an internal procedure")
        for i, param in enumerate(target.params or [] if target else []):
            vtype = self.ann.vtypes.get(id(param.type)) if param.type is not None else None
            kind = self.var_type(vtype) if vtype is not None else "any"
            if i < len(values) and kind in (*NUMERIC, "string", "bool"):
                converted = self.convert(kind, values[i]) if kind != values[i].type else None
                if converted is not None:  # a typed parameter converts its argument
                    args[i] = converted
                elif kind != values[i].type and not (kind == "real" and values[i].type == "int"):
                    what = f"a {values[i].type} argument for the {kind} parameter"
                    raise Skip(node, f"{what} '{param.name.name}'")
        if target is not None and target.returns:
            spec = self.ann.vtypes.get(id(target.returns[0]))
            returns = self.var_type(spec) if spec is not None else "any"
        elif target is not None:
            returns = self.return_type(target) or "any"
        return Py(ast.Call(name(py_name(proc.name)), args, []), returns)

    def proc_node(self, proc: Any) -> n.ProcDef | None:
        for node in self.program.procs:
            if self.ann.procs.get(id(node)) is proc:
                return node
        return None

    def builtin(self, node: n.Node, entry: Any, arg_nodes: list[n.Node]) -> Py:
        mail = self.mail_call(node, entry, arg_nodes)
        if mail is not None:
            return mail
        spec = self.map["functions"].get(entry.id)
        if spec is None:
            raise Skip(node, f"{entry.name(self.lang)} has no Python mapping")
        if len(arg_nodes) not in spec.get("args", [len(arg_nodes)]):
            raise Skip(node, f"{entry.name(self.lang)} with {len(arg_nodes)} argument(s)")
        args = self.shape_args(node, spec, [self.expr(a) for a in arg_nodes])
        kind = spec.get("type", "any")
        if kind == "same":
            kind = args[0].type if len({a.type for a in args}) == 1 else "real"
        special = self.special_call(node, entry.id, args)
        if special is not None:
            return special
        if spec.get("special"):
            raise Skip(node, f"{entry.name(self.lang)} with these arguments")
        if "helper" in spec:
            return Py(self.helper(spec["helper"], *[a.code for a in args]), kind)
        if "import" in spec:
            self.need(spec["import"])
        template = spec.get("py") or spec["text"]
        codes = [self.text(a) if "text" in spec else a.code for a in args]
        shown = [f"({ast.unparse(c)})" for c in codes]
        source = template.replace("{*}", ", ".join(shown)).format(*shown)
        return Py(parse_expr(source), kind)

    # -- hooks: strings.py and collections.py, then the mail mixin ---------------------------
    def shape_args(self, node: n.Node, spec: dict[str, Any], args: list[Py]) -> list[Py]:
        return args

    def special_call(self, node: n.Node, fid: str, args: list[Py]) -> Py | None:
        return None

    def inferred(self, node: n.Name) -> str:
        return ""

    def convert(self, kind: str, value: Py) -> ast.expr | None:
        return None

    def return_type(self, proc: n.ProcDef) -> str:
        return ""

    def param_type(self, proc: n.ProcDef, param: n.Param) -> str:
        return ""

    def inferred_vtype(self, node: n.Name) -> Any:
        return None

    def x_Member(self, node: n.Member) -> Py:
        raise Skip(node, f"the member .{node.name}")

    def mail_call(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        return None

    def mail_compare(self, node: n.Compare) -> Py | None:
        return None

    def mail_constant(self, node: n.Name, entry: Any) -> Py:
        raise Skip(node, f"the constant {entry.name(self.lang)}")


def fold(value: Py) -> Py:
    """A comparison of literals (``"a" = "b"``) as the constant Python would compute: the same
    value, without the always-false test mypy reports (``comparison-overlap``)."""
    code = value.code
    if isinstance(code, ast.Compare) and all(
        isinstance(x, ast.Constant) and isinstance(x.value, str | int | float)
        for x in (code.left, *code.comparators)
    ):
        try:
            tree = ast.fix_missing_locations(ast.Expression(copy.deepcopy(code)))
            result = eval(compile(tree, "<fold>", "eval"))  # literals only
        except TypeError:  # 1 < "a": left to the code that reports it
            return value
        return Py(ast.Constant(bool(result)), value.type)
    return value
