"""Values the declarations leave open: a dynamic array of anything.

``t est un tableau dynamique`` (no element type) holds values of any type, as the runtime's
does: ``list[Any]``, to which ``Ajoute`` appends a number or a text as it is. An element read
back has no known type: it is shown as WLangage shows it (the helper ``text``), and anything
else done with it (arithmetic, comparison) is reported.
"""

from __future__ import annotations

from typing import Any

from wlmail.export.base import Py
from wlmail.export.collections import CollectionsMixin
from wlmail.export.exprs import call
from wlmail.syntax import nodes as n

SCALARS = ("int", "real", "string", "bool")


class LangValuesMixin(CollectionsMixin):
    def annotation(self, vtype: Any) -> str | None:
        elem = getattr(vtype, "elem", None)
        if self.var_type(vtype) == "list" and elem is not None and elem.id == "variant":
            self.need("from typing import Any")
            return "list[Any]"
        return super().annotation(vtype)

    def special_call(self, node: n.Node, fid: str, args: list[Py]) -> Py | None:
        first = args[0] if args else None
        if (
            fid == "array_add"
            and len(args) == 2
            and first is not None
            and first.type == "list"
            and self.elem_of(node) == "variant"
            and args[1].type in SCALARS
        ):
            return Py(call(f"{first.src}.append", args[1].code), "none")
        return super().special_call(node, fid, args)
