"""A session passed to a procedure (``PROCÉDURE OuvreSessionSMTP(MaSession est un
emailSessionSMTP)``), as a project's procedure sets do.

The mail mapping folds a session variable's properties into the ``smtplib`` call where it is
opened; a procedure setting them, opening, sending or closing a session declared elsewhere
cannot be folded. So when a procedure of the program takes a session as a parameter, every
session variable of the program is the small ``SMTPSession`` dataclass a session held by an
object already is (:mod:`.class_mail`: the settings, the ``smtplib`` connection once open,
implicit TLS on port 465, else STARTTLS when asked, as decision 10 says), shared by reference
as WLangage passes it; ``ErreurInfo()`` after a failure is ``SMTPSession.last_error``.
"""

from __future__ import annotations

import ast
from functools import cached_property
from typing import Any

from wlmail.export.base import Py, Skip, py_name
from wlmail.export.class_mail import SESSION, ObjectMailMixin
from wlmail.export.exprs import const, name
from wlmail.export.mail import Message
from wlmail.syntax import nodes as n


class ProjectSessionMixin(ObjectMailMixin):
    @cached_property
    def session_params(self) -> bool:
        """Does a procedure or method of the program take a session as a parameter?"""
        for proc in self.program.procs:
            for p in proc.params or []:
                vtype = self.ann.vtypes.get(id(p.type)) if p.type is not None else None
                if vtype is not None and str(vtype.id) == SESSION:
                    return True
        return False

    def session_var(self, node: n.Node) -> str | None:
        """The Python name of a session variable or parameter, when sessions are objects."""
        if not self.session_params or not isinstance(node, n.Name):
            return None
        ref = self.ref(node)
        if ref[0] != "var" or str(ref[1].vtype.id) != SESSION:
            return None
        self.session_class()
        return py_name(ref[1].name)

    def held_session(self, node: n.Node) -> str | None:
        return self.session_var(node) or super().held_session(node)

    def held_only(self) -> bool:
        return self.session_params or super().held_only()

    def annotation(self, vtype: Any) -> str | None:
        if self.session_params and str(vtype.id) == SESSION:
            self.session_class()
            return "SMTPSession"
        return super().annotation(vtype)

    def x_Name(self, node: n.Name) -> Py:
        found = self.session_var(node)
        return Py(name(found), SESSION) if found else super().x_Name(node)

    def mail_decl(self, node: n.Decl, vtype: Any) -> bool:
        if not self.session_params or str(vtype.id) != SESSION or node.init is not None:
            return super().mail_decl(node, vtype)
        self.session_class()
        for i, nm in enumerate(node.names):
            self.out.emit(node.line if not i else 0, f"{py_name(nm.name)} = SMTPSession()")
        return True


class ReturnedMessageMixin(ProjectSessionMixin):
    """An ``Email`` a procedure or method builds and returns (``PROCÉDURE CRapport.Message()
    : Email``): its address headers, Date and Message-ID are written before ``return``, as
    for a send; the caller's ``m est un Email = r.Message()`` holds a finished
    ``EmailMessage`` that it may send, and whose properties it may neither change nor read
    back (the exporter no longer knows them)."""

    @cached_property
    def opaque(self) -> set[int]:
        return set()

    def kind_py(self, kind: str, node: n.Node) -> str:
        """A method's return type (a parameter of type Email stays refused)."""
        if kind == "email" and not isinstance(node, n.Param):
            self.email_imports()
            return "EmailMessage"
        return super().kind_py(kind, node)

    def s_Return(self, node: n.Return) -> None:
        found = self.var_kind(node.value) if node.value is not None else None
        if found is not None and found[0] == "email" and self.scope.proc is not None:
            msg = self.message(found[1], node)
            if id(msg) in self.opaque:
                raise Skip(node, "returning a message the program received from a call")
            self.ready(node, msg)
        super().s_Return(node)

    def mail_decl(self, node: n.Decl, vtype: Any) -> bool:
        init = node.init
        if str(vtype.id) != "email" or init is None or not isinstance(init, n.Call):
            return super().mail_decl(node, vtype)
        value = self.expr(init)
        if len(node.names) != 1 or value.type != "email":
            raise Skip(node, "a mail variable with an initial value")
        nm = node.names[0]
        msg = Message(py_name(nm.name), "email", self.here, ready=True, queued=True)
        self.opaque.add(id(msg))
        self.messages[nm.key] = msg
        self.line(node, f"{msg.py} = {value.src}")
        return True

    def message_read(self, node: n.Member, msg: Message, kind: str, entry: Any) -> Py:
        self.known(node, msg)
        return super().message_read(node, msg, kind, entry)

    def list_read(self, node: n.Node, msg: Message, prop: str, index: int) -> Py:
        self.known(node, msg)
        return super().list_read(node, msg, prop, index)

    def list_count(self, node: n.Node, msg: Message, prop: str) -> Py:
        self.known(node, msg)
        return super().list_count(node, msg, prop)

    def message_summary(self, node: n.Node, msg: Message) -> Py:
        self.known(node, msg)
        return super().message_summary(node, msg)

    def attachment_read(self, node: n.Node, msg: Message, index: int, prop: str) -> Py:
        self.known(node, msg)
        return super().attachment_read(node, msg, index, prop)

    def known(self, node: n.Node, msg: Message) -> None:
        if id(msg) in self.opaque:
            raise Skip(node, "reading a message the program received from a call")

    def actions(self, node: n.Node, expr: n.Call, entry: Any) -> None:
        """``EmailImporteHTML(m, html [, images])``: the helper ``import_html`` (it raises
        OSError with wlmail's wording of the failure, for ``ErreurInfo``)."""
        if entry.id != "email_import_html":
            super().actions(node, expr, entry)
            return
        args = expr.args
        found = self.var_kind(args[0]) if args else None
        if found is None or found[0] != "email" or len(args) not in (2, 3):
            raise Skip(node, f"{entry.name(self.lang)} of something that is not an Email")
        msg = self.message(found[1], node)
        self.static(node, entry.name(self.lang), msg.home)
        self.changed(node, msg, "a message body set")
        if msg.body == "html" or id(msg) in self.opaque:
            raise Skip(node, f"{entry.name(self.lang)} on a message with an HTML body")
        values = [self.expr(a) for a in args[1:]]
        if any(v.type != "string" for v in values):
            raise Skip(node, f"{entry.name(self.lang)} of a value that is not text")
        codes = [name(msg.py), *(v.code for v in values)]
        if len(codes) == 2:
            codes.append(const(""))
        failure = self.cat.messages["mail_html_image"][self.lang]
        self.out.emit(node.line, ast.unparse(self.helper("import_html", *codes, const(failure))))
        msg.body = "html"
