"""Reading mail as a Python mail engineer writes it: ``poplib`` and ``imaplib``.

A POP3/IMAP session (``emailSessionPOP3``/``IMAP`` variables, or the legacy form designated by
its user name) becomes ``poplib.POP3``/``POP3_SSL`` or ``imaplib.IMAP4``/``IMAP4_SSL``, opened
where ``EmailOuvreSession…`` opens it, with the TLS rule of ``wlmail run`` (implicit TLS with
``optionSSL`` or ``emailOptionSécuriséTLS`` on 995/993, STLS/STARTTLS with
``emailOptionSécuriséTLS`` otherwise; certificates verified by ``ssl.create_default_context()``).
A received message is an ``EmailMessage`` parsed by ``email.message_from_bytes`` with
``policy.default``; which field is which expression is data (``stdlib/python-export.toml``).
Shapes written: the ``EmailLitPremier`` … ``TANTQUE PAS Email.EnDehors`` … ``EmailLitSuivant``
loop (POP3: a ``for`` over the message numbers), ``EmailRécupèreTout`` into an array of
``Email`` (IMAP: ``SEARCH`` then ``FETCH BODY.PEEK[]``, so no flag changes, as in wlmail),
``EmailNbMessage``, ``EmailFermeSession``. Anything else is reported unsupported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wlmail.export.base import Py, Skip, parse_expr, py_name
from wlmail.export.mail import LEGACY, MailMixin
from wlmail.export.mail_shapes import mail_condition
from wlmail.export.stmts import walk
from wlmail.record import record
from wlmail.syntax import nodes as n

KINDS = {"email_pop3_session": "pop3", "email_imap_session": "imap"}
ERRORS = {"pop3": "(OSError, poplib.error_proto)", "imap": "(OSError, imaplib.IMAP4.error)"}
LIBS = {"pop3": "poplib", "imap": "imaplib"}
CLASSES = {"pop3": "poplib.POP3", "imap": "imaplib.IMAP4"}
#: wlmail's default ports by protocol and implicit TLS (as wlmail/mail/mailbox.py)
PORTS = {("pop3", False): 110, ("pop3", True): 995, ("imap", False): 143, ("imap", True): 993}
OPENERS = {"email_start_pop3_session": "pop3", "email_start_imap_session": "imap"}
PARSE = "email.message_from_bytes({0}, policy=policy.default)"
CONTEXT = "ssl.create_default_context()"


@dataclass(slots=True)
class Box:
    """A POP3 or IMAP session: its Python name and what it is opened with."""

    py: str
    protocol: str  # pop3 | imap
    home: int = 0
    props: dict[str, Py] = field(default_factory=dict)
    option: str = "email_option_default"
    key: str = ""  # the variable's folded name, or "\0user:<name>" for the legacy form
    deleted: bool = False  # a deletion was written for it (POP3 numbers then shift)


@record
class ReadLoop(n.Node):
    """``EmailLitPremier(s)`` followed by ``TANTQUE PAS Email.EnDehors``: one statement."""

    first: n.ExprStmt
    loop: n.While


class ReceiveMixin(MailMixin):
    boxes: dict[str, Box]
    received: dict[str, str]  # key of a variable holding a received message -> its Python name
    received_lists: set[str]  # keys of arrays filled by EmailRécupèreTout

    current: dict[str, str]  # session's Python name -> the number/UID of the message read last
    deleting: set[str]  # keys of the sessions the script deletes from

    def mail_setup(self) -> None:
        super().mail_setup()
        self.boxes, self.received, self.received_lists = {}, {}, set()
        self.current, self.deleting = {}, set()
        for x in walk([self.program.body, self.program.procs]):
            kind = self.ann.calls.get(id(x), ("",)) if isinstance(x, n.Call) else ("",)
            if kind[0] == "func" and kind[1].id == "email_delete_message" and x.args:
                self.deleting.add(arg_key(x.args[0]))

    # -- what a node designates --------------------------------------------------------------
    def var_kind(self, node: n.Node) -> tuple[str, str] | None:
        found = super().var_kind(node)
        if found is None and isinstance(node, n.Name):
            ref = self.ref(node)
            if ref[0] == "var" and str(ref[1].vtype.id) in KINDS:
                return str(ref[1].vtype.id), node.key
        return found

    def box_of(self, node: n.Node | None) -> Box | None:
        """The receive session an argument designates (a variable or a legacy user name)."""
        if node is None:
            return None
        found = self.var_kind(node)
        if found is not None and found[0] in KINDS:
            box = self.boxes.get(found[1])
            if box is None:
                raise Skip(node, "a session used before its declaration")
            return box
        if isinstance(node, n.Str):
            return self.boxes.get("\0user:" + node.value)
        return None

    def received_key(self, node: n.Node) -> str | None:
        found = super().var_kind(node)
        if found is not None and found[0] == "email_structure":
            return LEGACY if LEGACY in self.received else None
        if isinstance(node, n.Name) and node.key in self.received:
            return node.key
        return None

    # -- declarations and properties ---------------------------------------------------------
    def mail_decl(self, node: n.Decl, vtype: Any) -> bool:
        kind = str(vtype.id)
        if kind in KINDS:
            if node.init is not None:
                raise Skip(node, "a mail variable with an initial value")
            protocol = KINDS[kind]
            self.need(f"import {LIBS[protocol]}")
            for nm in node.names:
                self.boxes[nm.key] = Box(py_name(nm.name), protocol, self.here, key=nm.key)
                self.line(node, f"{py_name(nm.name)}: {CLASSES[protocol]}")
            return True
        elem = getattr(vtype, "elem", None)
        if kind == "array" and elem is not None and str(elem.id) == "email":
            init = node.init
            found = self.mail_function(init) if isinstance(init, n.Call) else None
            if found is not None and found[0].id == "email_get_all":
                self.get_all(node, found[1])
                return True
        return super().mail_decl(node, vtype)

    def mail_assign(self, node: n.Assign) -> bool:
        target = node.target
        if isinstance(target, n.Member):
            found = self.var_kind(target.target)
            if found is not None and found[0] in KINDS:
                self.box_prop(node, self.boxes[found[1]], found[0], target.name)
                return True
            if self.received_key(target.target) is not None:
                raise Skip(node, "changing a received message")
        return super().mail_assign(node)

    def box_prop(self, node: n.Assign, box: Box, kind: str, prop: str) -> None:
        entry = self.cat.prop(kind, prop)
        role = self.map["receive_session"].get(entry.id.partition(".")[2]) if entry else None
        if role is None:
            raise Skip(node, f"the session property {prop}")
        self.static(node, "a session property set", box.home)
        if role == "option":
            ref = self.ref(node.value) if isinstance(node.value, n.Name) else ("",)
            if ref[0] != "const":
                raise Skip(node, "an Option that is not one of the option constants")
            box.option = ref[1].id
            return
        box.props[role] = self.pure(node.value)

    def x_Member(self, node: n.Member) -> Py:
        found = self.var_kind(node.target)
        if found is not None and found[0] in KINDS:
            entry = self.cat.prop(found[0], node.name)
            role = self.map["receive_session"].get(entry.id.partition(".")[2]) if entry else None
            value = self.boxes[found[1]].props.get(role or "")
            if value is None:
                raise Skip(node, f"reading the session property {node.name}")
            return value
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
        return Py(self.parse(spec["py"].format(m=self.received[key])), "string")

    def parse(self, source: str) -> Any:
        return parse_expr(source)

    # -- calls -------------------------------------------------------------------------------
    def mail_function(self, expr: n.Call) -> tuple[Any, n.Call] | None:
        found = super().mail_function(expr)
        if found is not None:
            return found
        kind = self.ann.calls.get(id(expr), ("",))
        if kind[0] == "func" and kind[1].module == "receive":
            return kind[1], expr
        return None

    def mail_call(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        if entry.id == "email_nb_message":
            box = self.box_of(args[0] if args else None)
            if box is None:
                raise Skip(node, "EmailNbMessage of something that is not a receive session")
            if box.protocol == "pop3" and box.key in self.deleting:
                raise Skip(node, "EmailNbMessage of a POP3 session the script deletes from")
            return Py(self.parse(self.box_count(box)), "int")
        return super().mail_call(node, entry, args)

    def box_count(self, box: Box) -> str:
        """How many messages the mailbox holds: POP3 STAT (constant for the session, as the
        server locks the mailbox); IMAP SEARCH ALL (re-read at each call, as wlmail does)."""
        if box.protocol == "pop3":
            return f"{box.py}.stat()[0]"
        return f'len({box.py}.search(None, "ALL")[1][0].split())'

    def mail_statement(self, node: n.Node, expr: n.Call, entry: Any) -> bool:
        first = expr.args[0] if expr.args else None
        if entry.id == "email_close_session" and len(expr.args) == 1:
            box = self.box_of(first)
            if box is not None:
                self.line(node, f"{box.py}.{'quit' if box.protocol == 'pop3' else 'logout'}()")
                return True
        opened = self.opened(node, expr, entry)
        if opened is not None:
            self.need("import contextlib")
            self.line(node, f"with contextlib.suppress{ERRORS[opened.protocol]}:")
            with self.out.block():
                self.open_box(node, opened)
            return True
        if entry.id in ("email_delete_message", "email_destroy") and len(expr.args) == 1:
            box = self.box_of(first)
            if box is not None:
                self.delete_or_destroy(node, box, entry)
                return True
        if entry.module == "receive":
            if entry.id == "email_read_first":
                raise Skip(node, f"{entry.name(self.lang)} not followed by its reading loop")
            raise Skip(node, f"{entry.name(self.lang)} has no Python mapping")
        return super().mail_statement(node, expr, entry)

    def opened(self, node: n.Node, expr: n.Call, entry: Any) -> Box | None:
        """The session ``EmailOuvreSession(s)``/``EmailOuvreSessionPOP3(…)`` opens, if any."""
        if entry.id == "email_start_session" and len(expr.args) == 1:
            return self.box_of(expr.args[0])
        protocol = OPENERS.get(entry.id)
        if protocol is None:
            return None
        args = expr.args
        if not 3 <= len(args) <= 5 or not isinstance(args[0], n.Str):
            raise Skip(node, f"{entry.name(self.lang)} with these arguments")
        key = "\0user:" + args[0].value
        taken = {b.py for b in self.boxes.values()}
        py = next(f"{protocol}{i or ''}" for i in range(99) if f"{protocol}{i or ''}" not in taken)
        box = self.boxes.get(key) or Box(py, protocol, self.here, key=key)
        if box.protocol != protocol:
            raise Skip(node, "a user name designating a POP3 and an IMAP session")
        self.boxes[key] = box
        for role, arg in zip(("user", "password", "host", "port"), args, strict=False):
            box.props[role] = self.pure(arg)
        if len(args) == 5:
            ref = self.ref(args[4]) if isinstance(args[4], n.Name) else ("",)
            if ref[0] != "const":
                raise Skip(node, "an option that is not one of the option constants")
            box.option = ref[1].id
        return box

    def open_box(self, node: n.Node, box: Box) -> None:
        """Connect, TLS as wlmail does it, log in (IMAP: SELECT INBOX)."""
        self.static(node, "a session opened", box.home)
        props, proto, py = box.props, box.protocol, box.py
        if "host" not in props or "user" not in props or "password" not in props:
            raise Skip(node, "a session without AdresseServeur, Nom or MotDePasse")
        port = props.get("port")
        number = port.code.value if port is not None and hasattr(port.code, "value") else None
        if port is not None and not isinstance(number, int):
            raise Skip(node, "a receive session whose port is not a literal")
        secured = box.option == "email_option_secured_tls"
        implicit = box.option == "option_ssl" or (secured and number == PORTS[(proto, True)])
        where = f"{props['host'].src}, {number or PORTS[(proto, implicit)]}"
        timeout = f"timeout={self.timeout}"
        if implicit or secured:
            self.need("import ssl")
        if proto == "pop3":
            self.need("import poplib")
            if implicit:
                opener = f"poplib.POP3_SSL({where}, {timeout}, context={CONTEXT})"
            else:
                opener = f"poplib.POP3({where}, {timeout})"
            self.out.emit(node.line, f"{py} = {opener}")
            if secured and not implicit:
                self.out.emit(0, f"{py}.stls({CONTEXT})")
            self.out.emit(0, f"{py}.user({props['user'].src})")
            self.out.emit(0, f"{py}.pass_({props['password'].src})")
            return
        self.need("import imaplib")
        if implicit:
            opener = f"imaplib.IMAP4_SSL({where}, ssl_context={CONTEXT}, {timeout})"
        else:
            opener = f"imaplib.IMAP4({where}, {timeout})"
        self.out.emit(node.line, f"{py} = {opener}")
        if secured and not implicit:
            self.out.emit(0, f"{py}.starttls({CONTEXT})")
        self.out.emit(0, f"{py}.login({props['user'].src}, {props['password'].src})")
        self.out.emit(0, f"{py}.select()")

    # -- SI PAS EmailOuvreSession…(…) ALORS … ------------------------------------------------
    def mail_if(self, node: n.If) -> bool:
        shape = mail_condition(node.arms[0][0]) if len(node.arms) == 1 else None
        found = self.mail_function(shape[0]) if shape is not None else None
        box = self.opened(node, found[1], found[0]) if found is not None else None
        if shape is None or box is None:
            return super().mail_if(node)
        body, other = node.arms[0][1], node.other or []
        ok, failed = (body, other) if shape[1] else (other, body)
        self.out.emit(node.line, "try:")
        with self.out.block():
            self.open_box(node, box)
        uses = any(
            isinstance(x, n.Call)
            and self.ann.calls.get(id(x), ("",))[0] == "func"
            and self.ann.calls[id(x)][1].id == "error_info"
            for x in walk(failed)
        )
        self.out.emit(0, f"except {ERRORS[box.protocol]}{' as err' if uses else ''}:")
        outer = self.scope.error_name
        self.scope.error_name = "err" if uses else ""
        try:
            self.branch(failed, node.line)
        finally:
            self.scope.error_name = outer
        if ok:
            self.out.emit(0, "else:")
            self.branch(ok, node.line)
        return True

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

    def suppressed(self, node: n.Node, box: Box, code: str) -> None:
        """A call whose failure the script ignores (WLangage: Faux + ErreurInfo)."""
        self.need("import contextlib")
        self.line(node, f"with contextlib.suppress{ERRORS[box.protocol]}:")
        self.out.emit(0, f"    {code}")

    # -- EmailRécupèreTout -------------------------------------------------------------------
    def get_all(self, node: n.Decl, expr: n.Call) -> None:
        box = self.box_of(expr.args[0] if expr.args else None)
        if box is None or len(node.names) != 1 or len(expr.args) > 2:
            raise Skip(node, "EmailRécupèreTout of something that is not a receive session")
        option = "ert_header"
        if len(expr.args) == 2:
            ref = self.ref(expr.args[1]) if isinstance(expr.args[1], n.Name) else ("",)
            option = ref[1].id if ref[0] == "const" else ""
        if option not in ("ert_header", "ert_full", "ert_not_read"):
            raise Skip(node, "EmailRécupèreTout with this option")
        if box.protocol == "pop3" and (option == "ert_not_read" or box.key in self.deleting):
            raise Skip(node, "EmailRécupèreTout of unread or after deletions on a POP3 session")
        self.mail_imports(array=True)
        py = py_name(node.names[0].name)
        self.received_lists.add(node.names[0].key)
        self.line(node, f"{py}: list[EmailMessage] = []")
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
                for prop, spec in self.map["received_fields"].items():
                    for text in spec.get("before", []) if prop in used else []:
                        self.out.emit(0, text.format(m=py))
            self.loop(body, line)
        finally:
            del self.received[key]

    def field_of(self, node: n.Member, key: str) -> str:
        if self.received_key(node.target) != key:
            return ""
        entry = self.cat.prop("email_structure" if key == LEGACY else "email", node.name)
        return entry.id.partition(".")[2] if entry is not None else ""

    # -- EmailLitPremier … TANTQUE PAS Email.EnDehors … EmailLitSuivant ------------------------
    def block(self, stmts: list[n.Node], line: int) -> None:
        super().block(self.pair_reads(stmts), line)

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
        return found is not None and found[0].id == "email_read_first"

    def s_ReadLoop(self, node: ReadLoop) -> None:
        first = node.first.expr
        assert isinstance(first, n.Call)
        box = self.box_of(first.args[0] if len(first.args) == 1 else None)
        loop = node.loop
        cond = loop.cond
        if box is None or box.deleted:
            raise Skip(node, "this EmailLitPremier loop (a session, the Email structure)")
        if not isinstance(cond, n.Not) or not isinstance(cond.operand, n.Member):
            raise Skip(loop, "a reading loop whose condition is not PAS Email.EnDehors")
        out = self.cat.prop("email_structure", cond.operand.name)
        kind = super().var_kind(cond.operand.target)
        if out is None or out.id != "email_structure.out" or kind != ("email_structure", LEGACY):
            raise Skip(loop, "a reading loop whose condition is not PAS Email.EnDehors")
        *body, step = loop.body or [n.Node(loop.line, loop.col)]
        if not self.is_next(step, first) or any(
            isinstance(x, n.Continue | n.Return) or (isinstance(x, n.Call) and self.rereads(x))
            for x in walk(body)
        ):
            raise Skip(loop, "a reading loop that does not end with its EmailLitSuivant alone")
        self.mail_imports()
        errors = ERRORS[box.protocol]
        joined = 'b"\\r\\n".join(lines)'
        if box.protocol == "pop3":
            number = "number"
            self.out.emit(node.line, f"for number in range(1, {self.box_count(box)} + 1):")
            fetch = [f"    lines = {box.py}.retr(number)[1]"]
            parsed = [f"Email = {PARSE.format(joined)}"]
        else:
            number = "uid"
            self.out.emit(node.line, f'_, found = {box.py}.uid("SEARCH", "UNDELETED")')
            self.out.emit(0, "for uid in found[0].split():")
            fetch = [f'    _, data = {box.py}.uid("FETCH", uid, "(BODY.PEEK[])")']
            parsed = [
                "if not isinstance(data[0], tuple):",
                "    continue  # expunged meanwhile: wlmail skips it too",
                f"Email = {PARSE.format('data[0][1]')}",
            ]
        head = ["try:", *fetch, f"except {errors}:", "    break", *parsed]
        self.messages.pop(LEGACY, None)
        self.current[box.py] = number
        try:
            self.received_loop(LEGACY, "Email", body, loop.line, head)
        finally:
            del self.current[box.py]

    def is_next(self, step: n.Node, first: n.Call) -> bool:
        if not isinstance(step, n.ExprStmt) or not isinstance(step.expr, n.Call):
            return False
        found = self.mail_function(step.expr)
        args = step.expr.args
        return (
            found is not None
            and found[0].id == "email_read_next"
            and len(args) == 1
            and same(args[0], first.args[0])
        )

    def rereads(self, call: n.Call) -> bool:
        """A receive call in a reading loop other than deleting the message read."""
        found = self.mail_function(call)
        return (
            found is not None
            and found[0].module == "receive"
            and found[0].id not in ("email_delete_message", "email_nb_message")
        )


def arg_key(node: n.Node) -> str:
    """The key a session argument designates: a variable's folded name or a user name."""
    if isinstance(node, n.Str):
        return "\0user:" + node.value
    return node.key if isinstance(node, n.Name) else ""


def same(a: n.Node, b: n.Node) -> bool:
    """The same session argument: one user name, or one variable."""
    return bool(arg_key(a)) and arg_key(a) == arg_key(b)
