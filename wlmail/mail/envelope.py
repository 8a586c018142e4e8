"""The envelope of a ready-made message source (``EmailEnvoie``/``EmailSend`` of a file): MAIL
FROM is the From address, RCPT TO every To, Cc and Bcc address (once each), and the text goes
out without its Bcc header. Pure: bytes in, envelope and bytes out.
"""

from __future__ import annotations

import re
from email import message_from_bytes
from email import policy as email_policy
from email.utils import getaddresses

from wlmail.mail.mime import MailError, forbidden_char

__all__ = ["source_envelope"]

_BCC_LINE = re.compile(rb"^bcc[ \t]*:", re.IGNORECASE)


def source_envelope(raw: bytes) -> tuple[str, list[str], bytes]:
    """Envelope of a ready-made source (From; To + Cc + Bcc) and the source without Bcc."""
    msg = message_from_bytes(raw, policy=email_policy.compat32)
    senders = [addr for _, addr in getaddresses(msg.get_all("From", [])) if addr]
    if not senders:
        raise MailError("no-sender", "sender: missing", "sender")
    recipients: list[str] = []
    for name in ("To", "Cc", "Bcc"):
        for _, addr in getaddresses(msg.get_all(name, [])):
            if addr and addr.lower() not in (r.lower() for r in recipients):
                recipients.append(addr)
    if not recipients:
        raise MailError("no-recipient", "to, cc, bcc: no recipient", "to")
    for where, addr in (("sender", senders[0]), *(("to", r) for r in recipients)):
        if forbidden_char(addr) or not _lenient_address(addr):
            raise MailError("bad-address", f"{where}: invalid address {addr!r}", where)
    return senders[0], recipients, _without_bcc(raw)


def _lenient_address(addr: str) -> bool:
    """Envelope addresses of a ready-made source: local@domain, no space or control character."""
    local, at, domain = addr.rpartition("@")
    return bool(at and local and domain) and not re.search(r"[\s<>\x00-\x1f\x7f]", addr)


def _without_bcc(raw: bytes) -> bytes:
    lines = raw.splitlines(keepends=True)
    out: list[bytes] = []
    skipping = False
    for index, line in enumerate(lines):
        if line in (b"\r\n", b"\n"):
            out.extend(lines[index:])
            break
        if skipping and line[:1] in (b" ", b"\t"):
            continue
        skipping = bool(_BCC_LINE.match(line))
        if not skipping:
            out.append(line)
    return b"".join(out)
