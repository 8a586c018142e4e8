"""The asyncio IMAP client (``wlmail/mail/imap.py``) against the private Dovecot: STARTTLS (the
capabilities asked again once encrypted), LOGIN with the password masked in the trace, SELECT,
UID SEARCH, UID FETCH of headers and bodies (literals), a 3,000-message listing in one response
(where aioimaplib 2.0.3 fails with RecursionError), STORE + EXPUNGE, and NO as a failure.
"""

from __future__ import annotations

import asyncio
import ssl

import pytest
from dovecot import BIND, HOST, Dovecot

from wlmail.mail.imap import IMAPClient, IMAPFailure, parse_list, quote


def message(n: int) -> bytes:
    return b"From: a@exemple.fr\r\nSubject: m%d\r\n\r\ncorps %d\r\n" % (n, n)


def test_parse_list_reads_nested_lists_quoted_strings_nil_and_literals() -> None:
    chunks = [
        b"* 3 FETCH (UID 7 FLAGS (\\Seen $Work) BODY[HEADER.FIELDS (SUBJECT)] ",
        b' X NIL "a\\"b")',
    ]
    assert parse_list(chunks, [b"S: x\r"]) == [
        b"*",
        b"3",
        b"FETCH",
        [
            b"UID",
            b"7",
            b"FLAGS",
            [b"\\Seen", b"$Work"],
            b"BODY[HEADER.FIELDS (SUBJECT)]",
            b"S: x\r",
            b"X",
            None,
            b'a"b',
        ],
    ]
    assert quote("alice") == "alice" and quote('mot "de" passe') == '"mot \\"de\\" passe"'


def test_a_session_on_dovecot(dovecot: Dovecot, context: ssl.SSLContext) -> None:
    dovecot.clear("alice")
    for n in range(3000):
        dovecot.deliver("alice", message(n), seen=n % 2 == 0)
    trace: list[str] = []

    async def session() -> None:
        reader, writer = await asyncio.open_connection(BIND, dovecot.ports["imap"])
        client = IMAPClient(reader, writer, timeout=30, trace=trace.append)
        try:
            await client.greeting()
            await client.starttls(context, HOST)
            assert "AUTH=PLAIN" in client.capabilities
            await client.login("alice", "secret")
            assert await client.select("INBOX") == 3000
            unseen = await client.uid_search("UNSEEN")
            assert len(unseen) == 1500 and unseen[:2] == [2, 4]
            heads = await client.uid_fetch("1:*", "(UID FLAGS BODY.PEEK[HEADER])")
            assert len(heads) == 3000
            assert heads[1][b"BODY[HEADER]"] == b"From: a@exemple.fr\r\nSubject: m0\r\n\r\n"
            assert b"\\Seen" in heads[1][b"FLAGS"] and b"\\Seen" not in heads[2][b"FLAGS"]
            body = await client.uid_fetch("2", "(UID BODY.PEEK[])")
            assert body[2][b"BODY[]"] == message(1)
            assert 2 in await client.uid_search("UNSEEN")  # PEEK changes no flag
            await client.uid_store("2", "+FLAGS", "\\Deleted")
            await client.expunge()
            assert await client.select("INBOX") == 2999
            with pytest.raises(IMAPFailure) as caught:
                await client.select("Absent")
            assert caught.value.kind == "refused" and "doesn't exist" in caught.value.reply
            await client.goodbye()
        finally:
            client.abort()

    asyncio.run(session())
    assert any(line.endswith("LOGIN ****") for line in trace)
    assert not any("secret" in line for line in trace)
    assert len(dovecot.messages("alice")) == 2999


def test_wrong_password_is_an_auth_failure(dovecot: Dovecot) -> None:
    async def session() -> None:
        reader, writer = await asyncio.open_connection(BIND, dovecot.ports["imap"])
        client = IMAPClient(reader, writer, timeout=10)
        try:
            await client.greeting()
            await client.login("alice", "wrong")
        finally:
            client.abort()

    with pytest.raises(IMAPFailure) as caught:
        asyncio.run(session())
    assert caught.value.kind == "auth"
