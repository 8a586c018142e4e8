"""Sessions: an ``emailSessionSMTP`` (or the legacy session ``EmailOuvreSessionSMTP`` opens)
gathered while the script sets its properties, then ``smtplib.SMTP``/``SMTP_SSL`` where it is
opened (TLS always verified with ``ssl.create_default_context()``)."""

from __future__ import annotations

import ast

from wlmail.export.base import Py, Skip
from wlmail.export.exprs import const
from wlmail.export.mail_common import LEGACY, MailBase, Session
from wlmail.syntax import nodes as n


class SessionMixin(MailBase):
    def session_prop(self, node: n.Node, session: Session, prop: str, value: n.Node) -> None:
        role = self.map["smtp_session"].get(prop)
        if role is None:
            raise Skip(node, f"the session property {prop.rpartition('.')[2]}")
        self.static(node, "a session property set", session.home)
        if role == "option":
            ref = self.ref(value) if isinstance(value, n.Name) else ("",)
            if ref[0] != "const":
                raise Skip(node, "an Option that is not one of the emailOption constants")
            session.option = ref[1].id
            return
        if role == "token":
            raise Skip(node, "an OAuth token (AuthIdentifie) on a session")
        session.props[role] = self.pure(value)

    def session(self, expr: n.Call, node: n.Node) -> Session:
        first = expr.args[0] if expr.args else None
        found = self.var_kind(first) if first is not None else None
        if found is not None and found[0] == "email_smtp_session":
            return self.sessions[found[1]]
        if LEGACY in self.sessions:
            return self.sessions[LEGACY]
        raise Skip(node, "a session that is not an emailSessionSMTP variable")

    def open_session(self, node: n.Node, session: Session) -> None:
        self.static(node, "a session opened", session.home)
        self.need("import smtplib")
        self.need("import ssl")
        props = session.props
        host = props.get("host", Py(const(""), "string")).src
        port = props.get("port", Py(const(25), "int"))
        tls = session.option in ("email_option_secured_tls", "email_protocol_smtps")
        implicit = isinstance(port.code, ast.Constant) and port.code.value == 465
        if tls and not isinstance(port.code, ast.Constant):
            raise Skip(node, "a TLS session whose port is not a literal")
        py = session.py
        if tls and implicit:
            ctx = "context=ssl.create_default_context(), "
            self.out.emit(
                node.line,
                f"{py} = smtplib.SMTP_SSL({host}, {port.src}, {ctx}timeout={self.timeout})",
            )
        else:
            self.out.emit(
                node.line, f"{py} = smtplib.SMTP({host}, {port.src}, timeout={self.timeout})"
            )
            if tls:
                self.out.emit(0, f"{py}.starttls(context=ssl.create_default_context())")
        if "password" in props and "user" in props:
            self.out.emit(0, f"{py}.login({props['user'].src}, {props['password'].src})")

    def open_legacy(self, node: n.Node, expr: n.Call) -> None:
        args = expr.args
        if len(args) not in (3, 4, 5, 6):
            raise Skip(node, "EmailOuvreSessionSMTP with these arguments")
        session = self.sessions[LEGACY] = Session("smtp", self.here)
        for role, arg in zip(("user", "password", "host", "port"), args, strict=False):
            session.props[role] = self.pure(arg)
        if len(args) > 5:
            ref = self.ref(args[5]) if isinstance(args[5], n.Name) else ("",)
            if ref[0] != "const":
                raise Skip(node, "an option that is not one of the emailOption constants")
            session.option = ref[1].id
        self.open_session(node, session)
