"""XOAUTH2 on POP3 and IMAP (issue 12 §1): a WLangage script logs in with AuthIdentifie against
the OAuth test provider (oauth2-mock-server, tests/oauth_peer), then opens POP3 and IMAP sessions
on the private Dovecot with the AuthToken. Dovecot checks the bearer token with its own oauth2
passdb, which asks the provider's RFC 7662 introspection endpoint whether the token is live and
whose it is (the provider knows the tokens it issued): a token it never issued is refused.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import trustme
from dovecot import BIND, HOST, Dovecot, require
from test_oauth_flow import Peer, follower, free_port, params_wl, wl


@pytest.fixture(scope="module")
def peer() -> Iterator[Peer]:
    server = Peer("--port", "0")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def dovecot(ca: trustme.CA, peer: Peer) -> Iterator[Dovecot]:
    require()
    assert peer.introspection, "the test peer reports no introspection endpoint"
    server = Dovecot(ca, introspection=peer.introspection).start()
    server.deliver("alice", b"From: bob@exemple.fr\r\nSubject: par jeton\r\n\r\ncorps\r\n")
    yield server
    server.stop()


def test_pop3_and_imap_log_in_with_an_auth_token(peer: Peer, dovecot: Dovecot, cafile: str) -> None:
    script = (
        params_wl(peer, f"http://127.0.0.1:{free_port()}/")
        + """
t est un AuthToken = AuthIdentifie(p)
pop est une emailSessionPOP3
pop.AdresseServeur = "imap.exemple.test"
pop.Nom = "alice"
pop.Option = optionSSL
pop.AuthToken = t
imap est une emailSessionIMAP
imap.AdresseServeur = "imap.exemple.test"
imap.Nom = "alice"
imap.Option = emailOptionSécuriséTLS
imap.AuthToken = t
SI EmailOuvreSession(pop) ALORS
    EmailLitPremier(pop)
    Info("POP3 : " + Email.Sujet)
    EmailFermeSession(pop)
SINON
    Info(ErreurInfo())
FIN
SI EmailOuvreSession(imap) ALORS
    Info("IMAP : " + EmailRécupèreTout(imap)[1].Sujet)
    EmailFermeSession(imap)
SINON
    Info(ErreurInfo())
FIN
pop.AuthToken = "jeton-inventé"
SI PAS EmailOuvreSession(pop) ALORS Info(ErreurInfo())
"""
    )
    ports = dovecot.ports
    routes = [(HOST, 995, BIND, ports["pop3s"]), (HOST, 143, BIND, ports["imap"])]
    peer.take_events()
    code, out, err = wl(
        script, oauth_browser=follower(), oauth_timeout=10, connect_to=routes, cafile=cafile
    )
    assert code == 0, err
    shown = err.splitlines()  # the two documented lines of a login, nothing else
    assert len(shown) == 2, err
    assert shown[0].startswith("Pour autoriser l'accès, ouvrez cette adresse dans un navigateur")
    assert shown[1].startswith("En attente de la réponse sur http://127.0.0.1:")
    assert out.splitlines() == [
        "POP3 : par jeton",
        "IMAP : par jeton",
        "authentification refusée par le serveur POP3 imap.exemple.test : "
        "[AUTH] Authentication failed.",
    ]
    checks = [e["active"] for e in peer.take_events() if e.get("event") == "introspect"]
    assert checks == [True, True, False]


def test_an_invented_token_on_imap_is_an_auth_refusal(
    peer: Peer, dovecot: Dovecot, cafile: str
) -> None:
    """Dovecot answers a refused XOAUTH2 with a JSON challenge first: the client ends it and
    reports the refusal, not a protocol error."""
    code, out, err = wl(
        """
        s est une emailSessionIMAP
        s.AdresseServeur = "imap.exemple.test"
        s.Nom = "alice"
        s.AuthToken = "jeton-inventé"
        SI PAS EmailOuvreSession(s) ALORS Info(ErreurInfo())
        """.replace("        ", ""),
        connect_to=[(HOST, 143, BIND, dovecot.ports["imap"])],
        cafile=cafile,
    )
    assert (code, err) == (0, "")
    assert out.startswith("authentification refusée par le serveur IMAP imap.exemple.test : "), out
