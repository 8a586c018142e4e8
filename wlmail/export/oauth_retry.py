"""A mail or OAuth result kept in a variable, and the retry it allows (the Microsoft 365 sample).

* ``b = EmailOuvreSession(s)`` (or ``b est un booléen = …``): the call in a ``try`` whose
  ``except`` sets ``b = False`` and whose ``else`` sets ``b = True``.
* ``ErreurInfo()`` read outside a failure branch reads ``last_error``, the text of the last
  failure: the calls above, and a login whose failure goes on (below), set it on failure and
  empty it on success, as every fallible WLangage function clears ``ErreurInfo`` before it
  runs. Such a read is exported only when every fallible call that may have run last before it
  is one of those (else it is reported: the text could be another call's).
* ``t = AuthIdentifie(p)`` + ``SI t <> Null ALORS … FIN`` followed by more code (a new login
  after a refused kept token) is accepted inside ``SI PAS b …`` where ``b`` holds a session's
  opening: after it, ``t`` may be invalid (Python keeps the refused one) until
  ``SI PAS b ALORS … RETOUR FIN`` proves the opening, hence a valid ``t``.
* ``s.AuthToken = t`` again in a nested block, with the token ``s`` already holds, writes
  nothing: the session reads ``t`` when it is opened. A session opened after ``t`` was assigned
  again without that is reported.
* Désérialise of an unreadable token file stops the program as ``wlmail run`` does: its fatal
  error message on stderr, exit code 70.
"""

from __future__ import annotations

from typing import Any

from wlmail.builtins import implementation
from wlmail.export.base import Py, Skip, py_name
from wlmail.export.exprs import name
from wlmail.export.oauth import OAUTH_ERRORS, OAuthMixin, Token
from wlmail.export.stmts import walk
from wlmail.source import caret_block
from wlmail.syntax import nodes as n

LAST = "last_error"
RECORD = "\0R"  # ends a line that only records last_error: dropped when nothing reads it
AS_ERR = "\0E"  # ends an except line whose ``as err`` only records last_error
DETAIL = "DETAIL-OF-THE-EXCEPTION"
FATAL = 70  # wlmail run's exit code for an uncaught fatal error (decision 9)


class RetryMixin(OAuthMixin):
    recorded: set[int]  # the calls that set last_error on failure and on success
    parents: dict[int, tuple[list[n.Node], n.Node | None]]  # stmt -> (its list, its owner)
    writing: list[n.Node]  # the statements being written, innermost last
    reads_last: bool
    stale: set[str]  # sessions whose token variable was assigned since it was set
    guards: dict[str, set[str]]  # token key -> the booleans that prove it valid again
    guard_blocks: dict[str, list[int]]  # token key -> the blocks where they may prove it
    source_text = ""  # the script, for the line a fatal error shows

    def mail_setup(self) -> None:
        super().mail_setup()
        self.recorded, self.writing, self.reads_last = set(), [], False
        self.stale, self.guards, self.guard_blocks = set(), {}, {}
        self.parents = {}
        self.index_parents(self.program.body, None)

    def index_parents(self, body: Any, owner: n.Node | None) -> None:
        if isinstance(body, list):
            for stmt in body:
                if isinstance(stmt, n.Node):
                    self.parents[id(stmt)] = (body, owner)
                    self.index_parents(stmt, stmt)
        elif isinstance(body, n.Node):
            for key, value in vars(body).items():
                if key in ("line", "col"):
                    continue
                for item in value if isinstance(value, list | tuple) else [value]:
                    if isinstance(item, tuple):
                        for part in item:
                            if isinstance(part, list):
                                self.index_parents(part, body)
                    elif isinstance(item, list):
                        self.index_parents(item, body)
                if isinstance(value, list) and value and isinstance(value[0], n.Node):
                    self.index_parents(value, body)

    # -- the statement being written, and last_error kept only where read ----------------------
    def stmt(self, node: n.Node) -> None:
        self.writing.append(node)
        try:
            super().stmt(node)
        finally:
            self.writing.pop()

    def block(self, stmts: list[n.Node], line: int, prologue: list[str] | None = None) -> None:
        top, start = len(self.blocks) == 1, len(self.out.lines)
        if top:
            outer, self.reads_last = self.reads_last, False
        super().block(stmts, line, prologue)
        if top:
            self.keep_last_error(start)
            self.reads_last = outer

    def keep_last_error(self, start: int) -> None:
        lines = self.out.lines
        for i in range(len(lines) - 1, start - 1, -1):
            text = lines[i]
            if text.endswith(AS_ERR):
                lines[i] = text[: -len(AS_ERR)]
                if not self.reads_last:
                    lines[i] = lines[i].replace(" as err:", ":")
            elif text.endswith(RECORD):
                if self.reads_last:
                    lines[i] = text[: -len(RECORD)]
                    continue
                indent = len(text) - len(text.lstrip())
                alone = lines[i - 1].rstrip().endswith(":") and (
                    i + 1 == len(lines) or len(lines[i + 1]) - len(lines[i + 1].lstrip()) < indent
                )
                if alone:
                    lines[i] = " " * indent + "pass"
                else:
                    del lines[i]

    def record(self, failed: bool) -> None:
        value = "str(err)" if failed else '""'
        self.out.emit(0, f"    {LAST} = {value}{RECORD}")

    # -- b = EmailOuvreSession(s) ----------------------------------------------------------------
    def mail_decl(self, node: n.Decl, vtype: Any) -> bool:
        if node.init is not None and len(node.names) == 1 and self.kept_result(node.init):
            kind = self.var_type(vtype)
            self.result(node, py_name(node.names[0].name), kind, node.init)
            return True
        return super().mail_decl(node, vtype)

    def s_Assign(self, node: n.Assign) -> None:
        target = node.target
        if isinstance(target, n.Name) and any(target.key in g for g in self.guards.values()):
            raise Skip(node, "a flag that proves a token valid, assigned again")
        if isinstance(node.target, n.Name) and self.kept_result(node.value):
            ref = self.ref(node.target)
            kind = self.var_type(ref[1].vtype) if ref[0] == "var" else ""
            self.result(node, self.store(node.target, ref), kind, node.value)
            return
        super().s_Assign(node)

    def kept_result(self, value: n.Node) -> bool:
        found = self.mail_function(value) if isinstance(value, n.Call) else None
        return found is not None and found[0].id == "email_start_session"

    def result(self, node: n.Node, pyname: str, kind: str, value: n.Node) -> None:
        if kind != "bool":
            raise Skip(node, "a session's opening kept in a variable that is not a boolean")
        found = self.mail_function(value) if isinstance(value, n.Call) else None
        assert found is not None
        entry, expr = found
        self.try_actions(node, expr, entry)
        self.out.emit(0, f"except {self.errors} as err:{AS_ERR}")
        self.out.emit(0, f"    {pyname} = False")
        self.record(True)
        self.out.emit(0, "else:")
        self.out.emit(0, f"    {pyname} = True")
        self.record(False)
        self.recorded.add(id(value))

    def static(self, node: n.Node, what: str, home: int | None = None) -> None:
        """A session may be opened in a block nested in the one declaring it (its properties
        are all set there), outside loops."""
        nested = home is not None and home in self.blocks and self.scope.proc is None
        nested = nested and not self.scope.loop_depth  # a loop may set them after, then open
        if what == "a session opened" and nested:
            return
        super().static(node, what, home)

    def open_session(self, node: n.Node, session: Any) -> None:
        kept = self.session_tokens.get(session.py)
        if session.py in self.stale:
            raise Skip(node, "a session opened with a token assigned again since it was set")
        if kept is not None and any(kept is self.tokens.get(k) for k in self.guards):
            raise Skip(node, "a session opened with a token a failed login may have left invalid")
        super().open_session(node, session)

    # -- ErreurInfo() after the failure ---------------------------------------------------------
    def mail_call(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        if entry.id == "error_info" and not self.scope.error_name and not args:
            self.last_failure(node)
            self.reads_last = True
            return Py(name(LAST), "string")
        return super().mail_call(node, entry, args)

    def last_failure(self, node: n.Node) -> None:
        """Every fallible call that may have run last before this statement set last_error."""
        why = "ErreurInfo where the last fallible call may not be a kept mail or OAuth result"
        if not self.writing:
            raise Skip(node, why)
        stmt = self.writing[-1]
        if any(self.fallible(x) for x in walk(stmt) if x is not node):
            raise Skip(node, why)
        while True:
            body, owner = self.parents.get(id(stmt), (None, None))
            if body is None:
                raise Skip(node, why)
            for before in reversed(body[: next(i for i, s in enumerate(body) if s is stmt)]):
                if self.sets_last(before):
                    return
                if any(self.fallible(x) for x in walk(before)):
                    raise Skip(node, why)
            if not isinstance(owner, n.If):
                raise Skip(node, why)  # a loop may have run other calls last
            if any(self.fallible(x) for x in walk([c for c, _ in owner.arms])):
                raise Skip(node, why)
            stmt = owner

    def sets_last(self, stmt: n.Node) -> bool:
        value = stmt.value if isinstance(stmt, n.Assign) else getattr(stmt, "init", None)
        return isinstance(value, n.Call) and id(value) in self.recorded

    def fallible(self, node: n.Node) -> bool:
        if not isinstance(node, n.Call):
            return False
        if id(node) in self.recorded:
            return False
        kind = self.ann.calls.get(id(node), ("unknown",))
        if kind[0] == "func":
            impl = implementation(kind[1])
            return impl is None or impl.fallible
        return True  # a procedure or a method may call anything

    # -- t = AuthIdentifie(p) whose failure goes on ------------------------------------------
    def login(self, node: n.Node, value: n.Node, target: str, token: Token) -> None:
        pair = self.pairs.get(id(node))
        found = self.auth_call(value)
        if pair is None or found is None or found[0] != "auth_identify":
            super().login(node, value, target, token)
            return
        test, is_null = pair
        body, other = test.arms[0][1], test.other or []
        failed, ok = (body, other) if is_null else (other, body)
        ends = bool(failed) and isinstance(failed[-1], n.Return) and failed[-1].value is None
        guard = self.guard(node)
        if ends or id(test) in self.last_tests or not guard or failed:
            super().login(node, value, target, token)
            return
        key = next(k for k, t in self.tokens.items() if t is token)
        code = self.auth_code(node, found[0], found[1])
        self.out.emit(node.line, "try:")
        self.out.emit(0, f"    {target} = {code}")
        self.out.emit(0, f"except {OAUTH_ERRORS} as err:{AS_ERR}")
        self.record(True)
        self.out.emit(0, "else:")
        self.record(False)
        self.recorded.add(id(value))
        holders = {py for py, held in self.session_tokens.items() if held is token}
        self.stale |= holders
        token.ready = True
        with self.out.block():
            for stmt in ok:
                self.stmt(stmt)
        self.folded.add(id(test))
        self.guards[key] = guard
        self.guard_blocks[key] = self.blocks[:-1]  # where SI PAS b … RETOUR FIN may prove it
        self.stale |= holders  # conservative: which path went through the body is not known

    def guard(self, node: n.Node) -> set[str]:
        """The booleans ``b`` of ``SI PAS b [ET …]`` around ``node`` that hold an opening."""
        owner = self.parents.get(id(node), (None, None))[1]
        if not isinstance(owner, n.If) or len(owner.arms) != 1 or owner.other:
            return set()
        found: set[str] = set()
        body = owner.arms[0][1]
        before = body[: next(i for i, s in enumerate(body) if s is node)]
        changed = {
            x.target.key
            for x in walk(before)
            if isinstance(x, n.Assign) and isinstance(x.target, n.Name)
        }
        cond = owner.arms[0][0]
        parts = [cond]
        while parts:
            part = parts.pop()
            if isinstance(part, n.Logic) and part.op in ("AND", "AND_SC"):
                parts += [part.left, part.right]
            elif isinstance(part, n.Not) and isinstance(part.operand, n.Name):
                found.add(part.operand.key)
        return found - changed

    def token_of(self, node: n.Node) -> Token:
        token = super().token_of(node)
        if isinstance(node, n.Name) and node.key in self.guards:
            raise Skip(node, "an AuthToken read where a failed login may have left it invalid")
        return token

    def s_If(self, node: n.If) -> None:
        super().s_If(node)
        cond = node.arms[0][0]
        body = node.arms[0][1]
        proves = (
            len(node.arms) == 1
            and not node.other
            and isinstance(cond, n.Not)
            and isinstance(cond.operand, n.Name)
            and body
            and isinstance(body[-1], n.Return)
        )
        if proves and isinstance(cond, n.Not) and isinstance(cond.operand, n.Name):
            flag = cond.operand.key
            self.guards = {
                k: g
                for k, g in self.guards.items()
                if flag not in g or self.here not in self.guard_blocks.get(k, [])
            }

    # -- s.AuthToken = t again ----------------------------------------------------------------
    def oauth_assign(self, node: n.Assign) -> bool:
        target, value = node.target, node.value
        if isinstance(target, n.Member) and isinstance(value, n.Name):
            found = self.var_kind(target.target)
            entry = self.cat.prop(found[0], target.name) if found else None
            if found is not None and entry is not None and entry.id.endswith(".auth_token"):
                session = self.sessions[found[1]]
                held = self.session_tokens.get(session.py)
                if held is not None and held is self.tokens.get(value.key):
                    self.stale.discard(session.py)
                    return True
        return super().oauth_assign(node)

    # -- Désérialise of an unreadable file: wlmail's fatal error --------------------------------
    def deserialize(self, node: n.Node, token_node: n.Node, source: n.Node) -> None:
        mark = len(self.out.lines)
        super().deserialize(node, token_node, source)
        written = self.out.lines[mark:]
        del self.out.lines[mark:]
        self.need("import sys")
        entry = self.cat.functions.get("deserialize")
        shown = entry.name(self.lang) if entry is not None else "Deserialize"
        where = f"{self.short_name}:{node.line}:{node.col}"
        fatal = self.cat.message("fatal_error", self.lang)
        # the message's own {detail} is the exception's text when the program runs
        text = self.cat.message("oauth_deserialize_bad", self.lang, name=shown, detail=DETAIL)
        head, _, tail = f"{where}: {fatal}: {text}".partition(DETAIL)
        shown_line = caret_block(self.source_text, node.line, node.col)
        self.out.emit(node.line, "try:")
        self.out.lines.extend("    " + line for line in written)
        self.out.emit(0, "except (OSError, ValueError, TypeError) as err:")
        quoted = repr(head.replace("{", "{{").replace("}", "}}"))
        message = f"f{quoted[:-1]}{{err}}{tail.replace('{', '{{')}{quoted[-1]}"
        self.out.emit(0, f"    print({message}, file=sys.stderr)")
        if shown_line:
            self.out.emit(0, f"    print({shown_line!r}, file=sys.stderr)")
        self.out.emit(0, f"    raise SystemExit({FATAL}) from err")
