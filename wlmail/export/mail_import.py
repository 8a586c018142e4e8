"""``EmailImporteSource``: a message read back from the source of another.

``r.Source = m.Source`` then ``EmailImporteSource(r)``, where ``m`` was built
(``EmailConstruitSource``) from literals: ``r = email.message_from_string(m.as_string(),
policy=policy.SMTP)``. What ``r`` then holds is decided while exporting, by wlmail's own
reading of wlmail's source (``mail/parse.py``); a header is read from ``r`` itself only where
Python reads the same text back from its source, else the import is reported. An empty
``Source`` is refused by wlmail (``Faux`` + ``ErreurInfo``): nothing is written.
"""

from __future__ import annotations

import email
import re
from email import policy
from typing import Any

from wlmail.export.base import Py, Skip
from wlmail.export.exprs import const
from wlmail.export.mail_attach import AttachVarsMixin
from wlmail.export.mail_common import Message
from wlmail.export.mail_static import literal_text, python_source, wlmail_source
from wlmail.mail.convert import spec_to_object
from wlmail.mail.mime import MailError
from wlmail.mail.objects import EmailObject
from wlmail.mail.parse import parse_source
from wlmail.syntax import nodes as n

#: what an imported Email holds that the exporter folds: its header properties
READ_BACK = {"sender": "From", "subject": "Subject", "reply_to": "Reply-To"}


class ImportMixin(AttachVarsMixin):
    built_ids: set[int]  # messages EmailConstruitSource built (their Source is set)
    imported: set[int]  # messages EmailImporteSource filled
    sources: dict[int, Message | str]  # message -> the message whose Source it was given, or text

    outcomes: dict[int, str]  # a call decided while exporting -> its ErreurInfo ("" success)

    def mail_setup(self) -> None:
        super().mail_setup()
        self.built_ids, self.imported, self.sources = set(), set(), {}
        self.outcomes = {}

    def decide(self, node: n.Node, text: str) -> None:
        """``node``, a fallible call, is decided while exporting: ``text`` is its ErreurInfo."""
        self.outcomes[id(node)] = text

    def message_prop(self, node: n.Node, msg: Message, prop: str, value: n.Node) -> None:
        """``r.Source = m.Source`` (a built message's) or ``r.Source = ""``."""
        if prop.rpartition(".")[2] != "source":
            super().message_prop(node, msg, prop, value)
            return
        self.static(node, "a Source set", msg.home)
        text = literal_text(self, value)
        found = self.var_kind(value.target) if isinstance(value, n.Member) else None
        entry = (
            self.cat.prop(found[0], value.name) if found and isinstance(value, n.Member) else None
        )
        if text == "":
            self.sources[id(msg)] = ""
        elif found is not None and entry is not None and entry.id == "email.source":
            source = self.message(found[1], node)
            if id(source) not in self.built_ids or id(source) in self.imported:
                raise Skip(
                    node, "a Source copied from a message EmailConstruitSource did not build"
                )
            self.sources[id(msg)] = source
        else:
            raise Skip(
                node, "the message property Source set to something else than a source built"
            )

    def import_source(self, node: n.Node, args: list[n.Node], original: n.Node) -> bool:
        """Writes the import; its result (wlmail's), recorded for ``ErreurInfo``."""
        found = self.var_kind(args[0]) if len(args) == 1 else None
        if found is None or found[0] != "email":
            raise Skip(node, "EmailImporteSource of something that is not an Email")
        msg = self.message(found[1], node)
        self.static(node, "EmailImporteSource", msg.home)
        source = self.sources.get(id(msg), "")
        if isinstance(source, str):
            self.decide(original, self.cat.message("mail_source_empty", self.lang))
            return False
        self.messages[found[1]] = self.read_back(node, msg, source)
        self.need("import email")
        self.email_imports()
        self.out.upto(node.line)
        made = f"{msg.py} = EmailMessage(policy=policy.SMTP)"
        lines = self.out.lines
        where = max((i for i, x in enumerate(lines) if x.strip() == made), default=-1)
        used = re.compile(rf"(?<![\w.]){re.escape(msg.py)}\b")
        if where >= 0 and not any(used.search(x) for x in lines[where + 1 :]):
            del lines[where]  # the empty message it replaces
        code = f"email.message_from_string({source.py}.as_string(), policy=policy.SMTP)"
        self.out.emit(node.line, f"{msg.py} = {code}")
        self.decide(original, "")
        return True

    def read_back(self, node: n.Node, msg: Message, source: Message) -> Message:
        """``msg`` as wlmail holds it once it has read ``source``'s source."""
        counts = self.map["email_counts"]
        wl = wlmail_source(source, counts)
        py = python_source(source, self.map["email_lists"], self.map["email_headers"])
        if wl is None or py is None:
            raise Skip(node, "EmailImporteSource of a source known only at run time")
        try:
            spec = parse_source(wl.encode("utf-8", "surrogateescape"))
        except (MailError, ValueError, LookupError):
            raise Skip(node, "EmailImporteSource of a source wlmail cannot read") from None
        obj = EmailObject()
        spec_to_object(spec, obj)
        if spec.bcc or spec.categories:
            raise Skip(node, "EmailImporteSource of a source with Cci or categories")
        parsed = email.message_from_string(py, policy=policy.SMTP)
        read = Message(msg.py, "email", msg.home, ready=True)
        for pid, header in READ_BACK.items():
            value = str(obj.values[pid])
            if not value:
                continue
            if str(parsed.get(header, "")) != value:
                raise Skip(node, f"EmailImporteSource: Python reads {header} back otherwise")
            read.headers.add(header)
            read.texts[f"email.{pid}"] = value
        for pid in ("recipient", "cc"):
            items = obj.values[pid].items
            read.lists[f"email.{pid}"] = {
                i: Py(const(str(v)), "string") for i, v in enumerate(items, 1)
            }
        for index, att in enumerate(spec.attachments, 1):
            try:
                content = att.content.decode("utf-8")
            except UnicodeDecodeError:
                why = "EmailImporteSource of a source with a binary attachment"
                raise Skip(node, why) from None
            fields = {"name": att.name, "content": content, "content_type": att.content_type}
            fields["identifier"] = att.content_id.strip("<>")
            read.attachments[index] = {
                f"email_attach.{k}": Py(const(v), "string") for k, v in fields.items()
            }
        read.priority = int(obj.values["priority"])
        read.body = "html" if obj.values["html"] else "text" if obj.values["message"] else ""
        for pid in ("message", "html"):  # folded as wlmail reads them back
            read.texts[f"email.{pid}"] = str(obj.values[pid])
        self.imported.add(id(read))
        return read

    # -- the value, the statement ---------------------------------------------------------------
    def import_value(self, node: n.Node, args: list[n.Node]) -> Py:
        return Py(const(self.import_source(node, args, node)), "bool")

    def mail_statement(self, node: n.Node, expr: n.Call, entry: Any) -> bool:
        if entry.id == "email_import_source":
            original = node.expr if isinstance(node, n.ExprStmt) else expr
            self.import_source(node, expr.args, original)
            return True
        return super().mail_statement(node, expr, entry)
