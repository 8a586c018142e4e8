"""AST of WLangage: plain records; every node knows its line and column."""

from __future__ import annotations

from typing import Any

from wlmail.record import field, record


@record
class Node:
    line: int
    col: int


# ---- expressions -----------------------------------------------------------------------------
@record
class Num(Node):
    value: Any


@record
class Str(Node):
    value: str


@record
class Interp(Node):
    """A string with ``[% expr %]`` parts: text pieces and expressions alternate."""

    parts: list[Any]


@record
class Name(Node):
    name: str
    key: str  # folded


@record
class BinOp(Node):
    op: str
    left: Node
    right: Node


@record
class OptConcat(Node):
    """``a + [b]``: append ``b`` unless ``a`` is empty or already ends with it."""

    left: Node
    right: Node


@record
class UnOp(Node):
    op: str
    operand: Node


@record
class Logic(Node):
    op: str  # AND OR AND_SC OR_SC
    left: Node
    right: Node


@record
class Not(Node):
    operand: Node


@record
class Compare(Node):
    op: str
    left: Node
    right: Node


@record
class CompareRange(Node):
    """``x = a TO b``."""

    value: Node
    low: Node
    high: Node


@record
class CompareChain(Node):
    """``a < x < b``."""

    op1: str
    left: Node
    mid: Node
    op2: str
    right: Node


@record
class InList(Node):
    value: Node
    items: list[Node]
    negate: bool
    short: bool


@record
class Ternary(Node):
    cond: Node
    then: Node
    other: Node


@record
class Call(Node):
    func: Node
    args: list[Node]


@record
class IndexArg(Node):
    kind: str  # one range upto count
    a: Node | None
    b: Node | None


@record
class Index(Node):
    target: Node
    args: list[IndexArg]


@record
class Substring(Node):
    target: Node
    arg: IndexArg


@record
class Member(Node):
    target: Node
    name: str
    key: str
    double_dot: bool = False


@record
class TupleExpr(Node):
    items: list[Node]


@record
class ArrayLit(Node):
    items: list[Node]


@record
class DurationLit(Node):
    """``1min``, ``10 s``, ``2 min 8 s``: milliseconds."""

    ms: int


@record
class SelfMember(Node):
    """``:membre`` (the current object's) or ``::membre`` (its class's)."""

    name: str
    key: str
    of_class: bool = False


@record
class SelfRef(Node):
    """``objet`` / ``MoiMême``: the object a method runs on."""

    name: str = ""  # as written: outside a method, a variable may have that name


@record
class AncestorRef(Node):
    """``Ancêtre``: the current object seen as its parent class (no virtual dispatch)."""

    name: str = ""


@record
class NewObject(Node):
    """``allouer un C(args)``: ``target`` is the class name, or a call of it."""

    cls: Name
    args: list[Node]


@record
class Indirection(Node):
    """``{nom}`` / ``{nom, indVariable}``: the variable (or procedure) named at run time."""

    expr: Node
    option: Node | None


@record
class IncDecExpr(Node):
    """``n++`` / ``++n`` inside an expression: the value before / after the change."""

    op: str  # + or -
    target: Node
    prefix: bool


@record
class Lambda(Node):
    """``(a, b) => expr``."""

    params: list[Name]
    body: Node


@record
class DefaultArg(Node):
    """``*`` as an argument: keep the parameter's default."""


@record
class ElseArg(Node):
    value: Node


# ---- types -----------------------------------------------------------------------------------
@record
class TypeSpec(Node):
    kind: str  # named array assoc
    words: list[str] = field(default_factory=list)
    elem: TypeSpec | None = None
    dims: list[Node] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)
    dynamic: bool = False
    args: list[Node] | None = None  # `o est un C(1, 2)`: the constructor's arguments


# ---- statements ------------------------------------------------------------------------------
@record
class Assign(Node):
    target: Node
    value: Node


@record
class AugAssign(Node):
    op: str
    target: Node
    value: Node


@record
class IncDec(Node):
    op: str
    target: Node


@record
class RefAssign(Node):
    """``a <- b``: ``a`` designates the same object as ``b`` (no copy)."""

    target: Node
    value: Node


@record
class Delete(Node):
    """``libérer o``: runs the destructor; ``o`` becomes Null."""

    target: Node


@record
class CtorCall(Node):
    """``Constructeur CBase(args)`` in a constructor: the ancestor's constructor."""

    cls: Name
    args: list[Node]


@record
class ExprStmt(Node):
    expr: Node


@record
class Decl(Node):
    names: list[Name]
    type: TypeSpec
    init: Node | None
    scope: str = ""


@record
class Let(Node):
    names: list[Name]
    value: Node
    unpack: bool


@record
class Break(Node):
    pass


@record
class Continue(Node):
    pass


@record
class Return(Node):
    value: Node | None
    keyword: str  # RETURN or RESULT


@record
class ScopeMark(Node):
    scope: str


@record
class If(Node):
    arms: list[tuple[Node, list[Node]]]
    other: list[Node] | None
    one_line: bool = False


@record
class CaseLabel(Node):
    kind: str  # value range upto from cmp interval
    op: str = ""
    a: Node | None = None
    b: Node | None = None
    op2: str = ""


@record
class Case(Node):
    labels: list[CaseLabel]
    body: list[Node]


@record
class Switch(Node):
    subject: Node
    cases: list[Case]
    other: list[Node] | None


@record
class For(Node):
    var: Name
    start: Node
    stop: Node
    step: Node | None
    once: bool
    body: list[Node]


@record
class ForEach(Node):
    qualifier: str
    vars: list[Name]
    iterable: Node
    separator: Node | None
    body: list[Node]


@record
class While(Node):
    cond: Node
    body: list[Node]


@record
class Loop(Node):
    body: list[Node]
    until: Node | None  # À FAIRE TANTQUE condition (loop while true)


@record
class LoopCount(Node):
    count: Node
    body: list[Node]


@record
class WhenException(Node):
    body: list[Node] | None  # None: general handler
    handler: list[Node]
    other: list[Node] | None


@record
class ConstDef(Node):
    name: Name
    value: Node


@record
class ConstBlock(Node):
    defs: list[ConstDef]


@record
class Param(Node):
    name: Name
    local: bool
    type: TypeSpec | None
    default: Node | None


@record
class ProcDef(Node):
    name: Name
    params: list[Param] | None  # None: variadic (*)
    returns: list[TypeSpec]
    body: list[Node]
    internal: bool = False
    modifiers: list[str] = field(default_factory=list)
    owner: Name | None = None  # `PROCÉDURE C.M()`: the class C
    attrs: dict[str, str] = field(default_factory=dict)


@record
class StructDecl(Node):
    name: Name
    fields: list[Decl]


@record
class ClassMember(Node):
    """One declaration line of a class: a member (``decl``) or constants (``consts``)."""

    access: str  # public protected private
    is_global: bool
    decl: Decl | None = None
    consts: ConstBlock | None = None


@record
class ClassDecl(Node):
    name: Name
    parent: Name | None
    members: list[ClassMember]
    types: list[StructDecl] = field(default_factory=list)  # structures declared inside
    interface: bool = False
    prototypes: list[Name] = field(default_factory=list)  # an interface's methods


@record
class EnumItem(Node):
    name: Name
    value: Node | None


@record
class EnumDecl(Node):
    """``E est une Énumération`` … ``FIN``."""

    name: Name
    members: list[EnumItem]


@record
class ProcLabel(Node):
    """``CAS EXCEPTION:``, ``CAS ERREUR:`` or a label ``nom:`` in a procedure."""

    kind: str  # exception error label
    name: str = ""


@record
class Extern(Node):
    """``EXTERNE "fichier.wl"`` (``path``) or ``EXTERNE nom1, nom2`` (``names``)."""

    path: str | None
    names: list[Name]


@record
class Program(Node):
    body: list[Node]
    procs: list[ProcDef]
    filename: str = "<script>"
    text: str = ""
    lang: str = "fr"
