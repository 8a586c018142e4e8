"""Messages: an ``Email`` (typed, or the legacy global structure) is an ``EmailMessage``;
text properties are headers, ``Message``/``HTML`` its bodies; address lists, Date, Message-ID
and attachments are written once, when it is sent (:meth:`MessageMixin.ready`)."""

from __future__ import annotations

import ast
from typing import Any

from wlmail.export.base import Py, Skip
from wlmail.export.exprs import call, const, name
from wlmail.export.mail_common import LEGACY, MailBase, Message, list_name, with_value_error
from wlmail.export.mail_headers import checked, clean
from wlmail.export.mail_shapes import guess_type, literal, parse_sub
from wlmail.export.stmts import walk
from wlmail.syntax import nodes as n


class MessageMixin(MailBase):
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

    def message_prop(self, node: n.Node, msg: Message, prop: str, value: n.Node) -> None:
        header = self.map["email_headers"].get(prop)
        if header is not None:
            self.static(node, "a header set", msg.home)
            self.changed(node, msg, "a header set")
            text = self.pure(value)
            if text.type != "string":
                raise Skip(node, f"the {header} header from a value that is not text")
            if not clean(text) and not self.fixed_text(value):
                self.pend(node, msg, prop, header, text, value)
                return
            msg.pending.pop(header, None)
            verb = "replace_header" if header in msg.headers else None
            msg.headers.add(header)
            code = f"{msg.py}[{header!r}] = {text.src}"
            if verb:
                code = f"{msg.py}.replace_header({header!r}, {text.src})"
            self.line(node, code.replace("'", '"'))
            return
        if prop in self.map["email_lists"]:
            self.static(node, "an address set", msg.home)
            self.changed(node, msg, "an address set")
            self.list_put(node, msg, prop, 1, value)
            return
        counted = self.map["email_counts"].get(prop)
        if counted is not None:
            self.static(node, "a count set", msg.home)
            self.changed(node, msg, "a count set")
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

    def pend(
        self, node: n.Node, msg: Message, prop: str, header: str, text: Py, value: n.Node
    ) -> None:
        """A header value that may hold a line break: given to the message, through
        ``safe_header``, where it is sent (:mod:`.mail_headers`). A value that may read
        otherwise there (a call, a member, a variable changed later) is kept in a variable
        beside the message (``m_subject``), read where it is set."""
        later = any(isinstance(x, n.Call | n.Member) for x in walk(value))
        if later or self.changed_later(value) is not None:
            if "." in msg.py:
                raise Skip(node, "a header read later, on a message that is not a variable")
            side = f"{msg.py}_{header.lower().replace('-', '_')}"
            self.line(node, f"{side} = {text.src}")
            text = Py(name(side), "string")
        msg.pending[header] = checked(text, self.prop_name(msg.owner, prop))

    def fixed_text(self, value: n.Node) -> bool:
        """A variable that holds a clean literal wherever it is read (:func:`fixed_texts`)."""
        return isinstance(value, n.Name) and value.key in self.fixed_keys

    def prop_name(self, owner: str, prop: str) -> str:
        """The script-language name of property ``prop`` (an id) of ``owner``."""
        for entry in self.cat.props_of(owner):
            if entry.id == prop:
                return entry.name(self.lang)
        return prop.rpartition(".")[2]

    def header_code(self, msg: Message, header: str) -> ast.expr | None:
        """What header ``header`` of ``msg`` reads (None: not set): the value waiting to be
        checked where the message is sent, else the message's own header."""
        if header in msg.pending:
            code = msg.pending[header].code
            assert isinstance(code, ast.Call)  # safe_header(value, field)
            return code.args[0]
        return parse_sub(msg.py, header) if header in msg.headers else None

    def unchecked(self, msg: Message) -> bool:
        """Will sending ``msg`` write a ``safe_header`` (so raise ValueError on bad input)?"""
        if msg.pending:
            return True
        for prop in self.map["email_lists"]:
            items = msg.lists.get(prop, {})
            if prop.startswith(msg.owner + ".") and (
                prop in msg.live
                or not all(clean(v) or (prop, i) in msg.vetted for i, v in items.items())
            ):
                return True
        return False

    def priority(self, node: n.Node, msg: Message, value: n.Node) -> None:
        """1-2 high, 3 normal, 4-5 low, as ``mail/convert.py`` reads them (X-Priority style)."""
        level = literal(self, value)
        if type(level) is not int or not 1 <= level <= 5:
            raise Skip(node, "a priority that is not one of the emailPriorité constants")
        self.static(node, "a priority set", msg.home)
        self.changed(node, msg, "a priority set")
        if msg.priority != 3:
            raise Skip(node, "a priority set twice")
        msg.priority = level
        if level != 3:
            high = level < 3
            self.line(node, f'{msg.py}["X-Priority"] = "{"1 (Highest)" if high else "5 (Lowest)"}"')
            self.out.emit(0, f'{msg.py}["Importance"] = "{"high" if high else "low"}"')

    def body(self, node: n.Node, msg: Message, kind: str, text: Py) -> None:
        self.static(node, "a message body set", msg.home)
        self.changed(node, msg, "a message body set")
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
        if key not in self.map["email_lists"] and key != "email_structure.attach":
            raise Skip(node, f"the list property {prop} (Email.Attache holds emailAttache)")
        msg.lists.setdefault(key, {})[index] = self.pure(value)
        if self.fixed_text(value):
            msg.vetted.add((key, index))

    def count(self, msg: Message, key: str) -> int:
        items = msg.lists.get(key, {})
        return msg.counts.get(key, len(items))

    # -- when it is sent ---------------------------------------------------------------------
    def ready(self, node: n.Node, msg: Message) -> None:
        """Address headers, Date, Message-ID and attachments, once, before the message leaves
        (with the headers set since, checked by ``safe_header``: :mod:`.mail_headers`)."""
        if msg.pending or (not msg.ready and self.unchecked(msg)):
            self.errors = with_value_error(self.errors)
            self.functions.add("safe_header")
        for header, value in msg.pending.items():
            if header in msg.headers:
                self.out.emit(0, f"{msg.py}.replace_header({header!r}, {value.src})")
            else:
                self.out.emit(0, f"{msg.py}[{header!r}] = {value.src}".replace("'", '"'))
            msg.headers.add(header)
        msg.pending.clear()
        if msg.ready:
            return
        self.static(node, "a message sent", msg.home)
        msg.ready = True
        py = msg.py
        for prop, header in self.map["email_lists"].items():
            if not prop.startswith(msg.owner + "."):
                continue
            count = self.count(msg, prop)
            label = self.prop_name(msg.owner, prop)
            if prop in msg.live:  # kept in a Python list (mail_lists.py)
                if count:
                    kept = Py(call('", ".join', name(list_name(py, header))), "string")
                    self.out.emit(0, f'{py}["{header}"] = {checked(kept, label).src}')
                continue
            items = msg.lists.get(prop, {})
            values = [
                (
                    items[i]
                    if clean(items[i]) or (prop, i) in msg.vetted
                    else checked(items[i], f"{label}[{i}]")
                ).src
                for i in sorted(items)
                if i <= count
            ]
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
        for index in sorted(set(msg.attachments) - msg.flushed):
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

    def message_summary(self, node: n.Node, msg: Message) -> Py:
        """``Info(m)``: "Email de <from> à <to> : « <subject> »" as ``wlmail run`` shows it."""
        items = msg.lists.get(f"{msg.owner}.recipient", {})
        values = [items[i] for i in sorted(items)]  # every entry: wlmail run ignores Nb…
        if not all(isinstance(v.code, ast.Constant) for v in values):
            raise Skip(node, "Info of an Email whose recipients are not literals")
        to = ", ".join(str(v.code.value) for v in values if str(v.code.value).strip())  # type: ignore[attr-defined]
        sender = Py(const("?"), "string")
        if (given := self.header_code(msg, "From")) is not None:
            sender = Py(ast.BoolOp(ast.Or(), [given, const("?")]), "string")
        subject = Py(const(""), "string")
        if (given := self.header_code(msg, "Subject")) is not None:
            subject = Py(given, "string")
        text = Py(const(to or "?"), "string")
        if self.lang == "en":
            parts = ["Email from ", sender, " to ", text, ': "', subject, '"']
        else:
            parts = ["Email de ", sender, " à ", text, " : « ", subject, " »"]
        return self.fstring([p if isinstance(p, Py) else Py(const(p), "string") for p in parts])

    # -- reads ---------------------------------------------------------------------------------
    def message_read(self, node: n.Member, msg: Message, kind: str, entry: Any) -> Py:
        """A property read back: what the script set (headers from the message itself), or
        what ``wlmail run`` starts with where the exporter never sets it."""
        prop = entry.id if entry is not None else ""
        if prop in self.map["email_counts"]:
            return Py(const(self.count(msg, self.map["email_counts"][prop])), "int")
        sent_id = prop == "email.id" or prop == "email_structure.mail_identifier"
        if sent_id and msg.sent:
            return Py(const(msg.sent), "int")  # the rank of its send (README's ruling)
        if sent_id and not msg.ready:
            raise Skip(node, "the ID of a message not sent (no Python counterpart)")
        if prop.endswith(".priority"):  # X-Priority: "1 (Highest)", "5 (Lowest)" or none
            if msg.priority in (2, 4):
                raise Skip(node, "reading back a priority of 2 or 4 (X-Priority says 1 or 5)")
            code = f'int(str({msg.py}["X-Priority"] or "3")[0])'
            return Py(ast.parse(code, mode="eval").body, "int")
        several = [k for k in self.map["email_lists"] if k.startswith(msg.owner + ".")]
        if prop.endswith(".source") and any(self.count(msg, k) > 1 for k in several):
            # wlmail writes one address per line ("To: a,\n b"), Python on one line
            raise Skip(node, "the source of a message with several addresses in one header")
        if prop.endswith(".source"):  # built when it is sent or EmailConstruitSource: not before
            return Py(call(f"{msg.py}.as_string") if msg.ready else const(""), "string")
        header = self.map["email_headers"].get(prop)
        if header is not None and header in msg.pending:
            return Py(self.header_code(msg, header), "string")  # type: ignore[arg-type]
        if header is not None and header in msg.headers:
            return Py(call("str", parse_sub(msg.py, header)), "string")
        if header is not None:  # not set (yet): the message has no such header
            absent = ast.BoolOp(ast.Or(), [parse_sub(msg.py, header), const("")])
            return Py(call("str", absent), "string")
        if prop.partition(".")[2] in ("disposition_notification", "read_confirmation"):
            code = f'"Disposition-Notification-To" in {msg.py}'  # the exporter never sets it
            return Py(ast.parse(code, mode="eval").body, "bool")
        if prop.partition(".")[2] == "confidentiality":  # Sensitivity, never set either
            levels = '["", "Personal", "Private", "Company-Confidential"]'
            code = f'{levels}.index(str({msg.py}["Sensitivity"] or ""))'
            return Py(ast.parse(code, mode="eval").body, "int")
        raise Skip(node, f"reading the message property {node.name}")

    def list_count(self, node: n.Node, msg: Message, prop: str) -> Py:
        """``m.Destinataire..Occurrence``: how many addresses (attachments) it holds."""
        entry = self.cat.prop(msg.owner, prop)
        key = entry.id if entry is not None else ""
        if key.endswith(".attach"):
            if msg.lists.get(key) and msg.attachments:
                raise Skip(node, "counting attachments given in two ways")
            indexes = set(msg.lists.get(key, {})) | set(msg.attachments)
        elif key in self.map["email_lists"]:
            indexes = set(msg.lists.get(key, {}))
        else:
            raise Skip(node, f"the member .{prop}..Occurrence")
        if indexes != set(range(1, len(indexes) + 1)):
            raise Skip(node, "counting a list with holes")
        return Py(const(msg.counts.get(key, len(indexes))), "int")

    def list_read(self, node: n.Node, msg: Message, prop: str, index: int) -> Py:
        """``m.Destinataire[2]``: the address set there (what the script wrote, folded)."""
        entry = self.cat.prop(msg.owner, prop)
        key = entry.id if entry is not None else ""
        value = msg.lists.get(key, {}).get(index)
        if value is None and msg.owner == "email_structure" and index >= 1:
            value = Py(const(""), "string")  # the structure's entries exist, empty
        if key not in self.map["email_lists"] or value is None:
            raise Skip(node, f"reading {prop}[{index}]")
        return value

    def attachment_read(self, node: n.Node, msg: Message, index: int, prop: str) -> Py:
        """``m.Attache[1].Nom`` (``.Taille``: the bytes of a literal content)."""
        entry = self.cat.prop("email_attach", prop)
        fields = msg.attachments.get(index, {})
        if entry is not None and entry.id == "email_attach.size":
            content = fields.get("email_attach.content")
            if content is not None and isinstance(content.code, ast.Constant):
                return Py(const(len(str(content.code.value).encode())), "int")
        value = fields.get(entry.id) if entry is not None else None
        if value is None or value.type != "string":
            raise Skip(node, f"reading the attachment property {prop}")
        return value

    def build_source(self, node: n.Node, expr: n.Call) -> None:
        """``EmailConstruitSource([m] [, options])``: the headers written as for a send, so
        ``m.Source`` is ``m.as_string()``. Only where wlmail builds it for sure (a sender and
        a recipient), and with Cci only under ``emailOptionEntêteCci`` (the header is then in
        the source, as Python writes it)."""
        args = list(expr.args)
        options = literal(self, args[-1]) if args else None
        if type(options) is int and self.var_kind(args[-1]) is None:
            args.pop()
        else:
            options = 0
        found = self.var_kind(args[0]) if args else ("", LEGACY)
        if found is None or found[0] == "email_smtp_session" or len(args) > 1:
            raise Skip(node, "EmailConstruitSource of something that is not an Email")
        msg = self.message(found[1], node)
        owner = msg.owner
        kinds = [self.count(msg, f"{owner}.{k}") for k in ("recipient", "cc", "bcc")]
        if ("From" not in msg.headers and "From" not in msg.pending) or not any(kinds):
            raise Skip(node, "EmailConstruitSource of a message without sender or recipient")
        if self.unchecked(msg):
            raise Skip(node, "EmailConstruitSource of a message with a header checked when sent")
        if kinds[2] and not int(options or 0) & 32:
            raise Skip(node, "EmailConstruitSource of a message with Cci (no emailOptionEntêteCci)")
        self.ready(node, msg)
