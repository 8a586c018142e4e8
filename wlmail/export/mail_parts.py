"""Attachments read back: ``m.Attache..Occurrence``, ``m.Attache[1].Nom``, ``.Taille``,
``.ContentType`` of a typed ``Email``.

Where the script reads a message's attachments back, they are the parts of the
``EmailMessage``: each attachment the script has filled in is added (``m.add_attachment``)
before the first statement that reads them, and the reads are ``m.iter_attachments()``,
``part.get_filename()``, the size of ``part.get_payload(decode=True)``. Once added, an
attachment is no longer changed and the body is no longer set (Python would rebuild the
message otherwise): both are reported. Elsewhere attachments are added where the message is
sent (:meth:`MessageMixin.ready`).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from wlmail.export.base import Py, Skip
from wlmail.export.exprs import call, const
from wlmail.export.mail_common import Message
from wlmail.export.mail_lists import LiveListsMixin
from wlmail.export.stmts import walk
from wlmail.syntax import nodes as n

#: what a part says of each attachment property read back
_READS = {
    "email_attach.name": ("{p}.get_filename() or ''", "string"),
    "email_attach.content_type": ("{p}.get_content_type()", "string"),
    "email_attach.size": ("len({p}.get_payload(decode=True))", "int"),
}


@dataclass(slots=True)
class AttachVar:
    """An ``emailAttache`` variable: its properties, written into the ``add_attachment`` of
    the message it is added to (as a session's are into the call that opens it)."""

    home: int
    fields: dict[str, Py] = field(default_factory=dict)


class PartsMixin(LiveListsMixin):
    parts_read: dict[int, str]  # id of an ``m.Attache`` read: the message's folded name
    attach_vars: dict[str, AttachVar]

    def mail_setup(self) -> None:
        super().mail_setup()
        self.parts_read = self.attachments_read_back()
        self.attach_vars = {}

    # -- emailAttache variables ----------------------------------------------------------------
    def attach_var(self, node: n.Node) -> AttachVar | None:
        if not isinstance(node, n.Name):
            return None
        ref = self.ref(node)
        if ref[0] != "var" or str(ref[1].vtype.id) != "email_attach":
            return None
        return self.attach_vars.get(node.key)

    def attach_decl(self, node: n.Decl) -> bool:
        """``a est un emailAttache``: nothing in Python; only filled in (``a.Nom = …``) and
        added to a message (``Ajoute(m.Attache, a)``), anything else is reported."""
        if node.init is not None:
            raise Skip(node, "an emailAttache with an initial value")
        keys = {nm.key for nm in node.names}
        allowed = {id(nm) for nm in node.names}
        for x in walk(self.program.body):
            if isinstance(x, n.Assign) and isinstance(x.target, n.Member):
                allowed.add(id(x.target.target))
            elif isinstance(x, n.Call) and len(x.args) == 2:
                entry = self.ann.calls.get(id(x), ("",))
                if entry[0] == "func" and entry[1].id == "array_add":
                    allowed.add(id(x.args[1]))
        for x in walk([self.program.body, self.program.procs]):
            if isinstance(x, n.Name) and x.key in keys and id(x) not in allowed:
                raise Skip(x, "an emailAttache used otherwise than filled in and added")
        for nm in node.names:
            self.attach_vars[nm.key] = AttachVar(self.here)
        return True

    def attach_set(self, node: n.Assign, target: n.Member) -> bool:
        """``a.Nom = "x"``: kept for the message it is added to (a copy, as WLangage adds)."""
        found = self.attach_var(target.target)
        if found is None:
            return False
        self.static(node, "an emailAttache property set", found.home)
        entry = self.cat.prop("email_attach", target.name)
        if entry is None or entry.id == "email_attach.size":
            raise Skip(node, f"the attachment property {target.name}")
        found.fields[entry.id] = self.pure(node.value)
        return True

    def list_put(self, node: n.Node, msg: Message, prop: str, index: int, value: n.Node) -> None:
        found = self.attach_var(value)
        if found is None:
            super().list_put(node, msg, prop, index, value)
            return
        entry = self.cat.prop(msg.owner, prop) if "." not in prop else None
        key = entry.id if entry is not None else prop
        if key != "email.attach" or msg.lists.get(key) or found.home not in self.blocks:
            raise Skip(node, "an emailAttache added to this")
        if "email_attach.name" not in found.fields or "email_attach.content" not in found.fields:
            raise Skip(node, "an emailAttache without a name or content added")
        msg.attachments[max(msg.attachments, default=0) + 1] = dict(found.fields)

    def attachments_read_back(self) -> dict[int, str]:
        """Every ``m.Attache`` of a typed Email that is not written (``m.Attache[1].Nom = …``,
        ``Ajoute(m.Attache, …)``)."""
        writes: set[int] = set()
        for node in walk(self.program.body):
            if isinstance(node, n.Assign):
                target = node.target
                while isinstance(target, n.Member | n.Index):
                    writes.add(id(target))
                    target = target.target
            elif isinstance(node, n.Call) and node.args:
                writes.add(id(node.args[0]))
        found = {}
        for node in walk(self.program.body):
            if not isinstance(node, n.Member) or not isinstance(node.target, n.Name):
                continue
            kind = self.var_kind(node.target)
            entry = self.cat.prop("email", node.name) if kind and kind[0] == "email" else None
            if entry is not None and entry.id == "email.attach" and id(node) not in writes:
                found[id(node)] = node.target.key
        return found

    # -- added before they are read ------------------------------------------------------------
    def stmt(self, node: n.Node) -> None:
        keys = {self.parts_read[id(x)] for x in walk(node) if id(x) in self.parts_read}
        for key in sorted(keys):
            msg = self.messages.get(key)
            if msg is not None and msg.owner == "email" and msg.home == self.here:
                self.add_parts(node, msg)
        super().stmt(node)

    def add_parts(self, node: n.Node, msg: Message) -> None:
        pending = [i for i in sorted(msg.attachments) if i not in msg.flushed]
        if not pending:
            return
        if msg.lists.get("email.attach") or msg.ready or msg.queued:
            raise Skip(node, "attachments read back from a message sent or given files")
        if pending != list(range(len(msg.flushed) + 1, len(msg.flushed) + len(pending) + 1)):
            raise Skip(node, "attachments read back from a list with holes")
        self.out.upto(node.line)
        for index in pending:
            self.attachment(node, msg.py, msg.attachments[index])
            msg.flushed.add(index)

    def changed(self, node: n.Node, msg: Message, what: str) -> None:
        if msg.flushed and what in ("an attachment set", "a message body set"):
            raise Skip(node, f"{what} after the attachments were read back")
        super().changed(node, msg, what)

    # -- read ----------------------------------------------------------------------------------
    def parts(self, node: n.Node, msg: Message) -> ast.expr:
        if msg.home not in self.blocks or any(i not in msg.flushed for i in msg.attachments):
            raise Skip(node, "attachments read back outside the block declaring the message")
        return call("list", call(f"{msg.py}.iter_attachments"))

    def message_read(self, node: n.Member, msg: Message, kind: str, entry: Any) -> Py:
        if entry is not None and entry.id == "email.attach" and id(node) in self.parts_read:
            return Py(self.parts(node, msg), "list")
        return super().message_read(node, msg, kind, entry)

    def list_count(self, node: n.Node, msg: Message, prop: str) -> Py:
        entry = self.cat.prop(msg.owner, prop)
        inner = node.target if isinstance(node, n.Member) else node
        if entry is not None and entry.id == "email.attach" and id(inner) in self.parts_read:
            return Py(call("len", self.parts(inner, msg)), "int")
        return super().list_count(node, msg, prop)

    def list_read(self, node: n.Node, msg: Message, prop: str, index: int) -> Py:
        entry = self.cat.prop(msg.owner, prop)
        inner = node.target if isinstance(node, n.Index) else node
        if entry is None or entry.id != "email.attach" or id(inner) not in self.parts_read:
            return super().list_read(node, msg, prop, index)
        if not 1 <= index <= len(msg.flushed):
            raise Skip(node, f"reading {prop}[{index}], past the attachments the message holds")
        part = ast.Subscript(self.parts(inner, msg), const(index - 1), ast.Load())
        return Py(part, "email_attach")

    def attachment_read(self, node: n.Node, msg: Message, index: int, prop: str) -> Py:
        item = node.target if isinstance(node, n.Member) else None  # m.Attache[1]
        inner = item.target if isinstance(item, n.Index) else None  # m.Attache
        if item is None or not isinstance(inner, n.Member) or id(inner) not in self.parts_read:
            return super().attachment_read(node, msg, index, prop)
        entry = self.cat.prop("email_attach", prop)
        read = _READS.get(entry.id) if entry is not None else None
        if read is None:
            raise Skip(node, f"reading the attachment property {prop}")
        part = self.list_read(item, msg, inner.name, index)
        if entry is not None and entry.id not in msg.attachments[index] and read[1] == "string":
            raise Skip(node, f"reading the attachment property {prop} the script did not set")
        text = read[0].format(p=ast.unparse(part.code))
        return Py(ast.parse(text, mode="eval").body, read[1])
