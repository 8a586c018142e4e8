"""The asyncio POP3 client (``wlmail/mail/pop3.py``) against the private Dovecot and a server
that misbehaves: STLS, USER/PASS, STAT/LIST/UIDL/RETR/TOP with dot-unstuffing, deletions only
committed by QUIT, wrong password, and a server that drops the connection in the middle of RETR.
"""

from __future__ import annotations

import asyncio
import ssl

import pytest
from dovecot import BIND, HOST, Dovecot

from wlmail.mail.pop3 import POP3Client, POP3Failure

MESSAGES = [
    b"From: a@exemple.fr\r\nSubject: un\r\n\r\n.ligne qui commence par un point\r\nfin\r\n",
    b"From: b@exemple.fr\r\nSubject: deux\r\n\r\n..\r\n.\r\n",
]


async def _client(port: int, trace: list[str] | None = None) -> POP3Client:
    reader, writer = await asyncio.open_connection(BIND, port)
    client = POP3Client(
        reader, writer, timeout=5, trace=trace.append if trace is not None else None
    )
    await client.greeting()
    await client.capa()
    return client


def test_read_everything_then_delete_only_on_quit(
    dovecot: Dovecot, context: ssl.SSLContext
) -> None:
    dovecot.clear("alice")
    for data in MESSAGES:
        dovecot.deliver("alice", data)
    trace: list[str] = []

    async def session(commit: bool) -> tuple[tuple[int, int], list[bytes], list[bytes]]:
        client = await _client(dovecot.ports["pop3"], trace)
        await client.starttls(context, HOST)
        await client.login("alice", "secret")
        stat = await client.stat()
        sources = [await client.retr(n) for n, _ in await client.listing("UIDL")]
        heads = [await client.top(n) for n, _ in await client.listing("LIST")]
        await client.dele(1)
        if commit:
            await client.goodbye()
        client.abort()
        return stat, sources, heads

    stat, sources, heads = asyncio.run(session(commit=False))
    assert stat == (2, sum(map(len, MESSAGES)))
    assert sources == MESSAGES
    assert heads == [data.split(b"\r\n\r\n")[0] + b"\r\n\r\n" for data in MESSAGES]
    assert "C: PASS ****" in trace and not any("secret" in line for line in trace)
    assert len(dovecot.messages("alice")) == 2  # dropped without QUIT: nothing deleted
    asyncio.run(session(commit=True))
    assert len(dovecot.messages("alice")) == 1


def test_wrong_password_is_an_auth_failure(dovecot: Dovecot) -> None:
    async def session() -> None:
        client = await _client(dovecot.ports["pop3"])
        try:
            await client.login("alice", "wrong")
        finally:
            client.abort()

    with pytest.raises(POP3Failure) as caught:
        asyncio.run(session())
    assert caught.value.kind == "auth" and "Authentication failed" in caught.value.reply


def test_a_server_that_drops_mid_retr_is_a_failure_not_a_hang() -> None:
    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"+OK ready\r\n")
        while line := await reader.readline():
            if line.startswith(b"CAPA"):
                writer.write(b"-ERR no\r\n")
            elif line.startswith(b"RETR"):
                writer.write(b"+OK 900 octets\r\nFrom: a@b.fr\r\nSubject: cut")
                await writer.drain()
                writer.close()
                return
            else:
                writer.write(b"+OK\r\n")
            await writer.drain()

    async def session() -> None:
        server = await asyncio.start_server(serve, BIND, 0)
        try:
            client = await _client(server.sockets[0].getsockname()[1])
            try:
                await client.login("a", "b")
                await client.retr(1)
            finally:
                client.abort()
        finally:
            server.close()

    with pytest.raises(POP3Failure) as caught:
        asyncio.run(session())
    assert (caught.value.kind, caught.value.fields["stage"]) == ("disconnected", "RETR")
