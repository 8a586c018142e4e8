"""Receive functions (``EmailOuvreSessionPOP3``, ``EmailLitPremier``, ``EmailRécupèreTout``…) and
the POP3/IMAP session types, on the mailboxes of ``wlmail/mail/mailbox.py``.

A session is designated by its variable or, in the legacy syntax, by the user name it was opened
with (the same key as the SMTP side: ``EmailFermeSession(user)`` closes both). Each session keeps
the number of the message read last (``EmailLitSuivant`` goes on from it, ``EmailSupprimeMessage``
deletes it). An expected failure is ``Faux`` + ``ErreurInfo`` (decision 7); finding no message is
not a failure: the ``Email`` read into gets ``EnDehors`` = Vrai. Open sessions are closed cleanly
when the program ends (a POP3 QUIT then commits the deletions the script asked for).
"""

from __future__ import annotations

from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

from wlmail.builtins import builtin
from wlmail.builtins.mail import (
    _fail,
    _Refused,
    _structure,
    _token_provider,
    session_checks,
)
from wlmail.builtins.mail_run import mail_state
from wlmail.catalog import get_catalog
from wlmail.mail.connect import Mode, ReceiveFailure, Route
from wlmail.mail.convert import header_block, spec_to_object
from wlmail.mail.mailbox import DEFAULT_PORTS, Mailbox, ReadAhead, ReceiveSettings, open_mailbox
from wlmail.mail.mime import MailError
from wlmail.mail.mimetree import Raw
from wlmail.mail.objects import EmailObject, EmailStructure
from wlmail.mail.parse import parse_source
from wlmail.mail.receive_objects import (
    IMAPSessionObject,
    LazyEmail,
    POP3SessionObject,
    ReceiveSessionObject,
)
from wlmail.runtime.host import interruption_id
from wlmail.runtime.proptypes import checked
from wlmail.runtime.state import Runtime
from wlmail.runtime.types import HOST_FACTORIES
from wlmail.runtime.values import WLArray, WLFault, to_int, to_str

T = TypeVar("T")

HOST_FACTORIES.update(email_pop3_session=POP3SessionObject, email_imap_session=IMAPSessionObject)


def _const(ident: str) -> Any:
    return get_catalog().constants[ident].value


OPTION_SSL = _const("option_ssl")
OPTION_SECURED_TLS = _const("email_option_secured_tls")
ERT_FULL, ERT_NOT_READ = _const("ert_full"), _const("ert_not_read")
_NAMES = {"pop3": "POP3", "imap": "IMAP"}
#: messages fetched per round trip by EmailRécupèreTout
_BATCH = 200
_FAILURE_FIELDS = ("host", "port", "stage", "detail", "seconds", "path", "reply")


# ---- state of one run ---------------------------------------------------------------------------
class ReceiveState:
    """Open receive sessions of one run (``rt.extensions["receive"]``)."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.by_user: dict[str, ReceiveSession] = {}
        self.sessions: list[ReceiveSession] = []

    def at_exit(self) -> None:
        """Close what the script left open: cleanly (a POP3 QUIT commits the deletions asked
        for), or, after Ctrl-C/SIGTERM, by cutting the connections (nothing waited for, and
        nothing deleted: the interrupted script did not get to its end)."""
        host = self.rt.host
        for session in list(self.sessions):
            if host.interrupted is not None:
                session.abort()
                continue
            try:
                session.close()
            except KeyboardInterrupt as exc:
                host.interrupt(exc, self.rt.msg(interruption_id(exc)))
                session.abort()


def receive_state(rt: Runtime) -> ReceiveState:
    state = rt.extensions.get("receive")
    if state is None:
        state = rt.extensions["receive"] = ReceiveState(rt)
        rt.host.options.setdefault("at_exit", []).append(state.at_exit)
    assert isinstance(state, ReceiveState)
    return state


class ReceiveSession:
    """An open POP3/IMAP session: its mailbox and the number of the message read last."""

    def __init__(self, state: ReceiveState, mailbox: Mailbox) -> None:
        self.state = state
        self.mailbox = mailbox
        self.current = 0

    @property
    def protocol(self) -> str:
        return _NAMES[self.mailbox.protocol]

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run on the host loop; an unexpected exception becomes a failure, never a traceback."""
        try:
            return self.state.rt.host.run(coro)
        except ReceiveFailure:
            raise
        except Exception as exc:
            raise ReceiveFailure("unexpected", detail=f"{type(exc).__name__}: {exc}") from None

    def open(self) -> None:
        self.run(self.mailbox.open())
        self.state.sessions.append(self)

    def close(self) -> None:
        if self in self.state.sessions:
            self.state.sessions.remove(self)
        try:
            self.run(self.mailbox.close())
        except ReceiveFailure:
            self.mailbox.abort()

    def abort(self) -> None:
        if self in self.state.sessions:
            self.state.sessions.remove(self)
        self.mailbox.abort()

    def read(self, number: int, target: EmailObject | EmailStructure, header_only: bool) -> bool:
        """Read message ``number`` into ``target``; False (EnDehors) when there is none."""
        data = self.run(self.mailbox.fetch(number, header_only=header_only))
        if data is None:
            target.values["out"] = True
            return False
        fill(target, data, header_only=header_only)
        target.origin = (self, number)
        self.current = number
        return True

    def messages(self) -> Iterator[EmailObject]:
        """Every message, read fully, oldest first (``POUR TOUT … DE session``), read ahead."""
        bodies = ReadAhead(self.mailbox)
        numbers = range(1, self.mailbox.count + 1)
        for number in numbers:
            bodies.add(number)
        for number in numbers:
            data = self.run(bodies.take(number))
            if data is None:  # deleted meanwhile
                continue
            email = EmailObject()
            email.lang = self.state.rt.lang
            fill(email, data, header_only=False, fresh=True)
            email.origin = (self, number)
            self.current = number
            yield email


def fill(
    target: EmailObject | EmailStructure, data: Raw, *, header_only: bool, fresh: bool = False
) -> None:
    """Put a received message (or its headers) into an ``Email`` or the structure (``fresh``:
    one just made, with nothing to clear)."""
    try:
        spec = parse_source(data, headers_only=header_only)
    except (MailError, ValueError, LookupError) as err:
        raise ReceiveFailure("protocol", detail=str(err), stage="MIME") from None
    if not fresh:
        lang = target.lang
        target.reset()
        target.lang = lang
    spec_to_object(spec, target)
    source = data.decode("utf-8", "replace")
    if isinstance(target, EmailObject):
        target.values["header"] = header_block(source)
    if not header_only:
        target.values["source"] = source
    target.values["out"] = False


# ---- error texts --------------------------------------------------------------------------------
def failure_text(
    rt: Runtime, failure: ReceiveFailure, protocol: str, settings: ReceiveSettings | None = None
) -> str:
    values: dict[str, Any] = dict.fromkeys(_FAILURE_FIELDS, "")
    if settings is not None:
        values.update(host=settings.host, port=settings.port)
    values.update(failure.fields)
    values["reply"] = failure.reply
    values["protocol"] = protocol
    kind = failure.kind if f"receive_{failure.kind}" in rt.catalog.messages else "unexpected"
    return rt.msg(f"receive_{kind}", **values)


# ---- opening and closing ------------------------------------------------------------------------
def _settings(
    rt: Runtime,
    protocol: str,
    *,
    server: str,
    port: int,
    option: int,
    user: str,
    password: str,
    token: Any = None,
    ignore: Any = None,
) -> ReceiveSettings:
    server, verify, trace = session_checks(rt, protocol, server, user, password, token, ignore)
    if not server:
        raise _Refused(rt.msg("receive_no_server", protocol=_NAMES[protocol]))
    implicit = bool(option & OPTION_SSL) or (
        bool(option & OPTION_SECURED_TLS) and port in (DEFAULT_PORTS[(protocol, True)],)
    )
    port = port or DEFAULT_PORTS[(protocol, implicit)]
    mode: Mode = "implicit" if implicit else "starttls" if option & OPTION_SECURED_TLS else "plain"
    return ReceiveSettings(
        protocol="pop3" if protocol == "pop3" else "imap",
        host=server,
        port=port,
        mode=mode,
        user=user,
        password=password,
        token=_token_provider(rt, token),
        verify=verify,
        timeout=mail_state(rt).effective_timeout(),
        connect_to=_routes(rt, protocol, port, mode),
        cafile=rt.host.options.get("cafile"),
        trace=trace,
    )


def _routes(rt: Runtime, protocol: str, port: int, mode: Mode) -> list[Route]:
    """``--connect-to``; under ``--sandbox``, this session's port first goes to its server."""
    routes: list[Route] = list(rt.host.options.get("connect_to") or ())
    sandbox_route = rt.host.options.get("receive_route")
    if sandbox_route is not None:
        routes.insert(0, ("", port, *sandbox_route(protocol, mode == "implicit")))
    return routes


def _start(rt: Runtime, settings: ReceiveSettings) -> ReceiveSession:
    session = ReceiveSession(receive_state(rt), open_mailbox(settings))
    session.open()
    return session


def open_typed(rt: Runtime, obj: ReceiveSessionObject) -> bool:
    """``EmailOuvreSession(<emailSessionPOP3 or IMAP>)`` (called by the mail module)."""
    values = obj.values
    if obj.live is not None:
        obj.live.close()
        obj.live = None
    settings: ReceiveSettings | None = None
    try:
        settings = _settings(
            rt,
            obj.protocol,
            server=to_str(values["server_address"]),
            port=to_int(values["port"]),
            option=to_int(values["option"]),
            user=to_str(values["name"]),
            password=to_str(values["password"]),
            token=values["auth_token"],
            ignore=values["ignore_error"],
        )
        obj.live = _start(rt, settings)
    except _Refused as refused:
        return _fail(rt, refused.text)
    except ReceiveFailure as failure:
        return _fail(rt, failure_text(rt, failure, _NAMES[obj.protocol], settings))
    return True


def close_typed(obj: ReceiveSessionObject) -> None:
    live, obj.live = obj.live, None
    if isinstance(live, ReceiveSession):
        live.close()


def close_user(rt: Runtime, user: str) -> None:
    """``EmailFermeSession(user)``: the receive session of that user, if any."""
    state = rt.extensions.get("receive")
    if isinstance(state, ReceiveState):
        found = state.by_user.pop(user, None)
        if found is not None:
            found.close()


def open_legacy(
    rt: Runtime, protocol: str, user: str, password: str, server: str, port: Any, option: Any
) -> bool:
    state = receive_state(rt)
    old = state.by_user.pop(user, None)
    if old is not None:
        old.close()
    owner = f"email_{protocol}_session"
    port_value = (
        0
        if port is None
        else to_int(checked(rt.catalog.properties[f"{owner}.port"], port, rt.lang))
    )
    option_value = (
        0
        if option is None
        else to_int(checked(rt.catalog.properties[f"{owner}.option"], option, rt.lang))
    )
    settings: ReceiveSettings | None = None
    try:
        settings = _settings(
            rt,
            protocol,
            server=server,
            port=port_value,
            option=option_value,
            user=user,
            password=password,
        )
        state.by_user[user] = _start(rt, settings)
    except _Refused as refused:
        return _fail(rt, refused.text)
    except ReceiveFailure as failure:
        return _fail(rt, failure_text(rt, failure, _NAMES[protocol], settings))
    return True


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
                rt.msg("receive_session_not_open", protocol=_NAMES[value.protocol], name=name)
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
