"""``emailAttache`` variables: an attachment the script fills, then adds to a message.

``a est un emailAttache``, ``a.Nom = …``, ``a.Contenu = …``, ``Ajoute(m.Attache, a)``: like the
fields of ``m.Attache[i]`` (:mod:`.mail_message`), its properties are folded while exporting
and the message gets a copy of them (WLangage copies the attachment: changing ``a`` after
``Ajoute`` changes nothing in the message). The part is written with ``add_attachment`` when
the message is built or sent; ``a`` itself needs no Python.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from wlmail.export.base import Py, Skip
from wlmail.export.exprs import const
from wlmail.export.mail import MailMixin
from wlmail.syntax import nodes as n

ATTACH = "email_attach"


@dataclass(slots=True)
class AttachVar:
    home: int  # the block declaring it: its fields are folded there only
    fields: dict[str, Py] = field(default_factory=dict)


class AttachVarsMixin(MailMixin):
    attach_vars: dict[str, AttachVar]

    def mail_setup(self) -> None:
        super().mail_setup()
        self.attach_vars = {}

    def attach_var(self, node: n.Node) -> AttachVar | None:
        """The ``emailAttache`` variable ``node`` names (None: it names something else)."""
        if not isinstance(node, n.Name):
            return None
        ref = self.ref(node)
        if ref[0] != "var" or str(ref[1].vtype.id) != ATTACH:
            return None
        found = self.attach_vars.get(node.key)
        if found is None:
            raise Skip(node, "an emailAttache used before its declaration")
        return found

    def mail_decl(self, node: n.Decl, vtype: Any) -> bool:
        if str(vtype.id) != ATTACH:
            return super().mail_decl(node, vtype)
        if node.init is not None:
            raise Skip(node, "an emailAttache with an initial value")
        for nm in node.names:
            self.attach_vars[nm.key] = AttachVar(self.here)
        return True

    def mail_assign(self, node: n.Assign) -> bool:
        target = node.target
        var = self.attach_var(target.target) if isinstance(target, n.Member) else None
        if var is None or not isinstance(target, n.Member):
            return super().mail_assign(node)
        entry = self.cat.prop(ATTACH, target.name)
        if entry is None or entry.read_only:
            raise Skip(node, f"the attachment property {target.name}")
        self.static(node, "an attachment property set", var.home)
        var.fields[entry.id] = self.pure(node.value)
        return True

    def attach_read(self, node: n.Member, var: AttachVar) -> Py:
        """``a.Nom``: what the script set (``a.Taille``: the bytes of a literal content)."""
        entry = self.cat.prop(ATTACH, node.name)
        prop = entry.id if entry is not None else ""
        self.static(node, "an attachment property read", var.home)
        if prop == "email_attach.size":
            content = var.fields.get("email_attach.content")
            if content is None:
                return Py(const(0), "int")
            if isinstance(content.code, ast.Constant):
                return Py(const(len(str(content.code.value).encode())), "int")
        value = var.fields.get(prop)
        if value is None and entry is not None and entry.vtype == "string":
            return Py(const(""), "string")
        if value is None or value.type != "string":
            raise Skip(node, f"reading the attachment property {node.name}")
        return value

    def mail_statement(self, node: n.Node, expr: n.Call, entry: Any) -> bool:
        """``Ajoute(m.Attache, a)``: the message gets a copy of ``a``'s fields."""
        args = expr.args
        added = self.attach_var(args[1]) if entry.id == "array_add" and len(args) == 2 else None
        place = args[0] if args else None
        if added is None or not isinstance(place, n.Member):
            return super().mail_statement(node, expr, entry)
        found = self.var_kind(place.target)
        prop = self.cat.prop(found[0], place.name) if found is not None else None
        if found is None or prop is None or prop.id != "email.attach":
            raise Skip(node, "an emailAttache added to something that is not Email.Attache")
        msg = self.message(found[1], node)
        self.static(node, "an attachment added", msg.home)
        self.static(node, "an attachment added", added.home)
        self.changed(node, msg, "an attachment added")
        index = len(msg.attachments) + 1
        if set(msg.attachments) != set(range(1, index)):
            raise Skip(node, "an attachment added after attachments with holes")
        msg.attachments[index] = dict(added.fields)
        return True
