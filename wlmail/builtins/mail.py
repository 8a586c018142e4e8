"""Mail functions (``EmailOuvreSession``, ``EmailEnvoieMessage``…) and the mail host types.

Sessions run on the host's single event loop (``rt.host.run``), so a connection opened on one line
is still open when a later line sends. Every expected failure returns ``Faux`` and sets
``ErreurDétectée``/``ErreurInfo`` with a text naming the cause and, when the server answered, its
code and reply (decision 7); a wrong argument type is a fatal error. A message counts as sent only
after the server's 250 to the end of DATA. Asynchronous sessions (decision 19) queue messages on
the same loop; the queue makes progress whenever the loop runs (another mail call, ``EmailEtat``)
and is drained before the program ends, whose hook reports any failure nobody looked at.
Interrupted (Ctrl-C, SIGTERM), the program still drains the queue at exit unless the signal ended
a network wait; a signal during that drain stops it, and every queued message not sent is named.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

from wlmail.builtins import builtin
from wlmail.builtins.mail_run import (
    Job,
    MailSession,
    failure_text,
    mail_state,
)
from wlmail.catalog import get_catalog
from wlmail.mail.connect import Mode, Verify
from wlmail.mail.convert import (
    email_to_spec,
    structure_to_spec,
)
from wlmail.mail.envelope import source_envelope
from wlmail.mail.mime import (
    MailError,
    MailSpec,
    build_with_envelope,
    envelope,
    forbidden_char,
    render_stream,
    underscore_domain,
)
from wlmail.mail.objects import (
    EmailAttachObject,
    EmailObject,
    EmailStructure,
    HostObject,
    SMTPSessionObject,
)
from wlmail.mail.smtp import SMTPFailure, SMTPSettings
from wlmail.mail.stream import MessageStream
from wlmail.runtime.proptypes import checked
from wlmail.runtime.state import Runtime
from wlmail.runtime.types import HOST_FACTORIES
from wlmail.runtime.values import WLFault, to_int, to_num, to_str
from wlmail.textsafe import escape

T = TypeVar("T")

HOST_FACTORIES.update(
    email=EmailObject,
    email_attach=EmailAttachObject,
    email_smtp_session=SMTPSessionObject,
    email_structure=EmailStructure,
)


def _const(ident: str) -> Any:
    return get_catalog().constants[ident].value


OPTION_SECURED_TLS = _const("email_option_secured_tls")
PROTOCOL_SMTPS = _const("email_protocol_smtps")
OPTION_SSL = _const("option_ssl")  # legacy code: implicit TLS whatever the port (issue 13)
OPTION_HEADER_BCC = _const("email_option_header_bcc")
ADDRESS_VALID = _const("email_address_valid")
ADDRESS_BAD_SYNTAX = _const("email_address_incorrect_syntax")
IGNORE_NAME_ONLY = _const("email_ignore_invalid_certificate_name")

DEFAULT_PORT = 25
GLOBAL_ID = "email_global"
#: session types of builtins/receive_sessions.py, opened and closed here too
_RECEIVE_TYPES = frozenset({"email_pop3_session", "email_imap_session"})
_FIELD = re.compile(r"(?P<key>[a-z_]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<sub>[a-z_]+))?")
#: MailSpec field → property id of Email / of the structure
_SPEC_FIELDS = {
    "sender": "sender",
    "to": "recipient",
    "cc": "cc",
    "bcc": "bcc",
    "subject": "subject",
    "reply_to": "reply_to",
    "sensitivity": "confidentiality",
    "message_id": "message_id",
    "categories": "category",
    "attachments": "attach",
}
_ATTACH_FIELDS = {
    "name": "name",
    "content_type": "content_type",
    "description": "content_description",
    "content_id": "identifier",
}


# ---- error texts --------------------------------------------------------------------------------
def _property_name(rt: Runtime, owner: str, pid: str) -> str:
    entry = rt.catalog.properties.get(f"{owner}.{pid}")
    return entry.name(rt.lang) if entry is not None else pid


def _field_name(rt: Runtime, obj: HostObject, where: str) -> str:
    """``to[2]`` → ``Destinataire[2]``, ``attachments[1].name`` → ``Attache[1].Nom``."""
    m = _FIELD.fullmatch(where)
    if m is None or m["key"] not in _SPEC_FIELDS:
        return where
    pid = _SPEC_FIELDS[m["key"]]
    if pid == "message_id" and isinstance(obj, EmailStructure):
        pid = "id"
    text = _property_name(rt, obj.wl_type, pid)
    if m["index"]:
        text += f"[{m['index']}]"
    if m["sub"]:
        text += "." + _property_name(rt, "email_attach", _ATTACH_FIELDS.get(m["sub"], m["sub"]))
    return text


def mail_error_text(rt: Runtime, obj: HostObject, err: MailError) -> str:
    field = _field_name(rt, obj, err.field)
    if err.code == "header-injection":
        return rt.msg("mail_injection", field=field, char=err.char)
    if err.code == "no-recipient":
        return rt.msg("mail_no_recipient")
    if err.code == "no-sender":
        return rt.msg("mail_no_sender")
    if err.code == "attachment-file":
        return rt.msg("mail_attachment_file", path=err.field, reason=str(err))
    detail = str(err).partition(": ")[2] or str(err)
    if err.code == "bad-address":
        return rt.msg("mail_bad_address", field=field, detail=detail)
    return rt.msg("mail_invalid", field=field, detail=detail)


def _fail(rt: Runtime, text: str, code: int = 1, obj: Any = None) -> bool:
    rt.fail(text, code)
    if isinstance(obj, EmailStructure):
        obj.values["error"] = text
    return False


# ---- arguments ----------------------------------------------------------------------------------
def _flag(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return to_num(value) != 0
    return bool(to_num(value))


def _structure(rt: Runtime) -> EmailStructure:
    objects = rt.extensions.setdefault("global_objects", {})
    obj = objects.get(GLOBAL_ID)
    if obj is None:
        obj = objects[GLOBAL_ID] = EmailStructure()
    assert isinstance(obj, EmailStructure)
    return obj


def _message(rt: Runtime, value: Any) -> EmailObject | EmailStructure:
    if value is None:
        return _structure(rt)
    if isinstance(value, EmailObject | EmailStructure):
        return value
    raise WLFault("wrong_type", expected="Email", value=to_str(value))


def _email(value: Any) -> EmailObject:
    if isinstance(value, EmailObject):
        return value
    raise WLFault("wrong_type", expected="Email", value=to_str(value))


class _Refused(Exception):
    """A session that cannot be opened or used; ``text`` is the ErreurInfo message."""

    def __init__(self, text: str, code: int = 1) -> None:
        super().__init__(text)
        self.text = text
        self.code = code


def _session_of(rt: Runtime, value: Any) -> MailSession:
    """The open session designated by a session variable or a user name (legacy)."""
    state = mail_state(rt)
    if isinstance(value, SMTPSessionObject):
        if value.live is None or value.live not in state.sessions:
            value.live = None
            name = to_str(value.values["name"]) or to_str(value.values["server_address"])
            raise _Refused(rt.msg("mail_session_not_open", name=name))
        session = value.live
        assert isinstance(session, MailSession)
        return session
    if isinstance(value, str):
        found = state.by_user.get(value)
        if found is None:
            raise _Refused(rt.msg("mail_no_session_for_user", name=value))
        return found
    raise WLFault("wrong_type", expected="emailSessionSMTP", value=to_str(value))


def _mode(option: int, port: int) -> Mode:
    """Decision 10: the two encrypted options mean implicit TLS on 465, STARTTLS elsewhere;
    the legacy ``optionSSL`` always means implicit TLS (as for POP3 and IMAP)."""
    if option & OPTION_SSL:
        return "implicit"
    if option & (OPTION_SECURED_TLS | PROTOCOL_SMTPS):  # either flag, or both (combined)
        return "implicit" if port == 465 else "starttls"
    return "plain"


def _verify(ignore: Any) -> Verify:
    if ignore is None or ignore is False:
        return "full"
    if isinstance(ignore, bool):
        return "none"
    flags = to_int(ignore)
    if not flags:
        return "full"
    return "chain" if flags == IGNORE_NAME_ONLY else "none"


def _token_provider(
    rt: Runtime, token: Any
) -> Callable[[], str | Coroutine[Any, Any, str | None] | None] | None:
    """Decision 12's seam: an AuthToken object with ``bearer()`` (None when not valid), refreshed
    first by its ``async refresh_if_expired(rt)`` when it is (nearly) expired.

    A non-empty string is also taken as a bearer token (a token obtained by other means).
    """
    if token is None:
        return None
    if isinstance(token, str):
        text = token.strip()
        return (lambda: text) if text else None
    bearer = getattr(token, "bearer", None)
    if not callable(bearer):
        return None
    refresh = getattr(token, "refresh_if_expired", None)

    async def provide() -> str | None:
        if callable(refresh):
            await refresh(rt)
        value = bearer()
        if isinstance(value, str) and forbidden_char(value):
            raise ValueError("AuthToken")  # a refreshed token: reported as forbidden_char
        return value if isinstance(value, str) and value else None

    return provide


def _bearer_text(token: Any) -> str:
    """The token text XOAUTH2 would send (a string or an AuthToken's Valeur), checked before
    connecting: a \\x01, a line break or another control character would forge SASL fields."""
    if isinstance(token, str):
        return token.strip()
    bearer = getattr(token, "bearer", None)
    value = bearer() if callable(bearer) else None
    return value if isinstance(value, str) else ""


def session_checks(
    rt: Runtime, protocol: str, server: str, user: str, password: str, token: Any, ignore: Any
) -> tuple[str, Verify, Callable[[str], None] | None]:
    """What every session (SMTP, POP3, IMAP) checks before connecting: no line break or control
    character in the server, user, password or token (raises _Refused; \\x01 separates the
    fields of a SASL XOAUTH2 message), the certificate policy, said on stderr when relaxed, and
    the ``--trace`` callback. Returns (server without spaces, verify, trace)."""
    server = server.strip()
    for label, value in (
        ("server", server),
        ("user", user),
        ("password", password),
        ("user", _bearer_text(token)),
    ):
        char = forbidden_char(value)
        if char is not None:
            field = rt.msg(f"mail_field_{label}")
            raise _Refused(rt.msg("mail_injection", field=field, char=char))
    verify = _verify(ignore)
    if verify != "full" and server:
        rt.host.error([rt.msg("mail_ignore_warning", host=server)])
    trace = None
    if rt.host.options.get("trace"):

        def trace(line: str) -> None:
            rt.host.trace(f"{protocol}: " + escape(line))  # wlmail's trace: never raw server text

    return server, verify, trace


def _open(
    rt: Runtime,
    *,
    server: str,
    port: int,
    option: int,
    user: str,
    password: str,
    asynchronous: bool,
    token: Any = None,
    ignore: Any = None,
) -> MailSession:
    """Check the settings, connect and log in; raises _Refused or SMTPFailure."""
    state = mail_state(rt)
    server, verify, trace = session_checks(rt, "smtp", server, user, password, token, ignore)
    if not server:
        raise _Refused(rt.msg("mail_no_server"))
    port = port or DEFAULT_PORT
    settings = SMTPSettings(
        host=server,
        port=port,
        mode=_mode(option, port),
        user=user,
        password=password,
        token=_token_provider(rt, token),
        verify=verify,
        timeout=state.effective_timeout(),
        connect_to=rt.host.options.get("connect_to") or (),
        cafile=rt.host.options.get("cafile"),
        trace=trace,
    )
    session = MailSession(state, settings, asynchronous)
    session.open()
    return session


# ---- building -----------------------------------------------------------------------------------
def _spec(obj: EmailObject | EmailStructure) -> MailSpec:
    spec = email_to_spec(obj) if isinstance(obj, EmailObject) else structure_to_spec(obj)
    if obj.generated_mid and spec.message_id == obj.generated_mid:
        spec.message_id = ""  # our own Message-ID of an earlier build: a new message gets a new one
    return spec


def _store_message_id(obj: EmailObject | EmailStructure, mid: str, generated: bool) -> None:
    obj.values["message_id" if isinstance(obj, EmailObject) else "id"] = mid
    obj.generated_mid = mid if generated else ""


def _prepare(obj: EmailObject | EmailStructure) -> tuple[str, list[str], MessageStream]:
    """(MAIL FROM, RCPT TO, content) of the message; the content of EmailConstruitSource while
    neither the message nor its Source changed. Raises MailError."""
    built = obj.built
    if built is not None:
        spec = email_to_spec(obj) if isinstance(obj, EmailObject) else structure_to_spec(obj)
        if spec == built[0] and to_str(obj.values["source"]) == built[1]:
            sender, recipients = envelope(spec)
            return sender, recipients, built[2]
    spec = _spec(obj)
    msg, mid, sender, recipients = build_with_envelope(spec)
    _store_message_id(obj, mid, generated=not spec.message_id)
    return sender, recipients, render_stream(msg)


# ---- functions: sessions ------------------------------------------------------------------------
@builtin("email_start_session", fallible=True)
def email_start_session(rt: Runtime, session: Any, *rest: Any) -> bool:
    if getattr(session, "wl_type", "") in _RECEIVE_TYPES:
        if rest:
            raise WLFault("too_many_args", name="EmailOuvreSession", count=1 + len(rest), high=1)
        from wlmail.builtins.receive import open_typed

        return open_typed(rt, session)
    if isinstance(session, SMTPSessionObject):
        if rest:
            raise WLFault("too_many_args", name="EmailOuvreSession", count=1 + len(rest), high=1)
        return _open_typed(rt, session)
    if isinstance(session, str):
        return _open_compat(rt, session, *rest)
    raise WLFault("wrong_type", expected="emailSessionSMTP", value=to_str(session))


def _open_typed(rt: Runtime, obj: SMTPSessionObject) -> bool:
    values = obj.values
    if obj.live is not None:
        obj.live.close()
        obj.live = None
    try:
        obj.live = _open(
            rt,
            server=to_str(values["server_address"]),
            port=to_int(values["port"]),
            option=to_int(values["option"]),
            user=to_str(values["name"]),
            password=to_str(values["password"]),
            asynchronous=bool(values["asynchronous"]),
            token=values["auth_token"],
            ignore=values["ignore_error"],
        )
    except _Refused as refused:
        return _fail(rt, refused.text, refused.code)
    except SMTPFailure as failure:
        return _fail(rt, failure_text(rt, failure), failure.code or 1)
    return True


def _open_compat(
    rt: Runtime,
    user: str,
    password: Any = "",
    pop3: Any = "",
    smtp: Any = "",
    pop3_port: Any = None,
    smtp_port: Any = None,
    asynchronous: Any = None,
) -> bool:
    """``EmailOuvreSession(user, pwd, pop3 [, smtp…])``: the POP3 session (the mandatory part,
    as documented), then the SMTP one when a server is given, both under the user-name key;
    when the POP3 half fails, the SMTP half is not opened."""
    from wlmail.builtins.receive import open_legacy

    if not open_legacy(rt, "pop3", user, to_str(password), to_str(pop3), pop3_port, None):
        return False
    server = to_str(smtp).strip()
    if not server:
        return True
    port = _session_arg(rt, "port", smtp_port) if smtp_port is not None else DEFAULT_PORT
    return _open_legacy(rt, user, to_str(password), server, port, _flag(asynchronous), 0)


def _open_legacy(
    rt: Runtime, user: str, password: str, server: str, port: int, asynchronous: bool, option: int
) -> bool:
    state = mail_state(rt)
    old = state.by_user.pop(user, None)
    if old is not None:
        old.close()
    try:
        session = _open(
            rt,
            server=server,
            port=port,
            option=option,
            user=user,
            password=password,
            asynchronous=asynchronous,
        )
    except _Refused as refused:
        return _fail(rt, refused.text, refused.code)
    except SMTPFailure as failure:
        return _fail(rt, failure_text(rt, failure), failure.code or 1)
    state.by_user[user] = session
    return True


def _session_arg(rt: Runtime, pid: str, value: Any) -> int:
    """A port or an option given to a legacy function: the same rules as the property (a
    wrong type is a fatal error, decision 7; "TLS" never means plain text)."""
    return to_int(checked(rt.catalog.properties[f"email_smtp_session.{pid}"], value, rt.lang))


@builtin("email_start_smtp_session", fallible=True)
def email_start_smtp_session(rt: Runtime, user: Any, *args: Any) -> bool:
    if len(args) == 1:  # (user, server)
        password, server, rest = "", args[0], ()
    else:
        password, server, rest = args[0], args[1], args[2:]
    port = _session_arg(rt, "port", rest[0]) if rest and rest[0] is not None else DEFAULT_PORT
    asynchronous = _flag(rest[1]) if len(rest) > 1 else False
    option = _session_arg(rt, "option", rest[2]) if len(rest) > 2 and rest[2] is not None else 0
    return _open_legacy(
        rt, to_str(user), to_str(password), to_str(server), port, asynchronous, option
    )


@builtin("email_close_session", fallible=True)
def email_close_session(rt: Runtime, session: Any) -> bool:
    state = mail_state(rt)
    if getattr(session, "wl_type", "") in _RECEIVE_TYPES:
        from wlmail.builtins.receive import close_typed

        close_typed(session)
        return True
    if isinstance(session, str) and "receive" in rt.extensions:
        from wlmail.builtins.receive import close_user

        close_user(rt, session)  # the POP3/IMAP half of the same user, if any
    if isinstance(session, SMTPSessionObject):
        live, session.live = session.live, None
        if isinstance(live, MailSession):
            live.close()
        return True
    if isinstance(session, str):
        found = state.by_user.pop(session, None)
        if found is not None:
            found.close()
        return True
    raise WLFault("wrong_type", expected="emailSessionSMTP", value=to_str(session))


# ---- functions: sending -------------------------------------------------------------------------
@builtin("email_send_message", fallible=True)
def email_send_message(rt: Runtime, session: Any, message: Any = None, options: Any = 0) -> bool:
    """``options`` (emailOptionEncodeEntête…) change nothing: headers are always encoded (15)."""
    if isinstance(message, bool | int):
        message = None  # EmailEnvoieMessage(session, options): the structure
    obj = _message(rt, message)
    try:
        live = _session_of(rt, session)
    except _Refused as refused:
        return _fail(rt, refused.text, refused.code, obj)
    try:
        sender, recipients, data = _prepare(obj)
    except MailError as err:
        return _fail(rt, mail_error_text(rt, obj, err), 1, obj)
    warn_underscore(rt, [sender, *recipients])
    ident = live.state.new_id()
    if isinstance(obj, EmailObject):
        obj.values["id"] = ident
        obj.values["async_id"] = str(ident) if live.asynchronous else ""
    else:
        obj.values["mail_identifier"] = ident
        obj.values["error"] = ""
    ok = live.submit(Job(ident, sender, recipients, data))
    if not ok and isinstance(obj, EmailStructure):
        obj.values["error"] = rt.error.message
    return ok


@builtin("email_send", fallible=True)
def email_send(rt: Runtime, session: Any, path: Any) -> bool:
    file = to_str(path)
    try:
        raw = Path(file).read_bytes()
    except OSError as exc:
        return _fail(rt, rt.msg("mail_file", path=file, reason=exc.strerror or str(exc)))
    try:
        sender, recipients, data = source_envelope(raw)
    except MailError as err:
        return _fail(rt, mail_error_text(rt, EmailObject(), err))
    try:
        live = _session_of(rt, session)
    except _Refused as refused:
        return _fail(rt, refused.text, refused.code)
    job = Job(live.state.new_id(), sender, recipients, MessageStream.of_bytes(data))
    return live.submit(job)


def warn_underscore(rt: Runtime, addresses: list[str]) -> None:
    """Once per address and run, on stderr: a ``_`` in a domain is accepted (as real servers
    do) but is not RFC 5321 (issue 16)."""
    warned: set[str] = rt.extensions.setdefault("underscore_warned", set())
    for addr in addresses:
        if underscore_domain(addr) and addr not in warned:
            warned.add(addr)
            rt.host.error([rt.msg("mail_underscore_domain", addr=addr)])
