"""POP3 and IMAP sessions in an exported program: ``poplib`` and ``imaplib`` objects.

A session (an ``emailSessionPOP3``/``IMAP`` variable, or the legacy form designated by its user
name) becomes ``poplib.POP3``/``POP3_SSL`` or ``imaplib.IMAP4``/``IMAP4_SSL``, opened where
``EmailOuvreSession…`` opens it, with the TLS rule of ``wlmail run``: implicit TLS with
``optionSSL``, or with ``emailOptionSécuriséTLS`` on 995/993; STLS/STARTTLS with
``emailOptionSécuriséTLS`` otherwise; certificates verified by ``ssl.create_default_context()``.
IMAP then SELECTs INBOX. ``SI PAS EmailOuvreSession…(…) ALORS`` is ``try``/``except`` of the
library's errors; ``EmailNbMessage`` and ``EmailFermeSession`` are written here too. Reading
the messages is :mod:`wlmail.export.receive`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wlmail.export.base import Py, Skip, parse_expr, py_name
from wlmail.export.mail import MailMixin
from wlmail.export.mail_common import leaves, unsure
from wlmail.export.mail_session import legacy_key
from wlmail.export.mail_shapes import mail_condition
from wlmail.export.stmts import walk
from wlmail.syntax import nodes as n

KINDS = {"email_pop3_session": "pop3", "email_imap_session": "imap"}
ERRORS = {"pop3": "(OSError, poplib.error_proto)", "imap": "(OSError, imaplib.IMAP4.error)"}
LIBS = {"pop3": "poplib", "imap": "imaplib"}
CLASSES = {"pop3": "poplib.POP3", "imap": "imaplib.IMAP4"}
#: wlmail's default ports by protocol and implicit TLS (as wlmail/mail/mailbox.py)
PORTS = {("pop3", False): 110, ("pop3", True): 995, ("imap", False): 143, ("imap", True): 993}
OPENERS = {"email_start_pop3_session": "pop3", "email_start_imap_session": "imap"}
CONTEXT = "ssl.create_default_context()"
#: the calls that read a session's messages (after an unchecked open: under its flag)
READS = (
    "email_read_first",
    "email_read_last",
    "email_get_all",
    "email_list_folder",
    "email_message_size",
)


@dataclass(slots=True)
class Box:
    """A POP3 or IMAP session: its Python name and what it is opened with."""

    py: str
    protocol: str  # pop3 | imap
    home: int = 0
    props: dict[str, Py] = field(default_factory=dict)
    option: str = "email_option_default"
    key: str = ""  # the variable's folded name, or "\0user:<name>" for the legacy form
    folder: str = "INBOX"  # the IMAP folder selected (EmailChangeRépertoire)
    deleted: bool = False  # a deletion was written for it (POP3 numbers then shift)
    sure: bool = False  # surely open here: its open's failure branch left the function
    closed: bool = False  # an EmailFermeSession was written since it was opened
    changed: bool = False  # an EmailChangeRépertoire was written (it may fail at run time)
    guard: str = ""  # after an open whose failure the script ignores: the flag saying it opened
    opened_at: int = 0  # the line of its first open (0: never opened)
    closes: int = 0  # EmailFermeSession written for it


class LeftOpen(n.Node):
    """Where ``main`` ends: wlmail closes (QUIT/LOGOUT) the sessions a script leaves open,
    which commits a POP3 session's deletions."""

    def __init__(self) -> None:
        self.line, self.col = 0, 0


class SessionMixin(MailMixin):
    boxes: dict[str, Box]
    current: dict[str, str]  # session's Python name -> the number/UID of the message read last
    deleting: set[str]  # keys of the sessions the script deletes from
    reading: set[str]  # keys of the sessions the script reads messages from

    def mail_setup(self) -> None:
        super().mail_setup()
        self.boxes, self.current, self.deleting, self.reading = {}, {}, set(), set()
        for x in walk([self.program.body, self.program.procs]):
            kind = self.ann.calls.get(id(x), ("",)) if isinstance(x, n.Call) else ("",)
            found = (kind[1], x) if kind[0] == "func" else None
            if kind[0] == "method" and isinstance(x, n.Call):  # s.RécupèreTout(…) too
                found = self.mail_function(x)
            args = found[1].args if found is not None else []
            if found is not None and found[0].id == "email_delete_message" and args:
                self.deleting.add(arg_key(args[0]))
            if found is not None and found[0].id in READS and args:
                self.reading.add(arg_key(args[0]))
            if isinstance(x, n.ForEach):
                self.reading.add(arg_key(x.iterable))

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

    # -- declarations and properties ---------------------------------------------------------
    def mail_decl(self, node: n.Decl, vtype: Any) -> bool:
        kind = str(vtype.id)
        if kind not in KINDS:
            return super().mail_decl(node, vtype)
        if node.init is not None:
            raise Skip(node, "a mail variable with an initial value")
        protocol = KINDS[kind]
        self.need(f"import {LIBS[protocol]}")
        for nm in node.names:
            self.boxes[nm.key] = Box(py_name(nm.name), protocol, self.here, key=nm.key)
            self.line(node, f"{py_name(nm.name)}: {CLASSES[protocol]}")
        return True

    def mail_assign(self, node: n.Assign) -> bool:
        target = node.target
        if isinstance(target, n.Member):
            found = self.var_kind(target.target)
            if found is not None and found[0] in KINDS:
                self.box_prop(node, self.boxes[found[1]], found[0], target.name)
                return True
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
        if found is None or found[0] not in KINDS:
            return super().x_Member(node)
        entry = self.cat.prop(found[0], node.name)
        role = self.map["receive_session"].get(entry.id.partition(".")[2]) if entry else None
        value = self.boxes[found[1]].props.get(role or "")
        if value is None:
            raise Skip(node, f"reading the session property {node.name}")
        return value

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
        func = expr.func  # s.RécupèreTout(…) is EmailRécupèreTout(s, …)
        owner = self.var_kind(func.target) if isinstance(func, n.Member) else None
        if kind[0] == "method" and isinstance(func, n.Member) and owner and owner[0] in KINDS:
            for entry in self.cat.method_names.get(func.key, []):
                if entry.module.startswith("receive"):
                    call = n.Call(expr.line, expr.col, func.target, [func.target, *expr.args])
                    return entry, call
        return None

    def mail_call(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        if entry.id == "email_nb_message":
            box = self.box_of(args[0] if args else None)
            if box is None:
                raise Skip(node, "EmailNbMessage of something that is not a receive session")
            if box.protocol == "pop3" and box.key in self.deleting:
                raise Skip(node, "EmailNbMessage of a POP3 session the script deletes from")
            self.surely_open(node, box)
            return Py(self.parse(self.box_count(box)), "int")
        if entry.id == "email_current_folder":
            box = self.box_of(args[0] if args else None)
            # known while no change of folder was written and the session is surely open
            if box is None or box.changed or not box.sure or box.closed:
                raise Skip(node, "EmailRépertoireEnCours of a session not surely open in INBOX")
            return Py(self.parse(repr("INBOX")), "string")
        return super().mail_call(node, entry, args)

    def surely_open(self, node: n.Node, box: Box, guarded: bool = False) -> str:
        """Reading a session whose open may have failed would raise NameError in Python
        (wlmail: Faux, nothing read): only after ``SI PAS EmailOuvreSession… ALORS … RETOUR``,
        in the success branch of its open, or (``guarded``) under the flag an unchecked open
        sets, which this returns."""
        if box.sure and not box.closed:
            return ""
        if guarded and box.guard and not box.closed:
            return box.guard
        raise Skip(node, "reading a session whose open may have failed or that is closed")

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
                self.close_box(node, box)
                # EmailFermeSession(user) closes that user's legacy SMTP session too
                smtp = self.sessions.get(legacy_key(first) or "")
                if smtp is not None:
                    if smtp.asynchronous:
                        raise Skip(node, "EmailFermeSession of a user with an asynchronous session")
                    self.close_smtp(node, smtp)
                return True
        opened = self.opened(node, expr, entry)
        if opened is not None:
            # an open whose failure the script ignores: a flag tells the reads that follow
            guard = f"{opened.py}_open" if opened.key in self.reading else ""
            self.need("import contextlib")
            if guard:
                self.line(node, f"{guard} = False")
            self.line(node, f"with contextlib.suppress{ERRORS[opened.protocol]}:")
            with self.out.block():
                self.open_box(node, opened)
                if guard:
                    self.out.emit(0, f"{guard} = True")
            opened.guard = guard
            return True
        return super().mail_statement(node, expr, entry)

    def close_box(self, node: n.Node, box: Box) -> None:
        """QUIT/LOGOUT, whose failure the script never sees (wlmail returns Faux): after a
        failed open (the name is then unbound), or a server that dropped the connection."""
        if box.closed:  # poplib: a second quit() raises AttributeError
            raise Skip(node, "EmailFermeSession of a session already closed")
        close = "quit" if box.protocol == "pop3" else "logout"
        self.suppressed(node, box, f"{box.py}.{close}()", box.sure)
        box.sure, box.closed = False, True
        box.closes += 1

    def block(self, stmts: list[n.Node], line: int, prologue: list[str] | None = None) -> None:
        if self.scope.proc is None and len(self.blocks) == 1:
            stmts = [*stmts, LeftOpen()]
        super().block(stmts, line, prologue)

    def s_LeftOpen(self, node: LeftOpen) -> None:
        for box in self.boxes.values():
            if not box.opened_at or box.closes:
                continue  # a session closed somewhere is taken as closed at the end
            if box.home != 1:
                raise Skip(n.Node(box.opened_at, 0), "a receive session left open in a block")
            self.out.emit(0, "# wlmail closes the sessions a script leaves open")
            self.close_box(node, box)

    def s_Return(self, node: n.Return) -> None:
        if self.scope.proc is None and any(
            (b.sure or b.guard) and not b.closed for b in self.boxes.values()
        ):
            raise Skip(node, "RETOUR while a receive session is open (wlmail closes it)")
        super().s_Return(node)

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
        names = [protocol, *(f"{protocol}_{i}" for i in range(2, 99))]
        py = next(name for name in names if name not in taken)
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
        box.sure, box.closed, box.folder, box.changed = False, False, "INBOX", False
        box.guard = ""
        box.opened_at = box.opened_at or node.line
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
        # a refused SELECT INBOX fails the open, as in wlmail (imaplib only returns "NO")
        self.out.emit(0, f'if {py}.select()[0] != "OK":')
        self.out.emit(0, '    raise imaplib.IMAP4.error("SELECT INBOX refused")')

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
        self.except_branch(ERRORS[box.protocol], failed, node.line)
        if ok:
            self.out.emit(0, "else:")
            box.sure = True
            self.branch(ok, node.line)
        box.sure = leaves(failed)
        return True

    def suppressed(self, node: n.Node, box: Box, code: str, sure: bool | None = None) -> None:
        """A call whose failure the script ignores (WLangage: Faux + ErreurInfo); NameError
        too where the session's open may have failed."""
        self.need("import contextlib")
        sure = box.sure and not box.closed if sure is None else sure
        self.out.upto(node.line)  # a comment after the call ends the call's line
        self.out.emit(0, f"with contextlib.suppress{unsure(ERRORS[box.protocol], sure)}:")
        self.out.emit(node.line, f"    {code}")


def arg_key(node: n.Node) -> str:
    """The key a session argument designates: a variable's folded name or a user name."""
    if isinstance(node, n.Str):
        return "\0user:" + node.value
    return node.key if isinstance(node, n.Name) else ""


def same(a: n.Node, b: n.Node) -> bool:
    """The same session argument: one user name, or one variable."""
    return bool(arg_key(a)) and arg_key(a) == arg_key(b)
