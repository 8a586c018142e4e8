"""The headers ``mime`` stores raw (without the ``email`` package's parse and refold) are written
byte for byte as the ``email`` package writes them: each shortcut against the long way."""

from datetime import UTC, datetime, timedelta, timezone
from email import policy as email_policy
from email.message import EmailMessage, MIMEPart

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wlmail.mail import mime_raw
from wlmail.mail.mime import MailSpec, build_message, render
from wlmail.mail.mime_raw import POLICY

#: the policy of built messages with CPython's own header registry (a new class per header)
STOCK = email_policy.SMTP.clone(refold_source="none")

HEADER_TEXT = st.lists(
    st.sampled_from([*map(chr, range(0x20, 0x7F)), "\t", "é", "=?", "?=", "  ", "abcdefghij"]),
    max_size=40,
).map("".join)
NAMES = st.sampled_from(["Subject", "Keywords", "X-Mailer", "Comments", "Sender", "To", "X-A"])


def _rendered(msg: EmailMessage) -> bytes:
    return msg.as_bytes(policy=POLICY)


@settings(max_examples=400, deadline=None)
@given(NAMES, HEADER_TEXT)
def test_a_header_stored_raw_is_written_as_the_email_package_writes_it(
    name: str, value: str
) -> None:
    ours, stock = EmailMessage(policy=POLICY), EmailMessage(policy=STOCK)
    try:
        stock[name] = value
    except Exception as exc:  # (an address header's parser may raise anything)
        with pytest.raises(type(exc)):
            mime_raw.set_header(ours, name, value)
        return
    mime_raw.set_header(ours, name, value)
    assert _rendered(ours) == _rendered(stock)


@pytest.mark.parametrize("value", ["", " ", "a" * 68, "a" * 69, "a" * 70, "x  y", " x", "=?x?="])
def test_edges_of_the_raw_headers(value: str) -> None:
    ours, stock = EmailMessage(policy=POLICY), EmailMessage(policy=STOCK)
    stock["Subject"] = value
    mime_raw.set_header(ours, "Subject", value)
    assert _rendered(ours) == _rendered(stock)


def test_a_second_unique_header_is_still_refused() -> None:
    msg = EmailMessage(policy=POLICY)
    mime_raw.set_header(msg, "Subject", "one")
    with pytest.raises(ValueError):
        mime_raw.set_header(msg, "Subject", "two")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "Z", " ", ".", "\r", "\n", "\t", "=", "é", "€", "x" * 40])).map(
        "".join
    ),
    st.sampled_from(["plain", "html"]),
)
def test_a_text_part_is_what_set_content_makes(body: str, subtype: str) -> None:
    ours = mime_raw.text_part(body, subtype)
    lines = body.splitlines() or [""]
    plain = body.isascii() and max(map(len, lines)) <= 78
    stock = MIMEPart(policy=STOCK)
    cte = "7bit" if plain else "quoted-printable"
    stock.set_content(body, subtype, charset="utf-8", cte=cte)
    assert ours.as_bytes(policy=POLICY) == stock.as_bytes(policy=POLICY)


@pytest.mark.parametrize(
    "when",
    [
        datetime(2026, 12, 7, 11, 50, 55, tzinfo=UTC),
        datetime(2026, 1, 2, 3, 4, 5, 999, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
        datetime(1000, 1, 1, tzinfo=timezone(timedelta(hours=14))),
        datetime(50, 1, 1, tzinfo=UTC),  # the parser reads it as 1950: kept the long way
        datetime(2026, 6, 1, 12, 0, 0),  # naive: local time
        None,
    ],
)
def test_the_date_is_what_the_date_header_writes(when: datetime | None) -> None:
    ours, stock = EmailMessage(policy=POLICY), EmailMessage(policy=STOCK)
    mime_raw.set_date(ours, when)
    stock["Date"] = ours["Date"] if when is None else mime_raw.date_text(when)
    assert _rendered(ours) == _rendered(stock)


def test_a_whole_message_is_unchanged_by_the_shortcuts() -> None:
    """(A long ASCII header is encoded by the ``email`` package's folder: not a shortcut.)"""
    spec = MailSpec(
        sender="Équipe <equipe@exemple.fr>",
        to=["client1@exemple.fr"],
        subject="Votre relevé",
        text="Bonjour,\r\nvoici.",
        date=datetime(2026, 12, 7, 11, 50, 55, tzinfo=UTC),
        message_id="<1@exemple.fr>",
        categories=["a", "b c"],
        priority=1,
        extra_headers=[("X-Mailer", "wlmail"), ("X-Mailer", "twice"), ("X-Long", "v" * 90)],
    )
    assert render(build_message(spec)[0]) == (
        b"Date: Mon, 07 Dec 2026 11:50:55 +0000\r\n"
        b"From: =?utf-8?q?=C3=89quipe?= <equipe@exemple.fr>\r\n"
        b"To: client1@exemple.fr\r\n"
        b"Subject: =?utf-8?q?Votre_relev=C3=A9?=\r\n"
        b"Message-ID: <1@exemple.fr>\r\n"
        b"X-Priority: 1 (Highest)\r\n"
        b"Importance: high\r\n"
        b"Keywords: a, b c\r\n"
        b"X-Mailer: wlmail\r\n"
        b"X-Mailer: twice\r\n"
        b"X-Long: =?utf-8?q?vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv?=\r\n"
        b" =?utf-8?q?vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv?=\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: text/plain; charset="utf-8"\r\n'
        b"Content-Transfer-Encoding: 7bit\r\n"
        b"\r\n"
        b"Bonjour,\r\nvoici.\r\n"
    )
