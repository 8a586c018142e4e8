"""``*`` as an argument (``Décrit(*, 5)``): the parameter keeps its default value.

Python says the same with keyword arguments: a ``*`` at the end of the arguments is left out
(``Décrit(7)``), one before other arguments makes those keyword arguments (``Décrit(b=5)``).
The call is written as if each ``*`` were the parameter's default (so the conversions of typed
parameters apply to the others), then the defaults are taken out again.
"""

from __future__ import annotations

import ast
from typing import Any

from wlmail.export.base import Py, Skip, py_name
from wlmail.export.stmts import StmtMixin
from wlmail.syntax import nodes as n


class CallArgsMixin(StmtMixin):
    def proc_call(self, node: n.Call, proc: Any) -> Py:
        if not any(isinstance(a, n.DefaultArg) for a in node.args):
            return super().proc_call(node, proc)
        target = self.proc_node(proc)
        params = target.params if target is not None else None
        if params is None or len(node.args) > len(params):
            raise Skip(node, "* as an argument of this procedure")
        kept: list[n.Node] = []
        for arg, param in zip(node.args, params, strict=False):
            if isinstance(arg, n.DefaultArg):
                if not isinstance(param.default, n.Num | n.Str):
                    raise Skip(arg, f"* for the parameter '{param.name.name}' (its default)")
                kept.append(param.default)
            else:
                kept.append(arg)
        value = super().proc_call(n.Call(node.line, node.col, node.func, kept), proc)
        call = value.code
        assert isinstance(call, ast.Call)
        given = [not isinstance(a, n.DefaultArg) for a in node.args]
        while given and not given[-1]:
            given.pop()
        first = given.index(False) if False in given else len(given)
        args = call.args[:first]
        keywords = [
            ast.keyword(py_name(params[i].name.name), call.args[i])
            for i in range(first, len(given))
            if given[i]
        ]
        return Py(ast.Call(call.func, args, keywords), value.type)
