"""Mail as a Python mail engineer writes it: ``smtplib`` and ``email.message.EmailMessage``.

A session's properties are gathered while the script sets them and become the arguments of
``smtplib.SMTP``/``SMTP_SSL`` where ``EmailOuvreSession`` opens it (TLS always verified with
``ssl.create_default_context()``). An ``Email`` is an ``EmailMessage``: text properties are
headers, ``Message``/``HTML`` its bodies, address lists and attachments are added when it is
sent. WLangage's ``Faux`` + ``ErreurInfo`` becomes ``try``/``except`` around the call of a
condition (``SI PAS EmailOuvreSession(s) ALORS …``), ``ErreurInfo()`` the exception's text.
Which property is which header is data (``stdlib/python-export.toml``).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from wlmail.export.base import Py, Skip, py_name
from wlmail.export.exprs import call, const, name
from wlmail.export.mail_shapes import (
    attachment_field,
    guess_type,
    list_item,
    mail_condition,
    parse_sub,
)
from wlmail.export.stmts import StmtMixin, walk
from wlmail.syntax import nodes as n

MAIL_ERRORS = "(OSError, smtplib.SMTPException)"
LEGACY = "\0legacy"


@dataclass(slots=True)
class Session:
    py: str
    home: int = 0  # the block it was declared in: its properties are folded there only
    props: dict[str, Py] = field(default_factory=dict)
    option: str = "email_option_default"


@dataclass(slots=True)
class Message:
    py: str
    owner: str  # email or email_structure
    home: int = 0
    lists: dict[str, dict[int, Py]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    attachments: dict[int, dict[str, Py]] = field(default_factory=dict)
    headers: set[str] = field(default_factory=set)
    body: str = ""  # "", "text", "html"
    sent: int = 0  # the WLangage ID given by its send
    ready: bool = False


class MailMixin(StmtMixin):
    sessions: dict[str, Session]
    messages: dict[str, Message]
    timeout: str = "600"
    sends = 0

    def mail_setup(self) -> None:
        self.sessions, self.messages = {}, {}

    # -- what a node designates --------------------------------------------------------------
    def var_kind(self, node: n.Node) -> tuple[str, str] | None:
        """(kind, key) of a mail variable: a typed session or message, or the global Email."""
        if not isinstance(node, n.Name):
            return None
        ref = self.ref(node)
        if ref[0] == "const" and ref[1].id == "email_global":
            return "email_structure", LEGACY
        if ref[0] == "var" and str(ref[1].vtype.id) in ("email", "email_smtp_session"):
            return str(ref[1].vtype.id), node.key
        return None

    def message(self, key: str, node: n.Node) -> Message:
        msg = self.messages.get(key)
        if msg is None and key == LEGACY:
            self.email_imports()
            msg = self.messages[key] = Message("Email", "email_structure", self.here)
            self.out.emit(node.line, "Email = EmailMessage(policy=policy.SMTP)")
        if msg is None:
            raise Skip(node, "a message used before its declaration")
        return msg

    def email_imports(self) -> None:
        self.need("from email import policy")
        self.need("from email.message import EmailMessage")

    def static(self, node: n.Node, what: str, home: int | None = None) -> None:
        """Mail values are folded while the exporter reads the script: only in the block
        (loop body, branch, procedure) where the variable was declared."""
        if home is None:
            home = 1  # the main code's block
        if self.here != home:
            raise Skip(node, f"{what} outside the block declaring the variable")

    # -- declarations ------------------------------------------------------------------------
    def mail_decl(self, node: n.Decl, vtype: Any) -> bool:
        kind = str(vtype.id)
        if kind not in ("email", "email_smtp_session"):
            return False
        if node.init is not None:
            raise Skip(node, "a mail variable with an initial value")
        for nm in node.names:
            pyname = py_name(nm.name)
            if kind == "email":
                self.email_imports()
                self.messages[nm.key] = Message(pyname, "email", self.here)
                self.line(node, f"{pyname} = EmailMessage(policy=policy.SMTP)")
            else:
                self.sessions[nm.key] = Session(pyname, self.here)
                if self.opened(nm.key):  # else only its folded properties are read
                    self.need("import smtplib")
                    self.line(node, f"{pyname}: smtplib.SMTP")
        return True

    def opened(self, key: str) -> bool:
        """Whether EmailOuvreSession is called on the session variable ``key``."""
        for x in walk([self.program.body, self.program.procs]):
            if not isinstance(x, n.Call):
                continue
            found = self.mail_function(x)  # also s.OuvreSession()
            first = found[1].args[0] if found is not None and found[1].args else None
            opens = found is not None and found[0].id == "email_start_session"
            if opens and isinstance(first, n.Name) and first.key == key:
                return True
        return False

    # -- assignments -------------------------------------------------------------------------
    def mail_assign(self, node: n.Assign) -> bool:
        target = node.target
        attach = attachment_field(target)
        if attach is not None:
            owner, index, prop = attach
            found = self.var_kind(owner)
            if found is None:
                return False
            msg = self.message(found[1], node)
            self.static(node, "an attachment set", msg.home)
            entry = self.cat.prop("email_attach", prop)
            if entry is None:
                raise Skip(node, f"the attachment property {prop}")
            msg.attachments.setdefault(index, {})[entry.id] = self.pure(node.value)
            return True
        item = list_item(target)
        if item is not None:
            owner, prop, index = item
            found = self.var_kind(owner)
            if found is None:
                return False
            msg = self.message(found[1], node)
            self.static(node, "an address set", msg.home)
            self.list_put(node, msg, prop, index, node.value)
            return True
        if not isinstance(target, n.Member):
            return False
        found = self.var_kind(target.target)
        if found is None:
            return False
        kind, key = found
        entry = self.cat.prop(kind, target.name)
        if entry is None:
            raise Skip(node, f"the property {target.name}")
        if kind == "email_smtp_session":
            self.session_prop(node, self.sessions[key], entry.id, node.value)
        else:
            self.message_prop(node, self.message(key, node), entry.id, node.value)
        return True

    def pure(self, value: n.Node) -> Py:
        if any(isinstance(x, n.Call) for x in walk(value)):
            raise Skip(value, "a mail property set from a call")
        return self.expr(value)

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
        found = self.pure(value)
        if role == "port" and found.type != "int":  # Port = "587": WLangage converts
            text = found.code.value if isinstance(found.code, ast.Constant) else None
            if not isinstance(text, str) or not (text.strip().isascii() and text.strip().isdigit()):
                raise Skip(node, "a Port that is not a whole number")
            found = Py(const(int(text)), "int")
        session.props[role] = found

    def message_prop(self, node: n.Node, msg: Message, prop: str, value: n.Node) -> None:
        header = self.map["email_headers"].get(prop)
        if header is not None:
            self.static(node, "a header set", msg.home)
            verb = "replace_header" if header in msg.headers else None
            msg.headers.add(header)
            text = self.pure(value)
            if text.type != "string":
                raise Skip(node, f"the {header} header from a value that is not text")
            code = f"{msg.py}[{header!r}] = {text.src}"
            if verb:
                code = f"{msg.py}.replace_header({header!r}, {text.src})"
            self.line(node, code.replace("'", '"'))
            return
        if prop in self.map["email_lists"]:
            self.static(node, "an address set", msg.home)
            self.list_put(node, msg, prop, 1, value)
            return
        counted = self.map["email_counts"].get(prop)
        if counted is not None:
            self.static(node, "a count set", msg.home)
            if not isinstance(value, n.Num) or not isinstance(value.value, int):
                raise Skip(node, "a count that is not a literal number")
            msg.counts[counted] = value.value
            return
        kind = prop.rpartition(".")[2]
        if kind == "priority":
            self.priority(node, msg, value)
            return
        if kind in ("message", "html"):
            self.body(node, msg, kind, self.pure(value))
            return
        raise Skip(node, f"the message property {kind}")

    def priority(self, node: n.Node, msg: Message, value: n.Node) -> None:
        ref = self.ref(value) if isinstance(value, n.Name) else ("",)
        level = ref[1].value if ref[0] == "const" else None
        if not isinstance(level, int):
            raise Skip(node, "a priority that is not one of the emailPriorité constants")
        self.static(node, "a priority set", msg.home)
        if level:
            high = level > 0
            self.line(node, f'{msg.py}["X-Priority"] = "{"1 (Highest)" if high else "5 (Lowest)"}"')
            self.out.emit(0, f'{msg.py}["Importance"] = "{"high" if high else "low"}"')

    def body(self, node: n.Node, msg: Message, kind: str, text: Py) -> None:
        self.static(node, "a message body set", msg.home)
        if msg.ready or msg.body == "html" or (msg.body == "text" and kind == "message"):
            raise Skip(node, "a message body set twice or the HTML body before the text")
        if kind == "message":
            self.line(node, f"{msg.py}.set_content({text.src})")
        elif msg.body == "text":
            self.line(node, f'{msg.py}.add_alternative({text.src}, subtype="html")')
        else:
            self.line(node, f'{msg.py}.set_content({text.src}, subtype="html")')
        msg.body = "text" if kind == "message" else "html"

    def list_put(self, node: n.Node, msg: Message, prop: str, index: int, value: n.Node) -> None:
        key = prop if "." in prop else ""
        if not key:
            entry = self.cat.prop(msg.owner, prop)
            key = entry.id if entry is not None else ""
        if key not in self.map["email_lists"] and not key.endswith(".attach"):
            raise Skip(node, f"the list property {prop}")
        msg.lists.setdefault(key, {})[index] = self.pure(value)

    # -- reads -------------------------------------------------------------------------------
    def x_Member(self, node: n.Member) -> Py:
        found = self.var_kind(node.target)
        if found is None:
            raise Skip(node, f"the member .{node.name}")
        kind, key = found
        entry = self.cat.prop(kind, node.name)
        prop = entry.id if entry is not None else ""
        if kind == "email_smtp_session":
            role = self.map["smtp_session"].get(prop, "")
            value = self.sessions[key].props.get(role)
            if value is None:
                raise Skip(node, f"reading the session property {node.name}")
            return value
        msg = self.message(key, node)
        if prop in self.map["email_counts"]:
            target = self.map["email_counts"][prop]
            return Py(const(self.count(msg, target)), "int")
        if prop.endswith(".id") and kind == "email" and msg.sent:
            return Py(const(msg.sent), "int")
        if prop.endswith(".source") and msg.ready:
            return Py(call(f"{msg.py}.as_string"), "string")
        header = self.map["email_headers"].get(prop)
        if header is not None and header in msg.headers:
            return Py(call("str", parse_sub(msg.py, header)), "string")
        raise Skip(node, f"reading the message property {node.name}")

    def count(self, msg: Message, key: str) -> int:
        items = msg.lists.get(key, {})
        return msg.counts.get(key, len(items))

    # -- calls -------------------------------------------------------------------------------
    def mail_call(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        if entry.id == "error_info":
            if not self.scope.error_name:
                raise Skip(node, "ErreurInfo outside the failure branch of a mail call")
            return Py(name(self.scope.error_name), "error")
        if entry.module.startswith(("mail", "oauth", "receive")):
            raise Skip(node, f"{entry.name(self.lang)} used as a value (only in a condition)")
        return None

    def mail_statement(self, node: n.Node, expr: n.Call, entry: Any) -> bool:
        first = expr.args[0] if expr.args else None
        if entry.id == "array_add" and isinstance(first, n.Member) and len(expr.args) == 2:
            found = self.var_kind(first.target)
            if found is None:
                return False
            msg = self.message(found[1], node)
            self.static(node, "an address added", msg.home)
            prop = self.cat.prop(msg.owner, first.name)
            key = prop.id if prop is not None else first.name
            self.list_put(node, msg, key, len(msg.lists.get(key, {})) + 1, expr.args[1])
            return True
        if entry.id == "email_set_timeout":
            value = self.expr(expr.args[0]) if expr.args else None
            if value is None or value.type not in ("int", "real"):
                raise Skip(node, "EmailChangeTimeOut with a duration")
            self.timeout = "smtp_timeout"
            self.line(node, f"smtp_timeout = {value.src}")
            return True
        if entry.id == "email_reset":
            self.static(node, "EmailRAZ")
            self.email_imports()
            self.messages[LEGACY] = Message("Email", "email_structure", self.here)
            self.line(node, "Email = EmailMessage(policy=policy.SMTP)")
            return True
        if entry.id == "email_close_session":
            self.line(node, f"{self.session(expr, node).py}.quit()")
            return True
        if not entry.module.startswith("mail"):
            return False
        self.need("import contextlib")
        self.line(node, f"with contextlib.suppress{MAIL_ERRORS}:")
        with self.out.block():
            self.actions(node, expr, entry)
        return True

    def session(self, expr: n.Call, node: n.Node) -> Session:
        first = expr.args[0] if expr.args else None
        found = self.var_kind(first) if first is not None else None
        if found is not None and found[0] == "email_smtp_session":
            return self.sessions[found[1]]
        if LEGACY in self.sessions:
            return self.sessions[LEGACY]
        raise Skip(node, "a session that is not an emailSessionSMTP variable")

    def actions(self, node: n.Node, expr: n.Call, entry: Any) -> None:
        """The Python statements that do what the mail function does (they raise on failure)."""
        if entry.id == "email_start_session":
            self.open_session(node, self.session(expr, node))
        elif entry.id == "email_start_smtp_session":
            self.open_legacy(node, expr)
        elif entry.id == "email_send_message":
            session = self.session(expr, node)
            target = expr.args[1] if len(expr.args) > 1 else None
            found = self.var_kind(target) if target is not None else ("", LEGACY)
            if found is None:
                raise Skip(node, "sending something that is not an Email variable")
            msg = self.message(found[1], node)
            self.ready(node, msg)
            self.sends += 1
            once = not self.scope.loop_depth and self.scope.proc is None
            msg.sent = self.sends if once and not self.scope.branch_depth else 0
            self.out.emit(node.line, f"{session.py}.send_message({msg.py})")
        elif entry.id == "email_build_source":
            self.ready(node, self.message(LEGACY, node))
        else:
            raise Skip(node, f"{entry.name(self.lang)} has no Python mapping")

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

    def ready(self, node: n.Node, msg: Message) -> None:
        """Address headers, Date, Message-ID and attachments, once, before the message leaves."""
        if msg.ready:
            return
        self.static(node, "a message sent", msg.home)
        msg.ready = True
        py = msg.py
        for prop, header in self.map["email_lists"].items():
            if not prop.startswith(msg.owner + "."):
                continue
            items = msg.lists.get(prop, {})
            count = self.count(msg, prop)
            values = [items[i].src for i in sorted(items) if i <= count]
            if values:
                joined = values[0] if len(values) == 1 else f'", ".join([{", ".join(values)}])'
                self.out.emit(0, f'{py}["{header}"] = {joined}')
        self.need("from email.utils import formatdate, make_msgid")
        self.out.emit(0, f'{py}["Date"] = formatdate(localtime=True)')
        self.out.emit(0, f'{py}["Message-ID"] = make_msgid()')
        files = msg.lists.get(f"{msg.owner}.attach", {})
        for i in sorted(files):
            if i <= msg.counts.get(f"{msg.owner}.attach", len(files)):
                self.file_attachment(py, files[i])
        for index in sorted(msg.attachments):
            self.attachment(node, py, msg.attachments[index])

    def file_attachment(self, py: str, path: Py) -> None:
        self.need("import mimetypes")
        self.need("from pathlib import Path")
        self.out.emit(0, f"attached = Path({path.src})")
        self.out.emit(
            0, 'ctype = mimetypes.guess_type(attached.name)[0] or "application/octet-stream"'
        )
        self.out.emit(0, 'maintype, subtype = ctype.split("/")')
        self.out.emit(0, f"{py}.add_attachment(")
        self.out.emit(0, "    attached.read_bytes(), maintype, subtype, filename=attached.name")
        self.out.emit(0, ")")

    def attachment(self, node: n.Node, py: str, fields: dict[str, Py]) -> None:
        name_ = fields.get("email_attach.name")
        content = fields.get("email_attach.content")
        ctype = fields.get("email_attach.content_type")
        if name_ is None or content is None or content.type != "string":
            raise Skip(node, "an attachment without a name or text content")
        if ctype is None and isinstance(name_.code, ast.Constant):
            ctype = Py(const(guess_type(str(name_.code.value))), "string")
        if (
            ctype is None
            or not isinstance(ctype.code, ast.Constant)
            or "/" not in str(ctype.code.value)
        ):
            raise Skip(node, "an attachment whose ContentType is not a literal type/subtype")
        main, sub = str(ctype.code.value).split("/", 1)
        data = f"{content.src}.encode()"
        if isinstance(content.code, ast.Constant) and str(content.code.value).isascii():
            data = "b" + content.src
        self.out.emit(
            0,
            f"{py}.add_attachment({data}, {main!r}, {sub!r}, filename={name_.src})".replace(
                "'", '"'
            ),
        )

    # -- conditions on a mail call -----------------------------------------------------------
    def mail_function(self, expr: n.Call) -> tuple[Any, n.Call] | None:
        """The mail function a call designates, as a plain call (``s.EnvoieMessage(m)`` is
        ``EmailEnvoieMessage(s, m)``)."""
        kind = self.ann.calls.get(id(expr), ("",))
        if kind[0] == "func" and kind[1].module.startswith("mail"):
            return kind[1], expr
        func = expr.func
        if kind[0] == "method" and isinstance(func, n.Member) and self.var_kind(func.target):
            for entry in self.cat.method_names.get(func.key, []):
                if entry.module.startswith("mail"):
                    return entry, n.Call(
                        expr.line, expr.col, func.target, [func.target, *expr.args]
                    )
        return None

    def mail_if(self, node: n.If) -> bool:
        if len(node.arms) != 1:
            return False
        cond, body = node.arms[0]
        other = node.other or []
        shape = mail_condition(cond)
        if shape is None:
            return False
        found = self.mail_function(shape[0])
        if found is None:
            return False
        (entry, expr), success = found, shape[1]
        ok, failed = (body, other) if success else (other, body)
        if entry.id == "email_build_source":
            self.actions(node, expr, entry)
            for stmt in ok:
                self.stmt(stmt)
            return True
        self.need("import smtplib")
        self.out.emit(node.line, "try:")
        with self.out.block():
            self.actions(node, expr, entry)
        uses = any(
            isinstance(x, n.Call)
            and self.ann.calls.get(id(x), ("",))[0] == "func"
            and self.ann.calls[id(x)][1].id == "error_info"
            for x in walk(failed)
        )
        self.out.emit(0, f"except {MAIL_ERRORS}{' as err' if uses else ''}:")
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
