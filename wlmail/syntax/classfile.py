"""The class-file rule of WINDEV code exported to text, applied to one parsed file."""

from __future__ import annotations

from wlmail.syntax import nodes as n

__all__ = ["bind_methods"]

_CTOR_DTOR = ("constructeur", "constructor", "destructeur", "destructor")

_DECLARATIONS = (n.ClassDecl, n.EnumDecl, n.Decl, n.ConstBlock, n.StructDecl, n.ScopeMark)


def bind_methods(program: n.Program) -> None:
    """The class-file rule, for one file: when a file holds one class (interfaces,
    enumerations, structures, constants and variables may come with it) and nothing but
    declarations, each of its procedures without ``C.`` is a method of that class, as a
    WINDEV class file (.wdc) exported to text lists them; in any file, an unqualified
    ``Constructeur``/``Destructeur`` belongs to the last class declared above it."""
    classes = [s for s in program.body if isinstance(s, n.ClassDecl) and not s.interface]
    if not classes:
        return
    class_file = len(classes) == 1 and all(isinstance(s, _DECLARATIONS) for s in program.body)
    for proc in program.procs:
        if proc.owner is not None:
            continue
        if class_file:
            owner = classes[0]
        elif proc.name.key in _CTOR_DTOR:
            above = [c for c in classes if c.line <= proc.line]
            if not above:
                continue
            owner = above[-1]
        else:
            continue
        proc.owner = n.Name(proc.line, proc.col, owner.name.name, owner.name.key)
