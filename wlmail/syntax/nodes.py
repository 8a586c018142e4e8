"""AST of WLangage: plain dataclasses; every node knows its line and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Node:
    line: int
    col: int


# ---- expressions -----------------------------------------------------------------------------
@dataclass(slots=True)
class Num(Node):
    value: Any


@dataclass(slots=True)
class Str(Node):
    value: str


@dataclass(slots=True)
class Interp(Node):
    """A string with ``[% expr %]`` parts: text pieces and expressions alternate."""

    parts: list[Any]


@dataclass(slots=True)
class Name(Node):
    name: str
    key: str  # folded


@dataclass(slots=True)
class BinOp(Node):
    op: str
    left: Node
    right: Node


@dataclass(slots=True)
class OptConcat(Node):
    """``a + [b]``: append ``b`` unless ``a`` is empty or already ends with it."""

    left: Node
    right: Node


@dataclass(slots=True)
class UnOp(Node):
    op: str
    operand: Node


@dataclass(slots=True)
class Logic(Node):
    op: str  # AND OR AND_SC OR_SC
    left: Node
    right: Node


@dataclass(slots=True)
class Not(Node):
    operand: Node


@dataclass(slots=True)
class Compare(Node):
    op: str
    left: Node
    right: Node


@dataclass(slots=True)
class CompareRange(Node):
    """``x = a TO b``."""

    value: Node
    low: Node
    high: Node


@dataclass(slots=True)
class CompareChain(Node):
    """``a < x < b``."""

    op1: str
    left: Node
    mid: Node
    op2: str
    right: Node


@dataclass(slots=True)
class InList(Node):
    value: Node
    items: list[Node]
    negate: bool
    short: bool


@dataclass(slots=True)
class Ternary(Node):
    cond: Node
    then: Node
    other: Node


@dataclass(slots=True)
class Call(Node):
    func: Node
    args: list[Node]


@dataclass(slots=True)
class IndexArg(Node):
    kind: str  # one range upto count
    a: Node | None
    b: Node | None


@dataclass(slots=True)
class Index(Node):
    target: Node
    args: list[IndexArg]


@dataclass(slots=True)
class Substring(Node):
    target: Node
    arg: IndexArg


@dataclass(slots=True)
class Member(Node):
    target: Node
    name: str
    key: str
    double_dot: bool = False


@dataclass(slots=True)
class TupleExpr(Node):
    items: list[Node]


@dataclass(slots=True)
class ArrayLit(Node):
    items: list[Node]


@dataclass(slots=True)
class DefaultArg(Node):
    """``*`` as an argument: keep the parameter's default."""


@dataclass(slots=True)
class ElseArg(Node):
    value: Node


# ---- types -----------------------------------------------------------------------------------
@dataclass(slots=True)
class TypeSpec(Node):
    kind: str  # named array assoc
    words: list[str] = field(default_factory=list)
    elem: TypeSpec | None = None
    dims: list[Node] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)
    dynamic: bool = False


# ---- statements ------------------------------------------------------------------------------
@dataclass(slots=True)
class Assign(Node):
    target: Node
    value: Node


@dataclass(slots=True)
class AugAssign(Node):
    op: str
    target: Node
    value: Node


@dataclass(slots=True)
class IncDec(Node):
    op: str
    target: Node


@dataclass(slots=True)
class ExprStmt(Node):
    expr: Node


@dataclass(slots=True)
class Decl(Node):
    names: list[Name]
    type: TypeSpec
    init: Node | None
    scope: str = ""


@dataclass(slots=True)
class Let(Node):
    names: list[Name]
    value: Node
    unpack: bool


@dataclass(slots=True)
class Break(Node):
    pass


@dataclass(slots=True)
class Continue(Node):
    pass


@dataclass(slots=True)
class Return(Node):
    value: Node | None
    keyword: str  # RETURN or RESULT


@dataclass(slots=True)
class ScopeMark(Node):
    scope: str


@dataclass(slots=True)
class If(Node):
    arms: list[tuple[Node, list[Node]]]
    other: list[Node] | None
    one_line: bool = False


@dataclass(slots=True)
class CaseLabel(Node):
    kind: str  # value range upto from cmp interval
    op: str = ""
    a: Node | None = None
    b: Node | None = None
    op2: str = ""


@dataclass(slots=True)
class Case(Node):
    labels: list[CaseLabel]
    body: list[Node]


@dataclass(slots=True)
class Switch(Node):
    subject: Node
    cases: list[Case]
    other: list[Node] | None


@dataclass(slots=True)
class For(Node):
    var: Name
    start: Node
    stop: Node
    step: Node | None
    once: bool
    body: list[Node]


@dataclass(slots=True)
class ForEach(Node):
    qualifier: str
    vars: list[Name]
    iterable: Node
    separator: Node | None
    body: list[Node]


@dataclass(slots=True)
class While(Node):
    cond: Node
    body: list[Node]


@dataclass(slots=True)
class Loop(Node):
    body: list[Node]
    until: Node | None  # À FAIRE TANTQUE condition (loop while true)


@dataclass(slots=True)
class LoopCount(Node):
    count: Node
    body: list[Node]


@dataclass(slots=True)
class WhenException(Node):
    body: list[Node] | None  # None: general handler
    handler: list[Node]
    other: list[Node] | None


@dataclass(slots=True)
class ConstDef(Node):
    name: Name
    value: Node


@dataclass(slots=True)
class ConstBlock(Node):
    defs: list[ConstDef]


@dataclass(slots=True)
class Param(Node):
    name: Name
    local: bool
    type: TypeSpec | None
    default: Node | None


@dataclass(slots=True)
class ProcDef(Node):
    name: Name
    params: list[Param] | None  # None: variadic (*)
    returns: list[TypeSpec]
    body: list[Node]
    internal: bool = False
    modifiers: list[str] = field(default_factory=list)


@dataclass(slots=True)
class StructDecl(Node):
    name: Name
    fields: list[Decl]


@dataclass(slots=True)
class Program(Node):
    body: list[Node]
    procs: list[ProcDef]
    filename: str = "<script>"
    text: str = ""
    lang: str = "fr"
