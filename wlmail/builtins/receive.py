"""Receive functions (``EmailOuvreSessionPOP3``, ``EmailLitPremier``, ``EmailRécupèreTout``…): the
built-ins that open a session in the legacy syntax and read, count and delete its messages.

The sessions themselves (POP3/IMAP session types, opening, closing, the run's state) are
``builtins/receive_sessions.py``; IMAP folders and flags ``builtins/receive_folders.py``. A session
is designated by its variable or, in the legacy syntax, by the user name it was opened with. An
expected failure is ``Faux`` + ``ErreurInfo`` (decision 7); finding no message is not a failure:
the ``Email`` read into gets ``EnDehors`` = Vrai.
"""

from __future__ import annotations

from typing import Any

from wlmail.builtins import builtin
from wlmail.builtins.mail import _fail, _Refused, _structure
from wlmail.builtins.receive_sessions import (
    PROTOCOL_NAMES,
    ReceiveSession,
    close_typed,
    close_user,
    failure_text,
    fill,
    open_legacy,
    open_typed,
    receive_state,
)
from wlmail.catalog import get_catalog
from wlmail.mail.connect import ReceiveFailure
from wlmail.mail.mailbox import ReadAhead
from wlmail.mail.objects import EmailObject, EmailStructure
from wlmail.mail.receive_objects import LazyEmail, ReceiveSessionObject
from wlmail.runtime.state import Runtime
from wlmail.runtime.values import WLArray, WLFault, to_int, to_str

# builtins/mail.py opens and closes receive sessions, and receive_folders.py acts on them, through
# these names, imported from here.
__all__ = ["ReceiveSession", "close_typed", "close_user", "open_legacy", "open_typed"]


def _const(ident: str) -> Any:
    return get_catalog().constants[ident].value


ERT_FULL, ERT_NOT_READ = _const("ert_full"), _const("ert_not_read")
#: messages fetched per round trip by EmailRécupèreTout
_BATCH = 200


@builtin("email_start_pop3_session", fallible=True)
def email_start_pop3_session(
    rt: Runtime, user: Any, password: Any, server: Any, port: Any = None, option: Any = None
) -> bool:
    return open_legacy(rt, "pop3", to_str(user), to_str(password), to_str(server), port, option)


@builtin("email_start_imap_session", fallible=True)
def email_start_imap_session(
    rt: Runtime, user: Any, password: Any, server: Any, port: Any = None, option: Any = None
) -> bool:
    return open_legacy(rt, "imap", to_str(user), to_str(password), to_str(server), port, option)


# ---- reading ------------------------------------------------------------------------------------
def _session(rt: Runtime, value: Any) -> ReceiveSession:
    if isinstance(value, ReceiveSessionObject):
        live = value.live
        if not isinstance(live, ReceiveSession) or live not in receive_state(rt).sessions:
            value.live = None
            name = to_str(value.values["name"]) or to_str(value.values["server_address"])
            raise _Refused(
                rt.msg(
                    "receive_session_not_open", protocol=PROTOCOL_NAMES[value.protocol], name=name
                )
            )
        return live
    if isinstance(value, str):
        found = receive_state(rt).by_user.get(value)
        if found is None:
            raise _Refused(rt.msg("receive_no_session_for_user", name=value))
        return found
    raise WLFault("wrong_type", expected="emailSessionPOP3", value=to_str(value))


def _target(rt: Runtime, value: Any) -> EmailObject | EmailStructure:
    if value is None:
        return _structure(rt)
    if isinstance(value, EmailObject | EmailStructure):
        return value
    raise WLFault("wrong_type", expected="Email", value=to_str(value))


def _guarded(rt: Runtime, session_value: Any, target: Any, action: Any) -> Any:
    """Run ``action(session)``; a refusal or failure is Faux + ErreurInfo, EnDehors = Vrai."""
    try:
        session = _session(rt, session_value)
    except _Refused as refused:
        if target is not None:
            target.values["out"] = True
        return _fail(rt, refused.text, 1, target)
    try:
        return action(session)
    except ReceiveFailure as failure:
        if target is not None:
            target.values["out"] = True
        text = failure_text(rt, failure, session.protocol, session.mailbox.settings)
        return _fail(rt, text, 1, target)


def _split(
    rt: Runtime, args: tuple[Any, ...]
) -> tuple[EmailObject | EmailStructure, tuple[Any, ...]]:
    """``(session [, email], …)``: the optional Email comes first when it is an Email."""
    if args and isinstance(args[0], EmailObject | EmailStructure):
        return args[0], args[1:]
    return _structure(rt), args


def _read_number(rt: Runtime, session: Any, args: tuple[Any, ...], header_only: bool) -> bool:
    target, rest = _split(rt, args)
    if not rest:
        raise WLFault("missing_arg", name="numéro" if rt.lang == "fr" else "number")
    number = to_int(rest[0])
    return bool(
        _guarded(rt, session, target, lambda s: s.read(number, target, header_only) or True)
    )


@builtin("email_read_message", fallible=True)
def email_read_message(rt: Runtime, session: Any, *args: Any) -> bool:
    return _read_number(rt, session, args, header_only=False)


@builtin("email_read_message_header", fallible=True)
def email_read_message_header(rt: Runtime, session: Any, *args: Any) -> bool:
    return _read_number(rt, session, args, header_only=True)


def _sequential(
    rt: Runtime, session: Any, args: tuple[Any, ...], where: str, header_only: bool
) -> bool:
    target, _options = _split(rt, args)

    def step(s: ReceiveSession) -> bool:
        box = s.mailbox
        if where == "first":
            candidates: Any = range(1, box.count + 1)
        elif where == "last":
            candidates = range(box.count, 0, -1)
        elif where == "next":
            candidates = range(s.current + 1, box.count + 1)
        else:
            candidates = range(min(s.current, box.count + 1) - 1, 0, -1)
        for number in candidates:
            if s.read(number, target, header_only):
                return True
        target.values["out"] = True
        s.current = 0 if where in ("first", "previous") else box.count + 1
        return True

    return bool(_guarded(rt, session, target, step))


def _reader(where: str, header_only: bool) -> Any:
    def read(rt: Runtime, session: Any, *args: Any) -> bool:
        return _sequential(rt, session, args, where, header_only)

    return read


for _where in ("first", "next", "last", "previous"):
    builtin(f"email_read_{_where}", fallible=True)(_reader(_where, False))
    builtin(f"email_read_{_where}_header", fallible=True)(_reader(_where, True))


@builtin("email_nb_message", fallible=True)
def email_nb_message(rt: Runtime, session: Any) -> int:
    result = _guarded(rt, session, None, lambda s: s.run(s.mailbox.refresh()))
    return result if isinstance(result, int) and not isinstance(result, bool) else 0


@builtin("email_message_size", fallible=True)
def email_message_size(rt: Runtime, session: Any, number: Any) -> int:
    n = to_int(number)
    result = _guarded(rt, session, None, lambda s: s.run(s.mailbox.size(n)) or 0)
    return result if isinstance(result, int) and not isinstance(result, bool) else 0


@builtin("email_delete_message", fallible=True)
def email_delete_message(rt: Runtime, session: Any, message: Any = None) -> bool:
    target = _target(rt, message)

    def delete(s: ReceiveSession) -> bool:
        done = s.run(s.mailbox.delete(s.current)) if s.current else False
        target.values["out"] = True
        return bool(done)

    result = _guarded(rt, session, target, delete)
    return bool(result)


@builtin("email_destroy", fallible=True)
def email_destroy(rt: Runtime, session: Any) -> bool:
    return bool(_guarded(rt, session, None, lambda s: s.run(s.mailbox.expunge()) or True))


@builtin("email_get_all", fallible=True)
def email_get_all(rt: Runtime, session: Any, options: Any = 0) -> WLArray:
    flags = to_int(options) if options is not None else 0
    result = WLArray("email", [], (), True, lambda v: v)

    def collect(s: ReceiveSession) -> bool:
        numbers: list[int] | None
        if flags & ERT_NOT_READ:
            numbers = s.run(s.mailbox.unread())
            if numbers is None:
                raise _Refused(rt.msg("receive_not_read_pop3"))
        else:
            s.run(s.mailbox.refresh())
            numbers = [n for n in range(1, s.mailbox.count + 1) if n not in s.mailbox.deleted]
        full = bool(flags & ERT_FULL)
        bodies = ReadAhead(s.mailbox)
        for start in range(0, len(numbers), _BATCH):  # a few round trips, bounded memory
            chunk = numbers[start : start + _BATCH]
            fetched = s.run(s.mailbox.fetch_many(chunk, header_only=not full))
            for number, data in fetched.items():
                email = EmailObject() if full else LazyEmail()
                email.lang = rt.lang
                fill(email, data, header_only=not full, fresh=True)
                email.origin = (s, number)
                if isinstance(email, LazyEmail):
                    email.load = _loader(s, number, bodies)
                    bodies.add(number)
                result.items.append(email)
        return True

    try:
        _guarded(rt, session, None, collect)
    except _Refused as refused:
        _fail(rt, refused.text)
    return result


def _loader(session: ReceiveSession, number: int, bodies: ReadAhead) -> Any:
    """Read the whole message when a body property is first used; a failure then is Faux +
    ErreurInfo for the script (ErreurDétectée), the element keeping its headers."""

    def load(email: LazyEmail) -> None:
        rt = session.state.rt
        try:
            data = session.run(bodies.take(number))
        except ReceiveFailure as failure:
            rt.fail(failure_text(rt, failure, session.protocol, session.mailbox.settings), 1)
            return
        if data is not None:
            fill(email, data, header_only=False)
            email.origin = (session, number)

    return load
