"""IMAP folders and flags: ``EmailListeRépertoire``, ``EmailChangeRépertoire``,
``EmailRépertoireEnCours``, ``EmailCréeRépertoire``, ``EmailSupprimeRépertoire``,
``EmailCopieMessage``, ``EmailDéplaceMessage``, and wlmail's ``EmailMarqueLu``/``EmailMarqueNonLu``.

No page of these functions was found in the stored documentation (see
``tests/doc_examples/receive/NOTES.md``): the names are WINDEV's, the syntaxes are wlmail's
rulings, written in the README ("Reading mail") and in the catalog's summaries. The rules of the
other receive functions hold: an expected failure is ``Faux`` + ``ErreurInfo``; a message is the
``Email`` given when it was read from this session, else the one read last; nothing is expunged
that the script did not ask for. A POP3 session has no folders nor flags: ``Faux`` + ``ErreurInfo``.
"""

from __future__ import annotations

from typing import Any

from wlmail.builtins import builtin
from wlmail.builtins.mail import _fail, _structure
from wlmail.builtins.mail_connect import Refused
from wlmail.builtins.receive import ReceiveSession, _guarded
from wlmail.mail.mime import forbidden_char
from wlmail.mail.objects import EmailObject, EmailStructure
from wlmail.runtime.state import Runtime
from wlmail.runtime.values import WLFault, to_str


def _folder(rt: Runtime, value: Any) -> str:
    """A folder name: not empty, and no control character (it goes into an IMAP command)."""
    name = to_str(value)
    bad = forbidden_char(name)
    if bad is not None:
        raise Refused(rt.msg("receive_folder_char", name=name, char=bad))
    if not name.strip():
        raise Refused(rt.msg("receive_folder_empty"))
    return name


def _number(session: ReceiveSession, email: Any) -> int:
    """The message an ``Email`` was read from in this session, or the one read last."""
    origin = getattr(email, "origin", None)
    if origin is not None and origin[0] is session:
        return int(origin[1])
    return session.current


def _checked(rt: Runtime, session: Any, action: Any) -> Any:
    """``_guarded`` plus the refusals this module raises before any exchange."""
    try:
        return _guarded(rt, session, None, action)
    except Refused as refused:
        return _fail(rt, refused.text)


@builtin("email_list_folder", fallible=True)
def email_list_folder(rt: Runtime, session: Any) -> str:
    result = _checked(rt, session, lambda s: s.run(s.mailbox.folders()))
    return "\r\n".join(result) if isinstance(result, list) else ""


@builtin("email_current_folder", fallible=True)
def email_current_folder(rt: Runtime, session: Any) -> str:
    def current(s: ReceiveSession) -> str:
        if s.mailbox.protocol != "imap":
            return "INBOX"
        return s.mailbox.settings.folder

    result = _checked(rt, session, current)
    return result if isinstance(result, str) else ""


def _on_folder(method: str) -> Any:
    def call(rt: Runtime, session: Any, folder: Any) -> bool:
        def action(s: ReceiveSession) -> bool:
            name = _folder(rt, folder)
            s.run(getattr(s.mailbox, method)(name))
            if method == "change_folder":
                s.current = 0
            return True

        return bool(_checked(rt, session, action))

    return call


builtin("email_change_folder", fallible=True)(_on_folder("change_folder"))
builtin("email_create_folder", fallible=True)(_on_folder("create_folder"))
builtin("email_delete_folder", fallible=True)(_on_folder("delete_folder"))


def _split(args: tuple[Any, ...]) -> tuple[Any, tuple[Any, ...]]:
    if args and isinstance(args[0], EmailObject | EmailStructure):
        return args[0], args[1:]
    return None, args


def _on_message(method: str, with_folder: bool, *fixed: Any) -> Any:
    def call(rt: Runtime, session: Any, *args: Any) -> bool:
        email, rest = _split(args)
        if with_folder and not rest:
            raise WLFault("missing_arg", name="répertoire" if rt.lang == "fr" else "folder")

        def action(s: ReceiveSession) -> bool:
            number = _number(s, email)
            extra = (_folder(rt, rest[0]),) if with_folder else fixed
            if not s.run(getattr(s.mailbox, method)(number, *extra)):
                raise Refused(rt.msg("receive_no_message", number=number))
            if method == "move":  # gone from this folder, as after EmailSupprimeMessage
                (email if email is not None else _structure(rt)).values["out"] = True
            return True

        return bool(_checked(rt, session, action))

    return call


builtin("email_copy_message", fallible=True)(_on_message("copy", True))
builtin("email_move_message", fallible=True)(_on_message("move", True))
builtin("email_mark_read", fallible=True)(_on_message("mark_seen", False, True))
builtin("email_mark_unread", fallible=True)(_on_message("mark_seen", False, False))
