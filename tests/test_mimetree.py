"""The MIME tree of a received message (wlmail/mail/mimetree.py) splits and decodes parts as
Python's ``email`` package does (differential test), malformed input included, without copying
bodies; and a 30 MiB message read from Dovecot keeps its attachment byte for byte."""

from __future__ import annotations

import base64
import hashlib
import os
from email import message_from_bytes
from email import policy as email_policy
from email.message import Message
from pathlib import Path

import pytest
from dovecot import Dovecot
from test_receive import run

from wlmail.mail import mimetree


def email_leaves(msg: Message) -> list[tuple[str, bytes]]:
    if msg.is_multipart():
        return [leaf for sub in msg.get_payload() for leaf in email_leaves(sub)]
    payload = msg.get_payload(decode=True)
    return [(msg.get_content_type(), payload if isinstance(payload, bytes) else b"")]


def tree_leaves(part: mimetree.Part) -> list[tuple[str, bytes]]:
    if part.multipart:
        return [leaf for sub in part.parts for leaf in tree_leaves(sub)]
    return [(part.headers.get_content_type(), mimetree.decoded(part))]


B64 = base64.encodebytes(os.urandom(3000)).replace(b"\n", b"\r\n")
CASES = {
    "nested": (
        b'Content-Type: multipart/mixed; boundary="outer"\r\n\r\npreamble\r\n--outer\r\n'
        b'Content-Type: multipart/alternative; boundary="inner"\r\n\r\n--inner\r\n'
        b"Content-Type: text/plain\r\n\r\nun\r\n--inner\r\nContent-Type: text/html\r\n\r\n"
        b"<p>deux</p>\r\n--inner--\r\n--outer\r\nContent-Type: application/octet-stream\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + B64 + b"--outer--\r\nepilogue\r\n"
    ),
    "missing closing delimiter": (
        b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain\r\n'
        b"\r\nun\r\n--B\r\nContent-Type: text/plain\r\n\r\ndeux, sans fin\r\n"
    ),
    "no delimiter at all": b'Content-Type: multipart/mixed; boundary="B"\r\n\r\nrien\r\n',
    "a line that only starts like the delimiter": (
        b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain\r\n'
        b"\r\n--Bob est la\r\nx--B\r\n--B--\r\n"
    ),
    "bare LF line ends": (
        b'Content-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: text/plain\n\nun\n'
        b"--B\nContent-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\n"
        b"d=C3=A9j=\n=C3=A0\n--B--\n"
    ),
    "empty part and transport padding": (
        b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B  \r\n\r\n--B\r\n'
        b"Content-Type: text/plain\r\n\r\nfin\r\n--B-- \r\n"
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_leaves_as_the_email_package_reads_them(name: str) -> None:
    data = b"From: a@exemple.fr\r\nMIME-Version: 1.0\r\n" + CASES[name]
    reference = message_from_bytes(data, policy=email_policy.compat32)
    assert tree_leaves(mimetree.split(data)) == email_leaves(reference)


def test_deep_nesting_is_bounded() -> None:
    depth = mimetree.MAX_DEPTH + 20
    data = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
        for i in range(depth)
    )
    tree = mimetree.split(data + b"Content-Type: text/plain\r\n\r\nfond\r\n")
    levels = 0
    while tree.parts:
        tree, levels = tree.parts[0], levels + 1
    assert levels == mimetree.MAX_DEPTH


def test_bodies_are_slices_of_the_received_bytes() -> None:
    data = b"From: a@exemple.fr\r\nMIME-Version: 1.0\r\n" + CASES["nested"]
    leaf = mimetree.split(data).parts[1]
    assert leaf.data is data
    assert leaf.body.obj is data


def test_a_30_mib_message_keeps_its_attachment(
    dovecot: Dovecot, cafile: str, tmp_path: Path
) -> None:
    attachment = os.urandom(22 * 1024 * 1024)
    encoded = base64.encodebytes(attachment).replace(b"\n", b"\r\n")
    dovecot.clear("alice")
    dovecot.deliver(
        "alice",
        b"From: bob@exemple.fr\r\nTo: alice@exemple.fr\r\nSubject: gros\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain\r\n'
        b"\r\nCi-joint.\r\n--B\r\nContent-Type: application/pdf\r\n"
        b'Content-Disposition: attachment; filename="relev=C3=A9.pdf"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + encoded + b"--B--\r\n",
    )
    out = tmp_path / "piece.pdf"
    for proto, port in (("IMAP", 993), ("POP3", 995)):
        result = run(
            dovecot,
            cafile,
            f"""
            EmailOuvreSession{proto}("alice", "secret", "imap.exemple.test", {port}, optionSSL)
            m est un Email
            EmailLitPremier("alice", m)
            Info(m.Message, m.Attache[1].Taille)
            Info(fSauveBuffer("{out}", m.Attache[1].Contenu))
            EmailFermeSession("alice")
            """,
        )
        assert (result.code, result.err) == (0, "")
        assert result.lines == ["Ci-joint.", str(len(attachment)), "1"]
        assert hashlib.sha256(out.read_bytes()).digest() == hashlib.sha256(attachment).digest()
