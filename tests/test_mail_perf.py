"""1000 messages in one session use one connection (decision 18), at a sane speed.

The same 1000 messages are also sent by a hand-written aiosmtplib loop to the same server, and
both wall times are printed (``pytest -s``) for the record; only a loose bound is asserted.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from email.message import EmailMessage

import aiosmtplib
import pytest
from mail_support import ScriptedSMTP, ServerThread, run_wl

COUNT = 1000

SCRIPT = f"""
s est un emailSessionSMTP
s.AdresseServeur = "smtp.exemple.test"
SI PAS EmailOuvreSession(s) ALORS
    Info(ErreurInfo())
    RETOUR
FIN
nEnvoyés est un entier
POUR i = 1 À {COUNT}
    m est un Email
    m.Expéditeur = "alice@exemple.fr"
    m.Destinataire = "bob@exemple.fr"
    m.Sujet = "Message n° " + i
    m.Message = "Bonjour, voici le message " + i
    SI EmailEnvoieMessage(s, m) ALORS nEnvoyés++ SINON Info(ErreurInfo())
FIN
EmailFermeSession(s)
Info(nEnvoyés)
"""


@pytest.fixture
def server() -> Iterator[tuple[ServerThread, ScriptedSMTP]]:
    thread = ServerThread()
    srv = thread.call(ScriptedSMTP().start())
    yield thread, srv
    thread.call(srv.stop())
    thread.stop()


async def aiosmtplib_loop(port: int) -> None:
    smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, start_tls=False, local_hostname="x")
    async with smtp:
        for i in range(1, COUNT + 1):
            msg = EmailMessage()
            msg["From"] = "alice@exemple.fr"
            msg["To"] = "bob@exemple.fr"
            msg["Subject"] = f"Message n° {i}"
            msg.set_content(f"Bonjour, voici le message {i}")
            await smtp.send_message(msg)


def test_thousand_messages_one_connection(server: tuple[ServerThread, ScriptedSMTP]) -> None:
    _thread, srv = server
    started = time.perf_counter()
    result = run_wl(SCRIPT, connect_to=[("smtp.exemple.test", 25, "127.0.0.1", srv.port)])
    wlmail_time = time.perf_counter() - started
    assert result.lines == [str(COUNT)], result.err
    assert srv.connections == 1 and len(srv.messages) == COUNT
    assert srv.commands.count("EHLO") == 1

    srv.messages.clear()
    started = time.perf_counter()
    asyncio.run(aiosmtplib_loop(srv.port))
    raw_time = time.perf_counter() - started
    assert len(srv.messages) == COUNT
    print(f"\n{COUNT} messages, one connection: wlmail {wlmail_time:.2f} s, ", end="")
    print(f"aiosmtplib {raw_time:.2f} s")
    assert wlmail_time < 15
