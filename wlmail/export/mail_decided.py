"""Mail calls decided while exporting, and the ``ErreurInfo`` they leave.

``EmailConstruitSource(m)`` (or ``m.ConstruitSource()``) used as a value, of a message whose
every value is a literal: wlmail's own checks decide (:mod:`.mail_static`) whether it is built.
Built, its headers are written (:meth:`~.mail_message.MessageMixin.ready`) and the value is
``True``; refused, nothing is written and the value is ``False``. ``EmailVérifieAdresse`` of a
literal, ``EmailEtat`` in a program that sends nothing (an unknown identifier),
``EmailEnvoieMessage`` for a user no ``EmailOuvreSessionSMTP`` opened, and
``EmailImporteSource`` (:mod:`.mail_import`) are decided the same way. ``ErreurInfo()`` and
``ErreurDétectée`` whose last fallible call is one decided so are its text and its failure;
otherwise they are left to :mod:`.oauth_retry` (``last_error``), which reports what it cannot
tell.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

from wlmail.export.base import Py, Skip
from wlmail.export.exprs import const
from wlmail.export.mail_common import LEGACY, Message
from wlmail.export.mail_import import ImportMixin
from wlmail.export.mail_shapes import literal
from wlmail.export.mail_static import Texts, address_status, build_outcome, literal_text
from wlmail.syntax import nodes as n

if TYPE_CHECKING:
    from wlmail.export.oauth_retry import RetryMixin
    from wlmail.export.receive import ReceiveMixin

MESSAGES = ("email", "email_structure")
ERROR_READS = ("error_info", "error_occurred")


def postorder(node: Any) -> Iterator[n.Node]:
    """The nodes of ``node`` in the order they are evaluated (a call after its arguments)."""
    if isinstance(node, list | tuple):
        for item in node:
            yield from postorder(item)
    elif isinstance(node, n.Node):
        for key, value in vars(node).items():
            if key not in ("line", "col"):
                yield from postorder(value)
        yield node


class DecidedMixin(ImportMixin):
    """The statements being written and their parents are :class:`RetryMixin`'s, the
    messages a receive session read :class:`ReceiveMixin`'s, further down program.py's
    Exporter line (this mixin comes before the class and receive mixins)."""

    def message_var(self, node: n.Node) -> bool:
        """An ``Email`` the script fills (not one a receive session read: receive.py's)."""
        found = self.var_kind(node)
        if found is None or found[0] not in MESSAGES:
            return False
        return cast("ReceiveMixin", self).received_key(node) is None

    @property
    def retry(self) -> RetryMixin:
        return cast("RetryMixin", self)

    def decided_value(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        kind = entry.id
        if kind in ERROR_READS:
            return self.decided_error(node, kind, args)
        if kind == "email_build_source":
            return self.build_value(node, args)
        if kind == "email_import_source":
            return self.import_value(node, args)
        if kind == "email_import_html":  # Vrai or Faux as the image files are read
            what = "a value: its result depends on the image files read at run time"
            raise Skip(node, f"{entry.name(self.lang)} used as {what} (only in a condition)")
        if kind == "email_check_address":
            text = literal_text(self, args[0]) if args else None
            valid = address_status(text) if text is not None else None
            if valid is None:
                raise Skip(node, f"{entry.name(self.lang)} of an address known only at run time")
            wanted = "email_address_valid" if valid else "email_address_incorrect_syntax"
            return Py(const(self.cat.constants[wanted].value), "int")
        if kind == "email_status":
            return self.status_value(node, entry, args)
        if kind == "email_send_message":
            return self.send_value(node, entry, args)
        return None

    def build_value(self, node: n.Node, args: list[n.Node]) -> Py:
        msg = self.built_message(node, args)
        text = self.outcome(node, msg)
        if text is None:
            raise Skip(node, "EmailConstruitSource of a message known only at run time, as a value")
        if not text:
            self.out.upto(node.line)
            self.build_source(node, n.Call(node.line, node.col, node, list(args)))
            self.built_ids.add(id(msg))
        self.decide(node, text)
        return Py(const(not text), "bool")

    def built_message(self, node: n.Node, args: list[n.Node]) -> Message:
        args = list(args)
        if args and type(literal(self, args[-1])) is int and self.var_kind(args[-1]) is None:
            args.pop()  # the options
        found = self.var_kind(args[0]) if args else ("email_structure", LEGACY)
        if found is None or found[0] not in MESSAGES or len(args) > 1:
            raise Skip(node, "EmailConstruitSource of something that is not an Email")
        return self.message(found[1], node)

    def outcome(self, node: n.Node, msg: Message) -> str | None:
        self.static(node, "a message built", msg.home)
        return build_outcome(msg, self.map["email_counts"], Texts(self.cat, self.lang))

    def mail_statement(self, node: n.Node, expr: n.Call, entry: Any) -> bool:
        """``EmailConstruitSource(m)`` alone: refused by wlmail, it writes nothing."""
        if entry.id == "email_build_source":
            original = node.expr if isinstance(node, n.ExprStmt) else expr
            msg = self.built_message(node, expr.args)
            text = self.outcome(node, msg)
            if text is not None:
                self.decide(original, text)
            if text:
                return True
            if text == "":
                self.built_ids.add(id(msg))
        return super().mail_statement(node, expr, entry)

    def status_value(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py:
        """``EmailEtat(n)`` in a program that sends nothing: an unknown identifier."""
        number = args[0].value if args and isinstance(args[0], n.Num) else None
        if type(number) is not int or self.sends_mail():
            raise Skip(node, f"{entry.name(self.lang)} used as a value")
        self.decide(node, self.cat.message("mail_unknown_id", self.lang, id=str(number)))
        return Py(const(self.cat.constants["email_error"].value), "int")

    def send_value(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py:
        """``EmailEnvoieMessage("user", m)`` where no EmailOuvreSessionSMTP opens a session:
        wlmail refuses it, whatever the message."""
        user = args[0] if args else None
        target = args[1] if len(args) > 1 else None
        message = target is None or self.message_var(target)
        if not isinstance(user, n.Str) or not message or self.opens_legacy():
            raise Skip(node, f"{entry.name(self.lang)} used as a value (only in a condition)")
        self.decide(node, self.cat.message("mail_no_session_for_user", self.lang, name=user.value))
        return Py(const(False), "bool")

    def mail_functions(self) -> Iterator[str]:
        for x in postorder(self.program):
            if isinstance(x, n.Call):
                found = self.mail_function(x)
                kind = self.ann.calls.get(id(x), ("",))
                if found is not None:
                    yield found[0].id
                elif kind[0] == "func":
                    yield kind[1].id

    def sends_mail(self) -> bool:
        return any(k in ("email_send_message", "email_send") for k in self.mail_functions())

    def opens_legacy(self) -> bool:
        return "email_start_smtp_session" in set(self.mail_functions())

    # -- ErreurInfo / ErreurDétectée after a call decided while exporting -------------------------
    def decided_error(self, node: n.Node, kind: str, args: list[n.Node]) -> Py | None:
        if args:
            ref = self.ref(args[0]) if isinstance(args[0], n.Name) else ("",)
            if kind != "error_info" or len(args) != 1 or ref[0] != "const":
                return None
            if ref[1].id != "err_message":
                return None
        text = self.previous_outcome(node)
        if text is None:
            return None
        if kind == "error_occurred":
            return Py(const(bool(text)), "bool")
        return Py(const(text), "string")

    def previous_outcome(self, read: n.Node) -> str | None:
        """The ErreurInfo text of the fallible call that ran last before ``read``, when it is
        one decided while exporting (None otherwise, or when a loop makes it unsure)."""
        if not self.retry.writing:
            return None
        stmt = self.retry.writing[-1]
        order = list(postorder(stmt))
        at = next((i for i, x in enumerate(order) if x is read), len(order))
        found = self.last_call(order[:at])
        while found is None:
            body, owner = self.retry.parents.get(id(stmt), (None, None))
            if body is None:
                return None
            before = body[: next(i for i, s in enumerate(body) if s is stmt)]
            for earlier in reversed(before):
                found = self.last_call(list(postorder(earlier)))
                if found is not None:
                    break
            if found is None:
                if not isinstance(owner, n.If):
                    return None  # a loop may have run other calls last
                found = self.last_call(list(postorder([c for c, _ in owner.arms])))
                stmt = owner
        return self.outcomes.get(id(found))

    def last_call(self, nodes: list[n.Node]) -> n.Node | None:
        for x in reversed(nodes):
            if id(x) in self.outcomes or id(x) in self.retry.recorded or self.retry.fallible(x):
                return x
        return None
