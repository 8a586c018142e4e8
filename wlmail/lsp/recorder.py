"""The :class:`Recorder`: ``wlmail check``'s compiler, noting which user name each word of the
text denotes as it resolves it (lsp/analysis.py keeps the notes per part of a document).

Keys of what a name denotes (the same in every file of a project):

* ``v:<procedure>:<name>`` a variable, parameter or constant (``v::<name>``: a global);
  a method's variables are ``v:<class>.<method>:<name>``;
* ``p:<name>`` a procedure; ``s:<name>`` a structure;
* ``c:<class>`` a class or interface; ``m:<class>:<name>`` a member, constant or method of
  a class, keyed by the class that declares it (``o.m_x`` of a derived class's object is the
  ancestor's ``m_x``); a method overridden below is the class's own;
* ``e:<enumeration>`` and ``ev:<enumeration>:<value>``.

Only what the compiler itself resolves is noted: ``o.m_x`` when ``o`` is declared with a
class, ``:m_x`` and a bare ``m_x`` in a method of a class that has it, ``C.M()``,
``Ancêtre.M()``, ``E.Valeur``. Nodes of the other files of a project, compiled with the
document to know their names (lsp/context.py), are past :data:`FOREIGN` and never noted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from wlmail.catalog import fold
from wlmail.check import Checker
from wlmail.runtime.classes import ClassDef
from wlmail.runtime.compiler import Expr, Stmt
from wlmail.runtime.state import Runtime
from wlmail.syntax import nodes as n

FOREIGN = 10_000_000  # the first line of another file's nodes (lsp/context.py)
_WORD = re.compile(r"[^\W\d]\w*")


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A user name in the text: what it denotes (``key``) and whether it defines it."""

    line: int
    col: int
    name: str
    key: str  # see the module's docstring
    kind: str  # variable parameter constant procedure structure class member method enum…
    definition: bool = False
    type_id: str = ""

    @property
    def end(self) -> int:
        return self.col + len(self.name)


class Recorder(Checker):
    """``wlmail check``'s compiler, noting every user name it resolves."""

    def __init__(self, rt: Runtime, program: n.Program) -> None:
        super().__init__(rt, program)
        self.records: list[Occurrence] = []
        self.proc_key = ""
        self.loaded: set[str] = set()  # ``EXTERNE "file"`` specs the project context holds
        self.declared_upto = 0  # diagnostics found by declare_classes
        self._lines: tuple[str, list[str]] | None = None

    def _add(self, line: int, col: int, name: str, key: str, kind: str, *more: Any) -> None:
        if 0 < line < FOREIGN:
            self.records.append(Occurrence(line, col, name, key, kind, *more))

    def _word_col(self, line: int, start: int, name: str) -> int:
        """The 1-based column of the word ``name`` at or after ``start`` on ``line`` (0)."""
        if self._lines is None or self._lines[0] is not self.text:
            self._lines = (self.text, self.text.splitlines())
        lines = self._lines[1]
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        wanted = fold(name)
        for m in _WORD.finditer(text, max(start - 1, 0)):
            if fold(m.group()) == wanted:
                return m.start() + 1
        return 0

    # ---- variables and procedures ------------------------------------------------------------
    def _note_name(self, node: n.Name, definition: bool = False, kind: str = "") -> None:
        if not definition and self._note_own_member(node, node.key, node.col, node.name):
            return
        found = self._lookup_var(node.key)
        if found is not None:
            info, depth = found
            owner = "" if depth == -1 else self.proc_key
            var_kind = kind or ("constant" if info.const else "variable")
            key = f"v:{owner}:{node.key}"
            self._add(node.line, node.col, node.name, key, var_kind, definition, info.vtype.id)
        elif self._lookup_proc(node.key) is not None:
            self._add(node.line, node.col, node.name, f"p:{node.key}", "procedure")

    def _compile_proc(self, node: n.ProcDef, proc: Any) -> None:
        outer = self.proc_key
        name = node.name
        cls: ClassDef | None = proc.owner
        if cls is not None:
            self.proc_key = f"{cls.key}.{name.key}"
            self._add(name.line, name.col, name.name, f"m:{cls.key}:{name.key}", "method", True)
            owner = node.owner
            if owner is not None and self._word_col(owner.line, owner.col, owner.name) == owner.col:
                self._add(owner.line, owner.col, owner.name, f"c:{cls.key}", "class")
        else:
            if not node.internal:
                self.proc_key = name.key
            self._add(name.line, name.col, name.name, f"p:{name.key}", "procedure", True)
        try:
            super()._compile_proc(node, proc)
        finally:
            self.proc_key = outer

    def _param(self, p: n.Param) -> Any:
        info = super()._param(p)
        self._note_name(p.name, True, "parameter")
        return info

    def s_Decl(self, node: n.Decl) -> Stmt:
        run = super().s_Decl(node)
        for nm in node.names:
            self._note_name(nm, True)
        return run

    def s_ConstBlock(self, node: n.ConstBlock) -> Stmt:
        run = super().s_ConstBlock(node)
        for d in node.defs:
            self._note_name(d.name, True, "constant")
        return run

    def _struct(self, node: n.StructDecl) -> None:
        super()._struct(node)
        name = node.name
        self._add(name.line, name.col, name.name, f"s:{name.key}", "structure", True)

    def vtype(self, spec: n.TypeSpec) -> Any:
        if spec.kind == "named" and spec.words:
            word = spec.words[0]
            key = fold(word)
            if key in self.structs:
                self._add(spec.line, spec.col, word, f"s:{key}", "structure")
            elif key in self.classes:
                self._add(spec.line, spec.col, word, f"c:{key}", "class")
            elif key in self.enums:
                self._add(spec.line, spec.col, word, f"e:{key}", "enumeration")
        return super().vtype(spec)

    def x_Name(self, node: n.Name) -> Expr:
        self._note_name(node)
        return super().x_Name(node)

    def setter(self, node: n.Node) -> Any:
        if isinstance(node, n.Name):
            self._note_name(node)
        elif isinstance(node, n.Member):
            self._note_member(node)
        elif isinstance(node, n.SelfMember):
            self._note_self(node)
        return super().setter(node)

    def _call_name(self, node: n.Call, func: n.Name) -> Expr:
        self._note_name(func)
        return super()._call_name(node, func)

    def s_Extern(self, node: n.Extern) -> Stmt:
        if node.path is not None and node.path in self.loaded:
            return lambda f: None  # its declarations came with the project (lsp/context.py)
        return super().s_Extern(node)

    # ---- classes and enumerations --------------------------------------------------------------
    def declare_classes(self) -> None:
        super().declare_classes()
        self.declared_upto = len(self.diags)  # what declaring them found (lsp/analysis.py)
        for node in self.program.body:
            if isinstance(node, n.ClassDecl):
                self._note_class(node)
            elif isinstance(node, n.EnumDecl):
                self._note_enum(node)

    def _note_class(self, node: n.ClassDecl) -> None:
        name = node.name
        kind = "interface" if node.interface else "class"
        self._add(name.line, name.col, name.name, f"c:{name.key}", kind, True)
        if node.parent is not None and node.parent.key in self.classes:
            parent = node.parent
            self._add(parent.line, parent.col, parent.name, f"c:{parent.key}", "class")
        cls = self.classes.get(name.key)
        for member in node.members:
            for nm in member.decl.names if member.decl is not None else []:
                info = cls.fields.get(nm.key) if cls is not None else None
                type_id = info.vtype.id if info is not None else ""
                key = f"m:{name.key}:{nm.key}"
                self._add(nm.line, nm.col, nm.name, key, "member", True, type_id)
            for c in member.consts.defs if member.consts is not None else []:
                key = f"m:{name.key}:{c.name.key}"
                self._add(c.name.line, c.name.col, c.name.name, key, "constant", True)
        for proto in node.prototypes:  # an interface's methods: what its users call
            self._add(
                proto.line, proto.col, proto.name, f"m:{name.key}:{proto.key}", "method", True
            )

    def _note_enum(self, node: n.EnumDecl) -> None:
        name = node.name
        self._add(name.line, name.col, name.name, f"e:{name.key}", "enumeration", True)
        for item in node.members:
            it = item.name
            self._add(it.line, it.col, it.name, f"ev:{name.key}:{it.key}", "enumvalue", True)

    def _note_in(self, cls: ClassDef, key: str, line: int, col: int, name: str) -> bool:
        """Note ``name`` at ``line``, ``col`` as the member ``key`` of ``cls`` (or of the
        ancestor declaring it); False when the class has no such member."""
        field = cls.find_field(key)
        if field is not None:
            owner, info = field
            self._add(line, col, name, f"m:{owner.key}:{key}", "member", False, info.vtype.id)
            return True
        for c in cls.lineage():
            if key in c.consts:
                self._add(line, col, name, f"m:{c.key}:{key}", "constant")
                return True
        proc = cls.find_method(key)
        if proc is not None and proc.owner is not None:
            self._add(line, col, name, f"m:{proc.owner.key}:{key}", "method")
            return True
        for c in cls.lineage():  # a method an interface names (its classes implement it)
            if key in c.abstract:
                self._add(line, col, name, f"m:{c.key}:{key}", "method")
                return True
        return False

    def _note_own_member(self, node: n.Node, key: str, col: int, name: str) -> bool:
        """A bare name, in a method, that is a member of its class (not hidden by a local)."""
        if self.cls is None or self._is_local(key):
            return False
        return self._note_in(self.cls, key, node.line, col, name)

    def _note_self(self, node: n.SelfMember) -> None:
        if self.cls is not None:
            col = self._word_col(node.line, node.col, node.name)
            if col:
                self._note_in(self.cls, node.key, node.line, col, node.name)

    def _note_member(self, node: n.Member) -> None:
        """``o.m_x``, ``o.M``, ``C.M``, ``Ancêtre.M``, ``E.Valeur``: the member's own column."""
        if not (self.classes or self.enums) or not 0 < node.line < FOREIGN:
            return
        target = node.target
        col = self._word_col(node.line, node.col + 1, node.name)
        if not col:
            return
        cls: ClassDef | None = None
        if isinstance(target, n.Name) and self._lookup_var(target.key) is None:
            if target.key in self.enums:
                self._add(target.line, target.col, target.name, f"e:{target.key}", "enumeration")
                if node.key in self.enums[target.key]:
                    key = f"ev:{target.key}:{node.key}"
                    self._add(node.line, col, node.name, key, "enumvalue")
                return
            cls = self.classes.get(target.key)
            if cls is not None:
                self._add(target.line, target.col, target.name, f"c:{cls.key}", "class")
        elif isinstance(target, n.AncestorRef):
            cls = self.cls.parent if self.cls is not None else None
        if cls is None:
            cls = self._static_class(target)
        if cls is not None:
            self._note_in(cls, node.key, node.line, col, node.name)

    def x_Member(self, node: n.Member) -> Expr:
        self._note_member(node)
        return super().x_Member(node)

    def x_SelfMember(self, node: n.SelfMember) -> Expr:
        self._note_self(node)
        return super().x_SelfMember(node)

    def x_Call(self, node: n.Call) -> Expr:
        func = node.func
        if isinstance(func, n.Member):
            self._note_member(func)
        elif isinstance(func, n.SelfMember):
            self._note_self(func)
        return super().x_Call(node)

    def x_NewObject(self, node: n.NewObject) -> Expr:
        cls = node.cls
        if cls.key in self.classes:
            self._add(cls.line, cls.col, cls.name, f"c:{cls.key}", "class")
        return super().x_NewObject(node)

    def s_CtorCall(self, node: n.CtorCall) -> Stmt:
        cls = node.cls
        if cls.key in self.classes:
            self._add(cls.line, cls.col, cls.name, f"c:{cls.key}", "class")
        return super().s_CtorCall(node)


def class_model(checker: Recorder) -> dict[str, Any]:
    """What completion and hover need of the classes a check knew, as data: class key →
    (name, parent key, {member: (name, type id, kind)}) where kind is member, constant or
    method (its type id is then its parameters, comma-separated)."""
    out: dict[str, Any] = {}
    for key, cls in checker.classes.items():
        members: dict[str, tuple[str, str, str]] = {}
        for k, info in cls.fields.items():
            members[k] = (info.name, info.vtype.id, "member")
        for k in cls.consts:
            members.setdefault(k, (k, "", "constant"))
        for k, proc in cls.methods.items():
            params = ", ".join(p.name for p in proc.params or [])
            members[k] = (proc.name, params, "method")
        parent = cls.parent.key if cls.parent is not None else ""
        out[key] = (cls.name, parent, members)
    return out
