"""Parse tree to AST: one method per grammar rule (Lark runs it inline while parsing)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wlmail.catalog import fold, get_catalog
from wlmail.errors import WLSyntaxError
from wlmail.syntax import nodes as n
from wlmail.syntax.build_objects import ObjectBuilder
from wlmail.syntax.buildkit import (
    _PROC_WORDS,
    Children,
    Inline,
    _CtorArgs,
    _name,
    _nodes,
    _pos,
    _Returns,
    _types,
)
from wlmail.syntax.tokens import Token

__all__ = ["Builder", "Inline"]


class Builder(ObjectBuilder):
    """Builds :mod:`wlmail.syntax.nodes` from the LALR parse: one method per rule or alias."""

    def __init__(self, parse_expr: Callable[[str, int, int], n.Node]) -> None:
        self.parse_expr = parse_expr

    # ---- program and blocks ------------------------------------------------------------------
    def start(self, c: Children) -> n.Program:
        body, *procs = _nodes(c)
        return n.Program(1, 1, body, procs)

    def block(self, c: Children) -> list[Any]:
        return _nodes(c)

    # ---- simple statements ---------------------------------------------------------------
    def assign(self, c: Children) -> n.Assign:
        return n.Assign(*_pos(c), c[0], c[2])

    def aug_assign(self, c: Children) -> n.AugAssign:
        op = {"PLUSEQ": "+", "MINUSEQ": "-", "STAREQ": "*", "SLASHEQ": "/"}[c[1].type]
        return n.AugAssign(*_pos(c), op, c[0], c[2])

    def expr_stmt(self, c: Children) -> n.Node:
        expr = c[0]
        if isinstance(expr, n.IncDecExpr) and not expr.prefix:  # `n++` alone: a statement
            return n.IncDec(expr.line, expr.col, expr.op, expr.target)
        return n.ExprStmt(*_pos(c), expr)

    def post_incdec(self, c: Children) -> n.IncDecExpr:
        return n.IncDecExpr(*_pos(c), "+" if c[1].type == "INC" else "-", c[0], False)

    def pre_incdec(self, c: Children) -> n.IncDecExpr:
        return n.IncDecExpr(*_pos(c), "+" if c[0].type == "INC" else "-", c[1], True)

    def names(self, c: Children) -> list[n.Name]:
        return [_name(t) for t in c if t.type == "NAME"]

    def decl(self, c: Children) -> n.Decl:
        names, spec, *rest = _nodes(c)
        return n.Decl(*_pos(c), names, spec, rest[0] if rest else None)

    def let_stmt(self, c: Children) -> n.Let:
        names = [_name(t) for t in c if isinstance(t, Token) and t.type == "NAME"]
        unpack = any(isinstance(t, Token) and t.type == "LPAR" for t in c)
        return n.Let(*_pos(c), names, c[-1], unpack)

    def break_stmt(self, c: Children) -> n.Break:
        return n.Break(*_pos(c))

    def continue_stmt(self, c: Children) -> n.Continue:
        return n.Continue(*_pos(c))

    def return_stmt(self, c: Children) -> n.Return:
        return n.Return(*_pos(c), c[1] if len(c) > 1 else None, "RETURN")

    def result_stmt(self, c: Children) -> n.Return:
        return n.Return(*_pos(c), c[1] if len(c) > 1 else None, "RESULT")

    def scope_stmt(self, c: Children) -> n.Node:
        scope = c[0].type
        if len(c) > 1:
            decl: n.Decl = c[1]
            decl.scope = scope
            return decl
        return n.ScopeMark(*_pos(c), scope)

    def if_line(self, c: Children) -> n.If:
        parts = _nodes(c)
        other = [parts[2]] if len(parts) > 2 else None
        return n.If(*_pos(c), [(parts[0], [parts[1]])], other, one_line=True)

    # ---- types -----------------------------------------------------------------------------
    def array_type(self, c: Children) -> n.TypeSpec:
        parts = _nodes(c)
        attrs = next((p for p in parts if isinstance(p, dict)), {})
        dims = next((p for p in parts if isinstance(p, list)), [])
        return n.TypeSpec(*_pos(c), "array", elem=parts[-1], dims=dims, attrs=attrs)

    def array_sized(self, c: Children) -> n.TypeSpec:
        """``tableau de 5 entiers``: the size written between ``de`` and the type."""
        size = next(t for t in c if isinstance(t, Token) and t.type == "NUMBER")
        spec = self.array_type([t for t in c if t is not size])
        spec.dims = [self.number([size])]  # the compiler checks that it is a whole number
        return spec

    def assoc_type(self, c: Children) -> n.TypeSpec:
        parts = _nodes(c)
        attrs = next((p for p in parts if isinstance(p, dict)), {})
        return n.TypeSpec(*_pos(c), "assoc", elem=parts[-1], attrs=attrs)

    def named_type(self, c: Children) -> n.TypeSpec:
        words: list[str] = []
        dotted = False
        for t in c:
            if isinstance(t, Token) and t.type == "DOT":
                dotted = True
            elif isinstance(t, Token) and t.type in ("NAME", "NUMBER", "ON"):
                if dotted and words:  # `IAcquisition.Str_DATA`: a type declared in a class
                    words[-1] += "." + str(t)
                else:
                    words.append(str(t))
                dotted = False
        attrs = next((p for p in c if isinstance(p, dict)), {})
        dynamic = any(isinstance(t, Token) and t.type == "DYNAMIC" for t in c)
        args = next((list(p) for p in c if isinstance(p, _CtorArgs)), None)
        spec = n.TypeSpec(*_pos(c), "named", words=words, attrs=attrs, dynamic=dynamic)
        spec.args = args
        return spec

    def dims(self, c: Children) -> list[Any]:
        return _nodes(c)

    def attrs(self, c: Children) -> dict[str, str]:
        """``<growth=5>``, ``<sans pause>``, ``<zone="x">``: names folded, words joined."""
        out: dict[str, str] = {}
        key: list[str] = []
        value = False
        for tok in c:
            if tok.type == "EQ":
                value = True
            elif tok.type == "GT":
                key, value = [], False
            elif not value:
                if key:
                    del out[" ".join(key)]
                key.append(fold(str(tok)))
                out[" ".join(key)] = ""
            else:
                out[" ".join(key)] = str(tok)
        return out

    # ---- blocks ------------------------------------------------------------------------------
    def if_block(self, c: Children) -> n.If:
        parts = _nodes(c)
        arms: list[tuple[Any, list[Any]]] = [(parts[0], parts[1])]
        other = None
        for part in parts[2:]:
            if isinstance(part, tuple):
                arms.append(part)
            else:
                other = part.body
        return n.If(*_pos(c), arms, other)

    def elif_arm(self, c: Children) -> tuple[Any, list[Any]]:
        cond, body = _nodes(c)
        return (cond, body)

    def else_arm(self, c: Children) -> n.Case:
        return n.Case(*_pos(c), [], _nodes(c)[0])

    def switch_stmt(self, c: Children) -> n.Switch:
        subject, *arms = _nodes(c)
        cases = [a for a in arms if a.labels]
        other = next((a.body for a in arms if not a.labels), None)
        return n.Switch(*_pos(c), subject, cases, other)

    def case_arm(self, c: Children) -> n.Case:
        labels, body = _nodes(c)
        return n.Case(*_pos(c), labels, body)

    def other_arm(self, c: Children) -> n.Case:
        return n.Case(*_pos(c), [], _nodes(c)[0])

    def case_body(self, c: Children) -> list[Any]:
        parts = _nodes(c)
        return parts[0] if len(parts) == 1 else [parts[0], *parts[1]]

    def case_labels(self, c: Children) -> list[n.CaseLabel]:
        labels: list[n.CaseLabel] = []
        for label in _nodes(c):
            labels.extend(_split_or(label))
        return labels

    def label_value(self, c: Children) -> n.CaseLabel:
        return n.CaseLabel(*_pos(c), "value", a=c[0])

    def label_range(self, c: Children) -> n.CaseLabel:
        a, b = _nodes(c)
        return n.CaseLabel(*_pos(c), "range", a=a, b=b)

    def label_upto(self, c: Children) -> n.CaseLabel:
        return n.CaseLabel(*_pos(c), "upto", b=_nodes(c)[0])

    def label_from(self, c: Children) -> n.CaseLabel:
        return n.CaseLabel(*_pos(c), "from", a=_nodes(c)[0])

    def label_cmp(self, c: Children) -> n.CaseLabel:
        return n.CaseLabel(*_pos(c), "cmp", op=c[0].type, a=c[1])

    def label_interval(self, c: Children) -> n.CaseLabel:
        a, op1, _star, op2, b = c
        return n.CaseLabel(*_pos(c), "interval", op=op1.type, a=a, b=b, op2=op2.type)

    def for_stmt(self, c: Children) -> n.For:
        var = _name(c[1])
        parts = _nodes(c)
        once = "TO_ONCE" in _types(c)
        step = parts[2] if len(parts) == 4 else None
        return n.For(*_pos(c), var, parts[0], parts[1], step, once, parts[-1])

    def for_each(self, c: Children) -> n.ForEach:
        toks = [t for t in c if isinstance(t, Token) and t.type == "NAME"]
        qualifier = ""
        # `POUR TOUT ÉLÉMENT x, i DE t`: the first name is a qualifier when a name follows it.
        if isinstance(c[3], Token) and c[3].type == "NAME":
            qualifier = fold(str(toks[0]))
            toks = toks[1:]
        parts = _nodes(c)
        sep = parts[1] if len(parts) == 3 else None
        return n.ForEach(*_pos(c), qualifier, [_name(t) for t in toks], parts[0], sep, parts[-1])

    def while_stmt(self, c: Children) -> n.While:
        cond, body = _nodes(c)
        return n.While(*_pos(c), cond, body)

    def loop_stmt(self, c: Children) -> n.Loop:
        parts = _nodes(c)
        return n.Loop(*_pos(c), parts[0], parts[1] if len(parts) > 1 else None)

    def loop_count(self, c: Children) -> n.LoopCount:
        count, body = _nodes(c)
        return n.LoopCount(*_pos(c), count, body)

    def exc_in(self, c: Children) -> n.WhenException:
        parts = _nodes(c)
        return n.WhenException(*_pos(c), parts[0], parts[1], parts[2] if len(parts) > 2 else None)

    def exc_general(self, c: Children) -> n.WhenException:
        return n.WhenException(*_pos(c), None, _nodes(c)[0], None)

    def const_block(self, c: Children) -> n.ConstBlock:
        return n.ConstBlock(*_pos(c), _nodes(c))

    def const_def(self, c: Children) -> n.ConstDef:
        return n.ConstDef(*_pos(c), _name(c[0]), c[2])

    def struct_decl(self, c: Children) -> n.StructDecl:
        names, *fields = _nodes(c)
        return n.StructDecl(*_pos(c), names[0], fields)

    def extern_stmt(self, c: Children) -> n.Extern:
        arg = c[1]
        if isinstance(arg, list):
            return n.Extern(*_pos(c), None, arg)
        return n.Extern(*_pos(c), str(arg), [])

    # ---- procedures ------------------------------------------------------------------------
    def procedure(self, c: Children, internal: bool = False) -> n.ProcDef:
        toks = [t for t in c if isinstance(t, Token)]
        dot = next((i for i, t in enumerate(toks) if t.type == "DOT"), -1)
        head = toks[: dot if dot >= 0 else None]
        words = [t for t in head if t.type in _PROC_WORDS]
        owner = _name(words[-1]) if dot >= 0 else None
        name_tok = toks[dot + 1] if dot >= 0 else words[-1]
        parts = _nodes(c)
        star = "*" in parts
        params = next((p for p in parts if isinstance(p, tuple)), ())
        rets: list[n.TypeSpec] = next((list(p) for p in parts if isinstance(p, _Returns)), [])
        attrs = next((p for p in parts if isinstance(p, dict)), {})
        body = parts[-1]
        proc = n.ProcDef(*_pos(c), _name(name_tok), None if star else list(params), rets, body)
        proc.internal = internal
        proc.modifiers = [fold(str(w)) for w in words[:-1]]
        proc.owner = owner
        proc.attrs = attrs
        return proc

    def internal_proc(self, c: Children) -> n.ProcDef:
        return self.procedure(c, internal=True)

    def params(self, c: Children) -> tuple[n.Param, ...] | str:
        """A tuple of parameters, or ``"*"`` for ``PROCÉDURE P(*)`` (any number)."""
        if len(c) == 1 and isinstance(c[0], Token) and c[0].type == "STAR":
            return "*"
        return tuple(_nodes(c))

    def param(self, c: Children) -> n.Param:
        local = _types(c)[:1] == ["LOCAL"]
        name = next(t for t in c if isinstance(t, Token) and t.type == "NAME")
        parts = _nodes(c)
        spec = next((p for p in parts if isinstance(p, n.TypeSpec)), None)
        default = parts[-1] if parts and not isinstance(parts[-1], n.TypeSpec) else None
        return n.Param(*_pos(c), _name(name), local, spec, default)

    def ret_type(self, c: Children) -> _Returns:
        return _Returns(_nodes(c))

    # ---- expressions -----------------------------------------------------------------------
    def ternary(self, c: Children) -> n.Ternary:
        cond, then, other = _nodes(c)
        return n.Ternary(*_pos(c), cond, then, other)

    def logic_op(self, c: Children) -> n.Logic:
        return n.Logic(*_pos(c), c[1].type, c[0], c[2])

    def not_op(self, c: Children) -> n.Not:
        return n.Not(*_pos(c), c[1])

    def compare(self, c: Children) -> n.Compare:
        return n.Compare(*_pos(c), c[1].type, c[0], c[2])

    def compare_range(self, c: Children) -> n.Node:
        value, op, low, _to, high = c
        node = n.CompareRange(*_pos(c), value, low, high)
        if op.type == "NE":
            return n.Not(node.line, node.col, node)
        return node

    def compare_chain(self, c: Children) -> n.CompareChain:
        a, op1, mid, op2, b = c
        return n.CompareChain(*_pos(c), op1.type, a, mid, op2.type, b)

    def in_list(self, c: Children) -> n.InList:
        value, op, _lp, args, _rp = c
        return n.InList(*_pos(c), value, args, op.type == "NOT_IN", op.type == "IN_SC")

    def binop(self, c: Children) -> n.Node:
        left, op, right = c
        if op.type == "PLUS" and isinstance(right, n.ArrayLit) and len(right.items) == 1:
            return n.OptConcat(*_pos(c), left, right.items[0])
        return n.BinOp(*_pos(c), op.type, left, right)

    def unop(self, c: Children) -> n.UnOp:
        return n.UnOp(*_pos(c), c[0].type, c[1])

    def call(self, c: Children) -> n.Call:
        args = c[2] if len(c) == 4 else []
        return n.Call(*_pos(c), c[0], args)

    def index(self, c: Children) -> n.Index:
        return n.Index(*_pos(c), c[0], c[2])

    def substring(self, c: Children) -> n.Substring:
        return n.Substring(*_pos(c), c[0], c[2])

    def member(self, c: Children) -> n.Member:
        target, dot, name = c
        return n.Member(*_pos(c), target, str(name), fold(str(name)), dot.type == "DOTDOT")

    def number(self, c: Children) -> n.Num:
        text = str(c[0])
        value: Any
        try:
            if text[:2].lower() == "0x":
                value = int(text, 16)
            elif "." in text:
                value = float(text)
            else:
                value = int(text)
        except ValueError:  # more digits than Python converts (4300): no WLangage number is
            tok = c[0]
            raise WLSyntaxError(
                get_catalog().message("number_too_long", "fr"), "", tok.line, tok.column
            ) from None
        return n.Num(*_pos(c), value)

    def string(self, c: Children) -> n.Node:
        tok: Token = c[0]
        text = str(tok)
        if "[%" in text and "%]" in text:
            return self._interpolate(tok, text)
        return n.Str(*_pos(c), text)

    def _interpolate(self, tok: Token, text: str) -> n.Node:
        parts: list[Any] = []
        pos = 0
        while True:
            start = text.find("[%", pos)
            end = text.find("%]", start + 2) if start >= 0 else -1
            if start < 0 or end < 0:
                parts.append(text[pos:])
                break
            parts.append(text[pos:start])
            parts.append(self.parse_expr(text[start + 2 : end], tok.line or 0, tok.column or 0))
            pos = end + 2
        return n.Interp(tok.line or 0, tok.column or 0, [p for p in parts if p != ""])

    def name(self, c: Children) -> n.Name:
        return _name(c[0])

    def paren(self, c: Children) -> Any:
        return c[1]

    def tuple(self, c: Children) -> n.TupleExpr:
        return n.TupleExpr(*_pos(c), _nodes(c))

    def array_lit(self, c: Children) -> n.ArrayLit:
        parts = _nodes(c)
        return n.ArrayLit(*_pos(c), parts[0] if parts else [])

    def args(self, c: Children) -> list[Any]:
        return _nodes(c)

    def default_arg(self, c: Children) -> n.DefaultArg:
        return n.DefaultArg(*_pos(c))

    def else_arg(self, c: Children) -> n.ElseArg:
        return n.ElseArg(*_pos(c), c[1])

    def index_args(self, c: Children) -> list[Any]:
        return _nodes(c)

    def idx_one(self, c: Children) -> n.IndexArg:
        return n.IndexArg(*_pos(c), "one", c[0], None)

    def idx_range(self, c: Children) -> n.IndexArg:
        parts = _nodes(c)
        return n.IndexArg(*_pos(c), "range", parts[0], parts[1] if len(parts) > 1 else None)

    def idx_upto(self, c: Children) -> n.IndexArg:
        return n.IndexArg(*_pos(c), "upto", None, c[1])

    def idx_count(self, c: Children) -> n.IndexArg:
        return n.IndexArg(*_pos(c), "count", c[0], c[2])


def _split_or(label: n.CaseLabel) -> list[n.CaseLabel]:
    """``CAS 1 OU 2`` lists two values (the doc's "Mot-clé OU")."""
    if label.kind == "value" and isinstance(label.a, n.Logic) and label.a.op == "OR":
        left = n.CaseLabel(label.line, label.col, "value", a=label.a.left)
        right = n.CaseLabel(label.line, label.col, "value", a=label.a.right)
        return [*_split_or(left), *_split_or(right)]
    return [label]
