"""Names the resolving pass records nowhere, looked up here.

``t est un tableau [N] d'entiers`` sizes the array with the constant ``N``; the pass folds the
dimension without noting what ``N`` denotes, so the name is looked up among the main code's
``CONSTANTE`` blocks (module-level names of the exported program), by its folded key.

``Objet``/``MoiMême`` outside a class is the script's own variable of that name, when there is
one (runtime/objects.py ``_as_variable``); the parser made it a ``SelfRef``, so the variable is
the one the other names of that spelling in the same function denote (all of them the same).
"""

from __future__ import annotations

import ast

from wlmail.catalog import fold
from wlmail.export.base import Py, Skip, py_name
from wlmail.export.stmts import StmtMixin, walk
from wlmail.syntax import nodes as n


class ConstNamesMixin(StmtMixin):
    def x_Name(self, node: n.Name) -> Py:
        if self.ref(node)[0] != "unknown" or node.key not in self.const_types:
            return super().x_Name(node)
        found = [
            d.name.name
            for block in self.program.body
            if isinstance(block, n.ConstBlock)
            for d in block.defs
            if d.name.key == node.key
        ]
        if len(found) != 1:
            return super().x_Name(node)
        return Py(ast.Name(py_name(found[0]), ast.Load()), self.const_types[node.key])

    def x_SelfRef(self, node: n.SelfRef) -> Py:
        if getattr(self, "cls_key", None) is not None or not node.name:
            return self.self_ref(node)
        key = fold(node.name)
        proc = self.scope.proc
        body = proc.body if proc is not None else self.program.body
        found = [x for x in walk(body) if isinstance(x, n.Name) and x.key == key]
        refs = {id(self.ref(x)[1]) for x in found if self.ref(x)[0] == "var"}
        if len(refs) != 1 or any(self.ref(x)[0] not in ("var", "unknown") for x in found):
            return self.self_ref(node)
        return self.x_Name(next(x for x in found if self.ref(x)[0] == "var"))

    def self_ref(self, node: n.SelfRef) -> Py:
        """``Objet`` as the class mixin writes it (``self`` in a method)."""
        method = getattr(super(), "x_SelfRef", None)
        if method is None:
            raise Skip(node, node.name or "objet")
        found: Py = method(node)
        return found
