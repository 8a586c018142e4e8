"""What the exporter's mail modules share: the sessions and messages a script declares, what
a node designates, and the rule that mail values are folded only in the block declaring them.

The mail mapping is split by concern: sessions (:mod:`.mail_session`), messages and their
attachments (:mod:`.mail_message`), the statements and conditions that use them (:mod:`.mail`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wlmail.export.base import Py, Skip
from wlmail.export.stmts import StmtMixin, walk
from wlmail.syntax import nodes as n

MAIL_ERRORS = "(OSError, smtplib.SMTPException)"
LEGACY = "\0legacy"


@dataclass(slots=True)
class Session:
    py: str
    home: int = 0  # the block it was declared in: its properties are folded there only
    props: dict[str, Py] = field(default_factory=dict)
    option: str = "email_option_default"


@dataclass(slots=True)
class Message:
    py: str
    owner: str  # email or email_structure
    home: int = 0
    lists: dict[str, dict[int, Py]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    attachments: dict[int, dict[str, Py]] = field(default_factory=dict)
    headers: set[str] = field(default_factory=set)
    body: str = ""  # "", "text", "html"
    sent: int = 0  # the WLangage ID given by its send
    ready: bool = False


class MailBase(StmtMixin):
    sessions: dict[str, Session]
    messages: dict[str, Message]
    timeout: str = "600"
    sends = 0

    def mail_setup(self) -> None:
        self.sessions, self.messages = {}, {}

    # -- what a node designates --------------------------------------------------------------
    def var_kind(self, node: n.Node) -> tuple[str, str] | None:
        """(kind, key) of a mail variable: a typed session or message, or the global Email."""
        if not isinstance(node, n.Name):
            return None
        ref = self.ref(node)
        if ref[0] == "const" and ref[1].id == "email_global":
            return "email_structure", LEGACY
        if ref[0] == "var" and str(ref[1].vtype.id) in ("email", "email_smtp_session"):
            return str(ref[1].vtype.id), node.key
        return None

    def static(self, node: n.Node, what: str, home: int | None = None) -> None:
        """Mail values are folded while the exporter reads the script: only in the block
        (loop body, branch, procedure) where the variable was declared."""
        if home is None:
            home = 1  # the main code's block
        if self.here != home:
            raise Skip(node, f"{what} outside the block declaring the variable")

    def pure(self, value: n.Node) -> Py:
        if any(isinstance(x, n.Call) for x in walk(value)):
            raise Skip(value, "a mail property set from a call")
        return self.expr(value)
