"""Receive functions used as values in an exported program: ``EmailListeRépertoire``,
``EmailTailleMessage``, and the attachments of the message a reading loop reads into the
``Email`` structure (``NbAttache``, ``Attache[i]``, ``EmailSauveFichierAttaché``).

Each is a small function the program defines itself (mail code calls no helper module), with
``wlmail run``'s result on failure: ``EmailListeRépertoire`` lists the IMAP folders
(``LIST "" "*"``), one a line (separated by ``RC``), their names decoded from modified UTF-7
as ``wlmail/mail/mutf7.py`` does; ``EmailTailleMessage`` asks a POP3 server the size of a
message (``LIST n``), 0 when it has none (an absent or deleted number, a refusal). IMAP sizes
are not written: wlmail numbers IMAP messages by the UIDs it listed at the open, which a
program re-searching would not match once the mailbox changed. Attachments are listed as
``wlmail/mail/parse.py`` lists them (every leaf part but the text and HTML bodies, ``partN.ext``
for one without a name or Content-ID) and saved with wlmail's rule for a folder (only the bare
name, inside it); an attached ``message/rfc822`` is saved as the ``email`` package writes it
again (with CRLF: the same bytes for a plain message; a long header may be folded
otherwise). An ``Email`` variable's ``emailAttache`` objects are not written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wlmail.export.base import Py, Skip
from wlmail.export.mail import LEGACY
from wlmail.export.receive import ReceiveMixin
from wlmail.export.receive_sessions import Box
from wlmail.export.stmts import walk
from wlmail.syntax import nodes as n

#: the functions a program may define: source, imports, functions it calls
FUNCTIONS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "mutf7_decode": (
        '''
def mutf7_decode(name: str) -> str:
    """An IMAP folder name as sent (modified UTF-7, RFC 3501 §5.1.3), readable: ``&`` … ``-``
    holds UTF-16 in base64 (``,`` for ``/``); a malformed run is kept as it was sent."""

    def shifted(found: re.Match[str]) -> str:
        data = found.group(1).replace(",", "/")
        if not data:
            return "&"
        try:
            return base64.b64decode(data + "=" * (-len(data) % 4)).decode("utf-16-be")
        except ValueError:
            return found.group(0)

    return re.sub(r"&([A-Za-z0-9+,]*)-", shifted, name)
''',
        ("import base64", "import re"),
        (),
    ),
    "imap_folders": (
        '''
def imap_folders(imap: imaplib.IMAP4) -> str:
    """The folders the server lists (``LIST "" "*"``), one a line, their names readable;
    "" when the server refuses or the connection fails (as EmailListeRépertoire)."""
    try:
        status, listed = imap.list()
    except (OSError, imaplib.IMAP4.error):
        return ""
    names = []
    for item in listed if status == "OK" else []:
        if isinstance(item, tuple):  # a name sent as a literal
            raw = item[1]
        else:
            found = re.match(rb'\\(.*?\\) (?:"(?:[^"\\\\]|\\\\.)*"|NIL) (.*)', item or b"")
            if found is None:
                continue
            raw = found.group(1)
            if raw.startswith(b'"'):  # a quoted string: \\" and \\\\ stand for " and \\
                raw = re.sub(rb"\\\\(.)", rb"\\1", raw[1:-1])
        names.append(mutf7_decode(raw.decode("utf-8", "replace")))
    return "\\r\\n".join(names)
''',
        ("import imaplib", "import re"),
        ("mutf7_decode",),
    ),
    "pop3_size": (
        '''
def pop3_size(pop3: poplib.POP3, number: int) -> int:
    """The size in bytes of message ``number`` (``LIST n``); 0 when the server has none."""
    try:
        answer: object = pop3.list(number)  # with a number: the one line b"+OK n size"
    except (OSError, poplib.error_proto):
        return 0
    words = answer.split() if isinstance(answer, bytes) else []
    return int(words[2]) if len(words) > 2 and words[2].isdigit() else 0
''',
        ("import poplib",),
        (),
    ),
    "attached_parts": (
        '''
def attached_parts(message: EmailMessage) -> list[tuple[str, bytes]]:
    """The attachments of a received message as wlmail lists them: every leaf part but the
    text and HTML bodies, named by its file name, else partN.ext (N its place among them)
    unless it has a Content-ID; its content decoded from its transfer encoding."""
    bodies = [message.get_body(("plain",)), message.get_body(("html",))]
    leaves: list[MIMEPart] = []
    pending: list[MIMEPart] = [message]
    while pending:
        part = pending.pop(0)
        if part.get_content_maintype() == "multipart" and part.is_multipart():
            pending[:0] = list(part.iter_parts())
        elif not any(part is body for body in bodies):
            leaves.append(part)
    found = []
    for index, part in enumerate(leaves, 1):
        name = part.get_filename() or ""
        if not name and not part.get("Content-ID"):
            extension = mimetypes.MimeTypes().guess_extension(part.get_content_type())
            name = f"part{index}{extension or '.bin'}"
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):  # an attached message: written again by email
            inner = part.get_content()  # the embedded message
            data = inner.as_bytes(policy=inner.policy.clone(linesep="\\r\\n"))
        found.append((name, data))
    return found
''',
        ("import mimetypes", "from email.message import EmailMessage, MIMEPart"),
        (),
    ),
    "save_attachment": (
        '''
def save_attachment(parts: list[tuple[str, bytes]], name: str, destination: str) -> bool:
    """The attachment ``name`` of the message read, written to ``destination``, or into it
    under its bare name when it is a folder (a name sent as ``../x`` stays inside);
    False when the message has no such attachment or the file cannot be written."""
    found = [data for part_name, data in parts if part_name == name]
    if not found:
        return False
    target = Path(destination)
    if destination and target.is_dir():
        bare = name.replace("\\\\", "/").rsplit("/", 1)[-1]
        bare = "".join(c for c in bare if c.isprintable()).strip().lstrip(".")
        target = target / (bare or "piece-jointe")
    try:
        target.write_bytes(found[0])
    except (OSError, ValueError):
        return False
    return True
''',
        ("from pathlib import Path",),
        (),
    ),
}
#: what makes a reading loop parse the attachments of its message
ATTACHED = ("attach", "nb_attach")


class ReceiveValuesMixin(ReceiveMixin):
    receive_functions: set[str]

    def mail_setup(self) -> None:
        super().mail_setup()
        self.receive_functions = set()

    def mail_call(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        kind = entry.id
        if kind == "email_list_folder" and len(args) == 1:
            box = self.value_box(node, args[0], "imap", "EmailListeRépertoire")
            return self.guarded(node, box, f"imap_folders({box.py})", '""', "string")
        if kind == "email_message_size" and len(args) == 2:
            box = self.value_box(node, args[0], "pop3", "EmailTailleMessage")
            number = self.expr(args[1])
            if number.type != "int":
                raise Skip(node, "EmailTailleMessage of a number that is not an integer")
            return self.guarded(node, box, f"pop3_size({box.py}, {number.src})", "0", "int")
        if kind == "email_save_attachment" and len(args) == 2:
            return self.save_attachment(node, args)
        return super().mail_call(node, entry, args)

    def mail_statement(self, node: n.Node, expr: n.Call, entry: Any) -> bool:
        if entry.id == "email_save_attachment" and len(expr.args) == 2:
            self.line(node, self.save_attachment(node, expr.args).src)
            return True
        return super().mail_statement(node, expr, entry)

    # -- Attache, NbAttache, EmailSauveFichierAttaché of the message being read ----------------
    def save_attachment(self, node: n.Node, args: list[n.Node]) -> Py:
        """``EmailSauveFichierAttaché(Email.Attache[i], destination)`` in a reading loop."""
        first = args[0]
        target = first.target if isinstance(first, n.Index) else None
        key = self.received_key(target.target) if isinstance(target, n.Member) else None
        if key != LEGACY or self.field_of(target, LEGACY) != "attach":  # type: ignore[arg-type]
            raise Skip(node, "EmailSauveFichierAttaché of something else than Email.Attache[i]")
        name, destination = self.expr(first), self.expr(args[1])
        if destination.type != "string":
            raise Skip(node, "EmailSauveFichierAttaché to something that is not a text")
        self.receive_functions.add("save_attachment")
        parts = f"{self.received[LEGACY]}_parts"
        return Py(self.parse(f"save_attachment({parts}, {name.src}, {destination.src})"), "bool")

    def x_Member(self, node: n.Member) -> Py:
        key = self.received_key(node.target)
        if key is not None and key != LEGACY and self.field_of(node, key) in ATTACHED:
            raise Skip(node, "the attachments of an Email variable (emailAttache)")
        return super().x_Member(node)

    def received_loop(
        self, key: str, py: str, body: list[n.Node], line: int, head: list[str]
    ) -> None:
        """A message whose attachments the body reads: parsed once, after the message."""
        self.received[key] = py
        try:
            used = {self.field_of(x, key) for x in walk(body) if isinstance(x, n.Member)}
        finally:
            del self.received[key]
        if key == LEGACY and used & set(ATTACHED):
            self.receive_functions.add("attached_parts")
            head = [*head, f"{py}_parts = attached_parts({py})"]
        super().received_loop(key, py, body, line, head)

    def value_box(self, node: n.Node, arg: n.Node, protocol: str, what: str) -> Box:
        box = self.box_of(arg)
        if box is None or box.protocol != protocol:
            raise Skip(node, f"{what} of something that is not a {protocol.upper()} session")
        return box

    def guarded(self, node: n.Node, box: Box, call: str, failed: str, kind: str) -> Py:
        """``call`` where the session is surely open, else under the flag its open set (wlmail
        then gives ``failed``)."""
        guard = self.surely_open(node, box, guarded=True)
        self.receive_functions.add(call.partition("(")[0])
        code = f"({call} if {guard} else {failed})" if guard else call
        return Py(self.parse(code), kind)

    def program_functions(self) -> str:
        """The functions the program defines: OAuth's (the mixins after this one), then these."""
        parent: Callable[[], str] | None = getattr(super(), "program_functions", None)
        first = parent() if parent is not None else ""
        names = set(self.receive_functions)
        for name in list(names):
            names.update(FUNCTIONS[name][2])
        parts = []
        for name, (source, imports, _) in FUNCTIONS.items():
            if name in names:
                parts.append(source.strip("\n"))
                for line in imports:
                    self.need(line)
        if "from email.message import EmailMessage, MIMEPart" in self.imports:
            self.imports.discard("from email.message import EmailMessage")  # one line (isort)
        return "\n\n\n".join(x for x in (first, *parts) if x)
