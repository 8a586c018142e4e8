"""Loops compiled to closures: POUR, POUR TOUT, TANTQUE, BOUCLE and BOUCLE(n).

Each loop runs its body closure until the body answers ``BREAK`` or ``RETURN`` (see
``state.py``); a loop variable nobody declared is declared by the loop, in the procedure that
holds it. ``Compiler`` (compiler.py) inherits these ``s_*`` methods.
"""

from __future__ import annotations

from typing import Any

from wlmail.runtime import types as T
from wlmail.runtime.calls import split_pieces
from wlmail.runtime.objects import ObjectCompiler
from wlmail.runtime.scope import Stmt, VarInfo
from wlmail.runtime.state import BREAK, RETURN, Frame
from wlmail.runtime.values import WLArray, WLAssoc, WLFault, to_bool, to_int, to_num, to_str
from wlmail.syntax import nodes as n


class LoopCompiler(ObjectCompiler):
    def _loop_variable(self, name: n.Name, vtype: T.VType) -> None:
        """A loop variable nobody declared is declared here, in this procedure: a counter the
        main code declared the same way is not the procedure's to change."""
        found = self._lookup_var(name.key)
        if found is None or (found[0].auto and name.key not in self.scope.vars):
            self.scope.vars[name.key] = VarInfo(name.name, vtype, auto=True)

    def s_For(self, node: n.For) -> Stmt:
        self._loop_variable(node.var, T.scalar("int"))
        get, setter = self.expr(node.var), self.setter(node.var)
        start, stop = self.expr(node.start), self.expr(node.stop)
        step = self.expr(node.step) if node.step is not None else (lambda f: 1)
        body, once = self._loop_body(node.body), node.once

        def run(f: Frame) -> int | None:
            i: Any = to_num(start(f))
            inc: Any = to_num(step(f))
            limit = to_num(stop(f))
            setter(f, i)
            while True:
                if not once:
                    limit = to_num(stop(f))
                if (inc >= 0 and i > limit) or (inc < 0 and i < limit):
                    return None
                r = body(f)
                if r == BREAK:
                    return None
                if r == RETURN:
                    return r
                i = to_num(get(f)) + inc
                setter(f, i)

        return run

    def s_ForEach(self, node: n.ForEach) -> Stmt:
        for var in node.vars:
            self._loop_variable(var, T.VARIANT)
        setters = [self.setter(v) for v in node.vars]
        source = self.expr(node.iterable)
        sep = self.expr(node.separator) if node.separator is not None else None
        body = self._loop_body(node.body)

        def items(f: Frame) -> Any:
            src = source(f)
            if sep is not None:
                return [(p, i) for i, p in enumerate(split_pieces(to_str(src), sep(f)), 1)]
            if isinstance(src, WLArray):
                return ((src.items[i], i + 1) for i in range(len(src.items)))
            if isinstance(src, WLAssoc):
                return ((v, k, i) for i, (k, v) in enumerate(list(src.items.items()), 1))
            if isinstance(src, str):
                return [(c, i) for i, c in enumerate(src, 1)]
            iterate = getattr(src, "wl_iterate", None)  # a host object: the messages of a session
            if iterate is not None:
                return ((v, i) for i, v in enumerate(iterate(), 1))
            raise WLFault("not_iterable", value=to_str(src))

        def run(f: Frame) -> int | None:
            for item in items(f):
                for setter, value in zip(setters, item, strict=False):
                    setter(f, value)
                r = body(f)
                if r == BREAK:
                    return None
                if r == RETURN:
                    return r
            return None

        return run

    def s_While(self, node: n.While) -> Stmt:
        cond, body = self.expr(node.cond), self._loop_body(node.body)

        def run(f: Frame) -> int | None:
            while to_bool(cond(f)):
                r = body(f)
                if r == BREAK:
                    return None
                if r == RETURN:
                    return r
            return None

        return run

    def s_Loop(self, node: n.Loop) -> Stmt:
        body = self._loop_body(node.body)
        until = self.expr(node.until) if node.until is not None else None

        def run(f: Frame) -> int | None:
            while True:
                r = body(f)
                if r == BREAK:
                    return None
                if r == RETURN:
                    return r
                if until is not None and not to_bool(until(f)):
                    return None

        return run

    def s_LoopCount(self, node: n.LoopCount) -> Stmt:
        count, body = self.expr(node.count), self._loop_body(node.body)

        def run(f: Frame) -> int | None:
            for _ in range(to_int(count(f))):
                r = body(f)
                if r == BREAK:
                    return None
                if r == RETURN:
                    return r
            return None

        return run

    def _loop_body(self, body: list[n.Node]) -> Stmt:
        self.scope.loops += 1
        try:
            return self.block(body)
        finally:
            self.scope.loops -= 1
