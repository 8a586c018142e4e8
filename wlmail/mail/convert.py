"""Between WLangage mail objects and :class:`~wlmail.mail.mime.MailSpec`.

``Email`` variable → spec (attachments from ``emailAttache`` contents), legacy ``Email`` structure →
spec (attachments read from the file paths of ``Email.Attache``, counters applied), and a parsed
spec back into either (``EmailImporteSource``). Pure apart from reading attachment files.
"""

from __future__ import annotations

import re
from email.utils import parseaddr
from pathlib import Path

from wlmail.mail.mime import Attachment, MailError, MailSpec
from wlmail.mail.objects import EmailAttachObject, EmailObject, EmailStructure, HostObject
from wlmail.runtime.values import to_int, to_str

__all__ = [
    "HIGH_PRIORITY",
    "LOW_PRIORITY",
    "NORMAL_PRIORITY",
    "SENSITIVITIES",
    "email_to_spec",
    "file_name",
    "header_block",
    "spec_to_object",
    "structure_to_spec",
]

HIGH_PRIORITY, NORMAL_PRIORITY, LOW_PRIORITY = 1, 3, 5
#: Email.Confidentialité value → MailSpec.sensitivity
SENSITIVITIES = {0: "", 1: "personal", 2: "private", 3: "company-confidential"}
_SENSITIVITY_VALUES = {v: k for k, v in SENSITIVITIES.items()}
_SEP = re.compile(r"[\\/]")


def file_name(path: str) -> str:
    """The last component of a path written with / or \\ (WINDEV scripts use both)."""
    return _SEP.split(path.rstrip("\\/"))[-1]


def _priority(value: int) -> int:
    """WLangage priority (1 high … 5 low, X-Priority style) → MailSpec priority sign."""
    if value in (1, 2):
        return 1
    if value in (4, 5):
        return -1
    return 0


def _sender(obj: HostObject) -> str:
    sender = to_str(obj.values["sender"])
    return sender if sender.strip() else to_str(obj.values["sender_address"])


def _common(obj: HostObject) -> MailSpec:
    date = obj.values["date"]
    return MailSpec(
        sender=_sender(obj),
        subject=to_str(obj.values["subject"]),
        text=to_str(obj.values["message"]),
        html=to_str(obj.values["html"]),
        reply_to=to_str(obj.values["reply_to"]),
        priority=_priority(to_int(obj.values["priority"])),
        receipt=bool(obj.values["disposition_notification"]),
        date=date,
    )


def email_to_spec(obj: EmailObject) -> MailSpec:
    """The message an ``Email`` variable describes."""
    spec = _common(obj)
    spec.to = obj.strings("recipient")
    spec.cc = obj.strings("cc")
    spec.bcc = obj.strings("bcc")
    spec.categories = obj.strings("category")
    spec.read_confirmation = bool(obj.values["read_confirmation"])
    level = to_int(obj.values["confidentiality"])
    if level not in SENSITIVITIES:
        raise MailError("bad-sensitivity", f"confidentiality: unknown {level}", "sensitivity")
    spec.sensitivity = SENSITIVITIES[level]
    spec.message_id = to_str(obj.values["message_id"])
    spec.attachments = [_attachment(att) for att in obj.values["attach"].items]
    return spec


def _attachment(att: EmailAttachObject) -> Attachment:
    content = att.values["content"]
    return Attachment(
        name=to_str(att.values["name"]),
        content=content if isinstance(content, bytes) else to_str(content).encode("utf-8"),
        content_type=to_str(att.values["content_type"]).strip(),
        description=to_str(att.values["content_description"]),
        content_id=to_str(att.values["identifier"]).strip(),
    )


def structure_to_spec(obj: EmailStructure) -> MailSpec:
    """The message the legacy structure describes; attachment files are read now.

    Raises ``MailError("attachment-file", reason, path)`` when a file cannot be read.
    """
    spec = _common(obj)
    spec.to = obj.used("recipient")
    spec.cc = obj.used("cc")
    spec.bcc = obj.used("bcc")
    spec.message_id = to_str(obj.values["id"])
    identifiers = obj.strings("attach_identifier")
    for index, path in enumerate(obj.used("attach")):
        if not path.strip():
            continue
        try:
            content = Path(path).read_bytes()
        except OSError as exc:
            raise MailError("attachment-file", exc.strerror or str(exc), path) from None
        cid = identifiers[index].strip() if index < len(identifiers) else ""
        spec.attachments.append(Attachment(file_name(path), content, content_id=cid))
    return spec


_BLANK_LINE = re.compile(r"\r?\n\r?\n")


def header_block(source: str) -> str:
    """The header section of a message source (without the blank line); the body is not copied."""
    end = _BLANK_LINE.search(source)
    head = source if end is None else source[: end.start()]
    return head.replace("\r\n", "\n").replace("\n", "\r\n")


def spec_to_object(spec: MailSpec, obj: HostObject) -> None:
    """Fill an ``Email`` or the structure from a parsed message (``EmailImporteSource``)."""
    values = obj.values
    values["sender"] = spec.sender
    values["sender_address"] = parseaddr(spec.sender)[1]
    values["subject"] = spec.subject
    values["message"] = spec.text
    values["html"] = spec.html
    values["reply_to"] = spec.reply_to
    values["priority"] = (
        HIGH_PRIORITY if spec.priority > 0 else LOW_PRIORITY if spec.priority < 0 else 3
    )
    values["disposition_notification"] = spec.receipt
    values["receive_date"] = spec.date
    values["date"] = spec.date
    for pid, items in (("recipient", spec.to), ("cc", spec.cc), ("bcc", spec.bcc)):
        values[pid].items = list(items)
    if isinstance(obj, EmailObject):
        values["message_id"] = spec.message_id
        values["read_confirmation"] = spec.read_confirmation
        values["category"].items = list(spec.categories)
        values["confidentiality"] = _SENSITIVITY_VALUES.get(spec.sensitivity.lower(), 0)
        attachments = []
        for att in spec.attachments:
            item = EmailAttachObject()
            item.values.update(
                name=att.name,
                content=att.content,
                content_type=att.content_type,
                content_description=att.description,
                identifier=att.content_id,
            )
            attachments.append(item)
        values["attach"].items = attachments
    elif isinstance(obj, EmailStructure):
        values["id"] = spec.message_id
        for pid in obj.COUNTERS:
            values[pid] = None
        values["attach"].items = [att.name for att in spec.attachments]
        obj.received = [(att.name, att.content) for att in spec.attachments]
        values["attach_identifier"].items = [att.content_id for att in spec.attachments]
