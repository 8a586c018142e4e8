"""A session held by an object (``m_Session est un emailSessionSMTP`` in a class).

The mail mapping folds a session variable's properties into the ``smtplib`` call where it is
opened; a member is set in one method and opened in another, so it becomes a small dataclass
written in the program (``SMTPSession``: the settings, and the ``smtplib`` connection once
open; ``open`` chooses implicit TLS on port 465, else STARTTLS, as decision 10 says).
``ErreurInfo()`` read after a method failed is the text of the last failure of such a
session (``SMTPSession.last_error``), allowed when every session of the script is one.
"""

from __future__ import annotations

from typing import Any

from wlmail.export.base import Py, Skip, py_name
from wlmail.export.class_life import ObjectLifeMixin
from wlmail.export.exprs import name
from wlmail.export.mail import MAIL_ERRORS, Session
from wlmail.export.stmts import walk
from wlmail.syntax import nodes as n

SESSION = "email_smtp_session"
TLS = {
    "email_option_default": False,
    "email_option_secured_tls": True,
    "email_protocol_smtps": True,
}
ROLES = {"host": "string", "port": "int", "user": "string", "password": "string"}

SESSION_CLASS = '''
@dataclass
class SMTPSession:
    """An emailSessionSMTP: where and how to connect, and the connection once open."""

    host: str = ""
    port: int = 25
    user: str = ""
    password: str = ""
    tls: bool = False
    smtp: smtplib.SMTP | None = None
    last_error: ClassVar[str] = ""

    def open(self) -> None:
        """Connect (implicit TLS on port 465, else STARTTLS when tls), log in with a password."""
        try:
            context = ssl.create_default_context()
            if self.tls and self.port == 465:
                self.smtp = smtplib.SMTP_SSL(self.host, self.port, context=context, timeout=600)
            else:
                self.smtp = smtplib.SMTP(self.host, self.port, timeout=600)
                if self.tls:
                    self.smtp.starttls(context=context)
            if self.password:
                self.smtp.login(self.user, self.password)
        except MAIL_ERRORS as err:
            SMTPSession.last_error = str(err)
            raise

    def send_message(self, message: EmailMessage) -> None:
        try:
            if self.smtp is None:
                raise smtplib.SMTPServerDisconnected("the session is not open")
            self.smtp.send_message(message)
        except MAIL_ERRORS as err:
            SMTPSession.last_error = str(err)
            raise

    def quit(self) -> None:
        if self.smtp is not None:
            self.smtp.quit()
            self.smtp = None
'''.replace("MAIL_ERRORS", MAIL_ERRORS)


class ObjectMailMixin(ObjectLifeMixin):
    held = False  # the program uses SMTPSession

    # -- the member and its properties -------------------------------------------------------
    def held_session(self, node: n.Node) -> str | None:
        """The Python of a session member (``self.m_Session``, ``exp.m_Session``)."""
        if not self.klasses:
            return None
        found: Py | None = None
        try:
            if isinstance(node, n.SelfMember | n.Name):
                if isinstance(node, n.Name) and self.local(node):
                    return None
                found = self.member_of_self(node)
            elif isinstance(node, n.Member) and self.object_of(node.target) is not None:
                found = self.x_Member(node)
        except Skip:
            return None
        return found.src if found is not None and found.type == SESSION else None

    def spec_annotation(self, spec: n.TypeSpec, node: n.Node) -> str:
        if self.spec_kind(spec) == SESSION:
            self.session_class()
            return "SMTPSession"
        return super().spec_annotation(spec, node)

    def field_value(self, k: Any, fd: Any) -> str:
        if self.spec_kind(fd.spec) == SESSION:
            return "SMTPSession()"
        return super().field_value(k, fd)

    def session_class(self) -> None:
        self.held = True
        for line in (
            "import smtplib",
            "import ssl",
            "from dataclasses import dataclass",
            "from email.message import EmailMessage",
            "from typing import ClassVar",
        ):
            self.need(line)

    def class_section(self) -> str:
        classes = super().class_section()
        if not self.held:
            return classes
        first = min((line for line, _ in self.chunks), default=0)
        self.chunks.append((first, ["", "", *SESSION_CLASS.strip().split("\n")]))
        return SESSION_CLASS.strip() + "\n\n\n" + classes.lstrip("\n")

    def prop_role(self, node: n.Node, prop: str) -> str:
        entry = self.cat.prop(SESSION, prop)
        role = self.map["smtp_session"].get(entry.id) if entry is not None else None
        if role is None or role == "token":
            raise Skip(node, f"the session property {prop}")
        return str(role)

    def x_Member(self, node: n.Member) -> Py:
        held = self.held_session(node.target)
        if held is None:
            return super().x_Member(node)
        role = self.prop_role(node, node.name)
        if role == "option":
            raise Skip(node, "reading the session property Option")
        return Py(name(f"{held}.{role}"), ROLES[role])

    def s_Assign(self, node: n.Assign) -> None:
        target = node.target
        held = self.held_session(target.target) if isinstance(target, n.Member) else None
        if held is None or not isinstance(target, n.Member):
            super().s_Assign(node)
            return
        role = self.prop_role(node, target.name)
        if role == "option":
            ref = self.ref(node.value) if isinstance(node.value, n.Name) else ("",)
            if ref[0] != "const" or ref[1].id not in TLS:
                raise Skip(node, "an Option that is not one of the emailOption constants")
            self.line(node, f"{held}.tls = {TLS[ref[1].id]}")
            return
        value = self.expr(node.value)
        self.check_fits(node, ROLES[role], value.type)
        self.line(node, f"{held}.{role} = {value.src}")

    # -- the mail functions on it ------------------------------------------------------------
    def session(self, expr: n.Call, node: n.Node) -> Session:
        held = self.held_session(expr.args[0]) if expr.args else None
        if held is None:
            return super().session(expr, node)
        return Session(held, home=-1)

    def open_session(self, node: n.Node, session: Session) -> None:
        if session.home != -1:
            super().open_session(node, session)
            return
        if self.timeout != "600":
            raise Skip(node, "EmailChangeTimeOut with a session held by an object")
        self.out.emit(node.line, f"{session.py}.open()")

    def s_Decl(self, node: n.Decl) -> None:
        """``b est un booléen = EmailEnvoieMessage(:m_Session, m)``, or a send on any
        synchronous session (``EmailEnvoieMessage(s, m)``): ``try``/``except``/``else``."""
        call = node.init
        found = self.mail_function(call) if isinstance(call, n.Call) else None
        held = self.held_session(found[1].args[0]) if found and found[1].args else None
        vtype = self.ann.vtypes.get(id(node.type))
        plain = (
            found is not None
            and held is None
            and found[0].id == "email_send_message"
            and not self.session(found[1], node).asynchronous
        )
        if (
            found is None
            or (held is None and not plain)
            or vtype is None
            or str(vtype.id) != "bool"
        ):
            super().s_Decl(node)
            return
        entry, expr = found
        if len(node.names) != 1:
            raise Skip(node, "several variables set by one mail call")
        var = py_name(node.names[0].name)
        self.need("import smtplib")
        self.out.emit(node.line, "try:")
        with self.out.block():
            self.errors = MAIL_ERRORS
            self.actions(node, expr, entry)
        if held is not None and "ValueError" in self.errors:  # refused by safe_header
            self.out.emit(0, f"except {self.errors} as err:")
            self.out.emit(0, "    SMTPSession.last_error = str(err)")
        else:
            self.out.emit(0, f"except {self.errors}:")
        with self.out.block():
            self.out.emit(0, f"{var} = False")
        self.out.emit(0, "else:")
        with self.out.block():
            self.out.emit(0, f"{var} = True")

    def mail_call(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        if entry.id == "error_info" and not self.scope.error_name and self.held_only():
            return Py(name("SMTPSession.last_error"), "string")
        return super().mail_call(node, entry, args)

    def held_only(self) -> bool:
        """Is every session of the script held by an object (and none a variable)?"""
        members = {id(fd.decl) for k in self.klasses.values() for fd in k.fields.values()}
        for decl in walk([self.program.body, self.program.procs]):
            if isinstance(decl, n.Decl) and id(decl) not in members:
                vtype = self.ann.vtypes.get(id(decl.type))
                if vtype is not None and str(vtype.id) == SESSION:
                    return False
        return any(
            self.spec_kind(fd.spec) == SESSION
            for k in self.klasses.values()
            for fd in k.fields.values()
        )

    # -- headers and bodies set from a call (written where they are set) ---------------------
    def message_prop(self, node: n.Node, msg: Any, prop: str, value: n.Node) -> None:
        kind = prop.rpartition(".")[2]
        self.calls_ok = prop in self.map["email_headers"] or kind in ("message", "html")
        try:
            super().message_prop(node, msg, prop, value)
        finally:
            self.calls_ok = False

    def pure(self, value: n.Node) -> Py:
        return self.expr(value) if self.calls_ok else super().pure(value)
