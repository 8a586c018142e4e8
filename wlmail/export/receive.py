"""Reading mail in an exported program: received messages are ``EmailMessage`` objects.

A message is parsed by ``email.message_from_bytes`` with ``policy.default``; which field
(``Expéditeur``, ``Sujet``, ``Message``…) is which expression is data
(``stdlib/python-export.toml``). Shapes written: ``EmailLitPremier`` (or ``EmailLitDernier``)
immediately followed by ``TANTQUE PAS Email.EnDehors`` … ``EmailLitSuivant`` (or
``EmailLitPrécédent``), and ``POUR TOUT m DE session``: a ``for`` over the POP3 numbers or the
IMAP UIDs not marked deleted, read with ``BODY.PEEK[]`` so no flag changes, as in wlmail;
``EmailSupprimeMessage`` of the message being read in such a loop; ``EmailDétruit``;
``EmailRécupèreTout`` into an array of ``Email`` and ``POUR TOUT`` over it; IMAP folders named
by a literal, and the copy and read flags of the message being read. Anything else is
reported unsupported. The sessions themselves are :mod:`wlmail.export.receive_sessions`.
"""

from __future__ import annotations

import ast
import contextlib
from typing import Any

from wlmail.export.base import Py, Skip, py_name
from wlmail.export.mail import LEGACY, Message
from wlmail.export.receive_sessions import ERRORS, OPENERS, Box, SessionMixin, same
from wlmail.export.stmts import walk
from wlmail.mail.imap import mailbox as imap_folder
from wlmail.record import record
from wlmail.syntax import nodes as n

#: the first read and the step of a reading loop, and whether it goes backwards
STEPS = {
    "email_read_first": ("email_read_next", False),
    "email_read_last": ("email_read_previous", True),
}
#: IMAP calls on the message being read in a loop: the UID command's arguments after the UID
ON_MESSAGE = {
    "email_mark_read": '"STORE", {uid}, "+FLAGS.SILENT", "\\\\Seen"',
    "email_mark_unread": '"STORE", {uid}, "-FLAGS.SILENT", "\\\\Seen"',
    "email_copy_message": '"COPY", {uid}, {folder}',
}
ON_FOLDER = {"email_create_folder": "create", "email_delete_folder": "delete"}
#: EmailDéplaceMessage: UID MOVE where the server offers MOVE (asked after the login, as
#: wlmail does), otherwise COPY then \Deleted, as EmailSupprimeMessage (removed by EmailDétruit)
MOVE = [
    'if b"MOVE" in {py}.capability()[1][-1].split():',
    '    {py}.uid("MOVE", {uid}, {folder})',
    'elif {py}.uid("COPY", {uid}, {folder})[0] == "OK":',
    '    {py}.uid("STORE", {uid}, "+FLAGS.SILENT", "\\\\Deleted")',
]
JOINED = 'b"\\r\\n".join(lines)'
PARSE = "email.message_from_bytes({0}, policy=policy.default)"


@record
class ReadLoop(n.Node):
    """``EmailLitPremier(s)`` followed by ``TANTQUE PAS Email.EnDehors``: one statement."""

    first: n.ExprStmt
    loop: n.While


class ReceiveMixin(SessionMixin):
    received: dict[str, str]  # key of a variable holding a received message -> its Python name
    received_lists: set[str]  # keys of arrays filled by EmailRécupèreTout
    list_homes: dict[str, n.ProcDef | None]  # arrays declared empty: the procedure declaring
    read_into: list[Message]  # the Email variables a reading loop reads into

    def mail_setup(self) -> None:
        super().mail_setup()
        self.received, self.received_lists, self.read_into = {}, set(), []
        self.list_homes = {}

    def drop_unused(self, start: int) -> None:
        """The ``Email`` variables read into are dropped too when nothing reads them."""
        kept = dict(self.messages)
        self.messages.update({f"\0read:{i}": m for i, m in enumerate(self.read_into)})
        try:
            super().drop_unused(start)
        finally:
            self.messages = kept

    def received_key(self, node: n.Node) -> str | None:
        found = super().var_kind(node)
        if found is not None and found[0] == "email_structure":
            return LEGACY if LEGACY in self.received else None
        if isinstance(node, n.Name) and node.key in self.received:
            return node.key
        return None

    def mail_decl(self, node: n.Decl, vtype: Any) -> bool:
        elem = getattr(vtype, "elem", None)
        if str(vtype.id) == "array" and elem is not None and str(elem.id) == "email":
            init = node.init
            found = self.mail_function(init) if isinstance(init, n.Call) else None
            if found is not None and found[0].id == "email_get_all":
                self.get_all(node, found[1])
                return True
            if init is None and len(node.names) == 1 and self.filled_later(node.names[0]):
                self.mail_imports(array=True)
                var = node.names[0]
                self.received_lists.add(var.key)
                self.list_homes[var.key] = self.scope.proc
                self.line(node, f"{py_name(var.name)}: list[EmailMessage] = []")
                return True
        return super().mail_decl(node, vtype)

    def filled_later(self, var: n.Name) -> bool:
        """An array of ``Email`` declared empty that the script only fills with
        ``EmailRécupèreTout`` and walks with ``POUR TOUT`` (the doc's ``arrUnreadEmails``)."""
        assigned = {id(x.target) for x in walk(self.tree()) if isinstance(x, n.Assign)}
        walked = {id(x.iterable) for x in walk(self.tree()) if isinstance(x, n.ForEach)}
        for x in walk(self.tree()):
            if not isinstance(x, n.Name) or x.key != var.key or x is var:
                continue
            if id(x) not in assigned and id(x) not in walked:
                return False
        fills = [
            x
            for x in walk(self.tree())
            if isinstance(x, n.Assign) and isinstance(x.target, n.Name) and x.target.key == var.key
        ]
        return bool(fills) and all(self.is_get_all(x.value) for x in fills)

    def tree(self) -> list[Any]:
        return [self.program.body, self.program.procs]

    def is_get_all(self, value: n.Node) -> bool:
        found = self.mail_function(value) if isinstance(value, n.Call) else None
        return found is not None and found[0].id == "email_get_all"

    def s_Assign(self, node: n.Assign) -> None:
        """``tab = EmailRécupèreTout(s)`` into an array declared empty (``filled_later``)."""
        target = node.target
        if (
            isinstance(target, n.Name)
            and target.key in self.received_lists
            and self.is_get_all(node.value)
        ):
            if self.list_homes.get(target.key, False) is not self.scope.proc:
                raise Skip(node, "EmailRécupèreTout into an array declared elsewhere")
            assert isinstance(node.value, n.Call)
            found = self.mail_function(node.value)
            assert found is not None
            self.get_all(node, found[1], target, declare=False)
            return
        super().s_Assign(node)

    def mail_assign(self, node: n.Assign) -> bool:
        target = node.target
        if isinstance(target, n.Member) and self.received_key(target.target) is not None:
            raise Skip(node, "changing a received message")
        return super().mail_assign(node)

    def x_Member(self, node: n.Member) -> Py:
        key = self.received_key(node.target)
        if key is None:
            return super().x_Member(node)
        owner = "email_structure" if key == LEGACY else "email"
        entry = self.cat.prop(owner, node.name)
        spec = self.map["received_fields"].get(entry.id.partition(".")[2]) if entry else None
        if spec is None:
            raise Skip(node, f"reading the received property {node.name}")
        if "import" in spec:
            self.need(spec["import"])
        return Py(self.parse(spec["py"].format(m=self.received[key])), spec.get("type", "string"))

    def x_Index(self, node: n.Index) -> Py:
        """``m.Destinataire[i]``: an element of a received list (1-based, as everywhere)."""
        target = node.target
        if not isinstance(target, n.Member) or self.received_key(target.target) is None:
            return super().x_Index(node)
        listed = self.x_Member(target)
        arg = node.args[0] if len(node.args) == 1 else None
        if listed.type != "list" or arg is None or arg.kind != "one" or arg.a is None:
            raise Skip(node, "this index of a received field")
        index = self.minus_one(self.expr(arg.a))
        return Py(ast.Subscript(listed.code, index, ast.Load()), "string")

    def mail_statement(self, node: n.Node, expr: n.Call, entry: Any) -> bool:
        box = self.box_of(expr.args[0]) if len(expr.args) == 1 else None
        if entry.id in ("email_delete_message", "email_destroy") and box is not None:
            self.delete_or_destroy(node, box, entry)
            return True
        if entry.id in (*ON_MESSAGE, *ON_FOLDER, "email_change_folder", "email_move_message"):
            self.imap_call(node, expr, entry)
            return True
        if entry.module == "receive" and entry.id not in OPENERS:
            if entry.id in STEPS:
                raise Skip(node, f"{entry.name(self.lang)} not followed by its reading loop")
            raise Skip(node, f"{entry.name(self.lang)} has no Python mapping")
        return super().mail_statement(node, expr, entry)

    # -- EmailSupprimeMessage, EmailDétruit ---------------------------------------------------
    def delete_or_destroy(self, node: n.Node, box: Box, entry: Any) -> None:
        if entry.id == "email_destroy":
            if box.protocol == "imap":  # POP3: nothing to do, QUIT deletes
                self.suppressed(node, box, f"{box.py}.expunge()")
            return
        current = self.current.get(box.py)
        if current is None:
            raise Skip(node, f"{entry.name(self.lang)} outside a reading loop of that session")
        box.deleted = True
        if box.protocol == "pop3":
            self.suppressed(node, box, f"{box.py}.dele({current})")
        else:
            store = f'{box.py}.uid("STORE", {current}, "+FLAGS.SILENT", "\\\\Deleted")'
            self.suppressed(node, box, store)

    # -- EmailRécupèreTout -------------------------------------------------------------------
    def get_all(
        self, node: n.Decl | n.Assign, expr: n.Call, var: n.Name | None = None, declare: bool = True
    ) -> None:
        box = self.box_of(expr.args[0] if expr.args else None)
        if isinstance(node, n.Decl):
            var = node.names[0] if len(node.names) == 1 else None
        if box is None or var is None or len(expr.args) > 2:
            raise Skip(node, "EmailRécupèreTout of something that is not a receive session")
        option = "ert_header"
        if len(expr.args) == 2:
            ref = self.ref(expr.args[1]) if isinstance(expr.args[1], n.Name) else ("",)
            option = ref[1].id if ref[0] == "const" else ""
        if option not in ("ert_header", "ert_full", "ert_not_read"):
            raise Skip(node, "EmailRécupèreTout with this option")
        if box.protocol == "pop3" and (option == "ert_not_read" or box.key in self.deleting):
            raise Skip(node, "EmailRécupèreTout of unread or after deletions on a POP3 session")
        guard = self.surely_open(node, box, guarded=True)
        self.mail_imports(array=True)
        py = py_name(var.name)
        self.received_lists.add(var.key)
        self.line(node, f"{py}: list[EmailMessage] = []" if declare else f"{py} = []")
        if guard:  # wlmail reads nothing when the open failed
            self.out.emit(0, f"if {guard}:")
        with self.out.block() if guard else contextlib.nullcontext():
            self.get_all_lines(box, py, option)

    def get_all_lines(self, box: Box, py: str, option: str) -> None:
        self.out.emit(0, f"with contextlib.suppress{ERRORS[box.protocol]}:")
        with self.out.block():
            if box.protocol == "pop3":
                self.out.emit(0, f"for number in range(1, {self.box_count(box)} + 1):")
                data = f'b"\\r\\n".join({box.py}.retr(number)[1])'
                self.out.emit(0, f"    {py}.append({PARSE.format(data)})")
                return
            # wlmail lists what is not marked deleted, and reads without setting \Seen
            unseen = '"UNSEEN", ' if option == "ert_not_read" else ""
            self.out.emit(0, f'_, found = {box.py}.uid("SEARCH", {unseen}"UNDELETED")')
            self.out.emit(0, "for uid in found[0].split():")
            self.out.emit(0, f'    _, data = {box.py}.uid("FETCH", uid, "(BODY.PEEK[])")')
            parsed = PARSE.format("part[1]")
            self.out.emit(0, f"    {py} += [{parsed} for part in data if isinstance(part, tuple)]")

    def mail_imports(self, array: bool = False) -> None:
        self.need("import email")
        self.need("from email import policy")
        if array:
            self.need("import contextlib")
            self.need("from email.message import EmailMessage")

    def s_ForEach(self, node: n.ForEach) -> None:
        source = node.iterable
        box = self.box_of(source) if isinstance(source, n.Name) else None
        if box is not None and len(node.vars) == 1 and node.separator is None:
            var = node.vars[0]  # POUR TOUT m DE session: every message, oldest first
            self.read_each(node.line, box, False, var.key, py_name(var.name), node.body, node.line)
            return
        if not (isinstance(source, n.Name) and source.key in self.received_lists):
            super().s_ForEach(node)
            return
        if len(node.vars) != 1 or node.separator is not None:
            raise Skip(node, "a FOR EACH over received messages with more than one variable")
        var = node.vars[0]
        py = py_name(var.name)
        self.out.emit(node.line, f"for {py} in {py_name(source.name)}:")
        self.received_loop(var.key, py, node.body, node.line, [])

    def received_loop(
        self, key: str, py: str, body: list[n.Node], line: int, head: list[str]
    ) -> None:
        """A loop body where ``key`` designates the received message ``py``: the statements
        that receive it (``head``), those the fields read need (``before``), then the body."""
        self.received[key] = py
        try:
            used = {self.field_of(x, key) for x in walk(body) if isinstance(x, n.Member)}
            with self.out.block():
                for text in head:
                    self.out.emit(0, text)
                before = [
                    text.format(m=py)
                    for prop, spec in self.map["received_fields"].items()
                    for text in (spec.get("before", []) if prop in used else [])
                ]
                for text in dict.fromkeys(before):  # fields sharing a statement write it once
                    self.out.emit(0, text)
            self.loop(body, line)
        finally:
            del self.received[key]

    def field_of(self, node: n.Member, key: str) -> str:
        if self.received_key(node.target) != key:
            return ""
        entry = self.cat.prop("email_structure" if key == LEGACY else "email", node.name)
        return entry.id.partition(".")[2] if entry is not None else ""

    # -- EmailLitPremier … TANTQUE PAS Email.EnDehors … EmailLitSuivant ------------------------
    def block(self, stmts: list[n.Node], line: int, prologue: list[str] | None = None) -> None:
        super().block(self.pair_reads(stmts), line, prologue)

    def pair_reads(self, stmts: list[n.Node]) -> list[n.Node]:
        out: list[n.Node] = []
        for stmt in stmts:
            last = out[-1] if out else None
            if isinstance(stmt, n.While) and isinstance(last, n.ExprStmt) and self.reads(last):
                out[-1] = ReadLoop(last.line, last.col, last, stmt)
            else:
                out.append(stmt)
        return out

    def reads(self, stmt: n.ExprStmt) -> bool:
        found = self.mail_function(stmt.expr) if isinstance(stmt.expr, n.Call) else None
        return found is not None and found[0].id in STEPS

    def s_ReadLoop(self, node: ReadLoop) -> None:
        first = node.first.expr
        assert isinstance(first, n.Call)
        entry = self.mail_function(first)
        assert entry is not None
        step_id, backwards = STEPS[entry[0].id]
        box = self.box_of(first.args[0] if 1 <= len(first.args) <= 2 else None)
        if box is None:
            raise Skip(node, "a reading loop on something that is not a receive session")
        target = first.args[1] if len(first.args) == 2 else None
        key, py = LEGACY, "Email"
        if target is not None:
            found = super().var_kind(target)
            if found is None or found[0] != "email":
                raise Skip(node, "reading into something that is not an Email variable")
            key, py = found[1], self.message(found[1], target).py
        loop = node.loop
        cond = loop.cond
        out = None
        if isinstance(cond, n.Not) and isinstance(cond.operand, n.Member):
            owner = super().var_kind(cond.operand.target)
            if owner is not None and owner[1] == key:
                out = self.cat.prop(owner[0], cond.operand.name)
        if out is None or not out.id.endswith(".out"):
            raise Skip(loop, "a reading loop whose condition is not PAS <message>.EnDehors")
        *body, step = loop.body or [n.Node(loop.line, loop.col)]
        if not self.is_step(step, first, step_id) or any(
            isinstance(x, n.Continue | n.Return) or (isinstance(x, n.Call) and self.rereads(x))
            for x in walk(body)
        ):
            raise Skip(loop, "a reading loop that does not end with its EmailLitSuivant alone")
        read_into = self.messages.pop(key, None)
        if read_into is not None:
            self.read_into.append(read_into)
        self.read_each(node.line, box, backwards, key, py, body, loop.line)

    def read_each(
        self, line: int, box: Box, backwards: bool, key: str, py: str, body: list[n.Node], at: int
    ) -> None:
        """A ``for`` over the mailbox's messages (numbers, or UIDs), each read into ``py``."""
        if box.deleted:
            raise Skip(n.Node(line, 0), "reading again a session after EmailSupprimeMessage")
        guard = self.surely_open(n.Node(line, 0), box, guarded=True)
        if guard:  # wlmail reads nothing when the open failed
            self.out.emit(line, f"if {guard}:")
            with self.out.block():
                self.read_loop(0, box, backwards, key, py, body, at)
        else:
            self.read_loop(line, box, backwards, key, py, body, at)

    def read_loop(
        self, line: int, box: Box, backwards: bool, key: str, py: str, body: list[n.Node], at: int
    ) -> None:
        if box.protocol == "pop3":
            number = "number"
            count = self.box_count(box)
            numbers = f"range({count}, 0, -1)" if backwards else f"range(1, {count} + 1)"
            self.out.emit(line, f"for number in {numbers}:")
            fetch = [f"    lines = {box.py}.retr(number)[1]"]
            parsed = [f"{py} = {PARSE.format(JOINED)}"]
        else:
            number = "uid"
            self.out.emit(line, f'_, found = {box.py}.uid("SEARCH", "UNDELETED")')
            uids = "reversed(found[0].split())" if backwards else "found[0].split()"
            self.out.emit(0, f"for uid in {uids}:")
            fetch = [f'    _, data = {box.py}.uid("FETCH", uid, "(BODY.PEEK[])")']
            parsed = [
                "if not isinstance(data[0], tuple):",
                "    continue  # expunged meanwhile: wlmail skips it too",
                f"{py} = {PARSE.format('data[0][1]')}",
            ]
        self.received[key] = py
        try:  # a body that never reads the message: fetched as wlmail does, never parsed
            uses = any(self.received_key(x) == key for x in walk(body) if isinstance(x, n.Name))
        finally:
            del self.received[key]
        if uses:
            self.mail_imports()
        else:
            fetch = [f"    {box.py}.retr(number)"] if box.protocol == "pop3" else fetch
            parsed = []
        head = ["try:", *fetch, f"except {ERRORS[box.protocol]}:", "    break", *parsed]
        self.current[box.py] = number
        try:
            self.received_loop(key, py, body, at, head)
        finally:
            del self.current[box.py]

    def is_step(self, step: n.Node, first: n.Call, step_id: str) -> bool:
        if not isinstance(step, n.ExprStmt) or not isinstance(step.expr, n.Call):
            return False
        found = self.mail_function(step.expr)
        args = step.expr.args
        return (
            found is not None
            and found[0].id == step_id
            and len(args) == len(first.args)
            and all(same(a, b) for a, b in zip(args, first.args, strict=True))
        )

    def rereads(self, call: n.Call) -> bool:
        """A receive call in a reading loop other than deleting the message read."""
        found = self.mail_function(call)
        return (
            found is not None
            and found[0].module == "receive"
            and found[0].id
            not in ("email_delete_message", "email_nb_message", "email_move_message", *ON_MESSAGE)
        )

    # -- IMAP folders and flags --------------------------------------------------------------
    def imap_call(self, node: n.Node, expr: n.Call, entry: Any) -> None:
        """Flags and copies of the message being read; folders named by a literal (written
        as wlmail sends them: modified UTF-7, then an atom or a quoted string)."""
        what = entry.name(self.lang)
        box = self.box_of(expr.args[0]) if expr.args else None
        if box is None or box.protocol != "imap":
            raise Skip(node, f"{what} on something that is not an IMAP session")
        args = list(expr.args[1:])
        on_message = entry.id in ON_MESSAGE or entry.id == "email_move_message"
        if args and on_message and self.received_key(args[0]) is not None:
            args = args[1:]  # the Email being read: the loop's message
        wants = 1 if entry.id != "email_mark_read" and entry.id != "email_mark_unread" else 0
        if len(args) != wants or not all(isinstance(a, n.Str) and a.value.strip() for a in args):
            raise Skip(node, f"{what} with these arguments (a folder must be a literal name)")
        folder = repr(imap_folder(args[0].value)) if args and isinstance(args[0], n.Str) else ""
        if on_message:
            uid = self.current.get(box.py)
            if uid is None or box.protocol != "imap":
                raise Skip(node, f"{what} outside a reading loop of that session")
            if entry.id == "email_move_message":
                self.line(node, f"with contextlib.suppress{ERRORS[box.protocol]}:")
                for text in MOVE:
                    self.out.emit(0, "    " + text.format(py=box.py, uid=uid, folder=folder))
                return
            command = ON_MESSAGE[entry.id].format(uid=uid, folder=folder)
            self.suppressed(node, box, f"{box.py}.uid({command})")
        elif entry.id in ON_FOLDER:
            self.suppressed(node, box, f"{box.py}.{ON_FOLDER[entry.id]}({folder})")
        else:
            self.static(node, "a change of folder", box.home)
            self.surely_open(node, box)
            self.line(node, f"with contextlib.suppress{ERRORS[box.protocol]}:")
            back = repr(imap_folder(box.folder)) if box.folder != "INBOX" else ""
            self.out.emit(0, f'    if {box.py}.select({folder})[0] != "OK":')
            self.out.emit(0, f"        {box.py}.select({back})  # refused: back where it was")
            box.folder = str(args[0].value) if isinstance(args[0], n.Str) else ""
            box.changed = True
