"""WLangage mail objects: ``Email``, ``emailAttache``, ``emailSessionSMTP`` and the legacy
``Email`` structure, as host objects of the interpreter.

Property names, defaults and read-only flags come from ``stdlib/types-mail.toml``; this module only
stores values and applies the conversions of each property's ``type``:

* ``string``, ``int``, ``bool``, ``buffer``, ``datetime``, ``variant``: scalar conversions;
* ``strings``: a 1-based WLangage array of strings (``Ajoute(m.Destinataire, x)``, ``[i]``,
  ``..Occurrence``); assigning a plain string writes element 1 (decision 17), an array replaces
  the content;
* ``attachments``: an array of ``emailAttache`` objects; reading ``Attache[n]`` past the end adds
  empty attachments, so the documented ``m.Attache[1].Contenu = …`` works on a new message;
* ``count``: a legacy ``Nb…`` counter, unset (every non-empty entry is used) until assigned.

Passwords and tokens never appear in ``wl_str``/``wl_display``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from typing import Any, ClassVar

from wlmail.catalog import Entry, get_catalog
from wlmail.runtime.proptypes import checked
from wlmail.runtime.types import SCALARS
from wlmail.runtime.values import (
    WLArray,
    WLDateTime,
    WLFault,
    display,
    to_int,
    to_str,
)

__all__ = [
    "EmailAttachObject",
    "EmailObject",
    "EmailStructure",
    "HostObject",
    "SMTPSessionObject",
    "SessionObject",
    "schema",
]

MASK = "****"


class _Shown:
    """A text ``wl_display`` shows as is (no quotes): a masked secret, a byte count."""

    def __init__(self, text: str) -> None:
        self.text = text

    def wl_display(self) -> str:
        return self.text

    def wl_str(self) -> str:
        return self.text


MASKED = _Shown(MASK)


@cache
def schema(type_id: str) -> dict[str, Entry]:
    """Properties of a catalog type, keyed by property id (the part after the dot)."""
    return {e.id.partition(".")[2]: e for e in get_catalog().props_of(type_id)}


class MailArray(WLArray):
    """A growable array; with ``autogrow``, reading past the end adds empty elements."""

    __slots__ = ("autogrow",)

    def __init__(self, elem_type: str, coerce: Callable[[Any], Any], autogrow: bool) -> None:
        super().__init__(elem_type, [], (), True, coerce)
        self.autogrow = autogrow

    def get(self, *idx: Any) -> Any:
        if self.autogrow and len(idx) == 1:
            pos = to_int(idx[0])
            if pos > len(self.items):
                self.items.extend(self.coerce(None) for _ in range(pos - len(self.items)))
        return super().get(*idx)

    def copy(self) -> MailArray:
        new = MailArray(self.elem_type, self.coerce, self.autogrow)
        new.items = [_copy_item(v) for v in self.items]
        return new


def _copy_item(value: Any) -> Any:
    copier = getattr(value, "wl_copy", None)
    return copier() if copier is not None else value


def _string_item(value: Any) -> str:
    return to_str(value)


def _attach_item(value: Any) -> EmailAttachObject:
    if value is None:
        return EmailAttachObject()
    if isinstance(value, EmailAttachObject):
        copied: EmailAttachObject = value.wl_copy()
        return copied
    raise WLFault("wrong_type", expected="emailAttache", value=to_str(value))


def _datetime(value: Any) -> dt.datetime | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    coerced: WLDateTime = SCALARS["datetime"][0](value)
    return coerced.value


_SCALAR = {"string", "int", "bool", "buffer"}


class HostObject:
    """Values of one object's catalog properties, with WLangage member access."""

    wl_type: ClassVar[str] = ""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.lang = "fr"
        for pid, entry in schema(self.wl_type).items():
            self.values[pid] = self._initial(entry)

    # ---- values -----------------------------------------------------------------------------
    def _initial(self, entry: Entry) -> Any:
        kind = entry.vtype
        if kind == "strings":
            return MailArray("string", _string_item, autogrow=self._autogrow_strings)
        if kind == "attachments":
            return MailArray("emailattache", _attach_item, autogrow=True)
        if kind in _SCALAR:
            default = entry.default
            return SCALARS[kind][1]() if default is None else SCALARS[kind][0](default)
        return entry.default

    _autogrow_strings: ClassVar[bool] = False

    def get(self, pid: str) -> Any:
        value = self.values[pid]
        if isinstance(value, dt.datetime):
            return WLDateTime(value)
        if value is None and schema(self.wl_type)[pid].vtype in ("datetime", "string"):
            return ""
        if value is None and schema(self.wl_type)[pid].vtype == "count":
            return self.count_default(pid)
        return value

    def set(self, pid: str, value: Any) -> None:
        kind = schema(self.wl_type)[pid].vtype
        current = self.values[pid]
        if isinstance(current, WLArray):
            if isinstance(value, WLArray):
                current.items = [current.coerce(_copy_item(v)) for v in value.items]
            else:
                current.set(value, 1)  # decision 17: no index means element 1
        elif kind in _SCALAR:
            self.values[pid] = SCALARS[kind][0](value)
        elif kind == "datetime":
            self.values[pid] = _datetime(value)
        elif kind == "count":
            self.values[pid] = None if value is None else max(0, to_int(value))
        else:
            self.values[pid] = value

    def count_default(self, pid: str) -> int:
        return 0

    def strings(self, pid: str) -> list[str]:
        return [to_str(v) for v in self.values[pid].items]

    # ---- interpreter protocol ---------------------------------------------------------------
    def type_name(self, lang: str | None = None) -> str:
        return get_catalog().types[self.wl_type].name(lang or self.lang)

    def _entry(self, rt: Any, key: str, name: str) -> Entry:
        self.lang = rt.lang
        entry: Entry | None = rt.catalog.prop(self.wl_type, key)
        if entry is None:
            raise WLFault("unknown_member", name=name, owner=self.type_name())
        return entry

    def wl_get(self, rt: Any, key: str, name: str) -> Any:
        entry = self._entry(rt, key, name)
        return self.get(entry.id.partition(".")[2])

    def wl_set(self, rt: Any, key: str, name: str, value: Any) -> None:
        entry = self._entry(rt, key, name)
        if entry.read_only:
            raise WLFault("read_only_member", name=name)
        self.set(entry.id.partition(".")[2], checked(entry, value, rt.lang))

    def wl_copy(self) -> Any:
        new = type(self).__new__(type(self))
        HostObject.__init__(new)
        new.lang = self.lang
        for pid, value in self.values.items():
            new.values[pid] = value.copy() if isinstance(value, MailArray) else value
        return new

    def _shown_props(self) -> list[tuple[str, Any]]:
        """(display name, value) of every property that differs from its initial value."""
        shown: list[tuple[str, Any]] = []
        for pid, entry in schema(self.wl_type).items():
            value = self.values[pid]
            if isinstance(value, WLArray):
                if not value.items:
                    continue
            elif value == self._initial(entry) or value is None:
                continue
            shown.append((entry.name(self.lang), self._display_value(pid, value)))
        return shown

    def _display_value(self, pid: str, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return WLDateTime(value)
        return value

    def wl_display(self) -> str:
        inner = ", ".join(f"{name}={display(value)}" for name, value in self._shown_props())
        return f"{self.type_name()}({inner})"

    def __repr__(self) -> str:
        return self.wl_display()


class EmailAttachObject(HostObject):
    """``emailAttache``/``emailAttach``: one attachment (name, bytes, type, inline id)."""

    wl_type = "email_attach"

    def get(self, pid: str) -> Any:
        if pid == "size":
            return len(self.values["content"])
        return super().get(pid)

    def _display_value(self, pid: str, value: Any) -> Any:
        if pid == "content":
            unit = "bytes" if self.lang == "en" else "octets"
            return _Shown(f"<{len(value)} {unit}>")
        return super()._display_value(pid, value)

    def wl_str(self) -> str:
        return to_str(self.values["name"])


class EmailObject(HostObject):
    """``Email`` (typed variable): one message, its source and its send identifiers."""

    wl_type = "email"

    def __init__(self) -> None:
        super().__init__()
        #: last EmailConstruitSource result: (MailSpec, Source text, MessageStream) — sent as is
        #: while neither the message nor its Source changed
        self.built: tuple[Any, str, Any] | None = None
        #: the Message-ID wlmail generated (regenerated when the message changes)
        self.generated_mid = ""
        #: (receive session, number) of the mailbox message this Email was read from, if any
        self.origin: tuple[Any, int] | None = None

    def wl_copy(self) -> Any:
        new = super().wl_copy()
        new.built, new.generated_mid, new.origin = self.built, self.generated_mid, self.origin
        return new

    def reset(self) -> None:
        HostObject.__init__(self)
        self.built, self.generated_mid, self.origin = None, "", None

    def wl_str(self) -> str:
        return _summary(self, self.lang)


class EmailStructure(HostObject):
    """The legacy global ``Email`` structure (one per run): arrays plus ``Nb…`` counters."""

    wl_type = "email_structure"
    _autogrow_strings = True

    #: counter property → the array it limits
    COUNTERS: ClassVar[dict[str, str]] = {
        "nb_recipient": "recipient",
        "nb_cc": "cc",
        "nb_bcc": "bcc",
        "nb_attach": "attach",
    }

    def __init__(self) -> None:
        super().__init__()
        self.built: tuple[Any, str, Any] | None = None
        self.generated_mid = ""
        self.origin: tuple[Any, int] | None = None
        #: (name, content) of the attachments of the message read last: Attache[i] holds names
        #: only, EmailSauveFichierAttaché saves a content
        self.received: list[tuple[str, bytes]] = []

    def count_default(self, pid: str) -> int:
        array = self.values[self.COUNTERS[pid]]
        return sum(1 for v in array.items if to_str(v).strip())

    def used(self, pid: str) -> list[str]:
        """Entries of an array the counters let through (decision 17)."""
        items = self.strings(pid)
        counter = next((c for c, a in self.COUNTERS.items() if a == pid), None)
        limit = self.values[counter] if counter is not None else None
        if limit is None:
            return [v for v in items if v.strip()]
        return items[:limit]

    def reset(self) -> None:
        HostObject.__init__(self)
        self.built, self.generated_mid, self.origin = None, "", None
        self.received = []

    def wl_str(self) -> str:
        return _summary(self, self.lang)


class SessionObject(HostObject):
    """A mail session variable (SMTP, POP3, IMAP): its settings plus the live session, which a
    copy shares; the password and the token are never shown."""

    def __init__(self) -> None:
        super().__init__()
        self.live: Any = None  # the open session (builtins.mail / builtins.receive) or None

    def wl_copy(self) -> Any:
        new = super().wl_copy()
        new.live = self.live  # a copy designates the same open connection
        return new

    def _display_value(self, pid: str, value: Any) -> Any:
        if pid == "password" and value:
            return MASKED
        if pid == "auth_token" and value is not None:
            return MASKED
        return super()._display_value(pid, value)

    def wl_display(self) -> str:
        text = super().wl_display()
        state = _open_word(self.live is not None, self.lang)
        return f"{text} [{state}]"

    def shown_port(self) -> int:
        return to_int(self.values["port"])

    def wl_str(self) -> str:
        user = to_str(self.values["name"])
        where = f"{to_str(self.values['server_address'])}:{self.shown_port()}"
        who = f"{user}@{where}" if user else where
        return f"{self.type_name()} {who} ({_open_word(self.live is not None, self.lang)})"


class SMTPSessionObject(SessionObject):
    """``emailSessionSMTP``/``emailSMTPSession``."""

    wl_type = "email_smtp_session"


def _open_word(is_open: bool, lang: str) -> str:
    if lang == "en":
        return "open" if is_open else "closed"
    return "ouverte" if is_open else "fermée"


def _summary(obj: HostObject, lang: str) -> str:
    sender = to_str(obj.values["sender"]) or to_str(obj.values.get("sender_address", ""))
    to = ", ".join(v for v in obj.strings("recipient") if v.strip())
    subject = to_str(obj.values["subject"])
    if lang == "en":
        return f'Email from {sender or "?"} to {to or "?"}: "{subject}"'
    return f"Email de {sender or '?'} à {to or '?'} : « {subject} »"
