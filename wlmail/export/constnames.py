"""A ``CONSTANTE`` named where the resolving pass records no name: an array's dimension.

``t est un tableau [N] d'entiers`` sizes the array with the constant ``N``; the pass folds the
dimension without noting what ``N`` denotes, so the name is looked up here among the main
code's ``CONSTANTE`` blocks (module-level names of the exported program), by its folded key.
"""

from __future__ import annotations

import ast

from wlmail.export.base import Py, py_name
from wlmail.export.stmts import StmtMixin
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
