"""Sessions: an ``emailSessionSMTP`` (or a legacy session ``EmailOuvreSessionSMTP`` opens under a
user name) gathered while the script sets its properties, then ``smtplib.SMTP``/``SMTP_SSL``
where it is opened (TLS always verified with ``ssl.create_default_context()``); an
``Asynchrone`` session is an ``aiosmtplib.SMTP`` (:mod:`.mail_async`)."""

from __future__ import annotations

import ast

from wlmail.export.base import Py, Skip
from wlmail.export.exprs import const
from wlmail.export.mail_common import LEGACY, MailBase, Session
from wlmail.export.mail_shapes import literal, option_value, tls_mode
from wlmail.syntax import nodes as n

# what reading a property of a session nobody set gives (the catalog's initial values)
DEFAULTS: dict[str, Py] = {
    "host": Py(const(""), "string"),
    "port": Py(const(25), "int"),
    "user": Py(const(""), "string"),
    "password": Py(const(""), "string"),
}


class SessionMixin(MailBase):
    def session_prop(self, node: n.Node, session: Session, prop: str, value: n.Node) -> None:
        role = self.map["smtp_session"].get(prop)
        if role is None:
            raise Skip(node, f"the session property {prop.rpartition('.')[2]}")
        self.static(node, "a session property set", session.home)
        if role == "option":
            session.option = self.option(node, value)
            return
        if role == "asynchronous":
            found = literal(self, value)
            if not isinstance(found, bool | int) and found not in ("0", "1"):
                raise Skip(node, "an Asynchrone that is not Vrai, Faux or their constants")
            session.asynchronous = bool(int(found))
            return
        if role == "token":
            raise Skip(node, "an OAuth token (AuthIdentifie) on a session")
        session.props[role] = self.port(node, value) if role == "port" else self.pure(value)

    def port(self, node: n.Node, value: n.Node) -> Py:
        """A port: a whole number of 0..65535, or its text (WLangage converts "587")."""
        if isinstance(value, n.Str):
            if not value.value.strip().isdigit() or int(value.value) > 65535:
                raise Skip(node, "a Port that is not a number of 0..65535")
            return Py(const(int(value.value)), "int")
        given = self.pure(value)
        try:
            number = ast.literal_eval(given.code)
        except ValueError:  # a variable: its declared type must say it is a whole number
            number = 0 if given.type == "int" else None
        if type(number) is not int or not 0 <= number <= 65535:
            raise Skip(node, "a Port that is not a number of 0..65535")
        return given

    def option(self, node: n.Node, value: n.Node) -> int:
        found = option_value(self, value)
        if found is None:
            raise Skip(node, "an Option that is not one of the emailOption constants")
        return found

    def session_read(self, node: n.Node, session: Session, role: str) -> Py:
        """A session property read back: what the script set, or its initial value."""
        if role == "option":
            return Py(const(session.option), "int")
        if role == "asynchronous":
            return Py(const(session.asynchronous), "bool")
        value = session.props.get(role, DEFAULTS.get(role))
        if value is None:
            shown = node.name if isinstance(node, n.Member) else role
            raise Skip(node, f"reading the session property {shown}")
        return value

    def session_summary(self, node: n.Node, session: Session) -> Py:
        """``Info(s)``: what ``wlmail run`` shows of a session (never its password)."""
        if session.opened:
            raise Skip(node, "Info of a session that may be open")
        kind = self.cat.types["email_smtp_session"].name(self.lang)
        user, port = (
            self.session_read(node, session, "user"),
            self.session_read(node, session, "port"),
        )
        where = [self.session_read(node, session, "host"), Py(const(":"), "string"), port]
        if port.type != "int":
            raise Skip(node, "Info of a session whose port is not a number")
        closed = "closed" if self.lang == "en" else "fermée"
        who = where if user.src == "''" else [user, Py(const("@"), "string"), *where]
        if user.src != "''" and not isinstance(user.code, ast.Constant):
            raise Skip(node, "Info of a session whose user is not a literal")
        return self.fstring(
            [Py(const(kind + " "), "string"), *who, Py(const(f" ({closed})"), "string")]
        )

    def session(self, expr: n.Call, node: n.Node) -> Session:
        first = expr.args[0] if expr.args else None
        found = self.var_kind(first) if first is not None else None
        if found is not None and found[0] == "email_smtp_session":
            return self.sessions[found[1]]
        key = legacy_key(first)
        if key is not None and key in self.sessions:
            return self.sessions[key]
        if key is not None:
            raise Skip(node, "a session named by a user no EmailOuvreSessionSMTP opened before")
        raise Skip(node, "a session that is not an emailSessionSMTP variable or a user name")

    def open_session(self, node: n.Node, session: Session) -> None:
        self.static(node, "a session opened", session.home)
        session.opened = True
        props = session.props
        host = props.get("host", DEFAULTS["host"]).src
        port = props.get("port", DEFAULTS["port"])
        number = port.code.value if isinstance(port.code, ast.Constant) else None
        if session.option and not isinstance(number, int):
            raise Skip(node, "a TLS session whose port is not a literal")
        mode = tls_mode(session.option, number if isinstance(number, int) else 25)
        if mode != "plain":
            self.need("import ssl")
        self.async_check(node, session)
        if session.asynchronous and session.maybe:
            raise Skip(node, "an asynchronous session whose open may have failed unseen")
        if session.asynchronous:
            self.async_open(node, session, host, port.src, mode)
            return
        self.need("import smtplib")
        py = session.py
        if mode == "implicit":
            ctx = "context=ssl.create_default_context(), "
            self.out.emit(
                node.line,
                f"{py} = smtplib.SMTP_SSL({host}, {port.src}, {ctx}timeout={self.timeout})",
            )
        else:
            self.out.emit(
                node.line, f"{py} = smtplib.SMTP({host}, {port.src}, timeout={self.timeout})"
            )
            if mode == "starttls":
                self.out.emit(0, f"{py}.starttls(context=ssl.create_default_context())")
        if "password" in props and "user" in props:
            self.out.emit(0, f"{py}.login({props['user'].src}, {props['password'].src})")

    def open_legacy(self, node: n.Node, expr: n.Call) -> None:
        """``EmailOuvreSessionSMTP(user [, password], server [, port [, async [, option]]])``:
        a session the script then names by its user (a literal or a variable)."""
        args = expr.args
        if len(args) not in (2, 3, 4, 5, 6):
            raise Skip(node, "EmailOuvreSessionSMTP with these arguments")
        key = legacy_key(args[0])
        if key is None:
            raise Skip(node, "a session user that is neither text nor a variable")
        if key in self.sessions:
            raise Skip(node, "a second EmailOuvreSessionSMTP for the same user")
        number = sum(k.startswith(LEGACY) for k in self.sessions)
        session = Session("smtp" if not number else f"smtp_{number + 1}", self.here, typed=False)
        session.maybe = key in self.unsure_keys  # mail_maybe.py
        self.sessions[key] = session
        roles = ("user", "host") if len(args) == 2 else ("user", "password", "host", "port")
        for role, arg in zip(roles, args, strict=False):
            session.props[role] = self.port(node, arg) if role == "port" else self.pure(arg)
        if len(args) > 4:
            found = literal(self, args[4])
            if not isinstance(found, bool | int):
                raise Skip(node, "an asynchronous mode that is not Vrai, Faux or their constants")
            session.asynchronous = bool(found)
        if len(args) > 5:
            session.option = self.option(node, args[5])
        self.open_session(node, session)


def legacy_key(node: n.Node | None) -> str | None:
    """How a legacy session is found again: by its user, a literal or a variable."""
    if isinstance(node, n.Str):
        return f"{LEGACY}:{node.value!r}"
    if isinstance(node, n.Name):
        return f"{LEGACY}:{node.key}"
    return None
