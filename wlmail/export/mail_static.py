"""What ``wlmail run`` decides about a message the exporter knows entirely (every value a
literal): whether ``EmailConstruitSource`` builds it, and with which ``ErreurInfo`` text it
refuses it. wlmail's own checks decide (``mail/mime.py`` on the ``Email`` the script
describes), so the exported program gives the same answer; a value the script computes at run
time leaves the question open (``None``) and the caller reports the construct.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any, cast

from wlmail.builtins.mail import mail_error_text
from wlmail.catalog import Catalog
from wlmail.export.base import Py
from wlmail.export.exprs import CONSTANTS
from wlmail.export.mail_common import Message
from wlmail.export.mail_shapes import guess_type
from wlmail.mail.convert import email_to_spec, structure_to_spec
from wlmail.mail.mime import (
    MailError,
    build_with_envelope,
    check_address_syntax,
    render,
    underscore_domain,
)
from wlmail.mail.objects import EmailAttachObject, EmailObject, EmailStructure
from wlmail.syntax import nodes as n


@dataclass(frozen=True, slots=True)
class Texts:
    """The runtime's message texts, as ``mail_error_text`` reads them (``rt.msg``)."""

    catalog: Catalog
    lang: str

    def msg(self, msg_id: str, **values: Any) -> str:
        return self.catalog.message(msg_id, self.lang, **values)


def literal_text(exporter: Any, node: n.Node) -> str | None:
    """The text of a literal, of ``RC``/``TAB``…, of ``Caract(n)``, or of their concatenation;
    None for anything computed at run time."""
    if isinstance(node, n.Str):
        return node.value
    if isinstance(node, n.Name):
        ref = exporter.ref(node)
        value = CONSTANTS.get(ref[1].id) if ref[0] == "const" else None
        return value if isinstance(value, str) else None
    if isinstance(node, n.Call) and len(node.args) == 1:
        kind = exporter.ann.calls.get(id(node), ("",))
        arg = node.args[0]
        if kind[0] == "func" and kind[1].id == "charact" and isinstance(arg, n.Num):
            code = arg.value
            return chr(code) if type(code) is int and 0 <= code < 0x110000 else None
        return None
    if isinstance(node, n.BinOp) and node.op == "PLUS":
        left, right = literal_text(exporter, node.left), literal_text(exporter, node.right)
        return left + right if left is not None and right is not None else None
    return None


def literal(value: Py) -> str | None:
    """The text a folded value holds, when it is a literal."""
    code = value.code
    return code.value if isinstance(code, ast.Constant) and isinstance(code.value, str) else None


def message_object(msg: Message, counts: dict[str, str]) -> EmailObject | EmailStructure | None:
    """The ``Email`` (or the structure) ``msg`` describes, as ``wlmail run`` holds it; None when
    a value is not a literal or the structure names files to attach (read when sending)."""
    obj: EmailObject | EmailStructure = EmailObject() if msg.owner == "email" else EmailStructure()
    obj.values["priority"] = msg.priority
    for prop, text in {**msg.texts, **msg.refused}.items():
        if text is None:
            return None
        obj.values[prop.partition(".")[2]] = text
    for key, items in msg.lists.items():
        pid = key.partition(".")[2]
        values = {i: literal(v) for i, v in items.items()}
        if pid == "attach" or any(v is None for v in values.values()):
            return None
        array = [""] * max(values, default=0)
        for i, text in values.items():
            array[i - 1] = str(text)
        obj.values[pid].items = array
    for counter, key in counts.items():
        if counter.startswith(msg.owner + ".") and key in msg.counts:
            obj.values[counter.partition(".")[2]] = msg.counts[key]
    for index in range(1, max(msg.attachments, default=0) + 1):
        if not isinstance(obj, EmailObject):
            return None
        att = EmailAttachObject()
        for prop, value in msg.attachments.get(index, {}).items():
            text = literal(value)
            if text is None:
                return None
            att.values[prop.partition(".")[2]] = text
        obj.values["attach"].items.append(att)
    return obj


def build_outcome(msg: Message, counts: dict[str, str], texts: Texts) -> str | None:
    """``""`` when wlmail builds the message, its ``ErreurInfo`` text when it refuses it, None
    when that is not known before run time (or wlmail would warn on stderr)."""
    obj = message_object(msg, counts)
    if obj is None:
        return None
    try:
        spec = email_to_spec(obj) if isinstance(obj, EmailObject) else structure_to_spec(obj)
        _, _, sender, recipients = build_with_envelope(spec)
    except MailError as err:
        return mail_error_text(cast(Any, texts), obj, err)
    if any(underscore_domain(addr) for addr in (sender, *recipients)):
        return None  # wlmail warns on stderr about such a domain
    return ""


def address_status(address: str) -> bool | None:
    """``EmailVérifieAdresse`` of a literal: valid or not (None: wlmail would warn)."""
    text = address.strip()
    valid = check_address_syntax(text)
    return None if valid and underscore_domain(text) else valid


def id_domain(msg: Message) -> str:
    """The domain wlmail gives a built message's Message-ID: its sender's (literal, ASCII)."""
    sender = msg.texts.get(msg.owner + ".sender")
    domain = parseaddr(sender)[1].rpartition("@")[2] if sender else ""
    return domain if domain.isascii() and domain.replace(".", "").replace("-", "").isalnum() else ""


def wlmail_source(msg: Message, counts: dict[str, str]) -> str | None:
    """The source ``wlmail run`` builds for ``msg`` (None: not known before run time)."""
    obj = message_object(msg, counts)
    if obj is None:
        return None
    try:
        spec = email_to_spec(obj) if isinstance(obj, EmailObject) else structure_to_spec(obj)
        built = build_with_envelope(spec, bcc_header=not msg.hidden_bcc)[0]
    except MailError:
        return None
    return render(built).decode("utf-8", "replace")


def python_source(msg: Message, lists: dict[str, str], headers: dict[str, str]) -> str | None:
    """The source the exported program builds for ``msg``: the same ``EmailMessage`` calls as
    :meth:`~wlmail.export.mail_message.MessageMixin.ready` writes (None: not all literals)."""
    made = EmailMessage(policy=policy.SMTP)
    texts = {k: v for k, v in msg.texts.items() if k.startswith(msg.owner + ".")}
    if any(v is None for v in texts.values()):
        return None
    for prop, text in texts.items():
        if prop in headers:
            made[headers[prop]] = str(text)
    if msg.priority != 3:
        high = msg.priority < 3
        made["X-Priority"] = "1 (Highest)" if high else "5 (Lowest)"
        made["Importance"] = "high" if high else "low"
    text, html = texts.get(msg.owner + ".message"), texts.get(msg.owner + ".html")
    if text is not None:
        made.set_content(text)
    if html is not None and text is not None:
        made.add_alternative(html, subtype="html")
    elif html is not None:
        made.set_content(html, subtype="html")
    for prop, header in lists.items():
        if not prop.startswith(msg.owner + ".") or (header == "Bcc" and msg.hidden_bcc):
            continue
        items = msg.lists.get(prop, {})
        count = msg.counts.get(prop, len(items))
        values = [literal(items[i]) for i in sorted(items) if i <= count]
        if any(v is None for v in values):
            return None
        if values:
            made[header] = ", ".join(str(v) for v in values)
    made["Date"] = formatdate(localtime=True)
    made["Message-ID"] = make_msgid()
    for index in sorted(msg.attachments):
        fields = {k.partition(".")[2]: literal(v) for k, v in msg.attachments[index].items()}
        name, content = fields.get("name"), fields.get("content")
        ctype = fields.get("content_type") or (guess_type(name) if name else None)
        if name is None or content is None or ctype is None or "/" not in ctype:
            return None
        main, sub = ctype.split("/", 1)
        made.add_attachment(content.encode(), main, sub, filename=name)
    return made.as_string()
