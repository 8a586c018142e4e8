"""A message's properties read back, and what reading them needs.

* ``m.Destinataire..Occurrence``, ``m.Destinataire[2]``, ``m.Attache[1].Nom``, ``m.Message``,
  ``POUR TOUT a DE m.Destinataire``: what the script put there, folded while exporting (the
  address headers are written when the message is built or sent, :mod:`.mail_message`). These
  reads are routed to the mail mixin before the class, array and structure mixins look at them;
  ``m.MessageID`` and ``m.Entête`` of a built message are read from it.
* ``Position(m.Source, "…") > 0`` is ``"…" in m.as_string()`` where wlmail's source and
  Python's agree on holding that text (both are built while exporting and compared: Python
  chooses its own encodings, foldings and boundaries); elsewhere it is reported.
* A header set to a text holding a line break or another control character is never written
  (Python's ``EmailMessage`` would raise, a header must not carry one): the message then is one
  wlmail refuses (:mod:`.mail_decided`), with that property's name in ``ErreurInfo``.
* A property set to a value wlmail refuses (``s.Option = "TLS"``) inside the block a
  ``QUAND EXCEPTION DANS`` guards raises wlmail's fatal error, and the property keeps its value.
* ``s.AuthToken = Null`` in a program that gives no session a token is ``Vrai`` (decision 13).
"""

from __future__ import annotations

import ast
from typing import Any

from wlmail.export.base import Py, Skip, py_name
from wlmail.export.exprs import call, const, fold
from wlmail.export.mail import MailMixin
from wlmail.export.mail_common import Message
from wlmail.export.mail_decided import DecidedMixin, postorder
from wlmail.export.mail_shapes import attachment_field, list_item
from wlmail.export.mail_static import literal_text, python_source, wlmail_source
from wlmail.mail.convert import header_block
from wlmail.mail.mime import forbidden_char
from wlmail.runtime.proptypes import static_problem
from wlmail.syntax import nodes as n


class MailValuesMixin(DecidedMixin):
    """Placed before the class, array and receive mixins (program.py's Exporter line)."""

    searches: set[int]  # Position(m.Source, x) compared with 0, checked while exporting

    def mail_setup(self) -> None:
        super().mail_setup()
        self.searches = set()

    # -- a message's properties read back ---------------------------------------------------
    def x_Member(self, node: n.Member) -> Py:
        var = self.attach_var(node.target)
        if var is not None:
            return self.attach_read(node, var)
        attach = attachment_field(node)
        inner = node.target.target if isinstance(node.target, n.Member) else None
        if (
            self.message_var(node.target)
            or (attach is not None and self.message_var(attach[0]))
            or (node.double_dot and inner is not None and self.message_var(inner))
        ):
            return MailMixin.x_Member(self, node)
        return super().x_Member(node)

    def x_Index(self, node: n.Index) -> Py:
        item = list_item(node)
        if item is not None and self.message_var(item[0]):
            return MailMixin.x_Index(self, node)
        return super().x_Index(node)

    def message_read(self, node: n.Member, msg: Message, kind: str, entry: Any) -> Py:
        prop = entry.id if entry is not None else ""
        if prop in msg.refused:
            raise Skip(node, f"reading {node.name}, which holds a line break wlmail refuses")
        if prop == "email.message_id":  # generated when the message is built
            read = call("str", parse_header(msg.py, "Message-ID"))
            return Py(read if msg.ready else const(""), "string")
        body = prop.rpartition(".")[2]
        if body in ("message", "html") and prop in msg.texts:  # what the script set
            text = msg.texts[prop]
            if text is None:
                raise Skip(node, f"reading {node.name}, set from a value known at run time")
            return Py(const(text), "string")
        if body in ("message", "html") and not msg.body and not msg.ready:
            return Py(const(""), "string")  # never set
        if prop == "email.header":  # the header block of the source built
            if not msg.ready:
                return Py(const(""), "string")
            source = call(f"{msg.py}.as_string")
            head = ast.Subscript(
                call(f"{ast.unparse(source)}.partition", const("\r\n\r\n")), const(0), ast.Load()
            )
            return Py(head, "string")
        return super().message_read(node, msg, kind, entry)

    def message_prop(self, node: n.Node, msg: Message, prop: str, value: n.Node) -> None:
        """A header set to a text wlmail refuses (a line break…) is kept out of the Python."""
        header = self.map["email_headers"].get(prop)
        text = literal_text(self, value)
        if header is not None and text is not None and forbidden_char(text) is not None:
            self.static(node, "a header set", msg.home)
            self.changed(node, msg, "a header set")
            msg.refused[prop] = text
            msg.texts.pop(prop, None)
            return
        super().message_prop(node, msg, prop, value)
        msg.refused.pop(prop, None)
        if header is not None or prop.rpartition(".")[2] in ("message", "html"):
            msg.texts[prop] = text

    def mail_assign(self, node: n.Assign) -> bool:
        """A property set to a value wlmail refuses (``s.Option = "TLS"``) inside the guarded
        block of ``QUAND EXCEPTION DANS``: the fatal error, raised; the property keeps its
        value."""
        target = node.target
        found = self.var_kind(target.target) if isinstance(target, n.Member) else None
        entry = (
            self.cat.prop(found[0], target.name) if found and isinstance(target, n.Member) else None
        )
        if entry is None or not self.in_guarded_block(node):
            return super().mail_assign(node)
        value = node.value
        variable = isinstance(value, n.Name) and self.ref(value)[0] == "var"
        fault = static_problem(entry, value, self.lang, variable)
        if fault is None:
            return super().mail_assign(node)
        text = self.cat.message(fault.msg_id, self.lang, **fault.values)
        self.line(node, f"raise ValueError({text!r})")
        return True

    def in_guarded_block(self, stmt: n.Node) -> bool:
        """Whether ``stmt`` is in the block a ``QUAND EXCEPTION DANS`` guards."""
        while True:
            body, owner = self.retry.parents.get(id(stmt), (None, None))
            if owner is None:
                return False
            if isinstance(owner, n.WhenException) and body is owner.body:
                return True
            stmt = owner

    def ready(self, node: n.Node, msg: Message) -> None:
        if msg.refused:
            raise Skip(node, "a message holding a line break in a header, sent or built")
        super().ready(node, msg)

    # -- a message's source searched ---------------------------------------------------------
    def source_of(self, node: n.Node) -> tuple[Message, str] | None:
        """(message, "source" or "header") of ``m.Source``/``m.Entête``."""
        if not isinstance(node, n.Member) or not self.message_var(node.target):
            return None
        found = self.var_kind(node.target)
        assert found is not None
        entry = self.cat.prop(found[0], node.name)
        part = entry.id.partition(".")[2] if entry is not None else ""
        return (self.message(found[1], node), part) if part in ("source", "header") else None

    def x_Compare(self, node: n.Compare) -> Py:
        """``Position(m.Source, "…") > 0``: only where wlmail's source and Python's agree on
        whether they hold that text (Python writes other boundaries, encodings, foldings)."""
        left, right = node.left, node.right
        if self.no_token(left) and isinstance(right, n.Name) and node.op in ("EQ", "NE"):
            ref = self.ref(right)
            if ref[0] == "const" and ref[1].id == "null":  # decision 13: no token is Null
                return Py(const(node.op == "EQ"), "bool")
        kind = self.ann.calls.get(id(left), ("",)) if isinstance(left, n.Call) else ("",)
        zero = isinstance(right, n.Num) and right.value == 0 and node.op in ("EQ", "NE", "GT")
        if zero and kind[0] == "func" and kind[1].id == "position" and isinstance(left, n.Call):
            found = self.source_of(left.args[0]) if len(left.args) == 2 else None
            if found is not None:
                self.searches.add(id(left))
                if self.check_search(left, found[0], found[1], left.args[1]):
                    haystack, needle = self.expr(left.args[0]), self.expr(left.args[1])
                    op: ast.cmpop = ast.NotIn() if node.op == "EQ" else ast.In()
                    return fold(Py(ast.Compare(needle.code, [op], [haystack.code]), "bool"))
        return super().x_Compare(node)

    def no_token(self, node: n.Node) -> bool:
        """``s.AuthToken`` of a session in a program that never gives a session a token."""
        if not isinstance(node, n.Member) or not isinstance(node.target, n.Name):
            return False
        found = self.var_kind(node.target)
        entry = self.cat.prop(found[0], node.name) if found is not None else None
        if entry is None or entry.id != "email_smtp_session.auth_token":
            return False
        for x in postorder(self.program):
            place = x.target if isinstance(x, n.Assign) else None
            named = isinstance(place, n.Member) and (
                place.key == node.key or self.cat.prop(found[0], place.name) is entry  # type: ignore[index]
            )
            if named:
                return False  # an AuthToken (or a member of that name) is assigned
        return True

    def check_search(self, node: n.Node, msg: Message, part: str, needle: n.Node) -> bool:
        """Refuses a search whose answer differs; True when ``needle in source`` says what
        ``Position(…) > 0`` says (a text that cannot be empty)."""
        text = literal_text(self, needle)
        if not msg.ready:
            return bool(text)  # no source yet: "" in both
        if id(msg) in self.imported:
            raise Skip(node, "searching the source of a message EmailImporteSource read")
        own = isinstance(needle, n.Member) and isinstance(needle.target, n.Name)
        if own and self.var_kind(needle.target) == self.var_kind(node.args[0].target):  # type: ignore[attr-defined]
            entry = self.cat.prop(msg.owner, needle.name)  # type: ignore[attr-defined]
            if entry is not None and entry.id == "email.message_id":
                return True  # its own Message-ID: in both
        if text is None:
            raise Skip(node, "searching a message's source for a text known only at run time")
        counts = self.map["email_counts"]
        wl = wlmail_source(msg, counts)
        py = python_source(msg, self.map["email_lists"], self.map["email_headers"])
        if wl is None or py is None:
            raise Skip(node, "searching the source of a message known only at run time")
        if part == "header":
            wl, py = header_block(wl), py.partition("\r\n\r\n")[0]
        if (text in wl) != (text in py):
            raise Skip(
                node,
                f"searching the source for {text!r}: Python's EmailMessage writes it otherwise",
            )
        return bool(text)

    def s_ForEach(self, node: n.ForEach) -> None:
        """``POUR TOUT a DE m.Destinataire``: over the addresses the script put there."""
        source = node.iterable
        owner = source.target if isinstance(source, n.Member) else None
        if owner is None or not self.message_var(owner) or not isinstance(source, n.Member):
            super().s_ForEach(node)
            return
        msg = self.message(self.var_kind(owner)[1], node)  # type: ignore[index]
        entry = self.cat.prop(msg.owner, source.name)
        key = entry.id if entry is not None else ""
        items = msg.lists.get(key, {})
        if key not in self.map["email_lists"] or len(node.vars) != 1 or node.separator:
            raise Skip(node, f"a FOR EACH over {source.name}")
        if set(items) != set(range(1, len(items) + 1)) or key in msg.counts:
            raise Skip(node, f"a FOR EACH over {source.name} with holes or a count")
        self.static(node, "a FOR EACH over its addresses", msg.home)
        var = node.vars[0]
        self.loop_types[var.key] = "string"
        values = ast.List([items[i].code for i in sorted(items)], ast.Load())
        self.out.emit(node.line, f"for {py_name(var.name)} in {ast.unparse(values)}:")
        self.loop(node.body, node.line)

    # -- calls used as values ---------------------------------------------------------------
    def x_Call(self, node: n.Call) -> Py:
        """``m.ConstruitSource()`` inside an expression: the function of the same name."""
        if self.ann.calls.get(id(node), ("",))[0] == "method":
            found = self.mail_function(node)
            if found is not None and found[0].id != "array_add":
                return self.builtin(node, found[0], found[1].args)
        return super().x_Call(node)

    def mail_call(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        value = self.mail_value(node, entry, args)
        return value if value is not None else super().mail_call(node, entry, args)

    def mail_value(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        kind = entry.id
        if kind == "array_count" and len(args) == 1 and isinstance(args[0], n.Member):
            if self.message_var(args[0].target):  # TableauOccurrence(m.Attache)
                found = self.var_kind(args[0].target)
                assert found is not None
                return self.list_count(node, self.message(found[1], node), args[0].name)
            return None
        if kind == "position" and args and self.source_of(args[0]) is not None:
            if id(node) not in self.searches:  # Python's source is not wlmail's, byte for byte
                raise Skip(node, "the position of a text in a message's source")
            return None
        return self.decided_value(node, entry, args)


def parse_header(py: str, header: str) -> ast.expr:
    return ast.Subscript(ast.Name(py, ast.Load()), const(header), ast.Load())
