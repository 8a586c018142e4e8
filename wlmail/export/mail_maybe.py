"""An SMTP session whose open may fail without the script leaving: ``smtplib.SMTP | None``.

WLangage code often opens a session and goes on whatever happened (``EmailOuvreSession(s)``
alone on its line, or ``SI PAS EmailOuvreSession(s) ALORS Erreur(…) FIN`` without ``RETOUR``).
wlmail's later sends then return Faux with "la session SMTP « … » n'est pas ouverte"; the
Python variable, though, is unbound after a failed open, and a send would stop the program
with UnboundLocalError. So such a session is declared ``s: smtplib.SMTP | None = None``, a
failed open sets it to None (and not to a connection whose login failed), each send that may
meet None first raises ``smtplib.SMTPServerDisconnected`` with wlmail's message (its ``try``
or ``contextlib.suppress`` takes it as any other failure), and the close is ``if s is not
None:``. A session whose open's failure branch leaves (``RETOUR``) is unchanged: it is open
wherever it is used.
"""

from __future__ import annotations

import ast
from typing import Any

from wlmail.export.base import Skip
from wlmail.export.mail_common import LEGACY, MAIL_ERRORS, Session, leaves
from wlmail.export.mail_session import legacy_key
from wlmail.export.mail_shapes import mail_condition
from wlmail.export.stmts import walk
from wlmail.syntax import nodes as n

#: the functions that open an SMTP session (a failure branch that leaves makes it sure)
OPENS = ("email_start_session", "email_start_smtp_session")


class MaybeOpenMixin:
    """Mixed into the mail exporter (:class:`wlmail.export.mail.MailMixin`)."""

    unsure_keys: set[str]
    sessions: dict[str, Session]
    errors: str

    def unsure_opens(self: Any) -> set[str]:
        """The sessions (their keys) some open of which the script goes on after a failure:
        an open alone on its line, or the condition of a ``SI`` whose failure branch does not
        leave. (An open whose result is kept in a variable is the OAuth retry's shape,
        oauth_retry.py, which tests that variable.)"""
        unsure: set[str] = set()
        for node in walk([self.program.body, self.program.procs]):
            call, failed = None, None
            if isinstance(node, n.ExprStmt) and isinstance(node.expr, n.Call):
                call = node.expr
            elif isinstance(node, n.If) and len(node.arms) == 1:
                shape = mail_condition(node.arms[0][0])
                if shape is not None:
                    call = shape[0]
                    failed = (node.other or []) if shape[1] else node.arms[0][1]
            found = self.mail_function(call) if call is not None else None
            if found is None or found[0].id not in OPENS or (failed is not None and leaves(failed)):
                continue
            key = self.open_key(found[0].id, found[1])
            if key is not None:
                unsure.add(key)
        return unsure

    def open_key(self: Any, entry_id: str, call: n.Call) -> str | None:
        first = call.args[0] if call.args else None
        if entry_id == "email_start_smtp_session":
            return legacy_key(first)
        found = self.var_kind(first) if first is not None else None
        return found[1] if found is not None and found[0] == "email_smtp_session" else None

    def maybe_declare(self: Any, node: n.Node, entry: Any, expr: n.Call) -> str | None:
        """Before a legacy open that may fail unseen: ``smtp: smtplib.SMTP | None``. Returns
        the Python name of the session (typed or legacy) when its open may fail unseen, else
        None."""
        if entry.id not in OPENS:
            return None
        key = self.open_key(entry.id, expr)
        if key is None or key not in self.unsure_keys:
            return None
        if entry.id == "email_start_smtp_session":
            if key in self.sessions:
                return None  # a second open: reported by open_legacy
            number = sum(k.startswith(LEGACY) for k in self.sessions)
            py = "smtp" if not number else f"smtp_{number + 1}"
            self.need("import smtplib")
            self.out.emit(node.line, f"{py}: smtplib.SMTP | None")
            return py  # the name open_legacy gives the session it makes
        return str(self.sessions[key].py)

    def open_maybe(self: Any, node: n.Node, expr: n.Call, entry: Any, py: str) -> None:
        """An open whose result the script ignores: ``try``, and None when it failed."""
        self.need("import smtplib")
        self.out.emit(node.line, "try:")
        with self.out.block():
            self.errors = MAIL_ERRORS
            self.actions(node, expr, entry)
        self.out.emit(0, f"except {self.errors}:")
        self.out.emit(0, f"    {py} = None")

    def unopened(self: Any, node: n.Node, entry: Any, expr: n.Call) -> Session | None:
        """The session of a send whose result nobody reads, when it may be None: the send is
        then written under ``if s is not None:`` (its failure would be suppressed anyway)."""
        if entry.id != "email_send_message":
            return None
        session: Session = self.session(expr, node)
        if not session.maybe or session.sure or session.asynchronous:
            return None
        return session

    def check_open(self: Any, node: n.Node, session: Session) -> None:
        """Before a send on a session that may be None: the failure wlmail reports."""
        if not session.maybe or session.sure:
            return
        if session.asynchronous:
            raise Skip(node, "an asynchronous session whose open may have failed unseen")
        props = session.props
        if session.typed:
            who = props.get("user") or props.get("host")
            text = self.cat.message("mail_session_not_open", self.lang, name="{name}")
        else:
            who = props.get("user")
            text = self.cat.message("mail_no_session_for_user", self.lang, name="{name}")
        before, _, after = text.partition("{name}")
        if who is None or isinstance(who.code, ast.Constant):
            said = str(who.code.value) if who is not None else ""  # type: ignore[attr-defined]
            message = repr(before + said + after)
        else:  # ast writes the f-string: the quotes of the name's own expression never clash
            code = who.code
            inner = (
                code.values if isinstance(code, ast.JoinedStr) else [ast.FormattedValue(code, -1)]
            )
            message = ast.unparse(
                ast.JoinedStr([ast.Constant(before), *inner, ast.Constant(after)])
            )
        self.need("import smtplib")
        self.out.emit(node.line, f"if {session.py} is None:")
        self.out.emit(0, f"    raise smtplib.SMTPServerDisconnected({message})")
