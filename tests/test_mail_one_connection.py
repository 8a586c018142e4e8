"""1000 messages in one session use one connection and one EHLO (decision 18).

Speed is measured by ``benchmarks/bench.py`` (side by side with an aiosmtplib loop), never here.
"""

from __future__ import annotations

from collections.abc import Iterator

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


def test_thousand_messages_one_connection(server: tuple[ServerThread, ScriptedSMTP]) -> None:
    _thread, srv = server
    result = run_wl(SCRIPT, connect_to=[("smtp.exemple.test", 25, "127.0.0.1", srv.port)])
    assert result.lines == [str(COUNT)], result.err
    assert srv.connections == 1 and len(srv.messages) == COUNT
    assert srv.commands.count("EHLO") == 1
