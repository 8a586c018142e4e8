"""Mail as a Python mail engineer writes it: ``smtplib`` and ``email.message.EmailMessage``.

A session's properties are gathered while the script sets them and become the arguments of
``smtplib.SMTP``/``SMTP_SSL`` where ``EmailOuvreSession`` opens it (TLS always verified with
``ssl.create_default_context()``). An ``Email`` is an ``EmailMessage``: text properties are
headers, ``Message``/``HTML`` its bodies, address lists and attachments are added when it is
sent. WLangage's ``Faux`` + ``ErreurInfo`` becomes ``try``/``except`` around the call of a
condition (``SI PAS EmailOuvreSession(s) ALORS …``), ``ErreurInfo()`` the exception's text.
Which property is which header is data (``stdlib/python-export.toml``). Sessions live in
:mod:`.mail_session`, messages and attachments in :mod:`.mail_message`, what they share in
:mod:`.mail_common`; this module dispatches the script's statements to them.
"""

from __future__ import annotations

import ast
from contextlib import nullcontext
from typing import Any

from wlmail.export.base import Py, Skip, py_name
from wlmail.export.exprs import const, name
from wlmail.export.mail_async import AsyncMixin
from wlmail.export.mail_common import LEGACY, MAIL_ERRORS, Message, Session, leaves
from wlmail.export.mail_maybe import OPENS, MaybeOpenMixin
from wlmail.export.mail_parts import PartsMixin
from wlmail.export.mail_session import SessionMixin
from wlmail.export.mail_shapes import (
    attachment_field,
    list_item,
    literal,
    mail_condition,
)
from wlmail.syntax import nodes as n

__all__ = ["LEGACY", "MAIL_ERRORS", "MailMixin", "Message", "Session"]


class MailMixin(MaybeOpenMixin, PartsMixin, SessionMixin, AsyncMixin):
    # -- declarations ------------------------------------------------------------------------
    def mail_decl(self, node: n.Decl, vtype: Any) -> bool:
        kind = str(vtype.id)
        if kind == "email_attach":
            return self.attach_decl(node)
        if kind not in ("email", "email_smtp_session"):
            return False
        if node.init is not None:
            self.copy_message(node, kind)
            return True
        for nm in node.names:
            pyname = py_name(nm.name)
            if kind == "email":
                self.email_imports()
                msg = self.messages[nm.key] = Message(pyname, "email", self.here)
                self.line(node, f"{pyname} = EmailMessage(policy=policy.SMTP)")
                self.live_declare(node, msg, nm.key)
            else:
                maybe = nm.key in self.unsure_keys  # mail_maybe.py
                self.sessions[nm.key] = Session(pyname, self.here, maybe=maybe)
                if nm.key not in self.opened_keys:
                    continue  # only its properties are used: nothing to declare in Python
                lines = self.async_decl(nm.key, pyname)
                if not lines:
                    self.need("import smtplib")
                plain = f"{pyname}: smtplib.SMTP" + (" | None = None" if maybe else "")
                for i, text in enumerate(lines or [plain]):
                    self.out.emit(node.line if not i else 0, text)
        return True

    def copy_message(self, node: n.Decl, kind: str) -> None:
        """``c est un Email = m``: a copy (WLangage copies on assignment), ``copy.deepcopy``."""
        found = self.var_kind(node.init) if node.init is not None else None
        if kind != "email" or len(node.names) != 1 or found is None or found[0] != "email":
            raise Skip(node, "a mail variable with an initial value")
        source = self.message(found[1], node)
        if source.ready:
            raise Skip(node, "a copy of a message already sent")
        self.static(node, "a message copied", source.home)
        pyname = py_name(node.names[0].name)
        copied = Message(pyname, "email", self.here, body=source.body, priority=source.priority)
        copied.lists = {key: dict(items) for key, items in source.lists.items()}
        copied.counts, copied.headers = dict(source.counts), set(source.headers)
        copied.attachments = {i: dict(fields) for i, fields in source.attachments.items()}
        copied.flushed = set(source.flushed)  # the parts deepcopy copies
        self.messages[node.names[0].key] = copied
        self.need("import copy")
        self.line(node, f"{pyname} = copy.deepcopy({source.py})")
        self.live_copy(node, source, copied, node.names[0].key)

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
            self.changed(node, msg, "an attachment set")
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
            self.changed(node, msg, "an address set")
            self.list_put(node, msg, prop, index, node.value)
            return True
        if not isinstance(target, n.Member):
            return False
        if self.attach_set(node, target):  # a.Nom = … of an emailAttache variable
            return True
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

    # -- reads -------------------------------------------------------------------------------
    def x_Index(self, node: n.Index) -> Py:
        item = list_item(node)  # m.Destinataire[2]
        found = self.var_kind(item[0]) if item is not None else None
        if item is not None and found is not None and found[0] != "email_smtp_session":
            return self.list_read(node, self.message(found[1], node), item[1], item[2])
        return super().x_Index(node)

    def x_Member(self, node: n.Member) -> Py:
        attach = attachment_field(node)  # m.Attache[1].Nom
        owner = self.var_kind(attach[0]) if attach is not None else None
        if attach is not None and owner is not None and owner[0] != "email_smtp_session":
            msg = self.message(owner[1], node)
            return self.attachment_read(node, msg, attach[1], attach[2])
        if node.key in ("occurrence", "count") and isinstance(node.target, n.Member):
            inner = self.var_kind(node.target.target)
            if inner is not None and inner[0] != "email_smtp_session":
                return self.list_count(node, self.message(inner[1], node), node.target.name)
        found = self.var_kind(node.target)
        if found is None:
            raise Skip(node, f"the member .{node.name}")
        kind, key = found
        entry = self.cat.prop(kind, node.name)
        prop = entry.id if entry is not None else ""
        if kind == "email_smtp_session":
            role = self.map["smtp_session"].get(prop, "")
            if not role:
                raise Skip(node, f"reading the session property {node.name}")
            return self.session_read(node, self.sessions[key], role)
        return self.message_read(node, self.message(key, node), kind, entry)

    def text(self, value: Py) -> ast.expr:
        """``Info(m)``, ``Info(s)``: the summary ``wlmail run`` writes of a mail variable."""
        kinds = ("email", "email_structure", "email_smtp_session")
        if value.type in kinds and isinstance(value.code, ast.Name):
            here = n.Node(0, 0)  # reported on the statement's line
            py = value.code.id
            sessions = [x for k, x in self.sessions.items() if x.py == py and x.typed]
            messages = [x for x in self.messages.values() if x.py == py]
            if len(sessions) + len(messages) != 1:
                raise Skip(here, "Info of this mail variable")
            if sessions:
                return self.session_summary(here, sessions[0]).code
            return self.message_summary(here, messages[0]).code
        return super().text(value)

    def mail_constant(self, node: n.Name, entry: Any) -> Py:
        """A mail constant as a value (``emailOptionSécuriséTLS``, ``emailPrioritéHaute``…):
        its value in the catalog (where it sets a session or a message, the exporter reads
        it itself)."""
        value = entry.value
        if entry.id == "email_global":  # Info(Email): the structure, summed up by text()
            return Py(name(self.message(LEGACY, node).py), "email_structure")
        if entry.id.startswith("email_") or entry.id == "option_ssl":
            if isinstance(value, bool):
                return Py(const(value), "bool")
            if isinstance(value, int):
                return Py(const(value), "int")
        return super().mail_constant(node, entry)

    # -- calls -------------------------------------------------------------------------------
    def mail_call(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        if entry.id == "error_info":
            if not self.scope.error_name:
                raise Skip(node, "ErreurInfo outside the failure branch of a mail call")
            return Py(name(self.scope.error_name), "error")
        if entry.id == "email_get_timeout" and not args:
            if self.timeout == "600":
                return Py(const(600), "int")
            return Py(name(self.timeout), "int")
        if entry.id == "email_check_address" and len(args) == 1:  # the helper module's
            return Py(self.helper("email_check_address", self.text(self.expr(args[0]))), "int")
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
            self.changed(node, msg, "an address added")
            prop = self.cat.prop(msg.owner, first.name)
            key = prop.id if prop is not None else first.name
            self.list_put(node, msg, key, len(msg.lists.get(key, {})) + 1, expr.args[1])
            return True
        if entry.id == "email_set_timeout":
            value = self.expr(expr.args[0]) if expr.args else None
            if value is None or value.type not in ("int", "real"):
                raise Skip(node, "EmailChangeTimeOut with a duration")
            self.static(node, "EmailChangeTimeOut")  # smtp_timeout is then always bound
            self.timeout = "smtp_timeout"
            self.line(node, f"smtp_timeout = {value.src}")
            return True
        if entry.id == "email_reset":
            found = self.var_kind(first) if first is not None else ("", LEGACY)
            if found is None or found[0] == "email_smtp_session":
                raise Skip(node, "EmailRAZ of something that is not an Email")
            old = self.messages.get(found[1])
            msg = Message(old.py if old else "Email", old.owner if old else "email_structure")
            msg.home = old.home if old else 1
            self.static(node, "EmailRAZ", msg.home)
            self.email_imports()
            self.messages[found[1]] = msg
            self.line(node, f"{msg.py} = EmailMessage(policy=policy.SMTP)")
            self.live_reset(msg, old)
            return True
        if entry.id == "email_close_session":
            session = self.session(expr, node)
            if session.asynchronous:
                self.async_close(node, session)
            else:
                self.close_smtp(node, session)
            return True
        if not entry.module.startswith("mail"):
            return False
        if self.queues(expr, entry, node) or entry.id == "email_build_source":
            self.actions(node, expr, entry)  # it cannot fail there
            return True
        maybe = self.maybe_declare(node, entry, expr)
        if maybe is not None:
            self.open_maybe(node, expr, entry, maybe)
            return True
        unopened = self.unopened(node, entry, expr)  # mail_maybe.py: a failure nobody reads
        if unopened is not None:
            self.line(node, f"if {unopened.py} is not None:")
            unopened.sure = True  # in that block
        with self.out.block() if unopened is not None else nullcontext():
            self.need("import contextlib")
            self.line(node, f"with contextlib.suppress{MAIL_ERRORS}:")
            where = len(self.out.lines) - 1
            with self.out.block():
                self.errors = MAIL_ERRORS
                self.actions(node, expr, entry)
            self.out.lines[where] = self.out.lines[where].replace(MAIL_ERRORS, self.errors)
        if unopened is not None:
            unopened.sure = False
        return True

    def queues(self, expr: n.Call, entry: Any, node: n.Node) -> bool:
        """A send on an asynchronous session: queued, it cannot fail there."""
        return entry.id == "email_send_message" and self.session(expr, node).asynchronous

    def try_actions(self, node: n.Node, expr: n.Call, entry: Any) -> None:
        """``try:`` and the mail call's statements; ``self.errors`` is what they raise."""
        self.out.emit(node.line, "try:")
        with self.out.block():
            self.errors = MAIL_ERRORS
            self.actions(node, expr, entry)
        if " smtplib." in self.errors:  # not aiosmtplib's
            self.need("import smtplib")

    def actions(self, node: n.Node, expr: n.Call, entry: Any) -> None:
        """The Python statements that do what the mail function does (they raise on failure)."""
        if entry.id == "email_start_session":
            self.open_session(node, self.session(expr, node))
        elif entry.id == "email_start_smtp_session":
            self.open_legacy(node, expr)
        elif entry.id == "email_send_message":
            session = self.session(expr, node)
            self.check_open(node, session)
            target = expr.args[1] if len(expr.args) > 1 else None
            if target is not None and isinstance(literal(self, target), int):
                target = None  # EmailEnvoieMessage(session, options): the Email structure
            found = self.var_kind(target) if target is not None else ("", LEGACY)
            if found is None:
                raise Skip(node, "sending something that is not an Email variable")
            msg = self.message(found[1], node)
            if session.asynchronous and self.unchecked(msg):  # a queued send cannot fail there
                raise Skip(node, "an asynchronous send of a header read at run time")
            self.ready(node, msg)
            self.sends += 1
            once = not self.scope.loop_depth and self.scope.proc is None
            msg.sent = self.sends if once and not self.scope.branch_depth else 0
            if session.asynchronous:
                self.async_send(node, session, msg)
            else:
                self.out.emit(node.line, f"{session.py}.send_message({msg.py})")
        elif entry.id == "email_build_source":
            self.build_source(node, expr)
        else:
            raise Skip(node, f"{entry.name(self.lang)} has no Python mapping")

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
        if kind[0] == "method" and isinstance(func, n.Member) and isinstance(func.target, n.Member):
            add = self.cat.function(func.name)  # m.Destinataire.Ajoute(x): Ajoute(m.…, x)
            if add is not None and add.id == "array_add" and self.var_kind(func.target.target):
                return add, n.Call(expr.line, expr.col, func, [func.target, *expr.args])
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
        if entry.id == "email_build_source" or self.queues(expr, entry, node):
            self.actions(node, expr, entry)  # cannot fail there: only the success branch
            for stmt in ok:
                self.stmt(stmt)
            return True
        maybe = self.maybe_declare(node, entry, expr)
        self.try_actions(node, expr, entry)
        cleared = [f"{maybe} = None"] if maybe is not None else None  # mail_maybe.py
        self.except_branch(self.errors, failed, node.line, cleared)
        opened = self.session(expr, node) if entry.id in OPENS else None
        if ok:
            self.out.emit(0, "else:")
            if opened is not None:
                opened.sure = True
            self.branch(ok, node.line)
        if opened is not None:
            opened.sure = leaves(failed)
        return True
