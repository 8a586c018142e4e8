"""Receive sessions: the POP3/IMAP sessions of a run, opened, read from and closed.

:class:`ReceiveSession` is one open session: its mailbox (``wlmail/mail/mailbox.py``) and the
number of the message read last (``EmailLitSuivant`` goes on from it, ``EmailSupprimeMessage``
deletes it). :class:`ReceiveState` holds a run's sessions, by variable or, in the legacy syntax,
by the user name they were opened with (the same key as the SMTP side:
``EmailFermeSession(user)`` closes both), and closes what is left open when the program ends (a
POP3 QUIT then commits the deletions the script asked for). Opening checks the settings (server,
port, TLS mode from the options, ``--connect-to`` and the sandbox's routes) and turns a
:class:`~wlmail.mail.connect.ReceiveFailure` into the ``ErreurInfo`` text (:func:`failure_text`).

The mail module (``builtins/mail.py``) opens and closes sessions through :func:`open_typed`,
:func:`open_legacy`, :func:`close_typed` and :func:`close_user`; the built-ins that read, count
and delete messages are ``builtins/receive.py``.
"""

from __future__ import annotations

from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

from wlmail.builtins.mail import (
    OPTION_SECURED_TLS,
    OPTION_SSL,
    _fail,
    _Refused,
    _token_provider,
    session_checks,
)
from wlmail.builtins.mail_run import mail_state
from wlmail.mail.connect import Mode, ReceiveFailure, Route
from wlmail.mail.convert import header_block, spec_to_object
from wlmail.mail.mailbox import DEFAULT_PORTS, Mailbox, ReadAhead, ReceiveSettings, open_mailbox
from wlmail.mail.mime import MailError
from wlmail.mail.mimetree import Raw
from wlmail.mail.objects import EmailObject, EmailStructure
from wlmail.mail.parse import parse_source
from wlmail.mail.receive_objects import IMAPSessionObject, POP3SessionObject, ReceiveSessionObject
from wlmail.runtime.host import interruption_id
from wlmail.runtime.proptypes import checked
from wlmail.runtime.state import Runtime
from wlmail.runtime.types import HOST_FACTORIES
from wlmail.runtime.values import to_int, to_str

T = TypeVar("T")

HOST_FACTORIES.update(email_pop3_session=POP3SessionObject, email_imap_session=IMAPSessionObject)

#: the protocol's name in messages
PROTOCOL_NAMES = {"pop3": "POP3", "imap": "IMAP"}
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
        return PROTOCOL_NAMES[self.mailbox.protocol]

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
        raise _Refused(rt.msg("receive_no_server", protocol=PROTOCOL_NAMES[protocol]))
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
        return _fail(rt, failure_text(rt, failure, PROTOCOL_NAMES[obj.protocol], settings))
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
        return _fail(rt, failure_text(rt, failure, PROTOCOL_NAMES[protocol], settings))
    return True
