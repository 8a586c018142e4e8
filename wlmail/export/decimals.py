"""``monétaire``/``currency`` and ``numérique``/``numeric`` as ``decimal.Decimal``.

``wlmail run`` keeps both as a ``Decimal`` (``wlmail/runtime/types.py``): a real becomes one from
its shortest text (``Decimal(str(x))``, so 0.1 is exactly 0.1); a ``monétaire`` is always
rounded half to even to 6 decimal places (``.quantize(Decimal("0.000001"))``); a
``numérique`` only when it has more than 6 (the helper ``numeric``). An operation with a
``Decimal`` aligns the other operand the same way (an ``int`` as it is, a real through its
text), and the text of a ``Decimal`` is its digits without trailing zeros
(``format(d.normalize(), "f")``: ``0.333333``, ``3``).

The exporter knows a value has at most 6 decimal places (type ``currency``: a variable of either
type, a sum or a difference of such values, whole numbers and literals, a product by a whole
number): assigned to a variable it needs no rounding. Other ``Decimal`` values (type
``decimal``: a quotient, a product) are rounded where they are stored. Everything else a
``Decimal`` would meet (a parameter, a text operand, a function that is not a text function, a
condition, ``modulo``) is refused.
"""

from __future__ import annotations

import ast
from decimal import Decimal
from typing import Any

from wlmail.export.base import Py, Skip, parse_expr, py_name
from wlmail.export.exprs import ARITH, COMPARE, call, const
from wlmail.export.module_vars import ModuleVarsMixin
from wlmail.runtime import types as T
from wlmail.syntax import nodes as n

SHORT = ("currency", "numeric")  # a Decimal with at most 6 decimal places
DECIMALS = (*SHORT, "decimal")
SIX = 'Decimal("0.000001")'
WORDS = {"fr": "un monétaire ou un numérique", "en": "a currency or numeric value"}

DECIMAL_HELPERS: dict[str, str] = {
    "numeric": '''
from decimal import Decimal


def numeric(value: float | Decimal) -> Decimal:
    """WLangage's numérique/numeric: ``value`` as a Decimal (a real read from its shortest
    text, as WLangage reads it), rounded half to even to 6 decimal places when it has more."""
    exact = Decimal(str(value))
    exponent = exact.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -6:
        return exact.quantize(Decimal("0.000001"))
    return exact
''',
}


class DecimalsMixin(ModuleVarsMixin):
    # -- declarations and conversions ----------------------------------------------------------
    def s_Decl(self, node: n.Decl) -> None:
        vtype = self.ann.vtypes.get(id(node.type))
        kind = str(vtype.id) if vtype is not None else ""
        if kind not in SHORT:
            super().s_Decl(node)
            return
        if self.scope.proc is None and any(nm.key in self.module_vars for nm in node.names):
            raise Skip(node, f"{WORDS[self.lang]} used by a procedure")
        self.need("from decimal import Decimal")
        value = "Decimal(0)"
        if node.init is not None:
            value = self.fit(node, kind, self.expr(node.init)).src
        for nm in node.names:
            self.line(node, f"{py_name(nm.name)}: Decimal = {value}")

    def convert(self, kind: str, value: Py) -> ast.expr | None:
        if kind in SHORT:
            return self.to_decimal(kind, value)
        if value.type not in DECIMALS:
            return super().convert(kind, value)
        if kind == "string":
            return self.text(value)
        if kind in ("int", "real"):  # int(): toward zero, as WLangage
            return call("int" if kind == "int" else "float", value.code)
        if kind == "bool":
            return ast.Compare(value.code, [ast.NotEq()], [const(0)])
        return None

    def to_decimal(self, kind: str, value: Py) -> ast.expr:
        """``value`` stored in a ``monétaire`` (``kind`` currency) or a ``numérique``."""
        number = literal(value.code)
        if isinstance(number, int):
            return call("Decimal", value.code)
        if number is not None:  # computed now, as wlmail stores it
            stored = T.SCALARS[kind][0](number)
            return parse_expr(f'Decimal("{format(stored.normalize(), "f")}")')
        if value.type in SHORT:
            return value.code
        if value.type == "int":
            return call("Decimal", value.code)
        if value.type not in ("real", "decimal"):
            raise Skip(n.Node(0, 0), f"a {value.type} value stored in {WORDS[self.lang]}")
        if kind == "numeric":
            return self.helper("numeric", value.code)
        exact = value.code if value.type == "decimal" else call("Decimal", call("str", value.code))
        return call(f"({ast.unparse(exact)}).quantize", parse_expr(SIX))

    def signature(self, node: n.ProcDef) -> str:
        """A procedure returning a ``monétaire``: ``-> Decimal`` (its RENVOYER values are
        stored as the type says); one taking one is refused (its calls do not convert)."""
        text = super().signature(node)
        rtype = self.ann.vtypes.get(id(node.returns[0])) if len(node.returns) == 1 else None
        if rtype is not None and str(rtype.id) in SHORT and text.endswith("):"):
            self.need("from decimal import Decimal")
            text = text[:-1] + " -> Decimal:"
        return text

    # -- operators -----------------------------------------------------------------------------
    def x_BinOp(self, node: n.BinOp) -> Py:
        if node.op not in ARITH or not self.decimal_operation(node):
            return super().x_BinOp(node)
        left, right = self.expr(node.left), self.expr(node.right)
        if node.op not in ("PLUS", "MINUS", "STAR", "SLASH"):
            raise Skip(node, f"this operation on {WORDS[self.lang]}")
        codes = [self.aligned(node, side) for side in (left, right)]
        short = [self.short(side) for side in (left, right)]
        whole = "int" in (left.type, right.type)  # m * 3: as short as m
        stays = node.op in ("PLUS", "MINUS") or (node.op == "STAR" and whole)
        kind = "currency" if stays and all(short) else "decimal"
        return Py(ast.BinOp(codes[0], ARITH[node.op](), codes[1]), kind)

    def x_UnOp(self, node: n.UnOp) -> Py:
        if not self.decimal_node(node.operand):
            return super().x_UnOp(node)
        value = self.expr(node.operand)
        op: ast.unaryop = ast.USub() if node.op == "MINUS" else ast.UAdd()
        return Py(ast.UnaryOp(op, value.code), value.type)

    def x_Compare(self, node: n.Compare) -> Py:
        if node.op not in COMPARE or not (
            self.decimal_node(node.left) or self.decimal_node(node.right)
        ):
            return super().x_Compare(node)
        left, right = self.expr(node.left), self.expr(node.right)
        codes = [self.aligned(node, side) for side in (left, right)]
        return Py(ast.Compare(codes[0], [COMPARE[node.op]()], [codes[1]]), "bool")

    def aligned(self, node: n.Node, value: Py) -> ast.expr:
        """An operand next to a ``Decimal``: an int as it is, a real through its text."""
        if value.type in DECIMALS or value.type == "int":
            return value.code
        if value.type != "real":
            raise Skip(node, f"a {value.type} value with {WORDS[self.lang]}")
        number = literal(value.code)
        if number is not None:  # Decimal(str(0.2)), written now
            return parse_expr(f'Decimal("{format(Decimal(str(number)), "f")}")')
        return call("Decimal", call("str", value.code))

    @staticmethod
    def short(value: Py) -> bool:
        """At most 6 decimal places: a value of the types, a whole number, a short literal."""
        number = literal(value.code)
        if value.type == "real" and number is not None:
            exponent = Decimal(str(number)).as_tuple().exponent
            return isinstance(exponent, int) and exponent >= -6
        return value.type in (*SHORT, "int")

    def decimal_operation(self, node: n.BinOp) -> bool:
        """An operation on a ``Decimal``: its left operand is one, or its right one is and
        its left one a number (``"x" + m`` is text, written by the string code)."""
        if self.decimal_node(node.left):
            return True
        return self.decimal_node(node.right) and self.number_node(node.left)

    def decimal_node(self, node: n.Node) -> bool:
        if isinstance(node, n.Name):
            ref = self.ref(node)
            return ref[0] == "var" and str(getattr(ref[1].vtype, "id", "")) in SHORT
        if isinstance(node, n.BinOp) and node.op in ARITH:
            return self.decimal_operation(node)
        if isinstance(node, n.UnOp):
            return self.decimal_node(node.operand)
        return False

    def number_node(self, node: n.Node) -> bool:
        if isinstance(node, n.Num):
            return True
        if isinstance(node, n.UnOp):
            return self.number_node(node.operand)
        if isinstance(node, n.Name):
            ref = self.ref(node)
            return ref[0] == "var" and str(getattr(ref[1].vtype, "id", "")) in ("int", "real")
        return self.decimal_node(node)

    # -- text ----------------------------------------------------------------------------------
    def text(self, value: Py) -> ast.expr:
        if value.type in DECIMALS:  # digits without trailing zeros, as WLangage writes them
            return call("format", call(f"({value.src}).normalize"), const("f"))
        return super().text(value)

    def fstring(self, parts: list[Py]) -> Py:
        shown = [self.formatted(p) if p.type in DECIMALS else p for p in parts]
        return super().fstring(shown)

    @staticmethod
    def formatted(value: Py) -> Py:
        """``f"{m.normalize():f}"``: a ``Decimal`` inside an f-string."""
        digits = ast.FormattedValue(
            call(f"({value.src}).normalize"), -1, ast.JoinedStr([const("f")])
        )
        return Py(ast.JoinedStr([digits]), "string")

    # -- what a Decimal may be given to --------------------------------------------------------
    def builtin(self, node: n.Node, entry: Any, arg_nodes: list[n.Node]) -> Py:
        """A catalog function given a ``Decimal`` only where it takes text."""
        given = [i for i, a in enumerate(arg_nodes) if self.decimal_node(a)]
        kinds: list[str] = self.map["functions"].get(entry.id, {}).get("params", [])
        if given and not all(kinds and kinds[min(i, len(kinds) - 1)] == "text" for i in given):
            raise Skip(node, f"{entry.name(self.lang)} of {WORDS[self.lang]}")
        return super().builtin(node, entry, arg_nodes)


def literal(code: ast.expr) -> int | float | None:
    """The number a literal (``0.2``, ``-3``) writes, else None."""
    sign = 1
    if isinstance(code, ast.UnaryOp) and isinstance(code.op, ast.USub | ast.UAdd):
        sign = -1 if isinstance(code.op, ast.USub) else 1
        code = code.operand
    value = code.value if isinstance(code, ast.Constant) else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return sign * value
    return None
