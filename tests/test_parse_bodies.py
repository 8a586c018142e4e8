"""The text and HTML bodies read from a received message are the parts Python's own
``EmailMessage.get_body`` chooses (differential test over the structures real mail has), and
their text is decoded by the part's charset."""

from __future__ import annotations

from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage

import pytest

from wlmail.mail.parse import parse_source

HEAD = b"From: a@exemple.fr\r\nTo: b@exemple.fr\r\nSubject: s\r\nMIME-Version: 1.0\r\n"


def part(ctype: str, body: str, extra: str = "") -> str:
    return f"Content-Type: {ctype}\r\n{extra}\r\n{body}\r\n"


def multipart(subtype: str, *parts: str, params: str = "") -> str:
    b = f"b-{subtype}-{len(parts)}-{abs(hash(parts)) % 1000}"
    inner = "".join(f"--{b}\r\n{p}" for p in parts)
    return f'Content-Type: multipart/{subtype}; boundary="{b}"{params}\r\n\r\n{inner}--{b}--\r\n'


PLAIN, HTML = part("text/plain; charset=utf-8", "texte"), part("text/html", "<p>html</p>")
ATTACHED_TXT = part("text/plain", "pièce", 'Content-Disposition: attachment; filename="a.txt"\r\n')
IMAGE = part(
    "image/png", "iVBORw0KGgo=", "Content-Transfer-Encoding: base64\r\nContent-ID: <i1>\r\n"
)

STRUCTURES = {
    "plain": PLAIN,
    "alternative": multipart("alternative", PLAIN, HTML),
    "mixed with an attachment first": multipart("mixed", ATTACHED_TXT, PLAIN),
    "alternative in mixed": multipart("mixed", multipart("alternative", PLAIN, HTML), IMAGE),
    "related html": multipart("related", HTML, IMAGE),
    "related with start": multipart(
        "related",
        part("text/plain", "pas le depart", "Content-ID: <other>\r\n"),
        part("text/plain", "depart", "Content-ID: <start>\r\n"),
        params='; start="<start>"',
    ),
    "alternative of related": multipart("alternative", PLAIN, multipart("related", HTML, IMAGE)),
    "only an attachment": multipart("mixed", ATTACHED_TXT),
    "inline disposition": part("text/plain", "en ligne", "Content-Disposition: inline\r\n"),
}


@pytest.mark.parametrize("name", list(STRUCTURES))
def test_bodies_are_those_get_body_chooses(name: str) -> None:
    raw = HEAD + STRUCTURES[name].encode()
    reference = message_from_bytes(raw, policy=email_policy.default)
    assert isinstance(reference, EmailMessage)
    spec = parse_source(raw)
    for subtype, got in (("plain", spec.text), ("html", spec.html)):
        chosen = reference.get_body((subtype,))
        expected = "" if chosen is None else chosen.get_content().replace("\r\n", "\n")
        assert got == expected.removesuffix("\n"), subtype


@pytest.mark.parametrize(
    ("ctype", "data", "text"),
    [
        ("text/plain; charset=iso-8859-1", "relev\u00e9".encode("latin-1"), "relevé"),
        ("text/plain; charset=windows-1252", "\u20ac 5".encode("cp1252"), "€ 5"),
        ("text/plain", "été".encode(), "été"),  # 8-bit without a charset: UTF-8
        ("text/plain; charset=x-unknown", "été".encode(), "été"),
    ],
)
def test_body_charsets(ctype: str, data: bytes, text: str) -> None:
    raw = HEAD + f"Content-Type: {ctype}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n".encode() + data
    assert parse_source(raw).text == text


def test_quoted_printable_and_base64_bodies() -> None:
    qp = HEAD + b"Content-Type: text/plain; charset=utf-8\r\n"
    qp += b"Content-Transfer-Encoding: quoted-printable\r\n\r\nrelev=C3=A9 =\r\nsuite\r\n"
    assert parse_source(qp).text == "relevé suite"
    b64 = HEAD + b"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n"
    b64 += b"\r\nPHA+w6l0w6k8L3A+\r\n"
    assert parse_source(b64).html == "<p>été</p>"
