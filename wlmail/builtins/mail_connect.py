"""What every mail session (SMTP, POP3, IMAP) decides and checks before it connects.

The TLS mode an option and a port mean (decision 10), the certificate policy of
``ignorer les erreurs``, the OAuth bearer token (decision 12), and the refusal of a line break
or another control character in the server, user, password or token, which would forge
protocol or SASL fields. A session that cannot be opened raises :class:`Refused`, whose text is
the ErreurInfo message.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from wlmail.catalog import get_catalog
from wlmail.mail.connect import Mode, Verify
from wlmail.mail.mime import forbidden_char
from wlmail.runtime.state import Runtime
from wlmail.runtime.values import to_int
from wlmail.textsafe import escape


def _const(ident: str) -> Any:
    return get_catalog().constants[ident].value


OPTION_SECURED_TLS = _const("email_option_secured_tls")
PROTOCOL_SMTPS = _const("email_protocol_smtps")
OPTION_SSL = _const("option_ssl")  # legacy code: implicit TLS whatever the port (issue 13)
IGNORE_NAME_ONLY = _const("email_ignore_invalid_certificate_name")


class Refused(Exception):
    """A session that cannot be opened or used; ``text`` is the ErreurInfo message."""

    def __init__(self, text: str, code: int = 1) -> None:
        super().__init__(text)
        self.text = text
        self.code = code


def tls_mode(option: int, port: int) -> Mode:
    """Decision 10: the two encrypted options mean implicit TLS on 465, STARTTLS elsewhere;
    the legacy ``optionSSL`` always means implicit TLS (as for POP3 and IMAP)."""
    if option & OPTION_SSL:
        return "implicit"
    if option & (OPTION_SECURED_TLS | PROTOCOL_SMTPS):  # either flag, or both (combined)
        return "implicit" if port == 465 else "starttls"
    return "plain"


def verify_policy(ignore: Any) -> Verify:
    if ignore is None or ignore is False:
        return "full"
    if isinstance(ignore, bool):
        return "none"
    flags = to_int(ignore)
    if not flags:
        return "full"
    return "chain" if flags == IGNORE_NAME_ONLY else "none"


def token_provider(
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


def bearer_text(token: Any) -> str:
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
    character in the server, user, password or token (raises Refused; \\x01 separates the
    fields of a SASL XOAUTH2 message), the certificate policy, said on stderr when relaxed, and
    the ``--trace`` callback. Returns (server without spaces, verify, trace)."""
    server = server.strip()
    for label, value in (
        ("server", server),
        ("user", user),
        ("password", password),
        ("user", bearer_text(token)),
    ):
        char = forbidden_char(value)
        if char is not None:
            field = rt.msg(f"mail_field_{label}")
            raise Refused(rt.msg("mail_injection", field=field, char=char))
    verify = verify_policy(ignore)
    if verify != "full" and server:
        rt.host.error([rt.msg("mail_ignore_warning", host=server)])
    trace = None
    if rt.host.options.get("trace"):

        def trace(line: str) -> None:
            rt.host.trace(f"{protocol}: " + escape(line))  # wlmail's trace: never raw server text

    return server, verify, trace
