"""Host objects of the receive side: ``emailSessionPOP3``, ``emailSessionIMAP``, and the ``Email``
elements of an ``EmailRécupèreTout`` array whose body is read when first used.

Properties come from ``stdlib/types-receive.toml``; passwords and tokens are never shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from wlmail.mail.objects import EmailObject, SessionObject

__all__ = ["IMAPSessionObject", "LazyEmail", "POP3SessionObject", "ReceiveSessionObject"]


_SESSION_METHODS = frozenset({"email_start_session", "email_close_session"})


class ReceiveSessionObject(SessionObject):
    """Settings of a POP3 or IMAP session plus the live session (``live``) once open."""

    protocol = "pop3"

    def wl_method(self, rt: Any, key: str) -> Callable[..., Any] | None:
        """``s.OuvreSession()`` / ``s.FermeSession()``: the catalog gives those method names to
        the SMTP session type; the receive sessions answer to them too."""
        from wlmail.builtins import implementation

        for entry in rt.catalog.method_names.get(key, []):
            if entry.id in _SESSION_METHODS:
                impl = implementation(entry)
                if impl is None:
                    return None
                if impl.fallible:
                    rt.clear_error()
                fn = impl.fn
                return lambda *args: fn(rt, self, *args)
        return None

    def wl_iterate(self) -> Iterator[Any]:
        """``POUR TOUT MonMessage DE MaSession``: each message of the open session, read fully."""
        live = self.live
        if live is None:
            return iter(())
        iterate: Callable[[], Iterator[Any]] = live.messages
        return iterate()

    def shown_port(self) -> int:
        if self.live is not None:  # Port 0 means the protocol's standard one: show which
            port: int = self.live.mailbox.settings.port
            return port
        return super().shown_port()


class POP3SessionObject(ReceiveSessionObject):
    wl_type = "email_pop3_session"
    protocol = "pop3"


class IMAPSessionObject(ReceiveSessionObject):
    wl_type = "email_imap_session"
    protocol = "imap"


#: properties of an ``Email`` that only the whole message fills
BODY_PROPERTIES = frozenset({"message", "html", "attach", "source", "category"})


class LazyEmail(EmailObject):
    """An ``Email`` read with its headers only; ``load`` fills the rest on first use (ertEntête)."""

    def __init__(self) -> None:
        super().__init__()
        self.load: Callable[[LazyEmail], None] | None = None

    def get(self, pid: str) -> Any:
        if pid in BODY_PROPERTIES and self.load is not None:
            load, self.load = self.load, None
            load(self)
        return super().get(pid)

    def wl_copy(self) -> Any:
        new = super().wl_copy()
        new.load = self.load  # a copy reads the body on its own first use, not before
        return new
