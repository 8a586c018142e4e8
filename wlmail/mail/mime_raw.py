"""Headers and text parts written without the ``email`` package's parse-and-refold round, byte
for byte as it writes them (tests/test_mime_raw.py checks each against the long way).

Building a simple message spent most of its time in the ``email`` package parsing values it had
just been given and refolding them into the same bytes. Stored raw (``set_raw``) instead: a
short printable-ASCII unstructured value (:func:`set_header`), the Date ``format_datetime``
writes (:func:`set_date`), and a text part's Content-Type and Content-Transfer-Encoding
(:func:`text_part`, the payload made as ``set_content`` makes it). Header safety is not this
module's business: every value was checked (``mime.forbidden_char``) before it gets here, and
:data:`_PLAIN` admits no control character anyway.
"""

import re
from datetime import datetime
from email import policy as email_policy
from email import quoprimime
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import Message, MIMEPart
from email.utils import format_datetime

__all__ = ["MAX_LINE", "POLICY", "date_text", "set_date", "set_header", "text_part"]

MAX_LINE = 78
#: an unstructured value the ``email`` package writes back unchanged when it fits on its line:
#: printable ASCII words separated by single spaces, no encoded-word opener
_PLAIN = re.compile(r"(?!.*=\?)[\x21-\x7e]+(?: [\x21-\x7e]+)*")


class _Registry(HeaderRegistry):
    """CPython's header registry, making each header class once: its ``__getitem__`` creates a
    new class for every header set or parsed (a tenth of the time of building a message).

    The few values every built message repeats (``_SHARED``: read back by the generator to
    choose how to write a part) are parsed once and the header object shared: header objects
    are immutable strings."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type[BaseHeader]] = {}
        self._parsed: dict[tuple[str, str], BaseHeader] = {}

    def map_to_type(self, name: str, cls: type[BaseHeader]) -> None:
        self._made.clear()
        self._parsed.clear()
        super().map_to_type(name, cls)

    def __call__(self, name: str, value: str) -> BaseHeader:
        if type(value) is not str or (name, value) not in _SHARED:
            return super().__call__(name, value)
        header = self._parsed.get((name, value))
        if header is None:
            header = self._parsed[name, value] = super().__call__(name, value)
        return header

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = super().__getitem__(name)
        return made


_SHARED = frozenset(
    ("Content-Type", f'text/{subtype}; charset="utf-8"') for subtype in ("plain", "html")
) | frozenset(("Content-Transfer-Encoding", cte) for cte in ("7bit", "quoted-printable"))
_REGISTRY = _Registry()
POLICY = email_policy.SMTP.clone(refold_source="none", header_factory=_REGISTRY)
"""Policy of built messages and of ``render``: CRLF, 78-column folding, raw headers kept."""


def set_header(msg: Message, name: str, value: str) -> None:
    """``msg[name] = value``, stored raw when the ``email`` package would write it unchanged:
    an unstructured header (no parser of its own, one per message at most where it has a
    limit) holding a :data:`_PLAIN` value that fits on its line."""
    unstructured = name.lower() not in _REGISTRY.registry or name.lower() == "subject"
    fits = len(name) + 2 + len(value) <= MAX_LINE
    if unstructured and fits and name not in msg and _PLAIN.fullmatch(value):
        msg.set_raw(name, value)
    else:
        msg[name] = value


def set_date(msg: Message, value: datetime | None) -> None:
    when = value or datetime.now()
    text = date_text(when)
    if when.year >= 1000 and _PLAIN.fullmatch(text):  # what parsing it again gives back
        msg.set_raw("Date", text)
    else:
        msg["Date"] = text  # (years < 100 are read as 19xx/20xx by the parser)


def date_text(when: datetime) -> str:
    return format_datetime(when if when.tzinfo else when.astimezone())


def text_part(body: str, subtype: str) -> MIMEPart:
    lines = body.splitlines() or [""]
    plain = body.isascii() and max(map(len, lines)) <= MAX_LINE
    # what ``set_content(body, subtype, charset="utf-8", cte=…)`` makes, without parsing back
    # the headers it writes (tests/test_mime_raw.py compares the two)
    text = b"\n".join(body.encode("utf-8").splitlines()) + b"\n"
    part = MIMEPart(policy=POLICY)
    part.set_raw("Content-Type", f'text/{subtype}; charset="utf-8"')
    if plain:
        part.set_raw("Content-Transfer-Encoding", "7bit")
        part.set_payload(text.decode("ascii"))
    else:
        part.set_raw("Content-Transfer-Encoding", "quoted-printable")
        part.set_payload(quoprimime.body_encode(text.decode("latin-1"), MAX_LINE))
    return part
